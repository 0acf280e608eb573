from __future__ import annotations

import redis.asyncio as aioredis
from sqlalchemy.ext.asyncio import create_async_engine

import api.domain.system.controllers as health


def test_live_answers_without_dependencies(client) -> None:
    assert client.get("/health/live").json()["status"] == "ok"


def test_ready_checks_database_with_postgis_and_redis(client) -> None:
    response = client.get("/health/ready")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok"}


def test_ready_is_503_naming_redis_when_it_is_unreachable(client, app) -> None:
    working = app.state.redis
    app.state.redis = aioredis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=1)
    try:
        response = client.get("/health/ready")
    finally:
        app.state.redis = working

    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["checks"]["redis"].startswith("failed") and body["checks"]["database"] == "ok"
    assert "redis" in body["detail"]


def test_ready_is_503_naming_the_database_when_it_is_unreachable(client, monkeypatch) -> None:
    unreachable = create_async_engine("postgresql+asyncpg://postgres@127.0.0.1:1/volumap")
    monkeypatch.setattr(health, "get_engine", lambda: unreachable)

    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["checks"]["database"].startswith("failed")
    assert "database" in response.json()["detail"]
