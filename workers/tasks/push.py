"""Push delivery: outbox event → delivery rows → chunked delivery tasks → push services.

1. Fan-out (`fan_out_to_people`, `fan_out_to_device` for a test notification, or `match_published_offer` for
   new offers) writes one `push_delivery` row per event and subscription in the transaction that completes
   the event, then queues the due rows in chunks. The pair is unique: a re-run adds nothing.
2. `deliver` claims its rows (`pending` → `sending`, with a lease longer than the task's time limit),
   applies opt-outs and the daily cap, sends with `workers.webpush`, and records each answer.
3. `sweep` (beat) queues what is due and was never queued or whose task was lost (a crash between commit
   and enqueue, a killed worker), and returns rows whose lease ran out to `pending`.

Nothing is lost: every step's state is in PostgreSQL, and the sweep picks up whatever a crash left. Nothing
is sent twice, except a message in flight when its worker died: the push service may have taken it before
the answer was recorded. It is sent again with the same Topic, which replaces a still-undelivered copy on
the push service (RFC 8030 §5.4), and the same notification tag, which replaces a shown one on the device.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, TextClause, text
from sqlalchemy.exc import OperationalError

from api.domain.push.channels import PushChannel, get_channels
from api.domain.push.notifications import KINDS, NEW_OFFER, Delivery, new_offer_texts, payload, topic
from api.lib import app_links
from api.lib.outbox import OFFER_PUBLISHED
from api.settings import get_settings
from workers.celery_app import app
from workers.db import get_engine, get_redis
from workers.webpush import Outcome, Push, PushResult, sender

log = logging.getLogger("volumap.push")

MAX_BACKOFF_S = 600
SWEEP_LOCK = "volumap:push:sweep"
SWEEP_CHUNKS = 40
METRICS = "volumap:metrics"


def _backoff(attempt: int) -> float:
    """Exponential backoff with full jitter: up to 10 s, 20 s, 40 s, …, at most 10 minutes."""
    return random.uniform(1.0, min(MAX_BACKOFF_S, 10.0 * 2 ** (attempt - 1)))


def _array(values: Iterable[int | str]) -> str:
    """A PostgreSQL array literal of ids (integers or uuids, which need no quoting), for `CAST(:ids AS
    bigint[])`: psycopg dumps a list element by element in Python, 0.5 ms for 500 integers and 1.2 ms for 500
    uuids against 0.1 ms for the literal (bench/RESULTS.md, "Issue 17: the worker's CPU per send")."""
    return "{" + ",".join(map(str, values)) + "}"


# Due pending deliveries marked as queued: an event's (its fan-out), or up to :limit never queued or whose task
# was lost (the sweep).
_QUEUE_EVENT = text(
    "UPDATE push_delivery SET queued_at = now() WHERE id IN ("
    " SELECT id FROM push_delivery WHERE status = 'pending' AND not_before <= now()"
    " AND event_id = :event_id ORDER BY id FOR UPDATE SKIP LOCKED) RETURNING id"
)
_QUEUE_STALE = text(
    "UPDATE push_delivery SET queued_at = now() WHERE id IN ("
    " SELECT id FROM push_delivery WHERE status = 'pending' AND not_before <= now()"
    " AND (queued_at IS NULL OR queued_at < now() - make_interval(secs => :stale))"
    " ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED) RETURNING id"
)


def queue_due(connection: Connection, statement: TextClause, params: dict[str, Any]) -> int:
    """Marks the due pending deliveries `statement` picks (`_QUEUE_EVENT`, `_QUEUE_STALE`) as queued and sends
    them to `deliver` in chunks once `connection`'s transaction has committed (the caller commits). Returns how
    many were queued."""
    chunk = get_settings().push_chunk_size
    ids = [row.id for row in connection.execute(statement, params)]
    ids.sort()
    chunks = [ids[start:start + chunk] for start in range(0, len(ids), chunk)]
    if chunks:
        connection.info.setdefault("after_commit", []).extend(chunks)
    return len(ids)


def _send_queued(connection: Connection) -> None:
    for ids in connection.info.pop("after_commit", []):
        # celery-types wants a tuple for args; Celery takes a list as well, and the tests expect one.
        deliver.apply_async(args=[ids])  # type: ignore[arg-type]


FanOut = Callable[[dict[str, Any]], Sequence[tuple[TextClause, dict[str, Any]]]]

_LOCK_EVENT = text("SELECT payload, completed_at FROM outbox_event WHERE id = :id FOR UPDATE")
_COMPLETE = text("UPDATE outbox_event SET attempts = attempts + 1, completed_at = now(), last_error = NULL"
                 " WHERE id = :id")
_COMPLETE_WITHOUT_PEOPLE = text(
    "UPDATE outbox_event SET attempts = attempts + 1, completed_at = now(), last_error = NULL,"
    " payload = payload - 'user_ids' WHERE id = :id"
)


def run_fan_out(event_id: int, statements: FanOut, *, strip_people: bool = False) -> list[int]:
    """Runs an event's fan-out statements (given its payload) once: the event row is locked and completed in
    the same transaction. Then queues its due deliveries. Returns each statement's row count, or nothing when
    the event was handled before."""
    engine = get_engine()
    with engine.connect() as connection:
        with connection.begin():
            event = connection.execute(_LOCK_EVENT, {"id": event_id}).first()
            if event is None or event.completed_at is not None:
                return []
            written = [connection.execute(sql, params).rowcount for sql, params in statements(event.payload)]
            connection.execute(_COMPLETE_WITHOUT_PEOPLE if strip_people else _COMPLETE, {"id": event_id})
        with connection.begin():
            queue_due(connection, _QUEUE_EVENT, {"event_id": event_id})
        _send_queued(connection)
    return written


# A fan-out only writes rows (each insert is idempotent): retried when the database was away.
_FAN_OUT_RETRIES: dict[str, Any] = {"acks_late": True, "autoretry_for": (OperationalError,), "max_retries": 4,
                                    "retry_backoff": 30, "retry_jitter": True}

_PEOPLE_DELIVERIES = text(
    "INSERT INTO push_delivery (event_id, subscription_id)"
    " SELECT :event_id, device.id FROM push_subscription device"
    " JOIN outbox_event event ON event.id = :event_id"
    " JOIN user_account person ON person.id = device.user_id AND person.status = 'active'"
    " WHERE device.user_id IN (SELECT CAST(jsonb_array_elements_text(event.payload->'user_ids') AS uuid))"
    " AND device.gone_at IS NULL"
    " ON CONFLICT (event_id, subscription_id) DO NOTHING"
)


@app.task(name="volumap.push.fan_out", **_FAN_OUT_RETRIES)
def fan_out_to_people(event_id: int) -> int:
    """A `push.notify` event: one delivery per live device of each named person, due at once. The person
    ids leave the event's payload in the same transaction (only the deliveries need them now)."""
    return sum(run_fan_out(event_id, lambda _: [(_PEOPLE_DELIVERIES, {"event_id": event_id})], strip_people=True))


_DEVICE_DELIVERY = text(
    "INSERT INTO push_delivery (event_id, subscription_id)"
    " SELECT :event_id, device.id FROM push_subscription device"
    " JOIN outbox_event event ON event.id = :event_id"
    " WHERE device.id = CAST(event.payload->>'subscription_id' AS uuid) AND device.gone_at IS NULL"
    " ON CONFLICT (event_id, subscription_id) DO NOTHING"
)


@app.task(name="volumap.push.fan_out_to_device", **_FAN_OUT_RETRIES)
def fan_out_to_device(event_id: int) -> int:
    """A `push.test` event: one delivery to the device that asked for it, due at once (no quiet hours; only
    new offers count against the daily cap). Nothing when the device was removed or retired meanwhile."""
    return sum(run_fan_out(event_id, lambda _: [(_DEVICE_DELIVERY, {"event_id": event_id})]))


@dataclass(frozen=True, slots=True)
class _Claimed:
    id: int
    event_id: int
    kind: str
    event: dict[str, Any]
    channel: str
    endpoint: str
    p256dh: str
    auth: str
    locale: str
    distance_m: float | None
    recipient: str
    """The person's id, or the anonymous device's, as text: only compared and handed back to SQL, and uuid.UUID
    objects cost Python calls to load, sort, hash and dump."""
    cap: int
    attempts: int
    """Counting this one."""


_CLAIMABLE = text("""
    SELECT d.id, d.event_id, e.kind, s.channel, s.endpoint, s.p256dh, s.auth,
           coalesce(person.locale, s.locale) AS locale, d.distance_m,
           CAST(coalesce(s.user_id, s.id) AS text) AS recipient,
           coalesce(profile.daily_cap, s.daily_cap) AS cap, d.attempts + 1 AS attempts,
           CASE WHEN s.gone_at IS NOT NULL THEN 'gone'
                -- claimed this often already: its worker died each time (a poisonous message, say)
                WHEN d.attempts >= :max_attempts THEN 'failed'
                WHEN s.user_id IS NOT NULL AND person.status IS DISTINCT FROM 'active' THEN 'skipped'
                WHEN e.kind = :new_offer AND s.user_id IS NOT NULL
                     AND NOT coalesce(profile.notify_new_offers, false) THEN 'skipped'
                WHEN e.kind = :new_offer AND NOT EXISTS (
                    SELECT 1 FROM offer o WHERE o.id = CAST(e.payload->>'offer_id' AS uuid) AND o.status = 'published'
                ) THEN 'skipped'
           END AS settled
    FROM push_delivery d
    JOIN outbox_event e ON e.id = d.event_id
    JOIN push_subscription s ON s.id = d.subscription_id
    LEFT JOIN user_account person ON person.id = s.user_id
    LEFT JOIN volunteer_profile profile ON profile.user_id = s.user_id
    WHERE d.id = ANY(CAST(:ids AS bigint[])) AND d.status = 'pending' AND d.not_before <= now()
    ORDER BY d.id
    FOR UPDATE OF d SKIP LOCKED
""")

# The cap holds under concurrent workers: the allowance row of (recipient, local day) is updated by one
# statement at a time, and only while it has room, or already holds this event (a person's second device).
# A claim takes the place; `_RELEASE` gives it back when the delivery ends without a notification.
_ALLOWANCE = text("""
    INSERT INTO push_allowance (recipient_id, day, event_ids, cap)
    SELECT recipient, (now() AT TIME ZONE 'Europe/Berlin')::date, ARRAY[event_id], cap
    FROM unnest(CAST(:recipients AS uuid[]), CAST(:events AS bigint[]), CAST(:caps AS smallint[]))
        AS asked(recipient, event_id, cap)
    ON CONFLICT (recipient_id, day) DO UPDATE SET
        cap = EXCLUDED.cap,
        event_ids = CASE WHEN EXCLUDED.event_ids[1] = ANY(push_allowance.event_ids) THEN push_allowance.event_ids
                         ELSE push_allowance.event_ids || EXCLUDED.event_ids END
    WHERE EXCLUDED.event_ids[1] = ANY(push_allowance.event_ids)
       OR cardinality(push_allowance.event_ids) < EXCLUDED.cap
    RETURNING CAST(recipient_id AS text) AS recipient
""")


# Only delivered notifications count: a delivery that ends without one (gone, failed, skipped, or waiting for a
# retry, which takes its place again when it is claimed) gives back the place its claim took, unless another
# device of the same recipient has the event delivered or on its way. By the deliveries' own keys: the other
# devices' rows are looked up by (event, subscription), never by scanning the event's whole fan-out.
_RELEASE = text("""
    WITH released AS (
        SELECT coalesce(s.user_id, s.id) AS recipient, array_agg(DISTINCT d.event_id) AS event_ids
        FROM push_delivery d
        JOIN outbox_event e ON e.id = d.event_id AND e.kind = :new_offer
        JOIN push_subscription s ON s.id = d.subscription_id
        WHERE d.id = ANY(CAST(:ids AS bigint[])) AND d.status NOT IN ('sent', 'sending')
          AND NOT EXISTS (
              SELECT 1 FROM push_subscription device
              JOIN push_delivery other ON other.subscription_id = device.id AND other.event_id = d.event_id
              WHERE (device.id = s.id OR device.user_id = s.user_id) AND other.status IN ('sent', 'sending'))
        GROUP BY 1
    )
    UPDATE push_allowance allowance
    SET event_ids = ARRAY(SELECT held FROM unnest(allowance.event_ids) held WHERE held <> ALL(released.event_ids))
    FROM released
    WHERE allowance.recipient_id = released.recipient AND allowance.event_ids && released.event_ids
      AND allowance.day >= (now() AT TIME ZONE 'Europe/Berlin')::date - 1
""")


def _release(connection: Connection, delivery_ids: list[int]) -> None:
    """Gives back the daily-cap places of these deliveries, which ended (for now) without a notification."""
    if delivery_ids:
        connection.execute(_RELEASE, {"ids": _array(delivery_ids), "new_offer": OFFER_PUBLISHED})


def _allowed(connection: Connection, wanted: set[tuple[str, int, int]]) -> set[tuple[str, int]]:
    """Which (recipient, event) pairs are within their daily cap; takes their place in the allowance.
    One statement may touch each allowance row once, so a recipient's several events go in rounds (in the
    recipients' order: the uuids' text sorts as they do)."""
    by_recipient: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for recipient, event_id, cap in sorted(wanted):
        if cap > 0:
            by_recipient[recipient].append((event_id, cap))
    allowed: set[tuple[str, int]] = set()
    round_ = 0
    while True:
        batch = [(recipient, events[round_]) for recipient, events in by_recipient.items() if len(events) > round_]
        if not batch:
            return allowed
        rows = connection.execute(_ALLOWANCE, {
            "recipients": _array(recipient for recipient, _ in batch),
            "events": _array(event_id for _, (event_id, _) in batch),
            "caps": _array(cap for _, (_, cap) in batch),
        })
        asked = {recipient: event_id for recipient, (event_id, _) in batch}
        allowed.update((row.recipient, asked[row.recipient]) for row in rows)
        round_ += 1


_EVENTS = text("SELECT id, payload FROM outbox_event WHERE id = ANY(CAST(:ids AS bigint[]))")
_SETTLE = text("UPDATE push_delivery SET status = :status WHERE id = ANY(CAST(:ids AS bigint[]))")
_SENDING = text(
    "UPDATE push_delivery SET status = 'sending', attempts = attempts + 1,"
    " claimed_until = now() + make_interval(secs => :lease) WHERE id = ANY(CAST(:ids AS bigint[]))"
)


def _claim(connection: Connection, ids: list[int]) -> list[_Claimed]:
    rows = connection.execute(_CLAIMABLE, {
        "ids": _array(ids), "new_offer": OFFER_PUBLISHED, "max_attempts": get_settings().push_max_attempts}).all()
    # Each event's payload once, not once per delivery row.
    events: dict[int, dict[str, Any]] = {
        event.id: event.payload
        for event in connection.execute(_EVENTS, {"ids": _array({row.event_id for row in rows})})
    } if rows else {}
    settled: dict[str, list[int]] = defaultdict(list)
    candidates: list[_Claimed] = []
    for row in rows:
        if row.settled is not None:
            settled[row.settled].append(row.id)
            continue
        candidates.append(_Claimed(
            id=row.id, event_id=row.event_id, kind=row.kind, event=events[row.event_id], channel=row.channel,
            endpoint=row.endpoint, p256dh=row.p256dh, auth=row.auth, locale=row.locale, distance_m=row.distance_m,
            recipient=row.recipient, cap=row.cap, attempts=row.attempts))
    capped = [claimed for claimed in candidates if claimed.kind == OFFER_PUBLISHED]
    if capped:
        allowed = _allowed(connection, {(c.recipient, c.event_id, c.cap) for c in capped})
        settled["capped"] = [c.id for c in capped if (c.recipient, c.event_id) not in allowed]
    capped_ids = set(settled["capped"])
    sending = [claimed for claimed in candidates if claimed.id not in capped_ids]
    for status, settled_ids in settled.items():
        if settled_ids:
            connection.execute(_SETTLE, {"status": status, "ids": _array(settled_ids)})
    # An earlier claim whose worker died may have taken a place for these.
    _release(connection, [delivery_id for status, settled_ids in settled.items() if status != "capped"
                          for delivery_id in settled_ids])
    if sending:
        connection.execute(_SENDING, {"ids": _array(claimed.id for claimed in sending),
                                      "lease": get_settings().push_lease_s})
    return sending


_OFFERS = text("""
    SELECT o.id, o.title, coalesce(c.label_de, '') AS label_de, coalesce(c.label_en, '') AS label_en
    FROM offer o LEFT JOIN category c ON c.id = o.category_ids[1]
    WHERE o.id = ANY(CAST(:ids AS uuid[]))
""")


@dataclass(frozen=True, slots=True)
class _Message:
    """What every recipient of an event on one channel in one language gets alike."""

    kind: str
    tag: str
    url: str
    delivery: Delivery
    words: dict[str, str]
    """The texts, or for a new offer its title and category (the body adds each recipient's distance)."""


def _message(c: _Claimed, language: str, channel: PushChannel | None, offers: dict[uuid.UUID, Any]) -> _Message:
    if c.kind == OFFER_PUBLISHED:
        offer_id = uuid.UUID(c.event["offer_id"])
        offer = offers.get(offer_id)
        title, label_de, label_en = (offer.title, offer.label_de, offer.label_en) if offer else ("", "", "")
        path = app_links.offer(offer_id)
        return _Message(OFFER_PUBLISHED, topic("o", offer_id), channel.link(path) if channel else path, NEW_OFFER,
                        {"title": title, "category": label_en if language == "en" else label_de})
    path = c.event["path"]
    return _Message(c.event["type"], c.event["tag"], channel.link(path) if channel else path, KINDS[c.event["type"]],
                    c.event["texts"][language])


def _pushes(connection: Connection, claimed: Iterable[_Claimed]) -> list[Push]:
    claimed = list(claimed)
    offer_ids = {c.event["offer_id"] for c in claimed if c.kind == OFFER_PUBLISHED}
    offers = ({row.id: row for row in connection.execute(_OFFERS, {"ids": _array(offer_ids)})}
              if offer_ids else {})
    channels = get_channels()
    messages: dict[tuple[int, str, str], _Message] = {}
    # Recipients of a new offer differ only by their distance, which is shown rounded: many get the same bytes.
    payloads: dict[tuple[int, str, str, str], bytes] = {}
    pushes: list[Push] = []
    for c in claimed:
        language = "en" if c.locale == "en" else "de"
        key = (c.event_id, language, c.channel)
        message = messages.get(key)
        if message is None:
            message = messages[key] = _message(c, language, channels.get(c.channel), offers)
        words = message.words
        if message.kind == OFFER_PUBLISHED:
            words = new_offer_texts(language, distance_m=c.distance_m, **words)
        body = payloads.get((*key, words["body"]))
        if body is None:
            body = payloads[(*key, words["body"])] = payload(message.kind, words["title"], words["body"], message.url,
                                                            message.tag)
        pushes.append(Push(
            delivery_id=c.id, channel=c.channel, endpoint=c.endpoint, p256dh=c.p256dh, auth=c.auth, payload=body,
            ttl=message.delivery.ttl_s, urgency=message.delivery.urgency, topic=message.tag,
        ))
    return pushes


_DELIVERED = text(
    "WITH done AS (UPDATE push_delivery SET status = 'sent', sent_at = now(), last_status = 201,"
    " last_error = NULL, claimed_until = NULL WHERE id = ANY(CAST(:ids AS bigint[])) AND status = 'sending'"
    " RETURNING subscription_id)"
    " UPDATE push_subscription SET last_success_at = now(), failures = 0"
    " WHERE id IN (SELECT subscription_id FROM done)"
)


_GONE = text(
    "UPDATE push_subscription SET gone_at = now(), last_error = :error WHERE id ="
    " (SELECT subscription_id FROM push_delivery WHERE id = :id)"
)
_FAILED = text(
    "UPDATE push_subscription SET failures = failures + 1, last_error = :error WHERE id ="
    " (SELECT subscription_id FROM push_delivery WHERE id = :id)"
)
_ANSWERED = text(
    "UPDATE push_delivery SET status = :status, last_status = :code, last_error = :error,"
    " claimed_until = NULL, not_before = now() + make_interval(secs => :delay),"
    " queued_at = now() + make_interval(secs => :delay) WHERE id = :id AND status = 'sending'"
)


def _record(connection: Connection, results: list[PushResult], attempts: dict[int, int]) -> list[tuple[int, float]]:
    """Writes each answer (`attempts`: each delivery's attempts, this one counted); returns the (delivery id,
    delay) of those to try again."""
    settings = get_settings()
    delivered = [r.delivery_id for r in results if r.outcome is Outcome.delivered]
    if delivered:
        connection.execute(_DELIVERED, {"ids": _array(delivered)})
    retries: list[tuple[int, float]] = []
    alerts: dict[int, int] = defaultdict(int)
    for result in results:
        if result.outcome is Outcome.delivered:
            continue
        status, delay = "failed", 0.0
        if result.outcome is Outcome.gone:
            status = "gone"
            connection.execute(_GONE, {"id": result.delivery_id, "error": result.error})
        elif result.outcome is Outcome.retry and attempts[result.delivery_id] < settings.push_max_attempts:
            # The push service's Retry-After wins over our own backoff.
            delay = min(MAX_BACKOFF_S, _backoff(attempts[result.delivery_id]) if result.retry_after_s is None
                        else max(0.5, result.retry_after_s))
            retries.append((result.delivery_id, delay))
            status = "pending"
        else:
            if result.outcome is Outcome.alert:
                alerts[result.status or 0] += 1
                log.error("push service refused our request (%s) for delivery %s: %s; the subscription is kept,"
                          " check the VAPID set-up", result.status, result.delivery_id, result.error)
            elif result.outcome is Outcome.defect:
                log.error("push delivery %s failed by a defect of ours (a payload too large, keys that cannot be"
                          " used): %s", result.delivery_id, result.error)
            else:
                log.warning("push delivery %s failed: %s", result.delivery_id, result.error)
            connection.execute(_FAILED, {"id": result.delivery_id, "error": result.error})
        connection.execute(_ANSWERED, {"status": status, "code": result.status, "error": result.error,
                                       "id": result.delivery_id, "delay": delay})
    _release(connection, [r.delivery_id for r in results if r.outcome is not Outcome.delivered])
    if alerts:
        _count_alerts(alerts)
    return retries


def _count_alerts(alerts: dict[int, int]) -> None:
    for status, count in alerts.items():
        get_redis().hincrby(METRICS, f"push_alert_{status}", count)


# The lease outlasts the task: a task still running never has its deliveries taken away and sent twice.
_LEASE_S = get_settings().push_lease_s


@app.task(name="volumap.push.deliver", acks_late=True, autoretry_for=(OperationalError,), max_retries=4,
          retry_backoff=10, retry_jitter=True, time_limit=max(2, _LEASE_S * 5 // 6),
          soft_time_limit=max(1, _LEASE_S * 2 // 3))
def deliver(ids: list[int]) -> int:
    """Sends the due, still pending deliveries among `ids`; returns how many push services accepted."""
    engine = get_engine()
    with engine.connect() as connection:
        with connection.begin():
            claimed = _claim(connection, ids)
            pushes = _pushes(connection, claimed)
        if not pushes:
            return 0
        retries: list[tuple[int, float]] = []

        attempts = {c.id: c.attempts for c in claimed}

        def record(answers: list[PushResult]) -> None:
            with connection.begin():
                retries.extend(_record(connection, answers, attempts))

        results = sender().send_all(pushes, record)
    for delivery_id, delay in retries:
        deliver.apply_async(args=[[delivery_id]], countdown=delay)  # type: ignore[arg-type]  # a list: see _send_queued
    return sum(result.outcome is Outcome.delivered for result in results)


_LAPSED = text(
    "UPDATE push_delivery SET status = 'pending', claimed_until = NULL, queued_at = NULL"
    " WHERE status = 'sending' AND claimed_until < now()"
)


@app.task(name="volumap.push.sweep", ignore_result=True)
def sweep() -> int:
    """Returns lapsed claims to `pending` and queues what is due but was never queued or whose task was lost.
    One at a time (a Redis lock); returns how many deliveries it queued."""
    lock = get_redis().lock(SWEEP_LOCK, timeout=60, blocking=False)
    if not lock.acquire():
        return 0
    try:
        with get_engine().connect() as connection:
            with connection.begin():
                lapsed = connection.execute(_LAPSED).rowcount
                if lapsed:
                    log.warning("%s push deliveries were claimed by a worker that did not finish; sending again",
                                lapsed)
                settings = get_settings()
                queued = queue_due(connection, _QUEUE_STALE, {"stale": settings.push_requeue_after_s,
                                                             "limit": settings.push_chunk_size * SWEEP_CHUNKS})
            _send_queued(connection)
        return queued
    finally:
        lock.release()


_IDLE_ANONYMOUS = text(
    "DELETE FROM push_subscription WHERE user_id IS NULL"
    " AND coalesce(last_success_at, created_at) < now() - make_interval(days => :days)"
)
_RETIRED = text("DELETE FROM push_subscription WHERE gone_at < now() - interval '7 days'")
_PAST_ALLOWANCES = text("DELETE FROM push_allowance WHERE day < (now() AT TIME ZONE 'Europe/Berlin')::date - 1")


@app.task(name="volumap.push.expire", ignore_result=True)
def expire() -> dict[str, int]:
    """Daily: anonymous subscriptions 180 days after their last delivery, subscriptions the push service
    retired a week ago, and allowances of past days."""
    settings = get_settings()
    with get_engine().begin() as connection:
        idle = connection.execute(_IDLE_ANONYMOUS, {"days": settings.push_anonymous_expiry_days}).rowcount
        retired = connection.execute(_RETIRED).rowcount
        allowances = connection.execute(_PAST_ALLOWANCES).rowcount
    return {"idle": idle, "retired": retired, "allowances": allowances}
