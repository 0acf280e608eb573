from __future__ import annotations

import enum
import uuid
from datetime import datetime

from geoalchemy2 import Geography
from sqlalchemy import Column, DateTime, Text, func
from sqlmodel import Field, SQLModel

from api.db.columns import str_enum


class VerificationStatus(str, enum.Enum):
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
