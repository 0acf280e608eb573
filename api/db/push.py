from __future__ import annotations

import enum
import uuid
from datetime import datetime, time
from typing import Any

from geoalchemy2 import Geography, Geometry
from sqlalchemy import (
    ARRAY,
    BigInteger,
    CheckConstraint,
    Column,
    Computed,
    Date,
    Enum,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    SmallInteger,
    Text,
    Time,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlmodel import Field, SQLModel

from api.db.offers import METRIC_SRID
from api.db.timestamps import timestamp_column
from api.db.volunteers import REACH_BOX_SQL


class PushSubscription(SQLModel, table=True):
    """A browser's (or an app's) Web Push subscription on one channel. Either bound to a signed-in person
    (`user_id`; what they hear about follows their account and volunteer profile) or anonymous with an area
    and categories of its own: `home` is coarsened like a home point, and the row expires 180 days after
    its last delivery. `gone_at` is set when the push service says the subscription no longer exists."""

    __tablename__ = "push_subscription"
    __table_args__ = (
        CheckConstraint(
            "(user_id IS NULL) = (home IS NOT NULL AND radius_km IS NOT NULL)", name="owner_or_area"
        ),
        CheckConstraint("radius_km IS NULL OR (radius_km >= 1 AND radius_km <= 50)", name="radius_range"),
        CheckConstraint("daily_cap >= 0 AND daily_cap <= 50", name="daily_cap_range"),
        # Anonymous subscriptions are a second source for reverse matching (api/domain/volunteers/matching.py).
        Index(
            "ix_push_subscription_reach",
            text(REACH_BOX_SQL),
            postgresql_using="gist",
            postgresql_where=text("user_id IS NULL AND gone_at IS NULL"),
        ),
    )

    id: uuid.UUID = Field(
        default_factory=uuid.uuid4, sa_column=Column(Uuid, primary_key=True, server_default=text("gen_random_uuid()"))
    )
    channel: str = Field(sa_column=Column(Text, nullable=False))
    endpoint: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    p256dh: str = Field(sa_column=Column(Text, nullable=False))
    auth: str = Field(sa_column=Column(Text, nullable=False))
    user_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(ForeignKey("user_account.id", ondelete="CASCADE"), nullable=True, index=True)
    )
    locale: str = Field(default="de", sa_column=Column(Text, nullable=False, server_default="de"))
    home: Any | None = Field(
        default=None, sa_column=Column(Geography("POINT", srid=4326, spatial_index=False), nullable=True)
    )
    home_location: Any | None = Field(
        default=None,
        sa_column=Column(
            Geometry("POINT", srid=METRIC_SRID, spatial_index=False),
            Computed(f"ST_Transform(home::geometry, {METRIC_SRID})", persisted=True),
        ),
    )
    radius_km: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    interests: list[int] = Field(
        default_factory=list, sa_column=Column(ARRAY(Integer), nullable=False, server_default="{}")
    )
    # An anonymous device's own quiet hours and cap; a person's come from their volunteer profile.
    quiet_start: time = Field(default=time(21, 0), sa_column=Column(Time, nullable=False, server_default="21:00"))
    quiet_end: time = Field(default=time(8, 0), sa_column=Column(Time, nullable=False, server_default="08:00"))
    daily_cap: int = Field(default=3, sa_column=Column(SmallInteger, nullable=False, server_default="3"))
    created_at: datetime = Field(default=None, sa_column=timestamp_column(now_by_default=True))
    last_success_at: datetime | None = Field(default=None, sa_column=timestamp_column())
    failures: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    gone_at: datetime | None = Field(default=None, sa_column=timestamp_column())


class DeliveryStatus(enum.StrEnum):
    pending = "pending"  # waiting for its `not_before` (quiet hours, a retry's backoff) or a worker
    sending = "sending"  # claimed by a worker until `claimed_until`; after that, in doubt and sent again
    sent = "sent"
    gone = "gone"  # the subscription was retired (404/410) before or while sending
    failed = "failed"  # a defect (413), an alert (400/401/403) or out of attempts
    capped = "capped"  # the person's daily cap was reached
    skipped = "skipped"  # the person opted out after the match


class PushDelivery(SQLModel, table=True):
    """One event for one subscription, at most once: the unique pair is what makes a re-run of the fan-out
    (a redelivered task, a crash) add nothing."""

    __tablename__ = "push_delivery"
    __table_args__ = (
        UniqueConstraint("event_id", "subscription_id", name="uq_push_delivery_event_subscription"),
        # The sweeper's question: which pending deliveries are due?
        Index("ix_push_delivery_due", "not_before", postgresql_where=text("status = 'pending'")),
        Index("ix_push_delivery_subscription", "subscription_id"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigInteger, Identity(), primary_key=True))
    event_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("outbox_event.id", ondelete="CASCADE"), nullable=False)
    )
    subscription_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("push_subscription.id", ondelete="CASCADE"), nullable=False)
    )
    # The reached distance, for the text ("1,2 km"); only for new offers.
    distance_m: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    status: DeliveryStatus = Field(
        default=DeliveryStatus.pending,
        sa_column=Column(
            Enum(DeliveryStatus, name="push_delivery_status", native_enum=False, create_constraint=True, length=20),
            nullable=False,
            server_default="pending",
        ),
    )
    not_before: datetime = Field(default=None, sa_column=timestamp_column(now_by_default=True))
    queued_at: datetime | None = Field(default=None, sa_column=timestamp_column())
    claimed_until: datetime | None = Field(default=None, sa_column=timestamp_column())
    attempts: int = Field(default=0, sa_column=Column(SmallInteger, nullable=False, server_default="0"))
    last_status: int | None = Field(default=None, sa_column=Column(SmallInteger, nullable=True))
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(default=None, sa_column=timestamp_column(now_by_default=True))
    sent_at: datetime | None = Field(default=None, sa_column=timestamp_column())


class PushAllowance(SQLModel, table=True):
    """The new-offer notifications a recipient (a person, or an anonymous subscription) got on one local day,
    or that are on their way (a place given back if the delivery fails): the daily cap is an upsert on this
    row, so concurrent workers cannot both pass it."""

    __tablename__ = "push_allowance"

    recipient_id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    day: Any = Field(sa_column=Column(Date, primary_key=True))
    event_ids: list[int] = Field(
        default_factory=list, sa_column=Column(ARRAY(BigInteger), nullable=False, server_default="{}")
    )
    # The cap as of the last upsert: the conflict branch of the upsert can only compare with its own columns.
    cap: int = Field(sa_column=Column(SmallInteger, nullable=False))
