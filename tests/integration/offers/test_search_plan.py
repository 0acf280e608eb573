"""The radius search must keep walking the spatial index in distance order (KNN), prepared as the API
sends it, both for PostgreSQL's per-call (custom) and its cached (generic) plans. docs/architecture.md ("Plan
traps") saw the alternative, bitmap scan + sort, cost 50–90 times more at scale."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.dialects.postgresql import asyncpg as asyncpg_dialect

from api.db.engine import NEAREST_FIRST_SETTINGS
from api.db.offers import Commitment
from api.domain.offers.services import OfferSearch, SearchPosition, build_search
from tests.support.database import MigratedDatabase
from tests.support.factories import make_organisation

# 40,000 offers written once for the module: about 15 s.
pytestmark = pytest.mark.slow

KNN_INDEXES = {"ix_offer_published_location", "ix_offer_category_point_knn"}


@pytest.fixture(scope="module")
def db(migrated_database: MigratedDatabase) -> Iterator[psycopg.Connection]:
    """One connection and one data set for the whole module; emptied at its end."""
    with psycopg.connect(migrated_database.url, autocommit=True, prepare_threshold=None) as connection:
        _fill(connection)
        yield connection
        migrated_database.empty(connection)


def _fill(db: psycopg.Connection) -> None:
    organisation = make_organisation(db)
    # 40,000 offers, a tenth of them not published, clustered like the synthetic NRW data.
    db.execute(
        """
        INSERT INTO offer (id, organisation_id, title, summary, description, category_ids, commitment, status,
                           published_at, starts_at, accessible, is_remote, geog)
        SELECT gen_random_uuid(), %(org)s, 'Angebot ' || i, 'Kurz', 'Hilfe im Garten und beim Einkaufen',
               ARRAY[1 + i %% 12, 1 + (i * 7) %% 12], (ARRAY['one_off','regular','flexible'])[1 + i %% 3],
               CASE WHEN i %% 10 = 0 THEN 'draft' ELSE 'published' END,
               CASE WHEN i %% 10 = 0 THEN NULL ELSE now() - i * interval '1 minute' END,
               now() + (i %% 90) * interval '1 day', i %% 3 = 0, i %% 29 = 0,
               ST_SetSRID(ST_MakePoint(c.lon + (random() - 0.5) * 0.4, c.lat + (random() - 0.5) * 0.25), 4326)
        FROM generate_series(1, 40000) i
        JOIN LATERAL (VALUES (8.53, 52.02), (6.96, 50.94), (7.47, 51.51), (6.78, 51.23), (5.95, 52.45))
             AS c(lon, lat) ON true
        WHERE random() < 0.2 OR (i %% 5 = 0)
        """,
        {"org": organisation["id"]},
    )
    db.execute("ANALYZE offer")


def _literal(value: Any) -> str:
    if isinstance(value, list):
        inner = ",".join(f"'{v}'" if isinstance(v, UUID) else str(v) for v in value)
        return f"ARRAY[{inner}]::{'uuid' if value and isinstance(value[0], UUID) else 'integer'}[]"
    if isinstance(value, (str, UUID, datetime)):
        return "'" + str(value).replace("'", "''") + "'"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def _plans(db, search: OfferSearch, after: SearchPosition | None = None) -> dict[str, dict]:
    statement = build_search(search, after)
    compiled = text(statement.sql).compile(dialect=asyncpg_dialect.dialect())
    arguments = ", ".join(_literal(statement.params[name]) for name in compiled.positiontup)
    db.execute("DEALLOCATE ALL")
    db.execute(f"PREPARE search AS {compiled.string}")
    assert statement.nearest_first
    for name, value in NEAREST_FIRST_SETTINGS.items():  # as the API's nearest-first pool does
        db.execute(f"SET {name} = {value}")
    plans = {}
    for mode in ("force_custom_plan", "force_generic_plan"):
        db.execute(f"SET plan_cache_mode = {mode}")
        [(plan,)] = db.execute(f"EXPLAIN (FORMAT JSON) EXECUTE search({arguments})").fetchall()
        plans[mode] = (plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"]
    db.execute("RESET ALL")
    return plans


def _nodes(plan: dict) -> list[dict]:
    return [plan, *(node for child in plan.get("Plans", []) for node in _nodes(child))]


CASES = {
    "point only": {},
    "one category": {"category_ids": [5]},
    "two categories and commitment": {"category_ids": [5, 6], "commitment": Commitment.regular},
    "date window": {"starts_after": datetime(2026, 1, 1, tzinfo=UTC),
                    "starts_before": datetime(2030, 1, 1, tzinfo=UTC)},
    "accessible, on site": {"accessible": True, "remote": False},
    "common words": {"q": "Garten"},
    "everything": {"category_ids": [2], "commitment": Commitment.one_off, "accessible": True, "remote": False,
                   "starts_after": datetime(2026, 1, 1, tzinfo=UTC)},
}


@pytest.mark.parametrize("radius_km", [5, 25])
@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("page", ["first", "later"])
def test_radius_search_plan_orders_by_the_spatial_index(db, case: str, radius_km: int, page: str) -> None:
    search = OfferSearch(lat=52.02, lon=8.53, radius_km=radius_km, limit=21, **CASES[case])
    after = SearchPosition(812.5, [UUID(int=1)]) if page == "later" else None

    for mode, plan in _plans(db, search, after).items():
        nodes = _nodes(plan)
        knn = [n for n in nodes if n.get("Index Name") in KNN_INDEXES and n.get("Order By")]
        assert knn, f"{case}/{mode}: no KNN index scan in {json.dumps(plan)[:1500]}"
        assert not [n for n in nodes if n["Node Type"] in {"Sort", "Incremental Sort"}], f"{case}/{mode}: sorts"
        # Offers are reached only by the distance-ordered walk or by their primary key, never scanned.
        scans = [n for n in nodes if n.get("Relation Name") in {"offer", "offer_category_point"}]
        assert all(
            n["Node Type"] == "Index Scan" and (n.get("Order By") or n["Index Name"] == "offer_pkey") for n in scans
        ), f"{case}/{mode}: {[(n['Node Type'], n.get('Index Name')) for n in scans]}"
        limited = [n for n in nodes if n["Node Type"] == "Limit"]
        assert limited and all(n.get("Plans") for n in limited), f"{case}/{mode}: the walk is not limited"
