"""The export of everything VoluMap holds about a person (GDPR Art. 15 and 20), and the request to erase it
(Art. 17). Each export section is a list of records of one kind, keyed by its name."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Any
from uuid import UUID

import msgspec

EXPORT_SCHEMA_VERSION = 1


class AccountDeletion(msgspec.Struct, forbid_unknown_fields=True):
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=1024, description="Your current password.")]


class AccountRecord(msgspec.Struct):
    id: UUID
    email: str
    display_name: str
    locale: str
    status: str
    roles: list[str]
    created_at: datetime
    updated_at: datetime
    email_verified_at: datetime | None


class MembershipRecord(msgspec.Struct):
    organisation_id: UUID
    organisation_name: str
    role: str
    since: datetime


class InvitationRecord(msgspec.Struct):
    id: UUID
    organisation_id: UUID
    organisation_name: str
    email: str
    role: str
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None


class GeoPoint(msgspec.Struct):
    lat: float
    lon: float


class VolunteerProfileRecord(msgspec.Struct):
    home: GeoPoint
    """As stored: the centre of the 250 m grid cell around the point you gave."""
    radius_km: float
    interests: list[str]
    """Category slugs."""
    skills: list[str]
    languages: list[str]
    availability: list[str]
    """Weekly slots such as "saturday_morning"."""
    notify_new_offers: bool
    quiet_start: time
    quiet_end: time
    daily_cap: int
    created_at: datetime
    updated_at: datetime


class ApplicationRecord(msgspec.Struct):
    id: UUID
    offer_id: UUID
    offer_title: str
    organisation_name: str
    status: str
    message: str | None
    shared_contact: dict[str, Any] | None
    waiting_since: datetime | None
    offered_until: datetime | None
    decided_at: datetime | None
    created_at: datetime
    updated_at: datetime


class CalendarFeedRecord(msgspec.Struct):
    created_at: datetime
    """The feed's address itself is never stored, only a hash of it; it cannot be exported."""


class OfferMatchRecord(msgspec.Struct):
    offer_id: UUID
    offer_title: str
    distance_m: float
    matched_at: datetime


class PushSubscriptionRecord(msgspec.Struct):
    channel: str
    endpoint: str
    locale: str
    created_at: datetime
    last_success_at: datetime | None
    notifications_sent: int


class PushAllowanceRecord(msgspec.Struct):
    day: date
    new_offer_notifications: int


class ReportRecord(msgspec.Struct):
    id: UUID
    target_type: str
    target_id: UUID
    reason: str
    text: str
    status: str
    created_at: datetime
    handled_at: datetime | None


class HandledReportRecord(msgspec.Struct):
    id: UUID
    target_type: str
    target_id: UUID
    status: str
    handled_at: datetime | None


class HandledFeedbackRecord(msgspec.Struct):
    id: UUID
    kind: str
    status: str
    handled_at: datetime | None


class ReviewClaimRecord(msgspec.Struct):
    record_type: str
    record_id: UUID
    claimed_at: datetime | None


class OfferCreatedRecord(msgspec.Struct):
    id: UUID
    organisation_id: UUID
    title: str
    status: str
    created_at: datetime


class ApiTokenRecord(msgspec.Struct):
    id: UUID
    organisation_id: UUID
    organisation_name: str
    name: str
    scopes: list[str]
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class AccountTokenRecord(msgspec.Struct):
    purpose: str
    new_email: str | None
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None


class AuditRecord(msgspec.Struct):
    id: int
    created_at: datetime
    action: str
    record_type: str
    record_id: UUID
    reason: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class PersonalDataExport(msgspec.Struct):
    """Everything about you, one section per kind of record; empty sections are empty lists (or null for
    the ones you have at most one of)."""

    schema_version: int
    generated_at: datetime
    account: AccountRecord
    memberships: list[MembershipRecord]
    invitations_sent: list[InvitationRecord]
    invitations_received: list[InvitationRecord]
    volunteer_profile: VolunteerProfileRecord | None
    applications: list[ApplicationRecord]
    calendar_feed: CalendarFeedRecord | None
    offer_matches: list[OfferMatchRecord]
    push_subscriptions: list[PushSubscriptionRecord]
    """Your devices that get notifications, and how many each got."""
    push_allowances: list[PushAllowanceRecord]
    """How many new-offer notifications you got per day (for your daily cap), for the last two days."""
    reports: list[ReportRecord]
    offers_created: list[OfferCreatedRecord]
    api_tokens_created: list[ApiTokenRecord]
    account_tokens: list[AccountTokenRecord]
    """E-mail links sent to you: what for and when; never the links themselves."""
    audit_entries_as_actor: list[AuditRecord]
    """Every change you made that the audit log recorded."""
    audit_entries_about_account: list[AuditRecord]
    """Changes others made to your account (moderator rights, suspension)."""
    reports_handled: list[HandledReportRecord]
    feedback_handled: list[HandledFeedbackRecord]
    """Feedback you (as a moderator) marked answered or closed, while it is kept."""
    review_claims: list[ReviewClaimRecord]
