"""Validator-based caching for read responses that change rarely (categories, offer details)."""

from __future__ import annotations

import hashlib
from typing import Any

import msgspec
from litestar import Request, Response

# Route option for public reads: no CSRF cookie is set on them, since a Set-Cookie would make their
# `Cache-Control: public` unsafe for shared caches (the PWA gets its CSRF cookie from GET /api/v1/session).
# They answer the same to everyone, so they skip the session and authentication middlewares too (a Redis
# read and a user lookup per request for a signed-in caller, ~20 µs for anyone).
# Not reading the session also means not needing Redis: they answer while it is away (docs/operations.md).
PUBLIC_READ = {"exclude_from_csrf": True, "skip_session": True, "exclude_from_auth": True}
# Route option for the app's own files (its page, the service worker, the assets): the same for everyone, so
# they neither read the session nor look up who is signed in, and the app loads while Redis is away.
APP_FILES = {"skip_session": True, "exclude_from_auth": True}


def cacheable_json(
    request: Request[Any, Any, Any], payload: Any, *, max_age: int, vary: str | None = None
) -> Response[bytes]:
    """The payload as JSON with a strong ETag; 304 when the client already holds this version."""
    body = msgspec.json.encode(payload)
    etag = '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={max_age}"}
    if vary:
        headers["Vary"] = vary
    if_none_match = request.headers.get("if-none-match", "")
    if etag in {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")} or if_none_match.strip() == "*":
        return Response(b"", status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)
