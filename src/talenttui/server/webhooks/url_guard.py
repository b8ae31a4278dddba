"""Refuse webhook URLs that point inside the network (server-side request forgery).

Checked at registration and again before every delivery, since a name can be made
to resolve elsewhere later. `--dev` allows loopback for local testing.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from talenttui.server.errors import validation_error


def _forbidden(address: ipaddress.IPv4Address | ipaddress.IPv6Address, dev: bool) -> bool:
    if dev and address.is_loopback:
        return False
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


async def check_webhook_url(url: str, *, dev: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise validation_error(
            "url", "invalid_url", provided=url[:200], expected="http(s)://host/path"
        )
    if parts.username or parts.password:
        raise validation_error("url", "credentials_in_url", expected="no user:password@ in the URL")
    host = parts.hostname
    try:
        literal = ipaddress.ip_address(host)
        addresses = [literal]
    except ValueError:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host,
                parts.port or (443 if parts.scheme == "https" else 80),
                type=socket.SOCK_STREAM,
            )
        except OSError:
            raise validation_error("url", "unresolvable_host", provided=host) from None
        addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not addresses or any(_forbidden(a, dev) for a in addresses):
        raise validation_error(
            "url",
            "forbidden_address",
            "Webhook URLs may not point to loopback, private, link-local or reserved addresses",
            provided=host,
        )
