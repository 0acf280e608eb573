"""Reading the audit log: newest first, by record and by actor, page by page or as one CSV file."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.engine import get_engine
from api.domain.moderation import schemas
from api.lib.cursors import CursorCodec
from api.lib.errors import InvalidInputError, InvalidParam
from api.lib.messages import msg

AUDIT_DEFAULT_LIMIT = 50
AUDIT_MAX_LIMIT = 500
CSV_COLUMNS = (
    "id",
    "created_at",
    "actor_id",
    "actor_email",
    "action",
    "record_type",
    "record_id",
    "reason",
    "before",
    "after",
)
_CSV_BATCH = 500
# A cell starting with one of these is a formula to a spreadsheet; the reason is free text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class AuditFilter:
    record_type: str | None = None
    record_id: uuid.UUID | None = None
    actor_id: uuid.UUID | None = None

    def where(self) -> tuple[str, dict[str, Any]]:
        clauses, params = ["TRUE"], {}
        for name in ("record_type", "record_id", "actor_id"):
            value = getattr(self, name)
            if value is not None:
                clauses.append(f"a.{name} = :{name}")
                params[name] = value
        return " AND ".join(clauses), params

    def key(self) -> str:
        return f"audit:{self.record_type}:{self.record_id}:{self.actor_id}"


_SELECT = (
    "SELECT a.id, a.created_at, a.actor_id, u.display_name, u.email, a.action, a.record_type, a.record_id,"
    " a.reason, a.before, a.after FROM audit_entry a LEFT JOIN user_account u ON u.id = a.actor_id"
)


async def search(
    session: AsyncSession, cursors: CursorCodec, where: AuditFilter, limit: int | None, cursor: str | None
) -> schemas.AuditPage:
    """Keyset pagination on the id (the insertion order), so pages stay stable while entries are added."""
    limit = AUDIT_DEFAULT_LIMIT if limit is None else limit
    if not 1 <= limit <= AUDIT_MAX_LIMIT:
        raise InvalidInputError(
            InvalidParam("limit", msg("must be between {min} and {max}", min=1, max=AUDIT_MAX_LIMIT))
        )
    clause, params = where.where()
    if cursor:
        [before_id] = cursors.decode(cursor, where.key())
        clause += " AND a.id < :before_id"
        params["before_id"] = int(before_id)
    rows = (
        await session.execute(
            text(f"{_SELECT} WHERE {clause} ORDER BY a.id DESC LIMIT :limit"), {**params, "limit": limit + 1}
        )
    ).all()
    items = [
        schemas.AuditEntryPublic(
            id=r[0],
            created_at=r[1],
            actor_id=r[2],
            actor_name=r[3],
            action=r[5],
            record_type=r[6],
            record_id=r[7],
            reason=r[8],
            before=r[9],
            after=r[10],
        )
        for r in rows[:limit]
    ]
    more = len(rows) > limit
    return schemas.AuditPage(
        items=items, next_cursor=cursors.encode([items[-1].id], where.key()) if more else None
    )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    cell = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


async def csv_lines(where: AuditFilter) -> AsyncIterator[bytes]:
    """The whole filtered log, newest first, read in batches from a server-side cursor on a connection
    of its own (the response outlives the request's session)."""
    clause, params = where.where()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    async with get_engine().connect() as connection:
        result = await connection.stream(text(f"{_SELECT} WHERE {clause} ORDER BY a.id DESC"), params)
        async for batch in result.partitions(_CSV_BATCH):
            for r in batch:
                writer.writerow(
                    [_cell(v) for v in (r[0], r[1], r[2], r[4], r[5], r[6], r[7], r[8], r[9], r[10])]
                )
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()
