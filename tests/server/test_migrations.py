"""The migrations build exactly the schema the models describe, from one head."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from talenttui.server.migrations.runner import alembic_config, upgrade_to_head
from talenttui.server.models import Base
from tests.conftest import run_databases
from tests.database import sqlite_url, sync_url


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
