"""Registering an organisation, reading it as a member, and editing it as an owner."""

from __future__ import annotations

import pytest

from api.domain.organisations.services import slugify
from tests.support.accounts import csrf_headers, make_person, sign_in

ORGANISATIONS = "/api/v1/organisations"
REGISTRATION = {
    "name": "Nachbarschaftshilfe Sieker e. V.",
    "description": "<p>Wir helfen <em>gern</em>.</p><script>alert(1)</script>"
                   "<a href=\"javascript:alert(1)\" onclick=\"x()\">klick</a>",
    "website": "https://sieker.example.org",
    "contact_email": "Kontakt@Sieker.example.org",
    "contact_phone": "0521 555 0142",
    "address": "Meisenstraße 12, 33607 Bielefeld",
    "district": "Stieghorst",
    "location": {"lat": 52.0132, "lon": 8.5841},
    "legal_form": "eingetragener Verein",
}


def _register(client, body: dict):
    return client.post(ORGANISATIONS, json=body, headers=csrf_headers(client))


@pytest.mark.parametrize(("name", "slug"), [
    ("Bürgerverein Großdornberg e. V.", "buergerverein-grossdornberg-e-v"),
    ("ÄÖÜ Tafel", "aeoeue-tafel"),
    ("Café Crème & Co.", "cafe-creme-co"),
    ("!!!", "organisation"),
    ("Sehr " * 30, ("sehr-" * 12).rstrip("-")),
])
def test_slugs_are_ascii_with_umlauts_transliterated(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_a_verified_person_registers_a_pending_organisation_and_owns_it(client, db) -> None:
    person = make_person(db)
    sign_in(client, person)

    response = _register(client, REGISTRATION)

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["slug"] == "nachbarschaftshilfe-sieker-e-v"
    assert body["verification_status"] == "pending" and body["your_role"] == "owner"
    assert body["contact_email"] == "Kontakt@sieker.example.org"
    assert body["location"] == {"lat": 52.0132, "lon": 8.5841}
    assert "<script" not in body["description"] and "javascript:" not in body["description"]
    assert "onclick" not in body["description"] and "<em>gern</em>" in body["description"]
    assert response.headers["etag"]
    assert db.execute("SELECT role FROM membership WHERE organisation_id = %s AND user_id = %s",
                      [body["id"], person.id]).fetchone() == ("owner",)
    audit = db.execute("SELECT actor_id, after->>'name' FROM audit_entry WHERE record_id = %s"
                       " AND action = 'organisation.registered'", [body["id"]]).fetchone()
    assert audit == (person.id, REGISTRATION["name"])


def test_pending_organisation_is_visible_to_members_but_not_the_public(client, db) -> None:
    owner, stranger = make_person(db), make_person(db)
    sign_in(client, owner)
    created = _register(client, REGISTRATION).json()

    assert client.get(f"{ORGANISATIONS}/{created['id']}/manage").json()["name"] == REGISTRATION["name"]
    assert client.get(f"{ORGANISATIONS}/{created['slug']}").status_code == 404
    sign_in(client, stranger)
    assert client.get(f"{ORGANISATIONS}/{created['id']}/manage").status_code == 404


def test_an_unverified_email_cannot_register(client, db) -> None:
    sign_in(client, make_person(db, verified=False))

    response = _register(client, REGISTRATION)

    assert response.status_code == 403
    assert db.execute("SELECT count(*) FROM organisation").fetchone() == (0,)


def test_anonymous_registration_is_refused(client) -> None:
    client.cookies.clear()
    assert _register(client, REGISTRATION).status_code == 401


def test_registration_without_csrf_token_is_refused(client, db) -> None:
    sign_in(client, make_person(db))

    response = client.post(ORGANISATIONS, json=REGISTRATION)

    assert response.status_code == 403
    assert db.execute("SELECT count(*) FROM organisation").fetchone() == (0,)


def test_same_name_gets_the_next_free_slug(client, db) -> None:
    sign_in(client, make_person(db))

    slugs = [_register(client, {"name": "Tafel Brackwede"}).json()["slug"] for _ in range(3)]

    assert slugs == ["tafel-brackwede", "tafel-brackwede-2", "tafel-brackwede-3"]


@pytest.mark.parametrize(("change", "field"), [
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"website": "ftp://example.org"}, "website"),
    ({"contact_email": "kein-at-zeichen"}, "contact_email"),
    ({"location": {"lat": 48.1, "lon": 11.6}}, "location"),
    ({"description": "x" * 5001}, "description"),
    ({"colour": "green"}, "colour"),
])
def test_bad_registrations_name_the_field(client, db, change: dict, field: str) -> None:
    sign_in(client, make_person(db))

    response = _register(client, {**REGISTRATION, **change})

    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in {param["name"] for param in response.json()["invalid-params"]} or field in response.text


def test_owner_edits_with_if_match_and_a_stale_version_gets_412(client, db) -> None:
    sign_in(client, make_person(db))
    created = _register(client, REGISTRATION)
    url = f"{ORGANISATIONS}/{created.json()['id']}/manage"
    etag = created.headers["etag"]

    first = client.patch(url, json={"website": "https://neu.example.org", "contact_phone": None},
                         headers={**csrf_headers(client), "If-Match": etag})
    stale = client.patch(url, json={"name": "Überschrieben"}, headers={**csrf_headers(client), "If-Match": etag})

    assert first.status_code == 200, first.text
    assert first.json()["website"] == "https://neu.example.org" and first.json()["contact_phone"] is None
    assert first.json()["slug"] == created.json()["slug"]
    assert first.headers["etag"] != etag
    assert stale.status_code == 412
    assert client.get(url).json()["name"] == REGISTRATION["name"]
    before, after = db.execute("SELECT before, after FROM audit_entry WHERE record_id = %s"
                               " AND action = 'organisation.edited'", [created.json()["id"]]).fetchone()
    assert before == {"website": "https://sieker.example.org", "contact_phone": "0521 555 0142"}
    assert after == {"website": "https://neu.example.org", "contact_phone": None}


def test_editors_may_read_but_not_edit(client, db, organisation_with) -> None:
    organisation, people = organisation_with("owner", "editor", verification_status="pending")
    sign_in(client, people["editor"])
    url = f"{ORGANISATIONS}/{organisation['id']}/manage"

    assert client.get(url).json()["your_role"] == "editor"
    assert client.patch(url, json={"name": "Neu"}, headers=csrf_headers(client)).status_code == 403


def test_an_edit_cannot_clear_the_name_and_names_the_field(client, db, organisation_with) -> None:
    organisation, people = organisation_with("owner")
    sign_in(client, people["owner"])

    response = client.patch(f"{ORGANISATIONS}/{organisation['id']}/manage", json={"name": None},
                            headers=csrf_headers(client))

    assert response.status_code == 400
    assert response.json()["invalid-params"][0]["name"] == "name"
