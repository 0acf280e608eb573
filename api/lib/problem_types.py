"""The kinds of problem the API answers with. Each has a stable `type` URI that clients (the PWA, the
Open Innovation City app) can switch on instead of parsing texts, which follow the request's language."""

from __future__ import annotations

from dataclasses import dataclass

from api.lib.messages import Message, msg

# An identifier, not an address anything fetches: it must never change once clients rely on it.
PROBLEM_TYPE_BASE = "https://volumap.bielefeld.de/problems/"


@dataclass(frozen=True, slots=True)
class ProblemType:
    slug: str
    status: int
    title: Message
    detail: Message
    """What the kind means; the detail when nothing more specific is known."""

    @property
    def uri(self) -> str:
        return PROBLEM_TYPE_BASE + self.slug


INVALID_PARAMETERS = ProblemType(
    "invalid-parameters", 400, msg("Invalid parameters"),
    msg("Some values of the request are not acceptable; invalid-params names each one."),
)
BAD_REQUEST = ProblemType(
    "bad-request", 400, msg("Bad request"), msg("The request cannot be read (e.g. its body is not valid JSON)."),
)
UNAUTHORIZED = ProblemType("unauthorized", 401, msg("Sign-in required"), msg("Sign in first."))
FORBIDDEN = ProblemType("forbidden", 403, msg("Not allowed"), msg("You may not do this."))
FOREIGN_ORIGIN = ProblemType(
    "foreign-origin", 403, msg("Request from another site"),
    msg("Changes made with a session cookie must come from VoluMap's own pages."),
)
NOT_FOUND = ProblemType("not-found", 404, msg("Not found"), msg("There is nothing at this address."))
METHOD_NOT_ALLOWED = ProblemType(
    "method-not-allowed", 405, msg("Method not allowed"), msg("This address does not support this method."),
)
CONFLICT = ProblemType(
    "conflict", 409, msg("Conflict"), msg("This is not possible in the record's current state."),
)
PRECONDITION_FAILED = ProblemType(
    "precondition-failed", 412, msg("Changed in the meantime"),
    msg("The record has changed since you loaded it (If-Match); load it again."),
)
PAYLOAD_TOO_LARGE = ProblemType(
    "payload-too-large", 413, msg("Request too large"), msg("The request body is too large."),
)
URI_TOO_LONG = ProblemType("uri-too-long", 414, msg("Address too long"), msg("The query string is too long."))
UNSUPPORTED_MEDIA_TYPE = ProblemType(
    "unsupported-media-type", 415, msg("Unsupported format"),
    msg("The request body has a format this address does not take."),
)
PRECONDITION_REQUIRED = ProblemType(
    "precondition-required", 428, msg("Version required"),
    msg("Send If-Match with the ETag of the version you changed."),
)
TOO_MANY_REQUESTS = ProblemType(
    "too-many-requests", 429, msg("Too many requests"), msg("Too many requests; Retry-After says when to try again."),
)
SERVER_ERROR = ProblemType(
    "server-error", 500, msg("Server error"), msg("An unexpected error occurred. It has been logged."),
)
SERVICE_UNAVAILABLE = ProblemType(
    "service-unavailable", 503, msg("Temporarily unavailable"),
    msg("The service is temporarily unavailable; try again in a few minutes."),
)

ALL: tuple[ProblemType, ...] = (
    INVALID_PARAMETERS, BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, FOREIGN_ORIGIN, NOT_FOUND, METHOD_NOT_ALLOWED, CONFLICT,
    PRECONDITION_FAILED, PAYLOAD_TOO_LARGE, URI_TOO_LONG, UNSUPPORTED_MEDIA_TYPE, PRECONDITION_REQUIRED,
    TOO_MANY_REQUESTS, SERVER_ERROR, SERVICE_UNAVAILABLE,
)
# invalid-parameters and foreign-origin are raised by name; any other 400 is bad-request, any other 403 forbidden.
_BY_STATUS = {kind.status: kind for kind in ALL if kind not in (INVALID_PARAMETERS, FOREIGN_ORIGIN)}


def for_status(status: int) -> ProblemType:
    """The kind for an HTTP status; a status without a kind of its own counts as bad-request (4xx) or
    server-error (5xx), with its own status code kept in the answer."""
    return _BY_STATUS.get(status) or (BAD_REQUEST if status < 500 else SERVER_ERROR)
