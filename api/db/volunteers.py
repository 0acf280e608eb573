from __future__ import annotations

import uuid
from datetime import datetime, time
from typing import Any

from geoalchemy2 import Geography, Geometry
from sqlalchemy import (
    ARRAY,
    Boolean,
    CheckConstraint,
    Column,
    Computed,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    Text,
    Time,
    text,
)
from sqlmodel import Field, SQLModel

from api.db.offers import METRIC_SRID
from api.db.timestamps import timestamp_column

# Reverse matching asks "whose own radius covers this point?". A per-row distance cannot use an index;
# a GiST over each profile's reach box can (docs/architecture.md, "Matching"). The box is widened by 0.2 % because
# UTM 32N distances in NRW are up to 0.01 % longer than the geodesic ones the exact test uses; the same
# expression must appear in the query for the planner to use the index (api/domain/volunteers/matching.py).
REACH_BOX_SQL = "ST_Expand(home_location, radius_km * 1002.0)"


class VolunteerProfile(SQLModel, table=True):
    """What a resident wants to help with and where. `home` is stored coarsened to the centre of a
    250 m grid cell and is shown to nobody but its owner."""

    __tablename__ = "volunteer_profile"
    __table_args__ = (
        CheckConstraint("radius_km >= 1 AND radius_km <= 50", name="radius_range"),
        CheckConstraint("daily_cap >= 0 AND daily_cap <= 50", name="daily_cap_range"),
        CheckConstraint("availability >= 0 AND availability < 2097152", name="availability_21_slots"),
        Index("ix_volunteer_profile_reach", text(REACH_BOX_SQL), postgresql_using="gist"),
    )

    user_id: uuid.UUID = Field(
        sa_column=Column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    )
    home: Any = Field(sa_column=Column(Geography("POINT", srid=4326, spatial_index=False), nullable=False))
    home_location: Any | None = Field(
        default=None,
        sa_column=Column(
            Geometry("POINT", srid=METRIC_SRID, spatial_index=False),
            Computed(f"ST_Transform(home::geometry, {METRIC_SRID})", persisted=True),
        ),
    )
    radius_km: float = Field(sa_column=Column(Float, nullable=False))
    interests: list[int] = Field(
        default_factory=list, sa_column=Column(ARRAY(Integer), nullable=False, server_default="{}")
    )
    skills: list[str] = Field(default_factory=list, sa_column=Column(ARRAY(Text), nullable=False, server_default="{}"))
    languages: list[str] = Field(
        default_factory=lambda: ["de"], sa_column=Column(ARRAY(Text), nullable=False, server_default="{de}")
    )
    # 21 bits: bit (day * 3 + part), day 0 = Monday … 6 = Sunday, part 0 = morning, 1 = afternoon, 2 = evening.
    availability: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    notify_new_offers: bool = Field(default=True, sa_column=Column(Boolean, nullable=False, server_default="true"))
    quiet_start: time = Field(default=time(21, 0), sa_column=Column(Time, nullable=False, server_default="21:00"))
    quiet_end: time = Field(default=time(8, 0), sa_column=Column(Time, nullable=False, server_default="08:00"))
    daily_cap: int = Field(default=3, sa_column=Column(SmallInteger, nullable=False, server_default="3"))
    created_at: datetime = Field(default=None, sa_column=timestamp_column(now_by_default=True))
    updated_at: datetime = Field(default=None, sa_column=timestamp_column(now_by_default=True))


class OfferMatch(SQLModel, table=True):
    """A volunteer whose radius and interests cover a published offer: written by reverse matching in one
    INSERT … SELECT when the offer is published; the push issue turns these into deliveries."""

    __tablename__ = "offer_match"

    offer_id: uuid.UUID = Field(sa_column=Column(ForeignKey("offer.id", ondelete="CASCADE"), primary_key=True))
    user_id: uuid.UUID = Field(
        sa_column=Column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True)
    )
    distance_m: float = Field(sa_column=Column(Float, nullable=False))
    matched_at: datetime = Field(default=None, sa_column=timestamp_column(now_by_default=True))


class CalendarFeed(SQLModel, table=True):
    """A volunteer's private iCal feed of accepted engagements. Only the token's SHA-256 is stored;
    a new token replaces the old one, and deleting the row revokes the feed."""

    __tablename__ = "calendar_feed"

    user_id: uuid.UUID = Field(
        sa_column=Column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    )
    token_hash: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    created_at: datetime = Field(default=None, sa_column=timestamp_column(now_by_default=True))
