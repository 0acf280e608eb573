"""Who may use the desk: every route refuses anonymous callers (401) and people without the role (403)."""

from __future__ import annotations

import uuid

import pytest

from tests.support.accounts import csrf_headers, make_person, sign_in
from tests.support.factories import make_organisation
from tests.support.moderation_desk import add_member

_ID = uuid.uuid4()
ROUTES = [
    ("GET", "/api/v1/moderation/queue"),
    ("GET", f"/api/v1/moderation/offers/{_ID}"),
    ("POST", f"/api/v1/moderation/offers/{_ID}/claim"),
    ("DELETE", f"/api/v1/moderation/offers/{_ID}/claim"),
    ("POST", f"/api/v1/moderation/offers/{_ID}/approve"),
    ("POST", f"/api/v1/moderation/offers/{_ID}/reject"),
    ("POST", f"/api/v1/moderation/offers/{_ID}/request-changes"),
    ("POST", f"/api/v1/moderation/offers/{_ID}/unpublish"),
    ("POST", f"/api/v1/moderation/organisations/{_ID}/claim"),
    ("DELETE", f"/api/v1/moderation/organisations/{_ID}/claim"),
    ("POST", f"/api/v1/moderation/organisations/{_ID}/verify"),
    ("POST", f"/api/v1/moderation/organisations/{_ID}/reject"),
    ("POST", f"/api/v1/moderation/organisations/{_ID}/suspend"),
    ("POST", f"/api/v1/moderation/users/{_ID}/suspend"),
    ("GET", "/api/v1/moderation/reports"),
    ("POST", f"/api/v1/moderation/reports/offer/{_ID}/dismiss"),
    ("GET", "/api/v1/moderation/audit"),
    ("GET", "/api/v1/moderation/audit.csv"),
    ("GET", "/api/v1/moderation/figures"),
    ("GET", "/api/v1/moderation/feedback"),
    ("PATCH", f"/api/v1/moderation/feedback/{_ID}"),
]


def _call(client, method: str, path: str):  # type: ignore[no-untyped-def]
    headers = csrf_headers(client) if method != "GET" else {}
    return client.request(method, path, json={} if method == "POST" else None, headers=headers)


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_anonymous_callers_get_401(client, method, path) -> None:
    client.cookies.clear()

    assert _call(client, method, path).status_code == 401


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_residents_and_organisation_owners_get_403(client, db, method, path) -> None:
    owner = add_member(db, make_organisation(db))
    for person in (make_person(db), owner):
        sign_in(client, person)
        response = _call(client, method, path)
        assert response.status_code == 403, response.text
        assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(("method", "path"), [r for r in ROUTES if r[0] != "GET"])
def test_a_moderators_unsafe_request_without_the_csrf_token_is_refused(client, db, method, path) -> None:
    sign_in(client, make_person(db, moderator=True))

    assert client.request(method, path).status_code == 403
