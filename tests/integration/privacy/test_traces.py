"""Places that used to keep e-mail addresses (or names) of people beyond their use: the audit log's
invitation entries, sent e-mails in the outbox, and the rate limiter's keys in Redis."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.conftest import TEST_DATABASE
from tests.integration.privacy.residents import post, scan_redis
from tests.support.accounts import csrf_headers, make_person, sign_in, unique_email
from tests.support.database import drop_database, migrate, recreate_database
from workers.tasks.outbox import deliver_email


def test_a_sent_email_keeps_only_its_recipient(db, mailbox) -> None:
    email = unique_email("gesendet")
    [event_id] = db.execute(
        "INSERT INTO outbox_event (kind, payload, attempts) VALUES ('email', %s, 0) RETURNING id",
        [Jsonb({"to": email, "subject": "Hallo Zora", "text": "Dein Link: https://volumap.test/?token=abc"})],
    ).fetchone()

    assert deliver_email(event_id)

    assert db.execute("SELECT payload FROM outbox_event WHERE id = %s", [event_id]).fetchone() == ({"to": email},)
    assert "Dein Link" in mailbox.wait_for(email)[0].get_content()


def test_rate_limits_keep_no_address_in_redis(client, db) -> None:
    person = make_person(db)

    sign_in(client, person)

    assert scan_redis({"email": person.email}) == set()


def test_invitation_entries_of_the_audit_log_name_no_address(client, db) -> None:
    owner = make_person(db)
    sign_in(client, owner)
    registered = post(client, "/api/v1/organisations", {"name": f"Lesepaten {uuid.uuid4().hex[:6]}"})
    organisation_id = registered.json()["id"]
    email = unique_email("eingeladen")
    invited = post(client, f"/api/v1/organisations/{organisation_id}/invitations", {"email": email, "role": "editor"})
    revoked = client.delete(f"/api/v1/organisations/{organisation_id}/invitations/{invited.json()['id']}",
                            headers=csrf_headers(client))

    entries = db.execute("SELECT action, before, after FROM audit_entry WHERE record_id = %s ORDER BY id",
                         [organisation_id]).fetchall()

    assert revoked.status_code == 204
    assert [action for action, *_ in entries] == [
        "organisation.registered", "organisation.member_invited", "organisation.invitation_revoked"]
    assert email not in json.dumps([entry[1:] for entry in entries])
    assert entries[1][2] == {"invitation_id": invited.json()["id"], "role": "editor"}


@pytest.fixture()
def scratch() -> Iterator[str]:
    name = f"{TEST_DATABASE}_scratch"
    url = recreate_database(name)
    yield url
    drop_database(name)


def test_migrating_drops_addresses_from_earlier_audit_entries_and_sent_emails(scratch: str) -> None:
    migrate(scratch, "0004")
    user_id, organisation_id, invitation_id = uuid.uuid4(), uuid.uuid4(), str(uuid.uuid4())
    with psycopg.connect(scratch, autocommit=True) as connection:
        connection.execute("INSERT INTO user_account (id, email, password_hash, display_name, locale)"
                           " VALUES (%s, 'ina@example.org', 'x', 'Ina', 'de')", [user_id])
        for action, before, after in (
            ("organisation.member_invited", None, {"invitation_id": invitation_id, "email": "ina@example.org",
                                                   "role": "editor"}),
            ("organisation.invitation_revoked", {"invitation_id": invitation_id, "email": "ina@example.org"}, None),
            ("organisation.invitation_accepted", None, {"invitation_id": invitation_id,
                                                        "invited_email": "ina@example.org",
                                                        "user_id": str(user_id), "role": "editor"}),
            ("organisation.edited", {"contact_email": "alt@example.org"}, {"contact_email": "neu@example.org"}),
        ):
            connection.execute(
                "INSERT INTO audit_entry (actor_id, action, record_type, record_id, before, after)"
                " VALUES (%s, %s, 'organisation', %s, %s, %s)",
                [user_id, action, organisation_id, Jsonb(before) if before else None, Jsonb(after) if after else None],
            )
        connection.execute(
            "INSERT INTO outbox_event (kind, payload, attempts, completed_at) VALUES"
            " ('email', '{\"to\": \"ina@example.org\", \"subject\": \"Hallo Ina\", \"text\": \"…\"}', 1, now()),"
            " ('email', '{\"to\": \"ben@example.org\", \"subject\": \"Hallo Ben\", \"text\": \"…\"}', 0, NULL)"
        )

    migrate(scratch, "head")

    with psycopg.connect(scratch, autocommit=True) as connection:
        entries = connection.execute("SELECT action, before, after FROM audit_entry ORDER BY id").fetchall()
        payloads = [row[0] for row in connection.execute("SELECT payload FROM outbox_event ORDER BY id")]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("UPDATE audit_entry SET reason = 'x'")
    assert entries == [
        ("organisation.member_invited", None, {"invitation_id": invitation_id, "role": "editor"}),
        ("organisation.invitation_revoked", {"invitation_id": invitation_id}, None),
        ("organisation.invitation_accepted", None, {"invitation_id": invitation_id, "user_id": str(user_id),
                                                    "role": "editor"}),
        ("organisation.edited", {"contact_email": "alt@example.org"}, {"contact_email": "neu@example.org"}),
    ]
    assert payloads == [{"to": "ina@example.org"}, {"to": "ben@example.org", "subject": "Hallo Ben", "text": "…"}]
