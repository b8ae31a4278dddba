"""`talenttui server outbox` lists every mail a live server wrote, oldest first, with its code."""

from __future__ import annotations

from pathlib import Path

from talenttui.server.settings import ServerSettings
from tests.conftest import Live
from tests.server.otp_helpers import latest_code
from tests.server.outbox_cli import TALENTTUI, outbox_json, run_outbox
from tests.server.skilldeo_helpers import add_campaign, add_org, bearer, svc_post


def test_console_script_is_installed() -> None:
    assert TALENTTUI.is_file()


def test_outbox_json_lists_mails_oldest_first_with_codes(live: Live) -> None:
    live.client.post("/api/v1/auth/signupOTP", json={"email": "first@example.com"})
    live.client.post("/api/v1/auth/loginOTP", json={"email": "second@example.com"})
    code = latest_code(live.client, "first@example.com")
    mails = outbox_json(live.settings)
    assert [m["email"] for m in mails] == ["first@example.com", "second@example.com"]
    assert mails[0]["purpose"] == "signup" and mails[0]["code"] == code
    assert mails[1]["purpose"] == "login" and mails[1]["code"] is None
    assert all({"email", "purpose", "code", "sent_at", "delivered_at"} <= set(m) for m in mails)
    assert all(m["sent_at"].endswith("Z") for m in mails)
    only = outbox_json(live.settings, "--email", " SECOND@example.com")
    assert [m["email"] for m in only] == ["second@example.com"]


def test_outbox_lists_invites_after_codes(live: Live) -> None:
    live.client.post("/api/v1/auth/loginOTP", json={"email": "cand@example.com"})
    org_id, (user_id,) = add_org(live)
    campaign_id = add_campaign(live, org_id, user_id)
    resp = svc_post(
        live,
        bearer(live, user_id, org_id),
        "interview/invite",
        {
            "emails": ["Cand@example.com"],
            "campaign_id": campaign_id,
            "user_id": user_id,
            "invited_from": "api",
        },
    )
    assert resp.status_code == 200, resp.text
    mails = outbox_json(live.settings, "--email", "cand@example.com")
    assert [(m["purpose"], m["code"]) for m in mails] == [("login", None), ("invite", None)]


def test_outbox_plain_text_shows_the_code(live: Live) -> None:
    live.client.post("/api/v1/auth/signupOTP", json={"email": "plain@example.com"})
    code = latest_code(live.client, "plain@example.com")
    out = run_outbox(live.settings).stdout
    assert "plain@example.com" in out and f"code {code}" in out


def test_outbox_of_an_empty_data_dir_prints_nothing(tmp_path: Path) -> None:
    result = run_outbox(ServerSettings(data_dir=tmp_path / "none"), "--json")
    assert result.stdout == ""
    assert not (tmp_path / "none").exists()
