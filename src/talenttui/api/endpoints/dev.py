"""``GET /api/v1/dev/outbox``: only on our server in dev mode (the bundled demo server)."""

from __future__ import annotations

from talenttui.api.call import Call
from talenttui.api.models.dev import DevOutbox


def dev_outbox(email: str) -> Call[DevOutbox]:
    return Call("GET", "/api/v1/dev/outbox", DevOutbox.model_validate, params={"email": email})
