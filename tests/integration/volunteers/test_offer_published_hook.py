"""When a moderator first publishes an offer, an "offer.published" event is written with the decision;
the relay hands it to the matching task, which writes the offer's matches once, however often it runs."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.integration.volunteers.profiles import bulk_people, insert_profiles
from tests.support.accounts import make_person, sign_in
from tests.support.broker import take_queued_tasks
from tests.support.factories import BIELEFELD_MITTE, make_offer, make_organisation, published_event
from tests.support.moderation_desk import claim, post, submitted
from workers.tasks import outbox
from workers.tasks.matching import match_published_offer


def _events(db: psycopg.Connection, offer_id: Any) -> list[tuple]:
    return db.execute(
        "SELECT id, kind, payload, dedupe_key FROM outbox_event WHERE dedupe_key = %s OR payload->>'offer_id' = %s",
        [f"offer.published:{offer_id}", str(offer_id)],
    ).fetchall()


def test_approving_an_offer_writes_one_published_event(client, db) -> None:
    organisation = make_organisation(db)
    offer = submitted(db, organisation, 30)
    sign_in(client, make_person(db, moderator=True))

    assert claim(client, "offers", offer["id"]).status_code == 200
    assert post(client, f"/api/v1/moderation/offers/{offer['id']}/approve").status_code == 200

    [(_, kind, payload, dedupe_key)] = _events(db, offer["id"])
    assert (kind, payload, dedupe_key) == ("offer.published", {"offer_id": str(offer["id"])},
                                           f"offer.published:{offer['id']}")


def test_approving_a_revision_of_a_published_offer_writes_no_new_event(client, db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation, pending_revision=Jsonb({"summary": "Neu"}))
    sign_in(client, make_person(db, moderator=True))

    assert claim(client, "offers", offer["id"]).status_code == 200
    response = post(client, f"/api/v1/moderation/offers/{offer['id']}/approve")

    assert response.status_code == 200 and response.json()["is_revision"] is True
    assert _events(db, offer["id"]) == []


def test_rejecting_an_offer_writes_no_event(client, db) -> None:
    organisation = make_organisation(db)
    offer = submitted(db, organisation, 30)
    sign_in(client, make_person(db, moderator=True))

    claim(client, "offers", offer["id"])
    post(client, f"/api/v1/moderation/offers/{offer['id']}/reject", {"reason": "incomplete", "text": "Bitte mehr"})

    assert _events(db, offer["id"]) == []


@pytest.fixture()
def published_with_audience(db: psycopg.Connection) -> dict[str, Any]:
    """A published offer in Bielefeld (environment) and people around it: two who should hear of it and
    four who should not (too far, other interests, notifications off, suspended)."""
    offer = make_offer(db, make_organisation(db), category_ids=[5])
    lat, lon = BIELEFELD_MITTE
    near, no_interests, too_far, other_interests, silent = bulk_people(db, 5)
    [suspended] = bulk_people(db, 1, status="suspended")
    insert_profiles(db, [
        {"user_id": near, "lat": lat + 0.01, "lon": lon, "radius_km": 5, "interests": [5, 11]},
        {"user_id": no_interests, "lat": lat, "lon": lon + 0.05, "radius_km": 10},
        {"user_id": too_far, "lat": lat + 0.2, "lon": lon, "radius_km": 5, "interests": [5]},
        {"user_id": other_interests, "lat": lat, "lon": lon, "radius_km": 5, "interests": [6]},
        {"user_id": silent, "lat": lat, "lon": lon, "radius_km": 5, "interests": [5], "notify": False},
        {"user_id": suspended, "lat": lat, "lon": lon, "radius_km": 5, "interests": [5]},
    ])
    return {"offer": offer, "audience": {near, no_interests}}


def test_the_task_writes_the_matches_once_and_completes_thepublished_event(db, published_with_audience) -> None:
    offer = published_with_audience["offer"]
    event_id = published_event(db, offer["id"])

    first, second = match_published_offer(event_id), match_published_offer(event_id)

    matches = db.execute("SELECT user_id, distance_m FROM offer_match WHERE offer_id = %s", [offer["id"]]).fetchall()
    assert (first, second) == (2, 0)
    assert {user for user, _ in matches} == published_with_audience["audience"]
    assert all(distance > 0 for _, distance in matches)
    completed, attempts = db.execute("SELECT completed_at, attempts FROM outbox_event WHERE id = %s",
                                     [event_id]).fetchone()
    assert completed is not None and attempts == 1


def test_an_offer_unpublished_before_the_task_ran_reaches_nobody(db, published_with_audience) -> None:
    offer = published_with_audience["offer"]
    event_id = published_event(db, offer["id"])
    db.execute("UPDATE offer SET status = 'paused' WHERE id = %s", [offer["id"]])

    assert match_published_offer(event_id) == 0
    assert db.execute("SELECT count(*) FROM offer_match WHERE offer_id = %s", [offer["id"]]).fetchone() == (0,)
    assert db.execute("SELECT completed_at FROM outbox_event WHERE id = %s", [event_id]).fetchone()[0] is not None


def test_the_relay_hands_published_events_to_the_matching_task(db) -> None:
    offer = make_offer(db, make_organisation(db))
    event_id = published_event(db, offer["id"])
    take_queued_tasks()

    outbox.relay()

    assert take_queued_tasks()[f"outbox-{event_id}"] == (match_published_offer.name, [event_id])
    assert db.execute("SELECT dispatched_at FROM outbox_event WHERE id = %s", [event_id]).fetchone()[0] is not None
