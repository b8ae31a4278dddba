"""Loopback servers are not a target from a browser (issue #13, point 6): a foreign `Host`
(DNS rebinding) and another site's `Origin` are refused; production servers take a list."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import websockets
from websockets.exceptions import InvalidStatus
from websockets.typing import Origin

from talenttui.server.settings import ServerSettings, comma_separated
from talenttui.server.web.host_guard import allowed_hosts, host_of
from tests.conftest import Live
from tests.server.skillsync_people import person

EMAIL = "rebound@example.com"


def _outbox(live: Live, host: str, origin: str | None = None) -> int:
    headers = {"Host": host} | ({"Origin": origin} if origin else {})
    return live.client.get(
        "/api/v1/dev/outbox", params={"email": EMAIL}, headers=headers
    ).status_code


def test_a_dev_server_answers_only_to_its_own_names(live: Live) -> None:
    port = live.server.port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost", f"[::1]:{port}"):
        assert _outbox(live, host) == 200, host
    for host in (f"evil.example:{port}", "attacker.example", f"127.0.0.1.nip.io:{port}", ""):
        assert _outbox(live, host) == 400, host
    refused = live.client.get(
        "/api/v1/dev/outbox", params={"email": EMAIL}, headers={"Host": "x.example"}
    )
    assert refused.json()["error_code"] == "HOST_NOT_ALLOWED"
    assert (
        live.client.get("/v1/profiles/me", headers={"Host": "x.example"}).json()["error"]["code"]
        == "HOST_NOT_ALLOWED"
    )


def test_another_sites_origin_is_refused(live: Live) -> None:
    port = live.server.port
    assert _outbox(live, f"127.0.0.1:{port}", origin=f"http://127.0.0.1:{port}") == 200
    assert _outbox(live, f"127.0.0.1:{port}", origin=Origin("https://evil.example")) == 403


async def test_websocket_handshakes_from_another_site_are_refused(live: Live) -> None:
    someone = person(live)
    url = live.url.replace("http://", "ws://") + "/v1/realtime"
    with pytest.raises(InvalidStatus) as refused:
        async with websockets.connect(
            url, additional_headers=someone.headers, origin=Origin("https://evil.example")
        ):
            pass
    assert refused.value.response.status_code == 403
    async with websockets.connect(
        url,
        additional_headers=someone.headers,
        origin=Origin(f"http://localhost:{live.server.port}"),
    ) as ws:
        assert "session.ready" in str(await ws.recv())


def test_a_production_server_takes_an_allowed_hosts_list(start_server: Callable[..., Live]) -> None:
    live = start_server(dev=False, allowed_hosts=("talent.example.org",))
    port = live.server.port
    assert (
        live.client.get("/healthz", headers={"Host": f"talent.example.org:{port}"}).status_code
        == 200
    )
    assert live.client.get("/healthz", headers={"Host": "other.example"}).status_code == 400
    assert live.client.get("/healthz").status_code == 200  # loopback stays allowed


def test_the_names_a_server_answers_to(tmp_path: object) -> None:
    def names(**kw: object) -> frozenset[str] | None:
        return allowed_hosts(ServerSettings(data_dir=tmp_path, **kw))  # type: ignore[arg-type]

    assert names() == frozenset({"localhost", "127.0.0.1", "::1"})
    assert names(host="10.0.0.5") == frozenset({"localhost", "127.0.0.1", "::1", "10.0.0.5"})
    assert names(public_url="https://Talent.example.org") == frozenset(  # where links point
        {"localhost", "127.0.0.1", "::1", "talent.example.org"}
    )
    assert names(host="0.0.0.0") is None  # a wildcard without a list cannot know its names
    assert names(host="0.0.0.0", allowed_hosts=("A.example",)) == frozenset(
        {"localhost", "127.0.0.1", "::1", "a.example"}
    )
    assert names(allowed_hosts=("*",)) is None
    assert comma_separated("a.example, b.example,") == ("a.example", "b.example")
    assert [host_of(h) for h in ("A.example:80", "[::1]:8000", "::1", "x")] == [
        "a.example",
        "::1",
        "::1",
        "x",
    ]
