"""GDPR Art. 17: deleting one's account erases everything that identifies the person at once, in one
transaction; applications stay for the organisations' figures, anonymised; other people's data stays."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.integration.privacy.residents import Resident, post, scan_database, scan_redis, use_cookies
from tests.support.accounts import PASSWORD, Person, csrf_headers, make_person, sign_in
from tests.support.factories import make_offer, make_organisation

ME = "/api/v1/me"

# The account's random id may stay in these places, and nowhere else. The tombstone keeps it as its key;
# the append-only audit log keeps it as the actor (and subject, and in member changes' before/after). With
# the tombstone emptied, nothing maps it to the person any more (README, "Deleting your account").
ID_MAY_STAY = {("user_account", "id"), ("audit_entry", "actor_id"), ("audit_entry", "record_id"),
               ("audit_entry", "before"), ("audit_entry", "after")}


def _delete(client, body: Any = None, **headers: str):  # type: ignore[no-untyped-def]
    return client.request("DELETE", ME, json={"password": PASSWORD} if body is None else body,
                          headers={**csrf_headers(client), **headers})


def _neighbour(db, resident: Resident) -> tuple[Person, tuple[Any, ...]]:  # type: ignore[no-untyped-def]
    """Another resident with a profile and an application to the same offer; and their rows as they are."""
    neighbour = make_person(db)
    db.execute("INSERT INTO volunteer_profile (user_id, home, radius_km, interests)"
               " VALUES (%s, ST_SetSRID(ST_MakePoint(8.5311, 52.0187), 4326)::geography, 12, '{1}')", [neighbour.id])
    db.execute("INSERT INTO application (id, offer_id, user_id, status, message, shared_contact)"
               " VALUES (gen_random_uuid(), %s, %s, 'accepted', 'Ich komme mit dem Rad', '{\"phone\": \"0521 1\"}')",
               [resident.offers[0]["id"], neighbour.id])
    return neighbour, _rows_of(db, neighbour)


def _rows_of(db, person: Person) -> tuple[Any, ...]:  # type: ignore[no-untyped-def]
    return (
        db.execute("SELECT email, display_name, status, password_hash FROM user_account WHERE id = %s",
                   [person.id]).fetchone(),
        db.execute("SELECT ST_AsText(home), radius_km, interests FROM volunteer_profile WHERE user_id = %s",
                   [person.id]).fetchone(),
        db.execute("SELECT offer_id, status, message, shared_contact, anonymised_at FROM application"
                   " WHERE user_id = %s", [person.id]).fetchall(),
    )


def test_deletion_leaves_nothing_that_identifies_the_person(client, db, resident: Resident) -> None:
    markers = {**resident.markers, "user id": str(resident.person.id)}
    assert {(marker, table) for marker, table, _ in scan_database(db, markers)} >= {
        ("email", "user_account"), ("email", "outbox_event"), ("email", "organisation_invitation"),
        ("new email", "account_token"), ("display name", "application"), ("message", "application"),
        ("home", "volunteer_profile"), ("home (metric)", "volunteer_profile"), ("user id", "api_token")}
    assert any(marker == "user id" for marker, _ in scan_redis(markers))

    response = _delete(client)

    assert response.status_code == 204, response.text
    cookie = next(v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith("session="))
    assert cookie.startswith('session="";') and "Max-Age=0" in cookie  # the browser drops it
    left = scan_database(db, markers)
    assert {(table, column) for marker, table, column in left if marker == "user id"} <= ID_MAY_STAY
    assert [trace for trace in left if trace[0] != "user id"] == []
    assert scan_redis(markers) == set()
    tombstone = db.execute("SELECT email, display_name, password_hash, status, email_verified_at, is_moderator,"
                           " is_admin FROM user_account WHERE id = %s", [resident.person.id]).fetchone()
    assert tombstone[0].endswith("@deleted.invalid") and tombstone[1:] == ("", "!", "deleted", None, False, False)
    for device in resident.devices:
        use_cookies(client, device)
        assert client.get(ME).status_code == 401


def test_deletion_anonymises_applications_and_keeps_what_others_rely_on(client, db, resident: Resident) -> None:
    neighbour, neighbours_rows = _neighbour(db, resident)
    user_id = resident.person.id

    assert _delete(client).status_code == 204

    applications = db.execute(
        "SELECT user_id, status, message, shared_contact, offer_token_hash, anonymised_at IS NOT NULL"
        " FROM application WHERE id = ANY(%s) ORDER BY status", [resident.applications]).fetchall()
    assert applications == [(None, "accepted", None, None, None, True), (None, "pending", None, None, None, True)]
    assert _rows_of(db, neighbour) == neighbours_rows
    for table in ("volunteer_profile", "offer_match", "calendar_feed", "account_token", "membership"):
        assert db.execute(f"SELECT count(*) FROM {table} WHERE user_id = %s", [user_id]).fetchone() == (0,), table
    assert db.execute("SELECT reporter_id, text FROM report WHERE id = %s", [resident.report_id]).fetchone() == (
        None, "Sieht nach Werbung aus.")
    assert db.execute("SELECT created_by, revoked_at, organisation_id FROM api_token WHERE id = %s",
                      [resident.api_token_id]).fetchone() == (None, None, resident.organisation["id"])
    assert db.execute("SELECT created_by FROM offer WHERE id = %s", [resident.offers[2]["id"]]).fetchone() == (None,)
    assert db.execute("SELECT count(*) FROM membership WHERE organisation_id = %s AND role = 'owner'",
                      [resident.organisation["id"]]).fetchone() == (1,)
    assert db.execute("SELECT count(*) FROM organisation WHERE id = %s",
                      [resident.own_organisation_id]).fetchone() == (0,)
    [(actor, after)] = db.execute("SELECT actor_id, after FROM audit_entry WHERE action = 'user.deleted'"
                                  " AND record_id = %s", [user_id]).fetchall()
    assert actor == user_id
    assert after == {"status": "deleted", "applications_anonymised": 2,
                     "organisations_deleted": [str(resident.own_organisation_id)]}


def test_the_old_address_no_longer_signs_in_and_can_sign_up_again(client, db, resident: Resident) -> None:
    assert _delete(client).status_code == 204
    client.cookies.clear()

    signing_in = post(client, "/api/v1/session", {"email": resident.person.email, "password": PASSWORD})
    signing_up = post(client, "/api/v1/accounts",
                      {"email": resident.person.email, "password": PASSWORD, "display_name": "Zora, neu"})

    assert signing_in.status_code == 401
    assert signing_up.status_code == 202
    [(new_id,)] = db.execute("SELECT id FROM user_account WHERE lower(email) = lower(%s)",
                             [resident.person.email]).fetchall()
    assert new_id != resident.person.id


def test_a_wrong_password_deletes_nothing(client, db, resident: Resident) -> None:
    before = _rows_of(db, resident.person)

    response = _delete(client, {"password": "nicht mein Passwort"})

    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "nothing was deleted" in response.json()["detail"]
    assert _rows_of(db, resident.person) == before
    assert client.get(ME).status_code == 200


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ({}, None),
        ({"password": ""}, None),
        ({"password": 12345678901}, None),
        ({"password": PASSWORD, "also": "delete my neighbour"}, None),
        ({"password": "x" * 1025}, None),
        (b"password=secret", "application/x-www-form-urlencoded"),
        (b"{not json", "application/json"),
    ],
)
def test_bad_input_is_a_4xx_problem_and_deletes_nothing(client, db, body: Any, content_type: str | None) -> None:
    person = make_person(db)
    sign_in(client, person)

    if content_type is None:
        response = _delete(client, body)
    else:
        response = client.request("DELETE", ME, content=body,
                                  headers={**csrf_headers(client), "Content-Type": content_type})

    assert 400 <= response.status_code < 500
    assert response.headers["content-type"].startswith("application/problem+json")
    assert db.execute("SELECT status FROM user_account WHERE id = %s", [person.id]).fetchone() == ("active",)


def test_deleting_needs_a_session_and_the_csrf_token(client, db) -> None:
    person = make_person(db)
    client.cookies.clear()
    anonymous = _delete(client)
    sign_in(client, person)
    without_csrf = client.request("DELETE", ME, json={"password": PASSWORD})

    assert anonymous.status_code == 401
    assert without_csrf.status_code == 403 and "CSRF" in without_csrf.json()["detail"]
    assert db.execute("SELECT status FROM user_account WHERE id = %s", [person.id]).fetchone() == ("active",)


def _sole_owner(db, **offer: Any) -> tuple[Person, dict[str, Any]]:  # type: ignore[no-untyped-def]
    person = make_person(db)
    organisation = make_organisation(db)
    db.execute("INSERT INTO membership (organisation_id, user_id, role) VALUES (%s, %s, 'owner')",
               [organisation["id"], person.id])
    if offer:
        make_offer(db, organisation, **offer)
    return person, organisation


@pytest.mark.parametrize("depends", ["another member", "a published offer", "a paused offer", "an offer in review"])
def test_the_last_owner_hands_over_first(client, db, depends: str) -> None:
    offer = {"another member": {}, "a published offer": {"status": "published"},
             "a paused offer": {"status": "paused", "published_at": None},
             "an offer in review": {"status": "in_review"}}[depends]
    person, organisation = _sole_owner(db, **offer)
    if depends == "another member":
        db.execute("INSERT INTO membership (organisation_id, user_id, role) VALUES (%s, %s, 'editor')",
                   [organisation["id"], make_person(db).id])
    sign_in(client, person)

    response = _delete(client)

    assert response.status_code == 409
    assert organisation["name"] in response.json()["detail"]
    assert db.execute("SELECT status FROM user_account WHERE id = %s", [person.id]).fetchone() == ("active",)
    assert db.execute("SELECT role FROM membership WHERE user_id = %s", [person.id]).fetchone() == ("owner",)


def test_an_organisation_with_ended_offers_stays_without_members(client, db) -> None:
    person, organisation = _sole_owner(db, status="closed")
    sign_in(client, person)

    assert _delete(client).status_code == 204

    assert db.execute("SELECT count(*) FROM organisation WHERE id = %s", [organisation["id"]]).fetchone() == (1,)
    assert db.execute("SELECT count(*) FROM membership WHERE organisation_id = %s",
                      [organisation["id"]]).fetchone() == (0,)


def test_two_owners_deleting_at_once_leave_one_of_them(client, db, app) -> None:
    """Each owner alone may leave; both at once must not leave the organisation ownerless."""
    import asyncio

    from api.db.engine import get_sessionmaker
    from api.domain.privacy.services import PrivacyService
    from api.lib.auth import UserSessions
    from api.lib.errors import ConflictError
    from api.settings import get_settings

    first, organisation = _sole_owner(db, status="published")
    second = make_person(db)
    db.execute("INSERT INTO membership (organisation_id, user_id, role) VALUES (%s, %s, 'owner')",
               [organisation["id"], second.id])
    client.get("/api/v1/session")  # the app's lifespan (and its Redis client) is running

    async def delete(person: Person) -> str:
        async with get_sessionmaker()() as session:
            try:
                await PrivacyService(session, get_settings()).delete_account(person.id, PASSWORD,
                                                                             UserSessions.of(app))
            except ConflictError:
                return "refused"
            return "deleted"

    async def both() -> list[str]:
        return await asyncio.gather(delete(first), delete(second))

    outcomes = client.blocking_portal.call(both)

    assert sorted(outcomes) == ["deleted", "refused"]
    assert db.execute("SELECT count(*) FROM membership WHERE organisation_id = %s AND role = 'owner'",
                      [organisation["id"]]).fetchone() == (1,)


def test_moderators_cannot_delete_their_own_account(client, db) -> None:
    moderator = make_person(db, moderator=True)
    sign_in(client, moderator)

    response = _delete(client)

    assert response.status_code == 409
    assert db.execute("SELECT status FROM user_account WHERE id = %s", [moderator.id]).fetchone() == ("active",)


def test_password_attempts_are_limited_like_sign_ins(client, db, monkeypatch) -> None:
    from api.settings import get_settings

    monkeypatch.setattr(get_settings(), "rate_limit_password_failures_per_account_and_address", "2/minute")
    sign_in(client, make_person(db))

    statuses = [_delete(client, {"password": f"falsch {uuid.uuid4()}"}).status_code for _ in range(3)]

    assert statuses == [403, 403, 429]
