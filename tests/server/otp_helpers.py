"""Log in through the real OTP endpoints, reading the code the way the embedded app does."""

from __future__ import annotations

from typing import Any

import httpx


def latest_code(client: httpx.Client, email: str) -> str:
    resp = client.get("/api/v1/dev/outbox", params={"email": email})
    assert resp.status_code == 200, resp.text
    codes = [m["code"] for m in resp.json()["records"] if m["code"]]
    assert codes, f"no code mailed to {email}"
    return str(codes[0])


def signup(client: httpx.Client, email: str, **fields: Any) -> dict[str, Any]:
    resp = client.post("/api/v1/auth/signupOTP", json={"email": email, **fields})
    assert resp.status_code == 200, resp.text
    session_id = resp.json()["session_id"]
    verify = client.post(
        "/api/v1/auth/signupVerify",
        json={
            "email": email,
            "session_id": session_id,
            "verification_code": latest_code(client, email),
        },
    )
    assert verify.status_code == 200, verify.text
    body: dict[str, Any] = verify.json()
    return body


def login(client: httpx.Client, email: str) -> dict[str, Any]:
    resp = client.post("/api/v1/auth/loginOTP", json={"email": email})
    assert resp.status_code == 200, resp.text
    verify = client.post(
        "/api/v1/auth/loginVerify",
        json={
            "email": email,
            "session_id": resp.json()["session_id"],
            "verification_code": latest_code(client, email),
        },
    )
    assert verify.status_code == 200, verify.text
    body: dict[str, Any] = verify.json()
    return body
