"""The client address for rate limits (api/lib/client_address.py) and the origins the Origin rule accepts."""

from __future__ import annotations

import pytest
from litestar.connection import ASGIConnection

from api.lib.client_address import client_address
from api.settings import Settings, get_settings, web_origin


def _connection(peer: str | None, *forwarded_for: str) -> ASGIConnection:  # type: ignore[type-arg]
    headers = [(b"x-forwarded-for", value.encode()) for value in forwarded_for]
    scope = {"type": "http", "client": (peer, 50000) if peer else None, "headers": headers, "state": {}}
    return ASGIConnection(scope)  # type: ignore[arg-type]


@pytest.mark.parametrize(("peer", "forwarded_for", "client"), [
    ("10.0.0.2", ["203.0.113.5"], "203.0.113.5"),
    ("10.0.0.2", ["198.51.100.9, 203.0.113.5"], "203.0.113.5"),  # the left part is the client's own claim
    ("10.0.0.2", ["203.0.113.5, 10.0.0.3"], "203.0.113.5"),  # behind two proxies
    ("10.0.0.2", ["198.51.100.9", "203.0.113.5, 10.0.0.3"], "203.0.113.5"),  # the header sent twice
    ("10.0.0.2", ["10.0.0.4, 10.0.0.3"], "10.0.0.4"),  # proxies only: the farthest
    ("10.0.0.2", [], "10.0.0.2"),
    ("10.0.0.2", ["2001:db8::7"], "2001:db8::7"),
    ("::1", ["203.0.113.5"], "203.0.113.5"),
    ("192.0.2.1", ["203.0.113.5"], "192.0.2.1"),  # the peer is no trusted proxy: the header is anyone's
    (None, ["203.0.113.5"], "unknown"),
])
def test_the_client_is_the_rightmost_untrusted_address(monkeypatch, peer, forwarded_for, client) -> None:
    monkeypatch.setattr(get_settings(), "trusted_proxies", "10.0.0.0/24,::1")

    assert client_address(_connection(peer, *forwarded_for)) == client


def test_without_trusted_proxies_the_peer_is_the_client(monkeypatch) -> None:
    monkeypatch.setattr(get_settings(), "trusted_proxies", "")

    assert client_address(_connection("127.0.0.1", "203.0.113.5")) == "127.0.0.1"


@pytest.mark.parametrize(("url", "origin"), [
    ("https://volumap.test", "https://volumap.test"),
    ("https://VoluMap.test:443/app/", "https://volumap.test"),
    ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
    ("http://[::1]:8000/", "http://[::1]:8000"),
    ("null", None),
    ("file:///etc/passwd", None),
    ("https://host:99999", None),
])
def test_origins_are_written_as_browsers_write_them(url: str, origin: str | None) -> None:
    assert web_origin(url) == origin


def test_settings_refuse_malformed_origins_and_proxies() -> None:
    with pytest.raises(ValueError, match="allowed_origins"):
        Settings(allowed_origins="https://volumap.test/app")
    with pytest.raises(ValueError, match="trusted_proxies"):
        Settings(trusted_proxies="10.0.0.0/33")
    settings = Settings(public_base_url="https://volumap.test/", allowed_origins="http://127.0.0.1:8000")
    assert settings.origins == {"https://volumap.test", "http://127.0.0.1:8000"}
