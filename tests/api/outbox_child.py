"""A process that replays the outbox and is killed (SIGKILL) right after the server said yes.

Run by test_outbox.py as ``python -m tests.api.outbox_child MODE SERVER USER [ARGS]``. It
prints one line once the write has reached the server, then blocks so the parent can kill
it before the outbox marks the entry done: exactly the window crash safety is about.

- ``mock LEDGER``: the "server" is a MockTransport that appends each applied key to LEDGER.
- ``real TOKEN``: the real server; the line carries its answer.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from typing import Any

import httpx

from talenttui.api.config import ClientConfig, RetryPolicy
from talenttui.api.credentials import Credentials, CredentialStore
from talenttui.api.outbox import Outbox
from talenttui.api.transport import Transport
from talenttui.paths import resolve_paths


def hang() -> None:
    """Block the whole process (event loop included) until the parent's SIGKILL."""
    time.sleep(120)
    os._exit(3)


def mock_handler(ledger: str) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        key = request.headers["Idempotency-Key"]
        with open(ledger, "a", encoding="utf-8") as fh:
            fh.write(key + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        print("APPLIED", key, flush=True)
        hang()
        raise AssertionError("unreachable")

    return handler


class CrashAfterSuccess(Transport):
    async def request(self, *args: Any, **kwargs: Any) -> Any:
        result = await super().request(*args, **kwargs)
        print("SENT", json.dumps(result), flush=True)
        hang()
        return result


async def main(mode: str, server: str, user: str, arg: str) -> None:
    outbox = await Outbox.open(resolve_paths().data_dir, server, user, kiosk=False)
    config = ClientConfig(server=server, retry=RetryPolicy(max_attempts=1))
    if mode == "mock":
        transport = Transport(config, http_transport=httpx.MockTransport(mock_handler(arg)))
    else:
        creds = CredentialStore.in_memory(server, Credentials(token=arg))
        transport = CrashAfterSuccess(config, creds)
    await outbox.replay(transport)
    print("REPLAY FINISHED WITHOUT A CRASH", flush=True)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))
