"""Files that ship with VoluMap (migrations, the PWA, data files), found the packaged way.

pyproject.toml maps the top-level `migrations/` and `pwa/` folders to the packages `api.migrations` and
`api.pwa`, so the same lookup works in a checkout (through the editable install) and in an installed wheel.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path


def shipped_folder(package: str) -> Path:
    """The folder on disk of a shipped package. VoluMap is installed as files (never zipped): Alembic runs
    `env.py` by path and the static files router serves a directory.

    The package is found, not imported: importing `api.pwa` would leave a `__pycache__` among the files the
    app serves."""
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{package} is not installed (pip install volumap)")
    folder = Path(next(iter(spec.submodule_search_locations)))
    if not folder.is_dir():
        raise RuntimeError(f"{package} is not installed as plain files ({folder})")
    return folder
