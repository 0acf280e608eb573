from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec

ReasonText = Annotated[str, msgspec.Meta(max_length=2000)]
ReportReasonName = Literal["spam", "wrong_information", "discriminatory", "commercial", "dangerous", "other"]


class Moderator(msgspec.Struct):
    id: UUID
    display_name: str


class OrganisationRef(msgspec.Struct):
    id: UUID
    name: str
    slug: str
    verification_status: str


class QueueItem(msgspec.Struct):
    kind: Literal["offer", "organisation"]
    id: UUID
    title: str
    status: str
    waiting_since: datetime
    """When the offer was submitted (or the organisation registered): the queue's order."""
    is_revision: bool
    """A published offer's edited content awaiting review; the public sees the approved version meanwhile."""
    district: str | None
    categories: list[str]
    precheck_flags: list[dict[str, str]]
    organisation: OrganisationRef | None
    claimed_by: Moderator | None
    claimed_at: datetime | None
    claim_expires_at: datetime | None


class Queue(msgspec.Struct):
    items: list[QueueItem]


ClaimKind = Literal["offer", "organisation"]
"""What a moderator claims for review."""


class Claim(msgspec.Struct):
    kind: ClaimKind
    id: UUID
    claimed_by: Moderator
    claimed_at: datetime
    expires_at: datetime


class OfferReview(msgspec.Struct):
    """Everything a moderator needs to decide on an offer: its current content and, for a revision,
    the edits awaiting review."""

    id: UUID
    status: str
    version: int
    title: str
    summary: str
    description: str
    categories: list[str]
    district: str | None
    address: str | None
    is_remote: bool
    commitment: str
    starts_at: datetime | None
    ends_at: datetime | None
    contact_name: str | None
    contact_email: str | None
    contact_phone: str | None
    rejection_reason: str | None
    pending_revision: dict[str, Any] | None
    precheck_flags: list[dict[str, str]]
    submitted_at: datetime | None
    published_at: datetime | None
    expires_at: datetime | None
    organisation: OrganisationRef
    claimed_by: Moderator | None
    claimed_at: datetime | None


class Rejection(msgspec.Struct, forbid_unknown_fields=True):
    reason: Annotated[
        str, msgspec.Meta(min_length=1, max_length=60, description="One of the configured reasons.")
    ]
    text: ReasonText = ""


class ChangeRequest(msgspec.Struct, forbid_unknown_fields=True):
    note: Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]


class ModerationNote(msgspec.Struct, forbid_unknown_fields=True):
    """Why a moderator acted (unpublish, suspend, dismiss); kept in the audit log."""

    reason: ReasonText = ""


class OfferDecision(msgspec.Struct):
    id: UUID
    status: str
    version: int
    is_revision: bool
    rejection_reason: str | None
    published_at: datetime | None
    expires_at: datetime | None


class OrganisationDecision(msgspec.Struct):
    id: UUID
    verification_status: str
    verified_at: datetime | None
    rejection_reason: str | None


class ReportCreate(msgspec.Struct, forbid_unknown_fields=True):
    target_type: Literal["offer", "organisation"]
    target_id: UUID
    reason: ReportReasonName
    text: ReasonText = ""


class ReportReceipt(msgspec.Struct):
    id: UUID
    status: str


class ReportText(msgspec.Struct):
    reason: str
    text: str
    created_at: datetime


class ReportGroup(msgspec.Struct):
    target_type: str
    target_id: UUID
    target_title: str
    target_status: str
    count: int
    reasons: dict[str, int]
    first_reported_at: datetime
    last_reported_at: datetime
    latest: list[ReportText]


class ReportGroups(msgspec.Struct):
    items: list[ReportGroup]


class ReportsHandled(msgspec.Struct):
    target_type: str
    target_id: UUID
    reports: int
    status: str


class UserSuspension(msgspec.Struct):
    id: UUID
    status: str


class AuditEntryPublic(msgspec.Struct):
    id: int
    created_at: datetime
    actor_id: UUID | None
    actor_name: str | None
    action: str
    record_type: str
    record_id: UUID
    reason: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class AuditPage(msgspec.Struct):
    items: list[AuditEntryPublic]
    next_cursor: str | None


class QueueLength(msgspec.Struct):
    offers: int
    organisations: int


class DistrictCount(msgspec.Struct):
    district: str | None
    offers: int


class CategoryCount(msgspec.Struct):
    category: str
    offers: int


class MonthCount(msgspec.Struct):
    month: str
    organisations: int


class Figures(msgspec.Struct):
    queue: QueueLength
    median_hours_to_decision: float | None
    """From submission to approval or rejection, over the decisions of the last 90 days."""
    decisions_last_90_days: int
    published_offers_per_district: list[DistrictCount]
    published_offers_per_category: list[CategoryCount]
    new_organisations_per_month: list[MonthCount]
