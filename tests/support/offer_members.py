"""Organisation members and their offers for tests: people and memberships written to the database,
offers created and changed through the API as the PWA or an organisation's system would."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
from litestar.testing import TestClient

from api.lib.tokens import new_secret_token
from tests.support.accounts import Person, csrf_headers, make_person, sign_in

DRAFT: dict[str, Any] = {
    "title": "Vorlesen in der Stadtbibliothek",
    "summary": "Kindern am Samstagvormittag Geschichten vorlesen.",
    "description": "<p>Du liest gern vor? Wir suchen Vorlesepatinnen und -paten.</p>",
    "categories": ["children-youth"],
    "commitment": "regular",
    "weekly_pattern": [{"day": "sat", "start": "10:00", "end": "11:30"}],
    "hours_per_week": 1.5,
    "location": {"lat": 52.0227, "lon": 8.5322},
    "address": "Neumarkt 1, 33602 Bielefeld",
    "district": "Mitte",
    "languages": ["de"],
    "skills": ["Vorlesen"],
    "capacity": 4,
    "min_age": 16,
    "contact_name": "Erika Muster",
    "contact_email": "erika@example.org",
}


def add_member(
    db: psycopg.Connection, organisation: dict[str, Any], role: str = "editor", *, verified: bool = True,
    locale: str = "de",
) -> Person:
    person = make_person(db, verified=verified, locale=locale)
    db.execute(
        "INSERT INTO membership (organisation_id, user_id, role) VALUES (%s, %s, %s)",
        [organisation["id"], person.id, role],
    )
    return person


def signed_in_member(
    client: TestClient,
    db: psycopg.Connection,
    organisation: dict[str, Any],
    role: str = "editor",
    *,
    verified: bool = True,
) -> Person:
    person = add_member(db, organisation, role, verified=verified)
    sign_in(client, person)
    return person


def api_token(db: psycopg.Connection, organisation: dict[str, Any], *scopes: str) -> dict[str, str]:
    """Authorization headers for a fresh API token of the organisation."""
    token, digest = new_secret_token()
    db.execute(
        "INSERT INTO api_token (id, organisation_id, name, token_hash, scopes) VALUES (%s, %s, %s, %s, %s)",
        [uuid.uuid4(), organisation["id"], "Vereinssoftware", digest, list(scopes)],
    )
    return {"Authorization": f"Bearer {token}"}


def create(client: TestClient, organisation: dict[str, Any], **changes: Any):
    body = {**DRAFT, **changes}
    return client.post(
        f"/api/v1/manage/organisations/{organisation['id']}/offers", json=body, headers=csrf_headers(client)
    )


def act(client: TestClient, offer_id: Any, action: str, headers: dict[str, str] | None = None):
    return client.post(
        f"/api/v1/manage/offers/{offer_id}/{action}", headers={**csrf_headers(client), **(headers or {})}
    )


def edit(client: TestClient, offer_id: Any, changes: dict[str, Any], if_match: str | None):
    headers = {**csrf_headers(client), **({"If-Match": if_match} if if_match is not None else {})}
    return client.patch(f"/api/v1/manage/offers/{offer_id}", json=changes, headers=headers)
