"""Reverse matching when an offer is first published: one INSERT … SELECT writes an `offer_match` row for
every volunteer the offer reaches (api/domain/volunteers/matching.py holds the query and its rules)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from api.domain.volunteers.matching import MATCH_INSERT_SQL
from workers.celery_app import app
from workers.db import get_engine

MAX_ATTEMPTS = 5

_MATCH = text(MATCH_INSERT_SQL)


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
    was handled before). The event row stays locked until the matches and its completion commit together;
    a lost connection is retried with backoff and jitter."""
    with get_engine().begin() as connection:
        event = connection.execute(
            text("SELECT payload, completed_at FROM outbox_event WHERE id = :id FOR UPDATE"), {"id": event_id}
        ).first()
        if event is None or event.completed_at is not None:
            return 0
        matched = connection.execute(_MATCH, {"offer_id": UUID(event.payload["offer_id"])}).rowcount
        connection.execute(
            text("UPDATE outbox_event SET attempts = attempts + 1, completed_at = now(), last_error = NULL"
                 " WHERE id = :id"),
            {"id": event_id},
        )
    return matched
