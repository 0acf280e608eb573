"""Arranging the moderation desk's tests: moderators, members, offers waiting for review, API calls."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from litestar.testing import TestClient

from tests.support import offer_members
from tests.support.accounts import Person, csrf_headers, make_person
from tests.support.factories import make_offer


def named_moderator(db: psycopg.Connection, name: str, **roles: bool) -> Person:
    person = make_person(db, moderator=not roles.get("admin", False), **roles)
    db.execute("UPDATE user_account SET display_name = %s WHERE id = %s", [name, person.id])
    return person


def add_member(
    db: psycopg.Connection, organisation: dict[str, Any], locale: str = "de", role: str = "owner"
) -> Person:
    """A member told about the desk's decisions: an owner unless said otherwise."""
    return offer_members.add_member(db, organisation, role, locale=locale)


def submitted(
    db: psycopg.Connection, organisation: dict[str, Any], minutes_ago: int, **fields: Any
) -> dict[str, Any]:
    """An offer in review, submitted `minutes_ago`."""
    fields.setdefault("status", "in_review")
    return make_offer(
        db, organisation, submitted_at=datetime.now(UTC) - timedelta(minutes=minutes_ago), **fields
    )


def post(client: TestClient, path: str, body: dict[str, Any] | None = None):  # type: ignore[no-untyped-def]
    return client.post(path, json=body if body is not None else {}, headers=csrf_headers(client))


def claim(client: TestClient, kind: str, record_id: Any):  # type: ignore[no-untyped-def]
    return post(client, f"/api/v1/moderation/{kind}/{record_id}/claim")
