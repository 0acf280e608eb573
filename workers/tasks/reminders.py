"""Reminders: 24 hours before a one-off offer starts, its accepted volunteers get a push.

Every run (each 15 minutes) looks at the published one-off offers starting within the next 24 hours and
writes one `push.notify` event per offer and start time; the dedupe key makes later runs add nothing, and a
start moved by the organisation gets a reminder of its own."""

from __future__ import annotations

from sqlalchemy import literal_column, text

from api.domain.push.notifications import people_insert, starts_text, texts, topic
from api.lib import app_links
from workers.celery_app import app
from workers.db import get_engine

_UPCOMING = """
    SELECT o.id, o.title, o.starts_at, org.name AS organisation, array_agg(a.user_id) AS user_ids
    FROM offer o
    JOIN organisation org ON org.id = o.organisation_id
    JOIN application a ON a.offer_id = o.id AND a.status = 'accepted' AND a.user_id IS NOT NULL
    WHERE o.status = 'published' AND o.commitment = 'one_off'
      AND o.starts_at > now() AND o.starts_at <= now() + interval '24 hours'
    GROUP BY o.id, org.name
"""


@app.task(name="volumap.reminders.upcoming", ignore_result=True)
def remind_upcoming() -> int:
    """Writes the reminder events due now; returns how many offers got one (the relay does the rest)."""
    written = 0
    with get_engine().begin() as connection:
        for offer in connection.execute(text(_UPCOMING)):
            words = {language: texts("offer.reminder", title=offer.title, organisation=offer.organisation,
                                     starts=starts_text(offer.starts_at, language))[language]
                     for language in ("de", "en")}
            statement = people_insert(
                "offer.reminder", offer.user_ids, path=app_links.offer(offer.id), tag=topic("r", offer.id),
                text_values=words, dedupe_key=f"reminder:{offer.id}:{offer.starts_at.isoformat()}",
            )
            written += len(connection.execute(statement.returning(literal_column("id"))).all())
    return written
