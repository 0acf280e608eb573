"""Scratch databases for tests: created empty, migrated with Alembic (never create_all)."""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from alembic import command
from alembic.config import Config
from psycopg import sql

from api.db.migrations import alembic_config as shipped_alembic_config

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def recreate_database(name: str) -> str:
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql://postgres@127.0.0.1:5432/{name}"


def drop_database(name: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def alembic_config(url: str) -> Config:
    config = shipped_alembic_config(url.replace("postgresql://", "postgresql+psycopg://", 1))
    config.attributes["configure_logger"] = False
    return config


def migrate(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


# The tables of the public schema; PostGIS's own (spatial_ref_sys) belong to the extension and stay.
_TABLES = """
    SELECT table_class.relname
    FROM pg_class AS table_class
    JOIN pg_namespace AS schema ON schema.oid = table_class.relnamespace
    WHERE schema.nspname = 'public' AND table_class.relkind IN ('r', 'p')
      AND NOT EXISTS (
          SELECT FROM pg_depend
          WHERE classid = 'pg_class'::regclass AND objid = table_class.oid AND deptype = 'e'
      )
    ORDER BY table_class.relname
"""


def _tables_holding_rows(connection: psycopg.Connection) -> set[str]:
    tables = [name for (name,) in connection.execute(_TABLES)]
    probe = sql.SQL(" UNION ALL ").join(
        sql.SQL("SELECT {} WHERE EXISTS (SELECT FROM {})").format(sql.Literal(name), sql.Identifier(name))
        for name in tables
    )
    return {name for (name,) in connection.execute(probe)} if tables else set()


@dataclass(frozen=True)
class MigratedDatabase:
    """A freshly migrated database and the one way tests empty it: every table that holds rows the
    migrations did not write. The tables are read from the catalogue, not listed, so a new table is
    emptied too; the migrations' own rows (alembic_version, the categories) stay."""

    url: str
    migrated_tables: frozenset[str]

    @classmethod
    def migrated(cls, name: str) -> MigratedDatabase:
        url = recreate_database(name)
        migrate(url, "head")
        with psycopg.connect(url, autocommit=True) as connection:
            return cls(url, frozenset(_tables_holding_rows(connection)))

    def empty(self, connection: psycopg.Connection) -> None:
        """Deletes the rows of every table the tests wrote to. DELETE of the few tables holding rows takes
        about 2 ms, TRUNCATE of them all about 120 ms a test; triggers are off for it (replica role), so the
        append-only audit log (migrations/versions/0003_accounts_roles_moderation.py) and the foreign keys
        neither refuse nor order it."""
        written = _tables_holding_rows(connection) - self.migrated_tables
        with connection.transaction():
            connection.execute("SET LOCAL session_replication_role = replica")
            for name in sorted(written):
                connection.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(name)))
