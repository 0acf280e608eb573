from __future__ import annotations

import enum
import uuid
from datetime import datetime

from geoalchemy2 import Geography
from sqlalchemy import ARRAY, Column, DateTime, ForeignKey, Text, func
from sqlmodel import Field, SQLModel

from api.db.columns import str_enum
from api.db.timestamps import timestamp_column


class VerificationStatus(enum.StrEnum):
    pending = "pending"
    verified = "verified"
    rejected = "rejected"
    suspended = "suspended"


class Organisation(SQLModel, table=True):
    __tablename__ = "organisation"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    name: str = Field(max_length=160)
    slug: str = Field(max_length=80, unique=True)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    website: str | None = Field(default=None, max_length=300)
    contact_email: str | None = Field(default=None, max_length=254)
    contact_phone: str | None = Field(default=None, max_length=40)
    address: str | None = Field(default=None, max_length=300)
    district: str | None = Field(default=None, max_length=80)
    geog: object | None = Field(default=None, sa_column=Column(Geography("POINT", srid=4326, spatial_index=False)))
    legal_form: str | None = Field(default=None, max_length=80)
    verification_status: VerificationStatus = Field(
        default=VerificationStatus.pending,
        sa_column=Column(
            str_enum(VerificationStatus, "verification_status"),
            nullable=False,
            server_default=VerificationStatus.pending.value,
        ),
    )
    created_at: datetime = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=False, server_default=func.now())
    )
    verified_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    rejection_reason: str | None = Field(default=None, sa_column=Column(Text))
    review_claimed_by: uuid.UUID | None = Field(
        default=None, sa_column=Column(ForeignKey("user_account.id", ondelete="SET NULL"))
    )
    review_claimed_at: datetime | None = Field(default=None, sa_column=timestamp_column())


class MembershipRole(enum.StrEnum):
    owner = "owner"
    editor = "editor"


class Membership(SQLModel, table=True):
    __tablename__ = "membership"

    organisation_id: uuid.UUID = Field(
        sa_column=Column(ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True)
    )
    user_id: uuid.UUID = Field(
        sa_column=Column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True)
    )
    role: MembershipRole = Field(sa_column=Column(str_enum(MembershipRole, "membership_role"), nullable=False))
    created_at: datetime = Field(default=None, sa_column=timestamp_column(now_by_default=True))


class OrganisationInvitation(SQLModel, table=True):
    """An owner's invitation by e-mail link; only the token's SHA-256 is stored."""

    __tablename__ = "organisation_invitation"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    organisation_id: uuid.UUID = Field(
        sa_column=Column(ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    email: str = Field(max_length=254)
    role: MembershipRole = Field(sa_column=Column(str_enum(MembershipRole, "invitation_role"), nullable=False))
    token_hash: str = Field(max_length=64, unique=True)
    invited_by: uuid.UUID | None = Field(
        default=None, sa_column=Column(ForeignKey("user_account.id", ondelete="SET NULL"))
    )
    created_at: datetime = Field(default=None, sa_column=timestamp_column(now_by_default=True))
    expires_at: datetime = Field(sa_column=timestamp_column(required=True))
    accepted_at: datetime | None = Field(default=None, sa_column=timestamp_column())


class ApiToken(SQLModel, table=True):
    """An organisation's key for its own systems; scoped, revocable, stored as SHA-256 only."""

    __tablename__ = "api_token"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    organisation_id: uuid.UUID = Field(
        sa_column=Column(ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    name: str = Field(max_length=80)
    token_hash: str = Field(max_length=64, unique=True)
    scopes: list[str] = Field(default_factory=list, sa_column=Column(ARRAY(Text), nullable=False))
    created_by: uuid.UUID | None = Field(
        default=None, sa_column=Column(ForeignKey("user_account.id", ondelete="SET NULL"))
    )
    created_at: datetime = Field(default=None, sa_column=timestamp_column(now_by_default=True))
    last_used_at: datetime | None = Field(default=None, sa_column=timestamp_column())
    revoked_at: datetime | None = Field(default=None, sa_column=timestamp_column())
