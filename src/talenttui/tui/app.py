"""``TalentApp``: picks the first screen, owns the one ``TalentClient``, the realtime link,
the outbox's sender, the status, and the one failure policy.

It is the top of the app's layers (``talenttui/tui/__init__.py``): the screens, panes and
dialogs below reach it only through ``session.Session``, which it implements.

The first paint waits for neither the network stack nor the bundled server: the client's
module is imported, and its transport (httpx, TLS) made, in threads; the server comes after.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from talenttui.api.config import ClientConfig
from talenttui.api.credentials import CredentialStore
from talenttui.tui.failures import NOTICE_SECONDS, FailureLog, report_worker
from talenttui.tui.gc_policy import hold, resume, thaw
from talenttui.tui.preferences import Preferences
from talenttui.tui.settle import handled_input
from talenttui.tui.typeahead import TypeAhead

if TYPE_CHECKING:
    from talenttui.api.client import TalentClient
    from talenttui.api.errors import ApiError
    from talenttui.api.realtime import ConnectionState, RealtimeClient, RealtimeEvent
    from talenttui.tui.bundled import ServerStarter
    from talenttui.tui.outbox_sender import OutboxSender


REPLAY_INTERVAL = 3.0
"""Seconds between passes over the outbox while writes wait in it."""


class TalentApp(App[None]):
    TITLE = "talenttui"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Every key, by screen"),
        Binding(
            "ctrl+l",
            "logout",
            "Log out",
            id="app.logout",
            show=False,
            tooltip="Sign out and wipe cache",
        ),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
    ]

    connection: var[str] = var("connecting")
    """online, reconnecting, offline or connecting; vars: an app's reactive repaints all."""
    rate_text: var[str] = var("")
    queued: var[int] = var(0)
    """Writes waiting in the outbox."""

    def __init__(
        self,
        config: ClientConfig,
        *,
        embedded: ServerStarter | None = None,
        idle_logout_seconds: float | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self.embedded = embedded
        self.credentials = CredentialStore.for_data_dir(
            config.store_server, config.paths.data_dir, kiosk=config.kiosk
        )
        self.preferences = Preferences.load(config.paths.config_file, kiosk=config.kiosk)
        self.preferences.report = self._config_notice
        self._apply_preferences()
        self.idle_logout_seconds = idle_logout_seconds
        self._client: TalentClient | None = None
        self._client_lock = asyncio.Lock()
        self._realtime: RealtimeClient | None = None
        self._last_input = time.monotonic()
        self.typeahead = TypeAhead(self)
        self._first_screen_shown = True
        """The base screen from ``get_default_screen`` is the one showing the app."""
        self.failures = FailureLog(None if config.kiosk else config.paths.data_dir)
        self._sender: OutboxSender | None = None
        self._session_ending = False
        """Set from the first refusal of the token to the next login: one logout, not one
        per worker that met the refusal."""
        self._ending: asyncio.Future[None] | None = None
        self._settled = asyncio.Event()
        """The shell's first load is painted: cached reads' refreshes wait for it."""

    @property
    def bundled(self) -> bool:
        return self.embedded is not None

    @property
    def server_label(self) -> str:
        return "bundled demo server" if self.embedded else self.config.server

    def get_default_screen(self) -> Screen[None]:
        """The first screen is the login or the shell itself, not a blank one switched
        away from: one screen fewer to build and paint before anything shows."""
        if self.credentials.session_over():
            from talenttui.tui.screens.login import LoginScreen

            return LoginScreen(self)
        from talenttui.tui.screens.shell import ShellScreen

        return ShellScreen(self)

    def _apply_preferences(self) -> None:
        """Theme and keymap from config.toml; what cannot be used is left out and said."""
        prefs = self.preferences
        if prefs.theme in self.available_themes:
            self.theme = prefs.theme
        elif prefs.theme:
            prefs.notices.append(f"[ui] theme = {prefs.theme!r} is not a theme; ignored")
        if prefs.keys:
            from talenttui.tui.keymap import check_keymap

            checked = check_keymap(prefs.keys)
            self.set_keymap(checked.keymap)
            prefs.notices.extend(checked.problems)

    def _config_notice(self, text: str) -> None:
        self.notify(text, title="config.toml", severity="warning", timeout=15, markup=False)

    def on_mount(self) -> None:
        self.call_after_refresh(self._after_first_paint)
        if self.credentials.current is not None:  # made as the shell is built, not after
            self.run_worker(self.client(), group="client", exit_on_error=False)

    def _after_first_paint(self) -> None:
        for notice in (*self.config.notices, *self.preferences.notices):
            self._config_notice(notice)
        if self.embedded is not None:
            self.embedded.start()
        if self.idle_logout_seconds is not None:
            self.set_interval(30, self._check_idle)
        self.set_interval(REPLAY_INTERVAL, self._replay_if_waiting)

    def _replay_if_waiting(self) -> None:
        """Queued writes go out as soon as the server answers again, realtime link or not."""
        if self.queued and self._client is not None:
            self.replay_outbox()

    # -- the failure policy --------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The app's own workers; widgets and screens forward theirs (``ReportsFailures``)."""
        if event.state == WorkerState.ERROR:
            report_worker(self, event.worker)

    def report_failure(self, error: BaseException, where: str) -> None:
        """A bug, not a refusal: its traceback to ``talenttui.log``, a notice on screen."""
        if notice := self.failures.report(error, where):
            self.notify(notice, severity="error", timeout=NOTICE_SECONDS, markup=False)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown | events.Paste):
            self._last_input = time.monotonic()
        if not (isinstance(event, events.Key) and self.typeahead.kept(event, self.focused)):
            await super().on_event(event)

    async def _check_idle(self) -> None:
        """Kiosk: a session left alone is closed, so the next person at the terminal starts clean."""
        limit = self.idle_logout_seconds
        if limit is None or self.credentials.current is None:
            return
        if time.monotonic() - self._last_input >= limit:
            await self.action_logout()

    def _show_login(self, notice: str = "") -> None:
        from talenttui.tui.screens.login import LoginScreen

        self.typeahead.forget()  # a login whose feed never showed: no key stays held
        self.replace_base_screen(LoginScreen(self, notice))

    def replace_base_screen(self, screen: Screen[None]) -> None:
        """Show the login or the shell in place of the other, closing any dialog above.

        The first screen is Textual's base screen, which cannot be switched away: the next
        one goes on top of it and it is emptied, so no widget of a signed-out user's shell
        stays alive under the login screen. From then on the top screen is switched.
        """
        thaw()
        if self._first_screen_shown:
            base = self.screen_stack[0]
            while len(self.screen_stack) > 1:
                self.pop_screen()
            self.push_screen(screen)
            base.remove_children()
            self._first_screen_shown = False
        else:
            while len(self.screen_stack) > 2:
                self.pop_screen()
            self.switch_screen(screen)

    # -- the client ----------------------------------------------------------------------

    async def client(self) -> TalentClient:
        """The one client, made (and its stores opened) on first use."""
        async with self._client_lock:
            if self._client is None:
                client = await asyncio.to_thread(self._new_client)
                await client.open_stores()
                self._client = client
            return self._client

    def _new_client(self) -> TalentClient:
        """In a thread: importing the client's module (its models) would hold up keys."""
        from talenttui.api.client import TalentClient

        return TalentClient(
            self.config,
            credentials=self.credentials,
            gate=self.embedded.wait_ready if self.embedded is not None else None,
            on_outcome=self._transport_outcome,
            settled=self._settled.wait,
        )

    def _transport_outcome(self) -> None:
        client = self._client
        if client is None:
            return
        if client.online is False:
            self.connection = "offline"
        elif self.connection == "offline" and (
            self._realtime is None or self._realtime.state.value == "online"
        ):
            self.connection = "online"
        rate = client.rate
        if rate.limit is not None and rate.remaining is not None:
            self.rate_text = f"{rate.remaining}/{rate.limit} req"

    async def signed_in(self) -> None:
        """After a login: open the shell (its mount sends what waits in the outbox)."""
        from talenttui.tui.screens.shell import ShellScreen

        self._session_ending = False
        await (await self.client()).open_stores()  # quick now, slow beside the shell's mount
        hold()  # until the feed is painted (``gc_policy``)
        self.replace_base_screen(ShellScreen(self))

    def shell_shown(self) -> None:
        """The shell's feed has loaded and is painted: open the realtime link, send what waits
        in the outbox, and let cached reads refresh."""
        self._settled.set()
        resume()
        self.typeahead.done()
        self.start_realtime()
        self.replay_outbox()

    async def session_refused(self, error: ApiError) -> None:
        """A request or the realtime link met a refusal of the token: say what the server said."""
        reason = error.message.rstrip(".") or "The server refused this session"
        await self.session_over(f"The server ended this session: {reason}. Log in again.")

    async def session_over(self, reason: str) -> None:
        """Back to the login screen, once however many workers met the refusal. Queued
        writes stay in the outbox and go out after this user's next login.

        Shielded: stopping the realtime link cancels its worker, which may be the caller.
        """
        if self._session_ending:
            return
        self._session_ending = True
        self._ending = asyncio.ensure_future(self._end_session(reason))
        await asyncio.shield(self._ending)

    async def _end_session(self, reason: str) -> None:
        self.notify(reason, title="Signed out", severity="warning", markup=False)
        await self._sign_out(wipe_cache=False)
        self._show_login(reason)

    async def _sign_out(self, *, wipe_cache: bool) -> None:
        """Forget the session; queued writes stay for this user's next login."""
        await self._stop_realtime()
        self.connection = "connecting"
        if self._sender is not None:
            self._sender.forget_watches()
        if self._client is None:
            await self.credentials.clear()
        elif wipe_cache:
            await self._client.logout()
        else:
            await self._client.session_ended()

    # -- realtime ------------------------------------------------------------------------

    @work(group="realtime", exclusive=True, exit_on_error=False)
    async def start_realtime(self) -> None:
        from talenttui.api.errors import AuthError

        client = await self.client()
        if self.embedded is not None:
            await self.embedded.wait_ready()
        realtime = client.realtime(
            on_event=self._realtime_event,
            on_resync=lambda: self._realtime_event(None),
            on_state=self._realtime_state,
        )
        self._realtime = realtime
        try:
            await realtime.run()
        except AuthError as exc:
            await self.session_refused(exc)

    async def _stop_realtime(self) -> None:
        realtime, self._realtime = self._realtime, None
        if realtime is not None:
            await realtime.stop()
        self.workers.cancel_group(self, "realtime")

    def _realtime_state(self, state: ConnectionState) -> None:
        """Back online after being away: send what waits, and refetch the visible tab (its
        rows, and an "offline, from …" banner, are from before)."""
        was = self.connection
        self.connection = state.value
        if state.value == "online":
            self.replay_outbox()
            if was in ("offline", "reconnecting"):
                self.view_stale()

    def send_typing(self, conversation_id: str) -> None:
        if (realtime := self._realtime) is not None:
            self.run_worker(
                realtime.send_typing(conversation_id), group="typing", exit_on_error=False
            )

    async def _realtime_event(self, event: RealtimeEvent | None) -> None:
        """An event for the screen shown; None: the link missed some (``session.resync``)."""
        from talenttui.tui.messages import ServerEvent

        name, data = ("session.resync", {}) if event is None else (event.event, event.data)
        self.screen.post_message(ServerEvent(name, data))

    # -- the outbox -----------------------------------------------------------------------

    @property
    def sender(self) -> OutboxSender:
        """The one sender of the outbox (``tui/outbox_sender.py``), made on first use."""
        if self._sender is None:
            from talenttui.tui.outbox_sender import OutboxSender

            self._sender = OutboxSender(self)
        return self._sender

    def replay_outbox(self) -> None:
        self.sender.wake()

    def view_stale(self) -> None:
        """What the visible tab shows is from before: it refetches."""
        from talenttui.tui.messages import ViewStale

        self.screen.post_message(ViewStale())

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Nobody to log out on the login screen: the key leaves the footer, help and palette."""
        return action != "logout" or self.credentials.current is not None

    async def action_quit(self) -> None:
        """Keys typed before the quit are handled first (``tui/settle.py``)."""
        await handled_input(self, self.sender)
        self.exit()

    def action_help(self) -> None:
        from talenttui.tui.dialogs.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    async def action_logout(self) -> None:
        await self._sign_out(wipe_cache=True)
        self.notify("Logged out; this user's cached data was wiped.")
        self._show_login()

    def watch_theme(self, theme: str) -> None:
        self.preferences.save_theme(theme)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from talenttui.tui.screen_keys import palette_commands

        textuals = super().get_system_commands(screen)
        return palette_commands(screen, textuals, kiosk=self.config.kiosk)

    async def on_unmount(self) -> None:
        await self._stop_realtime()
        if self._client is not None:
            await self._client.aclose()
