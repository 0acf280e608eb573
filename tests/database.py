"""Scratch databases for tests: created empty, migrated with Alembic (never create_all)."""

from __future__ import annotations

import psycopg
from alembic import command
from alembic.config import Config

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
