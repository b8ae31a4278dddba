"""The Developer tab: API keys (create, shown once; revoke) and webhooks (register, delete,
their recent deliveries, resend a failed one). Recruiters have the tab; candidates open it
from the palette ("Developer settings").

Deleting a webhook and resending a delivery go through the outbox like every write. Sent
at once instead (``loading.send_now``): creating a key or a webhook, whose secret is in the
answer only, and revoking a key, which must happen now or say it did not (the outbox never
holds ``/v1/auth/`` requests)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from talenttui.tui.loading import act, load_into, send_now
from talenttui.tui.panes.lazy import LazyPane
from talenttui.tui.panes.side_list import step_cursor
from talenttui.tui.text import expiry_text, when_text
from talenttui.tui.widgets.text_blocks import Heading, Hint, Notice

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.widget import Widget

    from talenttui.api.client import Fresh
    from talenttui.api.errors import ApiError
    from talenttui.api.models.api_keys import ApiKey, ApiKeyList, CreatedApiKey
    from talenttui.api.models.webhooks import (
        CreatedWebhook,
        Delivery,
        DeliveryList,
        Webhook,
        WebhookList,
    )
    from talenttui.tui.session import Session

HINT = "n: new key · d: revoke · w: new webhook · x: delete · r: resend a failed delivery"
LISTS = ("#keys", "#webhooks", "#deliveries")


def key_label(key: ApiKey) -> Content:
    state = "revoked" if key.revoked else (expiry_text(key.expires_at) or "never expires")
    return Content.assemble(
        (key.name or "(no name)", "bold"),
        f"  {key.prefix or ''}…  ",
        (", ".join(key.scopes), "dim"),
        "  ",
        (state, "red" if key.revoked or state.startswith("expired") else "dim"),
    )


def webhook_label(hook: Webhook) -> Content:
    return Content.assemble((hook.url, "bold"), "  ", (", ".join(hook.events), "dim"))


def delivery_label(delivery: Delivery) -> Content:
    style = {"delivered": "green", "failed": "red"}.get(delivery.status, "yellow")
    attempts = f"{delivery.attempts} attempt" + ("" if delivery.attempts == 1 else "s")
    last = delivery.last_error or (
        f"HTTP {delivery.last_status_code}" if delivery.last_status_code else ""
    )
    return Content.assemble(
        (f"{delivery.status:<9}", style),
        f" {delivery.event or '?':<20} {attempts:<11} ",
        (f"{last}  {when_text(delivery.created_at, clock=True)}", "dim"),
    )


class DeveloperPane(LazyPane, VerticalScroll):
    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")
    FOCUS = "#keys"
    BINDINGS = [
        Binding("n", "new_key", "New key", id="developer.new_key"),
        Binding("d", "revoke_key", "Revoke", id="developer.revoke_key"),
        Binding("w", "new_webhook", "New webhook", id="developer.new_webhook"),
        Binding("x", "delete_webhook", "Delete webhook", id="developer.delete_webhook"),
        Binding("r", "resend", "Resend", id="developer.resend"),
        Binding("f5", "refresh", "Refresh", id="developer.refresh"),
        Binding("j", "move(1)", "Next", id="developer.next", show=False),
        Binding("k", "move(-1)", "Previous", id="developer.previous", show=False),
    ]

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(session, id=id)
        self._notice = Notice(id="developer-notice")
        self.keys: list[ApiKey] = []
        self.webhooks: list[Webhook] = []
        self.deliveries: list[Delivery] = []
        self._hook_id: str | None = None

    def compose(self) -> ComposeResult:
        yield self._notice
        yield Heading("API keys")
        yield OptionList(id="keys", classes="developer-list")
        yield Heading("Webhooks")
        yield OptionList(id="webhooks", classes="developer-list")
        yield Heading("Recent deliveries of the selected webhook", id="deliveries-heading")
        yield OptionList(id="deliveries", classes="developer-list")
        yield Hint(Content.styled(HINT, "dim"))

    def first_show(self) -> None:
        self._notice.say("Loading keys and webhooks…")
        self.load_keys()
        self.load_webhooks()

    def action_refresh(self) -> None:
        self.load_keys(refresh=True)
        self.load_webhooks(refresh=True)

    def _say_refusal(self, what: str) -> Callable[[ApiError], None]:
        def failed(exc: ApiError) -> None:
            self._notice.say(f"{what}: {exc.message}", error=True)

        return failed

    # -- keys ----------------------------------------------------------------------------

    @work(group="developer-keys", exclusive=True, exit_on_error=False)
    async def load_keys(self, *, refresh: bool = False) -> None:
        from talenttui.api.endpoints.api_keys import list_api_keys

        failed = self._say_refusal("Cannot load API keys")
        await load_into(
            self.session, list_api_keys(), refresh=refresh, show=self._show_keys, failed=failed
        )

    def _show_keys(self, fresh: Fresh[ApiKeyList]) -> None:
        self.keys = list(fresh.data.api_keys)
        self._fill("#keys", [Option(key_label(k), id=k.id) for k in self.keys], "No API keys yet.")
        self._notice.say("")

    def _fill(self, selector: str, options: list[Option], empty: str) -> None:
        target = self.query_one(selector, OptionList)
        highlighted = target.highlighted
        target.set_options(options or [Option(Content.styled(empty, "dim"), disabled=True)])
        if options:
            target.highlighted = min(highlighted or 0, len(options) - 1)

    def _selected(self, selector: str) -> str | None:
        target = self.query_one(selector, OptionList)
        if target.highlighted is None or target.option_count == 0:
            return None
        return target.get_option_at_index(target.highlighted).id

    def action_new_key(self) -> None:
        from talenttui.tui.dialogs.new_api_key import NewApiKeyScreen

        self.app.push_screen(NewApiKeyScreen(self.session), self._key_created)

    def _key_created(self, key: CreatedApiKey | None) -> None:
        from talenttui.tui.dialogs.secret_shown import SecretScreen

        if key is None:
            return
        facts = (
            f"{key.name}: {', '.join(key.scopes)}; {expiry_text(key.expires_at) or 'never expires'}"
        )
        kept = "The server keeps only a hash."
        self.app.push_screen(SecretScreen("Your new API key", key.key, facts, kept=kept))
        self.load_keys(refresh=True)

    def action_revoke_key(self) -> None:
        from talenttui.tui.dialogs.confirm import ConfirmScreen

        key = next((k for k in self.keys if k.id == self._selected("#keys")), None)
        if key is None or key.revoked:
            return
        question = f"Revoke {key.name} ({key.prefix}…)? Whatever uses it stops working."

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.revoke(key)

        self.app.push_screen(ConfirmScreen(question, "Revoke"), confirmed)

    @work(group="developer-write", exit_on_error=False)
    async def revoke(self, key: ApiKey) -> None:
        from talenttui.api.endpoints.api_keys import revoke_api_key

        await send_now(
            self.session,
            revoke_api_key(key.id),
            done=self._keys_changed,
            failed=self._say_refusal(f"Not revoked: {key.name}"),
        )

    def _keys_changed(self, _: object) -> None:
        self.load_keys(refresh=True)

    def _webhooks_changed(self, _: object) -> None:
        self.load_webhooks(refresh=True)

    def _delivery_resent(self, _: object) -> None:
        self._notice.say("Queued again: the server sends it now.")
        if self._hook_id is not None:
            self.load_deliveries(self._hook_id, refresh=True)

    def _queued(self) -> None:
        self._notice.say("Offline: sent when the server is back.")

    # -- webhooks ------------------------------------------------------------------------

    @work(group="developer-hooks", exclusive=True, exit_on_error=False)
    async def load_webhooks(self, *, refresh: bool = False) -> None:
        from talenttui.api.endpoints.webhooks import list_webhooks

        failed = self._say_refusal("Cannot load webhooks")
        await load_into(
            self.session, list_webhooks(), refresh=refresh, show=self._show_webhooks, failed=failed
        )

    def _show_webhooks(self, fresh: Fresh[WebhookList]) -> None:
        self.webhooks = list(fresh.data.webhooks)
        options = [Option(webhook_label(h), id=h.id) for h in self.webhooks]
        self._fill("#webhooks", options, "No webhooks yet.")
        self._open_webhook(self._selected("#webhooks"), refresh=True)

    @on(OptionList.OptionHighlighted, "#webhooks")
    def _webhook_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id != self._hook_id:
            self._open_webhook(event.option.id)

    def _open_webhook(self, hook_id: str | None, *, refresh: bool = False) -> None:
        self._hook_id = hook_id
        if hook_id is None:
            self.deliveries = []
            self._fill("#deliveries", [], "No webhook selected.")
        else:
            self.load_deliveries(hook_id, refresh=refresh)

    @work(group="developer-deliveries", exclusive=True, exit_on_error=False)
    async def load_deliveries(self, hook_id: str, *, refresh: bool = False) -> None:
        from talenttui.api.endpoints.webhooks import list_deliveries

        await load_into(
            self.session,
            list_deliveries(hook_id, limit=20),
            refresh=refresh,
            show=self._show_deliveries,
            failed=self._say_refusal("Cannot load deliveries"),
        )

    def _show_deliveries(self, fresh: Fresh[DeliveryList]) -> None:
        self.deliveries = list(fresh.data.deliveries)
        options = [Option(delivery_label(d), id=d.id) for d in self.deliveries]
        self._fill("#deliveries", options, "Nothing delivered yet.")

    def action_new_webhook(self) -> None:
        from talenttui.tui.dialogs.new_webhook import NewWebhookScreen

        self.app.push_screen(NewWebhookScreen(self.session), self._webhook_created)

    def _webhook_created(self, hook: CreatedWebhook | None) -> None:
        from talenttui.tui.dialogs.secret_shown import SecretScreen

        if hook is None:
            return
        facts = f"{hook.url}: {', '.join(hook.events)}"
        kept = "The server keeps it sealed, to sign with."
        self.app.push_screen(SecretScreen("Webhook signing secret", hook.secret, facts, kept=kept))
        self.load_webhooks(refresh=True)

    def action_delete_webhook(self) -> None:
        from talenttui.tui.dialogs.confirm import ConfirmScreen

        hook = next((h for h in self.webhooks if h.id == self._selected("#webhooks")), None)
        if hook is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.delete_webhook(hook)

        question = f"Delete the webhook to {hook.url}? Its pending deliveries are dropped."
        self.app.push_screen(ConfirmScreen(question, "Delete"), confirmed)

    @work(group="developer-write", exit_on_error=False)
    async def delete_webhook(self, hook: Webhook) -> None:
        from talenttui.api.endpoints.webhooks import delete_webhook

        await act(
            self.session,
            delete_webhook(hook.id),
            label=f"delete webhook {hook.url}",
            done=self._webhooks_changed,
            failed=self._say_refusal("Not deleted"),
            waiting=self._queued,
        )

    def action_resend(self) -> None:
        chosen = self._selected("#deliveries")
        delivery = next((d for d in self.deliveries if d.id == chosen), None)
        if delivery is None or self._hook_id is None:
            return
        if delivery.status != "failed":
            self._notice.say(f"Only a failed delivery is resent; this one is {delivery.status}.")
            return
        self.resend(self._hook_id, delivery)

    @work(group="developer-write", exit_on_error=False)
    async def resend(self, hook_id: str, delivery: Delivery) -> None:
        from talenttui.api.endpoints.webhooks import resend_delivery

        await act(
            self.session,
            resend_delivery(hook_id, delivery.id),
            label=f"resend {delivery.event}",
            done=self._delivery_resent,
            failed=self._say_refusal("Not resent"),
            waiting=self._queued,
        )

    # -- moving --------------------------------------------------------------------------

    def _focused_list(self) -> OptionList:
        focused: Widget | None = self.screen.focused
        if isinstance(focused, OptionList) and focused in self.query(OptionList):
            return focused
        return self.query_one("#keys", OptionList)

    def action_move(self, step: int) -> None:
        step_cursor(self._focused_list(), step)
