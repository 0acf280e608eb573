""""For you": published offers within the profile's radius (and remote ones in its interests), ranked, each
with reasons that say what the data says, in the account's language."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from pyproj import Geod
from sqlalchemy import text
from sqlalchemy.dialects.postgresql import asyncpg as asyncpg_dialect

from api.db.engine import NEAREST_FIRST_SETTINGS
from api.domain.volunteers.services import FOR_YOU_SQL, NEARBY_CANDIDATES, REMOTE_CANDIDATES, REMOTE_WINDOW
from tests.integration.volunteers.profiles import FOR_YOU, put_profile
from tests.support.accounts import make_person, sign_in
from tests.support.factories import make_offer, make_organisation

GEOD = Geod(ellps="WGS84")
NOW = datetime.now(UTC)
WEDNESDAY_EVENING = datetime(2027, 1, 13, 17, 30, tzinfo=UTC)  # 18:30 in Bielefeld (CET)


def _near(home: dict[str, float], distance_m: float, azimuth: float) -> dict[str, float]:
    lon, lat, _ = GEOD.fwd(home["lon"], home["lat"], azimuth, distance_m)
    return {"lat": lat, "lon": lon}


def _apply(db: psycopg.Connection, offer: dict[str, Any], *statuses: str) -> None:
    for status in statuses:
        person = make_person(db)
        db.execute(
            "INSERT INTO application (id, offer_id, user_id, status, offered_until, waiting_since)"
            " VALUES (gen_random_uuid(), %s, %s, %s, %s, %s)",
            [offer["id"], person.id, status, NOW + timedelta(days=1) if status == "offered" else None,
             NOW if status == "waiting" else None],
        )


@pytest.fixture()
def neighbourhood(client, db) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A resident's profile (environment and neighbourhood; free Saturday mornings and Wednesday evenings;
    10 km) and offers around its coarsened home, placed at exact geodesic distances from it."""
    person = make_person(db)
    sign_in(client, person)
    home = put_profile(client).json()["home"]
    organisation = make_organisation(db)
    offers = {
        "garden": make_offer(
            db, organisation, title="Gartenpflege", category_ids=[5], commitment="regular",
            weekly_pattern=[{"day": "sat", "start": "10:00", "end": "12:00"}], capacity=5,
            published_at=NOW - timedelta(days=1), **_near(home, 1234, 10)),
        "kitchen": make_offer(
            db, organisation, title="Suppenküche", category_ids=[1], commitment="flexible",
            published_at=NOW - timedelta(days=20), **_near(home, 3456, 100)),
        "evening": make_offer(
            db, organisation, title="Nachbarschaftsabend", category_ids=[11], commitment="one_off",
            starts_at=WEDNESDAY_EVENING, capacity=2, published_at=NOW - timedelta(days=5),
            **_near(home, 640, 200)),
        "remote": make_offer(
            db, organisation, title="Umweltdaten am Rechner", category_ids=[5], lat=None, lon=None,
            published_at=NOW - timedelta(days=10)),
        "far": make_offer(db, organisation, category_ids=[5], **_near(home, 10_050, 45)),
        "draft": make_offer(db, organisation, category_ids=[5], status="draft", **_near(home, 300, 0)),
        "paused": make_offer(db, organisation, category_ids=[5], status="paused",
                             published_at=NOW, **_near(home, 300, 0)),
        "remote sport": make_offer(db, organisation, category_ids=[6], lat=None, lon=None),
    }
    _apply(db, offers["garden"], "accepted", "accepted", "offered", "declined", "withdrawn")
    _apply(db, offers["evening"], "accepted", "accepted", "waiting")
    return {"person": person, "home": home, "offers": offers}


def _by_title(response) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    return {item["title"]: item for item in response.json()["items"]}


def test_only_published_offers_within_the_radius_and_remote_ones_in_the_interests(client, neighbourhood) -> None:
    items = _by_title(client.get(FOR_YOU))

    assert set(items) == {"Gartenpflege", "Suppenküche", "Nachbarschaftsabend", "Umweltdaten am Rechner"}


def test_the_reasons_say_what_the_data_says(client, neighbourhood) -> None:
    items = _by_title(client.get(FOR_YOU))

    assert items["Gartenpflege"]["reasons"] == [
        "Umwelt und Naturschutz", "1,2 km", "Samstagvormittag", "neu", "noch 2 Plätze frei"]
    assert items["Suppenküche"]["reasons"] == ["3,5 km"]
    assert items["Nachbarschaftsabend"]["reasons"] == [
        "Nachbarschaft", "640 m", "Mittwochabend", "ausgebucht, Warteliste"]
    assert items["Umweltdaten am Rechner"]["reasons"] == ["Umwelt und Naturschutz", "ortsunabhängig"]
    assert [items[t]["places_left"] for t in ("Gartenpflege", "Suppenküche", "Nachbarschaftsabend")] == [2, None, 0]


def test_distances_are_geodesic_from_the_coarsened_home(client, neighbourhood) -> None:
    items = _by_title(client.get(FOR_YOU))

    for title, expected in (("Gartenpflege", 1234), ("Suppenküche", 3456), ("Nachbarschaftsabend", 640)):
        assert items[title]["distance_m"] == pytest.approx(expected, abs=0.1)
    assert items["Umweltdaten am Rechner"]["distance_m"] is None


def test_an_english_account_gets_english_reasons(client, db, neighbourhood) -> None:
    sign_in(client, make_person(db, locale="en"))
    put_profile(client)

    items = _by_title(client.get(FOR_YOU))

    assert items["Gartenpflege"]["reasons"] == ["Environment", "1.2 km", "Saturday morning", "new", "2 places left"]
    assert items["Nachbarschaftsabend"]["reasons"] == ["Neighbourhood", "640 m", "Wednesday evening",
                                                       "full, waiting list"]
    assert items["Umweltdaten am Rechner"]["reasons"] == ["Environment", "remote"]


def test_best_first_and_a_full_offer_last(client, neighbourhood) -> None:
    response = client.get(FOR_YOU)

    items = response.json()["items"]
    assert [item["title"] for item in items] == [
        "Gartenpflege", "Umweltdaten am Rechner", "Suppenküche", "Nachbarschaftsabend"]
    assert items[-1]["score"] > items[-2]["score"]  # full, so last despite the better score
    assert all(0 <= item["score"] <= 1 for item in items)
    assert response.headers["cache-control"] == "private, no-store"


def test_without_interests_every_category_counts_and_names_the_offers_own(client, db, neighbourhood) -> None:
    sign_in(client, make_person(db))
    put_profile(client, interests=[], availability=[])

    items = _by_title(client.get(FOR_YOU))

    assert "Suppenküche" in items and "Umweltdaten am Rechner" in items
    assert items["Suppenküche"]["reasons"] == ["Soziales", "3,5 km"]
    assert items["Gartenpflege"]["reasons"] == ["Umwelt und Naturschutz", "1,2 km", "neu", "noch 2 Plätze frei"]


def test_limit_cuts_the_list_after_ranking(client, neighbourhood) -> None:
    response = client.get(FOR_YOU, params={"limit": 1})

    assert [item["title"] for item in response.json()["items"]] == ["Gartenpflege"]


@pytest.mark.parametrize("limit", ["0", "51", "zwei", "-3"])
def test_a_bad_limit_is_a_problem(client, db, limit: str) -> None:
    sign_in(client, make_person(db))
    put_profile(client)

    response = client.get(FOR_YOU, params={"limit": limit})

    assert response.status_code == 400
    assert response.json()["invalid-params"][0]["name"] == "limit"


def test_without_a_profile_there_is_nothing_to_rank(client, db) -> None:
    sign_in(client, make_person(db))

    response = client.get(FOR_YOU)

    assert response.status_code == 404
    assert "PUT /api/v1/me/volunteer-profile" in response.json()["detail"]


def test_with_a_profile_and_no_offers_the_list_is_empty(client, db) -> None:
    sign_in(client, make_person(db))
    put_profile(client)

    assert client.get(FOR_YOU).json() == {"items": []}


def _nodes(plan: dict) -> list[dict]:
    return [plan, *(node for child in plan.get("Plans", []) for node in _nodes(child))]


def test_for_you_walks_the_offer_index_nearest_first_and_sorts_only_the_candidates(db) -> None:
    """As the nearest-first pool runs it (sorts discouraged, generic plans) and per call: the nearby branch is
    a KNN walk of the published offers' GiST, the remote branch a walk of the newest-first index, and a sort
    never sees more than the candidates (NEARBY_CANDIDATES + REMOTE_CANDIDATES rows)."""
    organisation = make_organisation(db)
    db.execute(
        """
        INSERT INTO offer (id, organisation_id, title, summary, description, category_ids, commitment, status,
                           published_at, is_remote, geog)
        SELECT gen_random_uuid(), %(org)s, 'Angebot ' || i, 'Kurz', 'Beschreibung', ARRAY[1 + i %% 12],
               'flexible', CASE WHEN i %% 10 = 0 THEN 'draft' ELSE 'published' END,
               CASE WHEN i %% 10 = 0 THEN NULL ELSE now() - i * interval '1 minute' END, i %% 29 = 0,
               CASE WHEN i %% 29 = 0 THEN NULL ELSE
                    ST_SetSRID(ST_MakePoint(8.53 + (random() - 0.5) * 0.6, 52.02 + (random() - 0.5) * 0.4), 4326)
               END
        FROM generate_series(1, 20000) i
        """,
        {"org": organisation["id"]},
    )
    person = make_person(db)
    db.execute("INSERT INTO volunteer_profile (user_id, home, radius_km, interests)"
               " VALUES (%s, ST_SetSRID(ST_MakePoint(8.53, 52.02), 4326)::geography, 10, '{5,11}')", [person.id])
    db.execute("ANALYZE offer")
    db.execute("ANALYZE volunteer_profile")
    compiled = text(FOR_YOU_SQL).compile(dialect=asyncpg_dialect.dialect())
    values = {"user_id": f"'{person.id}'", "cutoff_m_per_km": "1020.0", "nearby": str(NEARBY_CANDIDATES),
              "remote": str(REMOTE_CANDIDATES), "remote_window": str(REMOTE_WINDOW), "limit": "20"}
    arguments = ", ".join(values[name] for name in compiled.positiontup)
    db.execute("DEALLOCATE ALL")
    db.execute(f"PREPARE for_you AS {compiled.string}")
    try:
        for name, value in NEAREST_FIRST_SETTINGS.items():
            db.execute(f"SET {name} = {value}")
        for mode in ("force_custom_plan", "force_generic_plan"):
            db.execute(f"SET plan_cache_mode = {mode}")
            [(plan,)] = db.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE for_you({arguments})").fetchall()
            nodes = _nodes((plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"])

            assert [n for n in nodes if n.get("Index Name") == "ix_offer_published_location" and n.get("Order By")]
            assert [n for n in nodes if n.get("Index Name") == "ix_offer_published_remote_newest"], mode
            sorts = [n for n in nodes if n["Node Type"] in {"Sort", "Incremental Sort"}]
            assert sorts, mode
            for sort in sorts:  # the candidates' ranking, and the page's rows once joined
                assert 0 < sum(child["Actual Rows"] for child in sort["Plans"]) <= NEARBY_CANDIDATES + REMOTE_CANDIDATES
            assert not [n for n in nodes if n["Node Type"] == "Seq Scan" and n.get("Relation Name") == "offer"]
    finally:
        db.execute("RESET ALL")
        db.execute("DEALLOCATE ALL")
