"""The contract run's stack: a database of its own (the run writes accounts, organisations, offers and
reports by the hundred, which must not meet the other tests), a real API process (uvicorn) on it with
every rate limit raised, the fake geocoder, and the cast of callers (tests/contract/cast.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

import psycopg
import pytest
import redis
import schemathesis

from api.settings import Settings
from tests.conftest import TEST_DATABASE
from tests.contract.cast import Cast, cast_for
from tests.support.database import drop_database, migrate, recreate_database
from tests.support.geocoder import fake_geocoder, nominatim_place
from tests.support.servers import api_server

CONTRACT_DATABASE = f"{TEST_DATABASE}_contract"
# What the app's pages send as Origin: the public base URL's origin (tests/conftest.py).
APP_ORIGIN = os.environ["VOLUMAP_PUBLIC_BASE_URL"]
UNLIMITED = "1000000/minute"


@dataclass(frozen=True)
class ContractStack:
    base_url: str
    schema: schemathesis.BaseSchema
    cast: Cast
    db: psycopg.Connection
    log: IO[bytes]
    """The API's output: its tracebacks explain a 500."""


def contract_env(database_url: str, geocoder_url: str) -> dict[str, str]:
    """The suite's settings, on the contract database, with every rate limit out of reach: the run sends
    thousands of requests from one address (the limits have their own tests)."""
    limits = {
        f"VOLUMAP_{name.upper()}": UNLIMITED
        for name, field in Settings.model_fields.items()
        if name.startswith("rate_limit_") and field.annotation is str
    }
    return {
        **os.environ,
        **limits,
        "VOLUMAP_DATABASE_URL": database_url.replace("postgresql://", "postgresql+asyncpg://", 1),
        "VOLUMAP_GEOCODER_URL": geocoder_url,
        # Plain http to 127.0.0.1: a client keeps a cookie marked Secure for https only.
        "VOLUMAP_SESSION_COOKIE_SECURE": "false",
    }


@pytest.fixture(scope="package")
def contract() -> Iterator[ContractStack]:
    url = recreate_database(CONTRACT_DATABASE)
    migrate(url, "head")
    try:
        with fake_geocoder() as geocoder, psycopg.connect(url, autocommit=True) as db:
            geocoder.places = [nominatim_place(52.0215, 8.5325, "Niederwall", "23", "33602", "Bielefeld", "Mitte")]
            with api_server(contract_env(url, geocoder.url)) as (base_url, log):
                schema = schemathesis.openapi.from_url(f"{base_url}/schema/openapi.json")
                yield ContractStack(base_url=base_url, schema=schema, cast=cast_for(db, base_url, APP_ORIGIN), db=db,
                                     log=log)
    finally:
        drop_database(CONTRACT_DATABASE)
        # Sessions and rate-limit windows of the run must not count against the tests after it.
        redis.Redis.from_url(os.environ["VOLUMAP_REDIS_URL"]).flushdb()
