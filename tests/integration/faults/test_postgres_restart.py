"""PostgreSQL restarted under the API: 503 with Retry-After while it is away, answers again by itself once it
is back (the pools open new connections), without restarting the API; the readiness check names the database
meanwhile."""

from __future__ import annotations

import psycopg
import pytest

from tests.integration.faults.checks import Stack, assert_unavailable, until
from tests.support.accounts import Person
from tests.support.factories import BIELEFELD_MITTE, make_offer, make_organisation

# A private PostgreSQL and Redis and an API on them start once for the package
# (tests/integration/faults/conftest.py): up to 20 s.
pytestmark = [pytest.mark.faults, pytest.mark.timeout(120)]

SEARCH = f"/api/v1/offers?lat={BIELEFELD_MITTE[0]}&lon={BIELEFELD_MITTE[1]}&radius_km=5"


def test_with_postgres_stopped_the_api_answers_503_and_recovers_when_it_is_back(
    stack: Stack, stack_db: psycopg.Connection, person: Person, signed_in
) -> None:
    offer = make_offer(stack_db, make_organisation(stack_db))
    client = signed_in(person)
    # Each of the API's ways to the database: the nearest-first pool (search), SQLAlchemy's (an offer's page),
    # the signed-in person's lookup.
    paths = (SEARCH, f"/api/v1/offers/{offer['id']}", "/api/v1/me")
    for path in paths:
        assert client.get(path).status_code == 200, path

    stack.postgres.stop()

    for path in paths:
        assert_unavailable(client.get(path))
    with stack.client() as prober:
        ready = prober.get("/health/ready")
    assert ready.status_code == 503
    assert ready.headers["content-type"].startswith("application/problem+json")
    assert ready.json()["checks"]["database"].startswith("failed") and "database" in ready.json()["detail"]

    stack.postgres.start()

    # Connections the old server closed may cost one more 503 each (a pool invalidates them when it finds
    # out); within seconds every way answers again.
    for path in paths:
        assert until(lambda path=path: client.get(path).status_code == 200, timeout=10), path
    assert client.get("/api/v1/me").json()["email"] == person.email
