"""What the API takes and says about applications ("I'll help") and calendars."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

MESSAGE_MAX = 2000
# The pattern offers use for their contact phone: digits, spaces and + ( ) / . - only.
PHONE_PATTERN = r"^\+?[0-9][0-9 ()/.\-]{2,38}$"


class SharedContact(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    """Only what the volunteer chooses to show the organisation; each part is optional."""

    name: Annotated[str, msgspec.Meta(min_length=1, max_length=120)] | None = None
    email: Annotated[str, msgspec.Meta(min_length=3, max_length=254)] | None = None
    phone: Annotated[str, msgspec.Meta(max_length=40, pattern=PHONE_PATTERN)] | None = None


class ApplicationCreate(msgspec.Struct, forbid_unknown_fields=True):
    message: Annotated[str, msgspec.Meta(max_length=MESSAGE_MAX)] | None = None
    """Plain text for the organisation; markup is removed."""
    contact: SharedContact | None = None


class PlaceToken(msgspec.Struct, forbid_unknown_fields=True):
    token: Annotated[str, msgspec.Meta(min_length=10, max_length=200)]


class MyApplication(msgspec.Struct):
    id: UUID
    offer_id: UUID
    offer_title: str
    organisation_name: str
    status: str
    message: str | None
    contact: SharedContact | None
    waiting_position: int | None
    """1 for the first person on the waiting list; null unless waiting."""
    offered_until: datetime | None
    """While a place is offered to me: take it before this time."""
    created_at: datetime
    updated_at: datetime


class Applicant(msgspec.Struct):
    """An application as the organisation sees it: never the person's account e-mail, name or home."""

    id: UUID
    status: str
    message: str | None
    contact: SharedContact | None
    waiting_position: int | None
    offered_until: datetime | None
    applied_at: datetime
    decided_at: datetime | None
    anonymised: bool
    """The person deleted their account; the row stays for the figures and holds no place."""


class PlaceCounts(msgspec.Struct):
    capacity: int | None
    accepted: int
    offered: int
    """Places held for people from the waiting list until they take them."""
    waiting: int
    pending: int
    places_left: int | None
    """Null when the offer has no capacity limit."""


class ApplicantList(msgspec.Struct):
    offer_id: UUID
    counts: PlaceCounts
    items: list[Applicant]
    total: int


class CalendarFeedLink(msgspec.Struct):
    url: str
    """Secret: anyone with it sees your engagements. A new one replaces the old."""
