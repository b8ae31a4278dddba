"""``[keys]`` in config.toml rebinds actions by id; what cannot be used is said, never raised;
the README lists every id with its default key (checked here, so it cannot drift)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import Live
from tests.tui.conftest import JANE, app_for, sign_in, wait_for
from tests.tui.test_focus import footer_keys

from talenttui.api.config import ClientConfig
from talenttui.tui.app import TalentApp
from talenttui.tui.dialogs.help import HelpScreen
from talenttui.tui.keymap import bound_actions, check_keymap
from talenttui.tui.panes.match_feed import MatchFeed
from talenttui.tui.widgets.match_list import MatchList

README = Path(__file__).resolve().parents[2] / "README.md"


def write_keys(text: str) -> None:
    path = ClientConfig.load().paths.config_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[keys]\n" + text)


def notices(app: TalentApp) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def test_a_rebound_key_runs_the_action_and_shows_everywhere(demo_server: Live) -> None:
    write_keys('feed.reject = "x"\napp.help = "f1"\n')
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        rows = app.screen.query_one(MatchList)
        await wait_for(pilot, lambda: len(rows.matches) > 3)
        first, second = rows.matches[0], rows.matches[1]
        await pilot.press("x")
        await wait_for(pilot, lambda: app.screen.query_one(MatchFeed).idle)
        assert rows.matches[0].status == "rejected" and rows.cursor == 1
        await pilot.press("r")
        await pilot.pause(0.2)
        assert rows.matches[1].status == second.status, "r no longer rejects"
        await wait_for(pilot, lambda: "x" in footer_keys(app) and "r" not in footer_keys(app))
        titles = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert "key: x" in titles["Reject"]
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        body = str(app.screen.query_one("#help-body").render())
        assert re.search(r"^x +Reject$", body, re.MULTILINE), body
        assert re.search(r"^f1 +Help", body, re.MULTILINE), body
        await pilot.press("escape")
        await pilot.press("u")
        await wait_for(pilot, lambda: rows.matches[0].status == first.status)


async def test_unknown_ids_bad_keys_and_clashes_are_said_and_left_out(demo_server: Live) -> None:
    write_keys(
        'no.such = "x"\nfeed.save = "ctrl+"\nfeed.undo = 5\nfeed.accept = "r"\n'
        'feed.details = "banana"\nfeed.filters = "f"\n'
    )
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: len(app.screen.query_one(MatchList).matches) > 0)
        await wait_for(pilot, lambda: notices(app).count("[keys]") >= 5)
        said = notices(app)
        assert "no.such: no such action" in said
        assert "feed.save = 'ctrl+': no key after the modifier" in said
        assert 'feed.undo: the key must be a string, like "x"' in said
        assert "feed.accept = 'r': r is already feed.reject" in said
        assert "feed.details = 'banana': unknown key 'banana'" in said
        await wait_for(pilot, lambda: {"a", "s", "u", "enter", "f"} <= footer_keys(app))
        await pilot.press("f")
        await wait_for(pilot, lambda: bool(app.screen.query("#min-score")))


def readme_keymap() -> dict[str, str]:
    """The README's table of binding ids: | `id` | `keys` | what it does |."""
    text = README.read_text()
    section = text[text.index("| binding id |") :]
    rows = re.findall(r"^\| `([a-z_.0-9]+)` \| `([^`]+)` \|", section, re.MULTILINE)
    return dict(rows)


def test_the_readme_lists_every_binding_id_with_its_default_key() -> None:
    assert readme_keymap() == {action.id: action.keys for action in bound_actions()}


def test_every_default_key_is_one_the_keymap_accepts() -> None:
    """The checker is not stricter than the app's own bindings."""
    checked = check_keymap({action.id: action.keys for action in bound_actions()})
    assert checked.problems == ()
