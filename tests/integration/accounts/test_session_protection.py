"""The session cookie's protections beyond the CSRF token: sign-out deletes the cookie, writes with the cookie
must come from VoluMap's own origin, and the per-address limits count the real client behind trusted proxies
only (docs/security.md)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis

from api.lib.problem_types import FOREIGN_ORIGIN
from api.settings import get_settings
from tests.support.accounts import PASSWORD, csrf_headers, make_person, sign_in

OWN_ORIGIN = "https://volumap.test"  # tests/conftest.py's VOLUMAP_PUBLIC_BASE_URL


def _session_cookies(response) -> list[str]:
    return [v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith("session=")]


def test_sign_out_deletes_the_session_cookie(client, db) -> None:
    sign_in(client, make_person(db))

    response = client.delete("/api/v1/session", headers=csrf_headers(client))

    assert response.status_code == 204
    [cookie] = _session_cookies(response)
    attributes = {part.strip().split("=", 1)[0].lower(): part.strip() for part in cookie.split(";")}
    assert cookie.startswith("session=;") or cookie.startswith('session="";')
    assert attributes["max-age"] == "Max-Age=0"
    assert attributes["path"] == "Path=/" and {"httponly", "secure"} <= attributes.keys()
    assert attributes["samesite"].lower() == "samesite=lax"
    assert "session" not in client.cookies
    assert client.get("/api/v1/me").status_code == 401


def _rename(client, **headers: str):
    return client.patch("/api/v1/me", json={"display_name": "Umbenannt"}, headers={**csrf_headers(client), **headers})


def test_a_correct_csrf_token_from_a_foreign_origin_is_refused(client, db) -> None:
    sign_in(client, make_person(db))

    refused = _rename(client, Origin="https://evil.example")
    lookalike = _rename(client, Origin="https://volumap.test.evil.example")
    in_german = _rename(client, Origin="null", **{"Accept-Language": "de"})

    assert refused.status_code == lookalike.status_code == in_german.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["type"] == FOREIGN_ORIGIN.uri
    assert "https://evil.example" in refused.json()["detail"]
    assert "Sitzungs-Cookie" in in_german.json()["detail"]
    assert client.get("/api/v1/me").json()["display_name"] != "Umbenannt"


def test_writes_from_the_own_origin_or_a_listed_one_pass(client, db, monkeypatch) -> None:
    sign_in(client, make_person(db))

    assert _rename(client, Origin=OWN_ORIGIN).status_code == 200
    assert _rename(client, Origin="https://VoluMap.test:443").status_code == 200
    assert _rename(client, Origin="http://127.0.0.1:8000").status_code == 403
    monkeypatch.setattr(get_settings(), "allowed_origins", "http://127.0.0.1:8000, http://localhost:8000")
    assert _rename(client, Origin="http://127.0.0.1:8000").status_code == 200


@pytest.mark.parametrize(("site", "status"), [
    ("cross-site", 403), ("same-site", 403), ("same-origin", 200), ("none", 200),
])
def test_without_origin_sec_fetch_site_decides(client, db, site: str, status: int) -> None:
    sign_in(client, make_person(db))

    response = _rename(client, **{"Sec-Fetch-Site": site})

    assert response.status_code == status
    if status == 403:
        assert response.json()["type"] == FOREIGN_ORIGIN.uri


def test_origin_outweighs_sec_fetch_site(client, db) -> None:
    sign_in(client, make_person(db))

    assert _rename(client, Origin=OWN_ORIGIN, **{"Sec-Fetch-Site": "same-origin"}).status_code == 200
    assert _rename(client, Origin="https://evil.example", **{"Sec-Fetch-Site": "same-origin"}).status_code == 403


def test_without_origin_or_sec_fetch_site_the_csrf_token_decides(client, db) -> None:
    sign_in(client, make_person(db))

    assert _rename(client).status_code == 200
    forged = client.patch("/api/v1/me", json={"display_name": "X"}, headers={"X-CSRFToken": "forged"})
    assert forged.status_code == 403 and forged.json()["type"] != FOREIGN_ORIGIN.uri


def test_the_origin_rule_applies_only_with_the_session_cookie(client, db) -> None:
    person = make_person(db)
    client.cookies.clear()

    signed_in = client.post("/api/v1/session", json={"email": person.email, "password": PASSWORD},
                            headers={**csrf_headers(client), "Origin": "https://evil.example"})

    assert signed_in.status_code == 200  # no session cookie yet: the CSRF token decides, as for API clients


def test_routes_excluded_from_csrf_skip_the_origin_rule(client, db) -> None:
    sign_in(client, make_person(db))

    # The push renewal is proven by the device's secret, not the cookie: judged by its body alone.
    renewal = client.post("/api/v1/push/subscriptions/renewal", json={},
                          headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})

    assert renewal.status_code == 400


# --- the client address behind proxies ---------------------------------------------------------------------

@pytest.fixture()
def peer(monkeypatch) -> Iterator[list[str]]:
    """The address the test client's requests come from (Litestar's TestClient says "testclient")."""
    from litestar.testing.transport import TestClientTransport

    address = ["10.0.0.7"]
    parse_request = TestClientTransport.parse_request

    def from_peer(self, request):  # type: ignore[no-untyped-def]
        scope = parse_request(self, request)
        scope["client"] = (address[0], 50000)
        return scope

    monkeypatch.setattr(TestClientTransport, "parse_request", from_peer)
    yield address


@pytest.fixture()
def two_sign_ins_per_address(monkeypatch) -> None:
    monkeypatch.setattr(get_settings(), "rate_limit_login_per_address", "2/minute")
    monkeypatch.setattr(get_settings(), "rate_limit_login", "1000/minute")
    store = redis.Redis.from_url(get_settings().redis_url)
    for key in store.scan_iter("volumap:limits*login*"):
        store.delete(key)


def _sign_in_statuses(client, db, forwarded_for: list[str]) -> list[int]:
    person = make_person(db)
    statuses = []
    for address in forwarded_for:
        client.cookies.clear()
        response = client.post("/api/v1/session", json={"email": person.email, "password": PASSWORD},
                               headers={**csrf_headers(client), "X-Forwarded-For": address})
        statuses.append(response.status_code)
    return statuses


@pytest.mark.usefixtures("two_sign_ins_per_address")
def test_x_forwarded_for_is_ignored_without_trusted_proxies(client, db, peer) -> None:
    assert get_settings().trusted_proxies == ""

    statuses = _sign_in_statuses(client, db, ["203.0.113.1", "203.0.113.2", "203.0.113.3"])

    assert statuses == [200, 200, 429]  # all from the peer, whatever the header claims


@pytest.mark.usefixtures("two_sign_ins_per_address")
def test_x_forwarded_for_names_the_client_behind_a_trusted_proxy(client, db, peer, monkeypatch) -> None:
    monkeypatch.setattr(get_settings(), "trusted_proxies", "10.0.0.0/24, 2001:db8::1")

    distinct = _sign_in_statuses(client, db, ["203.0.113.11", "203.0.113.12", "203.0.113.13"])
    # A client writing its own X-Forwarded-For: the proxy appends the real address, which is what counts;
    # a trusted proxy further along the chain is skipped.
    forged = _sign_in_statuses(client, db, ["198.51.100.1, 203.0.113.20", "198.51.100.2, 203.0.113.20, 10.0.0.3",
                                            "198.51.100.3, 203.0.113.20"])

    assert distinct == [200, 200, 200]
    assert forged == [200, 200, 429]


@pytest.mark.usefixtures("two_sign_ins_per_address")
def test_x_forwarded_for_is_ignored_from_a_peer_that_is_no_trusted_proxy(client, db, peer, monkeypatch) -> None:
    monkeypatch.setattr(get_settings(), "trusted_proxies", "10.0.0.0/24")
    peer[0] = "192.0.2.50"

    statuses = _sign_in_statuses(client, db, ["203.0.113.31", "203.0.113.32", "203.0.113.33"])

    assert statuses == [200, 200, 429]
