"""Refuse webhook URLs that point inside the network (server-side request forgery).

Checked at registration and again before every delivery, since a name can be made
to resolve elsewhere later. IPv6 addresses that lead to an IPv4 one (mapped, 6to4,
Teredo, NAT64, IPv4-compatible) are judged by that IPv4 address as well. A delivery connects to the very addresses checked here
(`WebhookTarget.pinned`), so a name cannot pass the check and then resolve to an
internal address for the connection (DNS rebinding). `--dev` allows loopback for
local testing.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from talenttui.server.errors import validation_error

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class PinnedRequest:
    """Where to connect, and the Host header and TLS name of the URL as registered."""

    url: httpx.URL
    host_header: str
    sni_hostname: str


@dataclass(frozen=True)
class WebhookTarget:
    url: str
    addresses: tuple[IpAddress, ...]

    def pinned(self) -> list[PinnedRequest]:
        """One request per checked address, in resolver order (the caller tries each in turn)."""
        original = httpx.URL(self.url)
        return [
            PinnedRequest(
                url=original.copy_with(host=str(address)),
                host_header=original.netloc.decode("ascii"),
                sni_hostname=original.host,
            )
            for address in self.addresses
        ]


NAT64_PREFIXES = (
    ipaddress.IPv6Network("64:ff9b::/96"),  # the well-known prefix (RFC 6052)
    ipaddress.IPv6Network("64:ff9b:1::/48"),  # local-use translators (RFC 8215)
)
IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # the deprecated ::a.b.c.d


def embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address leads to: mapped, 6to4, Teredo, NAT64, IPv4-compatible."""
    found = [address.ipv4_mapped, address.sixtofour, *(address.teredo or ())]
    compatible = address in IPV4_COMPATIBLE and int(address) >= 2**24  # not :: or ::1
    if compatible or any(address in prefix for prefix in NAT64_PREFIXES):
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return [a for a in found if a is not None]


def _forbidden(address: IpAddress, dev: bool) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        if address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        elif any(_forbidden(v4, dev) for v4 in inner):
            return True
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


async def _resolve(host: str, port: int) -> list[IpAddress]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        raise validation_error("url", "unresolvable_host", provided=host[:200]) from None
    found: list[IpAddress] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).partition("%")[0])
        if address not in found:
            found.append(address)
    return found


async def resolve_webhook_url(url: str, *, dev: bool) -> WebhookTarget:
    """The URL's addresses if every one of them is allowed; 422 on `url` otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise validation_error(
            "url", "invalid_url", provided=url[:200], expected="http(s)://host/path"
        )
    if parts.username or parts.password:
        raise validation_error("url", "credentials_in_url", expected="no user:password@ in the URL")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise validation_error("url", "invalid_port", provided=url[:200]) from None
    addresses = await _resolve(parts.hostname, port)
    if not addresses or any(_forbidden(a, dev) for a in addresses):
        raise validation_error(
            "url",
            "forbidden_address",
            "Webhook URLs may not point to loopback, private, link-local or reserved addresses",
            provided=parts.hostname[:200],
        )
    return WebhookTarget(url=url, addresses=tuple(addresses))


async def check_webhook_url(url: str, *, dev: bool) -> None:
    await resolve_webhook_url(url, dev=dev)
