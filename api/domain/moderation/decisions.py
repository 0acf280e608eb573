"""Decisions on what awaits review: approve, reject or send back an offer (or its revision), verify or
reject an organisation. Each needs the moderator's current claim, is audited, and reaches the
organisation's members by e-mail through the outbox, in the same transaction."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.db.offers import Offer, OfferStatus
from api.db.organisations import Organisation, VerificationStatus
from api.domain.audit import services as audit
from api.domain.moderation import schemas
from api.domain.moderation.claims import require_claim
from api.domain.moderation.emails import tell_members
from api.domain.offers import content as offer_content
from api.domain.offers.expiry import expires_at_for
from api.domain.offers.lifecycle import OfferAction, next_status
from api.domain.push.notifications import notify_members, topic
from api.lib import app_links, clock
from api.lib.errors import ConflictError, InvalidInputError, InvalidParam, NotFoundError
from api.lib.messages import msg
from api.lib.outbox import OFFER_PUBLISHED, enqueue
from api.settings import Settings

_ORGANISATION_TRANSITIONS: dict[str, tuple[frozenset[VerificationStatus], VerificationStatus]] = {
    "verify": (frozenset({VerificationStatus.pending}), VerificationStatus.verified),
    "reject": (frozenset({VerificationStatus.pending}), VerificationStatus.rejected),
    "suspend": (
        frozenset({VerificationStatus.pending, VerificationStatus.verified}),
        VerificationStatus.suspended,
    ),
}

OFFER_STATE = ("status", "version", "rejection_reason", "submitted_at", "published_at", "expires_at")
ORGANISATION_STATE = ("verification_status", "verified_at", "rejection_reason")


def is_revision(offer: Offer) -> bool:
    return offer.pending_revision is not None and offer.status in (OfferStatus.published, OfferStatus.paused)


def rejection_reason(settings: Settings, data: schemas.Rejection) -> str:
    """The listed reason, with the moderator's words after it."""
    if data.reason not in settings.rejection_reasons:
        allowed = ", ".join(settings.rejection_reasons)
        raise InvalidInputError(InvalidParam("reason", msg("must be one of: {allowed}", allowed=allowed), "body"))
    words = data.text.strip()
    return f"{data.reason}: {words}" if words else data.reason


# Offers ---------------------------------------------------------------------------------------------


async def locked_offer(session: AsyncSession, offer_id: uuid.UUID) -> Offer:
    offer = await session.get(Offer, offer_id, with_for_update=True)
    if offer is None:
        raise NotFoundError(msg("No offer with id {id}", id=offer_id))
    return offer


def offer_decided(offer: Offer, moment: datetime) -> None:
    offer.review_claimed_by = None
    offer.review_claimed_at = None
    offer.version += 1  # a member's edit based on the version before the decision must get 412
    offer.updated_at = moment


async def commit_offer(session: AsyncSession, offer: Offer, revision: bool) -> schemas.OfferDecision:
    await session.commit()
    return schemas.OfferDecision(
        id=offer.id,
        status=offer.status.value,
        version=offer.version,
        is_revision=revision,
        rejection_reason=offer.rejection_reason,
        published_at=offer.published_at,
        expires_at=offer.expires_at,
    )


async def approve_offer(
    session: AsyncSession, settings: Settings, offer_id: uuid.UUID, moderator_id: uuid.UUID
) -> schemas.OfferDecision:
    offer = await locked_offer(session, offer_id)
    revision = is_revision(offer)
    if not revision:
        next_status(offer.status, OfferAction.approve)
    require_claim("offer", offer, moderator_id)
    organisation = await session.get(Organisation, offer.organisation_id)
    assert organisation is not None
    if organisation.verification_status != VerificationStatus.verified:
        raise ConflictError(msg(
            "The organisation is {status}: only a verified organisation's offers can be published",
            status=organisation.verification_status.value,
        ))
    before = audit.snapshot(offer, *OFFER_STATE)
    moment = clock.now()
    if revision:
        revised = offer.pending_revision or {}
        before["content"] = audit.snapshot(offer, *(f for f in offer_content.COLUMN_FIELDS if f in revised))
    applied = offer_content.apply_revision(offer)
    if revision and "ends_at" in applied and offer.published_at is not None:
        # A revision that moves the end moves the expiry with it, by the same rule as the approval; the
        # publishing date stays, so the expiry period is not granted afresh.
        offer.expires_at = expires_at_for(offer.published_at, offer.ends_at, settings.offer_expiry_days)
    if not revision:
        offer.status = next_status(offer.status, OfferAction.approve)
        offer.published_at = moment
        offer.expires_at = expires_at_for(moment, offer.ends_at, settings.offer_expiry_days)
        # Reverse matching (who should hear about it) runs in the worker after the commit; the key makes
        # it once per offer, also when the offer is published again after being sent back.
        await enqueue(session, OFFER_PUBLISHED, {"offer_id": str(offer.id)},
                      dedupe_key=f"{OFFER_PUBLISHED}:{offer.id}")
    offer.rejection_reason = None
    offer_decided(offer, moment)
    after = audit.snapshot(offer, *OFFER_STATE)
    if revision:
        after["content"] = applied
    action = "offer.revision_approve" if revision else "offer.approve"
    audit.record(
        session,
        actor_id=moderator_id,
        action=action,
        record_type="offer",
        record_id=offer.id,
        before=before,
        after=after,
    )
    await tell_members(
        session,
        offer.organisation_id,
        "revision_approved" if revision else "offer_approved",
        title=offer.title,
        link=app_links.absolute(app_links.offer(offer.id), settings.public_base_url),
    )
    await notify_members(session, offer.organisation_id, "offer.approved",
                         path=app_links.offer_management(offer.id), tag=topic("m", offer.id),
                         values={"title": offer.title})
    return await commit_offer(session, offer, revision)


async def reject_offer(
    session: AsyncSession, settings: Settings, offer_id: uuid.UUID, moderator_id: uuid.UUID,
    data: schemas.Rejection,
) -> schemas.OfferDecision:
    reason = rejection_reason(settings, data)
    return await _send_back(
        session, offer_id, moderator_id, OfferAction.reject, reason,
        revision_mail="revision_rejected", offer_mail="offer_rejected",
    )


async def request_offer_changes(
    session: AsyncSession, offer_id: uuid.UUID, moderator_id: uuid.UUID, data: schemas.ChangeRequest
) -> schemas.OfferDecision:
    """A draft again with the moderator's note; for a revision the edits go back to the members and the
    approved version stays public."""
    note = data.note.strip()
    if not note:
        raise InvalidInputError(InvalidParam("note", msg("must not be blank"), "body"))
    return await _send_back(
        session, offer_id, moderator_id, OfferAction.request_changes, note,
        revision_mail="offer_changes_requested", offer_mail="offer_changes_requested",
    )


async def _send_back(
    session: AsyncSession, offer_id: uuid.UUID, moderator_id: uuid.UUID, action: OfferAction, reason: str,
    *, revision_mail: str, offer_mail: str,
) -> schemas.OfferDecision:
    """Reject or ask for changes: a new offer moves by the lifecycle table; a revision is discarded
    and the approved version stays public. The members get `revision_mail` or `offer_mail`."""
    offer = await locked_offer(session, offer_id)
    revision = is_revision(offer)
    if not revision:
        next_status(offer.status, action)
    require_claim("offer", offer, moderator_id)
    before = audit.snapshot(offer, *OFFER_STATE)
    if revision:
        before["pending_revision"] = offer.pending_revision
        offer.pending_revision = None
    else:
        offer.status = next_status(offer.status, action)
    offer.rejection_reason = reason
    offer_decided(offer, clock.now())
    audit.record(
        session,
        actor_id=moderator_id,
        action=f"offer.revision_{action.value}" if revision else f"offer.{action.value}",
        record_type="offer",
        record_id=offer.id,
        reason=reason,
        before=before,
        after=audit.snapshot(offer, *OFFER_STATE),
    )
    await tell_members(
        session, offer.organisation_id, revision_mail if revision else offer_mail, title=offer.title, reason=reason
    )
    if action is OfferAction.reject:
        await notify_members(session, offer.organisation_id, "offer.rejected",
                             path=app_links.offer_management(offer.id), tag=topic("m", offer.id),
                             values={"title": offer.title, "reason": reason})
    return await commit_offer(session, offer, revision)


# Organisations --------------------------------------------------------------------------------------


async def locked_organisation(session: AsyncSession, organisation_id: uuid.UUID) -> Organisation:
    organisation = await session.get(Organisation, organisation_id, with_for_update=True)
    if organisation is None:
        raise NotFoundError(msg("No organisation with id {id}", id=organisation_id))
    return organisation


def organisation_next(organisation: Organisation, action: str) -> VerificationStatus:
    sources, target = _ORGANISATION_TRANSITIONS[action]
    if organisation.verification_status not in sources:
        allowed = ", ".join(sorted(s.value for s in sources))
        raise ConflictError(msg(
            "Cannot {action} an organisation that is {status} (only from: {allowed})",
            action=action, status=organisation.verification_status.value, allowed=allowed,
        ))
    return target


async def verify_organisation(
    session: AsyncSession, organisation_id: uuid.UUID, moderator_id: uuid.UUID
) -> schemas.OrganisationDecision:
    organisation = await locked_organisation(session, organisation_id)
    target = organisation_next(organisation, "verify")
    require_claim("organisation", organisation, moderator_id)
    before = audit.snapshot(organisation, *ORGANISATION_STATE)
    organisation.verification_status = target
    organisation.verified_at = clock.now()
    organisation.rejection_reason = None
    await notify_members(session, organisation.id, "organisation.verified",
                         path=app_links.organisation_management(), tag=topic("v", organisation.id),
                         values={"organisation": organisation.name})
    return await organisation_decided(
        session, organisation, moderator_id, "organisation.verify", None, before, "organisation_verified"
    )


async def reject_organisation(
    session: AsyncSession, settings: Settings, organisation_id: uuid.UUID, moderator_id: uuid.UUID,
    data: schemas.Rejection,
) -> schemas.OrganisationDecision:
    reason = rejection_reason(settings, data)
    organisation = await locked_organisation(session, organisation_id)
    target = organisation_next(organisation, "reject")
    require_claim("organisation", organisation, moderator_id)
    before = audit.snapshot(organisation, *ORGANISATION_STATE)
    organisation.verification_status = target
    organisation.rejection_reason = reason
    return await organisation_decided(
        session, organisation, moderator_id, "organisation.reject", reason, before, "organisation_rejected"
    )


async def organisation_decided(
    session: AsyncSession,
    organisation: Organisation,
    moderator_id: uuid.UUID,
    action: str,
    reason: str | None,
    before: dict[str, Any],
    email: str,
    extra: dict[str, Any] | None = None,
) -> schemas.OrganisationDecision:
    """Releases the claim, audits the decision, tells the members and commits."""
    organisation.review_claimed_by = None
    organisation.review_claimed_at = None
    audit.record(
        session,
        actor_id=moderator_id,
        action=action,
        record_type="organisation",
        record_id=organisation.id,
        reason=reason,
        before=before,
        after={**audit.snapshot(organisation, *ORGANISATION_STATE), **(extra or {})},
    )
    await tell_members(session, organisation.id, email, title=organisation.name, reason=reason or "")
    await session.commit()
    return schemas.OrganisationDecision(
        id=organisation.id,
        verification_status=organisation.verification_status.value,
        verified_at=organisation.verified_at,
        rejection_reason=organisation.rejection_reason,
    )
