"""The webhook SSRF guard: which addresses are refused, pinning, and refusal at delivery time.

No test traffic leaves 127.0.0.1: names are resolved by a stand-in resolver, and
internal literals are refused before any connection.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from typing import Any

import pytest

from talenttui.server.errors import ApiError
from talenttui.server.webhooks.url_guard import check_webhook_url, resolve_webhook_url
from tests.conftest import Live
from tests.server.skillsync_people import matched_pair
from tests.server.webhook_receiver import Receiver, register, send_message, wait_for_status

PUBLIC = "93.184.216.34"


def _resolver(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[str]]) -> None:
    """Answer getaddrinfo from a table, as a DNS server under an attacker's control could."""

    async def getaddrinfo(
        self: asyncio.AbstractEventLoop, host: str, port: int, **_: Any
    ) -> list[tuple[Any, ...]]:
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "unknown")
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in answers[host]
        ]

    monkeypatch.setattr(asyncio.BaseEventLoop, "getaddrinfo", getaddrinfo)


async def _refusal(url: str, *, dev: bool = False) -> ApiError:
    with pytest.raises(ApiError) as info:
        await check_webhook_url(url, dev=dev)
    assert info.value.status == 422 and info.value.code == "VALIDATION_ERROR"
    assert info.value.details is not None and info.value.details["field"] == "url"
    return info.value


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "127.1.2.3",
        "[::1]",
        "[::ffff:127.0.0.1]",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.0.1",
        "100.64.0.1",
        "169.254.169.254",
        "[fe80::1]",
        "[fc00::1]",
        "224.0.0.1",
        "240.0.0.1",
        "0.0.0.0",
        "[::]",
        "255.255.255.255",
        "[2002:7f00:1::]",  # 6to4 of 127.0.0.1
        "[2002:a9fe:a9fe::1]",  # 6to4 of 169.254.169.254
        "[::ffff:7f00:1]",
        "[::127.0.0.1]",  # IPv4-compatible
        "[64:ff9b::7f00:1]",  # NAT64 of 127.0.0.1
        "[64:ff9b::a00:1]",  # NAT64 of 10.0.0.1
        "[64:ff9b:1::a9fe:a9fe]",  # local-use NAT64 of 169.254.169.254
        "[2001:0:4136:e378:8000:63bf:80ff:fffe]",  # Teredo, client 127.0.0.1
    ],
)
async def test_internal_literals_are_refused(host: str) -> None:
    err = await _refusal(f"http://{host}/hook")
    assert err.details is not None and err.details["issue"] == "forbidden_address"


@pytest.mark.parametrize("host", ["2130706433", "0x7f000001", "0177.0.0.1"])
async def test_numeric_spellings_of_loopback_are_refused(host: str) -> None:
    """The system resolver reads these as 127.0.0.1 without any network traffic."""
    await _refusal(f"http://{host}/hook")


@pytest.mark.parametrize(
    ("url", "issue"),
    [
        ("ftp://example.com/x", "invalid_url"),
        ("file:///etc/passwd", "invalid_url"),
        ("javascript:alert(1)", "invalid_url"),
        ("http:///nohost", "invalid_url"),
        ("https://user:pw@example.com/x", "credentials_in_url"),
        ("https://example.com:99999/x", "invalid_port"),
    ],
)
async def test_malformed_urls_are_refused(url: str, issue: str) -> None:
    err = await _refusal(url)
    assert err.details is not None and err.details["issue"] == issue


async def test_a_name_with_any_internal_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    _resolver(monkeypatch, {"mixed.example": [PUBLIC, "10.0.0.5"], "inside.example": ["::1"]})
    await _refusal("https://mixed.example/hook")
    await _refusal("https://inside.example/hook")
    err = await _refusal("https://nowhere.example/hook")
    assert err.details is not None and err.details["issue"] == "unresolvable_host"


async def test_delivery_connects_to_the_checked_address(monkeypatch: pytest.MonkeyPatch) -> None:
    _resolver(monkeypatch, {"hooks.example": [PUBLIC, "2606:2800:220:1::1"]})
    target = await resolve_webhook_url("https://Hooks.Example:8443/in?x=1", dev=False)
    pinned = target.pinned()
    assert [str(p.url) for p in pinned] == [
        f"https://{PUBLIC}:8443/in?x=1",
        "https://[2606:2800:220:1::1]:8443/in?x=1",
    ]
    assert {p.host_header for p in pinned} == {"hooks.example:8443"}
    assert {p.sni_hostname for p in pinned} == {"hooks.example"}


async def test_public_ipv6_and_its_public_ipv4_forms_pass() -> None:
    for host in ("[2606:2800:220:1::1]", "[2002:5db8:d822::1]"):  # NAT64 is reserved: refused
        target = await resolve_webhook_url(f"https://{host}/hook", dev=False)
        assert target.addresses


async def test_dev_allows_loopback_only() -> None:
    await check_webhook_url("http://127.0.0.1:8080/hook", dev=True)
    await check_webhook_url("http://[::1]:8080/hook", dev=True)
    await _refusal("http://10.0.0.1/hook", dev=True)
    await _refusal("http://169.254.169.254/", dev=True)


def test_registration_outside_dev_is_refused_over_http(start_server: Callable[..., Live]) -> None:
    live = start_server(dev=False)
    _, rec = matched_pair(live)
    for url in (
        "http://127.0.0.1:9/hook",
        "http://localhost/hook",
        "http://10.0.0.1/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://user:pw@example.com/hook",
    ):
        resp = register(live, rec, url)
        assert resp.status_code == 422, url
        error = resp.json()["error"]
        assert error["code"] == "VALIDATION_ERROR" and error["details"]["field"] == "url"
    assert live.client.get("/v1/webhooks", headers=rec.headers).json()["data"]["webhooks"] == []


def test_delivery_is_refused_when_the_server_leaves_dev(
    start_server: Callable[..., Live],
) -> None:
    """A loopback hook registered in dev mode is never called once the server runs without it."""
    live = start_server(webhook_retry_unit_seconds=0.01)
    receiver = Receiver()
    try:
        cand, rec = matched_pair(live)
        hook_id = register(live, rec, receiver.url).json()["data"]["id"]
        live.restart(dev=False)
        send_message(live, cand, rec, "to nowhere")
        d = wait_for_status(live, rec, hook_id, "failed")
        assert d["status"] == "failed" and d["attempts"] == 6
        assert d["last_error"].startswith("refused:") and d["last_status_code"] is None
        assert receiver.calls == []
    finally:
        receiver.close()
