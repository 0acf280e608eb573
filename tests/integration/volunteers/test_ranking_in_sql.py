""""For you" ranks in the database: the stored slot mask and the SQL score must say exactly what the Python
reference (api/domain/volunteers/ranking.py, with its unit tests) says, for any data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg.types.json import Jsonb

from api.domain.volunteers.ranking import DAYS, Candidate, Preferences, offer_slots, score, score_sql
from tests.support.factories import make_offer, make_organisation

CHECKS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

clock = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59))
weekly_slot = st.fixed_dictionaries({"day": st.sampled_from(DAYS), "start": clock, "end": clock})
moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC))


@CHECKS
@given(commitment=st.sampled_from(["one_off", "regular", "flexible"]),
       starts_at=st.one_of(st.none(), moments),
       pattern=st.one_of(st.none(), st.lists(weekly_slot, max_size=6)))
def test_the_stored_slot_mask_is_the_reference_mask(db: psycopg.Connection, commitment, starts_at, pattern) -> None:
    [(mask,)] = db.execute("SELECT volumap_slot_mask(%s, %s, %s)",
                           [commitment, starts_at, Jsonb(pattern) if pattern is not None else None]).fetchall()

    assert mask == offer_slots(commitment, starts_at, pattern)


def test_an_offer_keeps_its_mask_in_step_with_its_pattern(db: psycopg.Connection) -> None:
    """Around the switch to summer time too: 2027-03-28 01:30 UTC is 03:30 in Bielefeld, a Sunday morning."""
    offer = make_offer(db, make_organisation(db), commitment="one_off",
                       starts_at=datetime(2027, 3, 28, 1, 30, tzinfo=UTC))

    def stored() -> int | None:
        return db.execute("SELECT slot_mask FROM offer WHERE id = %s", [offer["id"]]).fetchone()[0]

    assert stored() == offer_slots("one_off", datetime(2027, 3, 28, 1, 30, tzinfo=UTC), None) == 1 << 18

    pattern = [{"day": "tue", "start": "11:00", "end": "13:00"}]
    db.execute("UPDATE offer SET commitment = 'regular', starts_at = NULL, weekly_pattern = %s WHERE id = %s",
               [Jsonb(pattern), offer["id"]])
    assert stored() == offer_slots("regular", None, pattern) == 0b11 << 3

    db.execute("UPDATE offer SET commitment = 'flexible', weekly_pattern = NULL WHERE id = %s", [offer["id"]])
    assert stored() is None


@CHECKS
@given(
    radius_km=st.floats(min_value=1, max_value=50),
    interests=st.lists(st.integers(1, 12), max_size=12, unique=True),
    availability=st.integers(0, 2**21 - 1),
    distance=st.one_of(st.none(), st.floats(min_value=0, max_value=50_000)),
    categories=st.lists(st.integers(1, 12), max_size=5, unique=True),
    slots=st.one_of(st.none(), st.integers(1, 2**21 - 1)),
    age=st.one_of(st.none(), st.timedeltas(min_value=timedelta(days=-2), max_value=timedelta(days=40_000))),
    places=st.one_of(st.none(), st.integers(-3, 100)),
)
def test_the_sql_score_is_the_reference_score(db: psycopg.Connection, radius_km, interests, availability, distance,
                                              categories, slots, age, places) -> None:
    [(now,)] = db.execute("SELECT now()").fetchall()
    published_at = None if age is None else now - age
    [(sql_score, db_now)] = db.execute(
        f"SELECT {score_sql('me', 'c')}, now()"
        " FROM (SELECT %(radius)s::float8 AS radius_km, %(interests)s::int[] AS interests,"
        "              %(availability)s::int AS availability) AS me,"
        "      (SELECT %(distance)s::float8 AS distance_m, %(categories)s::int[] AS category_ids,"
        "              %(slots)s::int AS slot_mask, %(published)s::timestamptz AS published_at,"
        "              %(places)s::bigint AS places_left) AS c",
        {"radius": radius_km, "interests": interests, "availability": availability, "distance": distance,
         "categories": categories, "slots": slots, "published": published_at, "places": places},
    ).fetchall()

    reference = score(Preferences(radius_m=radius_km * 1000.0, interests=frozenset(interests),
                                  availability=availability),
                      Candidate(category_ids=tuple(categories), distance_m=distance, slots=slots,
                                published_at=published_at, places_left=places), now=db_now)

    # Both round to four places (Python to even, PostgreSQL half away from zero): at most one unit apart.
    assert abs(sql_score - reference.score) <= 1.0001e-4
