"""The API's one way to reach the database: an async engine and a session per request."""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import lru_cache

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from api.settings import get_settings


@lru_cache(maxsize=1)
def get_engine() -> AsyncEngine:
    settings = get_settings()
    return create_async_engine(
        settings.database_url,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_pool_size,
        # Keep asyncpg's prepared-statement cache on: the search plans depend on it (DESIGN.md, Matching).
        connect_args={"server_settings": {"application_name": "volumap-api", "jit": "off"}},
    )


@lru_cache(maxsize=1)
def get_sessionmaker() -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(get_engine(), expire_on_commit=False)


async def provide_session() -> AsyncIterator[AsyncSession]:
    """Litestar dependency: one session per request, rolled back unless a service committed."""
    async with get_sessionmaker()() as session:
        yield session
