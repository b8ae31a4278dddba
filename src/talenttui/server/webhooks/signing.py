"""Webhook bodies and signatures.

- `X-SkillSync-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>`: the reference's
  Node.js `verifyWebhookSignature(rawBody, header, secret)` passes unchanged.
- The body's own `signature` field cannot sign the body that contains it. It is the
  HMAC of the body without that field, and it is always the LAST key: strip
  `,"signature":"sha256=…"}` from the end of the raw body (leaving the closing `}`)
  and the HMAC of what remains equals the field.
- Replays: `X-SkillSync-Timestamp` (unix seconds) and `X-SkillSync-Signature-V2:
  sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`; receivers should
  reject timestamps more than 5 minutes old.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any


def sign(secret: str, payload: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class SignedDelivery:
    body: bytes
    headers: dict[str, str]


def signed_delivery(secret: str, payload: dict[str, Any], timestamp: int) -> SignedDelivery:
    base = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    field = sign(secret, base.encode())
    body = (base[:-1] + ',"signature":' + json.dumps(field) + "}").encode()
    return SignedDelivery(
        body=body,
        headers={
            "Content-Type": "application/json",
            "User-Agent": "talenttui-webhooks/1",
            "X-SkillSync-Signature": sign(secret, body),
            "X-SkillSync-Timestamp": str(timestamp),
            "X-SkillSync-Signature-V2": sign(secret, f"{timestamp}.".encode() + body),
        },
    )
