"""Where the migrations are: `api.migrations` (the top-level `migrations/` folder, shipped as a package) with
its `alembic.ini`, in a checkout as in an installed wheel."""

from __future__ import annotations

from alembic.config import Config

from api.lib.resources import shipped_folder


def alembic_config(database_url: str | None = None) -> Config:
    """The shipped Alembic configuration; `database_url` (a SQLAlchemy URL) overrides the settings' one."""
    config = Config(str(shipped_folder("api.migrations") / "alembic.ini"))  # script_location = %(here)s
    if database_url is not None:
        config.attributes["database_url"] = database_url
    return config
