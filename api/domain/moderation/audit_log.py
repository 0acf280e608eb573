"""Reading the audit log: newest first, by record and by actor, page by page or as one CSV file."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.engine import get_engine
from api.domain.moderation import schemas, statements
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


# The filter's fields and the condition each one sets when given.
_CONDITIONS = {
    "record_type": statements.AUDIT_ABOUT_RECORD_TYPE,
    "record_id": statements.AUDIT_ABOUT_RECORD,
    "actor_id": statements.AUDIT_BY_ACTOR,
}


@dataclass(frozen=True, slots=True)
class AuditFilter:
    record_type: str | None = None
    record_id: uuid.UUID | None = None
    actor_id: uuid.UUID | None = None

    def statement(self) -> tuple[Select[Any], dict[str, Any]]:
        """The log's entries, newest first, narrowed to the filter's record and actor."""
        params = {name: getattr(self, name) for name in _CONDITIONS if getattr(self, name) is not None}
        return statements.AUDIT_ENTRIES.where(*(_CONDITIONS[name] for name in params)), params

    def key(self) -> str:
        return f"audit:{self.record_type}:{self.record_id}:{self.actor_id}"


async def search(
    session: AsyncSession, cursors: CursorCodec, where: AuditFilter, limit: int | None, cursor: str | None
) -> schemas.AuditPage:
    """Keyset pagination on the id (the insertion order), so pages stay stable while entries are added."""
    limit = AUDIT_DEFAULT_LIMIT if limit is None else limit
    if not 1 <= limit <= AUDIT_MAX_LIMIT:
        raise InvalidInputError(
            InvalidParam("limit", msg("must be between {min} and {max}", min=1, max=AUDIT_MAX_LIMIT))
        )
    statement, params = where.statement()
    if cursor:
        [before_id] = cursors.decode(cursor, where.key())
        statement = statement.where(statements.AUDIT_BEFORE)
        params["before_id"] = int(before_id)
    rows = (await session.execute(statement.limit(limit + 1), params)).all()
    page = rows[:limit]
    items = [
        schemas.AuditEntryPublic(
            id=row.id,
            created_at=row.created_at,
            actor_id=row.actor_id,
            actor_name=row.actor_name,
            action=row.action,
            record_type=row.record_type,
            record_id=row.record_id,
            reason=row.reason,
            before=row.before,
            after=row.after,
        )
        for row in page
    ]
    # One row more than the page was asked for: there is a next page, after the page's last entry.
    more = len(rows) > limit
    return schemas.AuditPage(
        items=items, next_cursor=cursors.encode([page[limit - 1].id], where.key()) if more else None
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
    statement, params = where.statement()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    async with get_engine().connect() as connection:
        result = await connection.stream(statement, params)
        async for batch in result.partitions(_CSV_BATCH):
            for row in batch:
                writer.writerow([_cell(row._mapping[column]) for column in CSV_COLUMNS])
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()


async def csv_file(where: AuditFilter) -> AsyncIterator[bytes]:
    """csv_lines with its first batch read already: the statement has run before the answer starts, so its
    failure (the database away) is answered as a problem, not as a 200 whose file breaks off."""
    lines = csv_lines(where)
    first = await anext(lines)

    async def resumed() -> AsyncIterator[bytes]:
        yield first
        async for chunk in lines:
            yield chunk

    return resumed()
