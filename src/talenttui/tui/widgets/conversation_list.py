"""The Messages tab's conversations, one row each: the other person, unread count, time and
a preview of the last message (all literal text)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from talenttui.tui.text import literal, when_text

if TYPE_CHECKING:
    from talenttui.api.models.messages import Conversation

PREVIEW_CHARS = 120


def conversation_option(conversation: Conversation, my_id: str | None) -> Option:
    other = conversation.other(my_id)
    name = (other.name if other else "") or "Unknown"
    last = conversation.last_message
    head = literal(name).stylize("bold")
    if conversation.unread_count:
        head = head.append(Content.styled(f"  {conversation.unread_count} unread", "bold"))
    stamp = when_text(last.created_at if last else conversation.updated_at)
    if stamp:
        head = head.append(Content.styled(f"  {stamp}", "dim"))
    preview = (last.message if last else "").replace("\n", " ")[:PREVIEW_CHARS]
    return Option(Content.assemble(head, "\n", (preview or " ", "dim")), id=conversation.id)


class ConversationList(OptionList):
    """Enter with no conversation highlighted yet (the tab just shown) opens the first one:
    it did nothing, and the words typed next went to the list's keys (``u``, ``/``)."""

    def action_select(self) -> None:
        if self.highlighted is None and self.option_count:
            self.highlighted = 0
        super().action_select()

    def show(
        self, conversations: Sequence[Conversation], my_id: str | None, open_id: str | None
    ) -> None:
        """Every row anew, the open conversation highlighted."""
        self.set_options(conversation_option(c, my_id) for c in conversations)
        ids = [c.id for c in conversations]
        if open_id in ids:
            self.highlighted = ids.index(open_id)

    def redraw_row(self, index: int, conversation: Conversation, my_id: str | None) -> None:
        """One row changed in place (its place in the list did not)."""
        self.replace_option_prompt_at_index(index, conversation_option(conversation, my_id).prompt)
