"""A full offer says so; new applicants wait in line; a freed place is offered to the first person waiting
for 48 hours by an e-mail link that works once; the worker lets unused places lapse and moves on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg

from tests.support.accounts import csrf_headers, deliver_outbox, make_person, sign_in
from tests.support.applications import (
    applicant,
    assert_problem,
    emails_to,
    insert_application,
    status_of,
    take_place_by_link,
    withdraw,
)
from tests.support.factories import make_offer, make_organisation
from tests.support.mailbox import link_token
from workers.celery_app import app
from workers.tasks.applications import refresh_waiting_lists


def _detail(client, offer) -> dict:
    return client.get(f"/api/v1/offers/{offer['id']}").json()


def _position(db, application_id) -> tuple:
    return db.execute(
        "SELECT status, offered_until, offer_token_hash FROM application WHERE id = %s", [application_id]
    ).fetchone()


def test_a_full_offer_says_so_and_new_applicants_wait_in_order(client, db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation, capacity=2)
    insert_application(db, offer, make_person(db), "accepted")

    open_detail = _detail(client, offer)
    _, last_place = applicant(client, db, offer)
    insert_application(db, offer, make_person(db), "accepted")
    full_detail = _detail(client, offer)
    _, first = applicant(client, db, offer)
    second_person, second = applicant(client, db, offer)
    mine = client.get("/api/v1/me/applications").json()

    assert (open_detail["places_left"], open_detail["is_full"]) == (1, False)
    assert last_place["status"] == "pending"  # pending holds no place: only accepted and offered do
    assert (full_detail["places_left"], full_detail["is_full"]) == (0, True)
    assert (first["status"], first["waiting_position"]) == ("waiting", 1)
    assert (second["status"], second["waiting_position"]) == ("waiting", 2)
    assert mine[0]["waiting_position"] == 2
    assert db.execute(
        "SELECT waiting_since IS NOT NULL FROM application WHERE id = %s", [second["id"]]
    ).fetchone() == (True,)


def test_a_freed_place_goes_to_the_first_person_waiting_by_a_link_that_works_once(
    client, db, mailbox
) -> None:
    organisation = make_organisation(db, name="Bürgerverein Sieker")
    offer = make_offer(db, organisation, capacity=1, title="Laub harken")
    holder = make_person(db)
    held = insert_application(db, offer, holder, "accepted")
    first_person, first = applicant(client, db, offer)
    second_person, second = applicant(client, db, offer, locale="en")

    sign_in(client, holder)
    before = datetime.now(UTC)
    withdraw(client, held)
    status, offered_until, token_hash = _position(db, first["id"])
    deliver_outbox(db)
    [message] = mailbox.wait_for(first_person.email)
    token = link_token(message)
    client.cookies.clear()
    taken = take_place_by_link(client, token)
    again = take_place_by_link(client, token)

    assert status == "offered" and token_hash
    assert (
        before + timedelta(hours=47, minutes=59)
        < offered_until
        < datetime.now(UTC) + timedelta(hours=48, seconds=1)
    )
    assert message["Subject"] == "Ein Platz ist frei: Laub harken"
    assert "https://volumap.test/#/platz-annehmen?token=" in message.get_content()
    assert "Bürgerverein Sieker" in message.get_content() and " Uhr" in message.get_content()
    assert status_of(db, second["id"]) == "waiting"
    assert taken.status_code == 200, taken.text
    assert taken.json()["status"] == "accepted" and taken.json()["id"] == first["id"]
    assert_problem(again, 400, "token")
    assert _position(db, first["id"]) == ("accepted", None, None)
    assert emails_to(db, second_person.email) == []
    assert db.execute(
        "SELECT action, actor_id, before, after FROM audit_entry WHERE record_id = %s", [first["id"]]
    ).fetchall() == [
        (
            "application.place_offered",
            None,
            {"status": "waiting"},
            {"status": "offered", "offer_id": str(offer["id"])},
        )
    ]


def test_unknown_or_malformed_tokens_are_refused(client, db) -> None:
    client.cookies.clear()

    assert_problem(take_place_by_link(client, "a" * 43), 400, "token")
    assert_problem(take_place_by_link(client, "short"), 400, "token")
    assert_problem(
        client.post(
            "/api/v1/applications/take-place",
            json={"token": "a" * 43, "extra": 1},
            headers=csrf_headers(client),
        ),
        400,
        "extra",
    )
    without_csrf = client.post("/api/v1/applications/take-place", json={"token": "a" * 43})
    assert_problem(without_csrf, 403)


def test_the_offered_person_can_also_take_the_place_signed_in(client, db) -> None:
    offer = make_offer(db, make_organisation(db), capacity=1)
    holder = make_person(db)
    held = insert_application(db, offer, holder, "accepted")
    waiting_person, waiting = applicant(client, db, offer)
    sign_in(client, holder)
    withdraw(client, held)

    sign_in(client, waiting_person)
    taken = client.post(f"/api/v1/me/applications/{waiting['id']}/take-place", headers=csrf_headers(client))
    twice = client.post(f"/api/v1/me/applications/{waiting['id']}/take-place", headers=csrf_headers(client))

    assert taken.status_code == 200 and taken.json()["status"] == "accepted"
    assert_problem(twice, 409)


def test_an_unused_place_lapses_and_moves_on_once(client, db) -> None:
    offer = make_offer(db, make_organisation(db), capacity=1)
    holder = make_person(db)
    held = insert_application(db, offer, holder, "accepted")
    late_person, late = applicant(client, db, offer)
    next_person, following = applicant(client, db, offer)
    sign_in(client, holder)
    withdraw(client, held)
    late_token_hash = _position(db, late["id"])[2]
    db.execute(
        "UPDATE application SET offered_until = now() - interval '1 minute' WHERE id = %s", [late["id"]]
    )

    first_run = refresh_waiting_lists()
    after_first = [_position(db, late["id"]), _position(db, following["id"])]
    second_run = refresh_waiting_lists()

    assert first_run == 2
    assert after_first[0][0] == "lapsed" and after_first[0][2] is None
    assert after_first[1][0] == "offered" and after_first[1][2] and after_first[1][2] != late_token_hash
    assert second_run == 0
    assert [_position(db, late["id"]), _position(db, following["id"])] == after_first
    [place_offered] = emails_to(db, next_person.email)
    assert place_offered["subject"].startswith("Ein Platz ist frei")
    sign_in(client, late_person)
    too_late = client.post(f"/api/v1/me/applications/{late['id']}/take-place", headers=csrf_headers(client))
    assert_problem(too_late, 409)
    actions = db.execute(
        "SELECT action FROM audit_entry WHERE record_id = ANY(%s) ORDER BY id",
        [[late["id"], following["id"]]],
    ).fetchall()
    assert [a[0] for a in actions] == [
        "application.place_offered",
        "application.lapsed",
        "application.place_offered",
    ]


def test_a_place_past_its_time_cannot_be_taken_by_link_even_before_the_worker_runs(
    client, db, mailbox
) -> None:
    offer = make_offer(db, make_organisation(db), capacity=1)
    holder = make_person(db)
    held = insert_application(db, offer, holder, "accepted")
    waiting_person, waiting = applicant(client, db, offer)
    sign_in(client, holder)
    withdraw(client, held)
    deliver_outbox(db)
    token = link_token(mailbox.wait_for(waiting_person.email)[0])
    db.execute(
        "UPDATE application SET offered_until = now() - interval '1 second' WHERE id = %s", [waiting["id"]]
    )

    assert_problem(take_place_by_link(client, token), 400, "token")
    assert status_of(db, waiting["id"]) == "offered"


def test_the_worker_fills_places_that_free_up_without_a_withdrawal(client, db) -> None:
    offer = make_offer(db, make_organisation(db), capacity=1)
    insert_application(db, offer, make_person(db), "accepted")
    _, first = applicant(client, db, offer)
    _, second = applicant(client, db, offer)
    db.execute("UPDATE offer SET capacity = 3 WHERE id = %s", [offer["id"]])

    changed = refresh_waiting_lists()

    assert changed == 2
    assert (status_of(db, first["id"]), status_of(db, second["id"])) == ("offered", "offered")
    assert refresh_waiting_lists() == 0


def test_paused_offers_keep_their_waiting_list_until_they_resume(client, db) -> None:
    offer = make_offer(db, make_organisation(db), capacity=1)
    holder = make_person(db)
    held = insert_application(db, offer, holder, "accepted")
    _, waiting = applicant(client, db, offer)
    db.execute("UPDATE offer SET status = 'paused' WHERE id = %s", [offer["id"]])
    sign_in(client, holder)

    withdraw(client, held)
    while_paused = status_of(db, waiting["id"])
    db.execute("UPDATE offer SET status = 'published' WHERE id = %s", [offer["id"]])
    refresh_waiting_lists()

    assert while_paused == "waiting"
    assert status_of(db, waiting["id"]) == "offered"


def test_the_worker_skips_an_offer_locked_by_a_request_and_does_it_next_time(client, db, database) -> None:
    offer = make_offer(db, make_organisation(db), capacity=1)
    held = insert_application(
        db, offer, make_person(db), "offered", offered_until=datetime.now(UTC) + timedelta(hours=1)
    )
    _, waiting = applicant(client, db, offer)
    db.execute("UPDATE application SET offered_until = now() - interval '1 minute' WHERE id = %s", [held])

    with psycopg.connect(database) as other:
        other.execute("SELECT 1 FROM offer WHERE id = %s FOR NO KEY UPDATE", [offer["id"]])
        while_locked = refresh_waiting_lists()
    afterwards = refresh_waiting_lists()

    assert while_locked == 0
    assert afterwards == 2 and status_of(db, waiting["id"]) == "offered"


def test_the_refresh_is_on_the_beat_schedule_every_minute() -> None:
    [entry] = [
        e
        for e in app.conf.beat_schedule.values()
        if e["task"] == "volumap.applications.refresh_waiting_lists"
    ]

    assert entry["schedule"] == 60.0 and "volumap.applications.refresh_waiting_lists" in app.tasks
