"""How every pane reads: from the cache at once (refreshed behind), or from the network on
a refresh; an expired session goes back to login, any other error to the pane's notice."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from talenttui.api.call import Call
    from talenttui.api.client import Fresh
    from talenttui.api.errors import ApiError
    from talenttui.tui.app import TalentApp

T = TypeVar("T")


async def load_into(
    app: TalentApp,
    call: Call[T],
    *,
    refresh: bool,
    show: Callable[[Fresh[T]], Awaitable[None] | None],
    failed: Callable[[ApiError], None],
) -> None:
    from talenttui.api.errors import ApiError, AuthError

    try:
        client = await app.client()
        fresh = (
            await client.refetch(call)
            if refresh
            else await client.cached(call, on_refresh=show, on_error=failed)
        )
    except AuthError:
        await app.session_over("Your session has expired. Log in again.")
        return
    except ApiError as exc:
        failed(exc)
        return
    shown = show(fresh)
    if inspect.isawaitable(shown):
        await shown
