"""Residents say "I'll help": one application per offer and person, only for published offers, with the
message and contact details they choose; they list and withdraw their own, and apply again later."""

from __future__ import annotations

import uuid

import pytest

from tests.support.accounts import csrf_headers, make_person, sign_in
from tests.support.applications import (
    applicant,
    apply,
    assert_problem,
    decide,
    insert_application,
    status_of,
    withdraw,
)
from tests.support.factories import make_offer, make_organisation
from tests.support.offer_members import add_member


def test_applying_stores_the_cleaned_message_and_only_the_shared_contact(client, db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation, title="Lesepatenschaft", capacity=3)
    person = make_person(db)
    sign_in(client, person)

    response = apply(
        client,
        offer["id"],
        {
            "message": "  Ich lese <b>gern</b> vor.<script>alert(1)</script>\nSamstags geht es.  ",
            "contact": {"name": "<i>Anna</i>", "email": " Anna@Example.org ", "phone": "0521 555 0142"},
        },
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "pending" and body["offer_title"] == "Lesepatenschaft"
    assert body["organisation_name"] == organisation["name"]
    assert body["message"] == "Ich lese gern vor.\nSamstags geht es."
    assert body["contact"] == {"name": "Anna", "email": "Anna@example.org", "phone": "0521 555 0142"}
    assert body["waiting_position"] is None and body["offered_until"] is None
    row = db.execute(
        "SELECT user_id, status, message, shared_contact FROM application WHERE id = %s", [body["id"]]
    ).fetchone()
    assert row == (person.id, "pending", body["message"], body["contact"])


def test_contact_is_optional_and_empty_parts_are_not_kept(client, db) -> None:
    offer = make_offer(db, make_organisation(db))

    _, without = applicant(client, db, offer)
    _, blank = applicant(client, db, offer, {"contact": {"name": "   "}, "message": "   "})

    assert without["contact"] is None and without["message"] is None
    assert blank["contact"] is None and blank["message"] is None


def test_one_application_per_offer_and_person(client, db) -> None:
    offer = make_offer(db, make_organisation(db))
    applicant(client, db, offer)

    again = apply(client, offer["id"])

    body = assert_problem(again, 409)
    assert "already applied" in body["detail"]
    assert db.execute("SELECT count(*) FROM application WHERE offer_id = %s", [offer["id"]]).fetchone() == (
        1,
    )


def test_applying_again_after_withdrawing_reuses_the_row(client, db) -> None:
    offer = make_offer(db, make_organisation(db))
    _, first = applicant(client, db, offer, {"message": "Erstes Mal"})

    withdrawn = withdraw(client, first["id"])
    again = apply(client, offer["id"], {"message": "Zweites Mal"})

    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    assert again.status_code == 201, again.text
    assert again.json()["id"] == first["id"] and again.json()["status"] == "pending"
    assert again.json()["message"] == "Zweites Mal"
    assert again.json()["created_at"] > first["created_at"]
    assert db.execute("SELECT count(*) FROM application WHERE offer_id = %s", [offer["id"]]).fetchone() == (
        1,
    )


def test_a_declined_person_cannot_apply_again(client, db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation)
    person = make_person(db)
    insert_application(db, offer, person, "declined")
    sign_in(client, person)

    body = assert_problem(apply(client, offer["id"]), 409)

    assert "declined" in body["detail"]


@pytest.mark.parametrize("status", ["draft", "in_review", "paused", "closed", "expired"])
def test_only_published_offers_take_applications(client, db, status: str) -> None:
    offer = make_offer(db, make_organisation(db), status=status)
    sign_in(client, make_person(db))

    assert_problem(apply(client, offer["id"]), 404)


def test_an_unconfirmed_e_mail_address_cannot_apply(client, db) -> None:
    offer = make_offer(db, make_organisation(db))
    sign_in(client, make_person(db, verified=False))

    body = assert_problem(apply(client, offer["id"]), 403)

    assert "Confirm your e-mail" in body["detail"]


def test_my_applications_newest_first_with_offer_title_and_status(client, db) -> None:
    organisation = make_organisation(db)
    first_offer = make_offer(db, organisation, title="Erstes Angebot")
    second_offer = make_offer(db, organisation, title="Zweites Angebot")
    other_offer = make_offer(db, organisation)
    someone_else = make_person(db)
    insert_application(db, other_offer, someone_else)
    person = make_person(db)
    sign_in(client, person)
    first = apply(client, first_offer["id"]).json()
    second = apply(client, second_offer["id"]).json()
    withdraw(client, first["id"])

    mine = client.get("/api/v1/me/applications")

    assert mine.status_code == 200
    assert mine.headers["cache-control"] == "private, no-store"
    assert [(a["id"], a["offer_title"], a["status"]) for a in mine.json()] == [
        (second["id"], "Zweites Angebot", "pending"),
        (first["id"], "Erstes Angebot", "withdrawn"),
    ]


def test_nobody_withdraws_someone_elses_application(client, db) -> None:
    offer = make_offer(db, make_organisation(db))
    _, theirs = applicant(client, db, offer)
    sign_in(client, make_person(db))

    assert_problem(withdraw(client, theirs["id"]), 404)
    assert_problem(
        client.post(f"/api/v1/me/applications/{theirs['id']}/take-place", headers=csrf_headers(client)), 404
    )
    assert status_of(db, theirs["id"]) == "pending"


@pytest.mark.parametrize("status", ["declined", "withdrawn", "lapsed"])
def test_finished_applications_cannot_be_withdrawn(client, db, status: str) -> None:
    offer = make_offer(db, make_organisation(db))
    person = make_person(db)
    application_id = insert_application(db, offer, person, status)
    sign_in(client, person)

    body = assert_problem(withdraw(client, application_id), 409)

    assert status in body["detail"]


def test_withdrawing_an_accepted_place_frees_it_for_someone_else(client, db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation, capacity=1)
    accepted = make_person(db)
    application_id = insert_application(db, offer, accepted, "accepted")
    late, late_application = applicant(client, db, offer)
    member = add_member(db, organisation)

    sign_in(client, accepted)
    withdraw(client, application_id)
    sign_in(client, member)
    # The late applicant was waiting and is now offered the place; the organisation may also accept them.
    accept = decide(client, offer["id"], late_application["id"], "accept")

    assert late_application["status"] == "waiting"
    assert accept.status_code == 200, accept.text
    assert status_of(db, late_application["id"]) == "accepted"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"message": "x" * 2001}, "message"),
        ({"message": 42}, "message"),
        ({"greeting": "Hallo"}, "greeting"),
        ({"contact": {"email": "not-an-address"}}, "contact.email"),
        ({"contact": {"email": "anna@"}}, "contact.email"),
        ({"contact": {"phone": "call me maybe"}}, "contact.phone"),
        ({"contact": {"phone": "0" * 41}}, "contact.phone"),
        ({"contact": {"name": "x" * 121}}, "contact.name"),
        ({"contact": {"fax": "0521 1"}}, "contact"),
        ({"contact": "anna@example.org"}, "contact"),
    ],
)
def test_bad_application_is_a_400_naming_the_field(client, db, body: dict, field: str) -> None:
    offer = make_offer(db, make_organisation(db))
    sign_in(client, make_person(db))

    assert_problem(apply(client, offer["id"], body), 400, field)
    assert db.execute("SELECT count(*) FROM application WHERE offer_id = %s", [offer["id"]]).fetchone() == (
        0,
    )


def test_bad_ids_and_unknown_offers(client, db) -> None:
    sign_in(client, make_person(db))

    assert_problem(apply(client, "not-a-uuid"), 400, "offer_id")
    assert_problem(apply(client, uuid.uuid4()), 404)
    assert_problem(withdraw(client, "12345"), 400, "application_id")
    assert_problem(withdraw(client, uuid.uuid4()), 404)
    not_json = client.post(
        f"/api/v1/offers/{uuid.uuid4()}/applications",
        content=b"{nope",
        headers={**csrf_headers(client), "Content-Type": "application/json"},
    )
    assert_problem(not_json, 400)


def test_residents_routes_need_a_session_and_the_csrf_token(client, db) -> None:
    offer = make_offer(db, make_organisation(db))
    person = make_person(db)
    client.cookies.clear()

    assert_problem(apply(client, offer["id"]), 401)
    assert_problem(client.get("/api/v1/me/applications"), 401)
    sign_in(client, person)
    without_csrf = client.post(f"/api/v1/offers/{offer['id']}/applications", json={})
    assert_problem(without_csrf, 403)
    assert "CSRF" in without_csrf.json()["detail"]
    assert db.execute("SELECT count(*) FROM application WHERE offer_id = %s", [offer["id"]]).fetchone() == (
        0,
    )
