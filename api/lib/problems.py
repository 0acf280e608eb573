"""One error format for the whole API: RFC 9457 problem details (application/problem+json)."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.types import ExceptionHandlersMap

from api.lib.errors import DomainError, InvalidInputError
from api.lib.rate_limits import TooManyRequestsError
from api.lib.security_headers import COMMON_HEADERS

PROBLEM_JSON = "application/problem+json"
logger = logging.getLogger("volumap.errors")


def problem_response(
    status: int, detail: str, *, title: str | None = None, headers: dict[str, str] | None = None, **extra: Any
) -> Response[bytes]:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    body.update({k.replace("_", "-"): v for k, v in extra.items() if v is not None})
    return Response(
        content=msgspec.json.encode(body),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers={**COMMON_HEADERS, **(headers or {})},
    )


def _validation_params(extra: Any) -> list[dict[str, str]]:
    """Litestar's validation details as RFC 9457 `invalid-params` entries."""
    params = []
    for entry in extra if isinstance(extra, list) else []:
        if isinstance(entry, dict):
            params.append(
                {
                    "name": str(entry.get("key") or "body"),
                    "reason": str(entry.get("message", "is invalid")),
                    "in": str(getattr(entry.get("source"), "value", entry.get("source")) or "body"),
                }
            )
    return params


def _on_validation(_: Request[Any, Any, Any], exc: ValidationException) -> Response[bytes]:
    params = _validation_params(exc.extra)
    names = ", ".join(p["name"] for p in params) or "the request"
    return problem_response(400, f"Invalid value for {names}", title="Invalid parameters", invalid_params=params)


def _on_http(_: Request[Any, Any, Any], exc: HTTPException) -> Response[bytes]:
    status = exc.status_code
    detail = exc.detail if exc.detail and exc.detail != HTTPStatus(status).phrase else HTTPStatus(status).description
    return problem_response(status, detail, headers=exc.headers)


def _on_domain(_: Request[Any, Any, Any], exc: DomainError) -> Response[bytes]:
    params = None
    if isinstance(exc, InvalidInputError):
        params = [{"name": p.name, "reason": p.reason, "in": p.location} for p in exc.params]
    return problem_response(exc.status_code, exc.detail, title=exc.title, invalid_params=params)


def _on_too_many(_: Request[Any, Any, Any], exc: TooManyRequestsError) -> Response[bytes]:
    return problem_response(
        429, str(exc), title="Too many requests", headers={"Retry-After": str(exc.retry_after_s)}
    )


def _on_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(500, "An unexpected error occurred. It has been logged.")


exception_handlers: ExceptionHandlersMap = {
    ValidationException: _on_validation,
    HTTPException: _on_http,
    DomainError: _on_domain,
    TooManyRequestsError: _on_too_many,
    Exception: _on_unexpected,
}




class ProblemDetails(msgspec.Struct):
    """RFC 9457 problem details, the body of every 4xx and 5xx answer."""

    type: str
    title: str
    status: int
    detail: str
    invalid_params: list[dict[str, str]] | None = msgspec.field(default=None, name="invalid-params")


def _problem_spec(description: str, example: dict[str, Any]) -> ResponseSpec:
    return ResponseSpec(
        data_container=ProblemDetails,
        description=description,
        media_type=PROBLEM_JSON,
        examples=[Example(value=example)],
        generate_examples=False,
    )


PROBLEM_RESPONSES: dict[int, ResponseSpec] = {
    400: _problem_spec(
        "A parameter is invalid; `invalid-params` names each one.",
        {
            "type": "about:blank",
            "title": "Invalid parameters",
            "status": 400,
            "detail": "lat: must be between -90 and 90",
            "invalid-params": [{"name": "lat", "reason": "must be between -90 and 90", "in": "query"}],
        },
    ),
    404: _problem_spec(
        "Nothing published under this id.",
        {"type": "about:blank", "title": "Not found", "status": 404, "detail": "No published offer with id …"},
    ),
}
