from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from api.db.columns import str_enum
from api.db.timestamps import timestamp_column


class ApplicationStatus(enum.StrEnum):
    pending = "pending"  # waiting for the organisation's decision
    accepted = "accepted"
    declined = "declined"
    withdrawn = "withdrawn"
    waiting = "waiting"  # the offer was full: on the waiting list
    offered = "offered"  # a place freed up and is held for this person until `offered_until`
    lapsed = "lapsed"  # an offered place was not taken in time


class Application(SQLModel, table=True):
    """"I'll help": one per offer and person. After the person deletes their account the row stays,
    anonymised (no user, no message, no contact), so the organisation's figures stay right."""

    __tablename__ = "application"
    __table_args__ = (
        UniqueConstraint("offer_id", "user_id", name="uq_application_offer_user"),
        CheckConstraint("status <> 'offered' OR offered_until IS NOT NULL", name="offered_has_deadline"),
        Index("ix_application_offer_status", "offer_id", "status"),
        Index("ix_application_waiting_list", "offer_id", "waiting_since", postgresql_where=text("status = 'waiting'")),
        Index("ix_application_offered_until", "offered_until", postgresql_where=text("status = 'offered'")),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    offer_id: uuid.UUID = Field(sa_column=Column(ForeignKey("offer.id", ondelete="CASCADE"), nullable=False))
    user_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    )
    status: ApplicationStatus = Field(
        default=ApplicationStatus.pending,
        sa_column=Column(str_enum(ApplicationStatus, "application_status"), nullable=False, server_default="pending"),
    )
    message: str | None = Field(default=None, sa_column=Column(Text))
    # Only what the volunteer chose to share with the organisation: {"name", "email", "phone"}.
    shared_contact: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONB))
    waiting_since: datetime | None = Field(default=None, sa_column=timestamp_column())
    offered_until: datetime | None = Field(default=None, sa_column=timestamp_column())
    # SHA-256 of the link that takes an offered place; cleared once used or lapsed.
    offer_token_hash: str | None = Field(default=None, sa_column=Column(Text, unique=True))
    decided_at: datetime | None = Field(default=None, sa_column=timestamp_column())
    anonymised_at: datetime | None = Field(default=None, sa_column=timestamp_column())
    created_at: datetime = Field(default=None, sa_column=timestamp_column(now_by_default=True))
    updated_at: datetime = Field(default=None, sa_column=timestamp_column(now_by_default=True))
