"""One-time login codes, with the limits of NIST SP 800-63B for out-of-band secrets.

Whom the limits hold back (a requester is the client address):

- A code takes at most 5 wrong tries; then that code, and only that one, is locked.
  A code's session id is known only to whoever asked for it, so nobody can use up
  the tries of a code someone else asked for.
- Sends are limited per requester and email (30 s cooldown, 10 an hour) and per
  requester (100 an hour across all emails), never per email alone: a stranger's
  requests use up the stranger's allowance, and the owner can always get a code.
  A new code replaces the requester's earlier codes for that email, so nobody holds
  many codes at once to multiply the tries.
- Wrong codes are counted per requester (all of them, made-up sessions too: 50 a
  day, then 429 `OTP_TOO_MANY_TRIES` for that requester) and per account (only those
  tried on a real session of that email: past 20 a day, 429 `OTP_ACCOUNT_LOCKED` for
  the requesters who have spent a whole code's tries on it, no one else).

Every start path does the same database work (one session row, one outbox mail)
whether or not the email has an account, so neither the answer nor its timing tells
an attacker which addresses are registered.

Atomic on every backend: before counting, a transaction updates one `OtpLock` row per
limit key it counts against (the requester; for a guess, the account first). On
PostgreSQL that row lock makes every other transaction counting against the same key
wait until this one commits, and its next statement then sees the committed rows; on
SQLite the update takes the database's write lock. Keys are always taken in the same
order (account, then requester), so two transactions never wait on each other.

Transactions: the request's unit of work commits a success and rolls back any
refusal, with one exception, made here on purpose: a refused guess (a wrong code, or
a code for no session) commits its failure before raising, so that every guess
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

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.context import ServerContext
from talenttui.server.errors import ApiError
from talenttui.server.models import OtpFailure, OtpLock, OtpSession, User

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


def new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def code_hash(secret: bytes, session_id: str, code: str) -> str:
    return hmac.new(secret, f"{session_id}:{code}".encode(), hashlib.sha256).hexdigest()


def _too_many(code: str, message: str, suggestion: str, wait: float) -> ApiError:
    seconds = max(1, math.ceil(wait))
    return ApiError(
        429,
        code,
        message,
        details={"retry_after": seconds},
        suggestion=suggestion,
        headers={"Retry-After": str(seconds)},
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


async def serialize_on(db: AsyncSession, now: datetime, *keys: str) -> None:
    """Make every other transaction that names one of `keys` wait for this one (module docstring)."""
    dialect = (await db.connection()).dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    for key in keys:
        await db.execute(insert(OtpLock).values(key=key, touched_at=now).on_conflict_do_nothing())
        await db.execute(update(OtpLock).where(OtpLock.key == key).values(touched_at=now))


@dataclass(frozen=True)
class StartedOtp:
    """`code` is None for a notice session: its secret was never mailed, so no guess can match."""

    session_id: str
    code: str | None


class OtpService:
    def __init__(self, ctx: ServerContext, requester: str) -> None:
        self.ctx = ctx
        self.policy = ctx.settings.otp
        self.requester = requester[:64]

    async def start(
        self,
        db: AsyncSession,
        email: str,
        purpose: str,
        *,
        deliverable: bool,
        signup_data: dict[str, Any] | None = None,
    ) -> StartedOtp:
        """Open a code session (flushed, not committed) or raise 429 for the requester's send limits.

        A notice session (no account to log in to, or one to sign up for) stores the
        hash of a 256-bit secret instead of a 6-digit code; the work is the same.
        """
        await serialize_on(db, self.ctx.now(), f"requester:{self.requester}")
        now = self.ctx.now()  # read after the wait, so times follow the order of the lock
        await self._check_send_limits(db, email, now)
        await db.execute(
            update(OtpSession)
            .where(
                OtpSession.email == email,
                OtpSession.purpose == purpose,
                OtpSession.requester == self.requester,
                OtpSession.consumed_at.is_(None),
                OtpSession.expires_at > now,
            )
            .values(expires_at=now)
        )
        session_id = secrets.token_urlsafe(24)
        code = new_code()
        secret = code if deliverable else secrets.token_hex(32)
        db.add(
            OtpSession(
                id=session_id,
                email=email,
                requester=self.requester,
                purpose=purpose,
                code_hash=code_hash(self.ctx.secret, session_id, secret),
                created_at=now,
                expires_at=now + timedelta(seconds=self.policy.ttl_seconds),
                signup_data=signup_data,
            )
        )
        await db.flush()
        await self._forget_before(db, now - DAY)
        return StartedOtp(session_id, code if deliverable else None)

    async def _forget_before(self, db: AsyncSession, cutoff: datetime) -> None:
        """Rows older than the longest window count for nothing; sessions also hold signup details."""
        await db.execute(delete(OtpSession).where(OtpSession.created_at < cutoff))
        await db.execute(delete(OtpFailure).where(OtpFailure.at < cutoff))
        await db.execute(delete(OtpLock).where(OtpLock.touched_at < cutoff))

    async def _check_send_limits(self, db: AsyncSession, email: str, now: datetime) -> None:
        """Cooldown and hourly cap per requester and address, and per requester overall."""
        mine = OtpSession.requester == self.requester
        recent = OtpSession.created_at > now - HOUR
        earlier = (
            await db.scalars(
                select(OtpSession.created_at)
                .where(mine, recent, OtpSession.email == email)
                .order_by(OtpSession.created_at)
            )
        ).all()
        if earlier:
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
        count, oldest = (
            await db.execute(
                select(func.count(), func.min(OtpSession.created_at)).where(mine, recent)
            )
        ).one()
        if count >= self.policy.max_sends_per_requester_per_hour:
            raise _too_many(
                "OTP_SEND_LIMIT",
                "Too many codes requested from this network address in the last hour",
                "Wait and try again later.",
                ((oldest or now) + HOUR - now).total_seconds(),
            )

    async def verify(
        self, db: AsyncSession, *, email: str, session_id: str, code: str, purpose: str
    ) -> OtpSession:
        """Consume the session (in the caller's transaction) or raise.

        A wrong code, or a code for no session, is saved and committed here before
        raising; a right one saves nothing. Refusals that involve no guess (throttled,
        used, locked or expired code) raise and are rolled back with the request.
        """
        await serialize_on(db, self.ctx.now(), f"account:{email}", f"requester:{self.requester}")
        now = self.ctx.now()
        await self._check_try_limits(db, email, now)
        session = await db.scalar(
            select(OtpSession).where(OtpSession.id == session_id).with_for_update()
        )
        real = session is not None and session.email == email and session.purpose == purpose
        if session is None or not real:
            await self._fail(db, email, real=False, now=now)
            raise invalid_code(0)
        refusal = self._refusal(session, now)
        if refusal is not None:
            raise refusal
        if not hmac.compare_digest(session.code_hash, code_hash(self.ctx.secret, session_id, code)):
            session.failed_attempts += 1
            await self._fail(db, email, real=True, now=now)
            raise invalid_code(max(0, self.policy.max_tries_per_session - session.failed_attempts))
        session.consumed_at = now
        return session

    async def _fail(self, db: AsyncSession, email: str, *, real: bool, now: datetime) -> None:
        db.add(OtpFailure(email=email, requester=self.requester, real=real, at=now))
        await db.commit()

    async def _check_try_limits(self, db: AsyncSession, email: str, now: datetime) -> None:
        today = OtpFailure.at > now - DAY
        mine = OtpFailure.requester == self.requester
        count, oldest = (
            await db.execute(select(func.count(), func.min(OtpFailure.at)).where(today, mine))
        ).one()
        if count >= self.policy.max_failures_per_requester_per_day:
            raise _too_many(
                "OTP_TOO_MANY_TRIES",
                "Too many wrong codes from this network address today; try again later",
                "Wait until the limit resets, then request a new code.",
                ((oldest or now) + DAY - now).total_seconds(),
            )
        real = (today, OtpFailure.email == email, OtpFailure.real.is_(True))
        on_account, first = (
            await db.execute(select(func.count(), func.min(OtpFailure.at)).where(*real))
        ).one()
        if on_account < self.policy.max_failures_per_day:
            return
        by_me = await db.scalar(select(func.count()).select_from(OtpFailure).where(*real, mine))
        if (by_me or 0) >= min(self.policy.max_tries_per_session, self.policy.max_failures_per_day):
            raise _too_many(
                "OTP_ACCOUNT_LOCKED",
                "Too many wrong codes for this account today; try again later",
                "Wait until the lock expires, then request a new code.",
                ((first or now) + DAY - now).total_seconds(),
            )

    def _refusal(self, session: OtpSession, now: datetime) -> ApiError | None:
        if session.consumed_at is not None:
            return _refused("OTP_USED", "This code was already used")
        if session.failed_attempts >= self.policy.max_tries_per_session:
            return _refused(
                "OTP_SESSION_LOCKED", "Too many wrong tries for this code; request a new one"
            )
        if now >= session.expires_at:
            return _refused(
                "OTP_EXPIRED", "The code has expired or a newer one was sent; request a new one"
            )
        return None


async def user_by_email(db: AsyncSession, email: str) -> User | None:
    result: User | None = await db.scalar(select(User).where(User.email == email))
    return result
