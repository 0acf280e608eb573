"""The client's address, for the per-address rate limits: the connection's peer, or, when the peer is a
reverse proxy listed in settings.trusted_proxies, what the proxies recorded in `X-Forwarded-For`.

Each proxy appends the address it was reached from, so the header reads "client, proxy1, proxy2" with the
peer (the last proxy) not in it. Anything left of an untrusted hop may have been written by the client
itself; the client is therefore the right-most address that is not a trusted proxy (docs/security.md).
"""

from __future__ import annotations

import ipaddress
from typing import Any

from litestar.connection import ASGIConnection

from api.settings import get_settings

UNKNOWN = "unknown"


def client_address(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    peer = connection.client.host if connection.client else UNKNOWN
    if not get_settings().trusted_proxies or not _trusted(peer):
        return peer
    hops = [hop.strip() for value in connection.headers.getall("x-forwarded-for", []) for hop in value.split(",")]
    hops = [hop for hop in hops if hop]
    for hop in reversed(hops):
        if not _trusted(hop):
            return hop
    # Only proxies in the chain (a proxy asking for itself, a health check): the one farthest away.
    return hops[0] if hops else peer


def _trusted(address: str) -> bool:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in get_settings().trusted_proxy_networks)
