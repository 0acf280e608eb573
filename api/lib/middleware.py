from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

from api.lib.errors import DomainError, InvalidInputError
from api.lib.messages import msg
from api.lib.request_input import MAX_FINDINGS, body_problems, is_json, path_problems, query_problems
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


def refuse_unreadable_input(app: ASGIApp) -> ASGIApp:
    """One guard for every route (api.lib.request_input): NUL, bytes that are not UTF-8 and JSON nested too
    deep are a 400 naming the field, before sessions, handlers or the database see them."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == ScopeType.HTTP:
            problems = [*path_problems(scope.get("path_params", {})), *query_problems(scope.get("query_string", b""))]
            if _takes_body(scope):
                request = Request[Any, Any, Any](scope, receive)
                # A body that is not JSON is a 415 when the handler reads it (JSONBodyRequest), after sign-in
                # checks. Request keeps the body in the connection's state, so the handler reads it from there.
                if is_json(request.content_type[0]):
                    problems += body_problems(await request.body())
            if problems:
                raise InvalidInputError(*problems[:MAX_FINDINGS])
        await app(scope, receive, send)

    return middleware


def _takes_body(scope: Scope) -> bool:
    """Whether the route decodes a body (its handler has `data`); others never read one."""
    signature = getattr(scope.get("route_handler"), "parsed_fn_signature", None)
    return signature is not None and "data" in signature.parameters
