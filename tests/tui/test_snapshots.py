"""Every scene of tests/tui/scenes.py, pictured at 80x24 and 120x40 (pytest-textual-snapshot).

The scenes are the ones scripts/screenshots.py renders: every tab of both roles, the login
steps and every dialog, against one real demo server for the module, with what moves on
its own pinned (see scenes.py). Update with ``pytest --snapshot-update``, then look at the
pictures you accepted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from tests.conftest import Live
from tests.tui.scene_kit import Scene, pictured_demo, pinned, run_scene_app
from tests.tui.scenes import SCENES

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(scope="module")
def pictured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    live = pictured_demo(tmp_path_factory.mktemp("pictured-demo"))
    yield live
    live.close()


@pytest.fixture(autouse=True)
def _pinned() -> Iterator[None]:
    with pinned():
        yield


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.name)
def test_screens(
    snap_compare: Callable[..., bool], pictured: Live, scene: Scene, size: tuple[int, int]
) -> None:
    app = run_scene_app(scene, pictured)
    assert snap_compare(app, terminal_size=size, run_before=scene.steps)
