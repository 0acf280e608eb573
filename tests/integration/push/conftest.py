"""The push tests start each test with an empty local push service (tests/conftest.py's `push_service`) and
no devices."""

from __future__ import annotations

import psycopg
import pytest

from tests.support.push_service import PushServiceClient


@pytest.fixture(autouse=True)
def _fresh_push_service(push_service: PushServiceClient) -> None:
    push_service.reset()


@pytest.fixture(autouse=True)
def _no_devices_left(empty_db: psycopg.Connection) -> None:
    """Each test starts without subscriptions or push events of an earlier one (of any test module)."""
