from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from api.domain.offers.schemas import GeoPoint, OfferSummary


class OrganisationProfile(msgspec.Struct, kw_only=True):
    """What an organisation says about itself, the same for the public and for its members."""

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


class OrganisationPublic(OrganisationProfile, kw_only=True):
    verified: bool
    offers: list[OfferSummary]
    """Its published offers, newest first (at most 100)."""


DESCRIPTION_MAX = 5000


class OrganisationCreate(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=2, max_length=160)]
    description: Annotated[str, msgspec.Meta(max_length=DESCRIPTION_MAX)] = ""
    """A little HTML (paragraphs, lists, emphasis, links); anything else is removed."""
    website: Annotated[str, msgspec.Meta(max_length=300)] | None = None
    contact_email: Annotated[str, msgspec.Meta(max_length=254)] | None = None
    contact_phone: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    address: Annotated[str, msgspec.Meta(max_length=300)] | None = None
    district: Annotated[str, msgspec.Meta(max_length=80)] | None = None
    location: GeoPoint | None = None
    """Must lie inside the service area."""
    legal_form: Annotated[str, msgspec.Meta(max_length=80)] | None = None


class OrganisationUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """Only the fields sent change; null clears an optional field. The slug never changes."""

    name: Annotated[str, msgspec.Meta(min_length=2, max_length=160)] | msgspec.UnsetType = msgspec.UNSET
    description: Annotated[str, msgspec.Meta(max_length=DESCRIPTION_MAX)] | msgspec.UnsetType = msgspec.UNSET
    website: Annotated[str, msgspec.Meta(max_length=300)] | None | msgspec.UnsetType = msgspec.UNSET
    contact_email: Annotated[str, msgspec.Meta(max_length=254)] | None | msgspec.UnsetType = msgspec.UNSET
    contact_phone: Annotated[str, msgspec.Meta(max_length=40)] | None | msgspec.UnsetType = msgspec.UNSET
    address: Annotated[str, msgspec.Meta(max_length=300)] | None | msgspec.UnsetType = msgspec.UNSET
    district: Annotated[str, msgspec.Meta(max_length=80)] | None | msgspec.UnsetType = msgspec.UNSET
    location: GeoPoint | None | msgspec.UnsetType = msgspec.UNSET
    legal_form: Annotated[str, msgspec.Meta(max_length=80)] | None | msgspec.UnsetType = msgspec.UNSET


class OrganisationManaged(OrganisationProfile, kw_only=True):
    """An organisation as its members see it, whatever its verification status."""

    id: UUID
    verification_status: str
    rejection_reason: str | None
    created_at: datetime
    verified_at: datetime | None
    your_role: str | None
    """The caller's role; null for an API token."""


MemberRole = Literal["owner", "editor"]


class MemberPublic(msgspec.Struct):
    user_id: UUID
    display_name: str
    email: str
    role: str
    since: datetime


class RoleChange(msgspec.Struct, forbid_unknown_fields=True):
    role: MemberRole


class InvitationCreate(msgspec.Struct, forbid_unknown_fields=True):
    email: Annotated[str, msgspec.Meta(min_length=3, max_length=254)]
    role: MemberRole = "editor"


class InvitationPublic(msgspec.Struct):
    id: UUID
    email: str
    role: str
    created_at: datetime
    expires_at: datetime


class InvitationAcceptance(msgspec.Struct, forbid_unknown_fields=True):
    token: Annotated[str, msgspec.Meta(min_length=10, max_length=200)]


class MembershipPublic(msgspec.Struct):
    organisation_id: UUID
    slug: str
    name: str
    role: str


class ApiTokenCreate(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=80)]
    scopes: Annotated[
        list[Literal["offers:read", "offers:write", "applications:read", "applications:write"]],
        msgspec.Meta(min_length=1, max_length=10),
    ]


class ApiTokenPublic(msgspec.Struct):
    id: UUID
    name: str
    scopes: list[str]
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiTokenCreated(msgspec.Struct):
    id: UUID
    name: str
    scopes: list[str]
    created_at: datetime
    token: str
    """Shown this once: only its SHA-256 is stored. Send it as `Authorization: Bearer <token>`."""
