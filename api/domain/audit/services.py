"""Writing the audit log: every lifecycle and moderation action, in the transaction that makes it."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.db.audit import AuditEntry


async def record(
    session: AsyncSession,
    *,
    actor_id: uuid.UUID | None,
    action: str,
    record_type: str,
    record_id: uuid.UUID,
    reason: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
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
