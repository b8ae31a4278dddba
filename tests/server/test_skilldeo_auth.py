"""skilldeo OTP signup and login over real HTTP: flows, limits, lockouts and no enumeration."""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from talenttui.server.models import Organization, OtpFailure, OtpSession
from talenttui.server.settings import OtpPolicy
from tests.conftest import FakeClock, Live
from tests.server.otp_helpers import latest_code, login, signup

EMAIL = "new.person@example.com"


def _start(live: Live, email: str, path: str = "loginOTP", **fields: Any) -> str:
    resp = live.client.post(f"/api/v1/auth/{path}", json={"email": email, **fields})
    assert resp.status_code == 200, resp.text
    return str(resp.json()["session_id"])


def _verify(live: Live, email: str, session_id: str, code: str, path: str = "loginVerify") -> Any:
    return live.client.post(
        f"/api/v1/auth/{path}",
        json={"email": email, "session_id": session_id, "verification_code": code},
    )


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_signup_creates_account_and_org_then_login_works(live: Live) -> None:
    body = signup(
        live.client,
        " New.Person@Example.com ",
        firstName="New",
        lastName="Person",
        organization="Tiny Co",
        role_id=2,
    )
    assert body["message"] == "Account created successfully"
    assert body["status_code"] == 200 and body["error"] is False
    assert body["token"].count(".") == 2
    assert isinstance(body["org_id"], int)
    again = login(live.client, EMAIL)
    assert again["message"] == "Login successful"
    assert again["user_id"] == body["user_id"] and again["org_id"] == body["org_id"]


def test_signup_org_is_new_and_on_the_free_plan(live: Live) -> None:
    body = signup(live.client, "owner@example.com", organization="  Plan Co ", org_type_id=3)
    with live.db() as session:
        org = session.get(Organization, body["org_id"])
    assert org is not None and (org.name, org.plan, org.org_type_id) == ("Plan Co", "free", 3)


def test_signup_never_joins_an_existing_org_by_name(live: Live) -> None:
    first = signup(live.client, "a@same.example", organization="Same Name Ltd", role_id=2)
    second = signup(live.client, "b@same.example", organization="Same Name Ltd", role_id=2)
    assert first["org_id"] != second["org_id"]


def test_candidate_without_organization_has_no_org(live: Live) -> None:
    body = signup(live.client, "cand@example.com", firstName="Can")
    assert body["org_id"] is None


def test_code_is_single_use(live: Live) -> None:
    signup(live.client, EMAIL)
    session_id = _start(live, EMAIL)
    code = latest_code(live.client, EMAIL)
    assert _verify(live, EMAIL, session_id, code).status_code == 200
    reuse = _verify(live, EMAIL, session_id, code)
    assert reuse.status_code == 401
    assert reuse.json()["error_code"] == "OTP_USED"


def test_wrong_code_reports_tries_left_then_session_dies(live: Live) -> None:
    signup(live.client, EMAIL)
    session_id = _start(live, EMAIL)
    code = latest_code(live.client, EMAIL)
    for left in (4, 3, 2, 1, 0):
        resp = _verify(live, EMAIL, session_id, _wrong(code))
        assert resp.status_code == 401
        assert resp.json()["error_code"] == "OTP_INVALID"
        assert resp.json()["details"]["tries_left"] == left
    dead = _verify(live, EMAIL, session_id, code)
    assert dead.status_code == 401
    assert dead.json()["error_code"] == "OTP_SESSION_LOCKED"


def test_expired_code_is_refused(live: Live, clock: FakeClock) -> None:
    signup(live.client, EMAIL)
    session_id = _start(live, EMAIL)
    code = latest_code(live.client, EMAIL)
    clock.advance(601)
    resp = _verify(live, EMAIL, session_id, code)
    assert resp.status_code == 401
    assert resp.json()["error_code"] == "OTP_EXPIRED"


def test_twenty_wrong_codes_a_day_lock_the_account_for_their_requester_across_new_codes(
    live: Live, clock: FakeClock
) -> None:
    """Only for whoever made them: test_otp_lockout shows the owner elsewhere still gets in."""
    signup(live.client, EMAIL)
    wrong_total = 0
    while wrong_total < 20:
        session_id = _start(live, EMAIL)
        code = latest_code(live.client, EMAIL)
        for _ in range(min(5, 20 - wrong_total)):
            assert _verify(live, EMAIL, session_id, _wrong(code)).status_code == 401
            wrong_total += 1
    session_id = _start(live, EMAIL)
    code = latest_code(live.client, EMAIL)
    locked = _verify(live, EMAIL, session_id, code)
    assert locked.status_code == 429
    assert locked.json()["error_code"] == "OTP_ACCOUNT_LOCKED"
    assert int(locked.headers["Retry-After"]) > 0
    clock.advance(24 * 3600 + 1)
    session_id = _start(live, EMAIL)
    assert _verify(live, EMAIL, session_id, latest_code(live.client, EMAIL)).status_code == 200


def test_session_of_another_email_is_invalid(live: Live) -> None:
    signup(live.client, EMAIL)
    signup(live.client, "other@example.com")
    session_id = _start(live, "other@example.com")
    code = latest_code(live.client, "other@example.com")
    resp = _verify(live, EMAIL, session_id, code)
    assert resp.status_code == 401 and resp.json()["error_code"] == "OTP_INVALID"
    assert resp.json()["details"]["tries_left"] == 0
    assert _verify(live, "other@example.com", session_id, code).status_code == 200


def test_resend_cooldown_and_hourly_cap(start_server: Any, clock: FakeClock) -> None:
    live = start_server(otp=OtpPolicy(resend_cooldown_seconds=30, max_sends_per_hour=3))
    _start(live, EMAIL)
    cooldown = live.client.post("/api/v1/auth/loginOTP", json={"email": EMAIL})
    assert cooldown.status_code == 429
    assert cooldown.json()["error_code"] == "OTP_RESEND_COOLDOWN"
    assert 1 <= int(cooldown.headers["Retry-After"]) <= 30
    clock.advance(31)
    _start(live, EMAIL)
    clock.advance(31)
    _start(live, EMAIL)
    clock.advance(31)
    capped = live.client.post("/api/v1/auth/loginOTP", json={"email": EMAIL})
    assert capped.status_code == 429
    assert capped.json()["error_code"] == "OTP_SEND_LIMIT"
    assert int(capped.headers["Retry-After"]) > 3000


def test_login_otp_does_not_reveal_which_emails_exist(live: Live) -> None:
    signup(live.client, "known@example.com")
    locked = "locked@example.com"
    signup(live.client, locked)
    for _ in range(4):
        sid = _start(live, locked)
        for _ in range(5):
            _verify(live, locked, sid, "000000")

    def shape(email: str) -> tuple[int, list[str], str]:
        resp = live.client.post("/api/v1/auth/loginOTP", json={"email": email})
        body = resp.json()
        return resp.status_code, sorted(body), body["message"]

    assert shape("known@example.com") == shape("nobody@example.com") == shape(locked)
    assert shape("known@example.com") == (
        200,
        ["error", "message", "session_id", "status_code"],
        "OTP sent to email",
    )
    signup_known = live.client.post("/api/v1/auth/signupOTP", json={"email": "known@example.com"})
    signup_new = live.client.post("/api/v1/auth/signupOTP", json={"email": "fresh@example.com"})
    assert signup_known.status_code == signup_new.status_code == 200
    assert sorted(signup_known.json()) == sorted(signup_new.json())


@pytest.mark.parametrize("path", ["loginOTP", "signupOTP"])
def test_code_requests_take_about_the_same_time_for_known_and_unknown(
    live: Live, path: str
) -> None:
    """A privacy property (no enumeration by timing), not a speed benchmark."""
    signup(live.client, "timed@example.com")

    def median_ms(email: str) -> float:
        samples = []
        for _ in range(20):
            started = time.perf_counter()
            resp = live.client.post(f"/api/v1/auth/{path}", json={"email": email})
            samples.append((time.perf_counter() - started) * 1000)
            assert resp.status_code == 200
        return statistics.median(samples)

    known, unknown = median_ms("timed@example.com"), median_ms("ghost@example.com")
    assert abs(known - unknown) < 50 or max(known, unknown) / min(known, unknown) < 3


def test_unknown_email_gets_a_no_account_mail_and_cannot_log_in(live: Live) -> None:
    session_id = _start(live, "ghost@example.com")
    mails = live.client.get("/api/v1/dev/outbox", params={"email": "ghost@example.com"}).json()
    assert mails["records"][0]["code"] is None
    for guess in ("000000", "123456"):
        resp = _verify(live, "ghost@example.com", session_id, guess)
        assert resp.status_code == 401 and resp.json()["error_code"] == "OTP_INVALID"


def test_signup_of_existing_email_does_not_create_a_second_account(live: Live) -> None:
    signup(live.client, EMAIL)
    session_id = _start(live, EMAIL, "signupOTP")
    mails = live.client.get("/api/v1/dev/outbox", params={"email": EMAIL}).json()["records"]
    assert mails[0]["purpose"] == "signup" and mails[0]["code"] is None
    resp = _verify(live, EMAIL, session_id, "000000", "signupVerify")
    assert resp.status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": 42}, "email"),
        ({}, "email"),
        ({"email": "a@b.example", "role_id": "two"}, "role_id"),
        ({"email": "a@b.example", "role_id": 7}, "role_id"),
    ],
)
def test_bad_signup_fields_are_422_naming_the_field(live: Live, body: Any, field: str) -> None:
    resp = live.client.post("/api/v1/auth/signupOTP", json=body)
    assert resp.status_code == 422
    assert resp.json()["details"]["field"] == field
    assert resp.json()["error"] is True


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"verification_code": "12ab56"}, "verification_code"),
        ({"verification_code": 123456}, "verification_code"),
        ({"verification_code": "1234567"}, "verification_code"),
        ({"session_id": 5}, "session_id"),
        ({"session_id": None}, "session_id"),
        ({"email": "nobody"}, "email"),
    ],
)
def test_bad_verify_fields_are_422_naming_the_field(
    live: Live, changes: dict[str, Any], field: str
) -> None:
    body = {"email": EMAIL, "session_id": "x", "verification_code": "123456", **changes}
    resp = live.client.post("/api/v1/auth/loginVerify", json=body)
    assert resp.status_code == 422
    assert resp.json()["details"]["field"] == field


def test_malformed_json_is_400(live: Live) -> None:
    resp = live.client.post(
        "/api/v1/auth/loginOTP", content=b'{"email": ', headers={"Content-Type": "application/json"}
    )
    assert resp.status_code == 400
    assert resp.json()["error_code"] == "INVALID_JSON"


def test_codes_are_stored_hashed(live: Live) -> None:
    _start(live, EMAIL, "signupOTP")
    code = latest_code(live.client, EMAIL)
    with live.db() as session:
        hashes = list(session.scalars(select(OtpSession.code_hash)))
    assert hashes and all(code not in h for h in hashes)
    assert all(len(h) == 64 for h in hashes)


def test_dev_outbox_route_exists_only_in_dev(start_server: Any) -> None:
    prod = start_server(dev=False)
    resp = prod.client.get("/api/v1/dev/outbox", params={"email": EMAIL})
    assert resp.status_code == 404


def _verify_all(live: Live, email: str, tries: list[tuple[str, str]]) -> list[str]:
    """Send every (session_id, code) guess at once, as an attacker would; return the outcomes."""

    async def burst() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=live.url, timeout=30) as client:
            return await asyncio.gather(
                *(
                    client.post(
                        "/api/v1/auth/loginVerify",
                        json={"email": email, "session_id": sid, "verification_code": code},
                    )
                    for sid, code in tries
                )
            )

    return [r.json().get("error_code", "OK") for r in asyncio.run(burst())]


def _wrong_guesses(session_id: str, code: str, count: int) -> list[tuple[str, str]]:
    return [(session_id, f"{(int(code) + i) % 1_000_000:06d}") for i in range(1, count + 1)]


def test_parallel_sends_respect_the_cooldown(start_server: Any) -> None:
    live = start_server(
        otp=OtpPolicy(resend_cooldown_seconds=30, max_sends_per_hour=10), anonymous_plan="custom"
    )

    async def burst() -> list[int]:
        async with httpx.AsyncClient(base_url=live.url, timeout=30) as client:
            answers = await asyncio.gather(
                *(client.post("/api/v1/auth/loginOTP", json={"email": EMAIL}) for _ in range(10))
            )
        return sorted(r.status_code for r in answers)

    assert asyncio.run(burst()) == [200] + [429] * 9
    mails = live.client.get("/api/v1/dev/outbox", params={"email": EMAIL}).json()["records"]
    assert len(mails) == 1


def test_code_sessions_and_failures_are_forgotten_after_a_day(live: Live, clock: FakeClock) -> None:
    old = _start(live, EMAIL, "signupOTP", phoneNumber="+15550100")
    _verify(live, EMAIL, old, "000000", "signupVerify")
    clock.advance(24 * 3600 + 1)
    fresh = _start(live, "someone.else@example.com")
    with live.db() as session:
        sessions = list(session.scalars(select(OtpSession.id)))
        failures = session.scalar(select(func.count()).select_from(OtpFailure))
    assert sessions == [fresh]
    assert failures == 0
