"""`talenttui server` and `talenttui server outbox`."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path

from sqlalchemy import select

from talenttui.paths import resolve_paths
from talenttui.server.clock import isoformat_z
from talenttui.server.db import make_engine, make_sessionmaker
from talenttui.server.migrations.runner import migrate
from talenttui.server.models import OutboxMail
from talenttui.server.settings import ServerSettings, SettingsError, load_smtp


def default_data_dir() -> Path:
    return resolve_paths().server_data_dir


def allowed_hosts_from(flag: str | None) -> tuple[str, ...]:
    raw = flag if flag is not None else os.environ.get("TALENTTUI_ALLOWED_HOSTS", "")
    return tuple(name.strip() for name in raw.split(",") if name.strip())


def settings_from_args(args: argparse.Namespace) -> ServerSettings:
    data_dir: Path = args.data_dir or default_data_dir()
    return ServerSettings(
        data_dir=data_dir,
        host=args.host,
        port=args.port,
        database_url=args.database_url,
        demo=args.demo,
        demo_size=args.demo_size,
        dev=args.dev,
        public_url=args.public_url,
        allowed_hosts=allowed_hosts_from(args.allowed_hosts),
        smtp=load_smtp(data_dir / "server.toml", resolve_paths().config_file),
    )


def serve(args: argparse.Namespace) -> int:
    from talenttui.server.runner import run_forever

    try:
        settings = settings_from_args(args)
    except SettingsError as exc:
        print(f"talenttui server: {exc}", file=sys.stderr)
        return 2
    run_forever(settings)
    return 0


def print_outbox(
    *, data_dir: Path | None, database_url: str | None, email: str | None, as_json: bool
) -> int:
    settings = ServerSettings(data_dir=data_dir or default_data_dir(), database_url=database_url)
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
        async with make_sessionmaker(engine)() as db:
            query = select(OutboxMail).order_by(OutboxMail.sent_at, OutboxMail.id)
            if email:
                query = query.where(OutboxMail.email == email.strip().lower())
            return list((await db.scalars(query)).all())
    finally:
        await engine.dispose()
