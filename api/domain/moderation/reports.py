"""Reports from anyone about a public offer or organisation, and the moderators' view of them: one
entry per reported record, most reported first."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from api.db.reports import Report, ReportReason, ReportTarget
from api.domain.moderation import schemas, statements
from api.lib.errors import InvalidInputError, InvalidParam, NotFoundError
from api.lib.messages import msg
from api.lib.sanitising import plain_text

REPORT_TEXT_MAX = 2000
LATEST_TEXTS = 5
GROUPS_MAX_LIMIT = 200

_REPORTABLE = {
    ReportTarget.offer: statements.REPORTABLE_OFFER,
    ReportTarget.organisation: statements.REPORTABLE_ORGANISATION,
}


async def create_report(
    session: AsyncSession, data: schemas.ReportCreate, reporter_id: uuid.UUID | None
) -> schemas.ReportReceipt:
    target = ReportTarget(data.target_type)
    if (await session.execute(_REPORTABLE[target], {"id": data.target_id})).first() is None:
        raise NotFoundError(
            msg("No public offer with id {id}", id=data.target_id) if target is ReportTarget.offer
            else msg("No public organisation with id {id}", id=data.target_id)
        )
    words = plain_text(data.text)
    if len(words) > REPORT_TEXT_MAX:
        raise InvalidInputError(
            InvalidParam("text", msg("must be at most {count} characters", count=REPORT_TEXT_MAX), "body")
        )
    report = Report(
        target_type=target,
        target_id=data.target_id,
        reason=ReportReason(data.reason),
        text=words,
        reporter_id=reporter_id,
    )
    session.add(report)
    await session.commit()
    return schemas.ReportReceipt(id=report.id, status=report.status.value)


async def open_report_groups(session: AsyncSession, limit: int = 50) -> schemas.ReportGroups:
    if not 1 <= limit <= GROUPS_MAX_LIMIT:
        raise InvalidInputError(
            InvalidParam("limit", msg("must be between {min} and {max}", min=1, max=GROUPS_MAX_LIMIT))
        )
    rows = await session.execute(statements.OPEN_REPORT_GROUPS, {"limit": limit, "latest": LATEST_TEXTS})
    return schemas.ReportGroups(
        items=[
            schemas.ReportGroup(
                target_type=row.target_type,
                target_id=row.target_id,
                target_title=row.target_title,
                target_status=row.target_status,
                count=row.reports,
                reasons=dict(Counter(row.reasons)),
                first_reported_at=row.first_at,
                last_reported_at=row.last_at,
                latest=[
                    schemas.ReportText(
                        reason=t["reason"], text=t["text"], created_at=datetime.fromisoformat(t["created_at"])
                    )
                    for t in row.latest
                ],
            )
            for row in rows
        ]
    )
