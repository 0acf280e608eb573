"""What members send and get when they manage their organisation's offers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from api.db.offers import Commitment, OfferStatus
from api.domain.offers.schemas import GeoPoint

Title = Annotated[str, msgspec.Meta(min_length=1, max_length=140)]
Summary = Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
# Before sanitising; the stored description is capped at content.DESCRIPTION_MAX.
Description = Annotated[str, msgspec.Meta(min_length=1, max_length=20_000)]
Slug = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
Categories = Annotated[list[Slug], msgspec.Meta(min_length=1, max_length=5, examples=[["environment"]])]
Skills = Annotated[
    list[Annotated[str, msgspec.Meta(min_length=1, max_length=60)]], msgspec.Meta(max_length=20)
]
Languages = Annotated[
    list[Annotated[str, msgspec.Meta(pattern="^[a-z]{2}$")]], msgspec.Meta(min_length=1, max_length=10)
]
Address = Annotated[str, msgspec.Meta(max_length=300)]
District = Annotated[str, msgspec.Meta(max_length=80)]
Hours = Annotated[float, msgspec.Meta(gt=0, le=60)]
Capacity = Annotated[int, msgspec.Meta(ge=1, le=10_000)]
MinAge = Annotated[int, msgspec.Meta(ge=0, le=99)]
Notes = Annotated[str, msgspec.Meta(max_length=500)]
ContactName = Annotated[str, msgspec.Meta(max_length=120)]
ContactEmail = Annotated[str, msgspec.Meta(max_length=254)]
ContactPhone = Annotated[str, msgspec.Meta(max_length=40)]
Time = Annotated[str, msgspec.Meta(pattern="^([01][0-9]|2[0-3]):[0-5][0-9]$", examples=["10:00"])]


class Location(msgspec.Struct, forbid_unknown_fields=True):
    lat: Annotated[float, msgspec.Meta(ge=-90, le=90)]
    lon: Annotated[float, msgspec.Meta(ge=-180, le=180)]


class WeeklySlotInput(msgspec.Struct, forbid_unknown_fields=True):
    day: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    start: Time
    end: Time


WeeklyPattern = Annotated[list[WeeklySlotInput], msgspec.Meta(min_length=1, max_length=14)]


class OfferDraft(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new offer. `location` is required unless `is_remote`; one-off offers need `starts_at`, regular
    ones `weekly_pattern` or `hours_per_week`. Times without an offset are UTC. `description` may use
    <p>, <br>, lists, <strong>, <em> and links; everything else is removed."""

    title: Title
    summary: Summary
    description: Description
    categories: Categories
    commitment: Commitment
    skills: Skills = msgspec.field(default_factory=list)
    languages: Languages = msgspec.field(default_factory=lambda: ["de"])
    location: Location | None = None
    is_remote: bool = False
    address: Address | None = None
    district: District | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    weekly_pattern: WeeklyPattern | None = None
    hours_per_week: Hours | None = None
    capacity: Capacity | None = None
    min_age: MinAge | None = None
    accessible: bool = False
    accessibility_notes: Notes | None = None
    contact_name: ContactName | None = None
    contact_email: ContactEmail | None = None
    contact_phone: ContactPhone | None = None


class OfferChanges(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Only the fields sent change; null clears an optional field."""

    title: Title | UnsetType = UNSET
    summary: Summary | UnsetType = UNSET
    description: Description | UnsetType = UNSET
    categories: Categories | UnsetType = UNSET
    commitment: Commitment | UnsetType = UNSET
    skills: Skills | UnsetType = UNSET
    languages: Languages | UnsetType = UNSET
    location: Location | None | UnsetType = UNSET
    is_remote: bool | UnsetType = UNSET
    address: Address | None | UnsetType = UNSET
    district: District | None | UnsetType = UNSET
    starts_at: datetime | None | UnsetType = UNSET
    ends_at: datetime | None | UnsetType = UNSET
    weekly_pattern: WeeklyPattern | None | UnsetType = UNSET
    hours_per_week: Hours | None | UnsetType = UNSET
    capacity: Capacity | None | UnsetType = UNSET
    min_age: MinAge | None | UnsetType = UNSET
    accessible: bool | UnsetType = UNSET
    accessibility_notes: Notes | None | UnsetType = UNSET
    contact_name: ContactName | None | UnsetType = UNSET
    contact_email: ContactEmail | None | UnsetType = UNSET
    contact_phone: ContactPhone | None | UnsetType = UNSET


class WeeklySlot(msgspec.Struct):
    day: str
    start: str
    end: str


class OfferContent(msgspec.Struct, kw_only=True):
    title: str
    summary: str
    description: str
    categories: list[str]
    commitment: str
    skills: list[str]
    languages: list[str]
    location: GeoPoint | None
    is_remote: bool
    address: str | None
    district: str | None
    starts_at: datetime | None
    ends_at: datetime | None
    weekly_pattern: list[WeeklySlot] | None
    hours_per_week: float | None
    capacity: int | None
    min_age: int | None
    accessible: bool
    accessibility_notes: str | None
    contact_name: str | None
    contact_email: str | None
    contact_phone: str | None


class PrecheckFlag(msgspec.Struct):
    check: str
    detail: str


class ManagedOffer(OfferContent, kw_only=True):
    """An offer as its organisation sees it. While an edit of a published offer waits for review,
    `pending_revision` holds the new content and the other fields what the public sees."""

    id: UUID
    organisation_id: UUID
    status: OfferStatus
    version: int
    """Send it back as `If-Match: W/"<version>"` (the ETag header) when changing the offer."""
    pending_revision: OfferContent | None
    precheck_flags: list[PrecheckFlag]
    rejection_reason: str | None
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    published_at: datetime | None
    paused_at: datetime | None
    closed_at: datetime | None
    expires_at: datetime | None


class ManagedOfferSummary(msgspec.Struct):
    id: UUID
    title: str
    status: OfferStatus
    version: int
    has_pending_revision: bool
    precheck_flags: int
    updated_at: datetime
    published_at: datetime | None
    expires_at: datetime | None


class ManagedOfferList(msgspec.Struct):
    items: list[ManagedOfferSummary]
    total: int
