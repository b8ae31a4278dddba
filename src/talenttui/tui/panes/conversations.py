"""The Messages tab: conversations beside the open one, where the person writes.

Moving onto a conversation shows it (reading its newest page, which the server counts as
reading it); enter opens it with the composer focused, escape comes back to the list.
Realtime events are taken in whichever tab shows: a new message goes into its
conversation at once (read only while the person looks at it), the list and its unread
counts follow, and the shell shows the total on the tab and in the status bar. ``/``
finds conversations by name or company (the API's ``search``), ``u`` shows only unread
ones (``unread_only``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, OptionList

from talenttui.tui.chat import ChatMessage, Thread, from_event, with_last
from talenttui.tui.loading import load_into
from talenttui.tui.panes.conversation_view import ConversationView, Read, Sent
from talenttui.tui.panes.lazy import LazyPane
from talenttui.tui.panes.side_list import LIST_LIMIT, index_by_id, step_cursor
from talenttui.tui.widgets.composer import Composer
from talenttui.tui.widgets.conversation_list import ConversationList
from talenttui.tui.widgets.text_blocks import Notice

if TYPE_CHECKING:
    from talenttui.api.client import Fresh
    from talenttui.api.errors import ApiError
    from talenttui.api.models.matches import Match
    from talenttui.api.models.messages import Conversation, ConversationPage
    from talenttui.tui.session import Session

LIVE_EVENTS = ("message.received", "conversation.started", "message.read", "typing")


class UnreadTotal(Message):
    """The conversations' unread messages added up, for the tab's label and the status bar."""

    def __init__(self, total: int) -> None:
        super().__init__()
        self.total = total


class ConversationsPane(LazyPane, Horizontal):
    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")
    FOCUS = "#conversation-list"
    BINDINGS = [
        Binding(
            "f5",
            "refresh",
            "Refresh",
            id="messages.refresh",
            tooltip="Reload the conversations and the open one",
        ),
        Binding("j", "move(1)", "Next conversation", id="messages.next", show=False),
        Binding("k", "move(-1)", "Previous conversation", id="messages.previous", show=False),
        Binding("slash", "find", "Find", id="messages.find", tooltip="By name or company"),
        Binding("u", "unread_only", "Unread only", id="messages.unread_only"),
        Binding("ctrl+r", "retry", "Retry send", id="messages.retry", show=False),
        Binding("ctrl+g", "discard", "Discard send", id="messages.discard", show=False),
        Binding("ctrl+o", "expand", "Long messages", id="messages.expand", show=False),
    ]

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(session, id=id)
        self._notice = Notice(id="conversations-notice")
        self._conversations: list[Conversation] = []
        self._threads: dict[str, Thread] = {}
        self._search = ""
        self._unread_only = False
        self._visible = False

    @property
    def conversations(self) -> list[Conversation]:
        return self._conversations

    @property
    def open_id(self) -> str | None:
        """The conversation whose messages are on screen."""
        thread = self.view.thread
        return thread.conversation_id if thread else None

    @property
    def view(self) -> ConversationView:
        return self.query_one(ConversationView)

    @property
    def _my_id(self) -> str | None:
        me = self.session.credentials.current
        return me.public_id if me else None

    def compose(self) -> ComposeResult:
        with Vertical(id="conversations-side"):
            search = Input(placeholder="Find by name or company", id="conversation-search")
            search.display = False  # set here, not queried on mount: a quit right after
            yield search  # login prunes the children before the pane's Mount is handled
            yield ConversationList(id="conversation-list")
            yield self._notice
        yield ConversationView(self.session, id="conversation-view")

    def on_mount(self) -> None:
        """The list loads at once (not when the tab is first shown): its unread counts are
        on the tab's label and in the status bar."""
        self.load_conversations()

    def first_show(self) -> None:
        return None

    def on_show(self) -> None:
        """Shown again: bring the open conversation up to date (and so read it)."""
        self._visible = True
        thread = self.view.thread
        if self.started and thread is not None:
            self.view.open(thread, self.view.person, self.view.match_id, refresh=True)

    def on_hide(self) -> None:
        self._visible = False

    # -- the list ------------------------------------------------------------------------

    @work(group="conversations", exclusive=True, exit_on_error=False)
    async def load_conversations(self, *, refresh: bool = False) -> None:
        from talenttui.api.endpoints.messages import list_conversations

        if not self._conversations:
            self._notice.say("Loading conversations…")
        call = list_conversations(
            limit=LIST_LIMIT, unread_only=self._unread_only, search=self._search or None
        )
        await load_into(
            self.session,
            call,
            refresh=refresh,
            show=self._show_conversations,
            failed=self._list_failed,
        )

    def _list_failed(self, exc: ApiError) -> None:
        self._notice.say(f"Cannot load conversations: {exc.message}", error=True)

    def _show_conversations(self, fresh: Fresh[ConversationPage]) -> None:
        page = fresh.data
        self._conversations = list(page.conversations)
        self._fill()
        shown = self._filters()
        if not self._conversations:
            self._notice.say(
                f"No conversations match {shown}."
                if shown
                else "No conversations yet. Accepting a match, or m on one, opens one."
            )
        elif shown:
            self._notice.say(f"{len(self._conversations)} found: {shown} (/ and u change it)")
        elif page.pagination.next_cursor:
            self._notice.say(f"The {len(self._conversations)} most recent conversations.")
        elif fresh.source == "offline":
            self._notice.say("Offline: conversations as last seen.")
        else:
            self._notice.say("")
        self._count_unread()

    def _fill(self) -> None:
        self.query_one(ConversationList).show(self._conversations, self._my_id, self.open_id)

    def _filters(self) -> str:
        filters = [f"“{self._search}”"] if self._search else []
        filters += ["unread only"] if self._unread_only else []
        return ", ".join(filters)

    def _count_unread(self) -> None:
        """The total, unless a filter leaves conversations out of the list."""
        if not self._filters():
            self.post_message(UnreadTotal(sum(c.unread_count for c in self._conversations)))

    def _latest(self, conversation_id: str | None, message: ChatMessage, *, unread: bool) -> None:
        """A message sent or received: its row goes to the top with it as the preview, as a
        refetch would show it, without one. A conversation the list does not have (new,
        or left out by a filter) is refetched."""
        index = index_by_id(self._conversations, conversation_id)
        if index is None:
            self.load_conversations(refresh=True)
            return
        row = with_last(self._conversations.pop(index), message, unread=unread)
        self._conversations.insert(0, row)
        if index == 0:
            self.query_one(ConversationList).redraw_row(0, row, self._my_id)
        else:
            self._fill()
        if unread:
            self._count_unread()

    def action_move(self, step: int) -> None:
        step_cursor(self.query_one(OptionList), step)

    @on(OptionList.OptionHighlighted, "#conversation-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None and event.option.id != self.open_id:
            self.open_conversation(event.option.id)

    @on(OptionList.OptionSelected, "#conversation-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.open_conversation(event.option.id, refresh=event.option.id == self.open_id)
            self.view.composer.focus()

    # -- the open conversation -----------------------------------------------------------

    def _thread(self, conversation: Conversation) -> Thread:
        thread = self._threads.get(conversation.id)
        if thread is None:
            other = conversation.other(self._my_id)
            thread = Thread(conversation.id, other.id if other else None, self._my_id)
            self._threads[conversation.id] = thread
        return thread

    def open_conversation(self, conversation_id: str, *, refresh: bool = False) -> None:
        index = index_by_id(self._conversations, conversation_id)
        if index is None:
            return
        conversation = self._conversations[index]
        self.view.open(
            self._thread(conversation),
            conversation.other(self._my_id),
            conversation.match_id,
            refresh=refresh,
        )

    def start_with(self, match: Match) -> None:
        """``m`` on a match: the conversation with its person, or a new one, composer focused."""
        from talenttui.api.models.messages import Participant

        person_id = match.user_id
        if person_id is None:
            return
        for conversation in self._conversations:
            other = conversation.other(self._my_id)
            if other is not None and other.id == person_id:
                self.open_conversation(conversation.id)
                self._focus_composer()
                return
        thread = next(
            (t for t in self._threads.values() if t.recipient_id == person_id),
            None,
        ) or Thread(None, person_id, self._my_id)
        profile = match.profile
        person = Participant(
            id=person_id, name=match.name, title=profile.headline if profile else None
        )
        self.view.open(thread, person, match.id)
        self._focus_composer()

    def _focus_composer(self) -> None:
        self.call_after_refresh(self.view.composer.focus)

    @on(Sent)
    def _sent(self, event: Sent) -> None:
        if event.thread.conversation_id is not None:
            self._threads[event.thread.conversation_id] = event.thread
        self._latest(event.thread.conversation_id, event.message, unread=False)

    @on(Read)
    def _read(self, event: Read) -> None:
        """The server counted the read: show zero unread without another request."""
        index = index_by_id(self._conversations, event.conversation_id)
        if index is None or not self._conversations[index].unread_count:
            return
        read = self._conversations[index].model_copy(update={"unread_count": 0})
        self._conversations[index] = read
        self.query_one(ConversationList).redraw_row(index, read, self._my_id)
        self.post_message(UnreadTotal(sum(c.unread_count for c in self._conversations)))

    @on(Composer.Back)
    def _back(self) -> None:
        self.query_one(OptionList).focus()

    @on(Composer.History)
    def _history(self, event: Composer.History) -> None:
        self.view.messages.scroll_page(event.step)

    async def action_retry(self) -> None:
        await self.view.retry()

    def action_discard(self) -> None:
        self.view.discard()

    def action_expand(self) -> None:
        self.view.messages.toggle_expanded()

    # -- find ----------------------------------------------------------------------------

    def action_find(self) -> None:
        search = self.query_one("#conversation-search", Input)
        search.display = True
        search.focus()

    @on(Input.Submitted, "#conversation-search")
    def _find(self, event: Input.Submitted) -> None:
        self._search = event.value.strip()
        event.input.display = bool(self._search)
        self.query_one(OptionList).focus()
        self.load_conversations(refresh=True)

    def action_unread_only(self) -> None:
        self._unread_only = not self._unread_only
        self.load_conversations(refresh=True)

    # -- realtime ------------------------------------------------------------------------

    def server_event(self, event: str, data: dict[str, Any]) -> None:
        """A realtime event, whichever tab shows; a resync (events were missed) refetches."""
        if event == "session.resync":
            self.action_refresh()
            return
        if event not in LIVE_EVENTS:
            return
        conversation_id = str(data.get("conversation_id") or "")
        thread = self._threads.get(conversation_id)
        reading = self._visible and self.open_id == conversation_id
        if event == "typing":
            if reading and data.get("user_id") != self._my_id:
                self.view.someone_typing(str(data.get("user_id") or ""))
            return
        if event == "message.read":
            if thread is not None and data.get("reader_id") != self._my_id:
                thread.read_up_to(str(data.get("last_read_message_id") or "") or None)
                if thread is self.view.thread:
                    self.view.redraw()
            return
        if event == "message.received":
            self._received(data, thread, reading)
        else:
            self.load_conversations(refresh=True)

    def _received(self, data: dict[str, Any], thread: Thread | None, reading: bool) -> None:
        """Drawn from the event: into its conversation, its row to the top; read at once
        (a mark, not a page) while the person reads it."""
        from pydantic import ValidationError

        from talenttui.api.models.events import MessageReceived

        try:
            received = MessageReceived.model_validate(data)
        except ValidationError:
            return
        message = from_event(received)
        new = thread is None or thread.received(message)
        if thread is not None and new and thread is self.view.thread:
            self.view.typing_stopped()
            self.view.redraw()
            if reading:  # once the message is on screen: the mark's request is not in its way
                self.call_after_refresh(self.view.mark_read, thread)
        if new:
            mine = received.sender_id == self._my_id
            self._latest(received.conversation_id, message, unread=not reading and not mine)
        if not reading:
            self._announce(received)

    def _announce(self, received: Any) -> None:
        """A notice naming the sender; a bell too with ``[ui] bell = true``."""
        name = self._name_of(received.sender_id) or "Someone"
        text = received.message.replace("\n", " ")
        preview = text if len(text) <= 80 else text[:79] + "…"
        self.notify(preview, title=f"New message from {name}", markup=False)
        if self.session.preferences.bell:
            self.app.bell()

    def _name_of(self, user_id: str | None) -> str | None:
        for conversation in self._conversations:
            for person in conversation.participants:
                if person.id == user_id:
                    return person.name or None
        shown = self.view.person
        return shown.name if shown is not None and shown.id == user_id else None

    # -- shared --------------------------------------------------------------------------

    def action_refresh(self) -> None:
        self.load_conversations(refresh=True)
        thread = self.view.thread
        if thread is not None:
            self.view.open(thread, self.view.person, self.view.match_id, refresh=True)
