from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Column, Identity, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from api.db.timestamps import timestamp_column


class OutboxEvent(SQLModel, table=True):
    """Something that must happen after a commit (an e-mail, later a push), written in the same
    transaction as the change. The relay hands it to Celery with the event id as task id. Deleted
    `VOLUMAP_OUTBOX_RETENTION_DAYS` after it was handled (workers/tasks/outbox.py, `prune_handled`); its
    `dedupe_key` outlives it in `outbox_dedupe_key`."""

    __tablename__ = "outbox_event"

    id: int | None = Field(default=None, sa_column=Column(BigInteger, Identity(), primary_key=True))
    kind: str = Field(max_length=60)
    payload: dict[str, Any] = Field(sa_column=Column(JSONB, nullable=False))
    dedupe_key: str | None = Field(default=None, max_length=200, unique=True)
    created_at: datetime = Field(default=None, sa_column=timestamp_column(now_by_default=True))
    dispatched_at: datetime | None = Field(default=None, sa_column=timestamp_column())
    completed_at: datetime | None = Field(default=None, sa_column=timestamp_column())
    attempts: int = Field(default=0)
    last_error: str | None = Field(default=None, sa_column=Column(Text))


class OutboxDedupeKey(SQLModel, table=True):
    """Every dedupe key an outbox event was ever written with, kept after the event is deleted, so that the
    same key is refused for ever (a new offer's event once per offer, a reminder once per start). Written by
    the trigger `outbox_event_dedupe` (migration 0009) in the event's own insert: a key already here makes
    the insert add nothing, like the unique `dedupe_key` of a still existing event."""

    __tablename__ = "outbox_dedupe_key"

    key: str = Field(sa_column=Column(Text, primary_key=True))
