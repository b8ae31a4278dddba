"""Importing the client must stay cheap and UI-free: no Textual, no server, no eager httpx."""

from __future__ import annotations

import json
import subprocess
import sys

import talenttui.api

PROBE = """
import json, sys
import talenttui.api
before = sorted(m for m in sys.modules if m.split(".")[0] in {"textual", "httpx", "websockets"}
                or m.startswith(("talenttui.server", "talenttui.tui")))
talenttui.api.Transport
after = sorted(m.split(".")[0] for m in sys.modules if m.split(".")[0] in {"httpx", "textual"})
print(json.dumps({"before": before, "after": sorted(set(after))}))
"""


def test_import_loads_no_textual_no_server_and_no_network_stack() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
    ).stdout
    seen = json.loads(out)
    assert seen["before"] == []
    assert seen["after"] == ["httpx"]  # Transport loads httpx on first use, and nothing more


def test_every_public_name_resolves() -> None:
    for name in talenttui.api.__all__:
        assert getattr(talenttui.api, name) is not None
