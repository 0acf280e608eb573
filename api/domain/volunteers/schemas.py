"""What a resident sends and gets for their volunteer profile and their "for you" list."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from api.domain.offers.schemas import OfferSummary
from api.lib.home_area import CoarsenedPoint, QuietHours

Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Part = Literal["morning", "afternoon", "evening"]
Slug = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
Skill = Annotated[str, msgspec.Meta(min_length=1, max_length=60)]
Language = Annotated[str, msgspec.Meta(pattern="^[a-z]{2}$", examples=["de"])]


class Slot(msgspec.Struct, forbid_unknown_fields=True):
    """A part of a weekday: morning (until 12:00), afternoon (12:00–17:00) or evening (from 17:00)."""

    day: Day
    part: Part


class NotificationSettings(msgspec.Struct, forbid_unknown_fields=True):
    new_offers: bool = True
    """Tell me about new offers that match my profile."""
    quiet_hours: QuietHours = msgspec.field(default_factory=QuietHours)
    daily_cap: Annotated[int, msgspec.Meta(ge=0, le=50)] = 3
    """At most this many notifications about new offers a day."""


class VolunteerProfileInput(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """The whole profile (PUT replaces it). `lat`/`lon` come from the device or an address lookup; only the
    centre of their 250 m grid cell is stored."""

    lat: Annotated[float, msgspec.Meta(ge=-90, le=90)]
    lon: Annotated[float, msgspec.Meta(ge=-180, le=180)]
    radius_km: Annotated[float, msgspec.Meta(ge=1, le=50)] = 10.0
    interests: Annotated[list[Slug], msgspec.Meta(max_length=20)] = msgspec.field(default_factory=list)
    """Category slugs from /api/v1/categories; none means every category."""
    skills: Annotated[list[Skill], msgspec.Meta(max_length=20)] = msgspec.field(default_factory=list)
    availability: Annotated[list[Slot], msgspec.Meta(max_length=21)] = msgspec.field(default_factory=list)
    languages: Annotated[list[Language], msgspec.Meta(min_length=1, max_length=10)] = msgspec.field(
        default_factory=lambda: ["de"]
    )
    """ISO 639-1 codes."""
    notifications: NotificationSettings = msgspec.field(default_factory=NotificationSettings)


class VolunteerProfile(msgspec.Struct):
    home: CoarsenedPoint
    radius_km: float
    interests: list[str]
    skills: list[str]
    availability: list[Slot]
    languages: list[str]
    notifications: NotificationSettings
    created_at: datetime
    updated_at: datetime


class RankedOffer(OfferSummary, kw_only=True):
    score: float
    """0 to 1; how the parts are weighed is in the README ("For you")."""
    reasons: list[str]
    """Short texts in the account's language: ["Umwelt und Naturschutz", "1,2 km", "Samstagvormittag"]."""
    places_left: int | None
    """Null when the offer has no capacity; 0 when it is full (new applicants join its waiting list)."""


class ForYou(msgspec.Struct):
    items: list[RankedOffer]
    """Best first; full offers last."""
