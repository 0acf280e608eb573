"""The moderation desk as its controllers use it: one object per request, holding the session, that
hands each call to the module doing that one thing: `queue` (what awaits review), `claims`,
`decisions` (on offers and organisations), `enforcement` (acting on reports and misuse), `reports`,
`audit_log` and `figures`."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from api.db.reports import ReportTarget
from api.domain.moderation import audit_log, claims, decisions, enforcement, figures, queue, reports, schemas
from api.lib.cursors import CursorCodec
from api.settings import Settings


class ModerationService:
    def __init__(self, session: AsyncSession, settings: Settings, cursors: CursorCodec) -> None:
        self.session = session
        self.settings = settings
        self.cursors = cursors

    # What awaits review

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
        return await queue.queue(
            self.session, moderator_id, kind=kind, category=category, district=district, claimed=claimed,
            flagged=flagged, limit=limit,
        )

    async def offer_for_review(self, offer_id: uuid.UUID) -> schemas.OfferReview:
        return await queue.offer_for_review(self.session, offer_id)

    # Claims

    async def claim(self, kind: schemas.ClaimKind, record_id: uuid.UUID, moderator: schemas.Moderator) -> schemas.Claim:
        return await claims.claim(self.session, kind, record_id, moderator)

    async def release(self, kind: schemas.ClaimKind, record_id: uuid.UUID, moderator_id: uuid.UUID) -> None:
        await claims.release(self.session, kind, record_id, moderator_id)

    # Decisions

    async def approve_offer(self, offer_id: uuid.UUID, moderator_id: uuid.UUID) -> schemas.OfferDecision:
        return await decisions.approve_offer(self.session, self.settings, offer_id, moderator_id)

    async def reject_offer(
        self, offer_id: uuid.UUID, moderator_id: uuid.UUID, data: schemas.Rejection
    ) -> schemas.OfferDecision:
        return await decisions.reject_offer(self.session, self.settings, offer_id, moderator_id, data)

    async def request_offer_changes(
        self, offer_id: uuid.UUID, moderator_id: uuid.UUID, data: schemas.ChangeRequest
    ) -> schemas.OfferDecision:
        return await decisions.request_offer_changes(self.session, offer_id, moderator_id, data)

    async def verify_organisation(
        self, organisation_id: uuid.UUID, moderator_id: uuid.UUID
    ) -> schemas.OrganisationDecision:
        return await decisions.verify_organisation(self.session, organisation_id, moderator_id)

    async def reject_organisation(
        self, organisation_id: uuid.UUID, moderator_id: uuid.UUID, data: schemas.Rejection
    ) -> schemas.OrganisationDecision:
        return await decisions.reject_organisation(self.session, self.settings, organisation_id, moderator_id, data)

    # Acting on reports and misuse

    async def unpublish_offer(
        self, offer_id: uuid.UUID, moderator_id: uuid.UUID, data: schemas.Rejection
    ) -> schemas.OfferDecision:
        return await enforcement.unpublish_offer(self.session, self.settings, offer_id, moderator_id, data)

    async def suspend_organisation(
        self, organisation_id: uuid.UUID, moderator_id: uuid.UUID, data: schemas.Rejection
    ) -> schemas.OrganisationDecision:
        return await enforcement.suspend_organisation(
            self.session, self.settings, organisation_id, moderator_id, data
        )

    async def suspend_user(
        self, user_id: uuid.UUID, moderator: uuid.UUID, is_admin: bool, reason: str
    ) -> schemas.UserSuspension:
        return await enforcement.suspend_user(self.session, user_id, moderator, is_admin, reason)

    async def dismiss_reports(
        self, target_type: ReportTarget, target_id: uuid.UUID, moderator_id: uuid.UUID, note: str
    ) -> schemas.ReportsHandled:
        return await enforcement.dismiss_reports(self.session, target_type, target_id, moderator_id, note)

    # Reports, the audit log and figures

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
