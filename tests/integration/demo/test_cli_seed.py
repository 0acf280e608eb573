"""`volumap seed` as an operator runs it, against a scratch database of its own."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import psycopg
import pytest
from click.testing import CliRunner

from api import cli
from api.settings import Settings
from tests.database import drop_database, migrate, recreate_database

SCRATCH_DATABASE = "volumap_test_seed_cli"


@pytest.fixture(scope="module")
def scratch_database() -> Iterator[str]:
    url = recreate_database(SCRATCH_DATABASE)
    migrate(url)
    yield url
    drop_database(SCRATCH_DATABASE)


@pytest.fixture()
def volumap(scratch_database: str, monkeypatch: pytest.MonkeyPatch) -> Callable[..., str]:
    """Runs a volumap command with the scratch database configured; returns what it printed."""
    settings = Settings(database_url=f"postgresql+asyncpg://postgres@127.0.0.1:5432/{SCRATCH_DATABASE}")
    monkeypatch.setattr(cli, "get_settings", lambda: settings)
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli.main, list(args))
        assert result.exit_code == 0, result.output
        return result.stdout

    return run


def _offer_count(url: str) -> int:
    with psycopg.connect(url) as connection:
        return connection.execute("SELECT count(*) FROM offer").fetchone()[0]


def test_seed_fills_the_demo_once_and_says_so(volumap, scratch_database) -> None:
    before = _offer_count(scratch_database)

    assert volumap("seed") == "seeded the Bielefeld demo data\n"
    assert volumap("seed") == "Bielefeld demo data already present; nothing to do\n"
    assert _offer_count(scratch_database) == before + 300


def test_seed_synthetic_adds_that_many_offers(volumap, scratch_database) -> None:
    before = _offer_count(scratch_database)

    assert volumap("seed", "--synthetic", "50") == "added 50 synthetic offers\n"
    assert _offer_count(scratch_database) == before + 50
