from __future__ import annotations

import msgspec

from api.domain.offers.schemas import GeoPoint, OfferSummary


class OrganisationPublic(msgspec.Struct):
    slug: str
    name: str
    description: str
    website: str | None
    contact_email: str | None
    contact_phone: str | None
    address: str | None
    district: str | None
    location: GeoPoint | None
    legal_form: str | None
    verified: bool
    offers: list[OfferSummary]
    """Its published offers, newest first (at most 100)."""
