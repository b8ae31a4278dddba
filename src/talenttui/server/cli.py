"""`talenttui server` and `talenttui server outbox`."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

if TYPE_CHECKING:
    from fastapi import FastAPI

from talenttui.paths import resolve_paths
from talenttui.server.clock import isoformat_z
from talenttui.server.db import make_engine, make_sessions
from talenttui.server.environment import (
    environment_of,
    overrides_from_environment,
    smtp_from_environment,
)
from talenttui.server.migrations.runner import migrate
from talenttui.server.models import OutboxMail
from talenttui.server.settings import ServerSettings, SettingsError, load_smtp

FLAGS = (
    "host",
    "port",
    "data_dir",
    "database_url",
    "demo",
    "demo_size",
    "dev",
    "workers",
    "public_url",
    "secret_file",
    "allowed_hosts",
)


def default_data_dir() -> Path:
    return resolve_paths().server_data_dir


def settings_from(
    flags: Mapping[str, object], environ: Mapping[str, str] = os.environ
) -> ServerSettings:
    """Flags given (not None) win over `TALENTTUI_*` variables, which win over server.toml."""
    values = overrides_from_environment(environ)
    values.update({name: value for name, value in flags.items() if value is not None})
    data_dir = Path(values.pop("data_dir", None) or default_data_dir())
    smtp = load_smtp(data_dir / "server.toml", resolve_paths().config_file)
    values["smtp"] = smtp_from_environment(smtp, environ)
    return ServerSettings(data_dir=data_dir, **values)


def settings_from_args(
    args: argparse.Namespace, environ: Mapping[str, str] = os.environ
) -> ServerSettings:
    return settings_from({name: getattr(args, name, None) for name in FLAGS}, environ)


WORKER_APP = "talenttui.server.cli:app_from_environment"


def serve(args: argparse.Namespace) -> int:
    from talenttui.server.runner import run_forever

    try:
        settings = settings_from_args(args)
    except SettingsError as exc:
        print(f"talenttui server: {exc}", file=sys.stderr)
        return 2
    if settings.workers > 1:
        os.environ.update(environment_of(settings))  # the workers build theirs from it
    return run_forever(settings, WORKER_APP)


def app_from_environment() -> FastAPI:
    """Each `--workers` process's app: the settings its parent put in `TALENTTUI_*`."""
    from talenttui.server.app import create_app
    from talenttui.server.logs import configure_logging

    configure_logging()
    return create_app(settings_from({}, os.environ))


def print_outbox(
    *, data_dir: Path | None, database_url: str | None, email: str | None, as_json: bool
) -> int:
    """The outbox of the configured database: the flags, else the server's variables."""
    try:
        settings = settings_from({"data_dir": data_dir, "database_url": database_url})
    except SettingsError as exc:
        print(f"talenttui server outbox: {exc}", file=sys.stderr)
        return 2
    mails = asyncio.run(_read_outbox(settings, email))
    for mail in mails:
        sent_at = isoformat_z(mail.sent_at)
        if as_json:
            record = {
                "email": mail.email,
                "purpose": mail.purpose,
                "code": mail.code,
                "subject": mail.subject,
                "sent_at": sent_at,
                "delivered_at": isoformat_z(mail.delivered_at) if mail.delivered_at else None,
                "delivery_error": mail.delivery_error,
                "attempts": mail.attempts,
            }
            print(json.dumps(record))
        else:
            code = f"code {mail.code}" if mail.code else "-"
            print(f"{sent_at}  {mail.purpose:<7} {mail.email:<36} {code:<12} {mail.subject}")
    if not mails and not as_json:
        print("(outbox is empty)", file=sys.stderr)
    return 0


async def _read_outbox(settings: ServerSettings, email: str | None) -> list[OutboxMail]:
    if settings.database_url is None and not (settings.data_dir / "talenttui.db").exists():
        return []
    engine = make_engine(settings.resolved_database_url)
    try:
        await migrate(engine)
        async with make_sessions(engine).read() as db:
            query = select(OutboxMail).order_by(OutboxMail.sent_at, OutboxMail.id)
            if email:
                query = query.where(OutboxMail.email == email.strip().lower())
            return list((await db.scalars(query)).all())
    finally:
        await engine.dispose()
