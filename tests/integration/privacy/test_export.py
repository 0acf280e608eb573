"""GDPR Art. 15 and 20: a signed-in person downloads everything VoluMap holds about them as JSON."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import datetime

from api.domain.privacy.services import ACCOUNT_REFERENCES
from tests.integration.privacy.residents import HOME, Resident
from tests.support.accounts import make_person, sign_in

EXPORT = "/api/v1/me/export"


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _ids(records: list[dict]) -> set[uuid.UUID]:
    return {uuid.UUID(record["id"]) for record in records}


def test_export_contains_every_record_of_the_person(client, db, resident: Resident) -> None:
    user_id = resident.person.id

    response = client.get(EXPORT)

    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["content-disposition"].startswith('attachment; filename="volumap-')
    assert response.headers["cache-control"] == "no-store"
    export = response.json()
    assert export["schema_version"] == 1 and _time(export["generated_at"]).tzinfo is not None

    # Every table that points at the account: one record in its section per row.
    rows_per_section: Counter[str] = Counter()
    for reference in ACCOUNT_REFERENCES:
        [count] = db.execute(
            f"SELECT count(*) FROM {reference.table} WHERE {reference.column} = %s", [user_id]).fetchone()
        rows_per_section[reference.section] += count
    for section, count in rows_per_section.items():
        shown = export[section]
        assert (len(shown) if isinstance(shown, list) else int(shown is not None)) == count, section
    assert all(rows_per_section[section] for section in (
        "memberships", "volunteer_profile", "applications", "calendar_feed", "offer_matches", "reports",
        "offers_created", "api_tokens_created", "account_tokens", "audit_entries_as_actor"))

    account = db.execute("SELECT email, display_name, locale, status, created_at, email_verified_at"
                         " FROM user_account WHERE id = %s", [user_id]).fetchone()
    shown = export["account"]
    assert (shown["email"], shown["display_name"], shown["locale"], shown["status"]) == account[:4]
    assert (_time(shown["created_at"]), _time(shown["email_verified_at"])) == account[4:]
    assert shown["id"] == str(user_id) and shown["roles"] == ["resident"]

    memberships = set(db.execute("SELECT organisation_id, role FROM membership WHERE user_id = %s", [user_id]))
    assert {(uuid.UUID(m["organisation_id"]), m["role"]) for m in export["memberships"]} == memberships
    assert {(resident.organisation["id"], "owner"), (resident.own_organisation_id, "owner")} == memberships

    [invitation] = db.execute("SELECT id, organisation_id, role, accepted_at FROM organisation_invitation"
                              " WHERE lower(email) = lower(%s)", [resident.person.email]).fetchall()
    [received] = export["invitations_received"]
    assert (uuid.UUID(received["id"]), uuid.UUID(received["organisation_id"]), received["role"],
            _time(received["accepted_at"])) == invitation
    assert export["invitations_sent"] == []

    profile = export["volunteer_profile"]
    stored = db.execute(
        "SELECT ST_Y(home::geometry), ST_X(home::geometry), radius_km, skills, languages, daily_cap,"
        " ARRAY(SELECT slug FROM category WHERE id = ANY(interests) ORDER BY position)"
        " FROM volunteer_profile WHERE user_id = %s", [user_id]).fetchone()
    assert (profile["home"]["lat"], profile["home"]["lon"]) == stored[:2] == HOME
    assert (profile["radius_km"], profile["skills"], profile["languages"], profile["daily_cap"],
            profile["interests"]) == stored[2:]
    assert profile["availability"] == ["monday_evening", "saturday_morning"]
    assert (profile["quiet_start"], profile["quiet_end"], profile["notify_new_offers"]) == ("21:00:00", "08:00:00",
                                                                                          True)

    applications = {row[0]: row[1:] for row in db.execute(
        "SELECT id, offer_id, status, message, shared_contact FROM application WHERE user_id = %s", [user_id])}
    assert {uuid.UUID(a["id"]): (uuid.UUID(a["offer_id"]), a["status"], a["message"], a["shared_contact"])
            for a in export["applications"]} == applications
    assert {a["offer_title"] for a in export["applications"]} == {o["title"] for o in resident.offers[:2]}

    [feed_created] = db.execute("SELECT created_at FROM calendar_feed WHERE user_id = %s", [user_id]).fetchone()
    assert _time(export["calendar_feed"]["created_at"]) == feed_created
    [match] = export["offer_matches"]
    assert (uuid.UUID(match["offer_id"]), match["distance_m"]) == (resident.offers[0]["id"], 1234.5)
    [push_device] = export["push_subscriptions"]
    assert (push_device["endpoint"], push_device["channel"], push_device["notifications_sent"]) == (
        resident.push_endpoint, "volumap", 1)
    assert [(a["new_offer_notifications"]) for a in export["push_allowances"]] == [1]
    [report] = export["reports"]
    assert (uuid.UUID(report["id"]), report["reason"], report["text"]) == (resident.report_id, "spam",
                                                                           "Sieht nach Werbung aus.")
    assert _ids(export["offers_created"]) == {resident.offers[2]["id"]}
    assert _ids(export["api_tokens_created"]) == {resident.api_token_id}

    tokens = db.execute("SELECT purpose, new_email FROM account_token WHERE user_id = %s", [user_id]).fetchall()
    assert sorted((t["purpose"], t["new_email"]) for t in export["account_tokens"]) == sorted(tokens)
    assert ("change_email", resident.new_email) in tokens

    audit = {row[0] for row in db.execute("SELECT id FROM audit_entry WHERE actor_id = %s", [user_id])}
    assert {entry["id"] for entry in export["audit_entries_as_actor"]} == audit
    assert {entry["action"] for entry in export["audit_entries_as_actor"]} >= {
        "organisation.invitation_accepted", "organisation.api_token_created", "organisation.registered"}


def test_export_reveals_no_secret_and_nothing_of_anyone_else(client, db, resident: Resident) -> None:
    other = make_person(db)
    db.execute("INSERT INTO application (id, offer_id, user_id, message)"
               " VALUES (gen_random_uuid(), %s, %s, 'Gruß von nebenan')",
               [resident.offers[0]["id"], other.id])
    secrets = [row[0] for row in db.execute(
        "SELECT token_hash FROM account_token WHERE user_id = %(id)s UNION ALL"
        " SELECT token_hash FROM api_token WHERE created_by = %(id)s UNION ALL"
        " SELECT token_hash FROM calendar_feed WHERE user_id = %(id)s UNION ALL"
        " SELECT password_hash FROM user_account WHERE id = %(id)s", {"id": resident.person.id})]

    text = client.get(EXPORT).text

    assert len(secrets) == 6
    assert not [secret for secret in secrets if secret in text]
    assert other.email not in text and "Gruß von nebenan" not in text and str(other.id) not in text


def test_export_of_a_newcomer_has_empty_sections(client, db) -> None:
    person = make_person(db)
    sign_in(client, person)

    export = client.get(EXPORT).json()

    assert export["account"]["email"] == person.email
    assert export["volunteer_profile"] is None and export["calendar_feed"] is None
    assert all(export[name] == [] for name, value in export.items() if isinstance(value, list))


def test_export_needs_a_session(client) -> None:
    client.cookies.clear()

    response = client.get(EXPORT)

    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


def test_exports_are_rate_limited(client, db, monkeypatch) -> None:
    from api.settings import get_settings

    monkeypatch.setattr(get_settings(), "rate_limit_data_export", "2/minute")
    sign_in(client, make_person(db))

    statuses = [client.get(EXPORT).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert int(client.get(EXPORT).headers["retry-after"]) > 0
