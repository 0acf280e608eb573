"""The driver pools: the signed-in person is looked up on the primary, also once searches read a replica."""

from __future__ import annotations

import pytest

from api.db import engine
from api.settings import get_settings


@pytest.mark.parametrize(("read_url", "pool"), [(False, "volumap-api-nearest"), (True, "volumap-api-lookup")])
async def test_lookups_run_on_the_primary(database: str, monkeypatch, read_url: bool, pool: str) -> None:
    """Without a read replica the nearest-first pool serves the lookups; with one, a read-only pool of its
    own on `database_url` does (here both URLs name the test database: the pool's name tells them apart)."""
    # Pools of this test's own event loop; the app's (of the test client's loop) come back afterwards.
    monkeypatch.setattr(engine, "_nearest_first_pool", None)
    monkeypatch.setattr(engine, "_primary_lookup_pool", None)
    settings = get_settings()
    monkeypatch.setattr(settings, "database_read_url", settings.database_url if read_url else "")
    try:
        row = await engine.fetch_row_from_primary(
            "SELECT current_setting('application_name'), current_setting('default_transaction_read_only'),"
            " CAST(:n AS int)", {"n": 7})
    finally:
        await engine.close_nearest_first_pool()

    assert tuple(row) == (pool, "on", 7)
