"""Where a message is written: enter sends, ctrl+j (or shift+enter) starts a new line.

A ``TextArea`` whose enter is a binding (``composer.send``), so it can be rebound like
every key. The keys that edit (send, new line) are taken in the text area's own key
handler, in order with the letters around them: as bindings they would be run after
the key bubbled up to the app, behind the letters typed after them (a paste, a fast
typist, tmux), and "hello⏎" could send "hel". ``up`` in an empty composer does nothing (the history
scrolls with ctrl+up and pgup, never by surprise). The border counts the characters
against the server's limit as they are typed, so a message too long is said before it is
sent.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import TextArea

from talenttui.api.models.messages import MAX_MESSAGE_CHARS

IN_ORDER = ("composer.send", "composer.newline")


class Composer(TextArea):
    DEFAULT_CSS = """
    Composer {
        height: auto;
        min-height: 3;
        max-height: 8;
        border: round $primary-muted;
        border-subtitle-color: $text-muted;
    }
    Composer:focus {
        border: round $accent;
    }
    Composer.too-long {
        border-subtitle-color: $error;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "send", "Send", id="composer.send"),
        Binding("ctrl+j,shift+enter", "newline", "New line", id="composer.newline", show=False),
        Binding("escape", "back", "List", id="composer.back"),
        Binding("ctrl+up,pageup", "history(-1)", "Older", id="composer.older", show=False),
        Binding("ctrl+down,pagedown", "history(1)", "Newer", id="composer.newer", show=False),
    ]

    class Send(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Back(Message):
        """Escape: back to the conversation list."""

    class History(Message):
        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        self.placeholder = "Write a message (enter sends, ctrl+j new line)"
        self._count()

    @property
    def too_long(self) -> bool:
        return len(self.text) > MAX_MESSAGE_CHARS

    async def _on_key(self, event: events.Key) -> None:
        active = self.screen.active_bindings.get(event.key)
        if active is not None and active.node is self and active.binding.id in IN_ORDER:
            event.stop()
            event.prevent_default()
            await self.run_action(active.binding.action)

    def _on_text_area_changed(self, _: TextArea.Changed) -> None:
        self._count()

    def _count(self) -> None:
        used = len(self.text)
        over = used - MAX_MESSAGE_CHARS
        text = f"{used:,}/{MAX_MESSAGE_CHARS:,}"
        self.border_subtitle = Content(f"{text}: {over:,} too many" if over > 0 else text)
        self.set_class(over > 0, "too-long")

    def action_send(self) -> None:
        """Emptied here, in order with the keys (the page shows the message as sending)."""
        text = self.text
        if text.strip() and not self.too_long:
            self.clear()
            self.post_message(self.Send(text))

    def action_newline(self) -> None:
        start, end = self.selection
        self._replace_via_keyboard("\n", start, end)

    def action_back(self) -> None:
        self.post_message(self.Back())

    def action_history(self, step: int) -> None:
        self.post_message(self.History(step))
