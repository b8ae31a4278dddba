"""Credentials: private file, per server, wiped on sign-out, memory-only in kiosk mode."""

from __future__ import annotations

import base64
import json
import os
import stat
import time
from pathlib import Path

from talenttui.api.credentials import Credentials, CredentialStore, jwt_expiry
from talenttui.paths import resolve_paths

SERVER = "http://127.0.0.1:8000"
OTHER = "https://talent.example.com"


def fake_jwt(exp: float | None) -> str:
    def part(obj: object) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    claims = {"sub": "1042"} if exp is None else {"sub": "1042", "exp": exp}
    return f"{part({'alg': 'HS256'})}.{part(claims)}.c2lnbmF0dXJl"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def store(server: str = SERVER, *, kiosk: bool = False) -> CredentialStore:
    return CredentialStore.for_data_dir(server, resolve_paths().data_dir, kiosk=kiosk)


async def test_saved_credentials_are_private_and_survive_a_restart() -> None:
    token = fake_jwt(time.time() + 3600)
    first = store()
    await first.save(Credentials(token=token, email="sam@example.com", user_id=1042, org_id=88))

    assert first.path is not None
    assert mode(first.path) == 0o600
    assert mode(first.path.parent) == 0o700
    again = store()
    assert again.current == first.current
    assert again.bearer() == token
    assert [p.name for p in first.path.parent.iterdir()] == ["credentials.json"]


async def test_file_created_by_an_older_run_with_loose_mode_is_tightened() -> None:
    s = store()
    assert s.path is not None
    s.path.parent.mkdir(parents=True, exist_ok=True)
    s.path.write_text("{}")
    os.chmod(s.path, 0o644)
    await s.save(Credentials(token="t"))
    assert mode(s.path) == 0o600


async def test_clear_wipes_the_file_and_memory() -> None:
    s = store()
    await s.save(Credentials(token=fake_jwt(None), email="sam@example.com"))
    assert s.path is not None and s.path.exists()
    await s.clear()
    assert s.current is None
    assert s.bearer() is None
    assert not s.path.exists()
    assert store().current is None


async def test_each_server_has_its_own_entry() -> None:
    local, remote = store(SERVER), store(OTHER)
    await local.save(Credentials(token="local-token"))
    await remote.save(Credentials(api_key="sk_test_remote"))
    assert store(SERVER).bearer() == "local-token"
    assert store(OTHER).bearer() == "sk_test_remote"

    await local.clear()
    assert store(SERVER).current is None
    assert store(OTHER).bearer() == "sk_test_remote"


async def test_kiosk_keeps_credentials_in_memory_only() -> None:
    s = store(kiosk=True)
    await s.save(Credentials(token="kiosk-token", email="k@example.com"))
    assert s.bearer() == "kiosk-token"
    assert s.path is None
    home = Path(os.environ["TALENTTUI_HOME"])
    assert [p for p in home.rglob("*") if p.is_file()] == []
    await s.clear()
    assert s.current is None


async def test_repr_and_str_never_show_secrets() -> None:
    token, key = fake_jwt(time.time() + 60), "sk_live_supersecret"
    creds = Credentials(token=token, api_key=key, email="sam@example.com", user_id=7)
    s = store(kiosk=True)
    await s.save(creds)
    for text in (repr(creds), str(creds), repr(s), str(s)):
        assert token not in text
        assert key not in text
    assert "sam@example.com" in repr(creds)


def test_expiry_comes_from_the_jwt_exp_claim() -> None:
    now = 1_700_000_000.0
    live = Credentials(token=fake_jwt(now + 60))
    dead = Credentials(token=fake_jwt(now - 1))
    assert live.expires_at == now + 60
    assert not live.expired(now)
    assert dead.expired(now)
    assert jwt_expiry(fake_jwt(None)) is None
    assert jwt_expiry("not-a-jwt") is None
    assert jwt_expiry("a.!!!.c") is None


async def test_session_is_over_without_a_token_or_when_it_expired() -> None:
    now = 1_700_000_000.0
    s = store(kiosk=True)
    assert s.session_over(now)
    await s.save(Credentials(token=fake_jwt(now + 60)))
    assert not s.session_over(now)
    assert s.session_over(now + 61)
    await s.update(api_key="sk_test_fallback")
    assert not s.session_over(now + 61)
    assert s.current is not None
    assert s.bearer() == s.current.token  # the login token is preferred over the key


async def test_corrupt_file_reads_as_signed_out_and_is_rewritten() -> None:
    s = store()
    assert s.path is not None
    s.path.parent.mkdir(parents=True, exist_ok=True)
    s.path.write_text("{not json")
    fresh = store()
    assert fresh.current is None
    await fresh.save(Credentials(token="t2"))
    assert store().bearer() == "t2"
