"""Reverse matching ("who should hear about this offer") against an independent brute-force computation
with pyproj's Geod (GeographicLib), right at the edge of each radius too; streamed in batches, each match
once; written by one INSERT … SELECT; and walking the reach-box index, never scanning the profiles."""

from __future__ import annotations

import asyncio
import json
import random
import uuid
from collections.abc import Sequence
from typing import Any

import psycopg
import pytest
from pyproj import Geod
from sqlalchemy import text
from sqlalchemy.dialects.postgresql import asyncpg as asyncpg_dialect
from sqlalchemy.dialects.postgresql import psycopg as psycopg_dialect
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from api.domain.volunteers.matching import (
    MATCH_INSERT_SQL,
    VOLUNTEERS,
    VOLUNTEERS_TO_NOTIFY,
    Reach,
    ReachSource,
    reach_sql,
    stream_reach,
)
from api.settings import get_settings
from tests.integration.volunteers.profiles import bulk_people, insert_profiles
from tests.support.factories import make_offer, make_organisation

GEOD = Geod(ellps="WGS84")
BIELEFELD = (52.0215, 8.5325)


def _random_point(rng: random.Random) -> tuple[float, float]:
    """Half around Bielefeld, half anywhere in North Rhine-Westphalia."""
    if rng.random() < 0.5:
        return BIELEFELD[0] + rng.uniform(-0.4, 0.4), BIELEFELD[1] + rng.uniform(-0.6, 0.6)
    return rng.uniform(50.4, 52.4), rng.uniform(6.0, 9.3)


def _random_interests(rng: random.Random) -> list[int]:
    return [] if rng.random() < 0.2 else sorted(rng.sample(range(1, 13), rng.randint(1, 3)))


def _stream(offer_id: uuid.UUID, batch_size: int, sources: tuple[ReachSource, ...] = (VOLUNTEERS_TO_NOTIFY,)
            ) -> list[list[Reach]]:
    """stream_reach on an engine of its own (the app's belongs to the test client's event loop)."""

    async def collect() -> list[list[Reach]]:
        engine = create_async_engine(get_settings().database_url, pool_size=1)
        try:
            async with async_sessionmaker(engine)() as session:
                return [batch async for batch in stream_reach(session, offer_id, batch_size=batch_size,
                                                               sources=sources)]
        finally:
            await engine.dispose()

    return asyncio.run(collect())


def _brute_force(profiles: Sequence[dict[str, Any]], offer: dict[str, Any], *, notify_only: bool
                 ) -> dict[uuid.UUID, float]:
    reached = {}
    for profile in profiles:
        if not profile["active"] or (notify_only and not profile["notify"]):
            continue
        if profile["interests"] and not set(profile["interests"]) & set(offer["category_ids"]):
            continue
        distance = GEOD.inv(profile["lon"], profile["lat"], offer["lon"], offer["lat"])[2]
        if distance <= profile["radius_km"] * 1000:
            reached[profile["user_id"]] = distance
    return reached


def _population(db: psycopg.Connection, rng: random.Random, offers: list[dict[str, Any]], count: int
                ) -> list[dict[str, Any]]:
    """`count` random profiles, a few of suspended accounts, and for every offer profiles whose radius ends
    half a metre beyond or before it, in every direction, of every kind of radius."""
    active, suspended = bulk_people(db, count), bulk_people(db, count // 20, status="suspended")
    profiles = []
    for user_id in active + suspended:
        lat, lon = _random_point(rng)
        profiles.append({"user_id": user_id, "lat": lat, "lon": lon, "radius_km": rng.uniform(1, 50),
                         "interests": _random_interests(rng), "notify": rng.random() < 0.85,
                         "active": user_id not in suspended})
    edge_people = iter(bulk_people(db, len(offers) * 16))
    for offer in offers:
        for azimuth in range(0, 360, 45):
            for margin in (-0.5, 0.5):
                radius_km = rng.choice([1.0, 7.3, 25.0, 49.99, rng.uniform(1, 50)])
                lon, lat, _ = GEOD.fwd(offer["lon"], offer["lat"], azimuth, radius_km * 1000 + margin)
                profiles.append({"user_id": next(edge_people), "lat": lat, "lon": lon, "radius_km": radius_km,
                                 "interests": [], "notify": True, "active": True,
                                 "edge_of": offer["id"], "margin_m": margin})
    insert_profiles(db, profiles)
    return profiles


def _offers(db: psycopg.Connection, rng: random.Random, count: int) -> list[dict[str, Any]]:
    organisation = make_organisation(db)
    offers = []
    for _ in range(count):
        lat, lon = _random_point(rng)
        offers.append(make_offer(db, organisation, lat=lat, lon=lon,
                                 category_ids=sorted(rng.sample(range(1, 13), rng.randint(1, 3)))))
    return offers


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_reverse_matching_agrees_with_brute_force(db, seed: int) -> None:
    rng = random.Random(seed)
    offers = _offers(db, rng, 6)
    profiles = _population(db, rng, offers, 400)

    for offer in offers:
        expected = _brute_force(profiles, offer, notify_only=True)
        found = [reach for batch in _stream(offer["id"], batch_size=500) for reach in batch]

        assert {reach.recipient_id for reach in found} == set(expected)
        assert len(found) == len(expected)
        for reach in found:
            assert reach.kind == "volunteer"
            assert reach.distance_m == pytest.approx(expected[reach.recipient_id], rel=5e-4, abs=0.5)


def test_the_edge_of_a_radius_is_exact_to_the_metre(db) -> None:
    rng = random.Random(7)
    offers = _offers(db, rng, 4)
    profiles = _population(db, rng, offers, 0)

    for offer in offers:
        found = {reach.recipient_id for batch in _stream(offer["id"], batch_size=100) for reach in batch}
        own_edge = [p for p in profiles if p.get("edge_of") == offer["id"]]
        for profile in own_edge:  # the arrangement is what it claims, by the independent measure
            distance = GEOD.inv(profile["lon"], profile["lat"], offer["lon"], offer["lat"])[2]
            assert distance - profile["radius_km"] * 1000 == pytest.approx(profile["margin_m"], abs=1e-3)
        inside = {p["user_id"] for p in own_edge if p["margin_m"] < 0}
        outside = {p["user_id"] for p in own_edge if p["margin_m"] > 0}
        assert len(inside) == len(outside) == 8
        assert inside <= found and not outside & found


def test_without_the_notification_filter_people_who_turned_it_off_are_reached_too(db) -> None:
    rng = random.Random(11)
    offers = _offers(db, rng, 3)
    profiles = _population(db, rng, offers, 300)

    for offer in offers:
        expected = _brute_force(profiles, offer, notify_only=False)
        found = {reach.recipient_id for batch in _stream(offer["id"], 1000, (VOLUNTEERS,)) for reach in batch}
        assert found == set(expected)
        assert len(expected) > len(_brute_force(profiles, offer, notify_only=True))


def test_a_profile_without_interests_hears_of_every_category_and_one_with_some_only_of_those(db) -> None:
    offer = _offers(db, random.Random(3), 1)[0]
    everything, matching, other = bulk_people(db, 3)
    category = offer["category_ids"][0]
    unrelated = next(c for c in range(1, 13) if c not in offer["category_ids"])
    insert_profiles(db, [
        {"user_id": everything, "lat": offer["lat"], "lon": offer["lon"], "radius_km": 1, "interests": []},
        {"user_id": matching, "lat": offer["lat"], "lon": offer["lon"], "radius_km": 1,
         "interests": [category, unrelated]},
        {"user_id": other, "lat": offer["lat"], "lon": offer["lon"], "radius_km": 1, "interests": [unrelated]},
    ])

    found = {reach.recipient_id for batch in _stream(offer["id"], 10) for reach in batch}

    assert found == {everything, matching}


def test_unpublished_and_remote_offers_reach_nobody(db) -> None:
    organisation = make_organisation(db)
    draft = make_offer(db, organisation, status="draft")
    remote = make_offer(db, organisation, lat=None, lon=None)
    [person] = bulk_people(db, 1)
    insert_profiles(db, [{"user_id": person, "lat": BIELEFELD[0], "lon": BIELEFELD[1], "radius_km": 50}])

    assert _stream(draft["id"], 10) == [] and _stream(remote["id"], 10) == []


def test_streaming_yields_every_match_exactly_once_in_batches(db) -> None:
    rng = random.Random(5)
    organisation = make_organisation(db)
    offer = make_offer(db, organisation, lat=BIELEFELD[0], lon=BIELEFELD[1], category_ids=[5])
    people = bulk_people(db, 250)
    insert_profiles(db, [
        {"user_id": person, "lat": BIELEFELD[0] + rng.uniform(-0.05, 0.05),
         "lon": BIELEFELD[1] + rng.uniform(-0.08, 0.08), "radius_km": 20, "interests": [5]}
        for person in people
    ])

    batches = _stream(offer["id"], batch_size=7)

    assert all(len(batch) == 7 for batch in batches[:-1]) and 1 <= len(batches[-1]) <= 7
    found = [reach.recipient_id for batch in batches for reach in batch]
    assert len(found) == len(set(found)) == len(people)
    assert set(found) == set(people)


def test_the_insert_writes_the_same_matches_once(db) -> None:
    rng = random.Random(13)
    offers = _offers(db, rng, 2)
    profiles = _population(db, rng, offers, 300)
    offer = offers[0]
    expected = _brute_force(profiles, offer, notify_only=True)
    insert = text(MATCH_INSERT_SQL).compile(dialect=psycopg_dialect.dialect())

    first = db.execute(insert.string, {"offer_id": offer["id"]}).rowcount
    second = db.execute(insert.string, {"offer_id": offer["id"]}).rowcount

    rows = dict(db.execute("SELECT user_id, distance_m FROM offer_match WHERE offer_id = %s",
                           [offer["id"]]).fetchall())
    assert (first, second) == (len(expected), 0)
    assert set(rows) == set(expected)
    assert all(rows[user] == pytest.approx(distance, rel=5e-4, abs=0.5) for user, distance in expected.items())


def _nodes(plan: dict) -> list[dict]:
    return [plan, *(node for child in plan.get("Plans", []) for node in _nodes(child))]


@pytest.mark.parametrize("statement", ["stream", "stream to notify", "insert"])
def test_the_plan_walks_the_reach_box_index_and_never_scans_the_profiles(db, statement: str) -> None:
    rng = random.Random(17)
    people = bulk_people(db, 4000)
    # Realistic reach: most people look a few kilometres around home, some much farther.
    insert_profiles(db, [
        {"user_id": person, **dict(zip(("lat", "lon"), _random_point(rng), strict=True)),
         "radius_km": rng.choice([1, 2, 3, 5, 5, 10, 10, 15, 25, 50]), "interests": _random_interests(rng),
         "notify": rng.random() < 0.9}
        for person in people
    ])
    db.execute("ANALYZE volunteer_profile")
    db.execute("ANALYZE user_account")
    offer = make_offer(db, make_organisation(db), lat=BIELEFELD[0], lon=BIELEFELD[1], category_ids=[5])
    sql = {"stream": reach_sql(VOLUNTEERS), "stream to notify": reach_sql(VOLUNTEERS_TO_NOTIFY),
           "insert": MATCH_INSERT_SQL}[statement]
    compiled = text(sql).compile(dialect=asyncpg_dialect.dialect())
    db.execute("DEALLOCATE ALL")
    db.execute(f"PREPARE reach AS {compiled.string}")
    arguments = ", ".join(f"'{offer['id']}'" for _ in compiled.positiontup)
    try:
        for mode in ("force_custom_plan", "force_generic_plan"):
            db.execute(f"SET plan_cache_mode = {mode}")
            with db.transaction(force_rollback=True):
                [(plan,)] = db.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE reach({arguments})").fetchall()
            nodes = _nodes((plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"])
            reach_nodes = [n for n in nodes if n.get("Index Name") == "ix_volunteer_profile_reach"]
            profile_scans = [n for n in nodes if n.get("Relation Name") == "volunteer_profile"]

            assert reach_nodes, f"{mode}: {json.dumps(nodes)[:2000]}"
            assert not [n for n in profile_scans if n["Node Type"] == "Seq Scan"], mode
            assert sum(n.get("Actual Rows", 0) for n in reach_nodes) > 0
    finally:
        db.execute("RESET plan_cache_mode")
        db.execute("DEALLOCATE ALL")
