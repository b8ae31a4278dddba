"""A real webhook receiver on 127.0.0.1, the reference's signature check in Python, and API helpers."""

from __future__ import annotations

import hashlib
import hmac
import http.server
import threading
import time
from typing import Any

from tests.conftest import Live
from tests.server.skillsync_people import Person

SECRET = "whsec_test_secret_0123456789"


class Receiver:
    """Answers `status` (500 unless given) to the first `fail_first` calls, then 200, each
    after `delay` seconds (a slow receiver)."""

    def __init__(
        self,
        fail_first: int = 0,
        status: int = 500,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
    ) -> None:
        self.fail_first = fail_first
        self.calls: list[tuple[bytes, dict[str, str]]] = []
        self.times: list[float] = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                time.sleep(delay)
                receiver.calls.append((raw, dict(self.headers)))
                receiver.times.append(time.monotonic())
                ok = len(receiver.calls) > receiver.fail_first
                self.send_response(200 if ok else status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def wait_for(self, count: int, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while len(self.calls) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.calls) >= count, f"{len(self.calls)} of {count} deliveries arrived"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def verify_webhook_signature(payload: bytes, signature: str, secret: str) -> bool:
    """The reference's Node.js check, line for line (timingSafeEqual throws on unequal lengths)."""
    digest = hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()
    expected = f"sha256={digest}"
    if len(signature.encode()) != len(expected.encode()):
        raise ValueError("Input buffers must have the same byte length")
    return hmac.compare_digest(signature.encode(), expected.encode())


def register(live: Live, who: Person, url: str, **extra: Any) -> Any:
    body = {"url": url, "events": ["message.received"], "secret": SECRET, **extra}
    return live.client.post("/v1/webhooks", json=body, headers=who.headers)


def send_message(live: Live, sender: Person, recipient: Person, text: str = "hi") -> None:
    resp = live.client.post(
        "/v1/messages",
        json={"recipient_id": recipient.public_id, "message": text},
        headers=sender.headers,
    )
    assert resp.status_code == 201, resp.text


def deliveries(live: Live, who: Person, hook_id: str) -> list[dict[str, Any]]:
    resp = live.client.get(f"/v1/webhooks/{hook_id}/deliveries", headers=who.headers)
    assert resp.status_code == 200, resp.text
    found: list[dict[str, Any]] = resp.json()["data"]["deliveries"]
    return found


def wait_for_status(
    live: Live, who: Person, hook_id: str, status: str, timeout: float = 10
) -> dict[str, Any]:
    """The newest delivery once it reaches `status` (or as it is when time runs out)."""
    deadline = time.monotonic() + timeout
    while True:
        newest = deliveries(live, who, hook_id)[0]
        if newest["status"] == status or time.monotonic() > deadline:
            return newest
        time.sleep(0.02)
