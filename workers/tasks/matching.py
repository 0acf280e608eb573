"""Reverse matching when an offer is first published: one INSERT … SELECT writes an `offer_match` row for
every volunteer the offer reaches, a second one a push delivery for each of their devices and for every
anonymous device whose area the offer lies in (api/domain/volunteers/matching.py holds the queries and their
rules); workers/tasks/push.py sends them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from api.domain.volunteers.matching import DELIVERIES_INSERT_SQL, MATCH_INSERT_SQL
from workers.celery_app import app
from workers.tasks.push import run_fan_out

MAX_ATTEMPTS = 5

_MATCH = text(MATCH_INSERT_SQL)
_DELIVERIES = text(DELIVERIES_INSERT_SQL)


@app.task(
    name="volumap.matching.offer_published",
    acks_late=True,
    autoretry_for=(OperationalError,),
    max_retries=MAX_ATTEMPTS - 1,
    retry_backoff=30,
    retry_jitter=True,
)
def match_published_offer(event_id: int) -> int:
    """Handles an "offer.published" outbox event; returns how many matches it wrote now (0 when the event
    was handled before). The matches, the deliveries and the event's completion commit together; a lost
    connection is retried with backoff and jitter."""

    def statements(payload: dict[str, Any]) -> list[tuple[Any, dict[str, Any]]]:
        offer_id = UUID(payload["offer_id"])
        return [(_MATCH, {"offer_id": offer_id}), (_DELIVERIES, {"offer_id": offer_id, "event_id": event_id})]

    written = run_fan_out(event_id, statements)
    return written[0] if written else 0
