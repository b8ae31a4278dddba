"""Webhooks against a real receiver on 127.0.0.1: signatures as the reference checks them, retries, SSRF."""

from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import Live
from tests.server.skillsync_people import Person, matched_pair, person

SECRET = "whsec_test_secret_0123456789"


class Receiver:
    def __init__(self, fail_first: int = 0) -> None:
        self.fail_first = fail_first
        self.calls: list[tuple[bytes, dict[str, str]]] = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.calls.append((raw, dict(self.headers)))
                ok = len(receiver.calls) > receiver.fail_first
                self.send_response(200 if ok else 500)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def wait_for(self, count: int, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while len(self.calls) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.calls) >= count, f"{len(self.calls)} of {count} deliveries arrived"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.server.shutdown()


def verify_webhook_signature(payload: bytes, signature: str, secret: str) -> bool:
    """The reference's Node.js check, line for line."""
    digest = hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()
    expected = f"sha256={digest}"
    return hmac.compare_digest(signature.encode(), expected.encode())


def _register(live: Live, who: Person, url: str, **extra: Any) -> Any:
    body = {"url": url, "events": ["message.received"], "secret": SECRET, **extra}
    return live.client.post("/v1/webhooks", json=body, headers=who.headers)


def _message(live: Live, sender: Person, recipient: Person, text: str = "hi") -> None:
    resp = live.client.post(
        "/v1/messages",
        json={"recipient_id": recipient.public_id, "message": text},
        headers=sender.headers,
    )
    assert resp.status_code == 201, resp.text


def _deliveries(live: Live, who: Person, hook_id: str) -> list[dict[str, Any]]:
    resp = live.client.get(f"/v1/webhooks/{hook_id}/deliveries", headers=who.headers)
    assert resp.status_code == 200, resp.text
    deliveries: list[dict[str, Any]] = resp.json()["data"]["deliveries"]
    return deliveries


def test_delivery_is_signed_as_the_reference_says(live: Live, receiver: Receiver) -> None:
    cand, rec = matched_pair(live)
    created = _register(live, rec, receiver.url)
    assert created.status_code == 201
    hook = created.json()["data"]
    assert hook["secret"] == SECRET and hook["id"].startswith("wh_")
    _message(live, cand, rec, "signed hello")
    receiver.wait_for(1)
    raw, headers = receiver.calls[0]
    assert verify_webhook_signature(raw, headers["X-SkillSync-Signature"], SECRET)
    body = json.loads(raw)
    assert list(body) == ["id", "event", "data", "webhook_id", "created_at", "signature"]
    assert body["event"] == "message.received" and body["webhook_id"] == hook["id"]
    assert body["data"]["message"] == "signed hello"
    field = body["signature"]
    stripped = raw[: raw.rindex(b',"signature":')] + b"}"
    assert verify_webhook_signature(stripped, field, SECRET)
    stamp = headers["X-SkillSync-Timestamp"]
    assert abs(int(stamp) - time.time()) < 60
    assert verify_webhook_signature(
        f"{stamp}.".encode() + raw, headers["X-SkillSync-Signature-V2"], SECRET
    )
    assert not verify_webhook_signature(raw + b" ", headers["X-SkillSync-Signature"], SECRET)
    listed = live.client.get("/v1/webhooks", headers=rec.headers).json()["data"]["webhooks"]
    assert [h["id"] for h in listed] == [hook["id"]] and "secret" not in listed[0]


def test_failed_deliveries_are_retried_then_delivered(start_server: Any) -> None:
    live = start_server(webhook_retry_unit_seconds=0.02)
    receiver = Receiver(fail_first=2)
    try:
        cand, rec = matched_pair(live)
        hook_id = _register(live, rec, receiver.url).json()["data"]["id"]
        _message(live, cand, rec)
        receiver.wait_for(3)
        deadline = time.monotonic() + 5
        while (d := _deliveries(live, rec, hook_id))[0][
            "status"
        ] != "delivered" and time.monotonic() < deadline:
            time.sleep(0.02)
        assert d[0]["status"] == "delivered" and d[0]["attempts"] == 3
        assert d[0]["last_status_code"] == 200
        bodies = {raw for raw, _ in receiver.calls}
        assert len({json.loads(b)["id"] for b in bodies}) == 1
    finally:
        receiver.server.shutdown()


def test_retry_schedule_doubles_then_gives_up(start_server: Any) -> None:
    unit = 0.05
    live = start_server(webhook_retry_unit_seconds=unit)
    receiver = Receiver(fail_first=100)
    try:
        cand, rec = matched_pair(live)
        hook_id = _register(live, rec, receiver.url).json()["data"]["id"]
        started = time.monotonic()
        _message(live, cand, rec)
        receiver.wait_for(6, timeout=20)
        elapsed = time.monotonic() - started
        deadline = time.monotonic() + 5
        while (d := _deliveries(live, rec, hook_id))[0][
            "status"
        ] != "failed" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert d[0]["status"] == "failed" and d[0]["attempts"] == 6
        assert d[0]["last_error"] == "HTTP 500" and d[0]["next_attempt_at"] is None
        time.sleep(unit * 40)
        assert len(receiver.calls) == 6, "a failed delivery must not be tried again"
        assert elapsed >= unit * (1 + 2 + 4 + 8 + 16) * 0.9, (
            "retries came sooner than 1, 2, 4, 8, 16 units"
        )
    finally:
        receiver.server.shutdown()


def test_other_users_hooks_are_not_found(live: Live, receiver: Receiver) -> None:
    _, rec = matched_pair(live)
    hook_id = _register(live, rec, receiver.url).json()["data"]["id"]
    stranger = person(live, name="Other")
    assert (
        live.client.delete(f"/v1/webhooks/{hook_id}", headers=stranger.headers).status_code == 404
    )
    assert (
        live.client.get(f"/v1/webhooks/{hook_id}/deliveries", headers=stranger.headers).status_code
        == 404
    )
    assert live.client.delete(f"/v1/webhooks/{hook_id}", headers=rec.headers).status_code == 200
    assert live.client.get("/v1/webhooks", headers=rec.headers).json()["data"]["webhooks"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"events": ["match.exploded"]}, "events[0]"),
        ({"events": []}, "events"),
        ({"url": "ftp://example.com/x"}, "url"),
        ({"secret": "short"}, "secret"),
    ],
)
def test_invalid_registrations_name_the_field(
    live: Live, receiver: Receiver, body: dict[str, Any], field: str
) -> None:
    _, rec = matched_pair(live)
    resp = (
        _register(live, rec, receiver.url, **body)
        if "url" not in body
        else _register(live, rec, **body)
    )
    assert resp.status_code == 422
    assert resp.json()["error"]["details"]["field"] == field


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/hook",
        "http://localhost/hook",
        "http://10.0.0.1/hook",
        "http://192.168.1.10/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://0.0.0.0/hook",
        "http://user:pw@example.com/hook",
    ],
)
def test_internal_addresses_are_refused_outside_dev(start_server: Any, url: str) -> None:
    live = start_server(dev=False)
    _, rec = matched_pair(live)
    resp = _register(live, rec, url)
    assert resp.status_code == 422
    assert resp.json()["error"]["details"]["field"] == "url"


def test_webhook_scopes(live: Live, receiver: Receiver) -> None:
    _, rec = matched_pair(live)
    key = live.client.post(
        "/v1/auth/api-keys", json={"name": "ro", "scopes": ["webhooks:read"]}, headers=rec.headers
    ).json()["data"]["key"]
    resp = live.client.post(
        "/v1/webhooks",
        json={"url": receiver.url, "events": ["message.received"]},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert resp.status_code == 403
