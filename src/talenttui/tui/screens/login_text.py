"""What the login screen says: errors, where the code went, and when a new one may be sent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from talenttui.api.errors import ApiError

DEMO_HINT = (
    "Demo server: try jane.doe@acme.example (recruiter) or sarah.johnson@example.com (candidate)."
)
Next = Literal["resend", "send"]
"""What the person does for a new code: ctrl+r on the code step, enter on the email step."""


@dataclass(frozen=True)
class LoginError:
    text: str
    needs_new_code: bool = False


def describe_login_error(exc: ApiError) -> LoginError:
    """What a person should read for each way a code can fail."""
    code = exc.code
    if exc.status == 0:
        return LoginError(
            f"No network: {exc.message}. Check the connection or the server, then try again."
        )
    if code == "OTP_INVALID":
        return LoginError(exc.message)
    if code == "OTP_EXPIRED":
        return LoginError("This code has expired.", needs_new_code=True)
    if code in ("OTP_SESSION_LOCKED", "OTP_USED"):
        return LoginError(f"{exc.message.rstrip('.')}.", needs_new_code=True)
    if code == "OTP_ACCOUNT_LOCKED":
        return LoginError(f"Too many wrong codes: {exc.message}")
    if exc.status == 429:
        wait = exc.details.get("retry_after")
        return LoginError(exc.message + (f" Try again in {wait} s." if wait else ""))
    return LoginError(exc.message + (f" {exc.suggestion}" if exc.suggestion else ""))


def next_code_hint(next_step: Next, cooldown: int) -> str:
    """The same figure as the Resend button, from the same countdown."""
    what = "Press ctrl+r for a new code" if next_step == "resend" else "Press enter for a code"
    return f"{what} in {cooldown} s." if cooldown > 0 else f"{what}."


def resend_label(cooldown: int) -> str:
    return f"Resend in {cooldown} s" if cooldown > 0 else "Resend"


def sent_to_text(email: str, *, signup: bool, kiosk: bool, bundled: bool) -> str:
    """Where the code went, and what the mail says instead when there is no code to give.

    The server answers alike whether or not the address has an account (no account
    enumeration), so only the mail can tell: the screen says what to do if it does.
    """
    lines = [f"We sent a code to {email}. It is valid for 10 minutes."]
    if signup:
        lines.append(
            "If this address already has an account, the mail says so instead: "
            "press ctrl+n to log in."
        )
    else:
        lines.append(
            "If this address has no account yet, the mail says so instead: press ctrl+n to sign up."
        )
    if kiosk:
        where = (
            "the bundled server keeps the mail in its outbox (talenttui server outbox)"
            if bundled
            else "read it in your mail"
        )
        lines.append(f"Codes are never shown on this terminal: {where}.")
    return "\n".join(lines)


def notice_text(email: str, *, signup: bool) -> str:
    """The dev server mailed a notice, not a code: say it plainly."""
    if signup:
        return f"{email} already has an account: log in instead (no code was sent for a signup)."
    return f"{email} has no account yet: fill in your name to sign up."
