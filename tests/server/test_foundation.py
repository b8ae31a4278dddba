"""The server's common ground: health, request ids, envelopes for unknown routes, body limits."""

from __future__ import annotations

import re

from tests.conftest import Live


def test_healthz_answers_with_a_request_id(live: Live) -> None:
    resp = live.client.get("/healthz")
    assert resp.status_code == 200
    assert resp.json()["status"] == "ok"
    assert re.fullmatch(r"req_[0-9a-f]{16}", resp.headers["x-request-id"])


def test_incoming_request_id_is_kept(live: Live) -> None:
    resp = live.client.get("/healthz", headers={"X-Request-ID": "trace-1234abcd"})
    assert resp.headers["x-request-id"] == "trace-1234abcd"


def test_unknown_route_uses_the_envelope_of_its_api(live: Live) -> None:
    deo = live.client.get("/api/v1/nope")
    assert deo.status_code == 404
    assert deo.json()["error"] is True and deo.json()["status_code"] == 404
    sync = live.client.get("/v1/nope")
    assert sync.status_code == 404
    body = sync.json()
    assert body["success"] is False and body["error"]["code"] == "RESOURCE_NOT_FOUND"
    assert body["meta"]["request_id"] == sync.headers["x-request-id"]


def test_ten_megabyte_body_is_refused_in_the_envelope(live: Live) -> None:
    big = b'{"email": "' + b"a" * (10 * 1024 * 1024) + b'"}'
    resp = live.client.post(
        "/api/v1/auth/loginOTP", content=big, headers={"Content-Type": "application/json"}
    )
    assert resp.status_code == 413
    assert resp.json()["error"] is True
    assert resp.json()["error_code"] == "PAYLOAD_TOO_LARGE"


def test_chunked_body_over_the_cap_is_refused(live: Live) -> None:
    def chunks():  # no Content-Length: the server must count as it reads
        for _ in range(40):
            yield b"x" * 65536

    resp = live.client.post(
        "/api/v1/auth/loginOTP", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert resp.status_code == 413
