"""Helpers for client tests: a transport over a scripted httpx.MockTransport, fast and seeded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from talenttui.api.config import ClientConfig, RetryPolicy
from talenttui.api.credentials import Credentials, CredentialStore
from talenttui.api.transport import Transport

SERVER = "http://skillsync.test"


@dataclass
class Recorder:
    """Answers requests from a handler and keeps every request and every wait."""

    handler: Callable[[httpx.Request], httpx.Response]
    requests: list[httpx.Request] = field(default_factory=list)
    sleeps: list[float] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.handler(request)

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)


def ok(data: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(
        200,
        json={"success": True, "data": data, "message": "ok", "meta": {"request_id": "req_1"}},
        headers=headers,
    )


def failure(status: int, code: str, headers: dict[str, str] | None = None) -> httpx.Response:
    body = {
        "success": False,
        "error": {"code": code, "message": f"{code} happened", "details": {}, "suggestion": ""},
        "meta": {"request_id": "req_err"},
    }
    return httpx.Response(status, json=body, headers=headers)


def scripted(*answers: httpx.Response | Exception) -> Callable[[httpx.Request], httpx.Response]:
    """Answers in order; the last one repeats."""
    queue = list(answers)

    def handler(request: httpx.Request) -> httpx.Response:
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    return handler


def mock_transport(
    recorder: Recorder,
    *,
    token: str | None = "login-token",
    rand: float = 0.5,
    clock: float = 1_700_000_000.0,
    retry: RetryPolicy | None = None,
) -> Transport:
    credentials = CredentialStore.in_memory(SERVER, Credentials(token=token) if token else None)
    return Transport(
        ClientConfig(server=SERVER, retry=retry or RetryPolicy()),
        credentials,
        http_transport=httpx.MockTransport(recorder),
        sleep=recorder.sleep,
        rand=lambda: rand,
        clock=lambda: clock,
    )
