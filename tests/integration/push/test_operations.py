"""The operator's side of push: generating VAPID keys, a missing or broken key, and the demo devices that
`make run` registers on the local push service."""

from __future__ import annotations

import stat
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from py_vapid import Vapid

from api import cli
from api.demo.accounts import DEMO_ACCOUNTS, seed_demo_accounts
from api.domain.push.channels import PushNotConfiguredError, configured_channels, get_channels, public_key_of
from api.settings import Settings, get_settings
from devtools import __main__ as devtools_cli


def test_vapid_generate_writes_a_private_key_only_its_owner_reads_and_keeps_an_existing_one(tmp_path) -> None:
    key_file = tmp_path / "keys" / "vapid.pem"
    runner = CliRunner()

    first = runner.invoke(cli.main, ["vapid", "generate", str(key_file)])
    again = runner.invoke(cli.main, ["vapid", "generate", str(key_file)])
    original = key_file.read_bytes()
    forced = runner.invoke(cli.main, ["vapid", "generate", str(key_file), "--force"])

    assert first.exit_code == 0, first.output
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert f"public key: {public_key_of(Vapid.from_pem(original))}" not in forced.output
    assert again.exit_code != 0 and "exists" in again.output
    assert forced.exit_code == 0 and key_file.read_bytes() != original
    assert f"public key: {public_key_of(Vapid.from_pem(key_file.read_bytes()))}" in forced.output


@pytest.mark.parametrize(("pem", "path", "why"), [
    ("", "", "no VAPID private key"),
    ("not a key", "", "not a P-256 private key"),
    ("", "/nonexistent/vapid.pem", "cannot be read"),
])
def test_a_missing_or_broken_key_is_named_at_once(pem: str, path: str, why: str) -> None:
    with pytest.raises(PushNotConfiguredError, match=why):
        configured_channels(Settings(vapid_private_key=pem, vapid_private_key_file=path))


@pytest.fixture()
def without_vapid_key(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The app's settings with no VAPID private key; the channels are read from the settings again before and
    after (they are cached once read)."""
    settings = get_settings()
    monkeypatch.setattr(settings, "vapid_private_key", "")
    monkeypatch.setattr(settings, "vapid_private_key_file", "")
    get_channels.cache_clear()
    yield
    monkeypatch.undo()
    get_channels.cache_clear()


def test_without_a_key_the_push_api_says_so_with_503(client, without_vapid_key) -> None:
    response = client.get("/api/v1/push/key")

    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "VAPID" in response.json()["detail"]
    # A bearer token is then simply not a channel's: nothing breaks on the way.
    assert client.get("/api/v1/me/volunteer-profile", headers={"Authorization": "Bearer x"}).status_code == 401


def test_the_demo_devices_are_registered_anew_on_every_start(db, push_service) -> None:
    seed_demo_accounts(get_settings().libpq_dsn)
    resident = next(account for account in DEMO_ACCOUNTS if account.volunteers)
    runner = CliRunner()

    first = runner.invoke(devtools_cli.main, ["seed-push", "--push-service", push_service.base_url])
    second = runner.invoke(devtools_cli.main, ["seed-push", "--push-service", push_service.base_url])

    assert first.exit_code == second.exit_code == 0, first.output + second.output
    assert second.output.count("/_control/subscriptions/") == 2
    rows = db.execute(
        "SELECT u.email, s.radius_km FROM push_subscription s LEFT JOIN user_account u ON u.id = s.user_id"
        " WHERE s.endpoint LIKE %s ORDER BY u.email NULLS LAST", [f"{push_service.base_url}/%"]).fetchall()
    assert rows == [(resident.email, None), (None, 15.0)]  # the second start replaced the first's
