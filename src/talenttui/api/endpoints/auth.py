"""skilldeo ``/api/v1/auth``: OTP signup and login. No Bearer token needed."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from talenttui.api.call import Call, drop_none
from talenttui.api.models.auth import OtpSent, Session


@dataclass(frozen=True)
class SignupDetails:
    """What signup asks for beyond the email; ``role_id`` 1 is candidate, 2 recruiter."""

    firstName: str | None = None
    lastName: str | None = None
    organization: str | None = None
    org_type_id: int | None = None
    phoneNumber: str | None = None
    role_id: int | None = None

    def fields(self) -> dict[str, Any]:
        return drop_none(asdict(self))


def login_otp(email: str) -> Call[OtpSent]:
    return Call(
        "POST",
        "/api/v1/auth/loginOTP",
        OtpSent.model_validate,
        json={"email": email},
        patient=False,
    )


def login_verify(email: str, session_id: str, code: str) -> Call[Session]:
    body = {"email": email, "session_id": session_id, "verification_code": code}
    return Call(
        "POST", "/api/v1/auth/loginVerify", Session.model_validate, json=body, patient=False
    )


def signup_otp(email: str, details: SignupDetails) -> Call[OtpSent]:
    body = {"email": email, **details.fields()}
    return Call("POST", "/api/v1/auth/signupOTP", OtpSent.model_validate, json=body, patient=False)


def signup_verify(
    email: str, session_id: str, code: str, details: SignupDetails | None = None
) -> Call[Session]:
    body = {
        "email": email,
        "session_id": session_id,
        "verification_code": code,
        **(details.fields() if details else {}),
    }
    return Call(
        "POST", "/api/v1/auth/signupVerify", Session.model_validate, json=body, patient=False
    )


def logout() -> Call[None]:
    """Our extension: revoke the token this call carries, on the server."""
    return Call("POST", "/api/v1/auth/logout", lambda _data: None, patient=False)
