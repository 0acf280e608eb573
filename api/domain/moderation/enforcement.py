"""What moderators do about reports and misuse: unpublish an offer, suspend an organisation or an
account, dismiss reports. None of it needs a claim; all of it is audited, and the reports it settles
are closed in the same transaction."""

from __future__ import annotations

import uuid

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.db.accounts import User, UserStatus
from api.db.offers import Offer, OfferStatus
from api.db.reports import Report, ReportStatus, ReportTarget
from api.domain.audit import services as audit
from api.domain.moderation import schemas
from api.domain.moderation.claims import of_kind
from api.domain.moderation.decisions import (
    OFFER_STATE,
    ORGANISATION_STATE,
    commit_offer,
    locked_offer,
    locked_organisation,
    offer_decided,
    organisation_decided,
    organisation_next,
    rejection_reason,
)
from api.domain.moderation.emails import tell_members
from api.domain.offers.lifecycle import OfferAction, next_status
from api.lib import clock
from api.lib.errors import ConflictError, ForbiddenError, InvalidInputError, InvalidParam, NotFoundError
from api.lib.messages import msg
from api.settings import Settings


async def unpublish_offer(
    session: AsyncSession, settings: Settings, offer_id: uuid.UUID, moderator_id: uuid.UUID,
    data: schemas.Rejection,
) -> schemas.OfferDecision:
    reason = rejection_reason(settings, data)
    offer = await locked_offer(session, offer_id)
    await _unpublish(session, offer, moderator_id, reason)
    await _close_reports(session, ReportTarget.offer, offer.id, moderator_id, ReportStatus.actioned, reason)
    await tell_members(session, offer.organisation_id, "offer_unpublished", title=offer.title, reason=reason)
    return await commit_offer(session, offer, False)


async def _unpublish(session: AsyncSession, offer: Offer, moderator_id: uuid.UUID, reason: str) -> None:
    target = next_status(offer.status, OfferAction.unpublish)
    before = audit.snapshot(offer, *OFFER_STATE)
    offer.status = target
    offer.rejection_reason = reason
    offer.pending_revision = None  # the members revise the offer as a draft from here on
    offer_decided(offer, clock.now())
    audit.record(
        session,
        actor_id=moderator_id,
        action="offer.unpublish",
        record_type="offer",
        record_id=offer.id,
        reason=reason,
        before=before,
        after=audit.snapshot(offer, *OFFER_STATE),
    )


async def suspend_organisation(
    session: AsyncSession, settings: Settings, organisation_id: uuid.UUID, moderator_id: uuid.UUID,
    data: schemas.Rejection,
) -> schemas.OrganisationDecision:
    """The organisation and every offer of it that the public could see leave the public; its open
    reports and those on its offers count as acted on."""
    reason = rejection_reason(settings, data)
    organisation = await locked_organisation(session, organisation_id)
    target = organisation_next(organisation, "suspend")
    before = audit.snapshot(organisation, *ORGANISATION_STATE)
    organisation.verification_status = target
    organisation.rejection_reason = reason
    offers = (
        (
            await session.execute(
                select(Offer)
                .where(
                    col(Offer.organisation_id) == organisation.id,
                    col(Offer.status).in_([OfferStatus.published, OfferStatus.paused]),
                )
                .with_for_update()
            )
        )
        .scalars()
        .all()
    )
    for offer in offers:
        await _unpublish(session, offer, moderator_id, reason)
        await _close_reports(session, ReportTarget.offer, offer.id, moderator_id, ReportStatus.actioned, reason)
    await _close_reports(
        session, ReportTarget.organisation, organisation.id, moderator_id, ReportStatus.actioned, reason
    )
    return await organisation_decided(
        session,
        organisation,
        moderator_id,
        "organisation.suspend",
        reason,
        before,
        "organisation_suspended",
        extra={"offers_unpublished": [str(offer.id) for offer in offers]},
    )


async def suspend_user(
    session: AsyncSession, user_id: uuid.UUID, moderator: uuid.UUID, is_admin: bool, reason: str
) -> schemas.UserSuspension:
    """The account's sessions and tokens of its own stop working at once: sign-in and every request
    accept only active accounts."""
    reason = reason.strip()
    if not reason:
        raise InvalidInputError(InvalidParam("reason", msg("must not be blank"), "body"))
    user = await session.get(User, user_id, with_for_update=True)
    if user is None or user.status == UserStatus.deleted:
        raise NotFoundError(msg("No account with id {id}", id=user_id))
    if user.id == moderator:
        raise ConflictError(msg("You cannot suspend your own account"))
    if (user.is_moderator or user.is_admin) and not is_admin:
        raise ForbiddenError(msg("Only administrators may suspend moderators and administrators"))
    if user.status != UserStatus.active:
        raise ConflictError(msg("The account is {status}", status=user.status.value))
    user.status = UserStatus.suspended
    user.updated_at = clock.now()
    audit.record(
        session,
        actor_id=moderator,
        action="user.suspend",
        record_type="user",
        record_id=user.id,
        reason=reason,
        before={"status": UserStatus.active.value},
        after={"status": UserStatus.suspended.value},
    )
    await session.commit()
    return schemas.UserSuspension(id=user.id, status=user.status.value)


async def dismiss_reports(
    session: AsyncSession, target_type: ReportTarget, target_id: uuid.UUID, moderator_id: uuid.UUID, note: str
) -> schemas.ReportsHandled:
    note = note.strip()
    count = await _close_reports(session, target_type, target_id, moderator_id, ReportStatus.dismissed, note or None)
    if count == 0:
        raise NotFoundError(of_kind(target_type.value, msg("No open reports on offer {id}", id=target_id),
                                    msg("No open reports on organisation {id}", id=target_id)))
    await session.commit()
    return schemas.ReportsHandled(
        target_type=target_type.value,
        target_id=target_id,
        reports=count,
        status=ReportStatus.dismissed.value,
    )


async def _close_reports(
    session: AsyncSession,
    target_type: ReportTarget,
    target_id: uuid.UUID,
    moderator_id: uuid.UUID,
    status: ReportStatus,
    resolution: str | None,
) -> int:
    closed = (
        (
            await session.execute(
                update(Report)
                .where(
                    col(Report.target_type) == target_type,
                    col(Report.target_id) == target_id,
                    col(Report.status) == ReportStatus.open,
                )
                .values(status=status, handled_by=moderator_id, handled_at=clock.now(), resolution=resolution)
                .returning(col(Report.id))
            )
        )
        .scalars()
        .all()
    )
    if closed:
        audit.record(
            session,
            actor_id=moderator_id,
            action=f"reports.{status.value}",
            record_type=target_type.value,
            record_id=target_id,
            reason=resolution,
            before={"open_reports": len(closed)},
            after={"status": status.value, "reports": [str(report) for report in closed]},
        )
    return len(closed)
