"""A message sent and received updates both lists from the event, and the reader's read mark
goes without the page: no request per message beyond the send and one mark."""

from __future__ import annotations

from pathlib import Path

import httpx
from tests.conftest import Live
from tests.server.otp_helpers import login
from tests.tui.conftest import JANE, wait_for
from tests.tui.test_chat import chat_server, head_of, open_chat, sarah_and_jane, shown

from talenttui.api.client import TalentClient
from talenttui.api.transport import Transport
from talenttui.tui.app import TalentApp

__all__ = ["chat_server"]


class Recording(httpx.AsyncHTTPTransport):
    """The real server; each request's method, path and query noted as it leaves."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[str, str, str]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append((request.method, request.url.path, request.url.query.decode()))
        return await super().handle_async_request(request)


def recording(app: TalentApp) -> Recording:
    http = Recording()
    transport = Transport(app.config, app.credentials, http_transport=http)
    app._client = TalentClient(app.config, credentials=app.credentials, transport=transport)
    return http


def conversation_reads(sent: list[tuple[str, str, str]]) -> list[str]:
    """The GETs of the conversation list and of conversations' pages, with their query."""
    return [
        f"{path}?{query}"
        for method, path, query in sent
        if method == "GET" and path.startswith("/v1/messages/conversations")
    ]


async def test_a_message_moves_both_rows_and_is_read_without_refetching(
    tmp_path: Path, chat_server: Live
) -> None:
    live = chat_server
    sarah, jane = await sarah_and_jane(live, tmp_path)
    sarah_http, jane_http = recording(sarah), recording(jane)
    async with sarah.run_test(size=(120, 40)) as sp, jane.run_test(size=(120, 40)) as jp:
        sarah_pane = await open_chat(sp)
        jane_pane = await open_chat(jp)
        await wait_for(jp, lambda: not jane_pane.conversations[0].unread_count)
        await jp.pause(0.5)  # what opening started (a background refresh) is done
        sarah_before, jane_before = len(sarah_http.sent), len(jane_http.sent)

        await sp.press(*"moved by the event", "enter")
        await wait_for(jp, lambda: "  moved by the event" in shown(jp))
        await wait_for(sp, lambda: "✓✓ read" in head_of(sp, "moved by the event")())
        for pane in (sarah_pane, jane_pane):
            top = pane.conversations[0]
            assert top.id == pane.open_id
            assert top.last_message is not None
            assert top.last_message.message == "moved by the event"
            assert top.unread_count == 0
        await jp.pause(0.3)
        assert conversation_reads(sarah_http.sent[sarah_before:]) == []
        open_id = jane_pane.open_id
        assert conversation_reads(jane_http.sent[jane_before:]) == [
            f"/v1/messages/conversations/{open_id}?limit=1"
        ], "one read mark, no list and no page"

    token = login(live.client, JANE)["token"]
    listed = live.client.get(
        "/v1/messages/conversations", headers={"Authorization": f"Bearer {token}"}
    ).json()["data"]["conversations"]
    [theirs] = [c for c in listed if c["id"] == open_id]
    assert theirs["unread_count"] == 0, "the server counted Jane's read"
    assert theirs["last_message"]["message"] == "moved by the event"
