"""Test set-up: a dedicated, freshly migrated PostGIS database and Redis databases of their own.

The environment is set before anything from `api` is imported, because settings are cached.
"""

from __future__ import annotations

import os

TEST_DATABASE = os.environ.get("VOLUMAP_TEST_DATABASE", "volumap_test")
os.environ.update(
    VOLUMAP_ENVIRONMENT="test",
    VOLUMAP_DATABASE_URL=f"postgresql+asyncpg://postgres@127.0.0.1:5432/{TEST_DATABASE}",
    VOLUMAP_REDIS_URL="redis://127.0.0.1:6379/15",
    VOLUMAP_CELERY_BROKER_URL="redis://127.0.0.1:6379/14",
    VOLUMAP_SECRET_KEY="test-secret-key-0123456789abcdef-0123456789",
)

from collections.abc import Iterator  # noqa: E402

import psycopg  # noqa: E402
import pytest  # noqa: E402
from litestar.testing import TestClient  # noqa: E402

from tests.database import recreate_database, migrate  # noqa: E402




@pytest.fixture(scope="session")
def database() -> Iterator[str]:
    """A new database migrated to head; its libpq URL."""
    url = recreate_database(TEST_DATABASE)
    migrate(url, "head")
    yield url


@pytest.fixture(scope="session")
def app(database: str):  # type: ignore[no-untyped-def]
    from api.asgi import create_app

    return create_app()


@pytest.fixture(scope="session")
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    """One client (and so one event loop and connection pool) for the whole session."""
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture()
def db(database: str) -> Iterator[psycopg.Connection]:
    """A direct connection for arranging data; the tables are emptied after each test."""
    with psycopg.connect(database, autocommit=True) as connection:
        yield connection
        connection.execute("TRUNCATE offer, organisation CASCADE")


@pytest.fixture(autouse=True, scope="session")
def _quiet_http_client_logs() -> None:
    import logging

    logging.getLogger("httpx").setLevel(logging.WARNING)
