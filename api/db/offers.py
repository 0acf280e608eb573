from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from geoalchemy2 import Geography, Geometry
from sqlalchemy import (
    ARRAY,
    Boolean,
    CheckConstraint,
    Column,
    Computed,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR
from sqlmodel import Field, SQLModel

from api.db.columns import str_enum

# ETRS89 / UTM zone 32N: the metric CRS of German and NRW geodata. Distances in it are within
# 0.04 % of the geodesic ones around Bielefeld, and its GiST index supports KNN ordering.
METRIC_SRID = 25832

_PUBLISHED = text("status = 'published'")


class OfferStatus(enum.StrEnum):
    draft = "draft"
    in_review = "in_review"
    published = "published"
    paused = "paused"
    closed = "closed"
    expired = "expired"
    rejected = "rejected"


class Commitment(enum.StrEnum):
    one_off = "one_off"
    regular = "regular"
    flexible = "flexible"


class Offer(SQLModel, table=True):
    """An Engagementangebot. `geog` is the truth; `location` is derived by PostgreSQL for KNN search."""

    __tablename__ = "offer"
    __table_args__ = (
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        CheckConstraint("min_age IS NULL OR min_age BETWEEN 0 AND 99", name="min_age_range"),
        CheckConstraint("ends_at IS NULL OR starts_at IS NULL OR ends_at >= starts_at", name="ends_after_start"),
        CheckConstraint("is_remote OR geog IS NOT NULL", name="located_or_remote"),
        CheckConstraint("published_at IS NOT NULL OR status <> 'published'", name="published_has_timestamp"),
        # Nearest first over published offers: KNN on the metric point.
        Index("ix_offer_published_location", "location", postgresql_using="gist", postgresql_where=_PUBLISHED),
        Index(
            "ix_offer_published_newest",
            text("published_at DESC"),
            text("id DESC"),
            postgresql_where=_PUBLISHED,
        ),
        # "For you" takes the newest remote offers; 3 % of offers are remote, and a walk of all the newest
        # to find them read a page per offer.
        Index(
            "ix_offer_published_remote_newest",
            text("published_at DESC"),
            text("id DESC"),
            postgresql_where=text("status = 'published' AND is_remote"),
        ),
        Index("ix_offer_search_vector", "search_vector", postgresql_using="gin"),
        Index("ix_offer_title_trgm", "title", postgresql_using="gin", postgresql_ops={"title": "gin_trgm_ops"}),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    organisation_id: uuid.UUID = Field(
        sa_column=Column(ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    title: str = Field(max_length=140)
    summary: str = Field(max_length=300)
    description: str = Field(sa_column=Column(Text, nullable=False))
    category_ids: list[int] = Field(
        default_factory=list, sa_column=Column(ARRAY(Integer), nullable=False, server_default="{}")
    )
    skills: list[str] = Field(default_factory=list, sa_column=Column(ARRAY(Text), nullable=False, server_default="{}"))
    languages: list[str] = Field(
        default_factory=lambda: ["de"], sa_column=Column(ARRAY(Text), nullable=False, server_default="{de}")
    )
    geog: Any | None = Field(default=None, sa_column=Column(Geography("POINT", srid=4326, spatial_index=False)))
    location: Any | None = Field(
        default=None,
        sa_column=Column(
            Geometry("POINT", srid=METRIC_SRID, spatial_index=False),
            Computed(f"ST_Transform(geog::geometry, {METRIC_SRID})", persisted=True),
        ),
    )
    address: str | None = Field(default=None, max_length=300)
    district: str | None = Field(default=None, max_length=80)
    is_remote: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default="false"))
    commitment: Commitment = Field(sa_column=Column(str_enum(Commitment, "commitment"), nullable=False))
    starts_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    ends_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    weekly_pattern: list[dict[str, str]] | None = Field(default=None, sa_column=Column(JSONB))
    # The time slots the offer takes, as "for you" scores them (migration 0007); NULL: any time.
    slot_mask: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, Computed("volumap_slot_mask(commitment::text, starts_at, weekly_pattern)", persisted=True)
        ),
    )
    hours_per_week: float | None = Field(default=None, sa_column=Column(Float))
    capacity: int | None = None
    min_age: int | None = None
    accessible: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default="false"))
    accessibility_notes: str | None = Field(default=None, max_length=500)
    contact_name: str | None = Field(default=None, max_length=120)
    contact_email: str | None = Field(default=None, max_length=254)
    contact_phone: str | None = Field(default=None, max_length=40)
    status: OfferStatus = Field(
        default=OfferStatus.draft,
        sa_column=Column(str_enum(OfferStatus, "offer_status"), nullable=False, server_default="draft"),
    )
    rejection_reason: str | None = Field(default=None, sa_column=Column(Text))
    # The content edits of a published offer while they wait for review; the published fields stay
    # what the public sees until a moderator approves them.
    pending_revision: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONB))
    precheck_flags: list[dict[str, str]] = Field(
        default_factory=list, sa_column=Column(JSONB, nullable=False, server_default="[]")
    )
    review_claimed_by: uuid.UUID | None = Field(
        default=None, sa_column=Column(ForeignKey("user_account.id", ondelete="SET NULL"))
    )
    review_claimed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    created_by: uuid.UUID | None = Field(
        default=None, sa_column=Column(ForeignKey("user_account.id", ondelete="SET NULL"))
    )
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False, server_default="1"))
    created_at: datetime = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=False, server_default=func.now())
    )
    updated_at: datetime = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=False, server_default=func.now())
    )
    submitted_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    published_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    paused_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    closed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    expires_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    search_vector: Any | None = Field(
        default=None,
        sa_column=Column(
            TSVECTOR,
            Computed(
                "setweight(to_tsvector('german', coalesce(title, '')), 'A') || "
                "setweight(to_tsvector('german', coalesce(summary, '')), 'B') || "
                "setweight(to_tsvector('german', coalesce(description, '')), 'C')",
                persisted=True,
            ),
        ),
    )


class OfferCategoryPoint(SQLModel, table=True):
    """One row per category of each published, located offer, kept by a trigger on `offer` (migration
    0004). A GiST over (category, point) lets "nearest first within a category" walk only that category;
    the same index over the offer's category array (intarray) visited ten times the pages (bench/RESULTS.md)."""

    __tablename__ = "offer_category_point"
    __table_args__ = (
        Index("ix_offer_category_point_knn", "category_id", "location", postgresql_using="gist"),
        Index("ix_offer_category_point_offer", "offer_id"),
    )

    category_id: int = Field(primary_key=True)
    offer_id: uuid.UUID = Field(
        sa_column=Column(ForeignKey("offer.id", ondelete="CASCADE"), primary_key=True)
    )
    location: Any = Field(
        sa_column=Column(Geometry("POINT", srid=METRIC_SRID, spatial_index=False), nullable=False)
    )
