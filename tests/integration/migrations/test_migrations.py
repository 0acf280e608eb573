from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import api.db  # noqa: F401  (registers the tables)
from api.db.migration_filters import include_object
from tests.support.database import downgrade, drop_database, migrate, recreate_database

SCRATCH = "volumap_test_migrations"


@pytest.fixture()
def scratch() -> Iterator[str]:
    url = recreate_database(SCRATCH)
    yield url
    drop_database(SCRATCH)


def _tables(url: str) -> set[str]:
    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'spatial_ref_sys'"
        )
        return {name for (name,) in rows}


def _extensions(url: str) -> set[str]:
    with psycopg.connect(url) as connection:
        return {name for (name,) in connection.execute("SELECT extname FROM pg_extension")}


def test_migrations_upgrade_from_empty_to_head_and_down_to_base(scratch: str) -> None:
    migrate(scratch, "head")
    assert _tables(scratch) >= {"alembic_version", "category", "organisation", "offer"}
    assert {"postgis", "intarray"} <= _extensions(scratch)

    downgrade(scratch, "base")
    assert _tables(scratch) <= {"alembic_version"}
    assert "postgis" not in _extensions(scratch)

    migrate(scratch, "head")
    with psycopg.connect(scratch) as connection:
        assert connection.execute("SELECT count(*) FROM category").fetchone() == (12,)


def test_models_and_migrations_agree(scratch: str) -> None:
    """Autogenerate finds nothing to do: the SQLModel tables are exactly what the migrations build."""
    migrate(scratch, "head")
    engine = create_engine(scratch.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": include_object})
        assert compare_metadata(context, SQLModel.metadata) == []
    engine.dispose()
