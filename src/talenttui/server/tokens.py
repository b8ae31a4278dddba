"""Login tokens: JWT HS256 signed with the server secret (see `secret_store`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import jwt

from talenttui.server.errors import unauthorized

ALGORITHM = "HS256"
ISSUER = "talenttui"
MAX_TTL_SECONDS = 30 * 24 * 3600


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    org_id: int | None
    role_id: int
    expires_at: int
    jti: str


def new_jti() -> str:
    return uuid.uuid4().hex


class TokenService:
    def __init__(self, secret: bytes, ttl_seconds: int) -> None:
        self._secret = secret
        self.ttl_seconds = min(ttl_seconds, MAX_TTL_SECONDS)

    def issue(self, user_id: int, org_id: int | None, role_id: int, now: float, jti: str) -> str:
        """A token for the login session `jti` (its row makes it revocable; see web.login_sessions)."""
        payload = {
            "sub": str(user_id),
            "org": org_id,
            "role": role_id,
            "iat": int(now),
            "exp": int(now) + self.ttl_seconds,
            "iss": ISSUER,
            "jti": jti,
        }
        return jwt.encode(payload, self._secret, algorithm=ALGORITHM)

    def verify(self, token: str, now: float) -> TokenClaims:
        """Only HS256 with our key: `alg: none`, other algorithms and bad signatures fail here."""
        try:
            payload = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                issuer=ISSUER,
                options={"require": ["exp", "iat", "sub", "jti"], "verify_exp": False},
            )
        except jwt.PyJWTError:
            raise unauthorized("Invalid token") from None
        exp = int(payload["exp"])
        if exp <= now:
            raise unauthorized("Token expired; log in again")
        try:
            return TokenClaims(
                user_id=int(payload["sub"]),
                org_id=payload.get("org"),
                role_id=int(payload.get("role", 1)),
                expires_at=exp,
                jti=str(payload["jti"]),
            )
        except (TypeError, ValueError):
            raise unauthorized("Invalid token") from None
