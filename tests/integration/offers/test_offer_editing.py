"""Members create and edit their organisation's offers: strict validation, sanitised text, optimistic
locking with ETag and If-Match, and edits of published offers that wait for review."""

from __future__ import annotations

import json
import threading
import uuid

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from api.db.offers import Offer
from api.domain.offers.content import CONTENT_FIELDS, apply_revision
from tests.support.accounts import csrf_headers, make_person, sign_in
from tests.support.factories import make_offer, make_organisation
from tests.support.offer_members import DRAFT, add_member, api_token, create, edit, signed_in_member
from workers.db import get_engine

PROBLEM = "application/problem+json"


def _invalid(response, field: str) -> None:
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    # Nested fields are named by their path (`skills[0]`, `location.lat`); an unknown field is named
    # in the reason, since the parameter at fault is the body itself.
    params = response.json().get("invalid-params", [])
    assert any(
        p["name"] == field or p["name"].startswith((f"{field}.", f"{field}[")) or f"`{field}`" in p["reason"]
        for p in params
    ), response.json()


def test_member_creates_a_draft_with_every_field(client, db) -> None:
    organisation = make_organisation(db)
    person = signed_in_member(client, db, organisation)

    response = create(
        client,
        organisation,
        starts_at="2027-03-01T10:00:00+01:00",
        accessible=True,
        accessibility_notes="Aufzug vorhanden",
        contact_phone="0521 123456",
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["etag"] == 'W/"1"'
    assert response.headers["location"] == f"/api/v1/manage/offers/{body['id']}"
    assert body["status"] == "draft" and body["version"] == 1 and body["pending_revision"] is None
    assert body["categories"] == ["children-youth"]
    assert body["location"] == DRAFT["location"]
    assert body["weekly_pattern"] == DRAFT["weekly_pattern"]
    assert (body["capacity"], body["min_age"], body["hours_per_week"]) == (4, 16, 1.5)
    assert body["starts_at"].startswith("2027-03-01T09:00:00")
    row = db.execute("SELECT created_by, status FROM offer WHERE id = %s", [body["id"]]).fetchone()
    assert row == (person.id, "draft")
    audit = db.execute(
        "SELECT actor_id, action, after FROM audit_entry WHERE record_id = %s", [body["id"]]
    ).fetchall()
    assert audit == [(person.id, "offer.created", {"status": "draft"})]


def test_draft_is_not_public(client, db) -> None:
    organisation = make_organisation(db)
    signed_in_member(client, db, organisation)
    offer_id = create(client, organisation).json()["id"]

    assert client.get(f"/api/v1/offers/{offer_id}").status_code == 404
    assert offer_id not in {item["id"] for item in client.get("/api/v1/offers").json()["items"]}


def test_members_list_every_offer_of_their_organisation_by_status(client, db) -> None:
    organisation = make_organisation(db)
    other = make_organisation(db)
    make_offer(db, organisation, title="Öffentlich")
    make_offer(db, other, title="Fremd")
    signed_in_member(client, db, organisation)
    draft_id = create(client, organisation).json()["id"]

    everything = client.get(f"/api/v1/manage/organisations/{organisation['id']}/offers").json()
    drafts = client.get(f"/api/v1/manage/organisations/{organisation['id']}/offers?status=draft").json()

    assert everything["total"] == 2 and {o["title"] for o in everything["items"]} == {
        "Öffentlich",
        DRAFT["title"],
    }
    assert [o["id"] for o in drafts["items"]] == [draft_id] and drafts["total"] == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 141}, "title"),
        ({"title": 5}, "title"),
        ({"summary": None}, "summary"),
        ({"categories": []}, "categories"),
        ({"categories": ["no-such-category"]}, "categories"),
        ({"commitment": "sometimes"}, "commitment"),
        ({"location": {"lat": 48.1, "lon": 11.6}}, "location"),
        ({"location": None}, "location"),
        ({"location": {"lat": 91, "lon": 8.5}}, "location"),
        ({"commitment": "one_off", "weekly_pattern": None, "hours_per_week": None}, "starts_at"),
        ({"commitment": "regular", "weekly_pattern": None, "hours_per_week": None}, "weekly_pattern"),
        ({"commitment": "flexible"}, "weekly_pattern"),
        ({"weekly_pattern": [{"day": "sat", "start": "12:00", "end": "10:00"}]}, "weekly_pattern"),
        ({"weekly_pattern": [{"day": "someday", "start": "10:00", "end": "11:00"}]}, "weekly_pattern"),
        ({"weekly_pattern": [{"day": "sat", "start": "25:00", "end": "26:00"}]}, "weekly_pattern"),
        ({"starts_at": "2027-03-02T10:00:00Z", "ends_at": "2027-03-01T10:00:00Z"}, "ends_at"),
        ({"starts_at": "gestern"}, "starts_at"),
        ({"hours_per_week": 0}, "hours_per_week"),
        ({"hours_per_week": 61}, "hours_per_week"),
        ({"capacity": 0}, "capacity"),
        ({"min_age": 120}, "min_age"),
        ({"languages": ["deutsch"]}, "languages"),
        ({"skills": ["x" * 61]}, "skills"),
        ({"contact_email": "keine adresse"}, "contact_email"),
        ({"contact_phone": "ruf mich an"}, "contact_phone"),
        ({"description": "<script>alert(1)</script>"}, "description"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_draft_fields_are_named(client, db, changes, field) -> None:
    organisation = make_organisation(db)
    signed_in_member(client, db, organisation)

    _invalid(create(client, organisation, **changes), field)

    assert (
        db.execute("SELECT count(*) FROM offer WHERE organisation_id = %s", [organisation["id"]]).fetchone()[
            0
        ]
        == 0
    )


def test_several_bad_fields_are_named_at_once(client, db) -> None:
    organisation = make_organisation(db)
    signed_in_member(client, db, organisation)

    response = create(client, organisation, location=None, contact_email="nope", commitment="one_off")

    names = {param["name"] for param in response.json()["invalid-params"]}
    assert response.status_code == 400 and {"location", "contact_email", "starts_at"} <= names


_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    overrides=st.dictionaries(
        st.sampled_from(sorted(DRAFT) + ["location", "starts_at", "ends_at", "is_remote"]),
        _json_values,
        max_size=4,
    )
)
def test_no_create_body_makes_a_server_error(client, db, overrides) -> None:
    organisation = make_organisation(db)
    signed_in_member(client, db, organisation)

    response = create(client, organisation, **overrides)

    assert response.status_code in {201, 400}, response.text


@pytest.mark.parametrize("field", ["hours_per_week", "location"])
def test_numbers_beyond_float_range_are_a_400(client, db, field) -> None:
    organisation = make_organisation(db)
    signed_in_member(client, db, organisation)
    value = '{"lat": 1e999, "lon": 8.5}' if field == "location" else "1e999"
    body = {key: val for key, val in DRAFT.items() if key != field}
    raw = json.dumps(body)[:-1] + f', "{field}": {value}}}'

    response = client.post(
        f"/api/v1/manage/organisations/{organisation['id']}/offers",
        content=raw,
        headers={**csrf_headers(client), "Content-Type": "application/json"},
    )

    # JSON that no float can hold fails while the body is parsed, before any field is read: a 400
    # in the problem format, though without the field's name.
    assert response.status_code == 400 and response.headers["content-type"].startswith(PROBLEM)


def test_hostile_text_is_stored_inert(client, db) -> None:
    organisation = make_organisation(db)
    signed_in_member(client, db, organisation)
    hostile = {
        "title": "Hilfe<script>alert(1)</script> <b onmouseover=steal()>jetzt</b>",
        "summary": "<img src=x onerror=steal()>Kurz &lt;script&gt;",
        "description": (
            '<p onclick="steal()">Hallo<script>alert(1)</script></p><a href="javascript:steal()">x</a>'
            '<a href="https://www.bielefeld.de/">Stadt</a><iframe src="https://evil.example"></iframe>'
        ),
        "address": "<svg onload=steal()>Neumarkt 1",
        "accessibility_notes": "<a href='javascript:steal()'>Rampe</a>",
        "contact_name": "<script>x</script>Erika",
        "skills": ["<i onclick=x>Vorlesen</i>"],
    }

    response = create(client, organisation, **hostile)

    assert response.status_code == 201, response.text
    stored = db.execute(
        "SELECT title || summary || description || address || accessibility_notes || contact_name"
        " || array_to_string(skills, ' ') FROM offer WHERE id = %s",
        [response.json()["id"]],
    ).fetchone()[0]
    lowered = stored.lower()
    for danger in (
        "<script",
        "onclick",
        "onerror",
        "onload",
        "onmouseover",
        "javascript:",
        "<iframe",
        "<img",
        "<svg",
        "alert(1)",
    ):
        assert danger not in lowered, (danger, stored)
    body = response.json()
    assert body["title"] == "Hilfe jetzt" and body["contact_name"] == "Erika"
    assert body["summary"] == "Kurz script" and body["skills"] == ["Vorlesen"]
    assert '<a href="https://www.bielefeld.de/" rel="noopener nofollow">Stadt</a>' in body["description"]


def _draft(client, db, **changes):
    organisation = make_organisation(db)
    signed_in_member(client, db, organisation)
    return organisation, create(client, organisation, **changes).json()


def test_get_answers_with_the_version_as_etag(client, db) -> None:
    _, offer = _draft(client, db)

    response = client.get(f"/api/v1/manage/offers/{offer['id']}")

    assert response.status_code == 200 and response.headers["etag"] == 'W/"1"'
    assert response.json()["title"] == DRAFT["title"]


def test_editing_a_draft_needs_if_match(client, db) -> None:
    _, offer = _draft(client, db)

    missing = edit(client, offer["id"], {"title": "Neu"}, None)
    stale = edit(client, offer["id"], {"title": "Neu"}, 'W/"7"')
    fresh = edit(client, offer["id"], {"title": "Neu", "capacity": None}, 'W/"1"')

    assert missing.status_code == 428 and missing.headers["content-type"].startswith(PROBLEM)
    assert stale.status_code == 412 and "version 1" in stale.json()["detail"]
    assert fresh.status_code == 200 and fresh.headers["etag"] == 'W/"2"'
    assert fresh.json()["title"] == "Neu" and fresh.json()["capacity"] is None
    assert fresh.json()["summary"] == DRAFT["summary"]
    audit = db.execute(
        "SELECT action, before, after FROM audit_entry WHERE record_id = %s AND action = 'offer.edited'",
        [offer["id"]],
    ).fetchone()
    assert audit[1] == {"title": DRAFT["title"], "capacity": 4, "version": 1}
    assert audit[2] == {"title": "Neu", "capacity": None, "version": 2}


def test_invalid_edit_changes_nothing(client, db) -> None:
    _, offer = _draft(client, db)

    response = edit(client, offer["id"], {"title": "Neu", "location": {"lat": 40.0, "lon": 3.0}}, 'W/"1"')

    _invalid(response, "location")
    assert db.execute("SELECT title, version FROM offer WHERE id = %s", [offer["id"]]).fetchone() == (
        DRAFT["title"],
        1,
    )


def test_two_concurrent_edits_from_one_version_one_wins_the_other_is_told(client, db) -> None:
    _, offer = _draft(client, db)
    headers = {**csrf_headers(client), "If-Match": 'W/"1"'}
    start = threading.Barrier(2)
    results: dict[str, httpx.Response] = {}

    def change(title: str) -> None:
        start.wait()
        results[title] = client.patch(
            f"/api/v1/manage/offers/{offer['id']}", json={"title": title}, headers=headers
        )

    threads = [threading.Thread(target=change, args=(title,)) for title in ("Titel A", "Titel B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = sorted(response.status_code for response in results.values())
    assert statuses == [200, 412]
    winner = next(title for title, response in results.items() if response.status_code == 200)
    assert db.execute("SELECT title, version FROM offer WHERE id = %s", [offer["id"]]).fetchone() == (
        winner,
        2,
    )
    loser = next(title for title in results if title != winner)
    retry = edit(client, offer["id"], {"title": loser}, 'W/"2"')
    assert retry.status_code == 200 and retry.json()["version"] == 3


def test_editing_a_published_offer_keeps_the_approved_version_public_until_review(client, db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation, title="Tafel: Ausgabe helfen", summary="Alt", district="Mitte")
    signed_in_member(client, db, organisation)
    version = client.get(f"/api/v1/manage/offers/{offer['id']}").headers["etag"]

    response = edit(client, offer["id"], {"title": "Tafel: Ausgabe und Abholung", "summary": "Neu"}, version)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "published" and body["version"] == 2
    assert body["title"] == "Tafel: Ausgabe helfen" and body["summary"] == "Alt"
    assert body["pending_revision"]["title"] == "Tafel: Ausgabe und Abholung"
    assert body["pending_revision"]["summary"] == "Neu" and body["pending_revision"]["district"] == "Mitte"
    public = client.get(f"/api/v1/offers/{offer['id']}").json()
    assert (public["title"], public["summary"]) == ("Tafel: Ausgabe helfen", "Alt")
    found = client.get("/api/v1/offers", params={"q": "Abholung"}).json()["items"]
    assert offer["id"] not in {uuid.UUID(item["id"]) for item in found}
    still = client.get("/api/v1/offers", params={"q": "Ausgabe"}).json()["items"]
    assert [item["title"] for item in still if uuid.UUID(item["id"]) == offer["id"]] == [
        "Tafel: Ausgabe helfen"
    ]
    row = db.execute(
        "SELECT pending_revision, submitted_at FROM offer WHERE id = %s", [offer["id"]]
    ).fetchone()
    assert (
        row[0]["title"] == "Tafel: Ausgabe und Abholung"
        and row[0]["category_ids"] == [1]
        and row[1] is not None
    )
    assert set(row[0]) == set(CONTENT_FIELDS)

    second = edit(client, offer["id"], {"capacity": 3}, 'W/"2"').json()
    assert second["pending_revision"]["title"] == "Tafel: Ausgabe und Abholung"
    assert second["pending_revision"]["capacity"] == 3 and second["capacity"] is None
    assert db.execute(
        "SELECT action FROM audit_entry WHERE record_id = %s ORDER BY id", [offer["id"]]
    ).fetchall() == [("offer.revision_submitted",), ("offer.revision_submitted",)]


def test_edits_of_a_published_offer_are_prechecked(client, db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation)
    signed_in_member(client, db, organisation)

    body = edit(
        client, offer["id"], {"description": "<p>Ruf an: 0521 123456, 10 € pro Stunde</p>"}, 'W/"1"'
    ).json()

    assert {flag["check"] for flag in body["precheck_flags"]} == {"phone_number", "payment_terms"}


@pytest.mark.parametrize("status", ["in_review", "closed", "expired"])
def test_offers_under_review_or_ended_cannot_be_edited(client, db, status) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation, status=status, published_at=None)
    signed_in_member(client, db, organisation)

    response = edit(client, offer["id"], {"title": "Neu"}, 'W/"1"')

    assert response.status_code == 409 and status in response.json()["detail"]


def test_unverified_email_cannot_create(client, db) -> None:
    organisation = make_organisation(db)
    signed_in_member(client, db, organisation, verified=False)

    response = create(client, organisation)

    assert response.status_code == 403 and "e-mail" in response.json()["detail"]


@pytest.mark.parametrize("status", ["pending", "rejected"])
def test_unverified_organisation_cannot_create(client, db, status) -> None:
    organisation = make_organisation(db, verification_status=status)
    signed_in_member(client, db, organisation, "owner")

    response = create(client, organisation)

    assert response.status_code == 403 and status in response.json()["detail"]


def test_strangers_and_members_of_other_organisations_are_refused(client, db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation, status="draft", published_at=None)
    stranger = make_person(db)
    add_member(db, make_organisation(db), "owner")
    sign_in(client, stranger)

    assert create(client, organisation).status_code in {403, 404}
    assert client.get(f"/api/v1/manage/organisations/{organisation['id']}/offers").status_code in {403, 404}
    assert client.get(f"/api/v1/manage/offers/{offer['id']}").status_code in {403, 404}
    assert edit(client, offer["id"], {"title": "X"}, 'W/"1"').status_code in {403, 404}


def test_anonymous_callers_get_401(client, db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation)
    client.cookies.clear()
    csrf = csrf_headers(client)

    responses = [
        client.post(f"/api/v1/manage/organisations/{organisation['id']}/offers", json=DRAFT, headers=csrf),
        client.get(f"/api/v1/manage/organisations/{organisation['id']}/offers"),
        client.get(f"/api/v1/manage/offers/{offer['id']}"),
        client.patch(
            f"/api/v1/manage/offers/{offer['id']}", json={"title": "X"}, headers={**csrf, "If-Match": "*"}
        ),
        client.post(f"/api/v1/manage/offers/{offer['id']}/pause", headers=csrf),
    ]

    assert [response.status_code for response in responses] == [401] * 5


def test_session_calls_without_the_csrf_token_are_refused(client, db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation)
    signed_in_member(client, db, organisation)

    created = client.post(f"/api/v1/manage/organisations/{organisation['id']}/offers", json=DRAFT)
    edited = client.patch(
        f"/api/v1/manage/offers/{offer['id']}", json={"title": "X"}, headers={"If-Match": "*"}
    )
    paused = client.post(f"/api/v1/manage/offers/{offer['id']}/pause")

    assert (created.status_code, edited.status_code, paused.status_code) == (403, 403, 403)
    assert db.execute("SELECT status, version FROM offer WHERE id = %s", [offer["id"]]).fetchone() == (
        "published",
        1,
    )


def test_api_tokens_write_with_offers_write_and_read_with_offers_read(client, db) -> None:
    organisation = make_organisation(db)
    writer = api_token(db, organisation, "offers:write")
    reader = api_token(db, organisation, "offers:read")
    client.cookies.clear()
    path = f"/api/v1/manage/organisations/{organisation['id']}/offers"

    created = client.post(path, json=DRAFT, headers=writer)
    refused = client.post(path, json=DRAFT, headers=reader)
    listed = client.get(path, headers=reader)
    edited = client.patch(
        f"/api/v1/manage/offers/{created.json()['id']}",
        json={"title": "Per API"},
        headers={**writer, "If-Match": created.headers["etag"]},
    )
    foreign = client.get(f"/api/v1/manage/organisations/{make_organisation(db)['id']}/offers", headers=writer)

    assert created.status_code == 201, created.text
    assert refused.status_code == 403 and listed.json()["total"] == 1
    assert edited.status_code == 200 and edited.json()["title"] == "Per API"
    assert foreign.status_code in {403, 404}
    row = db.execute("SELECT created_by FROM offer WHERE id = %s", [created.json()["id"]]).fetchone()
    audit = db.execute(
        "SELECT actor_id, after->>'api_token_id' FROM audit_entry WHERE record_id = %s",
        [created.json()["id"]],
    ).fetchall()
    assert row == (None,) and all(actor is None and token for actor, token in audit)


def test_malformed_offer_id_is_a_400_naming_it(client, db) -> None:
    signed_in_member(client, db, make_organisation(db))

    _invalid(client.get("/api/v1/manage/offers/not-a-uuid"), "offer_id")


def test_an_applied_revision_becomes_what_the_public_sees(client, db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation, title="Tafel: Ausgabe helfen")
    signed_in_member(client, db, organisation)
    edit(
        client,
        offer["id"],
        {"title": "Tafel: Ausgabe und Abholung", "location": {"lat": 52.03, "lon": 8.55}},
        'W/"1"',
    )

    with Session(get_engine()) as session:
        stored = session.get(Offer, offer["id"])
        applied = apply_revision(stored)
        stored.version += 1
        session.commit()

    public = client.get(f"/api/v1/offers/{offer['id']}").json()
    assert applied["title"] == "Tafel: Ausgabe und Abholung"
    assert public["title"] == "Tafel: Ausgabe und Abholung" and public["location"] == {
        "lat": 52.03,
        "lon": 8.55,
    }
    managed = client.get(f"/api/v1/manage/offers/{offer['id']}")
    assert managed.json()["pending_revision"] is None and managed.headers["etag"] == 'W/"3"'
