"""Headers that make browsers stricter with what VoluMap serves."""

from __future__ import annotations

from functools import cache
from typing import Any

from litestar import Response

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


# On every answer: successful ones get them in an after_request hook, problem answers when built.
COMMON_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin"}


async def add_security_headers(response: Response[Any]) -> Response[Any]:
    for name, value in COMMON_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


async def add_pwa_security_headers(response: Response[Any]) -> Response[Any]:
    policy = pwa_content_security_policy(tuple(get_settings().map_tile_origins))
    response.headers.setdefault("Content-Security-Policy", policy)
    response.headers.setdefault("X-Frame-Options", "DENY")
    return await add_security_headers(response)
