"""The API's ways to reach the database: an async engine with a session per request for everything, and
one narrow pool for the nearest-first searches, the hottest read path."""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import lru_cache
from typing import Any

from sqlalchemy import text
from sqlalchemy.dialects.postgresql import asyncpg as asyncpg_dialect
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from api.settings import get_settings

# With several filters PostgreSQL's estimate of the matches drops to a handful and it then prefers
# fetching every row in the search box and sorting them: 50–90 times slower on dense areas (DESIGN.md,
# "Plan traps"). Without sorts the only plan left for a nearest-first query is the KNN index walk.
NEAREST_FIRST_SETTINGS = {"enable_sort": "off"}


@lru_cache(maxsize=1)
def get_engine() -> AsyncEngine:
    settings = get_settings()
    return create_async_engine(
        settings.database_url,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_pool_size,
        # asyncpg's prepared-statement cache stays on: without it the filtered search was 26 times slower.
        connect_args={"server_settings": {"application_name": "volumap-api", "jit": "off"}},
    )


@lru_cache(maxsize=1)
def get_sessionmaker() -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(get_engine(), expire_on_commit=False)


async def provide_session() -> AsyncIterator[AsyncSession]:
    """Litestar dependency: one session per request, rolled back unless a service committed."""
    async with get_sessionmaker()() as session:
        yield session


@lru_cache(maxsize=1)
def get_nearest_first_engine() -> AsyncEngine:
    """Read-only, autocommit (no BEGIN/ROLLBACK round trips) and planned without sorts. Only for
    queries ordered by a KNN index; the place to point at a read replica later (DESIGN.md)."""
    settings = get_settings()
    return create_async_engine(
        settings.database_read_url or settings.database_url,
        isolation_level="AUTOCOMMIT",
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_pool_size,
        connect_args={
            "server_settings": {
                "application_name": "volumap-api-nearest",
                "jit": "off",
                "default_transaction_read_only": "on",
                **NEAREST_FIRST_SETTINGS,
            }
        },
    )


@lru_cache(maxsize=256)
def _positional(sql: str) -> tuple[str, tuple[str, ...]]:
    """Named parameters (`:lat`) as asyncpg's `$1`, compiled once per query shape."""
    compiled = text(sql).compile(dialect=asyncpg_dialect.dialect())
    return compiled.string, tuple(compiled.positiontup or ())


async def fetch_nearest_first(sql: str, params: dict[str, Any]) -> list[Any]:
    """Runs one nearest-first query straight on the driver: this path is hot enough that SQLAlchemy's
    result processing was a third of its cost. Rows come back as asyncpg Records (index access)."""
    positional_sql, names = _positional(sql)
    async with get_nearest_first_engine().connect() as connection:
        raw = await connection.get_raw_connection()
        return await raw.driver_connection.fetch(positional_sql, *(params[name] for name in names))
