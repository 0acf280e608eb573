"""The workers' database access: a synchronous engine (psycopg), never the API's async one."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Engine, create_engine

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
