"""The app as its screens, panes and dialogs reach it: small typed protocols, so that nothing
below ``app`` imports the concrete ``TalentApp`` (which imports all of them).

``TalentApp`` is the one implementation. It hands itself to the login and shell screens
(``AppSession``), and the shell hands it on to its panes, which hand it to the dialogs they
open (``Session``): mypy checks at each of those calls that the app keeps the promise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from talenttui.api.client import TalentClient
    from talenttui.api.config import ClientConfig
    from talenttui.api.credentials import CredentialStore
    from talenttui.api.errors import ApiError
    from talenttui.tui.outbox_sender import OutboxSender
    from talenttui.tui.preferences import Preferences
    from talenttui.tui.typeahead import TypeAhead


class Session(Protocol):
    """What panes, dialogs and the loading helpers use: the client, who is signed in, the
    outbox's sender, the person's preferences, and the app's two ways to end badly (a
    refused session, a bug)."""

    @property
    def credentials(self) -> CredentialStore:
        """Who is signed in: ``credentials.current``."""

    @property
    def preferences(self) -> Preferences: ...

    @property
    def sender(self) -> OutboxSender:
        """The one sender of the outbox: every write is stored through it."""

    async def client(self) -> TalentClient:
        """The one client (its first request waits for the bundled server)."""

    async def session_refused(self, error: ApiError) -> None:
        """The server refused the token: back to the login screen, with its reason."""

    def report_failure(self, error: BaseException, where: str) -> None:
        """A bug, not a refusal: its traceback to the log, a notice on screen."""

    def send_typing(self, conversation_id: str) -> None:
        """Tell the others in the conversation the person is typing (over the realtime
        link; nothing when it is down: a typing notice is worth nothing late)."""


class AppSession(Session, Protocol):
    """What the login and shell screens use besides: the steps around a session."""

    @property
    def config(self) -> ClientConfig: ...

    @property
    def bundled(self) -> bool:
        """The server is the bundled dev server, started by the app."""

    @property
    def server_label(self) -> str:
        """The server as the status bar names it."""

    async def signed_in(self) -> None:
        """A login went through: the shell takes the login screen's place."""

    def shell_shown(self) -> None:
        """The shell is up: the realtime link opens, the outbox is sent and the keys typed
        since the login code's enter are handed to the feed."""

    @property
    def typeahead(self) -> TypeAhead:
        """Keys typed between the login code's enter and the painted feed."""
