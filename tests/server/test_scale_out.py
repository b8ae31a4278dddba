"""Several server processes on one PostgreSQL database, as an organisation runs them: realtime,
rate limits, webhooks, mail, the secret and start-up hold across processes.

Each "process" here is a server with its own event loop, engine, hub, bus, limiter and
background workers (in a thread of the test: nothing is shared in memory between two
apps); `test_workers_start_together_on_an_empty_database` starts real OS processes.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets
from sqlalchemy import create_engine, func, select, text

from talenttui.server.models import (
    ConversationParticipant,
    Message,
    OutboxMail,
    User,
    WebhookDelivery,
)
from talenttui.server.runner import free_port
from talenttui.server.settings import SmtpSettings
from tests.conftest import FakeClock, Live, run_databases
from tests.database import needs_postgres, sync_session, sync_url
from tests.server.otp_helpers import signup
from tests.server.readiness import wait_until_ready
from tests.server.skillsync_people import Person, matched_pair
from tests.server.test_mail_smtp import SmtpSink
from tests.server.test_revocation import api_key, bearer, closed_with, next_event
from tests.server.webhook_receiver import Receiver, register, send_message

pytestmark = needs_postgres


@pytest.fixture
def pair(start_server: Callable[..., Live], tmp_path: Path) -> tuple[Live, Live]:
    """Two servers on one database, each with a data dir of its own."""
    first = start_server(data_dir=tmp_path / "a")
    second = start_server(data_dir=tmp_path / "b", database_url=first.settings.database_url)
    return first, second


def _ws_url(live: Live, query: str = "") -> str:
    return live.url.replace("http://", "ws://") + "/v1/realtime" + query


async def _recv(ws: Any, timeout: float = 10.0) -> dict[str, Any]:
    frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), timeout))
    return frame


async def _post(live: Live, sender: Person, recipient: Person, text: str) -> None:
    async with httpx.AsyncClient(base_url=live.url, timeout=30) as client:
        resp = await client.post(
            "/v1/messages",
            json={"recipient_id": recipient.public_id, "message": text},
            headers=sender.headers,
        )
    assert resp.status_code == 201, resp.text


async def test_a_message_sent_through_one_process_reaches_a_socket_on_the_other(
    pair: tuple[Live, Live],
) -> None:
    """...once and in order, and a reconnect with since= to either process replays the rest."""
    a, b = pair
    candidate, company = matched_pair(a)
    headers = {"Authorization": f"Bearer {candidate.token}"}
    async with websockets.connect(_ws_url(b), additional_headers=headers) as ws:
        ready = await _recv(ws)
        assert ready["event"] == "session.ready"
        for n in range(5):
            await _post(a, company, candidate, f"through a {n}")
        frames = [await _recv(ws)]
        while sum(f["event"] == "message.received" for f in frames) < 5:
            frames.append(await _recv(ws))
    messages = [f["data"]["message"] for f in frames if f["event"] == "message.received"]
    assert messages == [f"through a {n}" for n in range(5)]
    seqs = [f["seq"] for f in frames]
    assert seqs == list(range(ready["data"]["seq"] + 1, ready["data"]["seq"] + 1 + len(frames)))
    await _post(b, company, candidate, "while away")
    for replayer in (a, b):
        query = f"?since={seqs[-1]}"
        async with websockets.connect(_ws_url(replayer, query), additional_headers=headers) as ws:
            replayed = await _recv(ws)
        assert (replayed["seq"], replayed["data"]["message"]) == (seqs[-1] + 1, "while away")


async def test_typing_crosses_processes(pair: tuple[Live, Live]) -> None:
    a, b = pair
    candidate, company = matched_pair(a)
    await _post(a, company, candidate, "hello")
    them = {"Authorization": f"Bearer {candidate.token}"}
    me = {"Authorization": f"Bearer {company.token}"}
    async with (
        websockets.connect(_ws_url(b, "?since=0"), additional_headers=them) as theirs,
        websockets.connect(_ws_url(a), additional_headers=me) as mine,
    ):
        started = await _recv(theirs)
        while started["event"] != "message.received":
            started = await _recv(theirs)
        await _recv(mine)  # session.ready
        await mine.send(
            json.dumps({"type": "typing", "conversation_id": started["data"]["conversation_id"]})
        )
        typing = await _recv(theirs)
    assert typing["event"] == "typing" and typing["data"]["user_id"] == company.public_id


async def test_a_revocation_through_one_process_closes_its_sockets_on_the_other(
    pair: tuple[Live, Live],
) -> None:
    """An API key revoked and a token logged out through A close the sockets opened with
    them on B (4401), and only those: B's hub hears of it over the bus, not in memory."""
    a, b = pair
    candidate, company = matched_pair(a)
    key = api_key(a, company)
    token = signup(a.client, "leaving@example.com")["token"]
    async with (
        websockets.connect(_ws_url(b), additional_headers=bearer(key["key"])) as by_key,
        websockets.connect(_ws_url(b), additional_headers=bearer(token)) as by_login,
        websockets.connect(_ws_url(b), additional_headers=company.headers) as stays,
    ):
        for ws in (by_key, by_login, stays):
            await next_event(ws, "session.ready")
        revoked = a.client.delete(f"/v1/auth/api-keys/{key['id']}", headers=company.headers)
        assert revoked.status_code == 200
        assert await closed_with(by_key) == (4401, "credential revoked")
        assert a.client.post("/api/v1/auth/logout", headers=bearer(token)).status_code == 200
        assert await closed_with(by_login) == (4401, "credential revoked")
        await _post(a, candidate, company, "still here")
        frame = await next_event(stays, "message.received")
        assert frame["data"]["message"] == "still here"


async def test_a_credential_revoked_through_one_process_is_refused_on_the_other(
    start_server: Callable[..., Live], tmp_path: Path
) -> None:
    """B keeps what it checked for an hour here, so only the revocation's notification over
    the bus can end B's entry: once it has arrived (B closed the key's socket), B refuses
    the key on its next request."""
    a = start_server(data_dir=tmp_path / "a", credential_cache_seconds=3600.0)
    b = start_server(
        data_dir=tmp_path / "b",
        database_url=a.settings.database_url,
        credential_cache_seconds=3600.0,
    )
    _, company = matched_pair(a)
    key = api_key(a, company)
    path = "/v1/messages/conversations"
    assert b.client.get(path, headers=bearer(key["key"])).status_code == 200
    async with websockets.connect(_ws_url(b), additional_headers=bearer(key["key"])) as by_key:
        await next_event(by_key, "session.ready")
        revoked = a.client.delete(f"/v1/auth/api-keys/{key['id']}", headers=company.headers)
        assert revoked.status_code == 200
        assert await closed_with(by_key) == (4401, "credential revoked")
    refused = b.client.get(path, headers=bearer(key["key"]))
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "INVALID_API_KEY"
    assert b.client.get(path, headers=company.headers).status_code == 200


def test_the_rate_limit_is_one_bucket_across_processes(
    pair: tuple[Live, Live], clock: FakeClock
) -> None:
    """A Free caller's burst of 100 is spent once, whichever process each request reaches."""
    a, b = pair
    token = signup(a.client, "free@example.com")["token"]
    clock.freeze()
    headers = {"Authorization": f"Bearer {token}"}
    statuses = Counter(
        (a if n % 2 else b).client.get("/v1/profiles/me", headers=headers).status_code
        for n in range(160)
    )
    assert statuses == {200: 100, 429: 60}


def test_a_slow_receiver_gets_each_webhook_once(pair: tuple[Live, Live]) -> None:
    a, b = pair
    receiver = Receiver(delay=0.2)
    try:
        candidate, company = matched_pair(a)
        assert register(a, candidate, receiver.url).status_code == 201
        for n in range(20):
            send_message(a if n % 2 else b, company, candidate, f"hook {n}")
        receiver.wait_for(20, timeout=30)
        time.sleep(0.5)  # room for a duplicate to show up, were one on its way
        ids = [json.loads(raw)["id"] for raw, _ in receiver.calls]
        assert len(ids) == len(set(ids)) == 20
        with a.db() as session:
            attempts = list(session.scalars(select(WebhookDelivery.attempts)))
        assert attempts == [1] * 20
    finally:
        receiver.close()


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    server = SmtpSink()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_each_mail_is_sent_once_by_one_of_the_processes(
    start_server: Callable[..., Live], tmp_path: Path, smtp_sink: SmtpSink
) -> None:
    smtp = SmtpSettings(host="127.0.0.1", port=smtp_sink.port, tls="none")
    a = start_server(data_dir=tmp_path / "a", smtp=smtp)
    b = start_server(data_dir=tmp_path / "b", smtp=smtp, database_url=a.settings.database_url)
    for n in range(10):
        live = a if n % 2 else b
        sent = live.client.post("/api/v1/auth/signupOTP", json={"email": f"m{n}@example.com"})
        assert sent.status_code == 200
    deadline = time.monotonic() + 20
    while len(smtp_sink.messages) < 10 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # room for a duplicate to show up, were one on its way
    recipients = sorted(
        next(line for line in m.splitlines() if line.startswith("To: ")) for m in smtp_sink.messages
    )
    assert recipients == sorted(f"To: m{n}@example.com" for n in range(10))
    with a.db() as session:
        mails = list(session.scalars(select(OutboxMail)))
    assert [(m.attempts, m.delivered_at is not None) for m in mails] == [(1, True)] * 10


def test_every_process_signs_with_the_one_secret_in_the_database(
    pair: tuple[Live, Live],
) -> None:
    a, b = pair
    assert a.secret == b.secret
    token = signup(a.client, "both@example.com")["token"]
    me = b.client.get("/v1/profiles/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200


def test_readyz_answers_503_when_the_database_is_gone(start_server: Callable[..., Live]) -> None:
    live = start_server()
    ready = live.client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "database": "ok", "realtime": "listening"}
    databases = run_databases()
    assert databases is not None and live.settings.database_url is not None
    databases.drop(live.settings.database_url)
    gone = live.client.get("/readyz")
    assert gone.status_code == 503 and gone.json()["database"] == "unreachable"
    assert live.client.get("/healthz").status_code == 200  # alive all the same


def test_workers_start_together_on_an_empty_database(tmp_path: Path) -> None:
    """`talenttui server --workers 2 --demo` on a database with no schema: both processes
    migrate and seed at once, one after the other under advisory locks, and both serve."""
    databases = run_databases()
    assert databases is not None
    url = databases.empty()
    port = free_port()
    env = {
        **os.environ,
        "TALENTTUI_HOME": str(tmp_path / "home"),
        "TALENTTUI_DATABASE_URL": url,
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "talenttui", "server", "--workers=2", "--demo", f"--port={port}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until_ready(f"http://127.0.0.1:{port}", proc, 90, "the workers")
        time.sleep(1.0)  # the slower worker finishes its start-up (finding the seed done)
        for n in range(10):
            sent = httpx.post(
                f"http://127.0.0.1:{port}/api/v1/auth/loginOTP",
                json={"email": f"someone{n}@example.com"},
            )
            assert sent.status_code == 200
    finally:
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=60)
    assert output.count("Application startup complete") == 2, output
    assert "Traceback" not in output, output
    engine = create_engine(sync_url(url))
    with engine.connect() as conn:
        janes = conn.scalar(
            select(func.count()).select_from(User).where(User.email == "jane.doe@acme.example")
        )
        users = conn.scalar(select(func.count()).select_from(User))
    engine.dispose()
    assert janes == 1 and users is not None and users > 200


def _deadlocks(url: str) -> int:
    with sync_session(url) as db:
        return int(
            db.execute(
                text("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
            ).scalar_one()
        )


def test_groups_of_sends_on_both_processes_into_the_same_conversations_never_deadlock(
    pair: tuple[Live, Live], caplog: pytest.LogCaptureFixture
) -> None:
    """Both processes group the sends that wait together (``server/group_commit.py``), each
    group into several conversations, both ways: every send is stored once, the unread
    counts add up, and no group failed (a deadlock would make one, retried one by one)."""
    a, b = pair
    people = [matched_pair(a) for _ in range(4)]
    url = a.settings.database_url
    assert url is not None
    before = _deadlocks(url)

    async def fire() -> list[httpx.Response]:
        async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=200)) as http:
            sends = [
                http.post(
                    f"{live.url}/v1/messages",
                    json={"recipient_id": recipient.public_id, "message": f"round {n}"},
                    headers=sender.headers,
                )
                for n in range(5)  # ten sends per person: within a Free sender's limit
                for candidate, recruiter in people
                for live in (a, b)
                for sender, recipient in ((candidate, recruiter), (recruiter, candidate))
            ]
            return await asyncio.gather(*sends)

    with caplog.at_level("WARNING", logger="talenttui.group_commit"):
        answers = asyncio.run(fire())
    assert Counter(r.status_code for r in answers) == {201: len(answers)}
    with sync_session(url) as db:
        stored = db.scalar(select(func.count()).select_from(Message))
        unread = db.scalar(select(func.sum(ConversationParticipant.unread_count)))
    assert stored == unread == len(answers)
    assert not [r for r in caplog.records if r.name == "talenttui.group_commit"]
    time.sleep(1.5)  # a backend's counts reach pg_stat_database when it has been idle 1 s
    assert _deadlocks(url) == before
