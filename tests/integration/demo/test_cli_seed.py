"""`volumap seed` as an operator runs it, against a scratch database of its own."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import psycopg
import pytest
from click.testing import CliRunner

from api import cli
from api.demo.accounts import DEMO_ACCOUNTS
from api.lib.passwords import password_problem, verify_password
from api.settings import Settings
from devtools import __main__ as devtools_cli
from tests.support.database import drop_database, migrate, recreate_database

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
        result = runner.invoke(cli.main, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.stdout

    return run


LOG_INS = "\n".join([
    "demo log-ins (e-mail / password):",
    *(f"  {a.role:<17}  {a.email} / {a.password}" for a in DEMO_ACCOUNTS),
]) + "\n"


def _offer_count(url: str) -> int:
    with psycopg.connect(url) as connection:
        return connection.execute("SELECT count(*) FROM offer").fetchone()[0]


def test_seed_fills_the_demo_once_and_says_so(volumap, scratch_database) -> None:
    before = _offer_count(scratch_database)

    assert volumap("seed") == "seeded the Bielefeld demo data\n" + LOG_INS
    assert volumap("seed") == "Bielefeld demo data already present; nothing to do\n" + LOG_INS
    assert _offer_count(scratch_database) == before + 300


def test_seed_creates_one_verified_demo_account_per_role_once(volumap, scratch_database) -> None:
    volumap("seed")
    volumap("seed")

    with psycopg.connect(scratch_database) as connection:
        rows = connection.execute(
            "SELECT u.email, u.password_hash, u.email_verified_at IS NOT NULL, u.is_moderator, u.is_admin,"
            " (SELECT string_agg(o.slug || ':' || m.role, ',') FROM membership m JOIN organisation o"
            "  ON o.id = m.organisation_id WHERE m.user_id = u.id)"
            " FROM user_account u WHERE u.email LIKE %s ORDER BY u.email", ["%@demo.volumap.example"]).fetchall()

    assert [row[0] for row in rows] == sorted(account.email for account in DEMO_ACCOUNTS)
    by_email = {row[0]: row[1:] for row in rows}
    for account in DEMO_ACCOUNTS:
        password_hash, verified, moderator, admin, memberships = by_email[account.email]
        assert password_problem(account.password, email=account.email) is None
        assert verify_password(password_hash, account.password)
        assert verified and not admin and moderator == account.is_moderator
        assert memberships == (f"{account.owns}:owner" if account.owns else None)


def test_seed_gives_the_demo_resident_a_coarsened_volunteer_profile(volumap, scratch_database) -> None:
    volumap("seed")

    with psycopg.connect(scratch_database) as connection:
        profiles = connection.execute(
            "SELECT u.email, p.radius_km, ST_X(p.home_location), ST_Y(p.home_location) FROM volunteer_profile p"
            " JOIN user_account u ON u.id = p.user_id WHERE u.email LIKE %s", ["%@demo.volumap.example"]).fetchall()

    residents = [account.email for account in DEMO_ACCOUNTS if account.volunteers]
    assert [row[0] for row in profiles] == residents
    _, radius_km, x, y = profiles[0]
    assert radius_km == 10
    assert round(x - 125) % 250 == 0 and round(y - 125) % 250 == 0  # a 250 m cell's centre


def _account(url: str, email: str) -> tuple | None:
    with psycopg.connect(url) as connection:
        return connection.execute(
            "SELECT is_admin, email_verified_at IS NOT NULL, password_hash, display_name FROM user_account"
            " WHERE lower(email) = lower(%s)", [email]).fetchone()


def test_create_admin_makes_a_verified_administrator(volumap, scratch_database) -> None:
    output = volumap("create-admin", "Chefin@Example.org", "--password", "Bielefeld gibt es wirklich",
                     "--display-name", "Chefin")

    assert output == "Chefin@example.org is an administrator\n"
    is_admin, verified, password_hash, name = _account(scratch_database, "chefin@example.org")
    assert is_admin and verified and name == "Chefin"
    assert verify_password(password_hash, "Bielefeld gibt es wirklich")


def test_create_admin_takes_the_password_from_the_environment_or_asks(volumap, scratch_database,
                                                                      monkeypatch) -> None:
    monkeypatch.setenv("VOLUMAP_ADMIN_PASSWORD", "Teutoburger Wald Weg")
    volumap("create-admin", "env-admin@example.org")
    monkeypatch.delenv("VOLUMAP_ADMIN_PASSWORD")
    result = CliRunner().invoke(cli.main, ["create-admin", "asked-admin@example.org"],
                                input="Obersee Ufer Bank\nObersee Ufer Bank\n")

    assert result.exit_code == 0, result.output
    assert verify_password(_account(scratch_database, "env-admin@example.org")[2], "Teutoburger Wald Weg")
    assert verify_password(_account(scratch_database, "asked-admin@example.org")[2], "Obersee Ufer Bank")


def test_create_admin_promotes_an_existing_account_and_keeps_its_password(volumap, scratch_database) -> None:
    volumap("seed")
    resident = DEMO_ACCOUNTS[0]

    volumap("create-admin", resident.email, "--password", "wird ignoriert, weil es das Konto gibt")

    is_admin, _, password_hash, _ = _account(scratch_database, resident.email)
    assert is_admin and verify_password(password_hash, resident.password)


def test_create_admin_refuses_a_weak_password(volumap, scratch_database) -> None:
    result = CliRunner().invoke(cli.main, ["create-admin", "schwach@example.org", "--password", "passwort123"])

    assert result.exit_code == 1
    assert "too common" in result.output
    assert _account(scratch_database, "schwach@example.org") is None


def test_seed_synthetic_adds_that_many_offers(scratch_database, monkeypatch) -> None:
    settings = Settings(database_url=f"postgresql+asyncpg://postgres@127.0.0.1:5432/{SCRATCH_DATABASE}")
    monkeypatch.setattr(devtools_cli, "get_settings", lambda: settings)
    before = _offer_count(scratch_database)

    result = CliRunner().invoke(devtools_cli.main, ["seed-synthetic", "--offers", "50"], catch_exceptions=False)

    assert (result.exit_code, result.stdout) == (0, "added 50 synthetic offers\n")
    assert _offer_count(scratch_database) == before + 50
