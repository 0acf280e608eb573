"""Anonymous devices are the second source of reverse matching: each is reached when the offer lies within
its own area (geodesically) and shares a category, found through the partial GiST over its reach box."""

from __future__ import annotations

import json
import random

import pytest
from pyproj import Geod
from sqlalchemy import text
from sqlalchemy.dialects.postgresql import psycopg as psycopg_dialect

from api.domain.volunteers.matching import ANONYMOUS_DEVICES, DELIVERIES_INSERT_SQL, reach_sql
from tests.support.factories import BIELEFELD_MITTE, make_offer, make_organisation, published_event

GEOD = Geod(ellps="WGS84")
LAT, LON = BIELEFELD_MITTE


def _devices(db, rng: random.Random, count: int) -> list[tuple]:
    rows = []
    for n in range(count):
        lat, lon = LAT + rng.uniform(-0.5, 0.5), LON + rng.uniform(-0.7, 0.7)
        interests = sorted(rng.sample(range(1, 13), rng.choice([0, 0, 1, 2, 3])))
        rows.append((f"https://push.example.net/{rng.getrandbits(64):x}-{n}", lon, lat,
                     rng.choice([1, 2, 5, 10, 25, 50]), interests, rng.random() < 0.1))
    with db.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO push_subscription (channel, endpoint, p256dh, auth, home, radius_km, interests, gone_at)"
            " VALUES ('volumap', %s, 'k', 'a', ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography, %s, %s,"
            " CASE WHEN %s THEN now() END)", rows)
    return rows


def test_anonymous_reach_agrees_with_a_brute_force_computation(db) -> None:
    rng = random.Random(5)
    devices = _devices(db, rng, 600)
    # Boundary cases: exactly at the radius and just inside/outside it, due north of the offer.
    for radius_km, factor, name in ((5, 0.9995, "inside"), (5, 1.0005, "outside"), (10, 1.0, "on")):
        lon, lat, _ = GEOD.fwd(LON, LAT, 0, radius_km * 1000 * factor)
        devices += [(f"https://push.example.net/edge-{name}", lon, lat, radius_km, [], False)]
        db.execute("INSERT INTO push_subscription (channel, endpoint, p256dh, auth, home, radius_km)"
                   " VALUES ('volumap', %s, 'k', 'a', ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography, %s)",
                   [devices[-1][0], lon, lat, radius_km])
    offer = make_offer(db, make_organisation(db), lat=LAT, lon=LON, category_ids=[5, 11])

    found = {row[0] for row in db.execute(
        "SELECT s.endpoint FROM (" + text(reach_sql(ANONYMOUS_DEVICES)).compile(
            dialect=psycopg_dialect.dialect()).string + ") r JOIN push_subscription s ON s.id = r.recipient_id",
        {"offer_id": offer["id"]})}

    expected = {
        endpoint for endpoint, lon, lat, radius_km, interests, gone in devices
        if not gone and GEOD.inv(LON, LAT, lon, lat)[2] <= radius_km * 1000 + 1e-6
        and (not interests or set(interests) & {5, 11})
    }
    assert "https://push.example.net/edge-inside" in found and "https://push.example.net/edge-on" in found
    assert "https://push.example.net/edge-outside" not in found
    assert len(expected) > 20 and found == expected


def _nodes(plan: dict) -> list[dict]:
    return [plan, *(node for child in plan.get("Plans", []) for node in _nodes(child))]


@pytest.mark.parametrize("statement", ["stream", "deliveries"])
def test_the_plan_walks_the_partial_reach_index(db, statement: str) -> None:
    _devices(db, random.Random(9), 4000)
    db.execute("ANALYZE push_subscription")
    offer = make_offer(db, make_organisation(db), lat=LAT, lon=LON, category_ids=[5])
    event_id = published_event(db, offer["id"])
    sql = reach_sql(ANONYMOUS_DEVICES) if statement == "stream" else DELIVERIES_INSERT_SQL
    compiled = text(sql).compile(dialect=psycopg_dialect.dialect())
    params = {"offer_id": offer["id"], "event_id": event_id}
    with db.transaction(force_rollback=True):
        [(plan,)] = db.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + compiled.string,
                               {name: params[name] for name in compiled.params}).fetchall()
    nodes = _nodes((plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"])
    reach = [n for n in nodes if n.get("Index Name") == "ix_push_subscription_reach"]
    assert reach and sum(n.get("Actual Rows", 0) for n in reach) > 0, json.dumps(nodes)[:2000]
    assert not [n for n in nodes if n.get("Relation Name") == "push_subscription" and n["Node Type"] == "Seq Scan"]
