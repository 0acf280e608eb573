"""One error format for the whole API: RFC 9457 problem details (application/problem+json), with a
stable `type` per kind of problem (api.lib.problem_types) and the texts in the request's language."""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Annotated, Any, Literal

import asyncpg
import msgspec
import redis.exceptions
from litestar import Request, Response
from litestar.enums import ScopeType
from litestar.exceptions import HTTPException, NotFoundException, ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.types import ASGIApp, ExceptionHandlersMap, Receive, Scope, Send
from litestar.types import Message as ASGIMessage
from sqlalchemy.exc import DBAPIError

from api.lib import problem_types
from api.lib.errors import DomainError, InvalidInputError
from api.lib.i18n import DEFAULT, negotiate_locale
from api.lib.messages import IS_INVALID, Message, msg, render
from api.lib.problem_types import INVALID_PARAMETERS, NOT_FOUND, SERVER_ERROR, TOO_MANY_REQUESTS, ProblemType
from api.lib.rate_limits import TooManyRequestsError
from api.lib.request_input import malformed_path_parameters
from api.lib.security_headers import COMMON_HEADERS

PROBLEM_JSON = "application/problem+json"
logger = logging.getLogger("volumap.errors")

# Litestar reports a missing parameter in its detail only, with no `extra` to name it.
_MISSING_PARAMETER = re.compile(r"Missing required (?P<source>\w+) parameter '(?P<name>[^']+)'")


def problem_response(
    status: int,
    detail: str | Message,
    *,
    locale: str = DEFAULT,
    title: str | Message | None = None,
    problem_type: ProblemType | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response[bytes]:
    """The problem answer in `locale`. A plain-string `detail` or `title` without a German version
    gives way to the type's own text in German."""
    kind = problem_type or problem_types.for_status(status)
    return _answer(
        status, kind, render(title or kind.title, locale, fallback=kind.title),
        render(detail, locale, fallback=kind.detail), locale, headers, extra,
    )


def _answer(
    status: int, kind: ProblemType, title: str, detail: str, locale: str, headers: dict[str, str] | None,
    extra: dict[str, Any],
) -> Response[bytes]:
    body: dict[str, Any] = {"type": kind.uri, "title": title, "status": status, "detail": detail}
    body.update({k.replace("_", "-"): v for k, v in extra.items() if v is not None})
    return Response(
        content=msgspec.json.encode(body),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers={**COMMON_HEADERS, "Content-Language": locale, "Vary": "Accept-Language", **(headers or {})},
    )


def _validation_params(exc: ValidationException, locale: str) -> list[dict[str, str]]:
    """Litestar's validation details as RFC 9457 `invalid-params` entries."""
    params = []
    for entry in exc.extra if isinstance(exc.extra, list) else []:
        if isinstance(entry, dict):
            # No body at all: Litestar names the handler's argument, with a KeyError's text as the reason.
            if entry.get("key") == "data" and entry.get("message") == "'data'":
                params.append({"name": "body", "reason": render(msg("is required"), locale), "in": "body"})
                continue
            params.append(
                {
                    "name": str(entry.get("key") or "body"),
                    "reason": render(str(entry["message"]) if entry.get("message") else IS_INVALID, locale),
                    "in": str(getattr(entry.get("source"), "value", entry.get("source")) or "body"),
                }
            )
    missing = _MISSING_PARAMETER.match(exc.detail or "")
    if not params and missing:
        params.append({"name": missing["name"], "reason": render(msg("is required"), locale), "in": missing["source"]})
    return params


def _on_validation(request: Request[Any, Any, Any], exc: ValidationException) -> Response[bytes]:
    locale = negotiate_locale(request)
    params = _validation_params(exc, locale)
    names = ", ".join(p["name"] for p in params)
    detail = msg("Invalid value for {names}", names=names) if names else INVALID_PARAMETERS.detail
    return problem_response(400, detail, locale=locale, problem_type=INVALID_PARAMETERS, invalid_params=params)


def _on_http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[bytes]:
    # Litestar's router found the route but could not parse a typed path parameter (`{id:uuid}`).
    if isinstance(exc, NotFoundException) and isinstance(exc.__cause__, ValueError) and (
        malformed := malformed_path_parameters(request.app.routes, request.method, request.scope["path"])
    ):
        return _on_domain(request, InvalidInputError(*malformed))
    status = exc.status_code
    kind = problem_types.for_status(status)
    detail = exc.detail if exc.detail and exc.detail != HTTPStatus(status).phrase else kind.detail
    return problem_response(status, detail, locale=negotiate_locale(request), headers=exc.headers)


def _on_domain(request: Request[Any, Any, Any], exc: DomainError) -> Response[bytes]:
    locale = negotiate_locale(request)
    params = None
    if isinstance(exc, InvalidInputError):
        params = [{"name": p.name, "reason": render(p.reason, locale), "in": p.location} for p in exc.params]
    kind = exc.kind
    title = render(exc.title or kind.title, locale, fallback=kind.title)
    return _answer(
        exc.status_code, kind, title, exc.detail_in(locale), locale, exc.headers, {"invalid_params": params}
    )


def _on_too_many(request: Request[Any, Any, Any], exc: TooManyRequestsError) -> Response[bytes]:
    return problem_response(
        429, exc.detail, locale=negotiate_locale(request), problem_type=TOO_MANY_REQUESTS,
        headers={"Retry-After": str(exc.retry_after_s)},
    )


def _on_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(500, SERVER_ERROR.detail, locale=negotiate_locale(request))


# Redis or PostgreSQL away: stopped, restarting, or silent past the clients' timeouts (VOLUMAP_REDIS_*_TIMEOUT_S,
# VOLUMAP_DATABASE_CONNECT_TIMEOUT_S). The same request may work in a moment; docs/operations.md.
_UNAVAILABLE: tuple[type[Exception], ...] = (
    redis.exceptions.ConnectionError,  # refused, reset, still loading its data (BusyLoadingError)
    redis.exceptions.TimeoutError,
    asyncpg.exceptions.CannotConnectNowError,  # starting up or shutting down
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CrashShutdownError,
    asyncpg.exceptions.ConnectionDoesNotExistError,  # the server closed it (a restart)
    ConnectionError,  # refused or reset while connecting
    TimeoutError,  # no answer to a new connection
)
UNAVAILABLE_RETRY_AFTER_S = 5


def _on_unavailable(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    # One line each (no statement, no traceback): an outage logs this on every request it refuses.
    logger.warning("%s %s: a backing service is unavailable: %s: %s", request.method, request.url.path,
                   type(exc).__name__, str(exc).partition("\n")[0])
    return problem_response(
        503, problem_types.SERVICE_UNAVAILABLE.detail, locale=negotiate_locale(request),
        problem_type=problem_types.SERVICE_UNAVAILABLE, headers={"Retry-After": str(UNAVAILABLE_RETRY_AFTER_S)},
    )


def unavailable_as_answer_starts(app: ASGIApp) -> ASGIApp:
    """The session is written to Redis as the response starts (api/lib/auth.py, VolumapSessionBackend), after
    the handler has answered: there Litestar counts the response as started and its exception handlers let the
    error through, which the server then answers with a bare 500. If nothing has reached the client yet, an
    outage at that moment gets the same 503 as anywhere else; once it has, the error stands (the connection
    is cut, as it must be mid-answer). Outermost middleware (api/core.py)."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        started = False

        async def tracked(message: ASGIMessage) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await app(scope, receive, tracked)
        except Exception as exc:
            # The route's exception handling wraps it ("Exception caught after response started"): it counts
            # a response as started once the handler has sent it, before the middlewares pass it on.
            cause = exc if isinstance(exc, _UNAVAILABLE) else exc.__cause__
            if started or not isinstance(cause, _UNAVAILABLE):
                raise
            request = Request[Any, Any, Any](scope, receive)
            await _on_unavailable(request, cause).to_asgi_response(None, request)(scope, receive, send)

    return middleware


def _on_database(request: Request[Any, Any, Any], exc: DBAPIError) -> Response[bytes]:
    """SQLAlchemy wraps the driver's error (its `__cause__` is asyncpg's); a lost connection is 503, whatever
    else went wrong (a constraint, a bug in a statement) stays 500."""
    if exc.connection_invalidated or isinstance(exc.orig, _UNAVAILABLE) or isinstance(
        getattr(exc.orig, "__cause__", None), _UNAVAILABLE
    ):
        return _on_unavailable(request, exc)
    return _on_unexpected(request, exc)


exception_handlers: ExceptionHandlersMap = {
    ValidationException: _on_validation,
    HTTPException: _on_http,
    DomainError: _on_domain,
    TooManyRequestsError: _on_too_many,
    DBAPIError: _on_database,
    **dict.fromkeys(_UNAVAILABLE, _on_unavailable),
    Exception: _on_unexpected,
}


def _type_table() -> str:
    rows = "\n".join(
        f"| `{kind.uri}` | {kind.status} | {render(kind.title, 'en')} | {render(kind.detail, 'en')} |"
        for kind in problem_types.ALL
    )
    return (
        "Identifies the kind of problem; stable, so clients can rely on it (nothing is served at it). "
        "A status without a kind of its own is `bad-request` (4xx) or `server-error` (5xx).\n\n"
        "| type | status | title (en) | meaning |\n| --- | --- | --- | --- |\n" + rows
    )


class InvalidParameter(msgspec.Struct):
    """One entry of `invalid-params`: which value is at fault and why."""

    name: Annotated[str, msgspec.Meta(description="The parameter: a query, path or header name, or a body "
                                      "field's JSON path such as `location.lat` or `weekly_pattern[0].day`.")]
    reason: str
    in_: Annotated[Literal["query", "path", "header", "cookie", "body"], msgspec.Meta(
        description="Where the parameter is.")] = msgspec.field(name="in")


class ProblemDetails(msgspec.Struct):
    """RFC 9457 problem details, the body of every 4xx and 5xx answer. `title`, `detail` and each
    `reason` are in the request's language (`?lang=` or Accept-Language; German by default)."""

    type: Annotated[str, msgspec.Meta(description=_type_table(), examples=[kind.uri for kind in problem_types.ALL])]
    title: str
    status: Annotated[int, msgspec.Meta(ge=400, le=599)]
    detail: str
    invalid_params: Annotated[list[InvalidParameter], msgspec.Meta(
        description="With `invalid-parameters`: each value at fault (RFC 9457 section 3)."
    )] | None = msgspec.field(default=None, name="invalid-params")


def problem_spec(description: str, example: dict[str, Any]) -> ResponseSpec:
    return ResponseSpec(
        data_container=ProblemDetails,
        description=description,
        media_type=PROBLEM_JSON,
        examples=[Example(value=example)],
        generate_examples=False,
    )


def problem_example(kind: ProblemType, detail: Message, **extra: Any) -> dict[str, Any]:
    """An example answer for the OpenAPI document, in the default language (German)."""
    return {"type": kind.uri, "title": render(kind.title, DEFAULT), "status": kind.status,
            "detail": render(detail, DEFAULT), **extra}


_LAT_RANGE = msg("must be between {min} and {max}", min=-90, max=90)

PROBLEM_RESPONSES: dict[int, ResponseSpec] = {
    400: problem_spec(
        "A parameter is invalid; `invalid-params` names each one.",
        problem_example(
            INVALID_PARAMETERS, msg("{name}: {reason}", name="lat", reason=_LAT_RANGE),
            **{"invalid-params": [{"name": "lat", "reason": render(_LAT_RANGE, DEFAULT), "in": "query"}]},
        ),
    ),
    404: problem_spec(
        "Nothing published under this id.",
        problem_example(NOT_FOUND, msg("No published offer with id {id}", id="…")),
    ),
}
