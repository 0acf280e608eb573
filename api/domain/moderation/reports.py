"""Reports from anyone about a public offer or organisation, and the moderators' view of them: one
entry per reported record, most reported first."""

from __future__ import annotations

import html
import uuid
from collections import Counter
from datetime import datetime

import nh3
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.reports import Report, ReportReason, ReportTarget
from api.domain.moderation import schemas
from api.lib.errors import InvalidInputError, InvalidParam, NotFoundError
from api.lib.messages import msg

REPORT_TEXT_MAX = 2000
LATEST_TEXTS = 5
GROUPS_MAX_LIMIT = 200

# Only what the public can see can be reported; anything else is "not found" to a stranger.
_REPORTABLE = {
    ReportTarget.offer: "SELECT 1 FROM offer WHERE id = :id AND status = 'published'",
    ReportTarget.organisation: (
        "SELECT 1 FROM organisation WHERE id = :id AND verification_status = 'verified'"
    ),
}


def plain_text(value: str) -> str:
    """Markup removed (script and style contents included), entities decoded, control characters
    other than line breaks dropped: report texts are plain text and are only ever shown as such."""
    stripped = html.unescape(nh3.clean(value, tags=set()))
    return "".join(ch for ch in stripped if ch in "\n\t" or ch.isprintable()).strip()


async def create_report(
    session: AsyncSession, data: schemas.ReportCreate, reporter_id: uuid.UUID | None
) -> schemas.ReportReceipt:
    target = ReportTarget(data.target_type)
    if (await session.execute(text(_REPORTABLE[target]), {"id": data.target_id})).first() is None:
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
    rows = await session.execute(
        text(
            "WITH g AS ("
            "  SELECT target_type, target_id, count(*) AS n,"
            "   min(created_at) AS first_at, max(created_at) AS last_at,"
            "   array_agg(reason ORDER BY created_at) AS reasons,"
            "   (array_agg(jsonb_build_object('reason', reason, 'text', text, 'created_at', created_at)"
            "     ORDER BY created_at DESC))[1:" + str(LATEST_TEXTS) + "] AS latest"
            "  FROM report WHERE status = 'open' GROUP BY target_type, target_id"
            "  ORDER BY n DESC, first_at LIMIT :limit)"
            " SELECT g.target_type, g.target_id, coalesce(o.title, org.name, ''),"
            "  coalesce(o.status, org.verification_status, 'deleted'),"
            "  g.n, g.reasons, g.first_at, g.last_at, g.latest"
            " FROM g LEFT JOIN offer o ON g.target_type = 'offer' AND o.id = g.target_id"
            " LEFT JOIN organisation org ON g.target_type = 'organisation' AND org.id = g.target_id"
            " ORDER BY g.n DESC, g.first_at"
        ),
        {"limit": limit},
    )
    return schemas.ReportGroups(
        items=[
            schemas.ReportGroup(
                target_type=r[0],
                target_id=r[1],
                target_title=r[2],
                target_status=r[3],
                count=r[4],
                reasons=dict(Counter(r[5])),
                first_reported_at=r[6],
                last_reported_at=r[7],
                latest=[
                    schemas.ReportText(
                        reason=t["reason"], text=t["text"], created_at=datetime.fromisoformat(t["created_at"])
                    )
                    for t in r[8]
                ],
            )
            for r in rows
        ]
    )
