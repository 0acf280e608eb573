"""Headers that make browsers stricter with what VoluMap serves."""

from __future__ import annotations

from typing import Any

from litestar import Response

# The PWA loads nothing from other origins (map tiles will be added to img-src once the map exists).
PWA_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


# On every answer: successful ones get them in an after_request hook, problem answers when built.
COMMON_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin"}


async def add_security_headers(response: Response[Any]) -> Response[Any]:
    for name, value in COMMON_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


async def add_pwa_security_headers(response: Response[Any]) -> Response[Any]:
    response.headers.setdefault("Content-Security-Policy", PWA_CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Frame-Options", "DENY")
    return await add_security_headers(response)
