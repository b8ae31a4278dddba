"""Secrets at rest (issue #13, point 8): private files and folders even when the folder existed,
webhook secrets sealed with a key derived from the server secret, and no secret in a log line."""

from __future__ import annotations

import hashlib
import hmac
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag
from sqlalchemy import select, update

from talenttui.api.localdb import LocalDb
from talenttui.server.logs import redact
from talenttui.server.models import Webhook
from talenttui.server.webhooks.sealing import seal, sealing_key, unseal
from tests.conftest import Live
from tests.server.skillsync_people import db, matched_pair
from tests.server.test_photo_upload import image
from tests.server.webhook_receiver import SECRET, Receiver, register, send_message


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_server_files_are_private_even_in_an_existing_open_folder(
    start_server: Callable[..., Live], tmp_path: Path
) -> None:
    data = tmp_path / "server"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    live = start_server(data_dir=data)
    cand, rec = matched_pair(live)
    send_message(live, cand, rec, "to make the journal files")
    png = image("PNG")
    uploaded = live.client.post(
        "/v1/profiles/me/photo", files={"photo": ("p.png", png, "image/png")}, headers=cand.headers
    )
    assert uploaded.status_code == 200, uploaded.text
    assert _mode(data) == 0o700
    files = []  # on PostgreSQL the data, the secret and photos are in the database
    if live.settings.on_sqlite:
        files = ["talenttui.db", "talenttui.db-wal", "talenttui.db-shm", "server-secret"]
        files.append("server.lock")
    assert {name: _mode(data / name) for name in files} == dict.fromkeys(files, 0o600)
    assert not (data / "photos").exists()  # photos are rows in the (private) database


def test_client_cache_and_outbox_are_private_in_an_existing_open_folder(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    store = LocalDb(folder / "cache.sqlite3", "CREATE TABLE IF NOT EXISTS t (x)")
    store.close()
    assert _mode(folder) == 0o700 and _mode(folder / "cache.sqlite3") == 0o600


def _stored_secret(live: Live, hook_id: str) -> tuple[str, int]:
    with db(live) as session:
        hook = session.scalars(select(Webhook).where(Webhook.public_id == hook_id)).one()
        return hook.secret, hook.secret_version


def _signed_with(receiver: Receiver, secret: str) -> None:
    receiver.wait_for(1)
    raw, headers = receiver.calls[0]
    digest = hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    assert headers["X-SkillSync-Signature"] == f"sha256={digest}"


def test_webhook_secrets_are_sealed_and_still_sign(live: Live) -> None:
    receiver = Receiver()
    try:
        cand, rec = matched_pair(live)
        hook_id = register(live, rec, receiver.url).json()["data"]["id"]
        stored, version = _stored_secret(live, hook_id)
        assert version == 1 and SECRET not in stored and len(stored) > len(SECRET)
        if live.settings.on_sqlite:  # nor anywhere in the file, journals aside
            assert SECRET.encode() not in (live.settings.data_dir / "talenttui.db").read_bytes()
        send_message(live, cand, rec, "signed with the sealed secret")
        _signed_with(receiver, SECRET)
    finally:
        receiver.close()


def test_plain_secrets_from_before_are_sealed_at_the_next_start(live: Live) -> None:
    receiver = Receiver()
    try:
        cand, rec = matched_pair(live)
        hook_id = register(live, rec, receiver.url).json()["data"]["id"]
        with db(live) as session:  # as a row written before sealing existed looks
            session.execute(
                update(Webhook)
                .where(Webhook.public_id == hook_id)
                .values(secret=SECRET, secret_version=0)
            )
            session.commit()
        live.restart()
        stored, version = _stored_secret(live, hook_id)
        assert version == 1 and stored != SECRET
        send_message(live, cand, rec, "after the migration")
        _signed_with(receiver, SECRET)
    finally:
        receiver.close()


def test_sealing_is_bound_to_its_key_and_its_webhook() -> None:
    server_secret = b"k" * 32
    sealed = seal(server_secret, "wh_1", "whsec_abc")
    assert unseal(server_secret, "wh_1", sealed) == "whsec_abc"
    assert sealing_key(server_secret) != server_secret  # derived, domain-separated
    for wrong_key, wrong_hook in ((b"x" * 32, "wh_1"), (server_secret, "wh_2")):
        with pytest.raises(InvalidTag):
            unseal(wrong_key, wrong_hook, sealed)


@pytest.mark.parametrize(
    "secret",
    [
        "whsec_Ab-cD_ef-GH_ij-KL_mn-OP_qr-ST_uv-WX_yz-01_23",
        "whsec_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_",
        "sk_live_AbCdEf0123456789",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl-_x",
    ],
)
def test_redaction_catches_secrets_with_dashes_and_underscores(secret: str) -> None:
    line = redact(f"delivery to https://x.example failed, secret {secret} (retrying)")
    assert secret not in line
    assert secret[-8:] not in line and secret[8:16] not in line
