"""The migrations build exactly the schema the models describe, from one head."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from talenttui.server.migrations.runner import alembic_config, upgrade_to_head
from talenttui.server.models import Base, User, Webhook
from talenttui.server.secret_store import SECRET_FILE, secret_from_file
from talenttui.server.webhooks.sealing import SEALED, seal, secret_of
from tests.conftest import Live, run_databases
from tests.database import sqlite_url, sync_url
from tests.server.skillsync_people import mint_token

PREVIOUS_RELEASE = "0004_webhook_secrets_sealed"


def test_migrations_match_models(tmp_path: Path) -> None:
    """On the run's backend: an empty database, migrated, is exactly the models."""
    databases = run_databases()
    url = databases.empty() if databases is not None else sqlite_url(tmp_path)
    engine = create_engine(sync_url(url))
    with engine.begin() as conn:
        upgrade_to_head(conn)
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    engine.dispose()
    assert diff == [], f"models and migrations differ; run scripts/make_migration.py: {diff}"


def test_one_head() -> None:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1, f"several migration heads: {heads}"


def test_a_database_of_the_previous_release_upgrades_with_its_secrets(
    tmp_path: Path, start_server: Callable[..., Live]
) -> None:
    """At 0004 (the release before shared state) the signing key, and so the sealing key, was
    `server-secret` in the data dir, and photos were files there: after the upgrade the same
    key signs and opens sealed webhook secrets (on PostgreSQL now from the database), old
    tokens still work and the photo is served from the database."""
    databases = run_databases()
    data_dir = tmp_path / "server"
    data_dir.mkdir()
    url = databases.empty() if databases is not None else sqlite_url(data_dir)
    key = secret_from_file(data_dir / SECRET_FILE)
    photo = f"{'ab' * 16}.png"
    (data_dir / "photos").mkdir()
    (data_dir / "photos" / photo).write_bytes(b"\x89PNG\r\n\x1a\n old photo")
    engine = create_engine(sync_url(url))
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), PREVIOUS_RELEASE)
    with Session(engine) as session:
        user = User(email="old@example.com", role_id=1, created_at=datetime.now(UTC))
        session.add(user)
        session.flush()
        hook = Webhook(
            public_id="wh_old",
            user_id=user.id,
            url="https://hooks.example.org/x",
            events=["match.created"],
            secret=seal(key, "wh_old", "whsec_kept"),
            secret_version=SEALED,
            created_at=datetime.now(UTC),
        )
        session.add(hook)
        session.commit()
        user_id = user.id
    engine.dispose()

    live = start_server(data_dir=data_dir, database_url=None if databases is None else url)
    assert live.secret == key
    with live.db() as session:
        stored = session.scalars(select(Webhook).where(Webhook.public_id == "wh_old")).one()
    assert secret_of(live.ctx, stored) == "whsec_kept"
    token = mint_token(live, user_id, None, 1)
    sessions = live.client.get(
        "/api/v1/auth/sessions", headers={"Authorization": f"Bearer {token}"}
    )
    assert sessions.status_code == 200, sessions.text
    served = live.client.get(f"/v1/photos/{photo}")
    assert served.status_code == 200 and served.content.endswith(b"old photo")
    assert not (data_dir / "photos" / photo).exists()
