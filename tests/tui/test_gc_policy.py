"""The collector is held while a first screen is built and resumes once it is painted
(``tui/gc_policy.py``): the app's start and a login's shell make objects that are kept,
and walking them cost ~85 ms of a warm start and ~90 ms of the code to the feed."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

import pytest
from tests.conftest import Live
from tests.server.otp_helpers import latest_code
from tests.tui.conftest import JANE, app_for, wait_for
from tests.tui.test_login import type_email

from talenttui.tui import app as app_module
from talenttui.tui import gc_policy
from talenttui.tui.screens.shell import ShellScreen
from talenttui.tui.widgets.match_list import MatchList


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """The generation of each collection that runs meanwhile."""
    seen: list[int] = []

    def counted(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(counted)
    yield seen
    gc.callbacks.remove(counted)
    gc.enable()
    gc.unfreeze()


def test_held_means_no_collection_and_resume_freezes_what_was_made(
    collections: list[int],
) -> None:
    gc.unfreeze()
    gc_policy.hold()
    made = [[n] for n in range(50_000)]  # enough young objects to trigger passes
    assert not gc.isenabled() and collections == []
    gc_policy.resume()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(made)


def test_resume_without_a_hold_changes_nothing(collections: list[int]) -> None:
    gc.unfreeze()
    gc_policy.resume()
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_loaded_rows_are_frozen_without_a_pass_while_held(collections: list[int]) -> None:
    gc.unfreeze()
    gc_policy.hold()
    gc_policy.settle_loaded_rows()
    assert collections == [] and gc.get_freeze_count() > 0
    gc_policy.resume()
    gc_policy.settle_loaded_rows()
    assert collections == [1], "held no longer: the young generations are collected first"


async def test_a_login_holds_the_collector_until_the_feed_is_painted(
    demo_server: Live, collections: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No pass runs from the login's hold to the painted feed's resume."""
    at: dict[str, int] = {}

    def spied(name: str, step: Callable[[], None]) -> Callable[[], None]:
        def record() -> None:
            at[name] = len(collections)
            step()

        return record

    monkeypatch.setattr(app_module, "hold", spied("hold", gc_policy.hold))
    monkeypatch.setattr(app_module, "resume", spied("resume", gc_policy.resume))
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_email(pilot, JANE)
        code = latest_code(demo_server.client, JANE)
        assert gc.isenabled(), "the login screen is painted: collecting again"
        await pilot.press(*code, "enter")
        await wait_for(pilot, lambda: "resume" in at)
        assert isinstance(app.screen, ShellScreen) and app.screen.query(MatchList)
        assert at["hold"] == at["resume"], "a collection ran while the shell was built"
        assert gc.isenabled()
