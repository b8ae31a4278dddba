"""How every pane and dialog reads and writes: the app's one error policy in one place.

- Reads (``load_into``): from the cache at once (refreshed behind), or from the network
  on a refresh.
- Writes (``store``, ``act``): into the outbox first (on disk when it returns), then sent
  by the app's one sender, in the order they were made.
- The few writes the outbox cannot hold (``send_now``): a photo (the file is not copied
  into it), the creation of an API key or a webhook, whose answer carries a secret shown
  once (a write replayed later would create one nobody ever sees), and revoking a key
  (the outbox holds no ``/v1/auth/`` request; a revocation happens now or says it did not).

A token the server refuses ends the session (back to login, with the server's reason);
any other refusal goes to the caller's ``failed``. A bug (any other exception) is shown
as a failure in place of "Loading…" and handed on to the app's failure policy (notice
and log), also when it happens in a background refresh.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from talenttui.tui.watch import Watch

if TYPE_CHECKING:
    from talenttui.api.call import Call
    from talenttui.api.client import Fresh
    from talenttui.api.errors import ApiError
    from talenttui.api.outbox import OutboxEntry
    from talenttui.tui.session import Session

T = TypeVar("T")
Shown = Awaitable[None] | None


def app_failure() -> ApiError:
    """What a pane shows in place of its content when the app itself failed."""
    from talenttui.api.errors import ApiError

    return ApiError(0, "APP_ERROR", "something went wrong in the app (see the notice)")


async def load_into(
    session: Session,
    call: Call[T],
    *,
    refresh: bool,
    show: Callable[[Fresh[T]], Shown],
    failed: Callable[[ApiError], None],
) -> None:
    """Run in a worker: a background refresh is shown only while the worker's node is."""
    from textual.worker import get_current_worker

    from talenttui.api.errors import ApiError, AuthError

    owner = get_current_worker().node

    async def shown(fresh: Fresh[T]) -> None:
        outcome = show(fresh)
        if inspect.isawaitable(outcome):
            await outcome

    async def refreshed(fresh: Fresh[T]) -> None:
        """The background refresh: not in any worker, so its failures are reported here;
        it may arrive after the pane or dialog has gone (a dialog closed, a logout)."""
        if not owner.is_attached:
            return
        try:
            await shown(fresh)
        except Exception as exc:
            failed(app_failure())
            session.report_failure(exc, f"showing {call.method} {call.path}")

    async def refresh_failed(exc: ApiError) -> None:
        if not owner.is_attached:
            return
        if isinstance(exc, AuthError):
            await session.session_refused(exc)
        else:
            failed(exc)

    try:
        client = await session.client()
        fresh = (
            await client.refetch(call)
            if refresh
            else await client.cached(call, on_refresh=refreshed, on_error=refresh_failed)
        )
        await shown(fresh)
    except AuthError as exc:
        await session.session_refused(exc)
    except ApiError as exc:
        failed(exc)
    except Exception:
        failed(app_failure())
        raise


async def store(
    session: Session, call: Call[Any], *, label: str, watch: Watch | None = None
) -> OutboxEntry | None:
    """The write in the outbox (durable when this returns), then on its way; None when it
    could not be stored, which has been reported."""
    try:
        return await session.sender.submit(call, label, watch)
    except Exception as exc:
        session.report_failure(exc, f"storing {label}")
        return None


async def act(
    session: Session,
    call: Call[T],
    *,
    label: str,
    done: Callable[[T], Shown],
    failed: Callable[[ApiError], None],
    waiting: Callable[[], None],
) -> None:
    """A write a person waits on (a dialog): stored, then ``done`` with the server's
    answer, ``failed`` with its refusal, or ``waiting`` when it stays in the outbox."""
    from talenttui.api.call import parse_payload
    from talenttui.api.errors import ApiError

    outcome: asyncio.Future[tuple[str, Any]] = asyncio.get_running_loop().create_future()

    def settle(kind: str) -> Callable[[OutboxEntry, Any], None]:
        def settled(_entry: OutboxEntry, value: Any) -> None:
            if not outcome.done():
                outcome.set_result((kind, value))

        return settled

    watch = Watch(delivered=settle("done"), refused=settle("failed"), waiting=settle("wait"))
    if await store(session, call, label=label, watch=watch) is None:
        failed(app_failure())
        return
    kind, value = await outcome
    if kind == "failed":
        failed(value)
    elif kind == "wait":
        waiting()
    else:
        try:
            result = parse_payload(call, value)
        except ApiError as exc:  # an answer we cannot read (the write did land)
            failed(exc)
            return
        shown = done(result)
        if inspect.isawaitable(shown):
            await shown


async def send_now(
    session: Session,
    call: Call[T],
    *,
    done: Callable[[T], Shown],
    failed: Callable[[ApiError], None],
) -> None:
    """A write sent at once, not stored first; offline it fails (``failed``) and the
    person tries again."""
    from talenttui.api.errors import ApiError, AuthError

    try:
        client = await session.client()
        result = await client.send(call)
    except AuthError as exc:
        await session.session_refused(exc)
        return
    except ApiError as exc:
        failed(exc)
        return
    shown = done(result)
    if inspect.isawaitable(shown):
        await shown
