"""One-time login codes, with the limits of NIST SP 800-63B for out-of-band secrets.

Every start path does the same database work (one session row, one outbox mail)
whether or not the email has an account, so neither the answer nor its timing
tells an attacker which addresses are registered.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.context import ServerContext
from talenttui.server.errors import ApiError
from talenttui.server.models import OtpFailure, OtpSession, User

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


def new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def code_hash(secret: bytes, session_id: str, code: str) -> str:
    return hmac.new(secret, f"{session_id}:{code}".encode(), hashlib.sha256).hexdigest()


def _retry_after(seconds: float) -> dict[str, str]:
    return {"Retry-After": str(max(1, math.ceil(seconds)))}


def _otp_error(status: int, code: str, message: str, **details: Any) -> ApiError:
    headers = _retry_after(details["retry_after"]) if "retry_after" in details else None
    return ApiError(
        status,
        code,
        message,
        details=details or None,
        suggestion="Request a new code with loginOTP or signupOTP."
        if code != "OTP_INVALID"
        else "Check the code in your email and try again.",
        headers=headers,
    )


@dataclass(frozen=True)
class StartedOtp:
    session_id: str
    code: str


class OtpService:
    def __init__(self, ctx: ServerContext) -> None:
        self.ctx = ctx
        self.policy = ctx.settings.otp

    async def _check_send_limits(self, db: AsyncSession, email: str, now: datetime) -> None:
        """Cooldown and hourly cap per address, whether or not it has an account."""
        recent = (
            await db.scalars(
                select(OtpSession.created_at)
                .where(OtpSession.email == email, OtpSession.created_at > now - HOUR)
                .order_by(OtpSession.created_at)
            )
        ).all()
        if recent:
            since_last = (now - recent[-1]).total_seconds()
            if since_last < self.policy.resend_cooldown_seconds:
                wait = self.policy.resend_cooldown_seconds - since_last
                raise ApiError(
                    429,
                    "OTP_RESEND_COOLDOWN",
                    "A code was sent moments ago; wait before asking for another",
                    details={"retry_after": math.ceil(wait)},
                    suggestion="Use the code already sent, or retry after the cooldown.",
                    headers=_retry_after(wait),
                )
            if len(recent) >= self.policy.max_sends_per_hour:
                wait = (recent[0] + HOUR - now).total_seconds()
                raise ApiError(
                    429,
                    "OTP_SEND_LIMIT",
                    "Too many codes requested for this address in the last hour",
                    details={"retry_after": math.ceil(wait)},
                    suggestion="Wait and try again later.",
                    headers=_retry_after(wait),
                )

    async def start(
        self,
        db: AsyncSession,
        email: str,
        purpose: str,
        signup_data: dict[str, Any] | None = None,
    ) -> StartedOtp:
        now = self.ctx.now()
        await self._check_send_limits(db, email, now)
        session_id = secrets.token_urlsafe(24)
        code = new_code()
        db.add(
            OtpSession(
                id=session_id,
                email=email,
                purpose=purpose,
                code_hash=code_hash(self.ctx.secret, session_id, code),
                created_at=now,
                expires_at=now + timedelta(seconds=self.policy.ttl_seconds),
                signup_data=signup_data,
            )
        )
        return StartedOtp(session_id, code)

    async def _failures_today(
        self, db: AsyncSession, email: str, now: datetime
    ) -> tuple[int, datetime | None]:
        row = (
            await db.execute(
                select(func.count(OtpFailure.id), func.min(OtpFailure.at)).where(
                    OtpFailure.email == email, OtpFailure.at > now - DAY
                )
            )
        ).one()
        return int(row[0]), row[1]

    async def _fail(self, db: AsyncSession, email: str, now: datetime) -> None:
        db.add(OtpFailure(email=email, at=now))
        await db.commit()

    async def verify(
        self, db: AsyncSession, *, email: str, session_id: str, code: str, purpose: str
    ) -> OtpSession:
        """Consume the session or raise; wrong tries are committed before the error is raised."""
        now = self.ctx.now()
        failures, oldest = await self._failures_today(db, email, now)
        if failures >= self.policy.max_failures_per_day:
            wait = ((oldest or now) + DAY - now).total_seconds()
            raise _otp_error(
                429,
                "OTP_ACCOUNT_LOCKED",
                "Too many wrong codes for this address today; try again later",
                retry_after=math.ceil(wait),
            )
        session = await db.get(OtpSession, session_id)
        if session is None or session.email != email or session.purpose != purpose:
            await self._fail(db, email, now)
            raise _otp_error(401, "OTP_INVALID", "The code is not valid for this email")
        if session.consumed_at is not None:
            raise _otp_error(401, "OTP_USED", "This code was already used")
        if session.failed_attempts >= self.policy.max_tries_per_session:
            raise _otp_error(
                401, "OTP_SESSION_LOCKED", "Too many wrong tries for this code; request a new one"
            )
        if now >= session.expires_at:
            raise _otp_error(401, "OTP_EXPIRED", "The code has expired; request a new one")
        expected = session.code_hash
        if not hmac.compare_digest(expected, code_hash(self.ctx.secret, session_id, code)):
            session.failed_attempts += 1
            tries_left = max(0, self.policy.max_tries_per_session - session.failed_attempts)
            await self._fail(db, email, now)
            raise _otp_error(
                401,
                "OTP_INVALID",
                f"Wrong code; {tries_left} {'try' if tries_left == 1 else 'tries'} left"
                if tries_left
                else "Wrong code; no tries left for this code, request a new one",
                tries_left=tries_left,
            )
        session.consumed_at = now
        return session


async def user_by_email(db: AsyncSession, email: str) -> User | None:
    result: User | None = await db.scalar(select(User).where(User.email == email))
    return result
