"""Waiting lists move by themselves: every minute, places held for people who did not take them in time
lapse, and free places go to the next people waiting (api/domain/applications/waiting_list.py)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from api.domain.applications.waiting_list import OFFERS_TO_REFRESH_SQL, refresh_offer
from workers.celery_app import app
from workers.db import get_engine


@app.task(name="volumap.applications.refresh_waiting_lists", ignore_result=True)
def refresh_waiting_lists() -> int:
    """One transaction per offer, each under the offer's row lock; returns how many applications changed.
    Running it twice, or twice at once, changes nothing more."""
    engine = get_engine()
    with engine.connect() as connection:
        offer_ids = connection.execute(text(OFFERS_TO_REFRESH_SQL)).scalars().all()
    changed = 0
    for offer_id in offer_ids:
        with Session(engine) as session:
            changed += refresh_offer(session, offer_id)
    return changed
