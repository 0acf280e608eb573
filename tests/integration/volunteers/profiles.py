"""Arranging the volunteer tests: profiles through the API, or written straight to the table with an exact
point (bypassing the coarsening) where a test needs points to the centimetre."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import time
from typing import Any

import psycopg
from litestar.testing import TestClient

from tests.support.accounts import csrf_headers

PROFILE = "/api/v1/me/volunteer-profile"
FOR_YOU = "/api/v1/me/offers/for-you"
BODY: dict[str, Any] = {
    "lat": 52.0302,
    "lon": 8.5311,
    "radius_km": 10,
    "interests": ["environment", "neighbourhood"],
    "skills": ["Gartenarbeit"],
    "availability": [{"day": "sat", "part": "morning"}, {"day": "wed", "part": "evening"}],
    "languages": ["de", "en"],
    "notifications": {"new_offers": True, "quiet_hours": {"start": "21:00", "end": "08:00"}, "daily_cap": 3},
}


def put_profile(client: TestClient, **changes: Any):  # type: ignore[no-untyped-def]
    return client.put(PROFILE, json={**BODY, **changes}, headers=csrf_headers(client))


def stored_home(db: psycopg.Connection, user_id: uuid.UUID) -> tuple[float, float, float, float]:
    """(lat, lon) of the stored point and (x, y) of its EPSG:25832 twin, read from the row."""
    return db.execute(
        "SELECT ST_Y(home::geometry), ST_X(home::geometry), ST_X(home_location), ST_Y(home_location)"
        " FROM volunteer_profile WHERE user_id = %s",
        [user_id],
    ).fetchone()


def bulk_people(db: psycopg.Connection, count: int, status: str = "active") -> list[uuid.UUID]:
    """Accounts for profiles, many at once (nobody signs in as them)."""
    rows = db.execute(
        "INSERT INTO user_account (id, email, password_hash, display_name, locale, status)"
        " SELECT gen_random_uuid(), 'bulk-' || gen_random_uuid() || '@example.org', 'not-a-hash', 'Bulk', 'de', %s"
        " FROM generate_series(1, %s) RETURNING id",
        [status, count],
    ).fetchall()
    return [row[0] for row in rows]


def insert_profiles(db: psycopg.Connection, profiles: Iterable[dict[str, Any]]) -> None:
    """Profiles with exactly these points: {user_id, lat, lon, radius_km, interests?, notify?, quiet?}.
    No quiet hours unless `quiet` (start, end) says so: the column's default (21:00-08:00) would make a
    test that expects a push depend on the time of day it runs at."""
    with db.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO volunteer_profile (user_id, home, radius_km, interests, notify_new_offers, quiet_start,"
            " quiet_end) VALUES (%s, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography, %s, %s, %s, %s, %s)",
            [(p["user_id"], p["lon"], p["lat"], p["radius_km"], list(p.get("interests", [])), p.get("notify", True),
              *p.get("quiet", (time(0, 0), time(0, 0)))) for p in profiles],
        )
