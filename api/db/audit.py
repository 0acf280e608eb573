from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Column, ForeignKey, Identity, Index, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from api.db.timestamps import timestamp_column


class AuditEntry(SQLModel, table=True):
    """Who did what to which record, when and why. Append-only: a trigger refuses UPDATE, DELETE and
    TRUNCATE for every role (migration 0003)."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_record", "record_type", "record_id", "id"),
        Index("ix_audit_entry_actor", "actor_id", "id"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigInteger, Identity(), primary_key=True))
    created_at: datetime = Field(default=None, sa_column=timestamp_column(now_by_default=True))
    actor_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    )
    action: str = Field(max_length=60)
    record_type: str = Field(max_length=40)
    record_id: uuid.UUID
    reason: str | None = Field(default=None, sa_column=Column(Text))
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONB))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONB))
