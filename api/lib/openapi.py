"""The OpenAPI document's error answers, in one place. Which problems an operation can answer follows from
how it is routed: its guards (sign-in, roles), its method (cookie writes need the CSRF token and VoluMap's
own origin), its path parameters (malformed, not found), its body (malformed, too large, not JSON), its
If-Match header and its rate limits. ProblemResponses adds them to every operation as
`application/problem+json` (api.lib.problems.ProblemDetails) when the app registers its routes; what a
controller declares itself (a 409 with its own description and example) is kept, turned into a problem
answer where it named no content. tests/contract/ holds the app to this document."""

from __future__ import annotations

from dataclasses import replace
from datetime import time
from typing import TYPE_CHECKING, Any

from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Schema
from litestar.openapi.spec.enums import OpenAPIType
from litestar.params import HeaderParameter, ParameterKwarg
from litestar.plugins import OpenAPISchemaPlugin
from litestar.plugins.base import ReceiveRoutePlugin
from litestar.routes import BaseRoute, HTTPRoute

from api.lib import problem_types
from api.lib.auth import requires_actor, requires_admin, requires_moderator, requires_user
from api.lib.messages import Message, msg
from api.lib.problem_types import (
    FOREIGN_ORIGIN,
    INVALID_PARAMETERS,
    NOT_FOUND,
    PRECONDITION_FAILED,
    PRECONDITION_REQUIRED,
    ProblemType,
)
from api.lib.problems import problem_example, problem_spec

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator
    from litestar.typing import FieldDefinition

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_SIGN_IN_GUARDS = frozenset({requires_user, requires_actor, requires_moderator, requires_admin})
_ROLE_GUARDS = frozenset({requires_moderator, requires_admin})

# The operations that count requests against a limit (api.lib.rate_limits.hit in their controller or
# service). A limit is checked in code, not declared on the route, so it is named here.
RATE_LIMITED = frozenset({
    "signIn", "signUp", "resendVerificationEmail", "requestPasswordReset", "exportMyData", "deleteMyAccount",
    "changePassword", "changeEmail", "createReport", "sendFeedback", "createPushSubscription", "sendPushTest",
    "renewPushSubscription",
})


def _spec(kind: ProblemType, description: str, detail: Message) -> ResponseSpec:
    return problem_spec(description, problem_example(kind, detail))


_BAD_REQUEST = _spec(
    INVALID_PARAMETERS,
    "A value of the request is not acceptable (a parameter, a header, a body field, NUL in a text, bytes "
    "that are not UTF-8, JSON nested too deep, a body that is not valid JSON); `invalid-params` names each "
    "one where it can.",
    msg("{name}: {reason}", name="q", reason=msg("must not contain NUL characters")),
)
_UNAUTHORIZED = _spec(
    problem_types.UNAUTHORIZED,
    "Sign-in required, or the API token (`Authorization: Bearer`) is unknown or revoked.",
    msg("Sign in first."),
)
_ROLE_FORBIDDEN = _spec(
    problem_types.FORBIDDEN, "The caller is signed in but not allowed to do this.", msg("You may not do this."),
)
_WRITE_FORBIDDEN = _spec(
    FOREIGN_ORIGIN,
    "Refused: the caller may not do this, a write with the session cookie came without the CSRF token "
    "(`X-CSRFToken`, the `csrftoken` cookie's value), or it came from another site's page "
    "(`Origin`; type `foreign-origin`).",
    FOREIGN_ORIGIN.detail,
)
_NOT_FOUND = _spec(NOT_FOUND, "Nothing (visible to the caller) under this id.", NOT_FOUND.detail)
_TOO_LARGE = _spec(
    problem_types.PAYLOAD_TOO_LARGE, "The request body is larger than the API takes.",
    problem_types.PAYLOAD_TOO_LARGE.detail,
)
_URI_TOO_LONG = _spec(
    problem_types.URI_TOO_LONG, "The query string is longer than the API takes.", problem_types.URI_TOO_LONG.detail,
)
_UNSUPPORTED = _spec(
    problem_types.UNSUPPORTED_MEDIA_TYPE, "The body is not `application/json`.",
    problem_types.UNSUPPORTED_MEDIA_TYPE.detail,
)
_PRECONDITION_FAILED = _spec(
    PRECONDITION_FAILED, "If-Match names an older version: load the record again.", PRECONDITION_FAILED.detail,
)
_PRECONDITION_REQUIRED = _spec(
    PRECONDITION_REQUIRED, "If-Match is missing.", PRECONDITION_REQUIRED.detail,
)
_TOO_MANY = _spec(
    problem_types.TOO_MANY_REQUESTS, "Too many requests from this address or for this account; `Retry-After` "
    "says in how many seconds to try again.", problem_types.TOO_MANY_REQUESTS.detail,
)
_UNAVAILABLE = _spec(
    problem_types.SERVICE_UNAVAILABLE, "A service the API needs is unavailable for a moment; try again later.",
    problem_types.SERVICE_UNAVAILABLE.detail,
)


def problem_responses(route: HTTPRoute, handler: HTTPRouteHandler) -> dict[int, ResponseSpec]:
    """The problems `handler` (on `route`) can answer, from how it is routed."""
    guards = set(handler.resolve_guards())
    parameters = handler.parsed_fn_signature.parameters
    unsafe = not handler.http_methods <= _SAFE_METHODS
    # Any request may have a query string too long or with NUL in it, and carry a token that turns out unknown
    # (unless the route skips authentication: the public reads of api.lib.http_cache).
    found: dict[int, ResponseSpec] = {400: _BAD_REQUEST, 414: _URI_TOO_LONG, 503: _UNAVAILABLE}
    if guards & _SIGN_IN_GUARDS or not handler.opt.get("exclude_from_auth"):
        found[401] = _UNAUTHORIZED
    # A signed-in caller may name a record that is not theirs (another organisation's offer).
    if guards & _ROLE_GUARDS or (guards & _SIGN_IN_GUARDS and route.path_parameters):
        found[403] = _ROLE_FORBIDDEN
    if unsafe and not handler.opt.get("exclude_from_csrf"):
        found[403] = _WRITE_FORBIDDEN
    if route.path_parameters:
        found[404] = _NOT_FOUND
    if "data" in parameters:
        found |= {413: _TOO_LARGE, 415: _UNSUPPORTED}
    headers = {name.lower() for name in map(_header_name, parameters.values()) if name}
    if "if-match" in headers:
        found |= {412: _PRECONDITION_FAILED, 428: _PRECONDITION_REQUIRED}
    if handler.operation_id in RATE_LIMITED:
        found[429] = _TOO_MANY
    return found


def _header_name(field: FieldDefinition) -> str | None:
    """The request header a handler parameter reads: `Parameter(header=…)`, or `HeaderParameter(name=…)`."""
    definition = field.kwarg_definition
    if isinstance(definition, HeaderParameter):
        return definition.name
    if isinstance(definition, ParameterKwarg):
        return definition.header
    return None


def _as_problem(declared: ResponseSpec, derived: ResponseSpec | None, status: int) -> ResponseSpec:
    """A controller's own error response as a problem answer: one with content stays as it is, one without
    (`ResponseSpec(None, description=...)`) becomes the derived or the status's problem with its description."""
    if declared.data_container is not None:
        return declared
    kind = problem_types.for_status(status)
    fallback = derived or _spec(kind, declared.description, kind.detail)
    return replace(fallback, description=declared.description or fallback.description)


class ProblemResponses(ReceiveRoutePlugin):
    """Documents each operation's problem answers (problem_responses) as the app registers its routes."""

    def receive_route(self, route: BaseRoute) -> None:
        if not isinstance(route, HTTPRoute):
            return
        for handler in route.route_handlers:
            if not handler.resolve_include_in_schema():
                continue
            derived = problem_responses(route, handler)
            declared = dict(handler.responses or {})
            responses = {**derived, **declared}
            for status, spec in declared.items():
                if status >= 400:
                    responses[status] = _as_problem(spec, derived.get(status), status)
            handler.responses = dict(sorted(responses.items()))


class TimeOfDaySchema(OpenAPISchemaPlugin):
    """A `datetime.time` is a time of day, answered as "21:00:00" (msgspec); Litestar documents it as an ISO
    8601 duration, which it is not."""

    @staticmethod
    def is_plugin_supported_type(value: Any) -> bool:
        return value is time

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: SchemaCreator) -> Schema:
        return Schema(
            type=OpenAPIType.STRING, pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?$",
            description="A time of day, local time in Europe/Berlin (HH:MM:SS).", examples=["21:00:00"],
        )
