"""What the API says about offers. msgspec structs: the public read path is hot, and these encode fastest."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec


class GeoPoint(msgspec.Struct):
    lat: Annotated[float, msgspec.Meta(ge=-90, le=90)]
    lon: Annotated[float, msgspec.Meta(ge=-180, le=180)]


class OrganisationRef(msgspec.Struct):
    slug: str
    name: str


class OfferSummary(msgspec.Struct):
    id: UUID
    title: str
    summary: str
    organisation: OrganisationRef
    categories: list[str]
    commitment: str
    starts_at: datetime | None
    ends_at: datetime | None
    district: str | None
    is_remote: bool
    accessible: bool
    location: GeoPoint | None
    published_at: datetime | None
    distance_m: float | None = None
    """Geodesic distance from the search point in metres; null in searches without a point."""


class WeeklySlot(msgspec.Struct):
    day: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    start: str
    end: str


class OfferDetail(OfferSummary, kw_only=True):
    description: str
    skills: list[str]
    languages: list[str]
    address: str | None
    weekly_pattern: list[WeeklySlot] | None
    hours_per_week: float | None
    capacity: int | None
    min_age: int | None
    accessibility_notes: str | None
    contact_name: str | None
    contact_email: str | None
    contact_phone: str | None
    expires_at: datetime | None
    updated_at: datetime
    version: int
    places_left: int | None
    """Places nobody holds or waits for; null when the offer has no limit."""
    is_full: bool
    """No place left: new applicants join the waiting list."""


class OfferPage(msgspec.Struct):
    items: list[OfferSummary]
    next_cursor: str | None
    """Pass as `cursor` to get the next page; null on the last page."""


class PointGeometry(msgspec.Struct):
    coordinates: tuple[float, float]
    type: Literal["Point"] = "Point"


class OfferFeature(msgspec.Struct):
    id: UUID
    geometry: PointGeometry | None
    properties: OfferSummary
    type: Literal["Feature"] = "Feature"


class OfferFeatureCollection(msgspec.Struct):
    features: list[OfferFeature]
    next_cursor: str | None
    type: Literal["FeatureCollection"] = "FeatureCollection"

    @classmethod
    def from_page(cls, page: OfferPage) -> OfferFeatureCollection:
        return cls(
            features=[
                OfferFeature(
                    id=offer.id,
                    geometry=PointGeometry((offer.location.lon, offer.location.lat)) if offer.location else None,
                    properties=offer,
                )
                for offer in page.items
            ],
            next_cursor=page.next_cursor,
        )
