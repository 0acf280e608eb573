"""The workers' connections: a synchronous engine (psycopg), never the API's async one, and one Redis client
per process for locks and counters (a new client per task run costs a handshake each time)."""

from __future__ import annotations

from functools import lru_cache

import redis
from sqlalchemy import Engine, create_engine

from api.lib.redis_clients import sync_client
from api.settings import get_settings


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    return create_engine(
        get_settings().sync_database_url,
        pool_size=2,
        max_overflow=2,
        pool_pre_ping=True,
        connect_args={"application_name": "volumap-worker"},
    )


@lru_cache(maxsize=1)
def get_redis() -> redis.Redis:
    return sync_client(get_settings().redis_url)
