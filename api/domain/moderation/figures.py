"""Figures for the Digitalisierungsbüro: how long the queue is, how fast it moves, and what is published."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from api.domain.moderation import schemas, statements

DECISION_WINDOW_DAYS = 90
MONTHS = 12


async def figures(session: AsyncSession) -> schemas.Figures:
    queue = (await session.execute(statements.QUEUE_LENGTH)).one()
    median = (await session.execute(statements.MEDIAN_TIME_TO_DECISION, {"days": DECISION_WINDOW_DAYS})).one()
    districts = await session.execute(statements.PUBLISHED_PER_DISTRICT)
    categories = await session.execute(statements.PUBLISHED_PER_CATEGORY)
    months = await session.execute(statements.NEW_ORGANISATIONS_PER_MONTH, {"back": MONTHS - 1})
    return schemas.Figures(
        queue=schemas.QueueLength(offers=queue.offers, organisations=queue.organisations),
        median_hours_to_decision=None if median.median_s is None else round(median.median_s / 3600, 2),
        decisions_last_90_days=median.decisions,
        published_offers_per_district=[
            schemas.DistrictCount(district=row.district, offers=row.offers) for row in districts
        ],
        published_offers_per_category=[
            schemas.CategoryCount(category=row.category, offers=row.offers) for row in categories
        ],
        new_organisations_per_month=[
            schemas.MonthCount(month=row.month, organisations=row.organisations) for row in months
        ],
    )
