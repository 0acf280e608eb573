"""The Alembic migrations. A package (shipped as `api.migrations`, see pyproject.toml) so that an installed
VoluMap finds them, with `alembic.ini` beside them, through importlib (api/lib/resources.py)."""
