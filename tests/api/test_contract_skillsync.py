"""Every SkillSync endpoint through ``TalentClient.send`` against the real server.

Each client is signed in by the OTP flow and talks to the server through ``Tap``, a
pass-through transport that keeps the ``data`` of the last answer. ``assert_mirrors``
then proves the typed result says exactly what the server said: every key sent is a
declared field (a misspelt wire name would land in the model's extras) and the typed
values dump back to the same JSON. Each test makes its own users, so the module's one
server is shared without tests seeing each other's rows.
"""

from __future__ import annotations

import asyncio
import base64
import json
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from pydantic import BaseModel
from sqlalchemy import func, select

from talenttui.api.client import TalentClient
from talenttui.api.config import ClientConfig
from talenttui.api.credentials import Credentials, CredentialStore
from talenttui.api.endpoints import analytics, api_keys, matches, messages, profiles, webhooks
from talenttui.api.errors import AuthError, NotFound, PermissionDenied, ValidationFailed
from talenttui.api.models.events import MessageReceived
from talenttui.api.models.profiles import (
    Preferences,
    ProfileChanges,
    RequiredSkill,
    Role,
    SalaryRange,
    Skill,
)
from talenttui.api.realtime import ConnectionState, RealtimeEvent
from talenttui.api.transport import Transport
from talenttui.server.models import Role as UserRole
from talenttui.server.models import User
from talenttui.server.settings import OtpPolicy
from tests.conftest import Live
from tests.server.otp_helpers import latest_code
from tests.server.skillsync_people import (
    CANDIDATE_PROFILE,
    COMPANY_PROFILE,
    Person,
    db,
    matched_pair,
    module_server,
    person,
    put_profile,
)
from tests.server.webhook_receiver import Receiver

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    otp = OtpPolicy(resend_cooldown_seconds=0, max_sends_per_hour=10_000)
    with module_server(tmp_path_factory.mktemp("contract"), otp=otp) as live:
        yield live


class Tap(httpx.AsyncBaseTransport):
    """The real network, plus the ``data`` of the last JSON answer kept for comparison."""

    def __init__(self) -> None:
        self._real = httpx.AsyncHTTPTransport()
        self.data: Any = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._real.handle_async_request(request)
        body = await response.aread()
        payload = json.loads(body) if body else None
        self.data = payload.get("data") if isinstance(payload, dict) else None
        return response

    async def aclose(self) -> None:
        await self._real.aclose()


@dataclass
class Signed:
    client: TalentClient
    tap: Tap
    who: Person


Login = Callable[[Person], Awaitable[Signed]]


@pytest.fixture
async def login(server: Live) -> AsyncIterator[Login]:
    """Sign people in through ``request_login_code``/``login_with_code`` and the dev outbox."""
    opened: list[TalentClient] = []

    async def _login(who: Person) -> Signed:
        config = ClientConfig.load(server=server.url, kiosk=True)
        store = CredentialStore.in_memory(server.url)
        tap = Tap()
        client = TalentClient(
            config, credentials=store, transport=Transport(config, store, http_transport=tap)
        )
        opened.append(client)
        sent = await client.request_login_code(who.email)
        code = await asyncio.to_thread(latest_code, server.client, who.email)
        creds = await client.login_with_code(who.email, sent.session_id, code)
        assert creds.public_id == who.public_id
        return Signed(client, tap, who)

    yield _login
    for client in opened:
        await client.aclose()


def _extras(model: BaseModel, path: str = "") -> list[str]:
    found = [f"{path}{name}" for name in model.model_extra or {}]
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, BaseModel):
                found += _extras(item, f"{path}{name}.")
    return found


def assert_mirrors(typed: BaseModel, sent: Any) -> None:
    assert _extras(typed) == [], "the server sent fields the model does not declare"
    assert typed.model_dump(mode="json", exclude_unset=True) == sent


def _company(live: Live, name: str) -> Person:
    company = person(live, role=UserRole.RECRUITER, name="Rita Recruiter")
    put_profile(live, company, {**COMPANY_PROFILE, "name": name})
    return company


# -- matches ---------------------------------------------------------------------------------


async def test_matches_feed_filters_pages_details_and_actions(server: Live, login: Login) -> None:
    tag = secrets.token_hex(3)
    names = {f"Contract Co {tag} {i}" for i in range(3)}
    for name in sorted(names):
        _company(server, name)
    me = await login(person(server, name="Sam Carter"))
    await me.client.send(profiles.update_profile(ProfileChanges.model_validate(CANDIDATE_PROFILE)))
    send = me.client.send

    first = await send(matches.list_matches(limit=2, page=1, min_score=0))
    assert_mirrors(first, me.tap.data)
    total = first.pagination.total
    assert total >= 3 and len(first.matches) == 2
    assert (first.pagination.page, first.pagination.per_page) == (1, 2)
    assert first.pagination.total_pages == -(-total // 2)
    assert first.filters_applied == {"min_score": 0}
    seen: list[str] = []
    for page in range(1, first.pagination.total_pages + 1):
        got = await send(matches.list_matches(limit=2, page=page, min_score=0))
        seen += [m.id for m in got.matches]
    assert len(seen) == len(set(seen)) == total
    ours = [m for m in first.matches if m.name in names]
    assert ours and all(m.profile and m.profile.role_title == "Full Stack Engineer" for m in ours)

    filtered = await send(
        matches.list_matches(
            min_score=50, skills=["React", "Node.js"], experience_level="mid", status="new"
        )
    )
    assert_mirrors(filtered, me.tap.data)
    assert filtered.filters_applied == {
        "min_score": 50,
        "skills": ["React", "Node.js"],
        "experience_level": "mid",
        "status": "new",
    }
    assert filtered.matches and all(m.match_score >= 50 for m in filtered.matches)
    assert all({"React", "Node.js"} <= set(m.top_skills(10)) for m in filtered.matches)

    target = next(m for m in filtered.matches if m.name in names)
    one = await send(matches.get_match(target.id))
    assert_mirrors(one, me.tap.data)
    assert one.id == target.id and one.match_score == target.match_score
    assert one.insights is not None and one.insights.summary
    assert one.insights.score_breakdown is not None
    assert one.insights.score_breakdown.overall == target.match_score

    saved = await send(matches.act_on_match(target.id, "save"))
    assert_mirrors(saved, me.tap.data)
    assert (saved.match_id, saved.status, saved.conversation_id) == (target.id, "saved", None)
    in_saved = await send(matches.list_matches(status="saved", min_score=0))
    assert [m.id for m in in_saved.matches] == [target.id]
    assert in_saved.matches[0].status == "saved"

    accepted = await send(
        matches.act_on_match(target.id, "accept", message="Happy to talk", idempotency_key=tag)
    )
    assert accepted.status == "accepted" and accepted.conversation_id
    convs = await send(messages.list_conversations())
    assert [c.id for c in convs.conversations] == [accepted.conversation_id]
    assert convs.conversations[0].match_id == target.id
    assert convs.conversations[0].last_message is not None
    assert convs.conversations[0].last_message.message == "Happy to talk"

    with pytest.raises(NotFound):
        await send(matches.get_match(f"match_{secrets.token_hex(8)}"))
    other = person(server)
    with pytest.raises(PermissionDenied) as denied:
        await send(matches.list_matches(other.public_id))
    assert denied.value.details == {"user_id": other.public_id}
    with pytest.raises(ValidationFailed) as bad:
        await send(matches.list_matches(limit=500))
    assert bad.value.field == "limit"


async def test_reset_puts_a_match_back_to_new(server: Live, login: Login) -> None:
    candidate, _ = matched_pair(server)
    me = await login(candidate)
    match = (await me.client.send(matches.list_matches(min_score=0))).matches[0]
    await me.client.send(matches.act_on_match(match.id, "save"))
    reset = await me.client.send(matches.act_on_match(match.id, "reset"))
    assert reset.status == "new"


# -- profiles --------------------------------------------------------------------------------


async def test_profile_read_update_and_photo(server: Live, login: Login) -> None:
    me = await login(person(server, name="Pat Lee"))
    send = me.client.send

    blank = await send(profiles.get_profile())
    assert_mirrors(blank, me.tap.data)
    assert (blank.id, blank.name, blank.skills) == (me.who.public_id, "Pat Lee", [])
    assert blank.verification["email"] is True and not blank.is_company

    changes = ProfileChanges(
        title="Backend Engineer",
        bio="Builds APIs in Python and keeps them fast.",
        location="Lisbon, Portugal",
        remote_work=True,
        experience_years=6,
        skills=[Skill(name="Python", level="expert", years=6), Skill(name="Go", level="advanced")],
        preferences=Preferences(salary_range=SalaryRange(min=70000, max=90000, currency="EUR")),
        social_links={"github": "https://github.com/patlee"},
    )
    assert "name" not in changes.body() and "skills" in changes.body()
    updated = await send(profiles.update_profile(changes))
    assert_mirrors(updated, me.tap.data)
    assert updated.updated_fields == sorted(changes.body())
    assert updated.name == "Pat Lee" and updated.title == "Backend Engineer"
    assert [(s.name, s.level, s.years) for s in updated.skills] == [
        ("Python", "expert", 6),
        ("Go", "advanced", 0),
    ]
    assert updated.preferences.salary_range == SalaryRange(min=70000, max=90000, currency="EUR")
    assert {s.field for s in updated.suggestions} >= {"avatar"}

    merged = await send(
        profiles.update_profile(
            ProfileChanges(
                preferences=Preferences(role_types=["contract"]),
                social_links={"github": None, "site": "https://pat.dev"},
            )
        )
    )
    assert merged.preferences.role_types == ["contract"]
    assert merged.preferences.salary_range is not None, "preferences merge key by key"
    assert merged.social_links == {"site": "https://pat.dev"}

    read_back = await send(profiles.get_profile(me.who.public_id))
    assert_mirrors(read_back, me.tap.data)
    assert read_back.model_dump(exclude={"updated_fields", "suggestions"}) == merged.model_dump(
        exclude={"updated_fields", "suggestions"}
    )

    photo = await send(profiles.upload_photo(PNG, filename="me.txt", content_type="text/plain"))
    assert_mirrors(photo, me.tap.data)
    assert (photo.content_type, photo.size_bytes) == ("image/png", len(PNG))
    assert photo.avatar.startswith(f"{server.url}/v1/photos/") and photo.avatar.endswith(".png")
    assert photo.profile is not None and photo.profile.avatar == photo.avatar
    assert (await send(profiles.get_profile())).avatar == photo.avatar
    served = await asyncio.to_thread(server.client.get, photo.avatar.removeprefix(server.url))
    assert served.content == PNG

    with pytest.raises(ValidationFailed) as not_image:
        await send(profiles.upload_photo(b"plain words, not pixels"))
    assert not_image.value.field == "photo"
    assert not_image.value.details["issue"] == "unsupported_image_type"
    with pytest.raises(ValidationFailed) as too_long:
        await send(profiles.update_profile(ProfileChanges(experience_years=99)))
    assert too_long.value.field == "experience_years"
    assert too_long.value.details["provided"] == 99
    with pytest.raises(ValidationFailed) as company_field:
        await send(profiles.update_profile(ProfileChanges(industry="Software")))
    assert company_field.value.details["issue"] == "company_profile_only"

    stranger = person(server)
    with pytest.raises(NotFound):
        await send(profiles.get_profile(stranger.public_id))
    with pytest.raises(PermissionDenied):
        await send(profiles.update_profile(ProfileChanges(title="x"), stranger.public_id))


async def test_company_profile_round_trips_its_opening(server: Live, login: Login) -> None:
    me = await login(person(server, role=UserRole.RECRUITER, name="Rita Recruiter"))
    changes = ProfileChanges(
        name="Typed Co",
        type="startup",
        company_size="11-50",
        industry="Technology",
        required_skills=[
            RequiredSkill(name="Rust", importance=1.0, min_level="advanced", min_years=2),
            RequiredSkill(name="SQL", importance=0.5),
        ],
        role=Role(title="Systems Engineer", remote=True),
    )
    updated = await me.client.send(profiles.update_profile(changes))
    assert_mirrors(updated, me.tap.data)
    assert updated.is_company and updated.role is not None
    assert (updated.role.title, updated.role.remote, updated.role.experience_level) == (
        "Systems Engineer",
        True,
        "mid",
    )
    assert [(s.name, s.min_level, s.min_years) for s in updated.required_skills or []] == [
        ("Rust", "advanced", 2),
        ("SQL", "beginner", 0),
    ]
    assert (updated.type, updated.company_size) == ("startup", "11-50")


# -- messages and the realtime stream -------------------------------------------------------


async def _until(check: Callable[[], bool], timeout: float = 10) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def test_messages_conversations_unread_counts_and_live_events(
    server: Live, login: Login
) -> None:
    candidate, company = matched_pair(server)
    sam = await login(candidate)
    rita = await login(company)
    events: list[RealtimeEvent] = []
    resyncs: list[int] = []

    async def on_event(event: RealtimeEvent) -> None:
        events.append(event)

    async def on_resync() -> None:
        resyncs.append(1)

    stream = rita.client.realtime(on_event=on_event, on_resync=on_resync)
    task = asyncio.create_task(stream.run())
    try:
        await _until(lambda: stream.state == ConnectionState.ONLINE and stream.last_seq is not None)

        key = secrets.token_hex(8)
        hello = await sam.client.send(
            messages.send_message(company.public_id, "Hello Rita", idempotency_key=key)
        )
        assert_mirrors(hello, sam.tap.data)
        assert hello.status == "sent" and hello.read_receipt_enabled
        again = await sam.client.send(
            messages.send_message(company.public_id, "Hello Rita", idempotency_key=key)
        )
        assert again.message_id == hello.message_id, "the key reached the server"
        follow = await sam.client.send(
            messages.send_message(company.public_id, "Free on Friday?", metadata={"k": "v"})
        )
        assert follow.conversation_id == hello.conversation_id

        def received() -> list[RealtimeEvent]:
            return [e for e in events if e.event == "message.received"]

        await _until(lambda: len(received()) == 2)
        first, second = received()
        assert first.data["message_id"] == hello.message_id
        assert first.data["sender_id"] == candidate.public_id
        assert first.data["conversation_id"] == hello.conversation_id
        assert (second.data["message"], second.data["metadata"]) == ("Free on Friday?", {"k": "v"})
        typed = second.payload()
        assert isinstance(typed, MessageReceived)
        assert (typed.message_id, typed.message) == (follow.message_id, "Free on Friday?")
        assert typed.model_dump(exclude_none=True) == {
            k: v for k, v in second.data.items() if v is not None
        }
        assert resyncs == []
    finally:
        await stream.stop()
        await asyncio.wait_for(task, 10)

    listed = await rita.client.send(messages.list_conversations())
    assert_mirrors(listed, rita.tap.data)
    (conv,) = listed.conversations
    assert (conv.id, conv.unread_count) == (hello.conversation_id, 2)
    assert conv.last_message is not None and conv.last_message.id == follow.message_id
    assert conv.last_message.sender_id == candidate.public_id
    assert {p.id for p in conv.participants} == {candidate.public_id, company.public_id}
    other = conv.other(company.public_id)
    assert other is not None and other.name == "Sam Carter"
    assert listed.pagination.next_cursor is None
    assert [
        c.id
        for c in (await rita.client.send(messages.list_conversations(search="sam"))).conversations
    ] == [conv.id]
    assert (
        await rita.client.send(messages.list_conversations(search="nobody"))
    ).conversations == []
    unread = await rita.client.send(messages.list_conversations(unread_only=True))
    assert [c.id for c in unread.conversations] == [conv.id]
    mine = await sam.client.send(messages.list_conversations())
    assert [(c.id, c.unread_count) for c in mine.conversations] == [(conv.id, 0)]

    newest = await rita.client.send(messages.get_conversation(conv.id, limit=1))
    assert_mirrors(newest, rita.tap.data)
    assert [m.id for m in newest.messages] == [follow.message_id]
    assert newest.messages[0].metadata == {"k": "v"}
    assert newest.conversation.id == conv.id
    assert newest.pagination.next_cursor == follow.message_id
    older = await rita.client.send(
        messages.get_conversation(conv.id, limit=1, before=newest.pagination.next_cursor)
    )
    assert [(m.id, m.message) for m in older.messages] == [(hello.message_id, "Hello Rita")]
    assert older.pagination.next_cursor is None
    read = await rita.client.send(messages.list_conversations())
    assert read.conversations[0].unread_count == 0, "reading the newest page marks it read"
    assert (
        await rita.client.send(messages.list_conversations(unread_only=True))
    ).conversations == []

    with pytest.raises(ValidationFailed) as blank:
        await sam.client.send(messages.send_message(company.public_id, "   "))
    assert blank.value.field == "message"
    with pytest.raises(PermissionDenied):
        await sam.client.send(messages.send_message(person(server).public_id, "hi"))
    with pytest.raises(NotFound):
        await sam.client.send(messages.get_conversation(f"conv_{secrets.token_hex(8)}"))


async def test_conversation_list_pages_by_cursor(server: Live, login: Login) -> None:
    first_candidate, company = matched_pair(server)
    second_candidate = person(server, name="Kim Park")
    put_profile(server, second_candidate, {**CANDIDATE_PROFILE, "name": "Kim Park"})
    for candidate in (first_candidate, second_candidate):
        writer = await login(candidate)
        await writer.client.send(messages.send_message(company.public_id, "hi"))
    rita = await login(company)
    first = await rita.client.send(messages.list_conversations(limit=1))
    assert_mirrors(first, rita.tap.data)
    assert len(first.conversations) == 1 and first.pagination.next_cursor
    assert first.pagination.limit == 1
    rest = await rita.client.send(
        messages.list_conversations(limit=1, cursor=first.pagination.next_cursor)
    )
    assert len(rest.conversations) == 1
    assert rest.conversations[0].id != first.conversations[0].id
    assert rest.pagination.next_cursor is None
    others = [c.other(company.public_id) for c in (*first.conversations, *rest.conversations)]
    assert {p.name for p in others if p is not None} == {"Sam Carter", "Kim Park"}


# -- analytics -------------------------------------------------------------------------------


async def test_user_analytics_count_what_happened(server: Live, login: Login) -> None:
    candidate, company = matched_pair(server)
    sam = await login(candidate)
    rita = await login(company)
    await sam.client.send(profiles.get_profile(company.public_id))
    await sam.client.send(messages.send_message(company.public_id, "Hi there"))
    await rita.client.send(messages.send_message(candidate.public_id, "Hello back"))

    mine = await sam.client.send(analytics.user_analytics())
    assert_mirrors(mine, sam.tap.data)
    feed = await sam.client.send(matches.list_matches(min_score=0))
    assert mine.matches.total_received == feed.pagination.total
    assert mine.matches.accepted == 0 and mine.matches.acceptance_rate == "0%"
    assert (mine.messages.sent, mine.messages.received) == (1, 1)
    assert mine.messages.response_rate == "0%", "Sam wrote first and answered nothing"
    assert mine.profile_views.total == 0

    theirs = await rita.client.send(analytics.user_analytics(company.public_id))
    assert_mirrors(theirs, rita.tap.data)
    assert (theirs.messages.sent, theirs.messages.received) == (1, 1)
    assert theirs.messages.response_rate == "100%" and theirs.messages.avg_response_time
    assert (theirs.profile_views.total, theirs.profile_views.this_week) == (1, 1)
    assert theirs.profile_views.growth == "+100%"
    trending = [s.skill for s in theirs.skills_trending]
    assert {"React", "Node.js", "TypeScript"} <= set(trending)
    assert theirs.skills_trending[0].demand_score == 100

    with pytest.raises(PermissionDenied):
        await sam.client.send(analytics.user_analytics(company.public_id))


async def test_platform_analytics_are_for_enterprise_plans(server: Live, login: Login) -> None:
    candidate, company = matched_pair(server)
    sam = await login(candidate)
    await sam.client.send(messages.send_message(company.public_id, "counted"))
    free = await login(person(server, role=UserRole.RECRUITER, plan="free"))
    with pytest.raises(PermissionDenied) as denied:
        await free.client.send(analytics.platform_analytics())
    assert denied.value.details == {"plan": "free", "required_plan": "enterprise"}

    big = await login(person(server, role=UserRole.RECRUITER, plan="enterprise"))
    platform = await big.client.send(analytics.platform_analytics())
    assert_mirrors(platform, big.tap.data)
    with db(server) as session:
        rows = session.execute(select(User.role_id, func.count()).group_by(User.role_id)).all()
    by_role = {role: count for role, count in rows}
    assert platform.users.candidates == by_role[UserRole.CANDIDATE.value]
    assert platform.users.recruiters == by_role[UserRole.RECRUITER.value]
    assert len(platform.messages_per_day) == 7
    assert [d.date for d in platform.messages_per_day] == sorted(
        d.date for d in platform.messages_per_day
    )
    assert platform.messages_per_day[-1].count >= 1
    assert platform.matches.total >= 2 and platform.matches.total >= platform.matches.accepted
    assert {"React", "Node.js"} <= {s.skill for s in platform.skills_in_demand}
    assert any(loc.location == "Berlin, Germany" for loc in platform.top_locations)


# -- API keys --------------------------------------------------------------------------------


async def test_api_key_create_use_list_and_revoke(server: Live, login: Login) -> None:
    me = await login(person(server, name="Kai Key"))
    created = await me.client.send(
        api_keys.create_api_key(
            "CI key", ["profiles:read", "matches:read"], expires_at="2099-01-01T00:00:00Z"
        )
    )
    assert_mirrors(created, me.tap.data)
    assert created.key.startswith("sk_test_") and created.prefix == created.key[:12]
    assert created.scopes == ["matches:read", "profiles:read"]
    assert created.expires_at == "2099-01-01T00:00:00Z" and not created.revoked
    assert created.key not in repr(created) and created.key not in str(created)

    listed = await me.client.send(api_keys.list_api_keys())
    assert_mirrors(listed, me.tap.data)
    assert [(k.id, k.prefix) for k in listed.api_keys] == [(created.id, created.prefix)]
    assert "key" not in me.tap.data["api_keys"][0]

    config = ClientConfig.load(server=server.url, kiosk=True)
    keyed = TalentClient(
        config, credentials=CredentialStore.in_memory(server.url, Credentials(api_key=created.key))
    )
    try:
        profile = await keyed.send(profiles.get_profile())
        assert (profile.id, profile.name) == (me.who.public_id, "Kai Key")
        with pytest.raises(PermissionDenied) as scope:
            await keyed.send(analytics.user_analytics())
        assert scope.value.details["required_scope"] == "analytics:read"
        with pytest.raises(PermissionDenied):
            await keyed.send(api_keys.list_api_keys())

        revoked = await me.client.send(api_keys.revoke_api_key(created.id))
        assert_mirrors(revoked, me.tap.data)
        assert revoked.id == created.id and revoked.revoked
        with pytest.raises(AuthError) as refused:
            await keyed.send(profiles.get_profile())
        assert refused.value.code == "INVALID_API_KEY"
        assert created.key not in str(refused.value) and created.key not in repr(refused.value)
    finally:
        await keyed.aclose()
    assert [k.revoked for k in (await me.client.send(api_keys.list_api_keys())).api_keys] == [True]

    with pytest.raises(ValidationFailed) as past:
        await me.client.send(
            api_keys.create_api_key("old", ["matches:read"], expires_at="2001-01-01T00:00:00Z")
        )
    assert past.value.field == "expires_at"
    with pytest.raises(NotFound):
        await me.client.send(api_keys.revoke_api_key(f"key_{secrets.token_hex(8)}"))


# -- webhooks --------------------------------------------------------------------------------


async def test_webhook_create_list_deliveries_and_delete(server: Live, login: Login) -> None:
    candidate, company = matched_pair(server)
    receiver = Receiver()
    try:
        rita = await login(company)
        created = await rita.client.send(
            webhooks.create_webhook(receiver.url, ["message.received", "match.created"])
        )
        assert_mirrors(created, rita.tap.data)
        assert created.url == receiver.url
        assert created.events == ["match.created", "message.received"]
        assert created.secret.startswith("whsec_")
        assert created.secret not in repr(created) and created.secret not in str(created)

        listed = await rita.client.send(webhooks.list_webhooks())
        assert_mirrors(listed, rita.tap.data)
        assert [h.id for h in listed.webhooks] == [created.id]
        assert "secret" not in rita.tap.data["webhooks"][0]

        sam = await login(candidate)
        sent = await sam.client.send(messages.send_message(company.public_id, "ping"))
        await asyncio.to_thread(receiver.wait_for, 1)

        async def delivered() -> Any:
            for _ in range(500):
                log = await rita.client.send(webhooks.list_deliveries(created.id, limit=10))
                if log.deliveries and log.deliveries[0].status == "delivered":
                    return log
                await asyncio.sleep(0.02)
            raise AssertionError("the delivery was never marked delivered")

        log = await delivered()
        assert_mirrors(log, rita.tap.data)
        (delivery,) = log.deliveries
        assert (delivery.event, delivery.attempts, delivery.last_status_code) == (
            "message.received",
            1,
            200,
        )
        assert delivery.delivered_at and delivery.last_error is None
        body = json.loads(receiver.calls[0][0])
        assert body["id"] == delivery.event_id and body["data"]["message_id"] == sent.message_id

        deleted = await rita.client.send(webhooks.delete_webhook(created.id))
        assert_mirrors(deleted, rita.tap.data)
        assert deleted.id == created.id
        assert (await rita.client.send(webhooks.list_webhooks())).webhooks == []
        with pytest.raises(NotFound):
            await rita.client.send(webhooks.list_deliveries(created.id))
        with pytest.raises(NotFound):
            await rita.client.send(webhooks.delete_webhook(created.id))
        with pytest.raises(ValidationFailed) as no_events:
            await rita.client.send(webhooks.create_webhook(receiver.url, []))
        assert no_events.value.field == "events"
    finally:
        receiver.close()
