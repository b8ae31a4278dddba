"""The virtualised list on its own: keys, messages, updates, literal text, 100,000 rows."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.message import Message

from talenttui.api.models.match_rows import MatchRow
from talenttui.api.models.matches import Match, MatchProfile, SkillWeight
from talenttui.tui.widgets.match_detail import DetailBody, MatchDetail
from talenttui.tui.widgets.match_list import MatchList, column_widths, row_text


def make_match(index: int, name: str | None = None, status: str = "new") -> MatchRow:
    return MatchRow.of(make_model(index, name, status))


def make_model(index: int, name: str | None = None, status: str = "new") -> Match:
    return Match(
        id=f"match_{index:08d}",
        profile=MatchProfile(
            name=name or f"Candidate {index}",
            title="Senior Engineer",
            location="Remote",
        ),
        match_score=100 - index % 50,
        skills_matched=[
            SkillWeight(skill="Python", weight=0.9),
            SkillWeight(skill="SQL", weight=0.5),
        ],
        status=status,
    )


class ListApp(App[None]):
    def __init__(self, count: int, *, highlights: bool = True) -> None:
        super().__init__()
        self.count = count
        self.highlights = highlights
        self.seen: list[Message] = []

    def compose(self) -> ComposeResult:
        yield MatchList(id="list", prefetch_margin=5, highlights=self.highlights)

    def on_mount(self) -> None:
        self.query_one(MatchList).set_matches([make_match(i) for i in range(self.count)])

    def on_match_list_highlighted(self, message: MatchList.Highlighted) -> None:
        self.seen.append(message)

    def on_match_list_near_end(self, message: MatchList.NearEnd) -> None:
        self.seen.append(message)


def line_text(widget: MatchList, y: int) -> str:
    return "".join(segment.text for segment in widget.render_line(y))


async def test_keys_move_the_cursor_and_report_it() -> None:
    app = ListApp(50)
    async with app.run_test(size=(80, 20)) as pilot:
        rows = app.query_one(MatchList)
        await pilot.press("j", "j", "down", "k")
        assert rows.cursor == 2 and rows.current is not None
        assert rows.current.id == "match_00000002"
        await pilot.press("G")
        assert rows.cursor == 49
        await pilot.press("g")
        assert rows.cursor == 0
        await pilot.press("pagedown")
        assert rows.cursor == rows.scrollable_content_region.height - 1
        highlighted = [m for m in app.seen if isinstance(m, MatchList.Highlighted)]
        assert highlighted and highlighted[-1].index == rows.cursor


async def test_a_list_whose_cursor_is_watched_posts_no_highlights() -> None:
    """The feed watches ``cursor``; its list posts no ``Highlighted`` to climb to the app,
    and still asks for the next page."""
    app = ListApp(12, highlights=False)
    async with app.run_test(size=(80, 20)) as pilot:
        rows = app.query_one(MatchList)
        moves: list[int] = []
        app.watch(rows, "cursor", lambda cursor: moves.append(cursor), init=False)
        await pilot.press(*"jjjjjjjj")
        await pilot.pause()
        assert rows.cursor == 8 and moves[-1] == 8
        assert not any(isinstance(m, MatchList.Highlighted) for m in app.seen)
        assert [m.count for m in app.seen if isinstance(m, MatchList.NearEnd)] == [12]


async def test_near_end_is_posted_once_per_row_count() -> None:
    app = ListApp(12)
    async with app.run_test(size=(80, 20)) as pilot:
        rows = app.query_one(MatchList)
        await pilot.press(*"jjjjjjjj")
        await pilot.pause()
        near = [m for m in app.seen if isinstance(m, MatchList.NearEnd)]
        assert [m.count for m in near] == [12]
        rows.append_matches([make_match(i) for i in range(12, 30)])
        await pilot.press("G")
        await pilot.pause()
        near = [m for m in app.seen if isinstance(m, MatchList.NearEnd)]
        assert [m.count for m in near] == [12, 30]


async def test_updates_removals_and_cursor_kept_by_id() -> None:
    app = ListApp(10)
    async with app.run_test(size=(80, 20)) as pilot:
        rows = app.query_one(MatchList)
        rows.move_to(4)
        rows.update_match(make_match(4, status="saved"))
        await pilot.pause()
        assert rows.matches[4].status == "saved"
        assert line_text(rows, 4).startswith("★")
        assert rows.remove_match("match_00000002") == 2
        assert len(rows.matches) == 9
        rows.insert_match(2, make_match(2))
        assert rows.matches[2].id == "match_00000002"
        rows.remove_match("match_00000001")
        rows.update_match(make_match(7, status="rejected"))
        assert [m.status for m in rows.matches].index("rejected") == 6
        assert rows.remove_match("match_00000007") == 6
        assert rows.remove_match("nope") is None
        rows.insert_match(1, make_match(1))
        rows.insert_match(7, make_match(7))
        assert [m.id for m in rows.matches] == [f"match_{i:08d}" for i in range(10)]
        rows.set_matches(list(reversed(rows.matches)), keep_cursor_on="match_00000004")
        assert rows.current is not None and rows.current.id == "match_00000004"
        assert rows.cursor == 5
        rows.set_matches(rows.matches[:3], keep_cursor_on="gone")
        assert rows.cursor == 0
        rows.cursor = 1_000
        assert rows.cursor == 2


async def test_cursor_survives_removal_of_the_row_under_it() -> None:
    app = ListApp(3)
    async with app.run_test(size=(80, 20)) as pilot:
        rows = app.query_one(MatchList)
        await pilot.press("G")
        assert rows.remove_match("match_00000002") == 2
        assert rows.cursor == 1
        rows.remove_match("match_00000000")
        rows.remove_match("match_00000001")
        assert rows.current is None and rows.cursor == 0
        await pilot.pause()
        assert "No matches" in line_text(rows, 0)


async def test_markup_in_names_is_drawn_literally() -> None:
    app = ListApp(0)
    async with app.run_test(size=(200, 10)) as pilot:
        rows = app.query_one(MatchList)
        assert "No matches" in line_text(rows, 0)
        rows.set_matches([make_match(0, name="[@click=app.quit]x[/] [bold]y")])
        await pilot.pause()
        assert "[@click=app.quit]x[/] [bold]y" in line_text(rows, 0)
        assert app.is_running


async def test_cursor_row_is_visible_without_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = ListApp(5)
    async with app.run_test(size=(80, 20)) as pilot:
        rows = app.query_one(MatchList)
        await pilot.press("j")
        assert app.no_color
        assert all(s.style is not None and s.style.reverse for s in rows.render_line(1))
        assert not any(s.style is not None and s.style.reverse for s in rows.render_line(0))


async def test_focus_change_redraws_the_cached_cursor_row() -> None:
    app = ListApp(5)
    async with app.run_test(size=(80, 20)) as pilot:
        rows = app.query_one(MatchList)
        rows.focus()
        await pilot.pause()
        focused = rows.render_line(0)
        rows.blur()
        await pilot.pause()
        assert rows.render_line(0) != focused


def test_highlights_from_one_list_coalesce() -> None:
    first, second = MatchList(), MatchList()
    older = MatchList.Highlighted(1, None, first)
    assert MatchList.Highlighted(2, None, first).can_replace(older)
    assert not MatchList.Highlighted(2, None, second).can_replace(older)
    assert MatchList.Highlighted(2, None, first).control is first


async def test_a_hundred_thousand_rows_make_no_widget_per_row() -> None:
    app = ListApp(100_000)
    async with app.run_test(size=(120, 40)) as pilot:
        rows = app.query_one(MatchList)
        assert len(app.query("*")) < 20
        assert rows.virtual_size.height == 100_000
        await pilot.press("end")
        assert rows.cursor == 99_999
        assert rows.scroll_y >= 99_999 - rows.scrollable_content_region.height
        assert "Candidate 99999" in line_text(rows, rows.cursor - int(rows.scroll_y))


def test_columns_fit_every_width() -> None:
    match = make_match(1, name="A very long candidate name that will not fit anywhere")
    for width in (30, 45, 60, 80, 120, 200):
        marker, score, rest = row_text(match, width)
        assert len(marker) + len(score) + len(rest) <= width
        assert sum(column_widths(width)) <= width


def test_wide_and_control_characters_keep_the_columns() -> None:
    wide = make_match(1, name="山田太郎山田太郎山田太郎山田太郎山田太郎山田太郎")
    plain = make_match(1, name="Yamada")
    control = make_match(1, name="Evil\x1b[2J\nName\x9b")
    for width in (45, 80, 120):
        lines = ["".join(row_text(m, width)) for m in (wide, plain, control)]
        assert {cell_len(line) for line in lines} == {cell_len(lines[1])}
        assert "…" in lines[0]
        assert "\x1b" not in lines[2] and "\n" not in lines[2] and "\x9b" not in lines[2]
        assert "Evil" in lines[2]


async def test_the_detail_pane_takes_a_match_before_it_is_mounted_and_after_it_is_gone() -> None:
    """A highlight can reach the pane before its body is mounted (a slow server) or while the
    screen is taken down (quitting mid-load): it is kept, never an error."""
    async with App[None]().run_test() as pilot:
        detail = MatchDetail(id="match-detail")
        detail.show(make_model(3, name="Early Bird"))
        await pilot.app.mount(detail)
        body = detail.query_one("#match-detail-body", DetailBody)
        assert "Early Bird" in str(body.render())
        await detail.remove()
        detail.show(make_model(4, name="Late Owl"))
        assert "Late Owl" in str(body.render())
