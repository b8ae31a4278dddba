"""Entry points: `talenttui` (the app) and `talenttui server` (the server alone).

Imports are lazy so that each command loads only what it runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="talenttui", description=__doc__)
    parser.add_argument(
        "--server",
        metavar="URL",
        help="the server to use (default: TALENTTUI_SERVER, then config.toml, else the bundled demo server)",
    )
    parser.add_argument(
        "--kiosk",
        action="store_true",
        help="shared terminals: nothing stored per user, log out after 15 idle minutes",
    )
    sub = parser.add_subparsers(dest="command")

    server = sub.add_parser(
        "server",
        help="run the SkillSync + skilldeo API server",
        description="Every flag (and every other setting) may also come from a TALENTTUI_* "
        "environment variable named after it, e.g. TALENTTUI_DATABASE_URL; flags win.",
    )
    server.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    server.add_argument("--port", type=int, help="port to listen on (default 8000)")
    server.add_argument("--data-dir", type=Path, help="where the database and secret live")
    server.add_argument(
        "--demo", action="store_true", default=None, help="seed deterministic demo data"
    )
    server.add_argument(
        "--demo-size", type=_positive_int, help="scale the demo data by N (benchmarks)"
    )
    server.add_argument(
        "--dev",
        action="store_true",
        default=None,
        help="dev mode: the app may read login codes of the outbox",
    )
    server.add_argument("--database-url", help="SQLAlchemy URL (default: SQLite in the data dir)")
    server.add_argument(
        "--workers",
        type=_positive_int,
        help="server processes on one port (PostgreSQL only; default 1)",
    )
    server.add_argument(
        "--public-url", metavar="URL", help="the address clients use, for links and photo URLs"
    )
    server.add_argument(
        "--secret-file", type=Path, help="the token signing key (default: data dir or database)"
    )
    server_sub = server.add_subparsers(dest="server_command")

    outbox = server_sub.add_parser("outbox", help="print the mail outbox, oldest first")
    outbox.add_argument("--data-dir", type=Path, dest="outbox_data_dir")
    outbox.add_argument("--email", help="only mails to this address")
    outbox.add_argument("--json", action="store_true", help="one JSON object a line")
    outbox.add_argument("--database-url", dest="outbox_database_url")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "server":
        from talenttui.server import cli as server_cli

        if args.server_command == "outbox":
            return server_cli.print_outbox(
                data_dir=args.outbox_data_dir or args.data_dir,
                database_url=args.outbox_database_url or args.database_url,
                email=args.email,
                as_json=args.json,
            )
        return server_cli.serve(args)
    return run_app(server=args.server, kiosk=args.kiosk)


KIOSK_IDLE_SECONDS = 15 * 60


def run_app(*, server: str | None, kiosk: bool) -> int:
    """The app; with no server configured, the bundled one starts in this process."""
    from talenttui.api.config import ClientConfig, ConfigError

    try:
        config = ClientConfig.load(server, kiosk=kiosk)
    except ConfigError as exc:
        print(f"talenttui: {exc}", file=sys.stderr)
        return 2
    embedded = None
    if config.server_source == "default":
        from talenttui.embedded import EmbeddedServer

        embedded = EmbeddedServer(config.paths.server_data_dir)
        config = config.embedded(embedded.url)
    from talenttui.tui.app import TalentApp

    app = TalentApp(
        config,
        embedded=embedded,
        idle_logout_seconds=KIOSK_IDLE_SECONDS if kiosk else None,
    )
    try:
        app.run()
    finally:
        if embedded is not None:
            embedded.stop()
    return app.return_code or 0
