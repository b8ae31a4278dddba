"""``TalentClient`` against the real server: login and session restore, the cache offline,
logout, writes queued while the server is down, and secrets kept out of repr and logs.

Each test has its own TALENTTUI_HOME (tests/conftest.py). Tests that stop the server start
their own; the others share one module server and make their own users.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import sqlite3
import stat
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import closing
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from talenttui.api.cache import CACHE_FILE
from talenttui.api.client import Fresh, Queued, TalentClient
from talenttui.api.config import ClientConfig, RetryPolicy
from talenttui.api.credentials import CREDENTIALS_FILE, Credentials, CredentialStore, jwt_lifetime
from talenttui.api.endpoints import matches, messages, profiles
from talenttui.api.errors import AuthError, NotFound
from talenttui.api.models.matches import MatchPage
from talenttui.api.outbox import OUTBOX_FILE
from talenttui.api.transport import Transport
from talenttui.server.models import MatchAction, Message, Role
from talenttui.server.settings import OtpPolicy
from tests.conftest import FakeClock, Live
from tests.server.otp_helpers import latest_code
from tests.server.skillsync_people import Person, db, matched_pair, module_server, person

CLIENT_LOGGERS = ("talenttui.api", "httpx", "httpcore")
"""The client's own logs and its HTTP stack's; the server in this process logs elsewhere."""
QUICK = RetryPolicy(max_attempts=2, base_delay=0.01, max_delay=0.02)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    otp = OtpPolicy(resend_cooldown_seconds=0, max_sends_per_hour=10_000)
    with module_server(tmp_path_factory.mktemp("client"), otp=otp) as live:
        yield live


@pytest.fixture
def home() -> Path:
    return Path(os.environ["TALENTTUI_HOME"])


@pytest.fixture
async def clients() -> AsyncIterator[Callable[..., TalentClient]]:
    """Makes clients and closes them all at the end of the test."""
    made: list[TalentClient] = []

    def _make(live: Live, *, kiosk: bool = False, clock: FakeClock | None = None) -> TalentClient:
        config = ClientConfig.load(server=live.url, kiosk=kiosk, retry=QUICK)
        client = TalentClient(config, clock=clock) if clock else TalentClient(config)
        made.append(client)
        return client

    yield _make
    for client in made:
        await client.aclose()


async def sign_in(live: Live, client: TalentClient, who: Person) -> str:
    """Logs ``who`` in through the OTP endpoints; returns the code that was used."""
    sent = await client.request_login_code(who.email)
    code = await asyncio.to_thread(latest_code, live.client, who.email)
    await client.login_with_code(who.email, sent.session_id, code)
    return code


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def cached_users(home: Path) -> set[str]:
    with sqlite3.connect(home / "cache" / CACHE_FILE) as conn:
        return {row[0] for row in conn.execute("SELECT DISTINCT user FROM entries")}


@pytest.mark.parametrize("role", [Role.CANDIDATE, Role.RECRUITER])
async def test_login_stores_private_credentials_and_a_new_client_restores_the_session(
    server: Live, clients: Callable[..., TalentClient], home: Path, role: Role
) -> None:
    who = person(server, role=role, name="Pat Lee")
    client = clients(server)
    assert not client.signed_in
    await sign_in(server, client, who)

    me = client.me
    assert me is not None
    assert (me.email, me.role_id, me.public_id) == (who.email, role.value, who.public_id)
    assert who.public_id.startswith("user_")
    assert client.signed_in and client.identity == who.public_id
    path = home / "data" / CREDENTIALS_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    stored = json.loads(path.read_text())[server.url]
    assert stored["public_id"] == who.public_id and stored["token"] == me.token

    restored = clients(server)
    assert restored.signed_in
    assert restored.me == me
    profile = await restored.send(profiles.get_profile())
    assert profile.id == who.public_id


@pytest.mark.parametrize("skew_days", [30, -30])
async def test_a_clock_other_than_the_servers_neither_ends_nor_stretches_the_session(
    server: Live, clients: Callable[..., TalentClient], skew_days: int
) -> None:
    """The session lasts the token's lifetime from its arrival by this machine's clock: a
    clock a month ahead of the server's kept writes from being sent (the app thought the
    session over), and a month behind it would never end the session."""
    clock = FakeClock()
    clock.offset = skew_days * 86_400
    client = clients(server, clock=clock)
    who = person(server)
    await sign_in(server, client, who)
    assert client.signed_in
    lifetime = jwt_lifetime(client.credentials.bearer() or "")
    assert lifetime is not None and lifetime > 60
    clock.advance(lifetime - 30)
    assert client.signed_in
    clock.advance(60)
    assert not client.signed_in


async def test_a_wrong_code_raises_and_stores_nothing(
    server: Live, clients: Callable[..., TalentClient], home: Path
) -> None:
    who = person(server)
    client = clients(server)
    sent = await client.request_login_code(who.email)
    code = await asyncio.to_thread(latest_code, server.client, who.email)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    with pytest.raises(AuthError) as refused:
        await client.login_with_code(who.email, sent.session_id, wrong)
    assert refused.value.code == "OTP_INVALID"
    assert client.me is None and not client.signed_in
    assert not (home / "data" / CREDENTIALS_FILE).exists()
    assert not clients(server).signed_in


async def test_kiosk_signs_in_reads_and_writes_without_touching_the_disk(
    server: Live, clients: Callable[..., TalentClient], home: Path
) -> None:
    candidate, _ = matched_pair(server)
    client = clients(server, kiosk=True)
    await sign_in(server, client, candidate)
    assert client.signed_in and client.identity == candidate.public_id
    page = await client.cached(matches.list_matches(min_score=0))
    again = await client.cached(matches.list_matches(min_score=0))
    assert (page.source, again.source) == ("network", "cache")
    done = await client.send_or_queue(matches.act_on_match(page.data.matches[0].id, "save"))
    assert not isinstance(done, Queued) and done.status == "saved"
    await client.logout()
    assert files_under(home) == []
    assert not clients(server, kiosk=True).signed_in


async def test_cached_reads_come_from_the_network_then_the_cache_then_offline(
    start_server: Callable[..., Live], clients: Callable[..., TalentClient], clock: FakeClock
) -> None:
    live = start_server()
    candidate, _ = matched_pair(live)
    client = clients(live, clock=clock)
    await sign_in(live, client, candidate)
    feed = matches.list_matches(min_score=0)

    first = await client.cached(feed)
    assert (first.source, first.age_seconds) == ("network", 0.0)
    assert isinstance(first.data, MatchPage) and len(first.data.matches) == 1

    clock.advance(30)
    refreshed: list[Fresh[MatchPage]] = []
    second = await client.cached(feed, on_refresh=refreshed.append)
    await (await client.cache()).wait_idle()
    assert second.source == "cache" and second.data == first.data
    assert second.age_seconds == pytest.approx(30, abs=2)
    assert [r.source for r in refreshed] == ["network"]
    assert client.online is True

    live.close()
    clock.advance(60)
    refreshed.clear()
    third = await client.cached(feed, on_refresh=refreshed.append)
    await (await client.cache()).wait_idle()
    assert third.source == "cache" and third.data == first.data
    [offline] = refreshed
    assert offline.source == "offline" and offline.data == first.data
    assert offline.age_seconds == pytest.approx(60, abs=2)
    assert client.online is False


async def test_logout_wipes_the_credentials_and_only_that_users_cache(
    server: Live, clients: Callable[..., TalentClient], home: Path
) -> None:
    other, leaver = person(server, name="Other User"), person(server, name="Leaving User")
    first = clients(server)
    await sign_in(server, first, other)
    await first.cached(profiles.get_profile())
    second = clients(server)
    await sign_in(server, second, leaver)
    await second.cached(profiles.get_profile())
    await second.cached(matches.list_matches())
    assert cached_users(home) == {other.public_id, leaver.public_id}
    token = second.credentials.bearer()

    await second.logout()
    # the server ended the token too: a copy of it is refused
    copied = server.client.get("/v1/profiles/me", headers={"Authorization": f"Bearer {token}"})
    assert copied.status_code == 401
    assert second.me is None and not second.signed_in
    assert not (home / "data" / CREDENTIALS_FILE).exists()
    assert not clients(server).signed_in
    assert cached_users(home) == {other.public_id}


async def test_writes_queued_while_the_server_is_down_are_delivered_once_after_restart(
    start_server: Callable[..., Live], clients: Callable[..., TalentClient]
) -> None:
    live = start_server()
    candidate, company = matched_pair(live)
    client = clients(live)
    await sign_in(live, client, candidate)
    [match] = (await client.send(matches.list_matches(min_score=0))).matches

    live.close()
    accepted = await client.send_or_queue(
        matches.act_on_match(match.id, "accept", message="Hello!"), label="accept"
    )
    follow_up = await client.send_or_queue(
        messages.send_message(company.public_id, "Are you hiring?"), label="message"
    )
    assert isinstance(accepted, Queued) and isinstance(follow_up, Queued)
    assert client.online is False
    assert [e.label for e in await (await client.outbox()).pending()] == ["accept", "message"]

    live.restart()
    report = await client.replay()
    assert [d.entry.label for d in report.delivered] == ["accept", "message"]
    assert report.failed == [] and report.stopped_by is None
    assert (await client.replay()).delivered == []
    assert await (await client.outbox()).pending() == []

    assert (await client.send(matches.get_match(match.id))).status == "accepted"
    with db(live) as session:
        actions = session.scalar(
            select(func.count()).select_from(MatchAction).where(MatchAction.user_id == candidate.id)
        )
        texts = list(
            session.scalars(
                select(Message.body).where(Message.sender_id == candidate.id).order_by(Message.id)
            )
        )
    assert actions == 1
    assert texts == ["Hello!", "Are you hiring?"]


class LosesAnswers(httpx.AsyncBaseTransport):
    """The real network, except that while ``lose`` is set a write's answer never arrives
    after the server acted on it (a read timeout): a fault the real server cannot stage."""

    def __init__(self) -> None:
        self._real = httpx.AsyncHTTPTransport()
        self.lose = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._real.handle_async_request(request)
        await response.aread()
        if self.lose and request.method == "POST":
            raise httpx.ReadTimeout("answer lost", request=request)
        return response

    async def aclose(self) -> None:
        await self._real.aclose()


async def test_a_write_whose_answer_was_lost_is_not_doubled_by_the_replay(
    start_server: Callable[..., Live],
) -> None:
    live = start_server()
    candidate, company = matched_pair(live)
    config = ClientConfig.load(server=live.url, retry=RetryPolicy(max_attempts=1))
    store = CredentialStore.for_data_dir(config.store_server, config.paths.data_dir, kiosk=False)
    network = LosesAnswers()
    client = TalentClient(
        config, credentials=store, transport=Transport(config, store, http_transport=network)
    )
    try:
        await sign_in(live, client, candidate)
        [match] = (await client.send(matches.list_matches(min_score=0))).matches
        await client.send(matches.act_on_match(match.id, "accept"))
        network.lose = True
        queued = await client.send_or_queue(messages.send_message(company.public_id, "Once"))
        network.lose = False
        assert isinstance(queued, Queued)
        assert len((await client.replay()).delivered) == 1
    finally:
        await client.aclose()
    with db(live) as session:
        texts = list(session.scalars(select(Message.body).where(Message.sender_id == candidate.id)))
    assert texts == ["Once"]


async def test_no_token_or_code_in_repr_or_logs(
    server: Live, clients: Callable[..., TalentClient], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    candidate, _ = matched_pair(server)
    client = clients(server)
    code = await sign_in(server, client, candidate)
    await client.cached(matches.list_matches(min_score=0))
    await client.send(profiles.get_profile())
    me = client.me
    assert me is not None and me.token

    shown = [repr(client), str(client), repr(me), str(me), repr(client.credentials)]
    shown.append(repr(client.transport))
    assert candidate.public_id in repr(client)
    client_logs = [r.getMessage() for r in caplog.records if r.name.startswith(CLIENT_LOGGERS)]
    assert any("/api/v1/auth/loginVerify" in text for text in client_logs)
    lone_code = re.compile(rf"(?<!\d){code}(?!\d)")
    for text in shown + client_logs:
        assert me.token not in text
        assert not lone_code.search(text), text


async def test_a_write_that_cannot_connect_is_queued_after_one_try() -> None:
    """The outbox is the fallback, so no backoff is spent on a write while offline
    (a connection failure the real server cannot produce on demand: MockTransport)."""
    attempts: list[str] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        attempts.append(request.headers.get("Idempotency-Key", ""))
        raise httpx.ConnectError("connection refused", request=request)

    config = ClientConfig.load(server="http://127.0.0.1:9")
    store = CredentialStore.in_memory(
        config.store_server, Credentials(token="t", public_id="user_offline")
    )
    client = TalentClient(
        config,
        credentials=store,
        transport=Transport(config, store, http_transport=httpx.MockTransport(refuse)),
    )
    try:
        outcome = await client.send_or_queue(matches.act_on_match("match_x", "save"))
        assert isinstance(outcome, Queued)
        assert len(attempts) == 1 and attempts[0]
        assert outcome.entry.idempotency_key == attempts[0]
    finally:
        await client.aclose()


class ChecksTheOutboxFirst(httpx.AsyncBaseTransport):
    """The real network; on each write it reads the outbox file as another process would."""

    def __init__(self, outbox_file: Path) -> None:
        self._real = httpx.AsyncHTTPTransport()
        self._file = outbox_file
        self.stored_before_sent: list[bool] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.startswith("/v1/matches/"):
            key = request.headers["Idempotency-Key"]
            with closing(sqlite3.connect(self._file)) as conn:
                row = conn.execute(
                    "SELECT state FROM outbox WHERE idempotency_key = ?", (key,)
                ).fetchone()
            self.stored_before_sent.append(row == ("pending",))
        return await self._real.handle_async_request(request)

    async def aclose(self) -> None:
        await self._real.aclose()


async def test_a_write_is_on_disk_before_it_is_sent_and_a_refusal_is_raised(
    start_server: Callable[..., Live],
) -> None:
    live = start_server()
    candidate, _ = matched_pair(live)
    config = ClientConfig.load(server=live.url)
    store = CredentialStore.for_data_dir(config.store_server, config.paths.data_dir, kiosk=False)
    network = ChecksTheOutboxFirst(config.paths.data_dir / OUTBOX_FILE)
    client = TalentClient(
        config, credentials=store, transport=Transport(config, store, http_transport=network)
    )
    try:
        await sign_in(live, client, candidate)
        [match] = (await client.send(matches.list_matches(min_score=0))).matches
        done = await client.send_or_queue(matches.act_on_match(match.id, "save"), label="save")
        assert not isinstance(done, Queued) and done.status == "saved"
        with pytest.raises(NotFound):
            await client.send_or_queue(matches.act_on_match("match_00000000deadbeef", "save"))
        assert network.stored_before_sent == [True, True]
        outbox = await client.outbox()
        assert await outbox.pending_count() == 0
        assert [e.state for e in await outbox.entries()] == ["done", "failed"]
    finally:
        await client.aclose()
