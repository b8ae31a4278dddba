"""The feed's detail pane on its own: drawn as a ``Static`` would draw it, each match's
lines rendered once, and only the lines that change repainted on a move."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.geometry import Region
from textual.strip import Strip
from textual.visual import Visual
from textual.widgets import Static

from talenttui.api.models.matches import Match, MatchProfile, SkillWeight
from talenttui.tui import wallclock
from talenttui.tui.widgets.match_detail import DetailBody, MatchDetail, render_match


def model(index: int, *, headline: str = "Senior Engineer", reasons: int = 2) -> Match:
    return Match(
        id=f"match_{index:08d}",
        profile=MatchProfile(name=f"Candidate {index}", title=headline, location="Remote"),
        match_score=90 - index,
        match_reasons=[
            f"Reason {n} for candidate {index}, long enough to wrap" for n in range(reasons)
        ],
        skills_matched=[
            SkillWeight(skill="Python", weight=0.9 - index / 100),
            SkillWeight(skill="SQL", weight=0.5),
        ],
        expires_at="2027-01-10T00:00:00Z",
    )


class PaneApp(App[None]):
    """The pane beside what it replaced: a ``Static`` in a ``VerticalScroll``, same styles."""

    CSS = """
    MatchDetail, #reference { width: 1fr; padding: 0 1; border-left: vkey $primary; }
    #reference > Static { min-height: 100%; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield MatchDetail(id="detail")
            with VerticalScroll(id="reference"):
                yield Static("", markup=False)

    def show(self, match: Match) -> None:
        self.query_one(MatchDetail).show(match)
        self.query_one("#reference > Static", Static).update(render_match(match))


def screen_lines(app: PaneApp, region: Region) -> list[Strip]:
    strips = app.screen._compositor.render_strips()
    return [strips[y].crop(region.x, region.right).discard_meta() for y in region.line_range]


def same_picture(app: PaneApp) -> bool:
    detail, reference = app.query_one(MatchDetail), app.query_one("#reference")
    return screen_lines(app, detail.region) == screen_lines(app, reference.region)


async def test_the_pane_looks_as_the_static_it_replaced() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 40)) as pilot:
        for match in (model(1), model(2, reasons=6), model(3, headline="Staff " * 20)):
            app.show(match)
            await pilot.pause()
            assert same_picture(app)
            assert "Candidate" in str(app.query_one(DetailBody).render())


async def test_a_move_repaints_the_lines_that_change_and_no_other() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 40)) as pilot:
        body = app.query_one(DetailBody)
        app.show(model(1))
        await pilot.pause()
        before = screen_lines(app, body.region)
        repainted: list[Region] = []
        refresh = body.refresh

        def counted(*regions: Region, **kwargs: bool) -> DetailBody:
            repainted.extend(regions if regions else [body.size.region])
            return refresh(*regions, **kwargs)

        body.refresh = counted  # type: ignore[method-assign]
        app.show(model(2))
        await pilot.pause()
        after = screen_lines(app, body.region)
        assert same_picture(app)
        changed = {y for y, (old, new) in enumerate(zip(before, after, strict=True)) if old != new}
        lines = {y for region in repainted for y in region.line_range}
        assert changed and lines == changed
        assert len(lines) < body.size.height  # the blank lines below stay as they are


async def test_a_revisited_match_is_not_rendered_again(monkeypatch: pytest.MonkeyPatch) -> None:
    rendered: list[str] = []
    to_strips = Visual.to_strips

    def counted(widget: object, visual: Visual, *args: object, **kwargs: object) -> list[Strip]:
        if isinstance(widget, DetailBody) and str(visual).startswith("Candidate"):
            rendered.append(str(visual).split("\n")[0])
        return to_strips(widget, visual, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Visual, "to_strips", staticmethod(counted))
    app = PaneApp()
    async with app.run_test(size=(120, 40)) as pilot:
        first, second = model(1), model(2)
        for match in (first, second, first, second):
            app.query_one(MatchDetail).show(match)
            await pilot.pause()
        assert rendered == ["Candidate 1", "Candidate 2"]


async def test_a_changed_match_is_drawn_anew() -> None:
    """A status set by a triage or a realtime event, or a refreshed profile, comes as a new
    model of the same match: never the lines kept for the old one."""
    app = PaneApp()
    async with app.run_test(size=(120, 40)) as pilot:
        match = model(1)
        app.show(match)
        await pilot.pause()
        for changed in (
            match.model_copy(update={"status": "saved"}),
            match.model_copy(update={"status": "rejected", "reject_reason": "Too far away"}),
            model(1, headline="Principal Engineer"),
        ):
            app.show(changed)
            await pilot.pause()
            assert same_picture(app)
        text = str(app.query_one(DetailBody).render())
        assert "Principal Engineer" in text and "Too far" not in text


async def test_a_resize_and_a_theme_change_draw_the_pane_again() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 40)) as pilot:
        app.show(model(1, reasons=4))
        await pilot.pause()
        wide = screen_lines(app, app.query_one(DetailBody).region)
        await pilot.resize_terminal(80, 30)
        await pilot.pause()
        assert same_picture(app)
        app.show(model(2))
        app.show(model(1, reasons=4))
        await pilot.pause()
        narrow = screen_lines(app, app.query_one(DetailBody).region)
        assert same_picture(app) and len(narrow) < len(wide)
        app.theme = "textual-light"
        await pilot.pause()
        assert same_picture(app)


async def test_the_expiry_is_read_again_as_time_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    match = model(1)
    app = PaneApp()
    async with app.run_test(size=(120, 40)) as pilot:
        monkeypatch.setattr(wallclock, "now", lambda: datetime(2027, 1, 1, tzinfo=UTC))
        app.show(match)
        await pilot.pause()
        assert "(in 9 d)" in str(app.query_one(DetailBody).render())
        later = datetime(2027, 1, 1, tzinfo=UTC) + timedelta(days=4)
        monkeypatch.setattr(wallclock, "now", lambda: later)
        app.show(match)
        await pilot.pause()
        assert "(in 5 d)" in str(app.query_one(DetailBody).render())
        assert same_picture(app)
