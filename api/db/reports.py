from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Text
from sqlmodel import Field, SQLModel

from api.db.columns import str_enum
from api.db.timestamps import timestamp_column


class ReportTarget(enum.StrEnum):
    offer = "offer"
    organisation = "organisation"


class ReportReason(enum.StrEnum):
    spam = "spam"
    wrong_information = "wrong_information"
    discriminatory = "discriminatory"
    commercial = "commercial"
    dangerous = "dangerous"
    other = "other"


class ReportStatus(enum.StrEnum):
    open = "open"
    actioned = "actioned"
    dismissed = "dismissed"


class Report(SQLModel, table=True):
    """Anyone's report about an offer or an organisation; the reporter is optional."""

    __tablename__ = "report"
    __table_args__ = (Index("ix_report_open_target", "target_type", "target_id", postgresql_where="status = 'open'"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    target_type: ReportTarget = Field(sa_column=Column(str_enum(ReportTarget, "report_target"), nullable=False))
    target_id: uuid.UUID
    reason: ReportReason = Field(sa_column=Column(str_enum(ReportReason, "report_reason"), nullable=False))
    text: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    reporter_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(ForeignKey("user_account.id", ondelete="SET NULL"))
    )
    status: ReportStatus = Field(
        default=ReportStatus.open,
        sa_column=Column(str_enum(ReportStatus, "report_status"), nullable=False, server_default="open"),
    )
    created_at: datetime = Field(default=None, sa_column=timestamp_column(now_by_default=True))
    handled_by: uuid.UUID | None = Field(
        default=None, sa_column=Column(ForeignKey("user_account.id", ondelete="SET NULL"))
    )
    handled_at: datetime | None = Field(default=None, sa_column=timestamp_column())
    resolution: str | None = Field(default=None, sa_column=Column(Text))
