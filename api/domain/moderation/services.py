"""The moderation desk: the review queue, claims, decisions on offers and organisations, and the actions
that follow reports (unpublish, suspend, dismiss). Every decision is audited and reaches the
organisation's members by e-mail through the outbox, in the same transaction."""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.db.accounts import User, UserStatus
from api.db.offers import Offer, OfferStatus
from api.db.organisations import Organisation, VerificationStatus
from api.db.reports import Report, ReportStatus, ReportTarget
from api.domain.audit import services as audit
from api.domain.moderation import audit_log, figures, reports, schemas
from api.domain.moderation.emails import tell_members
from api.domain.offers import content as offer_content
from api.domain.offers.lifecycle import OfferAction, next_status
from api.domain.push.notifications import notify_members, topic
from api.lib import app_links
from api.lib.cursors import CursorCodec
from api.lib.errors import ConflictError, ForbiddenError, InvalidInputError, InvalidParam, NotFoundError
from api.lib.messages import Message, msg
from api.lib.outbox import OFFER_PUBLISHED, enqueue
from api.lib.sanitising import sanitise_html
from api.settings import Settings

# Long enough to read an offer and check its organisation; short enough that a moderator who walked
# away does not block an item for the rest of the day.
CLAIM_TTL = timedelta(minutes=30)

QUEUE_MAX_LIMIT = 200

_OFFER_IN_QUEUE = (
    "({t}status = 'in_review' OR ({t}status IN ('published', 'paused') AND {t}pending_revision IS NOT NULL))"
)

_ORGANISATION_TRANSITIONS: dict[str, tuple[frozenset[VerificationStatus], VerificationStatus]] = {
    "verify": (frozenset({VerificationStatus.pending}), VerificationStatus.verified),
    "reject": (frozenset({VerificationStatus.pending}), VerificationStatus.rejected),
    "suspend": (
        frozenset({VerificationStatus.pending, VerificationStatus.verified}),
        VerificationStatus.suspended,
    ),
}


def _now() -> datetime:
    return datetime.now(UTC)


def _of_kind(kind: str, offer: Message, organisation: Message) -> Message:
    """The text about an offer or an organisation: each has its own, as German nouns differ in gender."""
    return offer if kind == "offer" else organisation


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _snapshot(record: Offer | Organisation, *fields: str) -> dict[str, Any]:
    return {field: _jsonable(getattr(record, field)) for field in fields}


_OFFER_STATE = ("status", "version", "rejection_reason", "submitted_at", "published_at", "expires_at")
_ORGANISATION_STATE = ("verification_status", "verified_at", "rejection_reason")


def is_revision(offer: Offer) -> bool:
    return offer.pending_revision is not None and offer.status in (OfferStatus.published, OfferStatus.paused)


class ModerationService:
    def __init__(self, session: AsyncSession, settings: Settings, cursors: CursorCodec) -> None:
        self.session = session
        self.settings = settings
        self.cursors = cursors

    # The queue ---------------------------------------------------------------------------------------

    async def queue(
        self,
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
        params: dict[str, Any] = {"me": moderator_id, "stale": _now() - CLAIM_TTL, "limit": limit}
        claim_filter = {
            None: "",
            "mine": " AND {t}.review_claimed_by = :me AND {t}.review_claimed_at >= :stale",
            "unclaimed": " AND ({t}.review_claimed_by IS NULL OR {t}.review_claimed_at < :stale)",
        }[claimed]
        if district:
            params["district"] = district
        items: list[schemas.QueueItem] = []
        if kind in (None, "offer"):
            where = (
                _OFFER_IN_QUEUE.format(t="o.")
                + " AND org.verification_status = 'verified'"
                + claim_filter.format(t="o")
            )
            if category:
                if await self._category_id(category) is None:
                    raise InvalidInputError(InvalidParam("category", msg("is not a category slug")))
                where += (
                    " AND EXISTS (SELECT 1 FROM category c"
                    " WHERE c.slug = :category AND c.id = ANY(o.category_ids))"
                )
                params["category"] = category
            if district:
                where += " AND o.district = :district"
            if flagged is not None:
                where += f" AND jsonb_array_length(o.precheck_flags) {'>' if flagged else '='} 0"
            rows = await self.session.execute(
                text(
                    "SELECT o.id, o.title, o.status, coalesce(o.submitted_at, o.updated_at) AS waiting_since,"
                    " o.district, ARRAY(SELECT c.slug FROM category c WHERE c.id = ANY(o.category_ids)"
                    " ORDER BY c.position), o.precheck_flags,"
                    " org.id, org.name, org.slug, org.verification_status,"
                    " cu.id, cu.display_name, o.review_claimed_at"
                    " FROM offer o JOIN organisation org ON org.id = o.organisation_id"
                    " LEFT JOIN user_account cu"
                    " ON cu.id = o.review_claimed_by AND o.review_claimed_at >= :stale"
                    f" WHERE {where} ORDER BY waiting_since, o.id LIMIT :limit"
                ),
                params,
            )
            items += [
                schemas.QueueItem(
                    kind="offer",
                    id=r[0],
                    title=r[1],
                    status=r[2],
                    waiting_since=r[3],
                    is_revision=r[2] != "in_review",
                    district=r[4],
                    categories=list(r[5]),
                    precheck_flags=r[6],
                    organisation=schemas.OrganisationRef(
                        id=r[7], name=r[8], slug=r[9], verification_status=r[10]
                    ),
                    **_claim_fields(r[11], r[12], r[13]),
                )
                for r in rows
            ]
        if kind in (None, "organisation") and not category and not flagged:
            where = "g.verification_status = 'pending'" + claim_filter.format(t="g")
            if district:
                where += " AND g.district = :district"
            rows = await self.session.execute(
                text(
                    "SELECT g.id, g.name, g.verification_status, g.created_at, g.district,"
                    " cu.id, cu.display_name, g.review_claimed_at FROM organisation g"
                    " LEFT JOIN user_account cu"
                    " ON cu.id = g.review_claimed_by AND g.review_claimed_at >= :stale"
                    f" WHERE {where} ORDER BY g.created_at, g.id LIMIT :limit"
                ),
                params,
            )
            items += [
                schemas.QueueItem(
                    kind="organisation",
                    id=r[0],
                    title=r[1],
                    status=r[2],
                    waiting_since=r[3],
                    is_revision=False,
                    district=r[4],
                    categories=[],
                    precheck_flags=[],
                    organisation=None,
                    **_claim_fields(r[5], r[6], r[7]),
                )
                for r in rows
            ]
        items.sort(key=lambda item: (item.waiting_since, str(item.id)))
        return schemas.Queue(items=items[:limit])

    async def _category_id(self, slug: str) -> int | None:
        return (
            await self.session.execute(text("SELECT id FROM category WHERE slug = :slug"), {"slug": slug})
        ).scalar()

    async def offer_for_review(self, offer_id: uuid.UUID) -> schemas.OfferReview:
        row = (
            await self.session.execute(
                text(
                    "SELECT o.id, o.status, o.version, o.title, o.summary, o.description,"
                    " ARRAY(SELECT c.slug FROM category c WHERE c.id = ANY(o.category_ids) ORDER BY"
                    " c.position),"
                    " o.district, o.address, o.is_remote, o.commitment, o.starts_at, o.ends_at,"
                    " o.contact_name,"
                    " o.contact_email, o.contact_phone, o.rejection_reason, o.pending_revision,"
                    " o.precheck_flags,"
                    " o.submitted_at, o.published_at, o.expires_at, org.id, org.name, org.slug,"
                    " org.verification_status, cu.id, cu.display_name, o.review_claimed_at"
                    " FROM offer o JOIN organisation org ON org.id = o.organisation_id"
                    " LEFT JOIN user_account cu"
                    " ON cu.id = o.review_claimed_by AND o.review_claimed_at >= :stale"
                    " WHERE o.id = :id"
                ),
                {"id": offer_id, "stale": _now() - CLAIM_TTL},
            )
        ).first()
        if row is None:
            raise NotFoundError(msg("No offer with id {id}", id=offer_id))
        claim = _claim_fields(row[26], row[27], row[28])
        return schemas.OfferReview(
            id=row[0],
            status=row[1],
            version=row[2],
            title=row[3],
            summary=row[4],
            description=sanitise_html(row[5]),
            categories=list(row[6]),
            district=row[7],
            address=row[8],
            is_remote=row[9],
            commitment=row[10],
            starts_at=row[11],
            ends_at=row[12],
            contact_name=row[13],
            contact_email=row[14],
            contact_phone=row[15],
            rejection_reason=row[16],
            pending_revision=row[17],
            precheck_flags=row[18],
            submitted_at=row[19],
            published_at=row[20],
            expires_at=row[21],
            organisation=schemas.OrganisationRef(
                id=row[22], name=row[23], slug=row[24], verification_status=row[25]
            ),
            claimed_by=claim["claimed_by"],
            claimed_at=claim["claimed_at"],
        )

    # Claims ------------------------------------------------------------------------------------------

    async def claim(self, kind: schemas.ClaimKind, record_id: uuid.UUID, moderator: schemas.Moderator) -> schemas.Claim:
        """One conditional UPDATE: of two moderators claiming at once, PostgreSQL lets exactly one match."""
        table, reviewable = _claimable(kind, "")
        now = _now()
        claimed_at = (
            await self.session.execute(
                text(
                    f"UPDATE {table} SET review_claimed_by = :me, review_claimed_at = :now WHERE id = :id"
                    f" AND {reviewable} AND (review_claimed_by IS NULL OR review_claimed_by = :me"
                    " OR review_claimed_at < :stale) RETURNING review_claimed_at"
                ),
                {"me": moderator.id, "now": now, "id": record_id, "stale": now - CLAIM_TTL},
            )
        ).scalar()
        if claimed_at is None:
            await self.session.rollback()
            raise await self._claim_refusal(kind, record_id)
        await self.session.commit()
        return schemas.Claim(
            kind=kind,
            id=record_id,
            claimed_by=moderator,
            claimed_at=claimed_at,
            expires_at=claimed_at + CLAIM_TTL,
        )

    async def release(self, kind: schemas.ClaimKind, record_id: uuid.UUID, moderator_id: uuid.UUID) -> None:
        table, _ = _claimable(kind, "")
        released = (
            await self.session.execute(
                text(
                    f"UPDATE {table} SET review_claimed_by = NULL, review_claimed_at = NULL"
                    " WHERE id = :id AND review_claimed_by = :me RETURNING id"
                ),
                {"id": record_id, "me": moderator_id},
            )
        ).scalar()
        if released is None:
            await self.session.rollback()
            raise await self._claim_refusal(kind, record_id, releasing=True)
        await self.session.commit()

    async def _claim_refusal(
        self, kind: schemas.ClaimKind, record_id: uuid.UUID, *, releasing: bool = False
    ) -> Exception:
        """Why a claim failed: no such record, nothing to review, or someone else holds it."""
        table, reviewable = _claimable(kind, "t.")
        state = "status" if kind == "offer" else "verification_status"
        row = (
            await self.session.execute(
                text(
                    f"SELECT t.{state}, {reviewable}, u.display_name, t.review_claimed_at"
                    f" FROM {table} t LEFT JOIN user_account u ON u.id = t.review_claimed_by"
                    " AND t.review_claimed_at >= :stale WHERE t.id = :id"
                ),
                {"id": record_id, "stale": _now() - CLAIM_TTL},
            )
        ).first()
        if row is None:
            return NotFoundError(_of_kind(kind, msg("No offer with id {id}", id=record_id),
                                          msg("No organisation with id {id}", id=record_id)))
        current, in_queue, holder, claimed_at = row
        if not in_queue:
            return ConflictError(_of_kind(
                kind, msg("The offer is {status}: there is nothing to review", status=current),
                msg("The organisation is {status}: there is nothing to review", status=current)))
        if holder is not None:
            until = (claimed_at + CLAIM_TTL).strftime("%H:%M UTC")
            return ConflictError(_of_kind(
                kind, msg("The offer is claimed by {holder} until {until}", holder=holder, until=until),
                msg("The organisation is claimed by {holder} until {until}", holder=holder, until=until)))
        if releasing:
            return ConflictError(_of_kind(kind, msg("You do not hold a claim on this offer"),
                                          msg("You do not hold a claim on this organisation")))
        return ConflictError(_of_kind(kind, msg("The offer cannot be claimed now"),
                                      msg("The organisation cannot be claimed now")))

    def _require_claim(self, kind: schemas.ClaimKind, record: Offer | Organisation, moderator_id: uuid.UUID) -> None:
        claimed_at = record.review_claimed_at
        if record.review_claimed_by != moderator_id or claimed_at is None or claimed_at < _now() - CLAIM_TTL:
            raise ConflictError(_of_kind(kind, msg("Claim the offer first: decisions need a current claim"),
                                         msg("Claim the organisation first: decisions need a current claim")))

    # Decisions on offers -----------------------------------------------------------------------------

    async def _locked_offer(self, offer_id: uuid.UUID) -> Offer:
        offer = await self.session.get(Offer, offer_id, with_for_update=True)
        if offer is None:
            raise NotFoundError(msg("No offer with id {id}", id=offer_id))
        return offer

    async def approve_offer(self, offer_id: uuid.UUID, moderator_id: uuid.UUID) -> schemas.OfferDecision:
        offer = await self._locked_offer(offer_id)
        revision = is_revision(offer)
        if not revision:
            next_status(offer.status, OfferAction.approve)
        self._require_claim("offer", offer, moderator_id)
        organisation = await self.session.get(Organisation, offer.organisation_id)
        assert organisation is not None
        if organisation.verification_status != VerificationStatus.verified:
            raise ConflictError(msg(
                "The organisation is {status}: only a verified organisation's offers can be published",
                status=organisation.verification_status.value,
            ))
        before = _snapshot(offer, *_OFFER_STATE)
        now = _now()
        if revision:
            before["content"] = {
                field: _jsonable(getattr(offer, field))
                for field in offer_content.COLUMN_FIELDS
                if field in (offer.pending_revision or {})
            }
        applied = offer_content.apply_revision(offer)
        if not revision:
            offer.status = next_status(offer.status, OfferAction.approve)
            offer.published_at = now
            expiry = now + timedelta(days=self.settings.offer_expiry_days)
            offer.expires_at = min(expiry, offer.ends_at) if offer.ends_at else expiry
            # Reverse matching (who should hear about it) runs in the worker after the commit; the key makes
            # it once per offer, also when the offer is published again after being sent back.
            await enqueue(self.session, OFFER_PUBLISHED, {"offer_id": str(offer.id)},
                          dedupe_key=f"{OFFER_PUBLISHED}:{offer.id}")
        offer.rejection_reason = None
        await self._decided(offer, now)
        after = _snapshot(offer, *_OFFER_STATE)
        if revision:
            after["content"] = applied
        action = "offer.revision_approve" if revision else "offer.approve"
        await audit.record(
            self.session,
            actor_id=moderator_id,
            action=action,
            record_type="offer",
            record_id=offer.id,
            before=before,
            after=after,
        )
        await tell_members(
            self.session,
            offer.organisation_id,
            "revision_approved" if revision else "offer_approved",
            title=offer.title,
            link=app_links.absolute(app_links.offer(offer.id), self.settings.public_base_url),
        )
        await notify_members(self.session, offer.organisation_id, "offer.approved",
                             path=app_links.offer_management(offer.id), tag=topic("m", offer.id),
                             values={"title": offer.title})
        return await self._commit_offer(offer, revision)

    async def reject_offer(
        self, offer_id: uuid.UUID, moderator_id: uuid.UUID, data: schemas.Rejection
    ) -> schemas.OfferDecision:
        reason = self._rejection_reason(data)
        return await self._send_back(
            offer_id, moderator_id, OfferAction.reject, reason, mail=("revision_rejected", "offer_rejected")
        )

    async def request_offer_changes(
        self, offer_id: uuid.UUID, moderator_id: uuid.UUID, data: schemas.ChangeRequest
    ) -> schemas.OfferDecision:
        """A draft again with the moderator's note; for a revision the edits go back to the members and the
        approved version stays public."""
        note = data.note.strip()
        if not note:
            raise InvalidInputError(InvalidParam("note", msg("must not be blank"), "body"))
        return await self._send_back(
            offer_id, moderator_id, OfferAction.request_changes, note,
            mail=("offer_changes_requested", "offer_changes_requested"),
        )

    async def _send_back(
        self, offer_id: uuid.UUID, moderator_id: uuid.UUID, action: OfferAction, reason: str,
        *, mail: tuple[str, str],
    ) -> schemas.OfferDecision:
        """Reject or ask for changes: a new offer moves by the lifecycle table; a revision is discarded
        and the approved version stays public. `mail` names the e-mail for (revision, new offer)."""
        offer = await self._locked_offer(offer_id)
        revision = is_revision(offer)
        if not revision:
            next_status(offer.status, action)
        self._require_claim("offer", offer, moderator_id)
        before = _snapshot(offer, *_OFFER_STATE)
        if revision:
            before["pending_revision"] = offer.pending_revision
            offer.pending_revision = None
        else:
            offer.status = next_status(offer.status, action)
        offer.rejection_reason = reason
        await self._decided(offer, _now())
        await audit.record(
            self.session,
            actor_id=moderator_id,
            action=f"offer.revision_{action.value}" if revision else f"offer.{action.value}",
            record_type="offer",
            record_id=offer.id,
            reason=reason,
            before=before,
            after=_snapshot(offer, *_OFFER_STATE),
        )
        await tell_members(
            self.session, offer.organisation_id, mail[0] if revision else mail[1], title=offer.title, reason=reason
        )
        if action is OfferAction.reject:
            await notify_members(self.session, offer.organisation_id, "offer.rejected",
                                 path=app_links.offer_management(offer.id), tag=topic("m", offer.id),
                                 values={"title": offer.title, "reason": reason})
        return await self._commit_offer(offer, revision)

    async def _decided(self, offer: Offer, now: datetime) -> None:
        offer.review_claimed_by = None
        offer.review_claimed_at = None
        offer.version += 1  # a member's edit based on the version before the decision must get 412
        offer.updated_at = now

    async def _commit_offer(self, offer: Offer, revision: bool) -> schemas.OfferDecision:
        await self.session.commit()
        return schemas.OfferDecision(
            id=offer.id,
            status=offer.status.value,
            version=offer.version,
            is_revision=revision,
            rejection_reason=offer.rejection_reason,
            published_at=offer.published_at,
            expires_at=offer.expires_at,
        )

    def _rejection_reason(self, data: schemas.Rejection) -> str:
        """The listed reason, with the moderator's words after it."""
        if data.reason not in self.settings.rejection_reasons:
            allowed = ", ".join(self.settings.rejection_reasons)
            raise InvalidInputError(InvalidParam("reason", msg("must be one of: {allowed}", allowed=allowed), "body"))
        words = data.text.strip()
        return f"{data.reason}: {words}" if words else data.reason

    # Decisions on organisations ----------------------------------------------------------------------

    async def _locked_organisation(self, organisation_id: uuid.UUID) -> Organisation:
        organisation = await self.session.get(Organisation, organisation_id, with_for_update=True)
        if organisation is None:
            raise NotFoundError(msg("No organisation with id {id}", id=organisation_id))
        return organisation

    @staticmethod
    def _organisation_next(organisation: Organisation, action: str) -> VerificationStatus:
        sources, target = _ORGANISATION_TRANSITIONS[action]
        if organisation.verification_status not in sources:
            allowed = ", ".join(sorted(s.value for s in sources))
            raise ConflictError(msg(
                "Cannot {action} an organisation that is {status} (only from: {allowed})",
                action=action, status=organisation.verification_status.value, allowed=allowed,
            ))
        return target

    async def verify_organisation(
        self, organisation_id: uuid.UUID, moderator_id: uuid.UUID
    ) -> schemas.OrganisationDecision:
        organisation = await self._locked_organisation(organisation_id)
        target = self._organisation_next(organisation, "verify")
        self._require_claim("organisation", organisation, moderator_id)
        before = _snapshot(organisation, *_ORGANISATION_STATE)
        organisation.verification_status = target
        organisation.verified_at = _now()
        organisation.rejection_reason = None
        await notify_members(self.session, organisation.id, "organisation.verified",
                             path=app_links.organisation_management(), tag=topic("v", organisation.id),
                             values={"organisation": organisation.name})
        return await self._organisation_decided(
            organisation, moderator_id, "organisation.verify", None, before, "organisation_verified"
        )

    async def reject_organisation(
        self, organisation_id: uuid.UUID, moderator_id: uuid.UUID, data: schemas.Rejection
    ) -> schemas.OrganisationDecision:
        reason = self._rejection_reason(data)
        organisation = await self._locked_organisation(organisation_id)
        target = self._organisation_next(organisation, "reject")
        self._require_claim("organisation", organisation, moderator_id)
        before = _snapshot(organisation, *_ORGANISATION_STATE)
        organisation.verification_status = target
        organisation.rejection_reason = reason
        return await self._organisation_decided(
            organisation, moderator_id, "organisation.reject", reason, before, "organisation_rejected"
        )

    async def _organisation_decided(
        self,
        organisation: Organisation,
        moderator_id: uuid.UUID,
        action: str,
        reason: str | None,
        before: dict[str, Any],
        email: str,
        extra: dict[str, Any] | None = None,
    ) -> schemas.OrganisationDecision:
        organisation.review_claimed_by = None
        organisation.review_claimed_at = None
        await audit.record(
            self.session,
            actor_id=moderator_id,
            action=action,
            record_type="organisation",
            record_id=organisation.id,
            reason=reason,
            before=before,
            after={**_snapshot(organisation, *_ORGANISATION_STATE), **(extra or {})},
        )
        await tell_members(self.session, organisation.id, email, title=organisation.name, reason=reason or "")
        await self.session.commit()
        return schemas.OrganisationDecision(
            id=organisation.id,
            verification_status=organisation.verification_status.value,
            verified_at=organisation.verified_at,
            rejection_reason=organisation.rejection_reason,
        )

    # Reports, the audit log and figures ---------------------------------------------------------------

    async def report(
        self, data: schemas.ReportCreate, reporter_id: uuid.UUID | None
    ) -> schemas.ReportReceipt:
        return await reports.create_report(self.session, data, reporter_id)

    async def report_groups(self, limit: int) -> schemas.ReportGroups:
        return await reports.open_report_groups(self.session, limit)

    async def audit_log(
        self, where: audit_log.AuditFilter, limit: int | None, cursor: str | None
    ) -> schemas.AuditPage:
        return await audit_log.search(self.session, self.cursors, where, limit, cursor)

    async def figures(self) -> schemas.Figures:
        return await figures.figures(self.session)

    # Acting on reports -------------------------------------------------------------------------------

    async def unpublish_offer(
        self, offer_id: uuid.UUID, moderator_id: uuid.UUID, data: schemas.Rejection
    ) -> schemas.OfferDecision:
        reason = self._rejection_reason(data)
        offer = await self._locked_offer(offer_id)
        await self._unpublish(offer, moderator_id, reason)
        await self._close_reports(ReportTarget.offer, offer.id, moderator_id, ReportStatus.actioned, reason)
        await tell_members(
            self.session, offer.organisation_id, "offer_unpublished", title=offer.title, reason=reason
        )
        return await self._commit_offer(offer, False)

    async def _unpublish(self, offer: Offer, moderator_id: uuid.UUID, reason: str) -> None:
        target = next_status(offer.status, OfferAction.unpublish)
        before = _snapshot(offer, *_OFFER_STATE)
        offer.status = target
        offer.rejection_reason = reason
        offer.pending_revision = None  # the members revise the offer as a draft from here on
        await self._decided(offer, _now())
        await audit.record(
            self.session,
            actor_id=moderator_id,
            action="offer.unpublish",
            record_type="offer",
            record_id=offer.id,
            reason=reason,
            before=before,
            after=_snapshot(offer, *_OFFER_STATE),
        )

    async def suspend_organisation(
        self, organisation_id: uuid.UUID, moderator_id: uuid.UUID, data: schemas.Rejection
    ) -> schemas.OrganisationDecision:
        """The organisation and every offer of it that the public could see leave the public; its open
        reports and those on its offers count as acted on."""
        reason = self._rejection_reason(data)
        organisation = await self._locked_organisation(organisation_id)
        target = self._organisation_next(organisation, "suspend")
        before = _snapshot(organisation, *_ORGANISATION_STATE)
        organisation.verification_status = target
        organisation.rejection_reason = reason
        offers = (
            (
                await self.session.execute(
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
            await self._unpublish(offer, moderator_id, reason)
            await self._close_reports(
                ReportTarget.offer, offer.id, moderator_id, ReportStatus.actioned, reason
            )
        await self._close_reports(
            ReportTarget.organisation, organisation.id, moderator_id, ReportStatus.actioned, reason
        )
        return await self._organisation_decided(
            organisation,
            moderator_id,
            "organisation.suspend",
            reason,
            before,
            "organisation_suspended",
            extra={"offers_unpublished": [str(offer.id) for offer in offers]},
        )

    async def suspend_user(
        self, user_id: uuid.UUID, moderator: uuid.UUID, is_admin: bool, reason: str
    ) -> schemas.UserSuspension:
        """The account's sessions and tokens of its own stop working at once: sign-in and every request
        accept only active accounts."""
        reason = reason.strip()
        if not reason:
            raise InvalidInputError(InvalidParam("reason", msg("must not be blank"), "body"))
        user = await self.session.get(User, user_id, with_for_update=True)
        if user is None or user.status == UserStatus.deleted:
            raise NotFoundError(msg("No account with id {id}", id=user_id))
        if user.id == moderator:
            raise ConflictError(msg("You cannot suspend your own account"))
        if (user.is_moderator or user.is_admin) and not is_admin:
            raise ForbiddenError(msg("Only administrators may suspend moderators and administrators"))
        if user.status != UserStatus.active:
            raise ConflictError(msg("The account is {status}", status=user.status.value))
        user.status = UserStatus.suspended
        user.updated_at = _now()
        await audit.record(
            self.session,
            actor_id=moderator,
            action="user.suspend",
            record_type="user",
            record_id=user.id,
            reason=reason,
            before={"status": UserStatus.active.value},
            after={"status": UserStatus.suspended.value},
        )
        await self.session.commit()
        return schemas.UserSuspension(id=user.id, status=user.status.value)

    async def dismiss_reports(
        self, target_type: ReportTarget, target_id: uuid.UUID, moderator_id: uuid.UUID, note: str
    ) -> schemas.ReportsHandled:
        note = note.strip()
        count = await self._close_reports(
            target_type, target_id, moderator_id, ReportStatus.dismissed, note or None
        )
        if count == 0:
            raise NotFoundError(_of_kind(target_type.value, msg("No open reports on offer {id}", id=target_id),
                                         msg("No open reports on organisation {id}", id=target_id)))
        await self.session.commit()
        return schemas.ReportsHandled(
            target_type=target_type.value,
            target_id=target_id,
            reports=count,
            status=ReportStatus.dismissed.value,
        )

    async def _close_reports(
        self,
        target_type: ReportTarget,
        target_id: uuid.UUID,
        moderator_id: uuid.UUID,
        status: ReportStatus,
        resolution: str | None,
    ) -> int:
        closed = (
            (
                await self.session.execute(
                    update(Report)
                    .where(
                        col(Report.target_type) == target_type,
                        col(Report.target_id) == target_id,
                        col(Report.status) == ReportStatus.open,
                    )
                    .values(status=status, handled_by=moderator_id, handled_at=_now(), resolution=resolution)
                    .returning(col(Report.id))
                )
            )
            .scalars()
            .all()
        )
        if closed:
            await audit.record(
                self.session,
                actor_id=moderator_id,
                action=f"reports.{status.value}",
                record_type=target_type.value,
                record_id=target_id,
                reason=resolution,
                before={"open_reports": len(closed)},
                after={"status": status.value, "reports": [str(report) for report in closed]},
            )
        return len(closed)


def _claimable(kind: schemas.ClaimKind, prefix: str) -> tuple[str, str]:
    """The table and the condition under which a record of this kind awaits review."""
    if kind == "offer":
        return "offer", _OFFER_IN_QUEUE.format(t=prefix)
    return "organisation", f"{prefix}verification_status = 'pending'"


def _claim_fields(
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
