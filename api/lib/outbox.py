"""The one way to make something happen after a commit: an outbox row in the same transaction.

The relay (workers/tasks/outbox.py) hands committed rows to Celery; a rolled-back change leaves no row,
so nothing is sent for it, and a crash after the commit loses nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import Insert, insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.outbox import OutboxEvent

EMAIL = "email"
# Payload {"offer_id": "…"}: an offer was published for the first time; reverse matching follows.
OFFER_PUBLISHED = "offer.published"
# Payload {"type", "user_ids", "path", "tag", "ttl", "urgency", "texts"}: a push to named people
# (api/domain/push/notifications.py).
PUSH = "push.notify"
# Payload {"type", "subscription_id", "path", "tag", "ttl", "urgency", "texts"}: a test notification to one
# device that asked for it (api/domain/push/notifications.py).
PUSH_TEST = "push.test"


def event_insert(kind: str, payload: dict[str, Any], dedupe_key: str | None = None) -> Insert:
    """The outbox row as a statement: for code on a synchronous session (workers, `AsyncSession.run_sync`)."""
    statement = insert(OutboxEvent).values(kind=kind, payload=payload, dedupe_key=dedupe_key, attempts=0)
    if dedupe_key is not None:
        statement = statement.on_conflict_do_nothing(index_elements=["dedupe_key"])
    return statement


def email_insert(to: str, subject: str, text: str, dedupe_key: str | None = None) -> Insert:
    return event_insert(EMAIL, {"to": to, "subject": subject, "text": text}, dedupe_key)


async def enqueue(session: AsyncSession, kind: str, payload: dict[str, Any], dedupe_key: str | None = None) -> None:
    await session.execute(event_insert(kind, payload, dedupe_key))


async def enqueue_email(session: AsyncSession, to: str, subject: str, text: str, dedupe_key: str | None = None) -> None:
    await session.execute(email_insert(to, subject, text, dedupe_key))
