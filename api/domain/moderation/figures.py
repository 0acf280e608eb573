"""Figures for the Digitalisierungsbüro: how long the queue is, how fast it moves, and what is published."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from api.domain.moderation import schemas

DECISION_WINDOW_DAYS = 90
MONTHS = 12

# Time to decision runs from the submission recorded in the decision's own audit entry (`before`), so
# a later resubmission of the same offer does not shorten an earlier review.
_MEDIAN_SQL = text(
    "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM"
    "  a.created_at - (a.before->>'submitted_at')::timestamptz)), count(*)"
    " FROM audit_entry a WHERE a.action IN ('offer.approve', 'offer.reject')"
    " AND a.created_at >= now() - make_interval(days => :days) AND a.before->>'submitted_at' IS NOT NULL"
)


async def figures(session: AsyncSession) -> schemas.Figures:
    queue = (
        await session.execute(
            text(
                "SELECT (SELECT count(*) FROM offer o JOIN organisation org ON org.id = o.organisation_id"
                "  WHERE org.verification_status = 'verified' AND (o.status = 'in_review'"
                "  OR (o.status IN ('published', 'paused') AND o.pending_revision IS NOT NULL))),"
                " (SELECT count(*) FROM organisation WHERE verification_status = 'pending')"
            )
        )
    ).one()
    median_s, decisions = (await session.execute(_MEDIAN_SQL, {"days": DECISION_WINDOW_DAYS})).one()
    districts = await session.execute(
        text(
            "SELECT district, count(*) FROM offer WHERE status = 'published'"
            " GROUP BY district ORDER BY count(*) DESC, district NULLS LAST"
        )
    )
    categories = await session.execute(
        text(
            "SELECT c.slug, count(o.id) FROM category c"
            " LEFT JOIN offer o ON o.status = 'published' AND c.id = ANY(o.category_ids)"
            " GROUP BY c.slug, c.position ORDER BY c.position"
        )
    )
    months = await session.execute(
        text(
            "SELECT to_char(m, 'YYYY-MM'), count(g.id)"
            " FROM generate_series("
            "  date_trunc('month', now() AT TIME ZONE 'UTC') - make_interval(months => :back),"
            "  date_trunc('month', now() AT TIME ZONE 'UTC'), interval '1 month') AS m"
            " LEFT JOIN organisation g ON date_trunc('month', g.created_at AT TIME ZONE 'UTC') = m"
            " GROUP BY m ORDER BY m"
        ),
        {"back": MONTHS - 1},
    )
    return schemas.Figures(
        queue=schemas.QueueLength(offers=queue[0], organisations=queue[1]),
        median_hours_to_decision=None if median_s is None else round(median_s / 3600, 2),
        decisions_last_90_days=decisions,
        published_offers_per_district=[schemas.DistrictCount(district=r[0], offers=r[1]) for r in districts],
        published_offers_per_category=[schemas.CategoryCount(category=r[0], offers=r[1]) for r in categories],
        new_organisations_per_month=[schemas.MonthCount(month=r[0], organisations=r[1]) for r in months],
    )
