"""VoluMap installed the way an operator installs it: non-editable, into a fresh virtualenv, used from a folder
outside the source tree. Migrations, alembic.ini, the PWA and the data files must come from the installed
package, never from this checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.database import drop_database, recreate_database
from tests.support.servers import ROOT, api_server

# The first test includes the install: 2 to 3 minutes.
pytestmark = [pytest.mark.install, pytest.mark.timeout(600)]

SCRATCH_DATABASE = "volumap_test_install"


def _uv() -> str:
    uv = Path(sys.executable).with_name("uv")
    return str(uv) if uv.exists() else shutil.which("uv") or pytest.fail("uv is not installed (make venv)")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, dict[str, str]]]:
    """A fresh virtualenv with the pinned runtime dependencies and VoluMap built as a wheel and installed (uv's
    cache keeps this quick); yields its bin folder, a working folder outside the checkout and an environment
    that knows nothing of the checkout."""
    venv = tmp_path_factory.mktemp("venv")
    workdir = tmp_path_factory.mktemp("operator")
    uv = _uv()
    subprocess.run([uv, "venv", "-q", "--python", sys.executable, str(venv)], check=True)
    python = str(venv / "bin" / "python")
    subprocess.run([uv, "pip", "sync", "-q", "--python", python, "--require-hashes", str(ROOT / "requirements.txt")],
                   check=True)
    # A copy of the checkout: building writes build/ and *.egg-info, and the wheel is all that is installed.
    source = tmp_path_factory.mktemp("source")
    shutil.copytree(ROOT, source, dirs_exist_ok=True, ignore=shutil.ignore_patterns(
        ".venv", "node_modules", ".git", "__pycache__", ".state", "bench", ".pytest_cache", ".mypy_cache",
        ".ruff_cache", "build", "*.egg-info", ".hypothesis", "htmlcov"))
    subprocess.run([uv, "pip", "install", "-q", "--python", python, "--no-deps", str(source)], check=True)
    shutil.rmtree(source)
    url = recreate_database(SCRATCH_DATABASE)
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(workdir),
           "VOLUMAP_DATABASE_URL": url.replace("postgresql://", "postgresql+asyncpg://", 1)}
    env.update({key: value for key, value in os.environ.items() if key in ("LANG", "LC_ALL", "TMPDIR")})
    yield venv / "bin", workdir, env
    drop_database(SCRATCH_DATABASE)


def _run(installed: tuple[Path, Path, dict[str, str]], *command: str) -> str:
    bin_dir, workdir, env = installed
    done = subprocess.run([str(bin_dir / command[0]), *command[1:]], cwd=workdir, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_installed_package_is_not_the_checkout(installed) -> None:
    located = _run(installed, "python", "-c", "import api, workers; print(api.__file__); print(workers.__file__)")

    for path in located.split():
        assert "site-packages" in path and not path.startswith(str(ROOT)), located


def test_development_tools_are_not_installed(installed) -> None:
    found = _run(installed, "python", "-c",
                 "import importlib.util as u; print([m for m in ('devtools', 'tests', 'bench') if u.find_spec(m)])")

    assert found.strip() == "[]"


def test_migrate_seed_and_serve_from_the_installed_package(installed) -> None:
    bin_dir, workdir, env = installed

    migrated = subprocess.run([str(bin_dir / "volumap"), "migrate"], cwd=workdir, env=env, capture_output=True,
                              text=True, timeout=300)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    assert "Running upgrade" in migrated.stderr  # alembic.ini's logging came along
    assert "seeded the Bielefeld demo data" in _run(installed, "volumap", "seed")  # data files shipped

    with api_server(env, python=str(bin_dir / "python"), cwd=workdir) as (base_url, _log):
        with urllib.request.urlopen(f"{base_url}/health/ready", timeout=10) as ready:
            assert ready.status == 200
        with urllib.request.urlopen(f"{base_url}/", timeout=10) as app:
            page = app.read().decode()
            assert app.status == 200 and "<html" in page and "manifest.webmanifest" in page
        with urllib.request.urlopen(f"{base_url}/api/v1/offers?limit=1", timeout=10) as offers:
            assert offers.status == 200 and b'"items":[{' in offers.read()


def test_common_passwords_are_refused_by_the_installed_package(installed) -> None:
    verdict = _run(installed, "python", "-c",
                   "from api.lib.passwords import password_problem; print(password_problem('passwort123'))")

    assert "too common" in verdict, verdict


def test_the_installed_app_has_every_file_the_checkout_serves(installed) -> None:
    from api.domain.system.app_shell import app_shell

    listed = _run(installed, "python", "-c",
                  "from api.domain.system.app_shell import app_shell; print('\\n'.join(app_shell().files))")

    assert listed.split() == list(app_shell().files)
