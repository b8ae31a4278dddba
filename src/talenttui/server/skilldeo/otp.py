"""One-time login codes, with the limits of NIST SP 800-63B for out-of-band secrets.

Every start path does the same database work (one session row, one outbox mail)
whether or not the email has an account, so neither the answer nor its timing
tells an attacker which addresses are registered.

Limits hold under concurrent requests: each start and verify writes its row first
and counts afterwards. On SQLite that first write takes the database's write lock,
so the count that follows sees every earlier attempt and no other attempt can
slip in before this one commits; on PostgreSQL the session row is locked
(`FOR UPDATE`), which serializes guesses at one code.

Transactions: the request's unit of work commits a success and rolls back any
refusal, with one exception, made here on purpose: a refused guess (a wrong code,
or a code for no session) commits its failure before raising, so that every guess
counts against the limits even though the request ends in an error.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
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


def _too_many(code: str, message: str, suggestion: str, wait: float) -> ApiError:
    return ApiError(
        429,
        code,
        message,
        details={"retry_after": max(1, math.ceil(wait))},
        suggestion=suggestion,
        headers=_retry_after(wait),
    )


def _refused(code: str, message: str, **details: Any) -> ApiError:
    return ApiError(
        401,
        code,
        message,
        details=details or None,
        suggestion="Check the code in your email and try again."
        if code == "OTP_INVALID"
        else "Request a new code with loginOTP or signupOTP.",
    )


def invalid_code(tries_left: int) -> ApiError:
    message = (
        f"Wrong code; {tries_left} {'try' if tries_left == 1 else 'tries'} left"
        if tries_left
        else "Wrong code; no tries left for this code, request a new one"
    )
    return _refused("OTP_INVALID", message, tries_left=tries_left)


@dataclass(frozen=True)
class StartedOtp:
    """`code` is None for a notice session: its secret was never mailed, so no guess can match."""

    session_id: str
    code: str | None


class OtpService:
    def __init__(self, ctx: ServerContext) -> None:
        self.ctx = ctx
        self.policy = ctx.settings.otp

    async def start(
        self,
        db: AsyncSession,
        email: str,
        purpose: str,
        *,
        deliverable: bool,
        signup_data: dict[str, Any] | None = None,
    ) -> StartedOtp:
        """Open a code session (flushed, not committed) or raise 429 for the address's send limits.

        A notice session (no account to log in to, or one to sign up for) stores the
        hash of a 256-bit secret instead of a 6-digit code; the work is the same.
        """
        now = self.ctx.now()
        session_id = secrets.token_urlsafe(24)
        code = new_code()
        secret = code if deliverable else secrets.token_hex(32)
        db.add(
            OtpSession(
                id=session_id,
                email=email,
                purpose=purpose,
                code_hash=code_hash(self.ctx.secret, session_id, secret),
                created_at=now,
                expires_at=now + timedelta(seconds=self.policy.ttl_seconds),
                signup_data=signup_data,
            )
        )
        await db.flush()
        await self._check_send_limits(db, email, session_id, now)
        await self._forget_before(db, now - DAY)
        return StartedOtp(session_id, code if deliverable else None)

    async def _forget_before(self, db: AsyncSession, cutoff: datetime) -> None:
        """Rows older than the longest window count for nothing; sessions also hold signup details."""
        await db.execute(delete(OtpSession).where(OtpSession.created_at < cutoff))
        await db.execute(delete(OtpFailure).where(OtpFailure.at < cutoff))

    async def _check_send_limits(
        self, db: AsyncSession, email: str, session_id: str, now: datetime
    ) -> None:
        """Cooldown and hourly cap per address, whether or not it has an account."""
        earlier = (
            await db.scalars(
                select(OtpSession.created_at)
                .where(
                    OtpSession.email == email,
                    OtpSession.created_at > now - HOUR,
                    OtpSession.id != session_id,
                )
                .order_by(OtpSession.created_at)
            )
        ).all()
        if not earlier:
            return
        since_last = (now - earlier[-1]).total_seconds()
        if since_last < self.policy.resend_cooldown_seconds:
            raise _too_many(
                "OTP_RESEND_COOLDOWN",
                "A code was sent moments ago; wait before asking for another",
                "Use the code already sent, or retry after the cooldown.",
                self.policy.resend_cooldown_seconds - since_last,
            )
        if len(earlier) >= self.policy.max_sends_per_hour:
            raise _too_many(
                "OTP_SEND_LIMIT",
                "Too many codes requested for this address in the last hour",
                "Wait and try again later.",
                (earlier[-self.policy.max_sends_per_hour] + HOUR - now).total_seconds(),
            )

    async def verify(
        self, db: AsyncSession, *, email: str, session_id: str, code: str, purpose: str
    ) -> OtpSession:
        """Consume the session (in the caller's transaction) or raise.

        Every try is first recorded as a failure of the address (which serializes
        tries, see the module docstring). A wrong code, or a code for no session,
        commits it here, before raising: every guess is saved before the limits are
        next counted. A right code deletes it; refusals that involve no guess
        (locked address, used, locked or expired code) raise and are rolled back
        with the request.
        """
        now = self.ctx.now()
        attempt = OtpFailure(email=email, at=now)
        db.add(attempt)
        await db.flush()
        failures, oldest = await self._failures_since(db, email, now - DAY)
        if failures > self.policy.max_failures_per_day:
            raise _too_many(
                "OTP_ACCOUNT_LOCKED",
                "Too many wrong codes for this address today; try again later",
                "Wait until the lock expires, then request a new code.",
                ((oldest or now) + DAY - now).total_seconds(),
            )
        session = await db.scalar(
            select(OtpSession).where(OtpSession.id == session_id).with_for_update()
        )
        if session is None or session.email != email or session.purpose != purpose:
            await db.commit()
            raise invalid_code(0)
        refusal = self._refusal(session, now)
        if refusal is not None:
            raise refusal
        if not hmac.compare_digest(session.code_hash, code_hash(self.ctx.secret, session_id, code)):
            session.failed_attempts += 1
            await db.commit()
            raise invalid_code(max(0, self.policy.max_tries_per_session - session.failed_attempts))
        await db.delete(attempt)
        session.consumed_at = now
        return session

    def _refusal(self, session: OtpSession, now: datetime) -> ApiError | None:
        if session.consumed_at is not None:
            return _refused("OTP_USED", "This code was already used")
        if session.failed_attempts >= self.policy.max_tries_per_session:
            return _refused(
                "OTP_SESSION_LOCKED", "Too many wrong tries for this code; request a new one"
            )
        if now >= session.expires_at:
            return _refused("OTP_EXPIRED", "The code has expired; request a new one")
        return None

    async def _failures_since(
        self, db: AsyncSession, email: str, since: datetime
    ) -> tuple[int, datetime | None]:
        row = (
            await db.execute(
                select(func.count(OtpFailure.id), func.min(OtpFailure.at)).where(
                    OtpFailure.email == email, OtpFailure.at > since
                )
            )
        ).one()
        return int(row[0]), row[1]


async def user_by_email(db: AsyncSession, email: str) -> User | None:
    result: User | None = await db.scalar(select(User).where(User.email == email))
    return result
