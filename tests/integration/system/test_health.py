"""The liveness and readiness checks; readiness with PostgreSQL or Redis away is proven against real stopped
servers (tests/integration/faults/test_postgres_restart.py, tests/integration/faults/test_redis_outage.py)."""

from __future__ import annotations


def test_live_answers_without_dependencies(client) -> None:
    assert client.get("/health/live").json()["status"] == "ok"


def test_ready_checks_database_with_postgis_and_redis(client) -> None:
    response = client.get("/health/ready")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok"}

