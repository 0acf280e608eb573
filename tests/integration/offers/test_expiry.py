"""The scheduled expiry: published and paused offers past expires_at or past their end become
expired, once, each with an audit entry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.support.factories import make_offer, make_organisation
from workers.celery_app import app
from workers.tasks.offers import expire_offers


def test_expiry_moves_offers_past_their_time_and_only_those(client, db) -> None:
    organisation = make_organisation(db)
    now = datetime.now(UTC)
    past_expiry = make_offer(db, organisation, expires_at=now - timedelta(minutes=1))
    past_end = make_offer(
        db,
        organisation,
        status="paused",
        published_at=now - timedelta(days=5),
        commitment="one_off",
        starts_at=now - timedelta(days=2),
        ends_at=now - timedelta(hours=1),
    )
    current = make_offer(
        db, organisation, expires_at=now + timedelta(days=1), ends_at=now + timedelta(days=1)
    )
    draft_past_end = make_offer(db, organisation, status="draft", ends_at=now - timedelta(days=1))
    closed_past_expiry = make_offer(
        db,
        organisation,
        status="closed",
        published_at=now - timedelta(days=100),
        expires_at=now - timedelta(days=10),
    )

    first = expire_offers()
    second = expire_offers()

    def state(offer):
        return db.execute("SELECT status, version FROM offer WHERE id = %s", [offer["id"]]).fetchone()

    assert (first, second) == (2, 0)
    assert state(past_expiry) == ("expired", 2) and state(past_end) == ("expired", 2)
    assert state(current) == ("published", 1) and state(draft_past_end) == ("draft", 1)
    assert state(closed_past_expiry) == ("closed", 1)
    audit = db.execute(
        "SELECT record_id, actor_id, action, before, after FROM audit_entry"
        " WHERE record_id = ANY(%s) ORDER BY record_id",
        [[past_expiry["id"], past_end["id"]]],
    ).fetchall()
    assert sorted((r[0], r[1], r[2], r[3]["status"], r[4]["status"]) for r in audit) == sorted(
        [
            (past_expiry["id"], None, "offer.expired", "published", "expired"),
            (past_end["id"], None, "offer.expired", "paused", "expired"),
        ]
    )
    assert client.get(f"/api/v1/offers/{past_expiry['id']}").status_code == 404
    assert client.get(f"/api/v1/offers/{current['id']}").status_code == 200


def test_expiry_is_on_the_beat_schedule() -> None:
    schedule = {entry["task"] for entry in app.conf.beat_schedule.values()}

    assert "volumap.offers.expire" in schedule and "volumap.offers.expire" in app.tasks
