"""Every unsafe route of the whole API, found by walking the app (so a new one cannot be forgotten):
without the CSRF token it is refused, and anonymously it answers 401 unless it is one of the few
writes meant for people without a session. Each area's own tests cover wrong roles, other
organisations' members and the right role succeeding."""

from __future__ import annotations

import inspect
import re
import uuid

import pytest

from tests.support.accounts import csrf_headers

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# Writes that anyone may send without being signed in (each is rate-limited or needs a mailed token).
OPEN_WRITES = {
    ("POST", "/api/v1/session"),
    ("DELETE", "/api/v1/session"),
    ("POST", "/api/v1/accounts"),
    ("POST", "/api/v1/accounts/verification"),
    ("POST", "/api/v1/accounts/verification/resend"),
    ("POST", "/api/v1/password-resets"),
    ("POST", "/api/v1/password-resets/confirmation"),
    ("POST", "/api/v1/me/email/confirmation"),
    ("POST", "/api/v1/reports"),
    ("POST", "/api/v1/feedback"),
    ("POST", "/api/v1/applications/take-place"),
    # A device without an account subscribes to an area; changing or removing needs the device's secret.
    ("POST", "/api/v1/push/subscriptions"),
    ("PATCH", "/api/v1/push/subscriptions"),
    ("DELETE", "/api/v1/push/subscriptions"),
    ("POST", "/api/v1/push/test"),
    ("POST", "/api/v1/push/subscriptions/renewal"),
}
# Writes authorised by a secret in the body, sent by a service worker, which cannot send the CSRF header.
CSRF_EXEMPT = {("POST", "/api/v1/push/subscriptions/renewal")}


def _unsafe_routes(app) -> list[tuple[str, str]]:
    return sorted(
        (method, route.path) for route in app.routes for method in getattr(route, "methods", ()) if method in UNSAFE
    )


def _fill(path: str) -> str:
    concrete = re.sub(r"\{target_type:str\}", "offer", path)
    return re.sub(r"\{[a-z_]+:(?:uuid|str)\}", lambda _: str(uuid.uuid4()), concrete)


def test_the_route_table_is_what_the_app_serves(app) -> None:
    routes = _unsafe_routes(app)
    assert len(routes) >= 40
    assert set(OPEN_WRITES) <= set(routes)
    assert CSRF_EXEMPT <= OPEN_WRITES


@pytest.fixture(scope="module")
def unsafe_routes(app) -> list[tuple[str, str]]:
    return _unsafe_routes(app)


def test_every_write_route_refuses_a_missing_csrf_token(client, unsafe_routes) -> None:
    client.cookies.clear()
    client.get("/api/v1/session")
    for method, path in unsafe_routes:
        response = client.request(method, _fill(path), json={})
        if (method, path) in CSRF_EXEMPT:
            assert response.status_code == 400, (method, path, response.status_code)
            continue
        assert response.status_code == 403, (method, path, response.status_code)
        assert "CSRF" in response.json()["detail"]


def test_every_write_route_needs_a_session_unless_it_is_meant_to_be_open(client, unsafe_routes) -> None:
    client.cookies.clear()
    headers = csrf_headers(client)
    for method, path in unsafe_routes:
        response = client.request(method, _fill(path), json={}, headers=headers)
        if (method, path) in OPEN_WRITES:
            assert response.status_code != 401, (method, path)
        else:
            assert response.status_code == 401, (method, path, response.status_code, response.text[:200])
        assert response.status_code < 500, (method, path)
        assert response.status_code < 300 or response.headers["content-type"].startswith("application/problem+json")


def test_every_guard_is_a_coroutine_function(app) -> None:
    """Litestar runs a plain-function guard in a worker thread: a thread hop on every guarded request."""
    guards = {guard for route in app.routes for handler in getattr(route, "route_handlers", ())
              for guard in handler.resolve_guards()}
    assert guards, "no guarded route found"
    assert all(inspect.iscoroutinefunction(guard) for guard in guards), [
        getattr(guard, "func", guard) for guard in guards if not inspect.iscoroutinefunction(guard)]
