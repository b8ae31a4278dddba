"""talenttui with a time stamp at each step of a chat message's way, for ``bench_chat.py
--split``: ``python bench/chat_probe.py STAMPS --server URL`` runs the app as
``talenttui --server URL`` does and appends ``step seconds`` lines to the file STAMPS
(``time.perf_counter``: the system's monotonic clock, the same in every process).

The sender's steps: ``key`` (enter reached the composer), ``composer`` (its ``Send``
reached the conversation view), ``stored`` (the outbox's commit returned), ``post`` (the
request leaves), ``answer`` (the server's answer is in). The reader's: ``frame`` (a
``message.received`` frame came off the socket), ``pane`` (the event reached the
Messages pane), ``log`` (the message log was given it), ``display`` (a finished screen
update handed to the terminal). Wrapping costs a few microseconds a step; the figures
without ``--split`` come from the plain app.
"""

from __future__ import annotations

import functools
import inspect
import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

from textual.app import App

from talenttui.api.realtime import RealtimeClient
from talenttui.api.transport import Transport
from talenttui.cli import main
from talenttui.tui.outbox_sender import OutboxSender
from talenttui.tui.panes.conversation_view import ConversationView
from talenttui.tui.panes.conversations import ConversationsPane
from talenttui.tui.widgets.composer import Composer
from talenttui.tui.widgets.message_log import MessageLog

Test = Callable[..., bool]


def stamped(out: TextIO, owner: type, attribute: str, step: str, *, after: bool = False,
            when: Test | None = None) -> None:  # fmt: skip
    """``owner.attribute`` writes ``step`` and the time as it starts (or returns)."""
    original = getattr(owner, attribute)

    def stamp(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        if when is None or when(*args, **kwargs):
            out.write(f"{step} {time.perf_counter():.6f}\n")

    if inspect.iscoroutinefunction(original):

        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not after:
                stamp(args, kwargs)
            result = await original(*args, **kwargs)
            if after:
                stamp(args, kwargs)
            return result
    else:

        def wrapper(*args: Any, **kwargs: Any) -> Any:  # type: ignore[misc]
            if not after:
                stamp(args, kwargs)
            result = original(*args, **kwargs)
            if after:
                stamp(args, kwargs)
            return result

    setattr(owner, attribute, functools.wraps(original)(wrapper))


def probe(out: TextIO) -> None:
    def sends(_self: Any, method: str, path: str, *_a: Any, **_k: Any) -> bool:
        return method == "POST" and path == "/v1/messages"

    stamped(out, Composer, "_on_key", "key", when=lambda _self, event: event.key == "enter")
    stamped(out, ConversationView, "send", "composer")
    stamped(out, OutboxSender, "submit", "stored", after=True)
    stamped(out, Transport, "request", "post", when=sends)
    stamped(out, Transport, "request", "answer", after=True, when=sends)
    stamped(
        out, RealtimeClient, "_handle", "frame", when=lambda _s, raw: "message.received" in str(raw)
    )
    stamped(out, ConversationsPane, "server_event", "pane",
            when=lambda _self, event, _data: event == "message.received")  # fmt: skip
    stamped(out, MessageLog, "show", "log", after=True)
    stamped(out, App, "_display", "display", after=True)


if __name__ == "__main__":
    with open(sys.argv[1], "a", buffering=1, encoding="utf-8") as stamps:
        probe(stamps)
        sys.exit(main(sys.argv[2:]))
