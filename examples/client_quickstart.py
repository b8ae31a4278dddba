"""Log in to a demo server with ``TalentClient`` and print the top matches.

Start the server first (``--dev`` lets this script read the login code itself):

    talenttui server --demo --dev
    python examples/client_quickstart.py [--server URL] [--email EMAIL] [--limit N]

The server is ``--server``, else ``TALENTTUI_SERVER``, else http://127.0.0.1:8000. The
client runs in kiosk mode: nothing (token, cache) is written to disk.
"""

from __future__ import annotations

import argparse
import asyncio

from talenttui.api.client import TalentClient
from talenttui.api.config import ClientConfig
from talenttui.api.endpoints import dev, matches
from talenttui.api.errors import NotFound


async def main(server: str | None, email: str, limit: int) -> None:
    client = TalentClient(ClientConfig.load(server=server, kiosk=True))
    try:
        sent = await client.request_login_code(email)
        try:
            code = (await client.send(dev.dev_outbox(email))).latest_code()
        except NotFound:
            code = None
        if code is None:
            raise SystemExit(f"No login code for {email}: is the server running with --dev?")
        me = await client.login_with_code(email, sent.session_id, code)
        print(f"Signed in as {me.email} ({me.public_id}) on {client.config.server}")

        page = await client.send(matches.list_matches(limit=limit))
        print(f"Top {len(page.matches)} of {page.pagination.total} matches:")
        for match in page.matches:
            skills = ", ".join(match.top_skills()) or "-"
            print(f"  {match.match_score:3d}  {match.name}  ({skills})")
    finally:
        await client.aclose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--server", help="the server's URL")
    parser.add_argument("--email", default="sarah.johnson@example.com", help="a demo account")
    parser.add_argument("--limit", type=int, default=5, help="how many matches to print")
    args = parser.parse_args()
    asyncio.run(main(args.server, args.email, args.limit))
