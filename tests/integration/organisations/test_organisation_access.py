"""Every write route of an organisation, table-driven: anonymous → 401, an editor where owners are needed
→ 403, a member of another organisation → 403 for a verified (public) one and 404 for an unpublic one,
the owner → success; and a signed-in browser without its CSRF token is refused."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.accounts import csrf_headers, sign_in

ROUTES = [
    ("PATCH", "/api/v1/organisations/{organisation}/manage", {"district": "Mitte"}, 200),
    ("PUT", "/api/v1/organisations/{organisation}/members/{member}", {"role": "owner"}, 200),
    ("DELETE", "/api/v1/organisations/{organisation}/members/{member}", None, 204),
    ("POST", "/api/v1/organisations/{organisation}/invitations", {"email": "neu@example.org"}, 201),
    ("DELETE", "/api/v1/organisations/{organisation}/invitations/{invitation}", None, 204),
    ("POST", "/api/v1/organisations/{organisation}/api-tokens", {"name": "CMS", "scopes": ["offers:read"]}, 201),
    ("DELETE", "/api/v1/organisations/{organisation}/api-tokens/{token}", None, 204),
]
OWNER_READS = ["/api/v1/organisations/{organisation}/invitations", "/api/v1/organisations/{organisation}/api-tokens"]


@pytest.fixture()
def arranged(db, organisation_with):
    """Builds the organisation (in the given status), its members, a pending invitation and an API token."""

    def build(status: str):
        organisation, people = organisation_with("owner", "editor", "editor", verification_status=status)
        _, outsiders = organisation_with("owner")
        invitation, token = uuid.uuid4(), uuid.uuid4()
        db.execute("INSERT INTO organisation_invitation (id, organisation_id, email, role, token_hash, expires_at)"
                   " VALUES (%s, %s, 'eingeladen@example.org', 'editor', %s, %s)",
                   [invitation, organisation["id"], uuid.uuid4().hex * 2, datetime.now(UTC) + timedelta(days=1)])
        db.execute("INSERT INTO api_token (id, organisation_id, name, token_hash, scopes) VALUES (%s, %s, 'x', %s,"
                   " ARRAY['offers:read'])", [token, organisation["id"], uuid.uuid4().hex * 2])
        ids = {"organisation": organisation["id"], "member": people["editor2"].id, "invitation": invitation,
               "token": token}
        callers = {"owner": people["owner"], "editor": people["editor"], "outsider": outsiders["owner"]}
        return ids, callers

    return build


def _call(client, method: str, path: str, body, headers: dict):
    return client.request(method, path, json=body, headers=headers)


@pytest.mark.parametrize("status", ["verified", "pending"])
@pytest.mark.parametrize(("method", "path", "body", "success"), ROUTES)
def test_write_route_lets_only_the_owner_through(client, db, arranged, status, method, path, body, success) -> None:
    ids, callers = arranged(status)
    url = path.format(**ids)

    client.cookies.clear()
    anonymous = _call(client, method, url, body, csrf_headers(client))
    results = {}
    for caller in ("editor", "outsider", "owner"):
        sign_in(client, callers[caller])
        if caller == "owner":
            results["no csrf"] = _call(client, method, url, body, {}).status_code
        results[caller] = _call(client, method, url, body, csrf_headers(client)).status_code

    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"].startswith("application/problem+json")
    assert results == {"editor": 403, "outsider": 403 if status == "verified" else 404, "no csrf": 403,
                       "owner": success}


@pytest.mark.parametrize("path", OWNER_READS)
def test_owner_only_reads_refuse_editors_and_strangers(client, db, arranged, path: str) -> None:
    ids, callers = arranged("pending")
    url = path.format(**ids)

    client.cookies.clear()
    statuses = [client.get(url).status_code]
    for caller in ("editor", "outsider", "owner"):
        sign_in(client, callers[caller])
        statuses.append(client.get(url).status_code)

    assert statuses == [401, 403, 404, 200]
