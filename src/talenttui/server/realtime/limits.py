"""What one user may hold open and send on `/v1/realtime`, and when a socket must end.

- Sockets per user by plan (each costs ~50 KiB of server memory): the next handshake
  is refused with HTTP 429 (`RATE_LIMIT_EXCEEDED`, `details.limit = "realtime_connections"`),
  or closed 4429 where the server cannot answer a handshake with HTTP.
- Client frames: at most `settings.realtime_max_frame_bytes` each (uvicorn closes a
  bigger one with 1009), and a bucket of FRAME_BURST frames refilled at
  FRAMES_PER_SECOND; a client past it is closed with 1008.
- A socket ends when its credential does: revoked (a hub notice, at once) or expired
  (checked every CHECK_SECONDS).
"""

from __future__ import annotations

import asyncio
import time

from talenttui.server.context import ServerContext
from talenttui.server.errors import ApiError
from talenttui.server.hub import Closing, Subscription

SOCKETS_PER_PLAN = {"free": 5, "pro": 20, "enterprise": 100, "custom": 1000}
FRAMES_PER_SECOND = 10.0
FRAME_BURST = 30.0
CHECK_SECONDS = 0.5

EXPIRED = Closing(4401, "credential expired")
TOO_MANY_FRAMES = Closing(1008, "too many frames; at most 10 a second")


def socket_cap(plan: str) -> int:
    return SOCKETS_PER_PLAN.get(plan, SOCKETS_PER_PLAN["free"])


def too_many_sockets(plan: str) -> ApiError:
    cap = socket_cap(plan)
    return ApiError(
        429,
        "RATE_LIMIT_EXCEEDED",
        f"At most {cap} realtime connections at once on the {plan} plan",
        details={"limit": "realtime_connections", "plan": plan, "max_connections": cap},
        suggestion="Close a connection you no longer use; one per device is enough.",
        headers={"Retry-After": "5"},
    )


class FrameBudget:
    """A token bucket per socket for the frames a client sends."""

    def __init__(self) -> None:
        self.tokens = FRAME_BURST
        self.updated = time.monotonic()

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(FRAME_BURST, self.tokens + (now - self.updated) * FRAMES_PER_SECOND)
        self.updated = now
        if self.tokens < 1.0:
            return False
        self.tokens -= 1.0
        return True


async def close_at_expiry(ctx: ServerContext, sub: Subscription, expires_at: float | None) -> None:
    """Ends the socket once the credential expires (by the server's clock, which tests move)."""
    if expires_at is None:
        return
    while True:
        left = expires_at - ctx.timestamp()
        if left <= 0:
            sub.close(EXPIRED)
            return
        # polled, not slept through once: the server's clock may jump (tests move it)
        await asyncio.sleep(min(CHECK_SECONDS, left))
