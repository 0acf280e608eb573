"""`volumap seed`: the Bielefeld demo and the synthetic NRW offers, in a scratch database of their own
(other tests truncate the shared one)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import psycopg
import pytest

from api.demo.bielefeld import DISTRICTS, ORGANISATIONS, seed_demo
from devtools.synthetic import NRW_BBOX, seed_synthetic_offers
from tests.support.database import drop_database, migrate, recreate_database

SCRATCH_DATABASE = "volumap_test_seed"
DEMO_SLUGS = [organisation.slug for organisation in ORGANISATIONS]
# west, south, east, north
BIELEFELD_BBOX = (8.37, 51.90, 8.67, 52.12)
MITTE_LON, MITTE_LAT = 8.5325, 52.0215
ALLOWED_TAGS = {"p", "ul", "li", "strong", "em"}
DEMO_OFFERS = """
    SELECT o.* FROM offer o JOIN organisation org ON org.id = o.organisation_id
    WHERE org.slug = ANY(%(slugs)s)"""


@pytest.fixture(scope="module")
def seeded() -> Iterator[tuple[str, list[bool]]]:
    """The scratch database's URL and what two simultaneous first seedings returned."""
    url = recreate_database(SCRATCH_DATABASE)
    migrate(url)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(seed_demo, [url, url]))
    yield url, results
    drop_database(SCRATCH_DATABASE)


@pytest.fixture(scope="module")
def connection(seeded: tuple[str, list[bool]]) -> Iterator[psycopg.Connection]:
    with psycopg.connect(seeded[0], autocommit=True) as connection:
        yield connection


def _demo(connection: psycopg.Connection, select: str, where: str = "TRUE", **params: object) -> list[tuple]:
    """`select` over the demo's offers (`o`); `params` fill %(name)s placeholders."""
    return connection.execute(
        f"SELECT {select} FROM ({DEMO_OFFERS}) o WHERE {where}", {"slugs": DEMO_SLUGS, **params}
    ).fetchall()


def _table_counts(connection: psycopg.Connection) -> tuple[int, int]:
    return connection.execute(
        "SELECT (SELECT count(*) FROM organisation), (SELECT count(*) FROM offer)"
    ).fetchone()


def test_simultaneous_first_seeds_insert_the_demo_once(seeded, connection) -> None:
    _, results = seeded

    assert sorted(results) == [False, True]
    assert _demo(connection, "count(*)") == [(300,)]


def test_seeding_again_returns_false_and_changes_nothing(seeded, connection) -> None:
    url, _ = seeded
    before = _table_counts(connection)

    assert seed_demo(url) is False
    assert _table_counts(connection) == before


def test_demo_has_about_forty_verified_organisations(connection) -> None:
    rows = connection.execute(
        "SELECT verification_status, verified_at, contact_email, contact_phone, website, geog IS NOT NULL "
        "FROM organisation WHERE slug = ANY(%s)", (DEMO_SLUGS,)
    ).fetchall()

    assert 35 <= len(rows) == len(DEMO_SLUGS) <= 45
    for status, verified_at, email, phone, website, located in rows:
        assert status == "verified" and verified_at is not None and located
        assert email.endswith((".example.org", ".example.de"))
        assert phone.startswith("0521 555")
        assert website.startswith("https://") and website.endswith(".example.org")


def test_demo_has_exactly_300_published_offers_with_consistent_dates(connection) -> None:
    now = datetime.now(UTC)
    rows = _demo(connection, "status, created_at, submitted_at, published_at, expires_at, updated_at")

    assert len(rows) == 300
    for status, created_at, submitted_at, published_at, expires_at, updated_at in rows:
        assert status == "published"
        assert created_at < submitted_at < published_at <= updated_at <= now
        assert published_at > now - timedelta(days=61)
        assert expires_at == published_at + timedelta(days=90)


def test_demo_offers_cover_all_ten_districts(connection) -> None:
    districts = {district for (district,) in _demo(connection, "DISTINCT district", "NOT is_remote")}

    assert districts == set(DISTRICTS) and len(districts) == 10


def test_demo_offers_use_all_twelve_categories_one_to_three_each(connection) -> None:
    category_sets = [categories for (categories,) in _demo(connection, "category_ids")]

    assert set().union(*category_sets) == set(range(1, 13))
    assert all(1 <= len(categories) <= 3 for categories in category_sets)


def test_demo_offers_have_every_commitment_in_its_shape(connection) -> None:
    now = datetime.now(UTC)
    rows = _demo(connection, "commitment, starts_at, ends_at, weekly_pattern, hours_per_week")

    assert {row[0] for row in rows} == {"one_off", "regular", "flexible"}
    for commitment, starts_at, ends_at, weekly_pattern, hours_per_week in rows:
        if commitment == "one_off":
            assert now + timedelta(days=6) < starts_at < ends_at < now + timedelta(weeks=8, days=1)
            assert timedelta(hours=1) <= ends_at - starts_at <= timedelta(hours=6)
        else:
            assert starts_at is None and ends_at is None
        if commitment == "regular":
            assert weekly_pattern and hours_per_week > 0
            for slot in weekly_pattern:
                assert slot["day"] in {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
                assert slot["start"] < slot["end"]
        else:
            assert weekly_pattern is None


def test_some_demo_offers_are_remote_and_the_rest_located(connection) -> None:
    remote, located, neither = _demo(
        connection, "count(*) FILTER (WHERE is_remote), count(*) FILTER (WHERE geog IS NOT NULL), "
                    "count(*) FILTER (WHERE NOT is_remote AND geog IS NULL)"
    )[0]

    assert 5 <= remote <= 30
    assert located + remote == 300 and neither == 0


def test_located_demo_offers_lie_within_bielefeld(connection) -> None:
    west, south, east, north = BIELEFELD_BBOX
    outside = _demo(
        connection, "title",
        "geog IS NOT NULL AND NOT (ST_X(geog::geometry) BETWEEN %(west)s AND %(east)s "
        "AND ST_Y(geog::geometry) BETWEEN %(south)s AND %(north)s)",
        west=west, south=south, east=east, north=north,
    )

    assert outside == []


def test_most_located_demo_offers_are_within_ten_km_of_mitte(connection) -> None:
    near, located, indexed = _demo(
        connection,
        "count(*) FILTER (WHERE ST_DWithin(geog, "
        "ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326)::geography, 10000)), count(geog), count(location)",
        lon=MITTE_LON, lat=MITTE_LAT,
    )[0]

    assert near >= 0.9 * located
    # The search walks the generated metric point, not geog.
    assert indexed == located


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes += attrs

    def handle_endtag(self, tag: str) -> None:
        self.tags.add(tag)


def test_demo_descriptions_use_only_simple_tags(connection) -> None:
    for (description,) in _demo(connection, "description"):
        collector = _TagCollector()
        collector.feed(description)
        collector.close()

        assert collector.tags <= ALLOWED_TAGS, description
        assert collector.attributes == [], description
        assert "<script" not in description.lower()


def test_demo_texts_are_german(connection) -> None:
    rows = _demo(connection, "title, summary, description")
    with_umlauts = [row for row in rows if any(letter in " ".join(row) for letter in "äöüÄÖÜß")]
    with_und = [row for row in rows if " und " in row[2]]

    assert len(with_umlauts) >= 0.9 * len(rows)
    assert len(with_und) >= 0.9 * len(rows)


def _offer_ids(connection: psycopg.Connection) -> set:
    return {offer_id for (offer_id,) in connection.execute("SELECT id FROM offer")}


def _synthetic_outside_nrw(connection: psycopg.Connection, ids: set) -> list[tuple]:
    west, south, east, north = NRW_BBOX
    return connection.execute(
        "SELECT id FROM offer WHERE id = ANY(%s) AND (status <> 'published' OR geog IS NULL "
        "OR NOT (ST_X(geog::geometry) BETWEEN %s AND %s AND ST_Y(geog::geometry) BETWEEN %s AND %s))",
        (list(ids), west, east, south, north),
    ).fetchall()


def test_synthetic_adds_exactly_the_requested_published_offers_inside_nrw(seeded, connection) -> None:
    before = _offer_ids(connection)

    assert seed_synthetic_offers(seeded[0], 2000, random_seed=1) == 2000

    added = _offer_ids(connection) - before
    assert len(added) == 2000
    assert _synthetic_outside_nrw(connection, added) == []


def test_synthetic_runs_with_the_same_seed_add_new_offers(seeded, connection) -> None:
    before = _offer_ids(connection)

    seed_synthetic_offers(seeded[0], 2000, random_seed=1)
    first = _offer_ids(connection) - before
    seed_synthetic_offers(seeded[0], 2000, random_seed=1)
    second = _offer_ids(connection) - before - first

    assert len(first) == len(second) == 2000
    assert len(_offer_ids(connection)) == len(before) + 4000


def test_synthetic_leaves_the_demo_untouched(seeded, connection) -> None:
    fingerprint = """
        SELECT md5(string_agg(o::text, '|' ORDER BY o.id)), md5(string_agg(org::text, '|' ORDER BY org.id))
        FROM offer o JOIN organisation org ON org.id = o.organisation_id WHERE org.slug = ANY(%s)"""
    before = connection.execute(fingerprint, (DEMO_SLUGS,)).fetchone()

    seed_synthetic_offers(seeded[0], 2000, random_seed=1)

    assert connection.execute(fingerprint, (DEMO_SLUGS,)).fetchone() == before
    assert seed_demo(seeded[0]) is False
