"""Writing the audit log: every lifecycle and moderation action, in the transaction that makes it.

This is the one place that builds audit entries (`record`) and the JSON state they keep (`snapshot`).
The expiry run writes its entries in the same SQL statement that expires the offers
(workers/tasks/offers.py), so that state change and entry commit together for any number of offers.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from api.db.audit import AuditEntry


def record(
    session: AsyncSession | Session,
    *,
    actor_id: uuid.UUID | None,
    action: str,
    record_type: str,
    record_id: uuid.UUID,
    reason: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Adds the entry to the session: it is written with the change it describes, or not at all. Plain
    (not async) because adding does no I/O, so requests and the worker's synchronous sessions share it."""
    session.add(
        AuditEntry(
            actor_id=actor_id,
            action=action,
            record_type=record_type,
            record_id=record_id,
            reason=reason,
            before=before,
            after=after,
        )
    )


def _jsonable(value: Any) -> Any:
    """A column value as the audit log keeps it: moments and dates in ISO 8601, ids as strings, enums by
    their value."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def snapshot(row: object, *fields: str) -> dict[str, Any]:
    """The fields of a table row as the audit log keeps them (JSON)."""
    return {field: _jsonable(getattr(row, field)) for field in fields}
