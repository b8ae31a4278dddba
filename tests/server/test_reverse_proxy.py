"""Behind one address: nginx (from the system's packages) in front of two server processes on
one PostgreSQL database, WebSockets upgraded, requests spread round-robin. A client
connected through it gets every message others send through it, exactly once."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets

from talenttui.server.runner import free_port
from tests.conftest import Live
from tests.database import needs_postgres
from tests.server.readiness import wait_until_ready
from tests.server.skillsync_people import matched_pair

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)

pytestmark = [
    needs_postgres,
    pytest.mark.skipif(
        NGINX is None, reason="nginx is not installed (apt-get install nginx; .ci/run does)"
    ),
]

CONF = """
daemon off;
{user}
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream talenttui {{
        server 127.0.0.1:{first};
        server 127.0.0.1:{second};
    }}
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ''      close;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://talenttui;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 1h;
        }}
    }}
}}
"""


@pytest.fixture
def proxied(start_server: Callable[..., Live], tmp_path: Path) -> Iterator[tuple[str, Live]]:
    """nginx's address, and one of the two servers behind it (for setting up people)."""
    first = start_server(data_dir=tmp_path / "a")
    second = start_server(data_dir=tmp_path / "b", database_url=first.settings.database_url)
    port = free_port()
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        CONF.format(
            user="user root;" if os.geteuid() == 0 else "",
            dir=tmp_path,
            first=first.server.port,
            second=second.server.port,
            port=port,
        )
    )
    assert NGINX is not None
    proc = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(tmp_path)], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(url, proc, 20, "nginx")
        yield url, first
    finally:
        proc.terminate()
        proc.wait(10)


async def _recv(ws: Any, timeout: float = 10.0) -> dict[str, Any]:
    frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), timeout))
    return frame


async def test_a_client_behind_the_proxy_gets_each_message_once(
    proxied: tuple[str, Live],
) -> None:
    url, live = proxied
    candidate, company = matched_pair(live)
    sent = [f"via the proxy {n}" for n in range(20)]
    ws_url = url.replace("http://", "ws://") + "/v1/realtime"
    async with (
        websockets.connect(ws_url, additional_headers=candidate.headers) as ws,
        httpx.AsyncClient(base_url=url, timeout=30) as client,
    ):
        assert (await _recv(ws))["event"] == "session.ready"
        for text in sent:  # round-robin: half go through each process
            resp = await client.post(
                "/v1/messages",
                json={"recipient_id": candidate.public_id, "message": text},
                headers=company.headers,
            )
            assert resp.status_code == 201, resp.text
        received: list[dict[str, Any]] = []
        while sum(f["event"] == "message.received" for f in received) < len(sent):
            received.append(await _recv(ws))
        with pytest.raises(TimeoutError):
            extra = await _recv(ws, timeout=1.0)  # nothing more: no message came twice
            received.append(extra)
    assert [f["data"]["message"] for f in received if f["event"] == "message.received"] == sent
    seqs = [f["seq"] for f in received]
    assert len(seqs) == len(set(seqs)) and seqs == sorted(seqs)
