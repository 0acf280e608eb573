"""The outbox relay and the tasks that carry out outbox events.

The relay runs on the beat schedule, one at a time (a Redis lock), and hands committed, undispatched
events to Celery with `outbox-<id>` as task id; an event dispatched long ago and still not completed (its
task died with a killed worker) is handed over again. Each task re-reads its event under a row lock and does
nothing if it is already complete, so a crash anywhere loses nothing and a re-dispatch sends nothing twice.
"""

from __future__ import annotations

import random
import smtplib
from typing import NamedTuple

from celery import Task
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from api.lib.outbox import EMAIL, OFFER_PUBLISHED, PUSH, PUSH_TEST
from api.settings import get_settings
from workers.celery_app import app
from workers.db import get_engine, get_redis
from workers.mail import send_mail
from workers.tasks.matching import match_published_offer
from workers.tasks.push import fan_out_to_device, fan_out_to_people

RELAY_LOCK = "volumap:outbox:relay"
RELAY_BATCH = 500
MAX_ATTEMPTS = 5


# Committed and not yet handed over, or handed over long ago and lost with its task (a killed worker).
_UNDISPATCHED = text(
    "SELECT id, kind FROM outbox_event WHERE dispatched_at IS NULL OR (completed_at IS NULL"
    " AND dispatched_at < now() - make_interval(secs => :lost) AND attempts < :attempts)"
    " ORDER BY id LIMIT :batch FOR UPDATE SKIP LOCKED"
)
# A hand-over again counts as an attempt: an event whose task kills its worker every time stops being handed
# over after MAX_ATTEMPTS, and says why.
_DISPATCHED = text(
    "UPDATE outbox_event SET dispatched_at = now(), attempts = attempts + CAST(dispatched_at IS NOT NULL AS int),"
    " last_error = CASE WHEN dispatched_at IS NOT NULL THEN 'handed over again: its task was lost'"
    " ELSE last_error END WHERE id = ANY(:ids)"
)
# One e-mail event under a row lock; its failed attempt; its completion. A sent e-mail's text (names,
# messages, one-time links) is of no use any more: only the recipient stays, to trace a delivery, until the
# person behind it deletes their account.
_EVENT_LOCKED = text("SELECT payload, completed_at FROM outbox_event WHERE id = :id FOR UPDATE")
_EMAIL_FAILED = text("UPDATE outbox_event SET attempts = attempts + 1, last_error = :error WHERE id = :id")
_EMAIL_SENT = text(
    "UPDATE outbox_event SET attempts = attempts + 1, completed_at = now(), last_error = NULL,"
    " payload = jsonb_build_object('to', payload->'to') WHERE id = :id"
)


@app.task(name="volumap.outbox.relay", ignore_result=True)
def relay() -> int:
    lock = get_redis().lock(RELAY_LOCK, timeout=60, blocking=False)
    if not lock.acquire():
        return 0
    try:
        dispatched = 0
        while True:
            with get_engine().begin() as connection:
                events = connection.execute(
                    _UNDISPATCHED,
                    {"batch": RELAY_BATCH, "lost": get_settings().outbox_redispatch_after_s,
                     "attempts": MAX_ATTEMPTS},
                ).all()
                for event in events:
                    HANDLERS[event.kind].apply_async(args=[event.id], task_id=f"outbox-{event.id}")
                if events:
                    connection.execute(_DISPATCHED, {"ids": [event.id for event in events]})
            dispatched += len(events)
            if len(events) < RELAY_BATCH:
                return dispatched
    finally:
        lock.release()


# PostgreSQL away (restarting): tried again later, as the push fan-out is (workers/tasks/push.py).
@app.task(name="volumap.outbox.email", bind=True, acks_late=True, max_retries=MAX_ATTEMPTS - 1,
          autoretry_for=(OperationalError,), retry_backoff=30, retry_jitter=True)
def deliver_email(self: Task[[int], bool], event_id: int) -> bool:
    """Sends one e-mail event; True if it was sent now, False if there was nothing (left) to do."""
    with get_engine().begin() as connection:
        event = connection.execute(_EVENT_LOCKED, {"id": event_id}).first()
        if event is None or event.completed_at is not None:
            return False
        payload = event.payload
        try:
            send_mail(payload["to"], payload["subject"], payload["text"], message_id_key=f"outbox-{event_id}")
        except (smtplib.SMTPException, OSError) as exc:
            connection.execute(_EMAIL_FAILED, {"id": event_id, "error": f"{type(exc).__name__}: {exc}"[:500]})
            if self.request.retries + 1 >= MAX_ATTEMPTS:
                return False
            connection.commit()
            raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc
        connection.execute(_EMAIL_SENT, {"id": event_id})
    return True


def _backoff(retries: int) -> float:
    """Exponential backoff with full jitter: 0–30 s, 0–60 s, 0–120 s, …"""
    return random.uniform(0, 30 * 2**retries)


HANDLERS = {EMAIL: deliver_email, OFFER_PUBLISHED: match_published_offer, PUSH: fan_out_to_people,
            PUSH_TEST: fan_out_to_device}


# What a completed event still says after the retention: nothing but its kind, dedupe key and times. E-mails
# carry an address and a text, pushes to named people (or a device's test) their texts; a new offer's event only
# the offer's id.
_REDACTABLE = (EMAIL, PUSH, PUSH_TEST)
_REDACT = text(
    "UPDATE outbox_event SET payload = '{}'::jsonb"
    " WHERE kind = ANY(:kinds) AND completed_at < now() - make_interval(days => :days) AND payload <> '{}'::jsonb"
)


@app.task(name="volumap.outbox.redact", ignore_result=True)
def redact_completed() -> int:
    """Daily: empties the payload of e-mail and push events completed more than VOLUMAP_OUTBOX_RETENTION_DAYS
    ago (data minimisation). `prune_handled` deletes them on the same day; this reaches those it keeps because
    a delivery of theirs is still waiting. Returns how many it emptied."""
    with get_engine().begin() as connection:
        return connection.execute(
            _REDACT, {"kinds": list(_REDACTABLE), "days": get_settings().outbox_retention_days}
        ).rowcount


# Rows derived from an event that has done its work: who a new offer matched (user, distance from their home
# cell) and each device's delivery of a push. Both are written while the event is handled (matches and
# deliveries in one transaction) and read by nothing after it but the person's own export.
_PRUNE_MATCHES = text(
    "DELETE FROM offer_match m USING outbox_event e"
    " WHERE e.kind = :kind AND e.completed_at < now() - make_interval(days => :days)"
    " AND m.offer_id = CAST(e.payload->>'offer_id' AS uuid)"
)
_PRUNE_DELIVERIES = text(
    "DELETE FROM push_delivery d USING outbox_event e"
    " WHERE d.event_id = e.id AND e.completed_at < now() - make_interval(days => :days)"
    " AND d.status NOT IN ('pending', 'sending')"
)
# Then the events themselves, but for those with a delivery still waiting (kept until it is done, and deleted
# the day after). Their dedupe keys stay in outbox_dedupe_key (migration 0009): a repeat is still refused.
# Events never completed (out of attempts) stay for an operator to look at.
_PRUNE_EVENTS = text(
    "DELETE FROM outbox_event e WHERE e.completed_at < now() - make_interval(days => :days)"
    " AND NOT EXISTS (SELECT 1 FROM push_delivery d WHERE d.event_id = e.id)"
)

# Feedback may hold personal data (a reply address, whatever the message says) and names no account, so no
# deletion of an account reaches it: it goes after its own retention period, whatever its status.
_PRUNE_FEEDBACK = text("DELETE FROM feedback WHERE created_at < now() - make_interval(days => :days)")


class Pruned(NamedTuple):
    matches: int
    deliveries: int
    events: int
    feedback: int


@app.task(name="volumap.outbox.prune", ignore_result=True)
def prune_handled() -> Pruned:
    """Daily: deletes the matches of offers published, the finished push deliveries of events completed, and
    those events themselves, more than VOLUMAP_OUTBOX_RETENTION_DAYS ago (data minimisation: together, a
    person's distances to several known offers would narrow down their home cell), and the feedback sent more
    than VOLUMAP_FEEDBACK_RETENTION_DAYS ago. Since the events go, each run reads only the events of the
    retention period (and the few still waiting for a delivery), not every event ever handled. Goes by the
    events' ids and the tables' keys: no index on the times is needed, and the insert path stays as cheap."""
    settings = get_settings()
    days = settings.outbox_retention_days
    with get_engine().begin() as connection:
        matches = connection.execute(_PRUNE_MATCHES, {"kind": OFFER_PUBLISHED, "days": days}).rowcount
        deliveries = connection.execute(_PRUNE_DELIVERIES, {"days": days}).rowcount
        events = connection.execute(_PRUNE_EVENTS, {"days": days}).rowcount
        feedback = connection.execute(_PRUNE_FEEDBACK, {"days": settings.feedback_retention_days}).rowcount
    return Pruned(matches, deliveries, events, feedback)
