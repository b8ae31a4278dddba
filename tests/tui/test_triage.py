"""The triage engine on its own (tui/triage.py): no app, no server, no Textual.

A view that records what it is told and a store that records what it is given stand in
for the feed widget and the outbox, in one log, so the order is the assertion: a write is
stored before the row shows it, undo sends the restoring action after the action it
undoes, a refusal puts the row back. The same engine under the real app and server is
tests/tui/test_feed*.py and test_outbox_first.py.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

import pytest

from talenttui.api.call import Call
from talenttui.api.errors import ApiError, AuthError, NetworkError
from talenttui.api.models.match_rows import MatchRow
from talenttui.api.models.matches import Match, MatchProfile
from talenttui.api.outbox import OutboxEntry
from talenttui.tui.tally import Tally
from talenttui.tui.triage import Severity, Triager, undone_text
from talenttui.tui.watch import Watch


def match(match_id: str, name: str, status: str = "new") -> MatchRow:
    return MatchRow.of(Match(id=match_id, profile=MatchProfile(name=name), status=status))


ANA = match("m1", "Ana Lee")
BEN = match("m2", "Ben Ng")
REFUSED = ApiError(409, "CONFLICT", "Match already decided")


class Feed:
    """The view: rows by id, a cursor, and the log shared with the store."""

    def __init__(self, log: list[tuple[str, ...]], rows: list[MatchRow]) -> None:
        self.log = log
        self.rows = {row.id: row for row in rows}
        self.cursor: str | None = rows[0].id if rows else None
        self.notices: list[tuple[str, Severity]] = []

    @property
    def current(self) -> MatchRow | None:
        return self.rows.get(self.cursor) if self.cursor else None

    def show_status(self, match_id: str, status: str, reason: str | None = None) -> None:
        self.log.append(("shown", match_id, status))
        self.rows[match_id] = self.rows[match_id].with_status(status, reason)

    def advance_past(self, match_id: str) -> None:
        ids = list(self.rows)
        index = ids.index(match_id)
        if index + 1 < len(ids):
            self.cursor = ids[index + 1]

    def move_to(self, match_id: str) -> None:
        if match_id in self.rows:
            self.cursor = match_id

    def say(
        self, text: str, *, severity: Severity = "information", timeout: float | None = None
    ) -> None:
        self.notices.append((text, severity))


class Outbox:
    """The store: each write gets an entry (told ``stored`` at once, as the app's sender
    does), and its watch is kept for the test to answer as the server would."""

    def __init__(self, log: list[tuple[str, ...]]) -> None:
        self.log = log
        self.entries: list[OutboxEntry] = []
        self.watches: dict[int, Watch] = {}
        self.failing = False
        """Storing fails (a full disk): the write was never made."""

    async def store(self, call: Call[Any], label: str, watch: Watch) -> OutboxEntry | None:
        if self.failing:
            return None
        entry = OutboxEntry(
            id=len(self.entries) + 1,
            created_at=time.time(),
            method=call.method,
            path=call.path,
            body=call.json,
            idempotency_key=f"key-{len(self.entries) + 1}",
            label=label,
            state="pending",
            attempts=0,
            last_error=None,
        )
        self.entries.append(entry)
        self.log.append(("stored", label))
        if watch.stored is not None:
            watch.stored(entry)
        self.watches[entry.id] = watch
        return entry

    def deliver(self, entry: OutboxEntry) -> None:
        delivered = self.watches.pop(entry.id).delivered
        assert delivered is not None
        delivered(entry, {})

    def refuse(self, entry: OutboxEntry, error: ApiError = REFUSED) -> None:
        refused = self.watches.pop(entry.id).refused
        assert refused is not None
        refused(entry, error)

    def wait(self, entry: OutboxEntry, error: ApiError) -> None:
        waiting = self.watches[entry.id].waiting
        assert waiting is not None
        waiting(entry, error)

    @property
    def sent(self) -> list[tuple[str, Any]]:
        """What the server would get, in order: (path, body)."""
        return [(entry.path, entry.body) for entry in self.entries]


@pytest.fixture
def log() -> list[tuple[str, ...]]:
    return []


@pytest.fixture
def feed(log: list[tuple[str, ...]]) -> Feed:
    return Feed(log, [ANA, BEN])


@pytest.fixture
def outbox(log: list[tuple[str, ...]]) -> Outbox:
    return Outbox(log)


@pytest.fixture
def triager(feed: Feed, outbox: Outbox) -> Triager:
    return Triager(feed, outbox.store)


async def test_an_action_is_stored_before_the_row_shows_it(
    triager: Triager, feed: Feed, outbox: Outbox, log: list[tuple[str, ...]]
) -> None:
    await triager.act(ANA, "reject", None)
    assert log == [("stored", "reject Ana Lee"), ("shown", "m1", "rejected")]
    assert outbox.sent == [("/v1/matches/m1/action", {"action": "reject"})]
    assert feed.cursor == "m2"
    assert not triager.idle


async def test_a_reject_with_a_reason_sends_it_in_metadata_and_shows_it(
    triager: Triager, feed: Feed, outbox: Outbox
) -> None:
    await triager.act(ANA, "reject", None, reason="Location or remote terms")
    assert outbox.sent == [
        (
            "/v1/matches/m1/action",
            {"action": "reject", "metadata": {"reason": "Location or remote terms"}},
        )
    ]
    assert feed.rows["m1"].reject_reason == "Location or remote terms"
    await triager.undo()
    assert outbox.sent[-1] == ("/v1/matches/m1/action", {"action": "reset"})
    assert feed.rows["m1"].reject_reason is None


async def test_a_batch_is_stored_row_by_row_and_undone_by_one_undo(
    triager: Triager, feed: Feed, outbox: Outbox
) -> None:
    cal = match("m3", "Cal Ode", "saved")
    feed.rows["m3"] = cal
    stored = await triager.act_on_all([ANA, BEN, cal], "reject", reason="Duplicate")
    assert stored == 3
    assert [body for _, body in outbox.sent] == [
        {"action": "reject", "metadata": {"reason": "Duplicate"}}
    ] * 3
    assert {m.status for m in feed.rows.values()} == {"rejected"}
    await triager.undo()
    assert [body["action"] for _, body in outbox.sent[3:]] == ["save", "reset", "reset"]
    assert [feed.rows[m].status for m in ("m1", "m2", "m3")] == ["new", "new", "saved"]
    assert feed.notices[-1] == ("Undone: 3 of 3 matches as they were.", "information")
    await triager.undo()
    assert feed.notices[-1] == ("Nothing to undo.", "information")


async def test_a_refused_row_of_a_batch_leaves_the_others_to_undo(
    triager: Triager, feed: Feed, outbox: Outbox
) -> None:
    await triager.act_on_all([ANA, BEN], "save")
    outbox.refuse(outbox.entries[0])
    assert feed.rows["m1"].status == "new" and feed.rows["m2"].status == "saved"
    await triager.undo()
    assert outbox.sent[-1] == ("/v1/matches/m2/action", {"action": "reset"})
    assert len(outbox.entries) == 3


async def test_a_batch_skips_rows_already_in_that_status(
    triager: Triager, feed: Feed, outbox: Outbox
) -> None:
    saved = match("m1", "Ana Lee", "saved")
    assert await triager.act_on_all([saved, BEN], "save") == 1
    assert [path for path, _ in outbox.sent] == ["/v1/matches/m2/action"]


async def test_a_write_that_cannot_be_stored_is_never_shown(
    triager: Triager, feed: Feed, outbox: Outbox, log: list[tuple[str, ...]]
) -> None:
    outbox.failing = True
    await triager.act(ANA, "save", None)
    await triager.undo()
    assert log == []
    assert feed.rows["m1"].status == "new"
    assert feed.cursor == "m1"
    assert feed.notices == [("Nothing to undo.", "information")]


async def test_undo_goes_back_one_action_at_a_time_in_order(
    triager: Triager, feed: Feed, outbox: Outbox
) -> None:
    await triager.act(ANA, "save", None)
    await triager.act(feed.rows["m2"], "reject", None)
    await triager.undo()
    await triager.undo()
    assert outbox.sent == [
        ("/v1/matches/m1/action", {"action": "save"}),
        ("/v1/matches/m2/action", {"action": "reject"}),
        ("/v1/matches/m2/action", {"action": "reset"}),
        ("/v1/matches/m1/action", {"action": "reset"}),
    ]
    assert [entry.label for entry in outbox.entries[2:]] == [
        "undo: Ben Ng back to new",
        "undo: Ana Lee back to new",
    ]
    assert {row.id: row.status for row in feed.rows.values()} == {"m1": "new", "m2": "new"}
    assert feed.cursor == "m1"
    assert feed.notices[-1] == ("Undone: Ana Lee is new again.", "information")


async def test_undo_restores_the_status_before_not_always_new(
    triager: Triager, feed: Feed, outbox: Outbox
) -> None:
    saved = match("m3", "Cy Ito", "saved")
    feed.rows["m3"] = saved
    await triager.act(saved, "accept", "Hello")
    await triager.undo()
    assert outbox.sent[-1] == ("/v1/matches/m3/action", {"action": "save"})
    assert feed.rows["m3"].status == "saved"


async def test_with_nothing_to_undo_a_rejected_match_goes_back_to_new(
    triager: Triager, feed: Feed, outbox: Outbox
) -> None:
    feed.rows["m1"] = match("m1", "Ana Lee", "rejected")
    await triager.undo()
    assert outbox.sent == [("/v1/matches/m1/action", {"action": "reset"})]
    assert outbox.entries[0].label == "reset Ana Lee"
    assert feed.rows["m1"].status == "new"
    assert feed.notices == [("Restored: Ana Lee is new again.", "information")]


async def test_a_refusal_puts_the_row_back_and_leaves_nothing_to_undo(
    triager: Triager, feed: Feed, outbox: Outbox
) -> None:
    await triager.act(ANA, "accept", None)
    outbox.refuse(outbox.entries[0])
    assert feed.rows["m1"].status == "new"
    assert feed.notices == [
        ("Could not accept Ana Lee: Match already decided. The change was undone.", "error")
    ]
    assert triager.idle
    await triager.undo()
    assert len(outbox.entries) == 1, "the refused accept is not undone again"


async def test_a_refused_undo_shows_the_action_again(
    triager: Triager, feed: Feed, outbox: Outbox
) -> None:
    await triager.act(ANA, "save", None)
    outbox.deliver(outbox.entries[0])
    await triager.undo()
    outbox.refuse(outbox.entries[1])
    assert feed.rows["m1"].status == "saved"


async def test_waiting_writes_say_so_once_but_not_for_a_refused_session(
    triager: Triager, feed: Feed, outbox: Outbox
) -> None:
    await triager.act(ANA, "save", None)
    outbox.wait(outbox.entries[0], AuthError(401, "UNAUTHORIZED", "Token expired"))
    assert feed.notices == []
    outbox.wait(outbox.entries[0], NetworkError("connection refused"))
    assert feed.notices == [
        ("Offline: “save Ana Lee” will be sent when the server is back.", "warning")
    ]


async def test_a_batch_waiting_offline_says_so_once(
    triager: Triager, feed: Feed, outbox: Outbox
) -> None:
    await triager.act_on_all([ANA, BEN], "reject")
    for entry in outbox.entries:
        outbox.wait(entry, NetworkError("connection refused"))
    assert feed.notices == [
        ("Offline: “reject Ana Lee” will be sent when the server is back.", "warning")
    ]


async def test_an_action_already_made_is_not_sent_again(
    triager: Triager, feed: Feed, outbox: Outbox
) -> None:
    saved = match("m1", "Ana Lee", "saved")
    await triager.act(saved, "save", None)
    assert outbox.entries == []
    assert feed.notices == [("Already saved.", "information")]
    assert feed.cursor == "m2"


async def test_rows_are_drawn_with_the_writes_they_do_not_show_yet(
    triager: Triager, outbox: Outbox
) -> None:
    before_any = time.time() - 60
    load_began = time.monotonic()
    await triager.act(ANA, "reject", None)
    await triager.act(BEN, "save", None)
    outbox.deliver(outbox.entries[1])
    tally = Tally.for_view(None, None, ["new", "new"])

    drawn = triager.drawn([ANA, BEN], before_any, load_began, tally)

    assert [row.status for row in drawn] == ["rejected", "saved"]
    assert tally.counts == {"new": 0, "saved": 1, "accepted": 0, "rejected": 1}


async def test_landed_writes_are_not_drawn_on_pages_fetched_after_them(
    triager: Triager, outbox: Outbox
) -> None:
    await triager.act(ANA, "reject", None)
    outbox.deliver(outbox.entries[0])
    fetched_later = time.time() + 1
    load_began_later = time.monotonic() + 1
    tally = Tally.for_view(None, None, ["new"])

    drawn = triager.drawn([ANA], fetched_later, load_began_later, tally)

    assert drawn[0].status == "new", "the server's answer is newer than the write"


async def test_the_outbox_left_by_an_earlier_run_is_drawn_as_made(outbox: Outbox) -> None:
    earlier = Triager(Feed([], [ANA, BEN]), outbox.store)
    await earlier.act(ANA, "accept", "Hi")
    await earlier.act(BEN, "reject", None)
    accept, reject = outbox.entries
    on_disk = [accept, replace(reject, state="failed")]  # the server refused the reject

    restarted = Triager(Feed([], [ANA, BEN]), outbox.store)
    restarted.pending.reset_from(on_disk)
    drawn = restarted.drawn([ANA, BEN], time.time(), time.monotonic(), Tally())

    assert [row.status for row in drawn] == ["accepted", "new"]


def test_undoing_an_accept_says_what_stays() -> None:
    from talenttui.tui.triage import Triage

    accepted = Triage("m1", "Ana Lee", "new", "accepted", "Hello")
    assert undone_text(accepted, accept_waiting=True).endswith(
        "will still be delivered when the accept is sent."
    )
    assert undone_text(accepted, accept_waiting=False).endswith(
        "was already delivered; the conversation stays."
    )
    silent = Triage("m1", "Ana Lee", "new", "accepted")
    assert undone_text(silent, accept_waiting=False).endswith("opened stays.")
