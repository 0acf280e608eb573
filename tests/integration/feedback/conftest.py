"""Fixtures of the feedback tests."""

from __future__ import annotations

import psycopg
import pytest
import redis


@pytest.fixture(autouse=True)
def _no_feedback_left(empty_db: psycopg.Connection) -> None:
    """Each test sees only its own feedback, and the per-address limit starts afresh."""
    from api.settings import get_settings

    store = redis.Redis.from_url(get_settings().redis_url)
    for key in store.scan_iter("volumap:limits*feedback*"):
        store.delete(key)
