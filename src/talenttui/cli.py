"""Entry points: `talenttui` (the app) and `talenttui server` (the server alone).

Imports are lazy so that each command loads only what it runs. The help is for the people
who run the app; ``--version`` comes from ``talenttui.__version__``.
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


def _public_url(text: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError("must be an http:// or https:// URL")
    if parts.query or parts.fragment:
        raise argparse.ArgumentTypeError("must not have a query or fragment")
    return text.strip().rstrip("/")


def _host_names(text: str) -> tuple[str, ...]:
    from talenttui.server.settings import comma_separated

    return comma_separated(text)


ABOUT = """\
A keyboard-driven terminal app for candidates and recruiters: triage your matches, read
your messages, run campaigns and read interview results.

With no server configured it starts a bundled demo server beside the app, with demo
accounts: jane.doe@acme.example (recruiter) and sarah.johnson@example.com (candidate).
You log in with a code sent by email; the demo server shows it on the login screen."""

KEYS_AND_FILES = """\
in the app:
  ?           every key of the screen
  ctrl+p      every action by name
  ctrl+q      quit

files:
  config.toml in the config dir: server = "URL", [feed] filters, [ui] theme,
  [keys] your own keys (binding id = "key", e.g. feed.reject = "x"; the README lists
  every id). TALENTTUI_HOME=DIR keeps config, data and cache under DIR."""


def build_parser() -> argparse.ArgumentParser:
    from talenttui import __version__

    parser = argparse.ArgumentParser(
        prog="talenttui",
        usage="talenttui [--server URL] [--kiosk]\n       talenttui server [options]",
        description=ABOUT,
        epilog=KEYS_AND_FILES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"talenttui {__version__}",
        help="print the version and exit",
    )
    parser.add_argument(
        "--server",
        metavar="URL",
        help="the server to use (default: TALENTTUI_SERVER, then server in config.toml, "
        "else the bundled demo server)",
    )
    parser.add_argument(
        "--kiosk",
        action="store_true",
        help="for shared terminals: nothing stored on disk, login codes never shown, "
        "log out after 15 idle minutes",
    )
    sub = parser.add_subparsers(
        dest="command",
        title="commands",
        description="server      run the SkillSync + skilldeo API server alone (talenttui server --help)",
        metavar="",
        help=argparse.SUPPRESS,
    )

    server = sub.add_parser(
        "server",
        prog="talenttui server",
        help="run the SkillSync + skilldeo API server",
        description="Serve both APIs on one port: skilldeo under /api/v1, SkillSync under /v1. "
        "Every flag (and every other setting) may also come from a TALENTTUI_* environment "
        "variable named after it, e.g. TALENTTUI_DATABASE_URL; flags win.",
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
        "--public-url",
        metavar="URL",
        type=_public_url,
        help="where people reach this server; share links and photo URLs are built on it"
        " (default: the listening address)",
    )
    server.add_argument(
        "--allowed-hosts",
        type=_host_names,
        help="comma-separated host names the server answers to besides loopback, --host and "
        "--public-url's ('*' for any)",
    )
    server.add_argument(
        "--secret-file", type=Path, help="the token signing key (default: data dir or database)"
    )
    server_sub = server.add_subparsers(dest="server_command")

    outbox = server_sub.add_parser(
        "outbox", prog="talenttui server outbox", help="print the mail outbox, oldest first"
    )
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
    """The app; with no server configured, the bundled one in a child process, stopped
    here on the way out (or, if this process is killed, by its pipe from us closing)."""
    from talenttui.tui.gc_policy import hold

    hold()  # no cyclic collection until the first screen is painted (``tui/gc_policy.py``)
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
