"""Domain errors. Services raise these; api.lib.problems turns them into HTTP once."""

from __future__ import annotations

from dataclasses import dataclass

from api.lib.messages import Message, render
from api.lib.problem_types import INVALID_PARAMETERS, ProblemType, for_status


@dataclass(frozen=True, slots=True)
class InvalidParam:
    name: str
    reason: str | Message
    location: str = "query"


class DomainError(Exception):
    """`detail` is answered in the request's language: write it with `msg(...)`. The problem type is
    `problem_type` when set, otherwise the one of `status_code`; `title` overrides the type's title."""

    status_code = 400
    problem_type: ProblemType | None = None
    title: str | Message | None = None
    headers: dict[str, str] | None = None
    """Sent with the problem answer (e.g. Retry-After with a 503)."""

    def __init__(self, detail: str | Message) -> None:
        super().__init__(str(detail))
        self.detail = detail

    @property
    def kind(self) -> ProblemType:
        return self.problem_type or for_status(self.status_code)

    def detail_in(self, locale: str) -> str:
        return render(self.detail, locale, fallback=self.kind.detail)


class InvalidInputError(DomainError):
    """Input that is well-formed but not acceptable; names the parameters at fault."""

    problem_type = INVALID_PARAMETERS

    def __init__(self, *params: InvalidParam) -> None:
        super().__init__(self._joined(params, "en"))
        self.params = params

    def detail_in(self, locale: str) -> str:
        return self._joined(self.params, locale)

    @staticmethod
    def _joined(params: tuple[InvalidParam, ...], locale: str) -> str:
        return "; ".join(f"{p.name}: {render(p.reason, locale)}" for p in params)


class NotFoundError(DomainError):
    status_code = 404


class ConflictError(DomainError):
    """The record is not in a state that allows this (e.g. an invalid lifecycle transition)."""

    status_code = 409


class PreconditionFailedError(DomainError):
    """The client's version (If-Match) is stale: someone else changed the record meanwhile."""

    status_code = 412


class ForbiddenError(DomainError):
    status_code = 403


class UnauthorizedError(DomainError):
    status_code = 401
