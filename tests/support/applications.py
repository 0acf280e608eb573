"""Applications for tests: residents apply through the API as the PWA would; organisations' members
decide through the API; rows the test only needs to exist are written straight to the database."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import psycopg
from litestar.testing import TestClient
from psycopg.types.json import Jsonb

from tests.support.accounts import Person, csrf_headers, make_person, sign_in

PROBLEM = "application/problem+json"


def apply(client: TestClient, offer_id: Any, body: dict[str, Any] | None = None):
    return client.post(
        f"/api/v1/offers/{offer_id}/applications", json=body or {}, headers=csrf_headers(client)
    )


def applicant(
    client: TestClient,
    db: psycopg.Connection,
    offer: dict[str, Any],
    body: dict[str, Any] | None = None,
    **person: Any,
) -> tuple[Person, dict[str, Any]]:
    """A new person, signed in, who has applied for the offer; their application as the API answered."""
    someone = make_person(db, **person)
    sign_in(client, someone)
    response = apply(client, offer["id"], body)
    assert response.status_code == 201, response.text
    return someone, response.json()


def decide(
    client: TestClient,
    offer_id: Any,
    application_id: Any,
    decision: str,
    headers: dict[str, str] | None = None,
):
    return client.post(
        f"/api/v1/manage/offers/{offer_id}/applications/{application_id}/{decision}",
        headers=headers if headers is not None else csrf_headers(client),
    )


def withdraw(client: TestClient, application_id: Any):
    return client.post(f"/api/v1/me/applications/{application_id}/withdraw", headers=csrf_headers(client))


def take_place_by_link(client: TestClient, token: str):
    return client.post("/api/v1/applications/take-place", json={"token": token}, headers=csrf_headers(client))


def insert_application(
    db: psycopg.Connection, offer: dict[str, Any], person: Person, status: str = "pending", **fields: Any
) -> uuid.UUID:
    row: dict[str, Any] = {
        "id": uuid.uuid4(),
        "offer_id": offer["id"],
        "user_id": person.id,
        "status": status,
    }
    if status == "accepted":
        row["decided_at"] = datetime.now(UTC)
    row.update(fields)
    if isinstance(row.get("shared_contact"), dict):
        row["shared_contact"] = Jsonb(row["shared_contact"])
    db.execute(
        f"INSERT INTO application ({', '.join(row)}) VALUES ({', '.join('%s' for _ in row)})",
        list(row.values()),
    )
    return row["id"]


def status_of(db: psycopg.Connection, application_id: Any) -> str:
    return db.execute("SELECT status FROM application WHERE id = %s", [application_id]).fetchone()[0]


def emails_to(db: psycopg.Connection, address: str) -> list[dict[str, Any]]:
    """The e-mails written to the outbox for an address, oldest first."""
    return [
        row[0]
        for row in db.execute(
            "SELECT payload FROM outbox_event WHERE kind = 'email' AND payload->>'to' = %s ORDER BY id",
            [address],
        )
    ]


def assert_problem(response, status: int, field: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM), response.headers["content-type"]
    body = response.json()
    assert body["status"] == status and body["detail"]
    if field is not None:
        params = body.get("invalid-params", [])
        assert any(
            p["name"] == field or p["name"].startswith(f"{field}.") or f"`{field}`" in p["reason"]
            for p in params
        ), body
    return body
