"""Every skilldeo campaign and interview endpoint through ``TalentClient.send``, real server.

Clients sign in by the OTP flow (codes read from the dev outbox) and talk to the server through
``Tap``, a pass-through transport that keeps the last JSON body. ``assert_mirrors`` then proves
the typed result says exactly what the server said: every key sent is a declared field (a
misspelt wire name would land in the model's extras) and the typed values dump back to the same
JSON. Reads of the demo data use the shared demo server; writes (invites) go to this module's
own server, to an organization made by signing up, so the demo data stays as it was.
"""

from __future__ import annotations

import asyncio
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
from talenttui.api.endpoints import auth, campaigns, interviews
from talenttui.api.endpoints.auth import SignupDetails
from talenttui.api.errors import ApiError, AuthError, NotFound, ValidationFailed
from talenttui.api.models.auth import RECRUITER_ROLE
from talenttui.api.transport import Transport
from talenttui.server.demo.constants import (
    ACME_ORG_ID,
    JANE_EMAIL,
    JANE_USER_ID,
    REFERENCE_CANDIDATE_EMAIL,
    REFERENCE_INTERVIEW_ID,
    RUNS_UNTIL,
)
from talenttui.server.models import Campaign, Interview, OutboxMail, User
from talenttui.server.settings import OtpPolicy
from tests.conftest import Live
from tests.server.demo_time import moved
from tests.server.otp_helpers import latest_code
from tests.server.skilldeo_helpers import add_campaign, add_org
from tests.server.skillsync_people import db, module_server

GLOBEX_ORG_ID = 89
DOTNET_CAMPAIGN = 22554


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    otp = OtpPolicy(resend_cooldown_seconds=0, max_sends_per_hour=10_000)
    with module_server(tmp_path_factory.mktemp("skilldeo-contract"), otp=otp) as live:
        yield live


class Tap(httpx.AsyncBaseTransport):
    """The real network, plus the last JSON body without the envelope fields the client drops."""

    def __init__(self) -> None:
        self._real = httpx.AsyncHTTPTransport()
        self.body: Any = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._real.handle_async_request(request)
        body = json.loads(await response.aread() or b"null")
        if isinstance(body, dict):
            body = {k: v for k, v in body.items() if k not in ("status_code", "error")}
        self.body = body
        return response

    async def aclose(self) -> None:
        await self._real.aclose()


@dataclass
class Signed:
    client: TalentClient
    tap: Tap
    creds: Credentials
    codes: list[str]
    """Every OTP code this client was mailed: none may show up in an error or a model."""

    @property
    def hidden(self) -> list[str]:
        return [*([self.creds.token] if self.creds.token else []), *self.codes]


OpenClient = Callable[[Live], tuple[TalentClient, Tap]]


@pytest.fixture
async def open_client() -> AsyncIterator[OpenClient]:
    opened: list[TalentClient] = []

    def _open(live: Live) -> tuple[TalentClient, Tap]:
        config = ClientConfig.load(server=live.url, kiosk=True)
        store = CredentialStore.in_memory(live.url)
        tap = Tap()
        client = TalentClient(
            config, credentials=store, transport=Transport(config, store, http_transport=tap)
        )
        opened.append(client)
        return client, tap

    yield _open
    for client in opened:
        await client.aclose()


async def _code(live: Live, email: str) -> str:
    return await asyncio.to_thread(latest_code, live.client, email)


Login = Callable[[Live, str], Awaitable[Signed]]
Signup = Callable[[Live, SignupDetails], Awaitable[Signed]]


@pytest.fixture
def login(open_client: OpenClient) -> Login:
    async def _login(live: Live, email: str) -> Signed:
        client, tap = open_client(live)
        sent = await client.request_login_code(email)
        code = await _code(live, email)
        creds = await client.login_with_code(email, sent.session_id, code)
        return Signed(client, tap, creds, [code])

    return _login


@pytest.fixture
def signup(open_client: OpenClient) -> Signup:
    async def _signup(live: Live, details: SignupDetails) -> Signed:
        client, tap = open_client(live)
        email = f"contract.{secrets.token_hex(4)}@example.com"
        sent = await client.request_signup_code(email, details)
        code = await _code(live, email)
        creds = await client.signup_with_code(email, sent.session_id, code, details)
        return Signed(client, tap, creds, [code])

    return _signup


def _recruiter() -> SignupDetails:
    return SignupDetails(
        firstName="Rosa",
        lastName="Ruiz",
        organization=f"Contract Org {secrets.token_hex(3)}",
        org_type_id=1,
        role_id=RECRUITER_ROLE,
    )


def _extras(model: BaseModel, path: str = "") -> list[str]:
    found = [f"{path}{name}" for name in model.model_extra or {}]
    for name in type(model).model_fields:
        value = getattr(model, name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, BaseModel):
                found += _extras(item, f"{path}{name}.")
    return found


def assert_mirrors(typed: BaseModel, sent: Any) -> None:
    assert _extras(typed) == [], "the server sent fields the model does not declare"
    assert typed.model_dump(mode="json", exclude_unset=True) == sent


def assert_no_secret(me: Signed, *shown: object) -> None:
    for thing in shown:
        for text in (str(thing), repr(thing)):
            for secret in me.hidden:
                assert secret not in text, f"a secret shows in {type(thing).__name__}"


def _campaign_ids(live: Live, org_id: int, **where: Any) -> list[int]:
    with db(live) as session:
        query = select(Campaign.id).where(Campaign.org_id == org_id).filter_by(**where)
        return list(session.scalars(query.order_by(Campaign.id.desc())))


# -- reads of the demo data ------------------------------------------------------------------


async def test_demo_recruiter_lists_acmes_campaigns(demo_live: Live, login: Login) -> None:
    jane = await login(demo_live, JANE_EMAIL)
    assert (jane.creds.user_id, jane.creds.org_id) == (JANE_USER_ID, ACME_ORG_ID)
    send = jane.client.send
    acme = _campaign_ids(demo_live, ACME_ORG_ID)

    page = await send(campaigns.list_campaigns(org_id=ACME_ORG_ID, user_id=JANE_USER_ID, top=2))
    assert_mirrors(page, jane.tap.body)
    assert page.message == "Success"
    assert [c.id for c in page.records] == acme[:2]
    assert (page.total_count, page.hasMore) == (len(acme), True)
    seen = [c.id for c in page.records]
    while len(seen) < len(acme):
        more = await send(campaigns.list_campaigns(top=2, skip=len(seen)))
        seen += [c.id for c in more.records]
        assert more.hasMore is (len(seen) < len(acme))
    assert seen == acme

    found = await send(campaigns.list_campaigns(search_param="ai WALK-IN", top=100))
    assert_mirrors(found, jane.tap.body)
    assert [(c.id, c.name, c.status, c.skill, c.location) for c in found.records] == [
        (22554, "Dotnet AI walk-in", "active", "dotnet", "Chennai"),
        (22553, "Angular AI walk-in", "active", "angular", "Bengaluru"),
        (22552, "Java AI walk-in", "active", "java", "Hyderabad"),
    ]
    inactive = await send(campaigns.list_campaigns(status="inactive", top=100))
    assert [c.id for c in inactive.records] == _campaign_ids(
        demo_live, ACME_ORG_ID, status="inactive"
    )
    assert all(c.status == "inactive" for c in inactive.records)
    cached = await jane.client.cached(campaigns.list_campaigns(top=2))
    again = await jane.client.cached(campaigns.list_campaigns(top=2))
    assert (cached.source, again.source) == ("network", "cache")
    assert again.data == cached.data == page
    assert_no_secret(jane, page, found, inactive, jane.client)


async def test_demo_campaign_details_and_link(demo_live: Live, login: Login) -> None:
    jane = await login(demo_live, JANE_EMAIL)
    details = await jane.client.send(
        campaigns.get_campaign_details(DOTNET_CAMPAIGN, user_id=JANE_USER_ID)
    )
    assert_mirrors(details, jane.tap.body["records"])
    with db(demo_live) as session:
        row = session.get(Campaign, DOTNET_CAMPAIGN)
        assert row is not None
    assert (details.id, details.name, details.status) == (22554, "Dotnet AI walk-in", "active")
    assert (details.skill, details.location, details.agent_type) == ("dotnet", "Chennai", "walk-in")
    assert details.job_expiry_date == details.end_date == moved(demo_live, RUNS_UNTIL)
    assert details.start_date is not None and row.start_date is not None
    assert details.start_date.startswith(row.start_date.strftime("%Y-%m-%dT%H:%M:%S"))

    link = await jane.client.send(campaigns.get_campaign_link(DOTNET_CAMPAIGN))
    assert_mirrors(link, jane.tap.body)
    assert link.link == f"{demo_live.url}/join/{row.link_token}"
    assert_no_secret(jane, details, link)


async def test_demo_interviews_and_the_reference_result(demo_live: Live, login: Login) -> None:
    jane = await login(demo_live, JANE_EMAIL)
    send = jane.client.send
    with db(demo_live) as session:
        done = list(
            session.scalars(
                select(Interview.id)
                .where(Interview.campaign_id == DOTNET_CAMPAIGN, Interview.status == "completed")
                .order_by(Interview.id.desc())
            )
        )
        waiting = session.scalar(
            select(Interview)
            .where(Interview.org_id == ACME_ORG_ID, Interview.status == "invited")
            .limit(1)
        )
        assert waiting is not None

    listed = await send(
        interviews.list_interviews(
            campaign_id=DOTNET_CAMPAIGN, org_id=ACME_ORG_ID, status="completed", top=100
        )
    )
    assert_mirrors(listed, jane.tap.body)
    assert [i.interview_id for i in listed.records] == done
    assert (listed.total_count, listed.hasMore) == (len(done), False)
    reference = next(i for i in listed.records if i.interview_id == REFERENCE_INTERVIEW_ID)
    assert reference.candidate_email == REFERENCE_CANDIDATE_EMAIL
    assert (reference.campaign_name, reference.campaign_id) == ("Dotnet AI walk-in", 22554)
    assert (reference.status, reference.overall_decision) == ("completed", "shortlisted")
    assert reference.completed_at is not None and reference.invited_at is not None

    found = await send(interviews.list_interviews(search_param="ARJUN.MEHTA@example", top=100))
    assert REFERENCE_INTERVIEW_ID in [i.interview_id for i in found.records]
    assert all("arjun.mehta" in i.candidate_email for i in found.records)

    result = await send(interviews.get_result(REFERENCE_INTERVIEW_ID))
    assert_mirrors(result, jane.tap.body["records"])
    assert (result.interview_id, result.status) == (REFERENCE_INTERVIEW_ID, "completed")
    assert result.candidate_email == REFERENCE_CANDIDATE_EMAIL
    assert result.overall_decision == "shortlisted"
    scores = result.scores
    assert scores is not None and scores.job_stability_score == 78
    assert [(r.role, r.competency_level) for r in scores.role_fitment] == [("Dotnet Developer", 4)]
    assert [(s.skill, s.competency_level, s.skill_type) for s in scores.soft_skills] == [
        ("Communication", 3, "interpersonal")
    ]
    assert [(s.skill, s.competency_level, s.skill_type) for s in scores.tech_skills] == [
        ("C#", 4, "programming")
    ]

    pending = await send(interviews.get_result(waiting.id))
    assert_mirrors(pending, jane.tap.body["records"])
    assert (pending.interview_id, pending.candidate_email) == (waiting.id, waiting.candidate_email)
    assert (pending.status, pending.overall_decision, pending.scores) == ("invited", None, None)
    assert_no_secret(jane, listed, result, pending)


async def test_unknown_and_other_organizations_ids_are_not_found(
    demo_live: Live, login: Login
) -> None:
    jane = await login(demo_live, JANE_EMAIL)
    send = jane.client.send
    globex = _campaign_ids(demo_live, GLOBEX_ORG_ID)[0]
    with db(demo_live) as session:
        foreign_interview = session.scalar(
            select(func.min(Interview.id)).where(Interview.org_id == GLOBEX_ORG_ID)
        )
        unknown = int(session.scalar(select(func.max(Campaign.id))) or 0) + 1000
    assert foreign_interview is not None

    errors: list[ApiError] = []
    for campaign_id in (unknown, globex):
        with pytest.raises(NotFound) as missing:
            await send(campaigns.get_campaign_details(campaign_id, JANE_USER_ID))
        assert missing.value.message == "Campaign not found"
        with pytest.raises(NotFound) as no_link:
            await send(campaigns.get_campaign_link(campaign_id))
        with pytest.raises(NotFound) as no_list:
            await send(interviews.list_interviews(campaign_id=campaign_id))
        errors += [missing.value, no_link.value, no_list.value]
    with pytest.raises(NotFound) as other_org:
        await send(campaigns.list_campaigns(org_id=GLOBEX_ORG_ID))
    assert other_org.value.message == "Organization not found"
    with pytest.raises(NotFound) as other_user:
        await send(campaigns.get_campaign_details(DOTNET_CAMPAIGN, user_id=1043))
    assert other_user.value.message == "User not found"
    with pytest.raises(NotFound) as other_result:
        await send(interviews.get_result(foreign_interview))
    assert other_result.value.message == "Interview not found"
    with pytest.raises(NotFound):
        await send(interviews.get_result(10**9))
    errors += [other_org.value, other_user.value, other_result.value]
    assert all(e.status == 404 and e.code == "RESOURCE_NOT_FOUND" for e in errors)
    assert_no_secret(jane, *errors)


async def test_without_a_token_every_endpoint_is_an_auth_error(
    demo_live: Live, open_client: OpenClient
) -> None:
    client, _ = open_client(demo_live)
    calls: list[Any] = [
        campaigns.list_campaigns(),
        campaigns.get_campaign_details(DOTNET_CAMPAIGN, JANE_USER_ID),
        campaigns.get_campaign_link(DOTNET_CAMPAIGN),
        interviews.invite(["nobody@example.com"], DOTNET_CAMPAIGN, JANE_USER_ID),
        interviews.list_interviews(),
        interviews.get_result(REFERENCE_INTERVIEW_ID),
    ]
    for call in calls:
        with pytest.raises(AuthError) as refused:
            await client.send(call)
        assert (refused.value.status, refused.value.code) == (401, "UNAUTHORIZED")
    with db(demo_live) as session:
        assert (
            session.scalar(
                select(func.count()).where(Interview.candidate_email == "nobody@example.com")
            )
            == 0
        )


# -- writes in an organization of our own ----------------------------------------------------


async def test_invite_then_list_and_read_results(server: Live, signup: Signup) -> None:
    me = await signup(server, _recruiter())
    assert me.creds.org_id is not None and me.creds.user_id is not None
    org_id, user_id = me.creds.org_id, me.creds.user_id
    send = me.client.send
    open_id = add_campaign(server, org_id, user_id, "Rust walk-in", skill="rust", location="Oslo")
    closed_id = add_campaign(server, org_id, user_id, "Old walk-in", status="closed")
    with db(server) as session:
        colleague = User(email=f"col.{secrets.token_hex(3)}@example.com", role_id=2, org_id=org_id)
        session.add(colleague)
        session.commit()
        colleague_id = colleague.id

    mine = await send(campaigns.list_campaigns(org_id=org_id, user_id=user_id))
    assert_mirrors(mine, me.tap.body)
    assert [c.id for c in mine.records] == [closed_id, open_id]
    assert (mine.total_count, mine.hasMore) == (2, False)
    closed = await send(campaigns.list_campaigns(status="closed"))
    assert [(c.id, c.status) for c in closed.records] == [(closed_id, "closed")]
    by_colleague = await send(campaigns.list_campaigns(user_id=colleague_id))
    assert by_colleague.records == [] and by_colleague.total_count == 0
    details = await send(campaigns.get_campaign_details(open_id, user_id=colleague_id))
    assert (details.id, details.name, details.skill, details.location) == (
        open_id,
        "Rust walk-in",
        "rust",
        "Oslo",
    )
    assert details.job_expiry_date is None
    link = await send(campaigns.get_campaign_link(open_id))

    tag = secrets.token_hex(3)
    a, b = f"ana.{tag}@example.com", f"ben.{tag}@example.com"
    invited = await send(
        interviews.invite([a.upper(), a, b], open_id, user_id, invited_from="dashboard")
    )
    assert_mirrors(invited, me.tap.body)
    assert (invited.message, invited.invited_count, invited.skipped_count) == (
        "Invites sent successfully",
        2,
        1,
    )
    again = await send(interviews.invite([b], open_id, colleague_id))
    assert (again.invited_count, again.skipped_count) == (0, 1)
    with db(server) as session:
        rows = list(
            session.scalars(
                select(Interview).where(Interview.campaign_id == open_id).order_by(Interview.id)
            )
        )
        mailed = list(session.scalars(select(OutboxMail.body).where(OutboxMail.email == a)))
    assert [(r.candidate_email, r.invited_by, r.invited_from) for r in rows] == [
        (a, user_id, "dashboard"),
        (b, user_id, "dashboard"),
    ]
    assert len(mailed) == 1 and link.link in mailed[0]

    listed = await send(interviews.list_interviews(campaign_id=open_id, top=1))
    assert_mirrors(listed, me.tap.body)
    assert [i.interview_id for i in listed.records] == [rows[1].id]
    assert (listed.total_count, listed.hasMore) == (2, True)
    rest = await send(interviews.list_interviews(campaign_id=open_id, top=1, skip=1))
    assert [i.interview_id for i in rest.records] == [rows[0].id]
    assert rest.hasMore is False
    row = rest.records[0]
    assert (row.candidate_email, row.status, row.campaign_name) == (a, "invited", "Rust walk-in")
    assert (row.completed_at, row.overall_decision) == (None, None)
    everything = await send(interviews.list_interviews(org_id=org_id, status="invited"))
    assert sorted(i.interview_id for i in everything.records) == [r.id for r in rows]

    result = await send(interviews.get_result(rows[0].id))
    assert_mirrors(result, me.tap.body["records"])
    assert (result.interview_id, result.candidate_email, result.status) == (
        rows[0].id,
        a,
        "invited",
    )
    assert result.scores is None
    assert_no_secret(me, mine, details, link, invited, listed, result, me.client)

    with pytest.raises(ValidationFailed) as not_active:
        await send(interviews.invite([f"cara.{tag}@example.com"], closed_id, user_id))
    assert (not_active.value.status, not_active.value.code) == (400, "CAMPAIGN_NOT_ACTIVE")
    assert not_active.value.field == "campaign_id"


async def test_invite_refusals_write_nothing(server: Live, signup: Signup) -> None:
    me = await signup(server, _recruiter())
    assert me.creds.org_id is not None and me.creds.user_id is not None
    user_id = me.creds.user_id
    campaign_id = add_campaign(server, me.creds.org_id, user_id)
    other_org, (stranger,) = add_org(server)
    foreign = add_campaign(server, other_org, stranger)
    send = me.client.send
    good = f"good.{secrets.token_hex(3)}@example.com"

    with pytest.raises(ValidationFailed) as bad:
        await send(interviews.invite([good, "not-an-email"], campaign_id, user_id))
    assert (bad.value.status, bad.value.code) == (422, "VALIDATION_ERROR")
    assert bad.value.field == "emails[1]"
    assert bad.value.details == {
        "field": "emails[1]",
        "issue": "invalid_email_format",
        "provided": "not-an-email",
        "expected": "Valid email address",
    }
    with pytest.raises(ValidationFailed) as empty:
        await send(interviews.invite([], campaign_id, user_id))
    assert empty.value.field is not None and "emails" in empty.value.field
    with pytest.raises(NotFound) as elsewhere:
        await send(interviews.invite([good], foreign, user_id))
    assert elsewhere.value.message == "Campaign not found"
    with pytest.raises(NotFound) as as_stranger:
        await send(interviews.invite([good], campaign_id, stranger))
    assert as_stranger.value.message == "User not found"
    with db(server) as session:
        count = select(func.count()).where(Interview.candidate_email == good)
        assert session.scalar(count) == 0
    assert_no_secret(me, bad.value, empty.value, elsewhere.value, as_stranger.value)


async def test_a_caller_without_an_organization_sees_no_campaigns(
    server: Live, signup: Signup
) -> None:
    me = await signup(server, SignupDetails(firstName="Cal", lastName="Candidate", role_id=1))
    assert me.creds.org_id is None
    empty = await me.client.send(campaigns.list_campaigns())
    assert_mirrors(empty, me.tap.body)
    assert (empty.records, empty.total_count, empty.hasMore) == ([], 0, False)
    none = await me.client.send(interviews.list_interviews())
    assert (none.records, none.total_count, none.hasMore) == ([], 0, False)


# -- the OTP flow's errors -------------------------------------------------------------------


async def test_a_wrong_code_says_how_many_tries_are_left(
    server: Live, signup: Signup, open_client: OpenClient
) -> None:
    me = await signup(server, _recruiter())
    email = me.creds.email
    assert email is not None
    client, _ = open_client(server)
    sent = await client.request_login_code(email)
    code = await _code(server, email)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    me.codes += [code, wrong]

    refusals: list[ApiError] = []
    for tries_left in (4, 3):
        with pytest.raises(AuthError) as refused:
            await client.login_with_code(email, sent.session_id, wrong)
        assert refused.value.code == "OTP_INVALID"
        assert refused.value.details == {"tries_left": tries_left}
        assert f"{tries_left} tries left" in str(refused.value)
        refusals.append(refused.value)
    assert not client.signed_in and client.me is None

    creds = await client.login_with_code(email, sent.session_id, f" {code} ")
    assert (creds.user_id, creds.org_id) == (me.creds.user_id, me.creds.org_id)
    assert creds.token is not None
    me.codes.append(creds.token)
    with pytest.raises(AuthError) as used:
        await client.login_with_code(email, sent.session_id, code)
    assert used.value.code == "OTP_USED"
    page = await client.send(campaigns.list_campaigns())
    again = await client.request_login_code(email)
    fresh = await _code(server, email)
    session = await client.send(auth.login_verify(email, again.session_id, fresh))
    me.codes += [fresh, session.token]
    assert session.user_id == me.creds.user_id
    assert_no_secret(me, *refusals, used.value, page, client, sent, creds, session)


# -- the reference's own examples ------------------------------------------------------------


def test_the_references_examples_parse() -> None:
    """The hosted API sends less than our server (no counts, list rows of two fields) and
    may send more: both parse, the extra kept."""
    page = campaigns.list_campaigns().parse(
        {"message": "Success", "records": [{"id": 22554, "name": "Dotnet AI walk-in"}]}
    )
    assert [(c.id, c.name, c.status) for c in page.records] == [(22554, "Dotnet AI walk-in", None)]
    assert (page.total_count, page.hasMore) == (None, None)
    invited = interviews.invite(["a@example.com"], 22554, 1042).parse(
        {"message": "Invites sent successfully", "invited_count": 2}
    )
    assert (invited.invited_count, invited.skipped_count) == (2, None)
    listed = interviews.list_interviews().parse(
        {
            "message": "Success",
            "records": [
                {
                    "interview_id": 5012,
                    "candidate_email": "arjun.mehta@example.com",
                    "status": "completed",
                    "campaign_name": "Dotnet AI walk-in",
                    "video_url": "https://example.com/v/5012",
                }
            ],
            "hasMore": False,
            "total_count": 1,
        }
    )
    row = listed.records[0]
    assert (row.interview_id, row.campaign_id, row.model_extra) == (
        5012,
        None,
        {"video_url": "https://example.com/v/5012"},
    )


def test_lists_are_reads_and_invite_is_a_write() -> None:
    assert campaigns.list_campaigns().is_read and interviews.list_interviews().is_read
    assert campaigns.get_campaign_link(1).is_read and interviews.get_result(1).is_read
    call = interviews.invite(("a@example.com",), 1, 2)
    assert not call.is_read and call.json == {
        "emails": ["a@example.com"],
        "campaign_id": 1,
        "user_id": 2,
        "invited_from": "api",
    }
