from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Text
from sqlmodel import Field, SQLModel

from api.db.columns import str_enum
from api.db.timestamps import timestamp_column

MESSAGE_MAX = 5000
PAGE_MAX = 500


class FeedbackKind(enum.StrEnum):
    barrier = "barrier"
    idea = "idea"
    problem = "problem"
    other = "other"


class FeedbackStatus(enum.StrEnum):
    new = "new"
    answered = "answered"
    closed = "closed"


class Feedback(SQLModel, table=True):
    """What anyone sent through the feedback form (the accessibility statement's feedback mechanism), kept
    for the moderators. It names no account; its optional reply address is deleted with it after
    `feedback_retention_days`."""

    __tablename__ = "feedback"
    __table_args__ = (
        CheckConstraint(f"char_length(message) BETWEEN 1 AND {MESSAGE_MAX}", name="ck_feedback_message_length"),
        CheckConstraint(f"char_length(page) <= {PAGE_MAX}", name="ck_feedback_page_length"),
        # The moderators' list (newest first) and the daily deletion after the retention period.
        Index("ix_feedback_created_at", "created_at", "id"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    created_at: datetime = Field(default=None, sa_column=timestamp_column(now_by_default=True))
    kind: FeedbackKind = Field(sa_column=Column(str_enum(FeedbackKind, "feedback_kind"), nullable=False))
    message: str = Field(sa_column=Column(Text, nullable=False))
    page: str | None = Field(default=None, sa_column=Column(Text))
    """The app's route or the URL it was sent from."""
    email: str | None = Field(default=None, max_length=254)
    """Where to answer, if the sender wants an answer."""
    locale: str = Field(default="de", max_length=5)
    status: FeedbackStatus = Field(
        default=FeedbackStatus.new,
        sa_column=Column(str_enum(FeedbackStatus, "feedback_status"), nullable=False, server_default="new"),
    )
    handled_at: datetime | None = Field(default=None, sa_column=timestamp_column())
    handled_by: uuid.UUID | None = Field(
        default=None, sa_column=Column(ForeignKey("user_account.id", ondelete="SET NULL"))
    )
