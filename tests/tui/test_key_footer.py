"""The footer's keys mount already styled as the footer's ``compact`` says. Textual's key
starts compact, and the footer's data bind then set it back, so every key was restyled
twice as it mounted (~60-90 ms of the shell's first frame after a login)."""

from __future__ import annotations

import pytest
from tests.conftest import Live
from tests.tui.conftest import JANE, app_for, sign_in, wait_for
from textual.dom import DOMNode
from textual.widgets import _footer

from talenttui.tui.widgets.key_footer import KeyFooter
from talenttui.tui.widgets.match_list import MatchList


async def test_no_bound_key_is_restyled_as_it_mounts(
    demo_server: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    restyled: list[str] = []
    update = DOMNode.update_node_styles

    def counted(node: DOMNode, animate: bool = True) -> None:
        if isinstance(node, _footer.FooterKey):
            restyled.append(node.action)
        update(node, animate)

    monkeypatch.setattr(DOMNode, "update_node_styles", counted)
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: len(app.screen.query_one(MatchList).matches) > 0)
        footer = app.screen.query_one(KeyFooter)

        def keys() -> list[_footer.FooterKey]:
            return [w for w in footer.walk_children() if isinstance(w, _footer.FooterKey)]

        await wait_for(pilot, lambda: len(keys()) > 5)  # composed once the bindings settle
        await pilot.pause(0.2)
        assert not any(k.has_class("-compact") for k in keys() if k.action != "command_palette")
        assert set(restyled) <= {"command_palette"}, restyled
