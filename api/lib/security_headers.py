"""Headers that make browsers stricter with what VoluMap serves."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from litestar import Response
from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

from api.settings import get_settings


@cache
def pwa_content_security_policy(tile_origins: tuple[str, ...]) -> str:
    """The PWA loads nothing from other origins but the map's tiles (settings.map_tile_url)."""
    images = " ".join(("'self'", "data:", *tile_origins))
    return (
        f"default-src 'self'; script-src 'self'; style-src 'self'; img-src {images}; connect-src 'self'; "
        "manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    )


# The app asks for the position (search near me, the volunteer profile's area); notifications and push are
# not governed by Permissions-Policy. Everything else a page could ask for is off, for frames too.
PERMISSIONS_POLICY = "geolocation=(self), camera=(), microphone=(), payment=(), usb=()"

# On every answer: successful ones get them in an after_request hook, problem answers when built.
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
}

# JSON, GeoJSON, iCalendar and downloads: nothing in an API answer is ever to run, load or be framed.
API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'"
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"
NO_STORE = "no-store"
# Answers about someone (their account, applications, sessions, devices, tokens, exports) and the desks of
# organisations and moderators: no cache, the browser's included, keeps them.
_PERSONAL_PATH = re.compile(
    r"/api/v1/(?:me|session|manage|moderation|admin|applications|invitations|calendar|push/subscriptions"
    r"|push/test)(?:/|$)"
    r"|/api/v1/organisations/[^/]+/(?:manage|members|invitations|api-tokens)(?:/|$)"
    r"|/api/v1/offers/[^/]+/applications(?:/|$)"
)


async def add_security_headers(response: Response[Any]) -> Response[Any]:
    for name, value in COMMON_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


async def add_pwa_security_headers(response: Response[Any]) -> Response[Any]:
    policy = pwa_content_security_policy(tuple(get_settings().map_tile_origins))
    response.headers.setdefault("Content-Security-Policy", policy)
    response.headers.setdefault("X-Frame-Options", "DENY")
    return await add_security_headers(response)


async def add_request_security_headers(message: Message, scope: Scope) -> None:
    """A before_send hook, so on every answer, problem answers included: the headers that depend on the
    request's path or on the settings. A handler's own Cache-Control stays when it already keeps personal
    answers out of shared caches (`private`) or out of every cache (`no-store`)."""
    if message["type"] != "http.response.start":
        return
    https = get_settings().uses_https
    path: str = scope["path"]
    api = path.startswith("/api/")
    if not (https or api):
        return
    message.setdefault("headers", [])
    headers = MutableScopeHeaders.from_message(message)
    present = {name.lower() for name, _ in headers.headers}
    if https and b"strict-transport-security" not in present:
        headers.add("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    if not api:
        return
    if b"content-security-policy" not in present:
        headers.add("Content-Security-Policy", API_CONTENT_SECURITY_POLICY)
    if _PERSONAL_PATH.match(path):
        cache_control = headers.get("cache-control", "").lower()
        if "no-store" not in cache_control and "private" not in cache_control:
            headers["Cache-Control"] = NO_STORE
