"""Claims: a moderator takes an offer or an organisation for review, so two moderators do not decide on
the same record at once. A claim lapses by itself after CLAIM_TTL; decisions need a current one."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.db.offers import Offer
from api.db.organisations import Organisation
from api.domain.moderation import schemas, statements
from api.lib import clock
from api.lib.errors import ConflictError, NotFoundError
from api.lib.messages import Message, msg

# Long enough to read an offer and check its organisation; short enough that a moderator who walked
# away does not block an item for the rest of the day.
CLAIM_TTL = timedelta(minutes=30)


def stale_before() -> datetime:
    """A claim taken before this moment has lapsed."""
    return clock.now() - CLAIM_TTL


def of_kind(kind: str, offer: Message, organisation: Message) -> Message:
    """The text about an offer or an organisation: each has its own, as German nouns differ in gender."""
    return offer if kind == "offer" else organisation


def claim_fields(
    holder_id: uuid.UUID | None, holder_name: str | None, claimed_at: datetime | None
) -> dict[str, Any]:
    """Only a current claim is shown; an expired one is as good as none."""
    if holder_id is None or holder_name is None or claimed_at is None:
        return {"claimed_by": None, "claimed_at": None, "claim_expires_at": None}
    return {
        "claimed_by": schemas.Moderator(id=holder_id, display_name=holder_name),
        "claimed_at": claimed_at,
        "claim_expires_at": claimed_at + CLAIM_TTL,
    }


async def claim(
    session: AsyncSession, kind: schemas.ClaimKind, record_id: uuid.UUID, moderator: schemas.Moderator
) -> schemas.Claim:
    moment = clock.now()
    claimed_at = (
        await session.execute(
            statements.CLAIM[kind],
            {"me": moderator.id, "now": moment, "id": record_id, "stale": moment - CLAIM_TTL},
        )
    ).scalar()
    if claimed_at is None:
        await session.rollback()
        raise await _refusal(session, kind, record_id)
    await session.commit()
    return schemas.Claim(
        kind=kind,
        id=record_id,
        claimed_by=moderator,
        claimed_at=claimed_at,
        expires_at=claimed_at + CLAIM_TTL,
    )


async def release(
    session: AsyncSession, kind: schemas.ClaimKind, record_id: uuid.UUID, moderator_id: uuid.UUID
) -> None:
    released = (
        await session.execute(statements.RELEASE[kind], {"id": record_id, "me": moderator_id})
    ).scalar()
    if released is None:
        await session.rollback()
        raise await _refusal(session, kind, record_id, releasing=True)
    await session.commit()


async def _refusal(
    session: AsyncSession, kind: schemas.ClaimKind, record_id: uuid.UUID, *, releasing: bool = False
) -> Exception:
    """Why a claim failed: no such record, nothing to review, or someone else holds it."""
    row = (
        await session.execute(statements.CLAIM_STATE[kind], {"id": record_id, "stale": stale_before()})
    ).first()
    if row is None:
        return NotFoundError(of_kind(kind, msg("No offer with id {id}", id=record_id),
                                     msg("No organisation with id {id}", id=record_id)))
    if not row.in_queue:
        return ConflictError(of_kind(
            kind, msg("The offer is {status}: there is nothing to review", status=row.state),
            msg("The organisation is {status}: there is nothing to review", status=row.state)))
    if row.holder is not None:
        until = (row.claimed_at + CLAIM_TTL).strftime("%H:%M UTC")
        return ConflictError(of_kind(
            kind, msg("The offer is claimed by {holder} until {until}", holder=row.holder, until=until),
            msg("The organisation is claimed by {holder} until {until}", holder=row.holder, until=until)))
    if releasing:
        return ConflictError(of_kind(kind, msg("You do not hold a claim on this offer"),
                                     msg("You do not hold a claim on this organisation")))
    return ConflictError(of_kind(kind, msg("The offer cannot be claimed now"),
                                 msg("The organisation cannot be claimed now")))


def require_claim(kind: schemas.ClaimKind, record: Offer | Organisation, moderator_id: uuid.UUID) -> None:
    """Decisions need the deciding moderator's current claim on the record."""
    claimed_at = record.review_claimed_at
    if record.review_claimed_by != moderator_id or claimed_at is None or claimed_at < stale_before():
        raise ConflictError(of_kind(kind, msg("Claim the offer first: decisions need a current claim"),
                                    msg("Claim the organisation first: decisions need a current claim")))
