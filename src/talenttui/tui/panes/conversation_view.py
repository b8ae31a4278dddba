"""The open conversation of the Messages tab: its messages, who is typing, the composer.

A send goes to the outbox first (``loading.store``: on disk, with its
``Idempotency-Key``), shows at once as "sending", and follows what the outbox's sender
hears: delivered (the server's id), queued (offline: sent once, in order, when the server
answers again), or refused (the server's reason, ``ctrl+r`` tries again, ``ctrl+g``
drops it). Sends left in the outbox by an earlier run show as queued when the
conversation opens. A conversation not started yet (``m`` on a match) has no id until
its first message lands. Each page loaded is kept out of the collector's full passes, as
the feed's are (``gc_policy``): scrolling a long history stays smooth.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from talenttui.tui.chat import (
    TYPING_SHOWN,
    ChatMessage,
    Thread,
    TypingThrottle,
    from_outbox,
    sends_to,
)
from talenttui.tui.failures import ReportsFailures
from talenttui.tui.gc_policy import settle_loaded_rows
from talenttui.tui.loading import load_into, store
from talenttui.tui.watch import Watch
from talenttui.tui.widgets.composer import Composer
from talenttui.tui.widgets.message_log import MessageLog

if TYPE_CHECKING:
    from textual.timer import Timer

    from talenttui.api.client import Fresh
    from talenttui.api.errors import ApiError
    from talenttui.api.models.messages import ConversationMessages, Participant
    from talenttui.tui.session import Session

PAGE = 50
HINT = "Choose a conversation (↑/↓ or j/k) and press enter to write."


def _now_iso() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


class Read(Message):
    """The newest page came from the server, which counted it as read."""

    def __init__(self, conversation_id: str) -> None:
        super().__init__()
        self.conversation_id = conversation_id


class Sent(Message):
    """A send landed: the list's preview and order change (and a new conversation has an
    id now)."""

    def __init__(self, thread: Thread, message: ChatMessage) -> None:
        super().__init__()
        self.thread = thread
        self.message = message


class ConversationView(ReportsFailures, Vertical):
    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self.thread: Thread | None = None
        self.person: Participant | None = None
        self.match_id: str | None = None
        self._names: dict[str, str] = {}
        self._watched: set[str] = set()
        self._throttle = TypingThrottle()
        self._typing_timer: Timer | None = None
        self._loading_older = False
        self._marking: Thread | None = None
        """The conversation whose read mark is on its way."""
        self._mark_again = False

    @property
    def me(self) -> str | None:
        creds = self.session.credentials.current
        return creds.public_id if creds else None

    @property
    def messages(self) -> MessageLog:
        return self.query_one(MessageLog)

    @property
    def composer(self) -> Composer:
        return self.query_one(Composer)

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("No conversation open", "dim"), id="conversation-header")
        yield MessageLog(id="conversation-log")
        yield Static("", id="typing-line", markup=False)
        yield Composer(id="composer")

    def on_mount(self) -> None:
        # no log when the app quits as this view mounts (its children are pruned first)
        for log in self.query(MessageLog):
            log.show([], {}, self.me, note=HINT)

    # -- opening -------------------------------------------------------------------------

    def open(
        self,
        thread: Thread,
        person: Participant | None,
        match_id: str | None = None,
        *,
        refresh: bool = False,
    ) -> None:
        """Show ``thread`` (cached messages at once, then the server's newest page)."""
        changed = thread is not self.thread
        self.thread, self.person, self.match_id = thread, person, match_id
        if person is not None:
            self._names[person.id] = person.name or person.id
        title = Content.styled((person.name or person.id) if person else "Conversation", "bold")
        if person is not None and person.title:
            title = title.append(Content.styled(f"  {person.title}", "dim"))
        header = self.query_one("#conversation-header", Static)
        header.remove_class("error")
        header.update(title)
        if changed:
            self.typing_stopped()
            self.redraw()
        if thread.conversation_id is not None:
            self.load_newest(thread, refresh=refresh)
        else:
            self.run_worker(self._add_unsent(thread), group="unsent", exit_on_error=False)

    @work(group="conversation", exclusive=True, exit_on_error=False)
    async def load_newest(self, thread: Thread, *, refresh: bool = False) -> None:
        """The newest page: reading it (from the server) marks the conversation read."""
        from talenttui.api.endpoints.messages import get_conversation

        if thread.conversation_id is None:
            return

        async def show(fresh: Fresh[ConversationMessages]) -> None:
            page = fresh.data
            thread.newest_page(page.messages, page.pagination.next_cursor)
            for p in page.conversation.participants:
                self._names[p.id] = p.name or p.id
                if p.id != self.me and p.last_read_message_id:
                    thread.read_up_to(p.last_read_message_id)
            await self._add_unsent(thread)
            if thread is self.thread:
                self.redraw()
                if fresh.source == "network":
                    self.post_message(Read(thread.conversation_id or ""))
            settle_loaded_rows()  # the page and its lines

        await load_into(
            self.session,
            get_conversation(thread.conversation_id, limit=PAGE),
            refresh=refresh,
            show=show,
            failed=self._failed,
        )

    def mark_read(self, thread: Thread) -> None:
        """A message came in while the person reads: the server is told, by the newest page
        of one message (reading it is what marks read); the page on screen has the message
        already and is not fetched again. One request at a time: messages that come
        meanwhile make one more, not one each."""
        if self._marking is thread:
            self._mark_again = True
            return
        self._marking, self._mark_again = thread, False
        self.run_worker(self._mark(thread), group="read-mark", exit_on_error=False)

    async def _mark(self, thread: Thread) -> None:
        from talenttui.api.endpoints.messages import get_conversation

        def read(_: Fresh[ConversationMessages]) -> None:
            if thread is self.thread:
                self.post_message(Read(thread.conversation_id or ""))

        try:
            while thread.conversation_id is not None:
                self._mark_again = False
                call = get_conversation(thread.conversation_id, limit=1)
                await load_into(self.session, call, refresh=True, show=read, failed=self._failed)
                if not self._mark_again:
                    break
        finally:
            if self._marking is thread:
                self._marking = None

    @on(MessageLog.NearTop)
    def _near_top(self) -> None:
        thread = self.thread
        if thread is not None and thread.older and not self._loading_older:
            self._loading_older = True
            self.load_older(thread)

    @work(group="conversation-older", exit_on_error=False)
    async def load_older(self, thread: Thread) -> None:
        """The page before the oldest loaded (``before=``, which marks nothing read)."""
        from talenttui.api.endpoints.messages import get_conversation

        async def show(fresh: Fresh[ConversationMessages]) -> None:
            thread.older_page(fresh.data.messages, fresh.data.pagination.next_cursor)
            if thread is self.thread:
                self.redraw()
            settle_loaded_rows()

        try:
            if thread.conversation_id is not None and thread.older:
                call = get_conversation(thread.conversation_id, limit=PAGE, before=thread.older)
                await load_into(self.session, call, refresh=True, show=show, failed=self._failed)
        finally:
            self._loading_older = False

    def _failed(self, exc: ApiError) -> None:
        header = self.query_one("#conversation-header", Static)
        header.update(Content.styled(f"Cannot load this conversation: {exc.message}", "bold"))
        header.add_class("error")

    async def _add_unsent(self, thread: Thread) -> None:
        """What the outbox still holds for this person (written offline, or last run)."""
        if thread.recipient_id is None:
            return
        try:
            outbox = await (await self.session.client()).outbox()
            pending = await outbox.pending()
        except Exception as exc:
            self.session.report_failure(exc, "reading the outbox")
            return
        stamp = _now_iso()
        waiting = [
            from_outbox(e, self.me, stamp) for e in pending if sends_to(e, thread.recipient_id)
        ]
        thread.unsent_from_outbox(waiting, self._watched)
        if thread is self.thread:
            self.redraw()

    def redraw(self) -> None:
        thread = self.thread
        if thread is None:
            self.messages.show([], {}, self.me, note=HINT)
            return
        note = "" if thread.messages else "No messages yet: write the first one below."
        self.messages.show(thread.messages, self._names, self.me, note=note)

    # -- sending -------------------------------------------------------------------------

    @on(Composer.Send)
    async def _send(self, event: Composer.Send) -> None:
        event.stop()
        thread = self.thread
        if thread is None or thread.recipient_id is None:
            return
        self._throttle.stop()
        await self.send(thread, event.text, None)

    async def send(self, thread: Thread, text: str, key: str | None) -> None:
        from talenttui.api.endpoints.messages import send_message
        from talenttui.api.sanitize import sanitize_text

        assert thread.recipient_id is not None
        metadata = {"match_id": self.match_id} if self.match_id else None
        call = send_message(thread.recipient_id, text, metadata=metadata, idempotency_key=key)
        local = f"local:{call.idempotency_key}"
        if key is None:
            shown = ChatMessage(
                key=local,
                sender_id=self.me,
                text=sanitize_text(text),
                created_at=_now_iso(),
                state="sending",
                idempotency_key=call.idempotency_key,
            )
            thread.add_unsent([shown])
        else:
            thread.set_state(local, "sending")
        self._watched.add(local)
        self.redraw()
        watch = Watch(
            delivered=lambda _e, result: self._landed(thread, local, result, text),
            refused=lambda _e, error: self._refused(thread, local, error),
            waiting=lambda _e, _error: self._state(thread, local, "queued"),
        )
        name = self.person.name if self.person else "someone"
        if await store(self.session, call, label=f"message to {name}", watch=watch) is None:
            self._state(thread, local, "failed", "it could not be stored")

    def _state(self, thread: Thread, key: str, state: Any, error: str = "") -> None:
        thread.set_state(key, state, error)
        if thread is self.thread:
            self.redraw()

    def _refused(self, thread: Thread, key: str, error: ApiError) -> None:
        self._state(thread, key, "failed", error.message)

    def _landed(self, thread: Thread, key: str, result: Any, text: str) -> None:
        from talenttui.api.models.messages import SentMessage
        from talenttui.api.sanitize import sanitize_text

        sent = SentMessage.model_validate(result)
        self._watched.discard(key)
        thread.landed(key, sent.message_id, sent.delivered_at)
        if thread.conversation_id is None:
            thread.conversation_id = sent.conversation_id
        message = ChatMessage(
            key=sent.message_id,
            sender_id=self.me,
            text=sanitize_text(text),
            created_at=sent.delivered_at or _now_iso(),
        )
        self.post_message(Sent(thread, message))
        if thread is self.thread:
            self.redraw()

    async def retry(self) -> None:
        thread = self.thread
        failed = thread.failed() if thread else None
        if thread is not None and failed is not None:
            await self.send(thread, failed.text, failed.idempotency_key)

    def discard(self) -> None:
        thread = self.thread
        failed = thread.failed() if thread else None
        if thread is not None and failed is not None:
            thread.discard(failed.key)
            self.redraw()

    # -- typing --------------------------------------------------------------------------

    @on(Composer.Changed)
    def _typed(self, event: Composer.Changed) -> None:
        thread = self.thread
        if (
            event.text_area.text
            and thread is not None
            and thread.conversation_id is not None
            and self._throttle.key(time.monotonic())
        ):
            self.session.send_typing(thread.conversation_id)

    def someone_typing(self, user_id: str) -> None:
        """A ``typing`` frame for the open conversation: shown until 5 s pass without one."""
        name = self._names.get(user_id, "Someone")
        self.query_one("#typing-line", Static).update(
            Content.styled(f"{name} is typing…", "dim italic"), layout=False
        )
        if self._typing_timer is not None:
            self._typing_timer.stop()
        self._typing_timer = self.set_timer(TYPING_SHOWN, self.typing_stopped)

    def typing_stopped(self) -> None:
        """The typing line is one line high whatever it says: its updates repaint it and
        lay out nothing (a message's arrival clears it: it laid out the whole screen)."""
        line = self.query_one("#typing-line", Static)
        if str(line.content):
            line.update("", layout=False)
        if self._typing_timer is not None:
            self._typing_timer.stop()
            self._typing_timer = None
