"""config.toml cannot lock anyone out: it is written back as the person wrote it (tomlkit),
and what cannot be read or understood is left out with a notice, never a traceback."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from tests.conftest import Live
from tests.tui.conftest import JANE, app_for, sign_in, wait_for
from textual.pilot import Pilot
from textual.widgets import Input

from talenttui import __version__, cli
from talenttui.api.config import ClientConfig
from talenttui.tui.app import TalentApp
from talenttui.tui.panes.match_feed import MatchFeed
from talenttui.tui.preferences import FeedFilters
from talenttui.tui.screens.login import LoginScreen
from talenttui.tui.widgets.match_list import MatchList

HAND_WRITTEN = """\
# my talenttui settings
[feed] # saved by the app: edit freely
min_score = 70  # high bar
location = "Remote"
note = "kept as written"

# the look
[ui]
theme = "nord"
"""


def config_file() -> Path:
    path = ClientConfig.load().paths.config_file
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def notices(app: TalentApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def apply_min_score(pilot: Pilot[None], score: str) -> None:
    app = pilot.app
    await pilot.press("slash")
    await wait_for(pilot, lambda: bool(app.screen.query("#min-score")))
    app.screen.query_one("#min-score", Input).value = score
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(app.screen.query_one(MatchFeed), MatchFeed))


async def test_saving_filters_keeps_comments_order_and_one_feed_table(demo_server: Live) -> None:
    """A comment after ``[feed]`` made the old writer append a second ``[feed]``: every
    later start then failed on the TOML."""
    path = config_file()
    path.write_text(HAND_WRITTEN)
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.preferences.filters == FeedFilters(min_score=70, location="Remote")
        assert app.theme == "nord"
        await wait_for(pilot, lambda: app.screen.query_one(MatchFeed).total > 0)
        await apply_min_score(pilot, "65")
        await wait_for(pilot, lambda: app.preferences.filters.min_score == 65)
        await apply_min_score(pilot, "60")
        await wait_for(pilot, lambda: app.preferences.filters.min_score == 60)
    text = path.read_text()
    assert text.count("[feed]") == 1
    data = tomllib.loads(text)
    assert data["feed"] == {
        "min_score": 60,
        "location": "Remote",
        "note": "kept as written",
        "skills": [],
    }
    assert data["ui"] == {"theme": "nord"}
    assert text == HAND_WRITTEN.replace("min_score = 70", "min_score = 60").replace(
        'note = "kept as written"\n', 'note = "kept as written"\nskills = []\n'
    ), "the new key goes after the table's last key, before the next table's comment"
    again = app_for(demo_server)
    async with again.run_test(size=(120, 40)):
        assert again.preferences.filters.min_score == 60


async def test_clearing_filters_removes_them_and_nothing_else(demo_server: Live) -> None:
    path = config_file()
    path.write_text(HAND_WRITTEN)
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.screen.query_one(MatchFeed).total > 0)
        await pilot.press("slash")
        await wait_for(pilot, lambda: bool(app.screen.query("#skills")))
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: app.preferences.filters == FeedFilters())
    text = path.read_text()
    assert "# saved by the app: edit freely" in text and "# the look" in text
    assert tomllib.loads(text)["feed"] == {"skills": [], "note": "kept as written"}


@pytest.mark.parametrize(
    "text",
    ["[feed\nmin_score = 70\n", "server = [unclosed\n", b"\xff\xfe not text".decode("latin-1")],
    ids=["broken-table", "broken-value", "not-utf8"],
)
async def test_an_unreadable_config_starts_with_defaults_and_a_notice(
    demo_server: Live, text: str
) -> None:
    path = config_file()
    path.write_bytes(text.encode("latin-1"))
    app = app_for(demo_server)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, LoginScreen)
        assert app.preferences.filters == FeedFilters()
        await wait_for(pilot, lambda: any("could not be read" in n for n in notices(app)))
        assert any(str(path) in n and "defaults" in n for n in notices(app))


async def test_saving_over_an_unreadable_config_leaves_it_and_says_so(demo_server: Live) -> None:
    path = config_file()
    path.write_text("[feed\n")
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: len(app.screen.query_one(MatchList).matches) > 0)
        await apply_min_score(pilot, "65")
        await wait_for(pilot, lambda: any("Not saved" in n for n in notices(app)))
        assert app.preferences.filters.min_score == 65, "the filter applies for this session"
    assert path.read_text() == "[feed\n"


async def test_an_unknown_theme_and_odd_values_are_ignored_and_said(demo_server: Live) -> None:
    config_file().write_text('[ui]\ntheme = "no-such-theme"\n[feed]\nmin_score = "high"\n')
    app = app_for(demo_server)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.theme == "textual-dark"
        await wait_for(pilot, lambda: len(notices(app)) >= 2)
        said = " ".join(notices(app))
        assert "'no-such-theme' is not a theme" in said
        assert "min_score = 'high' is not understood" in said


def test_the_command_line_starts_with_an_unreadable_config(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Through ``talenttui`` itself: no traceback and no exit, the app runs."""
    config_file().write_text("server = [unclosed\n")
    started: list[TalentApp] = []
    monkeypatch.setattr(TalentApp, "run", lambda self, *a, **k: started.append(self))
    assert cli.main([]) == 0
    [app] = started
    assert app.embedded is not None
    assert any("could not be read" in n for n in app.preferences.notices)


def test_version_and_help_are_written_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"talenttui {__version__}"
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    text = capsys.readouterr().out
    for part in ("--server URL", "--kiosk", "jane.doe@acme.example", "[keys]", "ctrl+p", "server"):
        assert part in text, part
