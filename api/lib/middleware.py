from __future__ import annotations

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

from api.lib.errors import DomainError
from api.lib.messages import msg
from api.settings import get_settings


class QueryStringTooLongError(DomainError):
    """A domain error rather than Litestar's HTTPException, whose detail is a plain string: this way the
    text, with the limit in it, is answered in the request's language."""

    status_code = 414


def query_string_limit(app: ASGIApp) -> ASGIApp:
    """Refuse query strings longer than the configured limit before any parsing happens."""
    limit = get_settings().max_query_string_bytes

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == ScopeType.HTTP and len(scope.get("query_string", b"")) > limit:
            raise QueryStringTooLongError(msg("The query string is longer than {limit} bytes", limit=limit))
        await app(scope, receive, send)

    return middleware
