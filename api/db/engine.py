"""The API's ways to reach the database: an async engine with a session per request for everything, one
narrow pool for the nearest-first searches, the hottest read path, and straight driver reads for the
per-request lookup of who is signed in."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from functools import lru_cache
from typing import Any

import asyncpg
from sqlalchemy import text
from sqlalchemy.dialects.postgresql import asyncpg as asyncpg_dialect
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from api.settings import get_settings

# With several filters PostgreSQL's estimate of the matches drops to a handful and it then prefers
# fetching every row in the search box and sorting them: 50–90 times slower on dense areas (docs/architecture.md,
# "Plan traps"). Without sorts the only plan left for a nearest-first query is the KNN index walk.
# Generic plans: the category search's custom plans looked cheaper to the planner (it estimates `unnest`
# of the category array at ten rows), so it was planned afresh on every call, ~0.25 ms each, for the same
# KNN walk (bench/RESULTS.md, "Profiling"). The plan test checks the generic plans.
NEAREST_FIRST_SETTINGS = {"enable_sort": "off", "plan_cache_mode": "force_generic_plan"}


@lru_cache(maxsize=1)
def get_engine() -> AsyncEngine:
    settings = get_settings()
    return create_async_engine(
        settings.database_url,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_pool_size,
        # No pre-ping (a round trip per checkout): a connection found dead when used (the server restarted)
        # invalidates the whole pool, that request answers 503 (api/lib/problems.py), and the next ones
        # connect afresh.
        pool_pre_ping=False,
        # asyncpg's prepared-statement cache stays on: without it the filtered search was 26 times slower.
        connect_args={"server_settings": {"application_name": "volumap-api", "jit": "off"},
                      "timeout": settings.database_connect_timeout_s},
    )


@lru_cache(maxsize=1)
def get_sessionmaker() -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(get_engine(), expire_on_commit=False)


async def provide_session() -> AsyncIterator[AsyncSession]:
    """Litestar dependency: one session per request, rolled back unless a service committed."""
    async with get_sessionmaker()() as session:
        yield session


_nearest_first_pool: asyncpg.Pool | None = None
_pool_lock = asyncio.Lock()


async def get_nearest_first_pool() -> asyncpg.Pool:
    """Read-only, autocommit (no BEGIN/ROLLBACK round trips) and planned without sorts. Only for queries
    ordered by a KNN index; the place to point at a read replica later (docs/architecture.md). asyncpg's own pool,
    because it waits for a cancelled query's cancellation before handing the connection out again (a
    client hanging up mid-query must not leave a busy connection in the pool)."""
    global _nearest_first_pool
    if _nearest_first_pool is None:
        async with _pool_lock:
            if _nearest_first_pool is None:
                settings = get_settings()
                _nearest_first_pool = await _read_only_pool(
                    settings.database_read_url or settings.database_url, "volumap-api-nearest",
                    settings.database_pool_size, NEAREST_FIRST_SETTINGS)
    return _nearest_first_pool


async def _read_only_pool(url: str, name: str, max_size: int, settings: dict[str, str]) -> asyncpg.Pool:
    """An asyncpg pool whose connections run read-only and autocommit, without JIT and without a reset
    query on release (`_keep_session_state`)."""
    return await asyncpg.create_pool(
        url.replace("+asyncpg", "", 1),
        reset=_keep_session_state,
        min_size=1,
        max_size=max_size,
        # Connecting gives up after this long; a connection the server closed (a restart) is opened again on
        # the next acquire.
        timeout=get_settings().database_connect_timeout_s,
        server_settings={"application_name": name, "jit": "off", "default_transaction_read_only": "on",
                         **settings},
    )


async def _keep_session_state(connection: asyncpg.Connection) -> None:
    """Replaces asyncpg's reset query on release (advisory unlocks, CLOSE ALL, UNLISTEN, RESET ALL), a
    second round trip per search. These connections never change session state: their settings are
    startup parameters. asyncpg still rolls back an open transaction and waits out a cancelled query."""


_primary_lookup_pool: asyncpg.Pool | None = None


async def _get_lookup_pool() -> asyncpg.Pool:
    """For small reads that must see the primary (who is signed in): the nearest-first pool while it reads
    the primary too, a pool of its own (read-only, autocommit) once a read replica is configured."""
    global _primary_lookup_pool
    settings = get_settings()
    if not settings.database_read_url:
        return await get_nearest_first_pool()
    if _primary_lookup_pool is None:
        async with _pool_lock:
            if _primary_lookup_pool is None:
                _primary_lookup_pool = await _read_only_pool(
                    settings.database_url, "volumap-api-lookup", max(2, settings.database_pool_size // 2), {})
    return _primary_lookup_pool


async def close_nearest_first_pool() -> None:
    """Closes the driver pools: the nearest-first one and, if it exists, the primary lookup pool."""
    global _nearest_first_pool, _primary_lookup_pool
    for pool in (_nearest_first_pool, _primary_lookup_pool):
        if pool is not None:
            await pool.close()
    _nearest_first_pool = _primary_lookup_pool = None


@lru_cache(maxsize=256)
def _positional(sql: str) -> tuple[str, tuple[str, ...]]:
    """Named parameters (`:lat`) as asyncpg's `$1`, compiled once per query shape."""
    # SQLAlchemy's PGDialect_asyncpg.__init__ has no annotations.
    compiled = text(sql).compile(dialect=asyncpg_dialect.dialect())  # type: ignore[no-untyped-call]
    return compiled.string, tuple(compiled.positiontup or ())


async def fetch_nearest_first(sql: str, params: dict[str, Any]) -> list[Any]:
    """Runs one nearest-first query straight on the driver: this path is hot enough that SQLAlchemy's
    result processing was a third of its cost. Rows come back as asyncpg Records (index access)."""
    positional_sql, names = _positional(sql)
    pool = await get_nearest_first_pool()
    return await pool.fetch(positional_sql, *(params[name] for name in names))


async def fetch_row_from_primary(sql: str, params: dict[str, Any]) -> Any:
    """One row (or None) of a small read on the primary, straight on the driver: no SQLAlchemy connection and
    no BEGIN/ROLLBACK around it. For lookups on every request, such as the signed-in person's account."""
    positional_sql, names = _positional(sql)
    pool = await _get_lookup_pool()
    return await pool.fetchrow(positional_sql, *(params[name] for name in names))
