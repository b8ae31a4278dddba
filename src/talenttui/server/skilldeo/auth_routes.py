"""skilldeo auth: OTP signup and login. No bearer token; answers never reveal whether an email has an account."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.context import ServerContext
from talenttui.server.db import savepoint
from talenttui.server.errors import ApiError
from talenttui.server.models import Organization, Plan, Role, User
from talenttui.server.skilldeo.auth_schemas import (
    EmailBody,
    LoggedIn,
    OtpSent,
    SignupFields,
    SignupOtpBody,
    SignupVerifyBody,
    VerifyBody,
)
from talenttui.server.skilldeo.otp import OtpService, invalid_code, user_by_email
from talenttui.server.web.deps import Ctx, Db
from talenttui.server.web.error_docs import skilldeo_errors
from talenttui.server.web.login_sessions import start_session

router = APIRouter(responses=skilldeo_errors(400, 413, 422, 429))

NOTICES = {
    "signup": (
        "You already have a talenttui account",
        "Someone asked to sign up with this address, which already has an account. "
        "Log in instead. If it was not you, ignore this mail.",
    ),
    "login": (
        "No talenttui account for this address",
        "Someone asked to log in with this address, which has no account. "
        "Sign up first. If it was not you, ignore this mail.",
    ),
}


def requester_of(request: Request) -> str:
    """Whom the OTP limits count: the client address (behind a trusted proxy, the forwarded one)."""
    return request.client.host if request.client is not None else "unknown"


async def _send_code(
    ctx: ServerContext,
    db: AsyncSession,
    requester: str,
    email: str,
    purpose: str,
    *,
    code_is_useful: bool,
    signup: dict[str, Any] | None = None,
) -> str:
    """Start a session and mail either its code or a notice: the same work either way."""
    started = await OtpService(ctx, requester).start(
        db, email, purpose, deliverable=code_is_useful, signup_data=signup
    )
    if started.code is not None:
        minutes = ctx.settings.otp.ttl_seconds // 60
        ctx.mailer.queue(
            db,
            email=email,
            purpose=purpose,
            subject=f"Your talenttui {purpose} code",
            body=f"Your talenttui {purpose} code is {started.code}.\n\nThis code expires in "
            f"{minutes} minutes. If you did not ask for it, ignore this mail.",
            code=started.code,
        )
    else:
        subject, text = NOTICES[purpose]
        ctx.mailer.queue(db, email=email, purpose=purpose, subject=subject, body=text)
    return started.session_id


@router.post("/signupOTP")
async def signup_otp(body: SignupOtpBody, request: Request, ctx: Ctx, db: Db) -> OtpSent:
    new = await user_by_email(db, body.email) is None
    signup = body.model_dump(exclude={"email"}, exclude_none=True)
    session_id = await _send_code(
        ctx, db, requester_of(request), body.email, "signup", code_is_useful=new, signup=signup
    )
    return OtpSent(message="OTP sent successfully", session_id=session_id)


@router.post("/loginOTP")
async def login_otp(body: EmailBody, request: Request, ctx: Ctx, db: Db) -> OtpSent:
    known = await user_by_email(db, body.email) is not None
    session_id = await _send_code(
        ctx, db, requester_of(request), body.email, "login", code_is_useful=known
    )
    return OtpSent(message="OTP sent to email", session_id=session_id)


def _signup_value(body: SignupFields, stored: dict[str, Any], name: str) -> Any:
    value = getattr(body, name)
    return value if value is not None else stored.get(name)


def _account_exists() -> ApiError:
    """Only a race gets here: a code is never mailed for an address that has an account."""
    return ApiError(
        400,
        "ACCOUNT_EXISTS",
        "An account with this email already exists",
        suggestion="Log in with loginOTP instead.",
    )


@router.post("/signupVerify", responses=skilldeo_errors(401))
async def signup_verify(body: SignupVerifyBody, request: Request, ctx: Ctx, db: Db) -> LoggedIn:
    session = await OtpService(ctx, requester_of(request)).verify(
        db,
        email=body.email,
        session_id=body.session_id,
        code=body.verification_code,
        purpose="signup",
    )
    if await user_by_email(db, body.email) is not None:
        raise _account_exists()
    stored = session.signup_data or {}
    org_name = _signup_value(body, stored, "organization")
    org: Organization | None = None
    if org_name and str(org_name).strip():
        org = Organization(
            name=str(org_name).strip(),
            org_type_id=_signup_value(body, stored, "org_type_id"),
            plan=Plan.FREE.value,
            created_at=ctx.now(),
        )
        db.add(org)
        await db.flush()
    user = User(
        email=body.email,
        first_name=_signup_value(body, stored, "firstName") or "",
        last_name=_signup_value(body, stored, "lastName") or "",
        phone_number=_signup_value(body, stored, "phoneNumber"),
        role_id=_signup_value(body, stored, "role_id") or Role.CANDIDATE.value,
        org_id=org.id if org else None,
        created_at=ctx.now(),
    )
    try:
        async with savepoint(db):
            db.add(user)
    except IntegrityError:
        raise _account_exists() from None
    token = start_session(db, ctx, user)
    return LoggedIn(
        message="Account created successfully", token=token, user_id=user.id, org_id=user.org_id
    )


@router.post("/loginVerify", responses=skilldeo_errors(401))
async def login_verify(body: VerifyBody, request: Request, ctx: Ctx, db: Db) -> LoggedIn:
    await OtpService(ctx, requester_of(request)).verify(
        db,
        email=body.email,
        session_id=body.session_id,
        code=body.verification_code,
        purpose="login",
    )
    user = await user_by_email(db, body.email)
    if user is None:
        raise invalid_code(0)
    token = start_session(db, ctx, user)
    return LoggedIn(message="Login successful", token=token, user_id=user.id, org_id=user.org_id)
