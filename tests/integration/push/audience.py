"""Devices on the local push service, registered in VoluMap as a browser or a channel's back end would."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import time

import psycopg

from api.domain.push.channels import get_channels
from tests.support.push_service import PushServiceClient


@dataclass(frozen=True)
class Device:
    id: uuid.UUID
    """The subscription's id in VoluMap."""
    mailbox: str
    """The subscription's id on the local push service."""
    endpoint: str


def device(
    db: psycopg.Connection,
    push_service: PushServiceClient,
    *,
    user_id: uuid.UUID | None = None,
    area: tuple[float, float, float] | None = None,
    interests: list[int] | None = None,
    channel: str = "volumap",
    locale: str = "de",
    quiet: tuple[time, time] = (time(0, 0), time(0, 0)),
    daily_cap: int = 3,
) -> Device:
    """A subscription on the local push service, bound to the channel's VAPID key, stored as the API stores
    it: a person's (`user_id`) or an anonymous one with `area` (lat, lon, radius_km). No quiet hours unless
    asked: a test must not depend on the time of day it runs at."""
    created = push_service.subscribe(get_channels()[channel].public_key)
    lat, lon, radius_km = area if area is not None else (None, None, None)
    [(subscription_id,)] = db.execute(
        "INSERT INTO push_subscription (channel, endpoint, p256dh, auth, user_id, locale, home, radius_km, interests,"
        " quiet_start, quiet_end, daily_cap) VALUES (%s, %s, %s, %s, %s, %s,"
        " CASE WHEN %s::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography END,"
        " %s, %s, %s, %s, %s) RETURNING id",
        [channel, created["endpoint"], created["keys"]["p256dh"], created["keys"]["auth"], user_id, locale,
         lon, lon, lat, radius_km, interests or [], quiet[0], quiet[1], daily_cap],
    ).fetchall()
    return Device(id=subscription_id, mailbox=created["id"], endpoint=created["endpoint"])


def deliveries(db: psycopg.Connection, event_id: int) -> dict[uuid.UUID, tuple[str, int]]:
    """subscription id → (status, attempts) of the event's deliveries."""
    return {row[0]: (row[1], row[2]) for row in db.execute(
        "SELECT subscription_id, status, attempts FROM push_delivery WHERE event_id = %s", [event_id])}


def delivery_ids(db: psycopg.Connection, event_id: int) -> list[int]:
    return [row[0] for row in db.execute("SELECT id FROM push_delivery WHERE event_id = %s ORDER BY id", [event_id])]
