"""Fixtures of the volunteer tests."""

from __future__ import annotations

import psycopg
import pytest


@pytest.fixture(autouse=True)
def _no_profiles(empty_db: psycopg.Connection) -> None:
    """Each test starts and ends without profiles, also those of a test that made them through the API only."""
