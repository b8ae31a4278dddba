"""Regenerate screenshots/*.svg: every scene of tests/tui/scenes.py (the ones the snapshot
tests check), the real app against a real demo server, driven by keys.

Usage: .venv/bin/python scripts/screenshots.py [NAME ...]   (no names: every scene)

The demo server starts on a free loopback port with its data in a temporary directory;
the app sees it as its bundled server (so the login screen shows the demo code, as on a
fresh machine). What moves with time is pinned as in the snapshots, so the pictures
change only when the screens do.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"
SIZE = (120, 36)

sys.path.insert(0, str(ROOT))  # the scenes live beside the tests that check them

from tests.conftest import Live  # noqa: E402
from tests.tui.scene_kit import Scene, app_for_scene, pictured_demo, pinned  # noqa: E402
from tests.tui.scenes import SCENES  # noqa: E402


async def shoot(scene: Scene, home: Path, live: Live) -> None:
    os.environ["TALENTTUI_HOME"] = str(home / scene.name)
    app = await app_for_scene(scene, live)
    async with app.run_test(size=SIZE) as pilot:
        await scene.steps(pilot)
        app.save_screenshot(str(OUT / f"{scene.name}.svg"))
    print(f"screenshots/{scene.name}.svg")


async def main(names: list[str]) -> None:
    chosen = [scene for scene in SCENES if not names or scene.name in names]
    unknown = set(names) - {scene.name for scene in SCENES}
    if unknown:
        raise SystemExit(f"no such scene: {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.pop("TALENTTUI_SERVER", None)
        live = pictured_demo(Path(tmp) / "server")
        try:
            with pinned():
                for scene in chosen:
                    await shoot(scene, Path(tmp) / "homes", live)
        finally:
            live.close()


if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    asyncio.run(main(sys.argv[1:]))
