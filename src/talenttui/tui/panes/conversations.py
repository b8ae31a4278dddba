"""The Messages tab: conversations beside the open one's messages, read only for now.

Opening a conversation (enter, or moving onto it) reads its newest page, which the server
counts as reading it: its unread count drops to zero there and here. Writing messages comes
with the composer, in a later change.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from talenttui.tui.loading import load_into
from talenttui.tui.panes.lazy import LazyPane
from talenttui.tui.panes.side_list import LIST_LIMIT, index_by_id, step_cursor
from talenttui.tui.text import literal, when_text
from talenttui.tui.widgets.text_blocks import Notice

if TYPE_CHECKING:
    from talenttui.api.client import Fresh
    from talenttui.api.errors import ApiError
    from talenttui.api.models.messages import (
        Conversation,
        ConversationMessages,
        ConversationPage,
        Message,
    )
    from talenttui.tui.session import Session

MESSAGE_LIMIT = 50
PREVIEW_CHARS = 120
HINT = "Choose a conversation (↑/↓ or j/k, enter) to read it. Replying comes in a later version."


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
    ]

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(session, id=id)
        self._notice = Notice(id="conversations-notice")
        self._conversations: list[Conversation] = []
        self._open_id: str | None = None

    @property
    def conversations(self) -> list[Conversation]:
        return self._conversations

    @property
    def open_id(self) -> str | None:
        """The conversation whose messages are on screen."""
        return self._open_id

    @property
    def _my_id(self) -> str | None:
        me = self.session.credentials.current
        return me.public_id if me else None

    def compose(self) -> ComposeResult:
        with Vertical(id="conversations-side"):
            yield OptionList(id="conversation-list")
            yield self._notice
        with Vertical(id="conversation-view"):
            yield Static(Content.styled("No conversation open", "dim"), id="conversation-header")
            with VerticalScroll(id="conversation-messages"):
                yield Static(Content.styled(HINT, "dim"), classes="message-note")

    def first_show(self) -> None:
        self.load_conversations()

    def on_show(self) -> None:
        """Shown again: messages may have come while the tab was away (realtime refetches
        the open conversation only while it is on screen), so bring it up to date.
        (``LazyPane.on_show`` also runs, after this: it starts the first load.)"""
        if self.started:
            self.load_conversations(refresh=True)
            if self._open_id is not None:
                self.open_conversation(self._open_id, refresh=True)

    # -- the list ------------------------------------------------------------------------

    @work(group="conversations", exclusive=True, exit_on_error=False)
    async def load_conversations(self, *, refresh: bool = False) -> None:
        from talenttui.api.endpoints.messages import list_conversations

        if not self._conversations:
            self._notice.say("Loading conversations…")
        call = list_conversations(limit=LIST_LIMIT)
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
        options = self.query_one(OptionList)
        options.set_options(self._option(c) for c in self._conversations)
        index = index_by_id(self._conversations, self._open_id)
        if index is not None:
            options.highlighted = index
        if not self._conversations:
            self._notice.say("No conversations yet. Accepting a match opens one.")
        elif page.pagination.next_cursor:
            self._notice.say(f"The {len(self._conversations)} most recent conversations.")
        elif fresh.source == "offline":
            self._notice.say("Offline: conversations as last seen.")
        else:
            self._notice.say("")

    def _option(self, conversation: Conversation) -> Option:
        other = conversation.other(self._my_id)
        name = (other.name if other else "") or "Unknown"
        last = conversation.last_message
        head = Content.assemble((name, "bold"))
        if conversation.unread_count:
            head = head.append(Content.styled(f"  {conversation.unread_count} unread", "bold"))
        stamp = when_text(last.created_at if last else conversation.updated_at)
        if stamp:
            head = head.append(Content.styled(f"  {stamp}", "dim"))
        preview = (last.message if last else "").replace("\n", " ")[:PREVIEW_CHARS]
        return Option(Content.assemble(head, "\n", (preview or " ", "dim")), id=conversation.id)

    def action_move(self, step: int) -> None:
        step_cursor(self.query_one(OptionList), step)

    @on(OptionList.OptionHighlighted, "#conversation-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None and event.option.id != self._open_id:
            self.open_conversation(event.option.id)

    @on(OptionList.OptionSelected, "#conversation-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.open_conversation(event.option.id, refresh=event.option.id == self._open_id)

    # -- the open conversation -----------------------------------------------------------

    @work(group="conversation", exclusive=True, exit_on_error=False)
    async def open_conversation(self, conversation_id: str, *, refresh: bool = False) -> None:
        """Its newest messages: cached ones at once, then the server's (which marks it read)."""
        from talenttui.api.endpoints.messages import get_conversation

        self._open_id = conversation_id
        index = index_by_id(self._conversations, conversation_id)
        if index is not None:
            self._header(self._title(self._conversations[index]))
        call = get_conversation(conversation_id, limit=MESSAGE_LIMIT)
        await load_into(
            self.session,
            call,
            refresh=refresh,
            show=self._show_messages,
            failed=self._messages_failed,
        )

    def _title(self, conversation: Conversation) -> Content:
        other = conversation.other(self._my_id)
        if other is None:
            return Content.styled("Conversation", "bold")
        title = Content.styled(other.name or other.id, "bold")
        if other.title:
            title = title.append(Content.styled(f"  {other.title}", "dim"))
        return title

    def _messages_failed(self, exc: ApiError) -> None:
        self._header(Content.styled(f"Cannot load this conversation: {exc.message}", "bold"))
        self.query_one("#conversation-header").add_class("error")

    async def _show_messages(self, fresh: Fresh[ConversationMessages]) -> None:
        page = fresh.data
        if page.conversation.id != self._open_id:
            return
        self.query_one("#conversation-header").remove_class("error")
        names = {p.id: p.name or p.id for p in page.conversation.participants}
        me = self._my_id
        scroll = self.query_one("#conversation-messages", VerticalScroll)
        widgets: list[Static] = []
        if page.pagination.next_cursor:
            widgets.append(
                Static(
                    Content.styled(f"Showing the newest {len(page.messages)} messages.", "dim"),
                    classes="message-note",
                )
            )
        widgets += [self._message(m, names, me) for m in page.messages]
        if not page.messages:
            widgets.append(Static(Content.styled("No messages yet.", "dim"), classes="message"))
        with self.app.batch_update():
            await scroll.remove_children()
            await scroll.mount_all(widgets)
        scroll.scroll_end(animate=False)
        if fresh.source == "network":
            self._mark_read(page.conversation.id)

    @staticmethod
    def _message(message: Message, names: dict[str, str], me: str | None) -> Static:
        mine = message.sender_id is not None and message.sender_id == me
        sender = "You" if mine else names.get(message.sender_id or "", "Unknown")
        head = Content.assemble(
            (sender, "bold"), (f"  {when_text(message.created_at, clock=True)}", "dim")
        )
        body = literal(message.message)
        if message.type != "text":
            body = Content.styled(f"({message.type}) ", "dim").append(body)
        return Static(
            Content.assemble(head, "\n", body),
            classes="message mine" if mine else "message",
        )

    def _mark_read(self, conversation_id: str) -> None:
        """The server counted the read: show zero unread without another request."""
        index = index_by_id(self._conversations, conversation_id)
        if index is None or not self._conversations[index].unread_count:
            return
        read = self._conversations[index].model_copy(update={"unread_count": 0})
        self._conversations[index] = read
        self.query_one(OptionList).replace_option_prompt_at_index(index, self._option(read).prompt)

    def server_event(self, event: str, data: dict[str, object], *, visible: bool) -> None:
        """Realtime: a new message or conversation refreshes the list; the open conversation
        is refetched (and so read) only while the person is looking at it."""
        if not self.started or event not in (
            "message.received",
            "conversation.started",
            "message.read",
        ):
            return
        self.load_conversations(refresh=True)
        if visible and self._open_id is not None and data.get("conversation_id") == self._open_id:
            self.open_conversation(self._open_id, refresh=True)

    # -- shared --------------------------------------------------------------------------

    def action_refresh(self) -> None:
        self.load_conversations(refresh=True)
        if self._open_id is not None:
            self.open_conversation(self._open_id, refresh=True)

    def _header(self, text: Content) -> None:
        self.query_one("#conversation-header", Static).update(text)
