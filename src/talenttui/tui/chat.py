"""One conversation as the Messages tab shows it: the server's pages and the person's own
sends, in order, each send with its state (sending, queued, delivered, read, failed).

No Textual here: the pane feeds it pages, realtime events and the outbox's news, and
draws what it holds (``widgets/message_log.py``). Kept apart so the merging rules (no
message twice, a send that landed takes the server's id, read marks only move forward)
are tested alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from talenttui.api.sanitize import sanitize_text

if TYPE_CHECKING:
    from talenttui.api.models.events import MessageReceived
    from talenttui.api.models.messages import Conversation, Message
    from talenttui.api.outbox import OutboxEntry

SendState = Literal["", "sending", "queued", "delivered", "read", "failed"]
"""Empty for a message someone else wrote."""
MESSAGE_PATH = "/v1/messages"
TYPING_EVERY = 3.0
"""Seconds between two ``typing`` frames while the person keeps typing."""
TYPING_SHOWN = 5.0
"""Seconds "… is typing" stays without a new ``typing`` frame: the sender sends one every
3 s while keys come, and none once idle, so 5 s without one means they stopped."""


@dataclass(frozen=True)
class ChatMessage:
    key: str
    """The server's message id, or ``local:<Idempotency-Key>`` until the send lands."""
    sender_id: str | None
    text: str
    type: str = "text"
    created_at: str | None = None
    state: SendState = ""
    error: str = ""
    """The server's reason, for a failed send."""
    idempotency_key: str | None = None
    entry_id: int | None = None
    """The outbox entry of a send not yet delivered."""

    @property
    def local(self) -> bool:
        return self.key.startswith("local:")


def from_server(message: Message, me: str | None) -> ChatMessage:
    mine = me is not None and message.sender_id == me
    return ChatMessage(
        key=message.id,
        sender_id=message.sender_id,
        text=message.message,
        type=message.type,
        created_at=message.created_at,
        state="delivered" if mine else "",
    )


def from_event(event: MessageReceived) -> ChatMessage:
    return ChatMessage(
        key=event.message_id,
        sender_id=event.sender_id,
        text=event.message,
        type=event.type or "text",
        created_at=event.sent_at,
    )


def from_outbox(entry: OutboxEntry, me: str | None, created_at: str) -> ChatMessage:
    """A send stored earlier (this run or the last) that has not reached the server yet:
    queued, since nothing in this run is sending it right now."""
    body = entry.body if isinstance(entry.body, dict) else {}
    return ChatMessage(
        key=f"local:{entry.idempotency_key}",
        sender_id=me,
        text=sanitize_text(str(body.get("message", ""))),
        type=str(body.get("type", "text")),
        created_at=created_at,
        state="queued",
        idempotency_key=entry.idempotency_key,
        entry_id=entry.id,
    )


def with_last(conversation: Conversation, message: ChatMessage, *, unread: bool) -> Conversation:
    """The list's row after a message in it (sent, or received live), as the server's list
    would have it: the message as preview and time, one more unread when nobody reads it."""
    from talenttui.api.models.messages import Message

    last = Message(
        id=message.key,
        sender_id=message.sender_id,
        message=message.text,
        type=message.type,
        created_at=message.created_at,
    )
    return conversation.model_copy(
        update={
            "last_message": last,
            "updated_at": message.created_at or conversation.updated_at,
            "unread_count": conversation.unread_count + (1 if unread else 0),
        }
    )


def sends_to(entry: OutboxEntry, recipient_id: str) -> bool:
    """The outbox entry is a message to ``recipient_id``."""
    body = entry.body
    return (
        entry.method == "POST"
        and entry.path == MESSAGE_PATH
        and isinstance(body, dict)
        and body.get("recipient_id") == recipient_id
    )


class Thread:
    """The messages of one conversation (or of one not started yet: ``conversation_id``
    is None until the first send lands), oldest first."""

    def __init__(self, conversation_id: str | None, recipient_id: str | None, me: str | None):
        self.conversation_id = conversation_id
        self.recipient_id = recipient_id
        self.me = me
        self.messages: list[ChatMessage] = []
        self.older: str | None = None
        """The cursor of the page before the oldest loaded; None when all are loaded."""
        self.loaded = False
        self.read_mark: str | None = None
        """The last message the other person read, as the server last said."""
        self.version = 0
        """Bumped on every change: the view redraws when it moved."""

    def _changed(self) -> None:
        self.version += 1

    def _index(self, key: str) -> int | None:
        return next((i for i, m in enumerate(self.messages) if m.key == key), None)

    def newest_page(self, messages: Sequence[Message], older: str | None) -> None:
        """The server's newest page: it replaces what the server sent before from its first
        message on (older pages stay), and the sends still on their way stay after it.

        A message that came over the realtime link after the page was read (it is after
        the page's first message here, and not in the page) stays, after the page: the
        page is older than it. A refetch answered while messages kept coming (a reconnect's
        resync) dropped it from the screen."""
        page = [from_server(m, self.me) for m in messages]
        known = {m.key for m in page}
        first = page[0].key if page else None
        cut = self._index(first) if first is not None else None
        if cut is None:
            kept: list[ChatMessage] = []
            later: list[ChatMessage] = []
        else:
            kept = [m for m in self.messages[:cut] if not m.local]
            later = [m for m in self.messages[cut:] if not m.local and m.key not in known]
        if not kept:
            self.older = older
        read = {m.key for m in self.messages if m.state == "read"}
        page = [replace(m, state="read") if m.key in read else m for m in page]
        unsent = [m for m in self.messages if m.local and m.key not in known]
        self.messages = kept + page + later + unsent
        self.loaded = True
        self._changed()

    def older_page(self, messages: Sequence[Message], older: str | None) -> None:
        """A page from before the oldest loaded, put in front."""
        known = {m.key for m in self.messages}
        page = [from_server(m, self.me) for m in messages if m.id not in known]
        self.messages = page + self.messages
        self.older = older
        self._changed()

    def received(self, message: ChatMessage) -> bool:
        """A message from the realtime link; False when it was already here."""
        if self._index(message.key) is not None:
            return False
        at = len(self.messages)
        while at and self.messages[at - 1].local:
            at -= 1  # the other's message goes before my sends still on their way
        self.messages.insert(at, message)
        self._changed()
        return True

    def unsent_from_outbox(self, pending: Sequence[ChatMessage], watched: set[str]) -> None:
        """The outbox's sends to this person: new ones are shown; shown ones nobody in this
        run watches (from an earlier run) go once the outbox no longer holds them (they
        landed, and the server's page has them)."""
        keys = {m.key for m in pending}
        before = len(self.messages)
        self.messages = [
            m
            for m in self.messages
            if not (m.local and m.state in ("sending", "queued"))
            or m.key in keys
            or m.key in watched
        ]
        if len(self.messages) != before:
            self._changed()
        self.add_unsent(pending)

    def add_unsent(self, messages: Iterable[ChatMessage]) -> None:
        """Sends from the outbox not shown yet (written offline, or in an earlier run)."""
        for message in messages:
            if self._index(message.key) is None:
                self.messages.append(message)
                self._changed()

    def set_state(self, key: str, state: SendState, error: str = "") -> None:
        index = self._index(key)
        if index is not None and self.messages[index].state != state:
            self.messages[index] = replace(self.messages[index], state=state, error=error)
            self._changed()

    def landed(self, key: str, message_id: str, created_at: str | None) -> None:
        """The server took a send: it now has the server's id (and is shown once, even if
        a page with it came first)."""
        index = self._index(key)
        if index is None:
            return
        if self._index(message_id) is not None:
            del self.messages[index]
        else:
            sent = self.messages[index]
            self.messages[index] = replace(
                sent,
                key=message_id,
                state="delivered",
                created_at=created_at or sent.created_at,
                entry_id=None,
            )
        self._changed()
        if message_id == self.read_mark:
            self.read_up_to(message_id)

    def discard(self, key: str) -> None:
        index = self._index(key)
        if index is not None:
            del self.messages[index]
            self._changed()

    def read_up_to(self, message_id: str | None) -> None:
        """The other person read up to ``message_id``: my sends up to it read. A mark not
        shown (older than the pages loaded, or a send whose answer is still on its way)
        marks nothing now; the send is marked when it lands."""
        self.read_mark = message_id
        stop = self._index(message_id) if message_id else None
        if stop is None:
            return
        changed = False
        for index in range(stop + 1):
            message = self.messages[index]
            if message.state == "delivered":
                self.messages[index] = replace(message, state="read")
                changed = True
        if changed:
            self._changed()

    def failed(self) -> ChatMessage | None:
        """The newest send the server refused: what the retry and discard keys act on."""
        return next((m for m in reversed(self.messages) if m.state == "failed"), None)


class TypingThrottle:
    """When the composer sends ``typing``: on a key, at most once every 3 s; none while no
    key comes; after a send the next key announces typing again at once."""

    def __init__(self) -> None:
        self._sent_at: float | None = None

    def key(self, now: float) -> bool:
        """A key was typed at ``now``; True when a ``typing`` frame should go out."""
        if self._sent_at is not None and now - self._sent_at < TYPING_EVERY:
            return False
        self._sent_at = now
        return True

    def stop(self) -> None:
        """Sent: the next key announces typing at once."""
        self._sent_at = None
