"""Outbox retention: the daily pruning deletes events handled more than VOLUMAP_OUTBOX_RETENTION_DAYS ago,
never one still unhandled or with a delivery still waiting, and a deleted event's dedupe key is still refused
(outbox_dedupe_key, migration 0009)."""

from __future__ import annotations

import threading
import uuid
from unittest.mock import ANY

import psycopg
from psycopg.types.json import Jsonb

from api.lib.outbox import OFFER_PUBLISHED, event_insert
from api.settings import get_settings
from workers.db import get_engine
from workers.tasks import outbox


def _insert(db, name: str, kind: str, completed: str, dedupe_key: str | None) -> int:  # type: ignore[no-untyped-def]
    [(event_id,)] = db.execute(
        "INSERT INTO outbox_event (kind, payload, attempts, dedupe_key, created_at, dispatched_at, completed_at)"
        f" VALUES (%s, %s, 1, %s, now() - interval '100 days', now() - interval '100 days', {completed})"
        " RETURNING id", [kind, Jsonb({"offer_id": str(uuid.uuid4()), "name": name}), dedupe_key]).fetchall()
    return event_id


def test_old_handled_events_are_deleted_and_their_dedupe_keys_still_hold(db, monkeypatch) -> None:
    monkeypatch.setattr(get_settings(), "outbox_retention_days", 30)
    run = uuid.uuid4().hex  # keys of this run only: the key table outlives every event
    keys = {name: f"retention-test:{run}:{name}" for name in ("old offer", "recent offer", "never handled")}
    ids = {
        "old offer": _insert(db, "old offer", OFFER_PUBLISHED, "now() - interval '31 days'", keys["old offer"]),
        "old mail": _insert(db, "old mail", "email", "now() - interval '400 days'", None),
        "recent offer": _insert(db, "recent offer", OFFER_PUBLISHED, "now() - interval '29 days'",
                                keys["recent offer"]),
        "never handled": _insert(db, "never handled", "email", "NULL", keys["never handled"]),
        "still delivering": _insert(db, "still delivering", "push.notify", "now() - interval '60 days'", None),
    }
    db.execute("UPDATE outbox_event SET attempts = %s, last_error = 'SMTPServerDisconnected' WHERE id = %s",
               [outbox.MAX_ATTEMPTS, ids["never handled"]])
    [(subscription_id,)] = db.execute(
        "INSERT INTO push_subscription (channel, endpoint, p256dh, auth, home, radius_km)"
        " VALUES ('volumap', %s, 'k', 'a', ST_SetSRID(ST_MakePoint(8.53, 52.02), 4326)::geography, 5) RETURNING id",
        [f"https://push.test/{run}"]).fetchall()
    db.execute("INSERT INTO push_delivery (event_id, subscription_id, status) VALUES (%s, %s, 'pending')",
               [ids["still delivering"], subscription_id])

    pruned = outbox.prune_handled()

    left = {row[0] for row in db.execute("SELECT id FROM outbox_event WHERE id = ANY(%s)",
                                         [list(ids.values())])}
    assert {name for name, event_id in ids.items() if event_id in left} == {
        "recent offer", "never handled", "still delivering"}
    assert pruned.events >= 2  # (events other tests left behind may be old enough too)

    # The deleted event's key is refused, through the app's insert and a plain one alike; so are the keys of
    # events still there; a new key goes in.
    with get_engine().begin() as connection:
        for name in ("old offer", "recent offer", "never handled"):
            connection.execute(event_insert(OFFER_PUBLISHED, {"again": name}, keys[name]))
        connection.execute(event_insert(OFFER_PUBLISHED, {"again": "fresh"}, f"retention-test:{run}:fresh"))
    assert db.execute("INSERT INTO outbox_event (kind, payload, dedupe_key, attempts) VALUES ('email', '{}', %s, 0)"
                      " RETURNING id", [keys["old offer"]]).fetchall() == []
    assert dict(db.execute("SELECT dedupe_key, payload FROM outbox_event WHERE dedupe_key LIKE %s",
                           [f"retention-test:{run}:%"]).fetchall()) == {
        keys["recent offer"]: {"offer_id": ANY, "name": "recent offer"},
        keys["never handled"]: {"offer_id": ANY, "name": "never handled"},
        f"retention-test:{run}:fresh": {"again": "fresh"},
    }

    # The event kept for its waiting delivery goes once that delivery is done; a second run then finds nothing.
    db.execute("UPDATE push_delivery SET status = 'sent' WHERE subscription_id = %s", [subscription_id])
    assert outbox.prune_handled() == (0, 1, 1, 0)
    assert db.execute("SELECT id FROM outbox_event WHERE id = %s", [ids["still delivering"]]).fetchall() == []
    assert outbox.prune_handled() == (0, 0, 0, 0)


def test_of_two_concurrent_inserts_with_one_key_only_the_first_adds_an_event(db, database) -> None:  # type: ignore[no-untyped-def]
    """The key's row is taken in the event's own insert: a second transaction with the same key waits for the
    first, and adds nothing once the first has committed."""
    key = f"retention-test:{uuid.uuid4().hex}:concurrent"
    insert = "INSERT INTO outbox_event (kind, payload, dedupe_key, attempts) VALUES ('email', '{}', %s, 0) RETURNING id"
    second_result: list[list[tuple[int]]] = []
    with psycopg.connect(database) as first, psycopg.connect(database) as second:
        assert len(first.execute(insert, [key]).fetchall()) == 1
        thread = threading.Thread(target=lambda: second_result.append(second.execute(insert, [key]).fetchall()))
        thread.start()
        thread.join(timeout=0.5)
        assert thread.is_alive()  # waiting for the first transaction
        first.commit()
        thread.join(timeout=10)
        second.commit()
    assert second_result == [[]]
    assert db.execute("SELECT count(*) FROM outbox_event WHERE dedupe_key = %s", [key]).fetchone() == (1,)
