"""Campaign share links: built on the server's public URL, and opening a page on that server."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from talenttui.cli import build_parser
from talenttui.server.cli import settings_from_args
from talenttui.server.demo.constants import ACME_ORG_ID, JANE_USER_ID
from tests.conftest import Live
from tests.server.skilldeo_helpers import add_campaign, bearer, svc_get

DOTNET = 22554


def link_of(live: Live, campaign_id: int = DOTNET) -> str:
    jane = bearer(live, JANE_USER_ID, ACME_ORG_ID)
    resp = svc_get(live, jane, "campaign/getLink", campaignId=campaign_id)
    body = resp.json()
    assert resp.status_code == 200 and set(body) == {"message", "link", "status_code", "error"}
    return str(body["link"])


def test_the_link_is_on_the_listening_address_by_default(demo_live: Live) -> None:
    link = link_of(demo_live)
    assert link.startswith(f"http://127.0.0.1:{demo_live.server.port}/join/")
    assert link != link_of(demo_live, 22553)


def test_the_link_is_on_the_public_url_when_one_is_set(
    start_server: Callable[..., Live],
) -> None:
    live = start_server(demo=True, public_url="https://talent.example.org")
    link = link_of(live)
    assert link.startswith("https://talent.example.org/join/")
    token = link.rsplit("/", 1)[1]
    page = live.client.get(f"/join/{token}")
    assert page.status_code == 200 and "Dotnet AI walk-in" in page.text


def test_the_link_opens_a_page_about_the_campaign_on_the_same_server(demo_live: Live) -> None:
    link = link_of(demo_live)
    page = httpx.get(link, timeout=10)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    for text in ("Dotnet AI walk-in", "Acme Corp", "dotnet", "Chennai", "by invitation"):
        assert text in page.text, text
    assert "jane" not in page.text.lower() and str(JANE_USER_ID) not in page.text
    facts = httpx.get(link, headers={"Accept": "application/json"}, timeout=10).json()
    assert facts["campaign"]["name"] == "Dotnet AI walk-in"
    assert facts["campaign"]["organization"] == "Acme Corp"
    assert facts["campaign"]["status"] == "active"
    assert set(facts["campaign"]) == {
        "name",
        "organization",
        "skill",
        "location",
        "status",
        "open_until",
        "how_to_apply",
    }


def test_an_unknown_token_is_a_clear_404(demo_live: Live) -> None:
    page = demo_live.client.get("/join/not-a-token")
    assert page.status_code == 404 and "not valid" in page.text
    assert page.headers["content-type"].startswith("text/html")
    facts = demo_live.client.get("/join/not-a-token", headers={"Accept": "application/json"})
    assert facts.status_code == 404 and facts.json()["error"] == "LINK_NOT_FOUND"


def test_campaign_text_is_escaped_and_a_closed_campaign_says_so(demo_live: Live) -> None:
    hostile = add_campaign(demo_live, ACME_ORG_ID, JANE_USER_ID, name="<script>x()</script>")
    closed = add_campaign(demo_live, ACME_ORG_ID, JANE_USER_ID, name="Old", status="inactive")
    page = httpx.get(link_of(demo_live, hostile), timeout=10)
    assert "<script>" not in page.text and "&lt;script&gt;x()&lt;/script&gt;" in page.text
    old = httpx.get(link_of(demo_live, closed), timeout=10)
    assert old.status_code == 200 and "not taking candidates" in old.text


def test_public_url_is_a_server_flag() -> None:
    args = build_parser().parse_args(
        ["server", "--port", "9000", "--public-url", "https://talent.example.org/"]
    )
    settings = settings_from_args(args, {})
    assert settings.public_url == "https://talent.example.org"
    plain = settings_from_args(build_parser().parse_args(["server", "--host", "::1"]), {})
    assert (plain.public_url, plain.host, plain.port) == (None, "::1", 8000)
    for bad in ("ftp://talent.example.org", "https://x.example/?a=1", "talent.example.org"):
        with pytest.raises(SystemExit):
            build_parser().parse_args(["server", "--public-url", bad])
