"""The review queue as moderators read it: offers in review, revisions of published offers and
organisations pending verification, oldest first, and one offer as the moderator reviews it."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Row, TextClause
from sqlalchemy.ext.asyncio import AsyncSession

from api.domain.moderation import schemas, statements
from api.domain.moderation.claims import claim_fields, stale_before
from api.lib.errors import InvalidInputError, InvalidParam, NotFoundError
from api.lib.messages import msg
from api.lib.sanitising import sanitise_html

QUEUE_MAX_LIMIT = 200

_OFFER_CLAIMED = {"mine": statements.OFFER_CLAIMED_BY_ME, "unclaimed": statements.OFFER_UNCLAIMED}
_ORGANISATION_CLAIMED = {
    "mine": statements.ORGANISATION_CLAIMED_BY_ME,
    "unclaimed": statements.ORGANISATION_UNCLAIMED,
}


async def queue(
    session: AsyncSession,
    moderator_id: uuid.UUID,
    *,
    kind: str | None = None,
    category: str | None = None,
    district: str | None = None,
    claimed: str | None = None,
    flagged: bool | None = None,
    limit: int = 50,
) -> schemas.Queue:
    if not 1 <= limit <= QUEUE_MAX_LIMIT:
        raise InvalidInputError(
            InvalidParam("limit", msg("must be between {min} and {max}", min=1, max=QUEUE_MAX_LIMIT))
        )
    params: dict[str, Any] = {"me": moderator_id, "stale": stale_before(), "district": district}
    items: list[schemas.QueueItem] = []
    if kind in (None, "offer"):
        offer_filters: list[TextClause] = []
        if claimed:
            offer_filters.append(_OFFER_CLAIMED[claimed])
        if category:
            if (await session.execute(statements.CATEGORY_BY_SLUG, {"slug": category})).scalar() is None:
                raise InvalidInputError(InvalidParam("category", msg("is not a category slug")))
            offer_filters.append(statements.OFFER_IN_CATEGORY)
        if district:
            offer_filters.append(statements.OFFER_IN_DISTRICT)
        if flagged is not None:
            offer_filters.append(statements.OFFER_FLAGGED if flagged else statements.OFFER_NOT_FLAGGED)
        rows = await session.execute(
            statements.QUEUED_OFFERS.where(*offer_filters).limit(limit), {**params, "category": category}
        )
        items += [_queued_offer(row) for row in rows]
    if kind in (None, "organisation") and not category and not flagged:
        organisation_filters: list[TextClause] = []
        if claimed:
            organisation_filters.append(_ORGANISATION_CLAIMED[claimed])
        if district:
            organisation_filters.append(statements.ORGANISATION_IN_DISTRICT)
        rows = await session.execute(
            statements.QUEUED_ORGANISATIONS.where(*organisation_filters).limit(limit), params
        )
        items += [_queued_organisation(row) for row in rows]
    items.sort(key=lambda item: (item.waiting_since, str(item.id)))
    return schemas.Queue(items=items[:limit])


def _queued_offer(row: Row[Any]) -> schemas.QueueItem:
    return schemas.QueueItem(
        kind="offer",
        id=row.id,
        title=row.title,
        status=row.status,
        waiting_since=row.waiting_since,
        is_revision=row.status != "in_review",
        district=row.district,
        categories=list(row.categories),
        precheck_flags=row.precheck_flags,
        organisation=schemas.OrganisationRef(
            id=row.organisation_id,
            name=row.organisation_name,
            slug=row.organisation_slug,
            verification_status=row.organisation_verification_status,
        ),
        **claim_fields(row.holder_id, row.holder_name, row.claimed_at),
    )


def _queued_organisation(row: Row[Any]) -> schemas.QueueItem:
    return schemas.QueueItem(
        kind="organisation",
        id=row.id,
        title=row.title,
        status=row.status,
        waiting_since=row.waiting_since,
        is_revision=False,
        district=row.district,
        categories=[],
        precheck_flags=[],
        organisation=None,
        **claim_fields(row.holder_id, row.holder_name, row.claimed_at),
    )


async def offer_for_review(session: AsyncSession, offer_id: uuid.UUID) -> schemas.OfferReview:
    row = (
        await session.execute(statements.OFFER_FOR_REVIEW, {"id": offer_id, "stale": stale_before()})
    ).first()
    if row is None:
        raise NotFoundError(msg("No offer with id {id}", id=offer_id))
    claim = claim_fields(row.holder_id, row.holder_name, row.claimed_at)
    return schemas.OfferReview(
        id=row.id,
        status=row.status,
        version=row.version,
        title=row.title,
        summary=row.summary,
        description=sanitise_html(row.description),
        categories=list(row.categories),
        district=row.district,
        address=row.address,
        is_remote=row.is_remote,
        commitment=row.commitment,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        contact_name=row.contact_name,
        contact_email=row.contact_email,
        contact_phone=row.contact_phone,
        rejection_reason=row.rejection_reason,
        pending_revision=row.pending_revision,
        precheck_flags=row.precheck_flags,
        submitted_at=row.submitted_at,
        published_at=row.published_at,
        expires_at=row.expires_at,
        organisation=schemas.OrganisationRef(
            id=row.organisation_id,
            name=row.organisation_name,
            slug=row.organisation_slug,
            verification_status=row.organisation_verification_status,
        ),
        claimed_by=claim["claimed_by"],
        claimed_at=claim["claimed_at"],
    )
