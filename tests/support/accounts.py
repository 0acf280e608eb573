"""Signing people up and in for tests, through the API as the PWA would."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import psycopg
from litestar.testing import TestClient

from api.lib.passwords import hash_password
from workers.tasks.outbox import deliver_email

PASSWORD = "Fahrrad Wiese Laterne"
_counter = itertools.count(1)


def unique_email(prefix: str = "person") -> str:
    return f"{prefix}-{next(_counter)}-{uuid.uuid4().hex[:8]}@example.org"


def csrf_headers(client: TestClient) -> dict[str, str]:
    """The double-submit token: the csrftoken cookie's value, sent back as X-CSRFToken."""
    token = client.cookies.get("csrftoken")
    if token is None:
        client.get("/api/v1/session")
        token = client.cookies.get("csrftoken")
    assert token, "no CSRF cookie"
    return {"X-CSRFToken": token}


def deliver_outbox(db: psycopg.Connection) -> int:
    """Carries out every pending e-mail event now, as a worker would (the worker test covers the relay)."""
    ids = [row[0] for row in db.execute(
        "SELECT id FROM outbox_event WHERE kind = 'email' AND completed_at IS NULL ORDER BY id")]
    return sum(bool(deliver_email(event_id)) for event_id in ids)


@dataclass
class Person:
    id: uuid.UUID
    email: str
    password: str = PASSWORD


def make_person(db: psycopg.Connection, *, verified: bool = True, moderator: bool = False, admin: bool = False,
                locale: str = "de", email: str | None = None) -> Person:
    """An account written straight to the database (sign-up itself is tested through the API)."""
    person = Person(id=uuid.uuid4(), email=email or unique_email())
    db.execute(
        "INSERT INTO user_account (id, email, password_hash, display_name, locale, email_verified_at,"
        " is_moderator, is_admin) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
        [person.id, person.email, _hash(), "Testperson", locale, datetime.now(UTC) if verified else None,
         moderator, admin],
    )
    return person


_HASH: list[str] = []


def _hash() -> str:
    """Argon2 is slow on purpose; the tests' people all share one password, so hash it once."""
    if not _HASH:
        _HASH.append(hash_password(PASSWORD))
    return _HASH[0]


def sign_in(client: TestClient, person: Person) -> None:
    client.cookies.clear()
    response = client.post("/api/v1/session", json={"email": person.email, "password": person.password},
                           headers=csrf_headers(client))
    assert response.status_code == 200, response.text
