"""Synthetic volunteers over North Rhine-Westphalia, for the reverse-matching benchmark.

People live where the synthetic offers are (the same city clusters, devtools/synthetic.py), and their
radii follow a realistic spread: most between 2 and 15 km, a few up to 50. Each is an account that cannot
sign in (its password hash is not a hash) with a volunteer profile whose home point is coarsened by the
same SQL the API uses. Rows go through COPY into a temporary table and from there into the real tables in
committed batches: a million take minutes.
"""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Iterator
from itertools import islice

import psycopg
from tqdm import tqdm

from api.lib.home_area import coarsened_home_sql
from devtools.synthetic import LANGUAGE_SETS, SKILLS, nrw_point

EMAIL_DOMAIN = "synthetic.volumap.invalid"
BATCH_SIZE = 50_000
CATEGORY_COUNT = 12
# Serialises concurrent runs, which derive their ids from the row count they saw.
_ADVISORY_LOCK = 0x766F_6C75_0003

_STAGING = """
    CREATE TEMPORARY TABLE IF NOT EXISTS synthetic_volunteer (
        id uuid, email text, lon float8, lat float8, radius_km float8, interests int[], skills text[],
        availability int, languages text[], notify_new_offers bool
    ) ON COMMIT DELETE ROWS
"""
_COPY = ("COPY synthetic_volunteer (id, email, lon, lat, radius_km, interests, skills, availability, languages,"
         " notify_new_offers) FROM STDIN")
_INSERT_ACCOUNTS = """
    INSERT INTO user_account (id, email, password_hash, display_name, locale, email_verified_at)
    SELECT id, email, '!synthetic', 'Synthetische Person', 'de', now() FROM synthetic_volunteer
"""
_INSERT_PROFILES = f"""
    INSERT INTO volunteer_profile (user_id, home, radius_km, interests, skills, availability, languages,
                                   notify_new_offers)
    SELECT id, {coarsened_home_sql("metric.point")}, radius_km, interests, skills, availability, languages,
           notify_new_offers
    FROM synthetic_volunteer,
         LATERAL (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), 25832) AS point) AS metric
"""


def seed_synthetic_volunteers(dsn: str, n: int, *, random_seed: int, batch_size: int = BATCH_SIZE) -> int:
    """Add n volunteers with profiles; the same seed on a table of the same size yields the same rows."""
    # Autocommit, so that each batch below is a transaction of its own (not a savepoint of one long one):
    # the staging table empties at every commit.
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (_ADVISORY_LOCK,))
        connection.execute(_STAGING)
        existing = connection.execute(
            "SELECT count(*) FROM user_account WHERE email LIKE %s", ("%@" + EMAIL_DOMAIN,)
        ).fetchone()[0]
        rows = _volunteer_rows(random.Random(f"{random_seed}:volunteers:{existing}"), existing)
        with tqdm(total=n, desc="synthetic volunteers", unit=" people", unit_scale=True, smoothing=0.1) as progress:
            remaining = n
            while remaining:
                batch = min(batch_size, remaining)
                with connection.transaction():
                    with connection.cursor().copy(_COPY) as copy:
                        for row in islice(rows, batch):
                            copy.write_row(row)
                    connection.execute(_INSERT_ACCOUNTS)
                    connection.execute(_INSERT_PROFILES)
                progress.update(batch)
                remaining -= batch
        # The reach-box estimates decide whether the planner walks the index; a million new rows would
        # mislead it until autovacuum came by.
        connection.execute("VACUUM (ANALYZE) volunteer_profile")
        connection.execute("VACUUM (ANALYZE) user_account")
    return n


def _radius_km(rng: random.Random) -> float:
    """Most people go 2–15 km (log-normal around 6 km), some up to 30, a few up to 50."""
    draw = rng.random()
    if draw < 0.04:
        return round(rng.uniform(1.0, 2.0), 1)
    if draw < 0.86:
        return round(min(max(rng.lognormvariate(math.log(6.0), 0.45), 2.0), 15.0), 1)
    if draw < 0.97:
        return round(rng.uniform(15.0, 30.0), 1)
    return round(rng.uniform(30.0, 50.0), 1)


def _volunteer_rows(rng: random.Random, first_number: int) -> Iterator[tuple[object, ...]]:
    number = first_number
    while True:
        number += 1
        _, lat, lon = nrw_point(rng)
        interests = [] if rng.random() < 0.1 else sorted(rng.sample(range(1, CATEGORY_COUNT + 1), rng.randint(1, 4)))
        yield (
            uuid.UUID(int=rng.getrandbits(128), version=4),
            f"volunteer-{number}@{EMAIL_DOMAIN}",
            lon,
            lat,
            _radius_km(rng),
            interests,
            rng.sample(SKILLS, rng.randint(0, 3)),
            rng.getrandbits(21),
            rng.choice(LANGUAGE_SETS),
            rng.random() < 0.9,
        )
