"""The push tests start each test with an empty local push service (tests/conftest.py's `push_service`) and
no devices."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from tests.push_service import PushServiceClient


@pytest.fixture(autouse=True)
def _fresh_push_service(push_service: PushServiceClient) -> None:
    push_service.reset()


@pytest.fixture(autouse=True)
def _no_devices_left(database: str) -> Iterator[None]:
    """Each test starts without subscriptions or push events of an earlier one (of any test module)."""
    def empty() -> None:
        with psycopg.connect(database, autocommit=True) as connection:
            connection.execute("TRUNCATE push_subscription, push_delivery, push_allowance, outbox_event CASCADE")

    empty()
    yield
    empty()
