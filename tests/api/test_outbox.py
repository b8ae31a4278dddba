"""The durable outbox: order, exactly-once replay by idempotency key, refusals, crash safety."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from talenttui.api.config import ClientConfig, RetryPolicy
from talenttui.api.credentials import Credentials, CredentialStore
from talenttui.api.outbox import OUTBOX_FILE, Outbox
from talenttui.api.transport import Transport
from talenttui.paths import resolve_paths
from tests.conftest import Live
from tests.server.skillsync_people import matched_pair

ROOT = Path(__file__).resolve().parents[2]
SERVER = "http://skillsync.test"


@dataclass
class DedupingServer:
    """A server that honours Idempotency-Key: the first answer per key, the write done once.

    ``trouble`` maps a message text to answers given (in order) before it goes through.
    """

    trouble: dict[str, list[httpx.Response | Exception]] = field(default_factory=dict)
    applied: list[tuple[str, str]] = field(default_factory=list)
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    keys_seen: list[str] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        key = request.headers["Idempotency-Key"]
        text = json.loads(request.content)["message"]
        self.keys_seen.append(key)
        pending = self.trouble.get(text)
        if pending:
            answer = pending.pop(0)
            if isinstance(answer, Exception):
                raise answer
            return answer
        if key not in self.answers:
            self.applied.append((key, text))
            self.answers[key] = {"message_id": f"msg_{len(self.applied)}", "status": "sent"}
        return httpx.Response(201, json={"success": True, "data": self.answers[key]})


def transport_for(server: DedupingServer) -> Transport:
    async def no_sleep(_: float) -> None:
        return None

    return Transport(
        ClientConfig(server=SERVER, retry=RetryPolicy(max_attempts=1)),
        http_transport=httpx.MockTransport(server),
        sleep=no_sleep,
    )


def refusal(status: int, code: str) -> httpx.Response:
    body = {"success": False, "error": {"code": code, "message": f"refused: {code}"}}
    return httpx.Response(status, json=body)


@pytest.fixture
async def outbox() -> AsyncIterator[Outbox]:
    box = await Outbox.open(resolve_paths().data_dir, SERVER, "user_1", kiosk=False)
    yield box
    box.close()


async def send(box: Outbox, *texts: str) -> None:
    for text in texts:
        await box.enqueue("POST", "/v1/messages", {"recipient_id": "user_2", "message": text})


async def test_enqueue_is_durable_at_once_with_a_fresh_uuid4_key(outbox: Outbox) -> None:
    entry = await outbox.enqueue("POST", "/v1/messages", {"message": "hi"}, label="Message to Rita")
    assert uuid.UUID(entry.idempotency_key).version == 4
    assert (entry.state, entry.attempts, entry.label) == ("pending", 0, "Message to Rita")

    other_process_view = Outbox(resolve_paths().data_dir / OUTBOX_FILE, SERVER, "user_1")
    assert await other_process_view.pending() == [entry]
    other_process_view.close()
    path = resolve_paths().data_dir / OUTBOX_FILE
    assert oct(path.stat().st_mode & 0o777) == "0o600"


async def test_replay_sends_in_order_once_and_marks_done(outbox: Outbox) -> None:
    await send(outbox, "one", "two", "three")
    server = DedupingServer()
    async with transport_for(server) as t:
        report = await outbox.replay(t)
        again = await outbox.replay(t)
    assert [text for _, text in server.applied] == ["one", "two", "three"]
    assert [d.result["message_id"] for d in report.delivered] == ["msg_1", "msg_2", "msg_3"]
    assert [d.entry.state for d in report.delivered] == ["done"] * 3
    assert (report.failed, report.stopped_by, report.pending) == ([], None, 0)
    assert again.delivered == [] and len(server.keys_seen) == 3
    assert await outbox.pending() == []


async def test_replay_stops_at_the_first_network_failure_and_resumes_with_the_same_key(
    outbox: Outbox,
) -> None:
    await send(outbox, "one", "two", "three")
    server = DedupingServer(trouble={"two": [httpx.ConnectError("refused")]})
    async with transport_for(server) as t:
        first = await outbox.replay(t)
        assert [text for _, text in server.applied] == ["one"]
        assert first.stopped_by is not None and first.stopped_by.status == 0
        assert first.pending == 2
        left = await outbox.pending()
        assert [e.body["message"] for e in left] == ["two", "three"]
        assert left[0].attempts == 1 and left[0].last_error
        second = await outbox.replay(t)
    assert [text for _, text in server.applied] == ["one", "two", "three"]
    assert [d.entry.body["message"] for d in second.delivered] == ["two", "three"]
    key_two = second.delivered[0].entry.idempotency_key
    assert server.keys_seen.count(key_two) == 2  # the failed try and the replay: one key


async def test_a_write_the_server_accepted_but_we_never_heard_of_is_not_doubled(
    outbox: Outbox,
) -> None:
    await send(outbox, "one")
    server = DedupingServer()
    entry = (await outbox.pending())[0]
    server(
        httpx.Request(
            "POST", SERVER, headers={"Idempotency-Key": entry.idempotency_key}, json=entry.body
        )
    )
    async with transport_for(server) as t:
        report = await outbox.replay(t)
    assert server.applied == [(entry.idempotency_key, "one")]
    assert report.delivered[0].result == {"message_id": "msg_1", "status": "sent"}


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (400, "BAD_REQUEST"),
        (403, "INSUFFICIENT_PERMISSIONS"),
        (404, "RESOURCE_NOT_FOUND"),
        (422, "VALIDATION_ERROR"),
    ],
)
async def test_writes_refused_with_4xx_are_failed_reported_and_skipped(
    outbox: Outbox, status: int, code: str
) -> None:
    await send(outbox, "one", "bad", "three")
    server = DedupingServer(trouble={"bad": [refusal(status, code)] * 5})
    async with transport_for(server) as t:
        report = await outbox.replay(t)
        later = await outbox.replay(t)
    assert [text for _, text in server.applied] == ["one", "three"]
    assert [e.body["message"] for e in report.failed] == ["bad"]
    assert report.failed[0].state == "failed"
    assert code in (report.failed[0].last_error or "")
    assert later.delivered == [] and later.failed == []
    assert [e.body["message"] for e in await outbox.entries("failed")] == ["bad"]


@pytest.mark.parametrize(
    "answer",
    [
        refusal(401, "INVALID_API_KEY"),  # the session ended: sign in again, then replay
        refusal(408, "REQUEST_TIMEOUT"),
        refusal(429, "RATE_LIMIT_EXCEEDED"),
        refusal(500, "INTERNAL_ERROR"),
    ],
)
async def test_refusals_that_may_pass_stop_the_replay_and_keep_the_entry(
    outbox: Outbox, answer: httpx.Response
) -> None:
    await send(outbox, "one", "two")
    server = DedupingServer(trouble={"one": [answer]})
    async with transport_for(server) as t:
        report = await outbox.replay(t)
        assert report.stopped_by is not None and report.stopped_by.status == answer.status_code
        assert server.applied == []
        assert [e.state for e in await outbox.entries()] == ["pending", "pending"]
        await outbox.replay(t)
    assert [text for _, text in server.applied] == ["one", "two"]


async def test_outboxes_are_per_server_and_user(outbox: Outbox) -> None:
    data_dir = resolve_paths().data_dir
    other_user = await Outbox.open(data_dir, SERVER, "user_2", kiosk=False)
    other_server = await Outbox.open(data_dir, "http://elsewhere.test", "user_1", kiosk=False)
    await send(outbox, "mine")
    await send(other_user, "theirs")
    assert [e.body["message"] for e in await outbox.pending()] == ["mine"]
    assert [e.body["message"] for e in await other_user.pending()] == ["theirs"]
    assert await other_server.pending() == []
    other_user.close()
    other_server.close()


async def test_reads_and_auth_requests_are_never_queued(outbox: Outbox) -> None:
    with pytest.raises(ValueError, match="only writes"):
        await outbox.enqueue("GET", "/v1/matches/me")
    for path in ("/api/v1/auth/loginVerify", "/v1/auth/api-keys"):
        with pytest.raises(ValueError, match="auth"):
            await outbox.enqueue("POST", path, {"verification_code": "123456"})
    assert await outbox.entries() == []


async def test_kiosk_outbox_writes_nothing_to_disk() -> None:
    box = await Outbox.open(resolve_paths().data_dir, SERVER, "user_1", kiosk=True)
    await send(box, "hi")
    assert len(await box.pending()) == 1
    box.close()
    home = Path(os.environ["TALENTTUI_HOME"])
    assert [p for p in home.rglob("*") if p.is_file()] == []


async def test_discard_drops_a_failed_entry(outbox: Outbox) -> None:
    await send(outbox, "bad")
    server = DedupingServer(trouble={"bad": [refusal(422, "VALIDATION_ERROR")]})
    async with transport_for(server) as t:
        report = await outbox.replay(t)
    await outbox.discard(report.failed[0].id)
    assert await outbox.entries() == []


# --- crash safety: a replaying process killed with SIGKILL -----------------------------------


def start_child(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.api.outbox_child", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_after_line(child: subprocess.Popen[str], prefix: str, timeout: float = 30.0) -> str:
    """Wait for the child's line starting with ``prefix``, then SIGKILL it; return the line."""
    assert child.stdout is not None
    ready, _, _ = select.select([child.stdout], [], [], timeout)
    line = child.stdout.readline() if ready else ""
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    assert line.startswith(prefix), (
        f"child said {line!r}; stderr: {child.stderr.read() if child.stderr else ''}"
    )
    assert child.returncode == -signal.SIGKILL
    return line.strip()


async def test_kill_9_between_the_servers_yes_and_mark_done_replays_once(
    outbox: Outbox, tmp_path: Path
) -> None:
    await send(outbox, "one", "two")
    ledger = tmp_path / "ledger.txt"
    child = start_child("mock", SERVER, "user_1", str(ledger))
    line = kill_after_line(child, "APPLIED ")
    first = (await outbox.pending())[0]
    assert line == f"APPLIED {first.idempotency_key}"
    # nothing but the entry was committed before it was sent: a try cut short is not counted
    assert first.attempts == 0 and first.state == "pending"

    server = DedupingServer()
    for key in ledger.read_text().split():  # what the server did before the crash
        server.applied.append((key, "one"))
        server.answers[key] = {"message_id": "msg_1", "status": "sent"}
    async with transport_for(server) as t:
        report = await outbox.replay(t)
    assert [text for _, text in server.applied] == ["one", "two"]
    assert [d.result["message_id"] for d in report.delivered] == ["msg_1", "msg_2"]
    assert report.delivered[0].entry.idempotency_key == first.idempotency_key
    assert report.delivered[0].entry.attempts == 1


async def test_kill_9_mid_replay_against_the_real_messages_endpoint(
    start_server: Callable[..., Live],
) -> None:
    """The same crash against the real server's POST /v1/messages and its Idempotency-Key."""
    live = start_server()
    candidate, company = matched_pair(live)
    probe = live.client.post("/v1/messages", json={}, headers=candidate.headers)
    if probe.status_code in (404, 405):
        pytest.skip("POST /v1/messages is not on the server yet")
    box = await Outbox.open(resolve_paths().data_dir, live.url, candidate.public_id, kiosk=False)
    text = f"Hello from the outbox {uuid.uuid4().hex[:8]}"
    entry = await box.enqueue(
        "POST", "/v1/messages", {"recipient_id": company.public_id, "message": text, "type": "text"}
    )
    child = start_child("real", live.url, candidate.public_id, candidate.token)
    line = kill_after_line(child, "SENT ")
    first_answer = json.loads(line.removeprefix("SENT "))
    assert [e.id for e in await box.pending()] == [entry.id]

    config = ClientConfig(server=live.url, retry=RetryPolicy(max_attempts=1))
    creds = CredentialStore.in_memory(live.url, Credentials(token=candidate.token))
    async with Transport(config, creds) as t:
        report = await box.replay(t)
        messages = await t.request(
            "GET", f"/v1/messages/conversations/{first_answer['conversation_id']}"
        )
    box.close()
    assert [d.entry.id for d in report.delivered] == [entry.id]
    assert report.delivered[0].result["message_id"] == first_answer["message_id"]
    listed = messages["messages"] if isinstance(messages, dict) else messages
    copies = [m for m in listed if text in (m.get("message"), m.get("text"), m.get("content"))]
    assert len(copies) == 1
