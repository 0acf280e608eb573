"""`volumap seed --synthetic-volunteers`: accounts with coarsened profiles over NRW, for benchmarks."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from api.lib.passwords import verify_password
from devtools.synthetic import NRW_BBOX
from devtools.synthetic_volunteers import EMAIL_DOMAIN, seed_synthetic_volunteers
from tests.support.database import drop_database, migrate, recreate_database

SCRATCH_DATABASE = "volumap_test_seed_volunteers"


@pytest.fixture(scope="module")
def dsn() -> Iterator[str]:
    url = recreate_database(SCRATCH_DATABASE)
    migrate(url)
    yield url
    drop_database(SCRATCH_DATABASE)


@pytest.fixture(scope="module")
def profiles(dsn: str) -> list[tuple]:
    """Two runs, the first in several batches (each batch its own transaction)."""
    assert seed_synthetic_volunteers(dsn, 250, random_seed=7, batch_size=60) == 250
    assert seed_synthetic_volunteers(dsn, 50, random_seed=7, batch_size=60) == 50
    return _profiles(dsn)


def _profiles(dsn: str) -> list[tuple]:
    with psycopg.connect(dsn) as db:
        return db.execute(
            "SELECT u.email, u.password_hash, p.radius_km, p.interests, ST_X(p.home_location), ST_Y(p.home_location),"
            " ST_X(p.home::geometry), ST_Y(p.home::geometry)"
            " FROM volunteer_profile p JOIN user_account u ON u.id = p.user_id"
        ).fetchall()


def test_seeding_in_several_batches_adds_exactly_n_volunteers_each_once(profiles) -> None:
    emails = [row[0] for row in profiles]
    assert len(profiles) == 300 and len(set(emails)) == 300
    assert all(email.endswith("@" + EMAIL_DOMAIN) for email in emails)


def test_synthetic_homes_are_cell_centres_inside_nrw_with_realistic_radii(profiles) -> None:
    west, south, east, north = NRW_BBOX
    for _, _, radius_km, interests, x, y, lon, lat in profiles:
        # Stored coarsened like a real profile: the centre of a 250 m cell of UTM 32N (to the centimetre).
        assert (x - 125) % 250 == pytest.approx(0, abs=0.01) or (x - 125) % 250 == pytest.approx(250, abs=0.01)
        assert (y - 125) % 250 == pytest.approx(0, abs=0.01) or (y - 125) % 250 == pytest.approx(250, abs=0.01)
        assert west - 0.01 <= lon <= east + 0.01 and south - 0.01 <= lat <= north + 0.01
        assert 1 <= radius_km <= 50
        assert set(interests) <= set(range(1, 13))
    radii = sorted(row[2] for row in profiles)
    assert 2 <= radii[len(radii) // 2] <= 15  # most between 2 and 15 km


def test_synthetic_volunteers_cannot_sign_in(profiles) -> None:
    password_hash = profiles[0][1]
    assert not verify_password(password_hash, "")
    assert not verify_password(password_hash, password_hash)
