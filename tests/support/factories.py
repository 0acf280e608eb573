"""Rows for tests, written straight to PostgreSQL; every field has a plausible default."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from api.lib.outbox import OFFER_PUBLISHED

_counter = itertools.count(1)

BIELEFELD_MITTE = (52.0215, 8.5325)


def make_organisation(db: psycopg.Connection, **fields: Any) -> dict[str, Any]:
    n = next(_counter)
    row: dict[str, Any] = {
        "id": uuid.uuid4(),
        "name": f"Testverein {n} e. V.",
        "slug": f"testverein-{n}",
        "description": "Ein Verein für Tests.",
        "verification_status": "verified",
        "contact_email": f"kontakt{n}@example.org",
        "lat": BIELEFELD_MITTE[0],
        "lon": BIELEFELD_MITTE[1],
    }
    row.update(fields)
    lat, lon = row.pop("lat"), row.pop("lon")
    columns = list(row)
    db.execute(
        f"INSERT INTO organisation ({', '.join(columns)}, geog) VALUES "
        f"({', '.join('%s' for _ in columns)}, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography)",
        [*row.values(), lon, lat],
    )
    return {**row, "lat": lat, "lon": lon}


def make_offer(db: psycopg.Connection, organisation: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A published offer at (lat, lon) unless told otherwise; `lat=None` makes a remote one."""
    n = next(_counter)
    now = datetime.now(UTC)
    row: dict[str, Any] = {
        "id": uuid.uuid4(),
        "organisation_id": organisation["id"],
        "title": f"Angebot {n}",
        "summary": f"Kurzbeschreibung {n}",
        "description": f"<p>Beschreibung {n}</p>",
        "category_ids": [1],
        "commitment": "flexible",
        "status": "published",
        "published_at": now - timedelta(minutes=n),
        "is_remote": False,
        "accessible": False,
        "lat": BIELEFELD_MITTE[0],
        "lon": BIELEFELD_MITTE[1],
    }
    row.update(fields)
    if row["status"] != "published" and "published_at" not in fields:
        row["published_at"] = None
    if row["lat"] is None:
        row["is_remote"] = True
    if isinstance(row.get("weekly_pattern"), list):
        row["weekly_pattern"] = Jsonb(row["weekly_pattern"])
    lat, lon = row.pop("lat"), row.pop("lon")
    columns = list(row)
    point = "ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography" if lat is not None else "NULL"
    params = [*row.values(), *((lon, lat) if lat is not None else ())]
    db.execute(
        f"INSERT INTO offer ({', '.join(columns)}, geog) VALUES ({', '.join('%s' for _ in columns)}, {point})",
        params,
    )
    return {**row, "lat": lat, "lon": lon}


def published_event(db: psycopg.Connection, offer_id: Any) -> int:
    """The outbox event a moderator's first approval of the offer writes."""
    [(event_id,)] = db.execute(
        "INSERT INTO outbox_event (kind, payload, dedupe_key, attempts) VALUES (%s, %s, %s, 0) RETURNING id",
        [OFFER_PUBLISHED, Jsonb({"offer_id": str(offer_id)}), f"offer.published:{offer_id}"],
    ).fetchall()
    return event_id


def make_anonymous_devices(db: psycopg.Connection, subscriptions: list[dict[str, Any]]) -> None:
    """Anonymous devices for these push subscriptions (`pushManager.subscribe()`'s shape), a few metres apart
    east of Bielefeld-Mitte, 5 km around, every category, no quiet hours: a new offer there reaches them all."""
    lat, lon = BIELEFELD_MITTE
    with db.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO push_subscription (channel, endpoint, p256dh, auth, home, radius_km, quiet_start, quiet_end)"
            " VALUES ('volumap', %s, %s, %s, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography, 5, '00:00', '00:00')",
            [(sub["endpoint"], sub["keys"]["p256dh"], sub["keys"]["auth"], lon + i * 1e-5, lat)
             for i, sub in enumerate(subscriptions)],
        )
