from __future__ import annotations

from litestar.enums import ScopeType
from litestar.exceptions import HTTPException
from litestar.types import ASGIApp, Receive, Scope, Send

from api.settings import get_settings


def query_string_limit(app: ASGIApp) -> ASGIApp:
    """Refuse query strings longer than the configured limit before any parsing happens."""
    limit = get_settings().max_query_string_bytes

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == ScopeType.HTTP and len(scope.get("query_string", b"")) > limit:
            raise HTTPException(status_code=414, detail=f"The query string is longer than {limit} bytes")
        await app(scope, receive, send)

    return middleware
