"""Who may act for an organisation: one of its members in the right role, or one of its API tokens
with the right scope. Every endpoint that acts for an organisation asks here."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.organisations import MembershipRole, VerificationStatus
from api.lib.auth import Actor
from api.lib.errors import ForbiddenError, NotFoundError, UnauthorizedError
from api.lib.messages import msg

ANY_ROLE: frozenset[MembershipRole] = frozenset(MembershipRole)
OWNER: frozenset[MembershipRole] = frozenset({MembershipRole.owner})

SCOPE_OFFERS_READ = "offers:read"
SCOPE_OFFERS_WRITE = "offers:write"
# Applicants' messages and contact details are personal data: a token that publishes offers does not
# see them unless it was given these scopes too.
SCOPE_APPLICATIONS_READ = "applications:read"
SCOPE_APPLICATIONS_WRITE = "applications:write"
API_TOKEN_SCOPES: frozenset[str] = frozenset(
    {SCOPE_OFFERS_READ, SCOPE_OFFERS_WRITE, SCOPE_APPLICATIONS_READ, SCOPE_APPLICATIONS_WRITE}
)

# The caller's role in an organisation (no row: not a member); the organisations' services ask it too.
MEMBER_ROLE_SQL = "SELECT role FROM membership WHERE organisation_id = :organisation AND user_id = :user"
_VERIFICATION_STATUS = "SELECT verification_status FROM organisation WHERE id = :id"


@dataclass(frozen=True, slots=True)
class OrganisationAccess:
    organisation_id: uuid.UUID
    verification_status: VerificationStatus
    role: MembershipRole | None
    """The member's role; None when the caller is an API token."""


async def require_member(
    session: AsyncSession,
    actor: Actor | None,
    organisation_id: uuid.UUID,
    *,
    roles: Collection[MembershipRole] = ANY_ROLE,
    scope: str | None = None,
) -> OrganisationAccess:
    """Lets through a member whose role is in `roles`, or a token of this organisation holding `scope`
    (scope None: no token may do this). Raises UnauthorizedError without a caller; NotFoundError when
    the caller is not connected to the organisation and it is not public (verified), so its existence
    does not leak; ForbiddenError otherwise."""
    if actor is None:
        raise UnauthorizedError(msg("Sign in or send an API token"))
    status = await _verification_status(session, organisation_id)
    if actor.is_token:
        if status is None or actor.organisation_id != organisation_id:
            raise _hidden_or_forbidden(status, organisation_id)
        if scope is None or scope not in actor.scopes:
            raise ForbiddenError(msg("This API token lacks the scope {scope}", scope=repr(scope)) if scope
                                 else msg("API tokens cannot do this"))
        return OrganisationAccess(organisation_id, status, None)
    role = (
        await session.execute(text(MEMBER_ROLE_SQL), {"organisation": organisation_id, "user": actor.user_id})
    ).scalar_one_or_none()
    if status is None or role is None:
        raise _hidden_or_forbidden(status, organisation_id)
    role = MembershipRole(role)
    if role not in roles:
        raise ForbiddenError(msg("Your role {role} in this organisation may not do this", role=repr(role.value)))
    return OrganisationAccess(organisation_id, status, role)


async def _verification_status(session: AsyncSession, organisation_id: uuid.UUID) -> VerificationStatus | None:
    status = (await session.execute(text(_VERIFICATION_STATUS), {"id": organisation_id})).scalar_one_or_none()
    return VerificationStatus(status) if status is not None else None


def _hidden_or_forbidden(status: VerificationStatus | None, organisation_id: uuid.UUID) -> Exception:
    if status is VerificationStatus.verified:
        return ForbiddenError(msg("You do not act for this organisation"))
    return NotFoundError(msg("No organisation with id {id}", id=organisation_id))
