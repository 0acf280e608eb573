"""Domain errors. Services raise these; api.lib.problems turns them into HTTP once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class InvalidParam:
    name: str
    reason: str
    location: str = "query"


class DomainError(Exception):
    status_code = 400
    title = "Bad request"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class InvalidInputError(DomainError):
    """Input that is well-formed but not acceptable; names the parameters at fault."""

    status_code = 400
    title = "Invalid parameters"

    def __init__(self, *params: InvalidParam) -> None:
        super().__init__("; ".join(f"{p.name}: {p.reason}" for p in params))
        self.params = params


class NotFoundError(DomainError):
    status_code = 404
    title = "Not found"


class ConflictError(DomainError):
    """The record is not in a state that allows this (e.g. an invalid lifecycle transition)."""

    status_code = 409
    title = "Conflict"


class PreconditionFailedError(DomainError):
    """The client's version (If-Match) is stale: someone else changed the record meanwhile."""

    status_code = 412
    title = "Precondition failed"


class ForbiddenError(DomainError):
    status_code = 403
    title = "Forbidden"


class UnauthorizedError(DomainError):
    status_code = 401
    title = "Unauthorized"
