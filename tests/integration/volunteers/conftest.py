"""Fixtures of the volunteer tests."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest


@pytest.fixture(autouse=True)
def _no_profiles(db: psycopg.Connection) -> Iterator[None]:
    """Profiles hang on accounts, which the shared fixture keeps: each test starts and ends without any."""
    db.execute("TRUNCATE volunteer_profile")
    yield
    db.execute("TRUNCATE volunteer_profile")
