"""Bodies (strict where it matters, tolerant of extra fields) and answers of the skilldeo auth endpoints."""

from __future__ import annotations

from typing import Annotated, Literal

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, field_validator

from talenttui.server.web.numbers import StrictInt64

Name = Annotated[StrictStr, Field(max_length=100)]


def normalise_email(value: str) -> str:
    """One address, as email-validator reads it (RFC 5321/5322 and IDNA), lower case.

    Refused: lists (`a,b@x`), display names (`"x"<y>@x`), quoted local parts, empty
    labels (`a@b..c`), anything no mail server would take. Reserved names such as
    `.example` pass (the demo accounts use them); nothing is looked up in DNS.
    """
    try:
        checked = validate_email(
            value.strip(), check_deliverability=False, globally_deliverable=False
        )
    except EmailNotValidError:
        raise ValueError("invalid_email_format") from None
    email = (checked.ascii_email or checked.normalized).lower()
    if len(email) > 320:
        raise ValueError("invalid_email_format")
    return email


class EmailBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    email: StrictStr

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        return normalise_email(value)


class SignupFields(BaseModel):
    firstName: Name | None = None
    lastName: Name | None = None
    organization: Annotated[StrictStr, Field(max_length=200)] | None = None
    org_type_id: StrictInt64 | None = None
    phoneNumber: Annotated[StrictStr, Field(max_length=40)] | None = None
    role_id: Annotated[StrictInt, Field(ge=1, le=2)] | None = None


class SignupOtpBody(EmailBody, SignupFields):
    pass


class VerifyBody(EmailBody):
    session_id: Annotated[StrictStr, Field(min_length=1, max_length=64)]
    verification_code: Annotated[StrictStr, Field(pattern=r"^\d{6}$")]


class SignupVerifyBody(VerifyBody, SignupFields):
    recievedFrom: StrictStr | None = None


class OtpSent(BaseModel):
    """signupOTP and loginOTP: the session the code was mailed for (a notice, when no code fits)."""

    message: str
    session_id: str
    status_code: Literal[200] = 200
    error: Literal[False] = False


class LoggedIn(BaseModel):
    """signupVerify and loginVerify: the login token and whose it is."""

    message: str
    token: str
    user_id: int
    org_id: int | None
    status_code: Literal[200] = 200
    error: Literal[False] = False
