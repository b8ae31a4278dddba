"""Error bodies of both APIs (and of proxies) become one family of typed errors."""

from __future__ import annotations

import json

import pytest

from talenttui.api.errors import (
    ApiError,
    AuthError,
    NetworkError,
    NotFound,
    Offline,
    PermissionDenied,
    RateLimited,
    ServerError,
    ValidationFailed,
    error_from_response,
)

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlX2hlcmU"


def skillsync_error(code: str, message: str, **details: object) -> str:
    return json.dumps(
        {
            "success": False,
            "error": {
                "code": code,
                "message": message,
                "details": details,
                "suggestion": "Please provide a valid email address",
            },
            "meta": {"timestamp": "2025-01-20T10:42:00Z", "request_id": "req_abc123"},
        }
    )


def test_skillsync_validation_error_names_the_field() -> None:
    body = skillsync_error(
        "VALIDATION_ERROR", "The request contains invalid parameters", field="email"
    )
    err = error_from_response(422, body)
    assert isinstance(err, ValidationFailed)
    assert (err.status, err.code, err.field) == (422, "VALIDATION_ERROR", "email")
    assert err.message == "The request contains invalid parameters"
    assert err.suggestion == "Please provide a valid email address"
    assert err.request_id == "req_abc123"
    assert str(err) == (
        "The request contains invalid parameters (VALIDATION_ERROR, HTTP 422) [request req_abc123]"
    )


def test_skilldeo_error_body() -> None:
    body = json.dumps(
        {
            "message": "Campaign not found",
            "status_code": 404,
            "error": True,
            "error_code": "RESOURCE_NOT_FOUND",
            "request_id": "req_1",
        }
    )
    err = error_from_response(404, body)
    assert isinstance(err, NotFound)
    assert (err.code, err.message, err.request_id) == (
        "RESOURCE_NOT_FOUND",
        "Campaign not found",
        "req_1",
    )


def test_skilldeo_body_without_error_code_gets_one_from_the_status() -> None:
    err = error_from_response(
        401, json.dumps({"message": "Unauthorized", "status_code": 401, "error": True})
    )
    assert isinstance(err, AuthError)
    assert err.code == "UNAUTHORIZED"


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, ValidationFailed),
        (401, AuthError),
        (403, PermissionDenied),
        (404, NotFound),
        (409, ApiError),
        (422, ValidationFailed),
        (429, RateLimited),
        (500, ServerError),
        (503, ServerError),
    ],
)
def test_status_picks_the_class(status: int, cls: type[ApiError]) -> None:
    err = error_from_response(status, skillsync_error("X", "m"))
    assert type(err) is cls
    assert err.status == status


def test_non_json_body_uses_the_status_words_and_the_header_request_id() -> None:
    err = error_from_response(
        502, b"<html><body>Bad gateway, token=abc</body></html>", request_id="req_h"
    )
    assert isinstance(err, ServerError)
    assert err.message == "Server answered 502 Bad Gateway"
    assert err.code == "SERVER_ERROR"
    assert err.request_id == "req_h"
    assert "token" not in str(err)


def test_empty_body_and_unknown_status() -> None:
    err = error_from_response(599, b"")
    assert isinstance(err, ServerError)
    assert "599" in str(err)


def test_rate_limited_carries_the_wait() -> None:
    err = error_from_response(
        429, skillsync_error("RATE_LIMIT_EXCEEDED", "Too many"), retry_after=42
    )
    assert isinstance(err, RateLimited)
    assert err.retry_after == 42


def test_secret_shaped_text_from_a_server_is_masked() -> None:
    body = skillsync_error(
        "INVALID_API_KEY", f"Key sk_live_abc123def is invalid; token {JWT}; Bearer zzz"
    )
    err = error_from_response(401, body)
    text = str(err) + repr(err)
    assert "sk_live_abc123def" not in text
    assert JWT not in text
    assert "zzz" not in text
    assert "[redacted]" in text


def test_control_characters_in_server_messages_are_defused() -> None:
    err = error_from_response(
        400, skillsync_error("VALIDATION_ERROR", "bad \x1b[2J", field="x\x9b")
    )
    assert err.message == "bad ^[[2J"
    assert err.details["field"] == "x^[["


def test_network_error_is_an_api_error_without_status() -> None:
    err = NetworkError("Cannot connect to the server (http://127.0.0.1:9)")
    assert isinstance(err, ApiError)
    assert Offline is NetworkError
    assert (err.status, err.code, err.timeout) == (0, "NETWORK_ERROR", False)
    assert (
        str(err) == "Cannot connect to the server (http://127.0.0.1:9) (NETWORK_ERROR, no response)"
    )
    assert NetworkError("slow", timeout=True).code == "TIMEOUT"
