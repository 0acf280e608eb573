"""The organisation's side: members (and API tokens with the applications scopes) see the applicants with
what they chose to share, and accept or decline them; capacity is never exceeded; the applicant gets an
e-mail in their language; every decision is audited with ids and statuses only."""

from __future__ import annotations

import uuid

import pytest

from tests.support.accounts import csrf_headers, make_person, sign_in
from tests.support.applications import (
    applicant,
    assert_problem,
    decide,
    emails_to,
    insert_application,
    status_of,
)
from tests.support.factories import make_offer, make_organisation
from tests.support.offer_members import add_member, api_token


def _applicants(client, offer_id, **params):
    return client.get(f"/api/v1/manage/offers/{offer_id}/applications", params=params)


def test_members_see_applicants_with_shared_details_only(client, db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation, capacity=2)
    sharing, shared = applicant(
        client,
        db,
        offer,
        {"message": "Ich kann samstags.", "contact": {"name": "Anna", "phone": "0521 555 0142"}},
    )
    quiet, _ = applicant(client, db, offer)
    db.execute(
        "INSERT INTO volunteer_profile (user_id, home, radius_km) VALUES"
        " (%s, ST_SetSRID(ST_MakePoint(8.53125, 52.02125), 4326)::geography, 5)",
        [sharing.id],
    )
    sign_in(client, add_member(db, organisation, "editor"))

    response = _applicants(client, offer["id"])

    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "private, no-store"
    body = response.json()
    assert body["counts"] == {
        "capacity": 2,
        "accepted": 0,
        "offered": 0,
        "waiting": 0,
        "pending": 2,
        "places_left": 2,
    }
    assert body["total"] == 2
    first, second = body["items"]
    assert first["id"] == shared["id"] and first["status"] == "pending"
    assert first["message"] == "Ich kann samstags."
    assert first["contact"] == {"name": "Anna", "phone": "0521 555 0142"}
    assert second["contact"] is None and second["anonymised"] is False
    for secret in (sharing.email, quiet.email, "Testperson", "8.53125", "52.02125", str(sharing.id)):
        assert secret not in response.text


def test_accepting_and_declining_tell_the_applicant_in_their_language(client, db) -> None:
    organisation = make_organisation(db, name="Tafel am Kesselbrink e. V.")
    offer = make_offer(db, organisation, title="Lebensmittel sortieren")
    german, german_application = applicant(client, db, offer)
    english, english_application = applicant(client, db, offer, locale="en")
    member = add_member(db, organisation, "owner")
    sign_in(client, member)

    accepted = decide(client, offer["id"], german_application["id"], "accept")
    declined = decide(client, offer["id"], english_application["id"], "decline")

    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted" and accepted.json()["decided_at"]
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    [yes] = emails_to(db, german.email)
    [no] = emails_to(db, english.email)
    assert yes["subject"] == "Du bist dabei: Lebensmittel sortieren"
    assert "Tafel am Kesselbrink e. V." in yes["text"] and f"/#/angebot/{offer['id']}" in yes["text"]
    assert no["subject"] == "Not this time: Lebensmittel sortieren"
    audit = db.execute(
        "SELECT record_id, actor_id, action, before, after FROM audit_entry WHERE record_type = 'application'"
        " AND record_id = ANY(%s) ORDER BY id",
        [[uuid.UUID(german_application["id"]), uuid.UUID(english_application["id"])]],
    ).fetchall()
    offer_id = str(offer["id"])
    assert audit == [
        (
            uuid.UUID(german_application["id"]),
            member.id,
            "application.accepted",
            {"status": "pending"},
            {"status": "accepted", "offer_id": offer_id},
        ),
        (
            uuid.UUID(english_application["id"]),
            member.id,
            "application.declined",
            {"status": "pending"},
            {"status": "declined", "offer_id": offer_id},
        ),
    ]


def test_accepting_stops_at_capacity_with_the_offer_is_full(client, db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation, capacity=2)
    applications = [insert_application(db, offer, make_person(db)) for _ in range(3)]
    sign_in(client, add_member(db, organisation))

    answers = [decide(client, offer["id"], application_id, "accept") for application_id in applications]

    assert [answer.status_code for answer in answers] == [200, 200, 409]
    assert "The offer is full" in answers[2].json()["detail"]
    assert [status_of(db, application_id) for application_id in applications] == [
        "accepted",
        "accepted",
        "pending",
    ]
    assert client.get(f"/api/v1/offers/{offer['id']}").json()["is_full"] is True


def test_an_offer_without_capacity_accepts_everyone(client, db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation)
    applications = [insert_application(db, offer, make_person(db)) for _ in range(4)]
    sign_in(client, add_member(db, organisation))

    answers = [
        decide(client, offer["id"], application_id, "accept").status_code for application_id in applications
    ]
    detail = client.get(f"/api/v1/offers/{offer['id']}").json()

    assert answers == [200] * 4
    assert (detail["places_left"], detail["is_full"]) == (None, False)


@pytest.mark.parametrize(
    ("status", "decision"),
    [
        ("accepted", "accept"),
        ("accepted", "decline"),
        ("declined", "accept"),
        ("withdrawn", "accept"),
        ("withdrawn", "decline"),
        ("lapsed", "accept"),
    ],
)
def test_invalid_decisions_are_409_naming_the_state(client, db, status: str, decision: str) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation)
    application_id = insert_application(db, offer, make_person(db), status)
    sign_in(client, add_member(db, organisation))

    body = assert_problem(decide(client, offer["id"], application_id, decision), 409)

    assert status in body["detail"]
    assert status_of(db, application_id) == status


def test_the_list_filters_by_status_and_pages(client, db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation)
    pending = [insert_application(db, offer, make_person(db)) for _ in range(3)]
    insert_application(db, offer, make_person(db), "declined")
    sign_in(client, add_member(db, organisation))

    only_pending = _applicants(client, offer["id"], status="pending", limit=2).json()
    rest = _applicants(client, offer["id"], status="pending", limit=2, offset=2).json()
    both = _applicants(client, offer["id"], status=["pending", "declined"]).json()

    assert only_pending["total"] == 3 and len(only_pending["items"]) == 2
    assert {a["id"] for a in only_pending["items"] + rest["items"]} == {str(p) for p in pending}
    assert both["total"] == 4
    assert_problem(_applicants(client, offer["id"], status="maybe"), 400, "status")
    assert_problem(_applicants(client, offer["id"], limit=0), 400, "limit")


def test_outsiders_are_kept_out(client, db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation)
    application_id = insert_application(db, offer, make_person(db))
    other_verified = make_organisation(db)
    hidden = make_organisation(db, verification_status="pending")
    hidden_offer = make_offer(db, hidden, status="draft")

    client.cookies.clear()
    assert_problem(_applicants(client, offer["id"]), 401)
    assert_problem(decide(client, offer["id"], application_id, "accept"), 401)
    sign_in(client, add_member(db, other_verified, "owner"))
    assert_problem(_applicants(client, offer["id"]), 403)
    assert_problem(decide(client, offer["id"], application_id, "accept"), 403)
    assert_problem(_applicants(client, hidden_offer["id"]), 404)
    sign_in(client, make_person(db))
    assert_problem(decide(client, offer["id"], application_id, "decline"), 403)
    assert status_of(db, application_id) == "pending"


def test_an_application_of_another_offer_is_not_found(client, db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation)
    other_offer = make_offer(db, make_organisation(db))
    theirs = insert_application(db, other_offer, make_person(db))
    sign_in(client, add_member(db, organisation))

    assert_problem(decide(client, offer["id"], theirs, "accept"), 404)
    assert_problem(decide(client, offer["id"], uuid.uuid4(), "accept"), 404)
    assert_problem(decide(client, offer["id"], "nope", "accept"), 400, "application_id")
    assert_problem(decide(client, "nope", theirs, "accept"), 400, "offer_id")
    assert_problem(decide(client, uuid.uuid4(), theirs, "accept"), 404)
    assert status_of(db, theirs) == "pending"


def test_deciding_needs_the_csrf_token_with_a_session(client, db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation)
    application_id = insert_application(db, offer, make_person(db))
    sign_in(client, add_member(db, organisation))

    assert_problem(decide(client, offer["id"], application_id, "accept", headers={}), 403)
    assert status_of(db, application_id) == "pending"


def test_api_tokens_need_the_applications_scopes(client, db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation)
    application_id = insert_application(db, offer, make_person(db))
    publisher = api_token(db, organisation, "offers:read", "offers:write")
    reader = api_token(db, organisation, "applications:read")
    writer = api_token(db, organisation, "applications:write")
    client.cookies.clear()

    assert_problem(client.get(f"/api/v1/manage/offers/{offer['id']}/applications", headers=publisher), 403)
    assert client.get(f"/api/v1/manage/offers/{offer['id']}/applications", headers=reader).status_code == 200
    assert_problem(decide(client, offer["id"], application_id, "accept", headers=reader), 403)
    accepted = decide(client, offer["id"], application_id, "accept", headers=writer)

    assert accepted.status_code == 200, accepted.text
    after = db.execute(
        "SELECT actor_id, after FROM audit_entry WHERE record_id = %s", [application_id]
    ).fetchone()
    assert after[0] is None and after[1]["api_token_id"]


def test_owners_can_create_tokens_with_the_applications_scopes(client, db) -> None:
    organisation = make_organisation(db)
    sign_in(client, add_member(db, organisation, "owner"))

    created = client.post(
        f"/api/v1/organisations/{organisation['id']}/api-tokens",
        json={"name": "Vereinsverwaltung", "scopes": ["applications:read", "applications:write"]},
        headers=csrf_headers(client),
    )

    assert created.status_code == 201, created.text
    assert created.json()["scopes"] == ["applications:read", "applications:write"]


def test_anonymised_applications_are_listed_without_details_and_cannot_be_decided(client, db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation, capacity=1)
    gone = make_person(db)
    application_id = insert_application(db, offer, gone, "accepted")
    db.execute(
        "UPDATE application SET user_id = NULL, message = NULL, shared_contact = NULL,"
        " anonymised_at = now() WHERE id = %s",
        [application_id],
    )
    sign_in(client, add_member(db, organisation))

    listing = _applicants(client, offer["id"]).json()

    assert listing["items"][0]["anonymised"] is True and listing["items"][0]["contact"] is None
    # Someone who deleted their account holds no place any more.
    assert listing["counts"]["accepted"] == 0 and listing["counts"]["places_left"] == 1
    assert_problem(decide(client, offer["id"], application_id, "decline"), 409)
