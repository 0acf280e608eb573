"""API tokens: created by owners, shown once, stored as SHA-256 only, scoped, and dead once revoked."""

from __future__ import annotations

import hashlib

from tests.support.accounts import csrf_headers, sign_in

ORGANISATIONS = "/api/v1/organisations"


def _tokens_url(organisation) -> str:
    return f"{ORGANISATIONS}/{organisation['id']}/api-tokens"


def _create(client, organisation, scopes: list[str], name: str = "Vereinswebsite"):
    return client.post(_tokens_url(organisation), json={"name": name, "scopes": scopes}, headers=csrf_headers(client))


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_token_is_shown_once_stored_hashed_and_works_as_bearer(client, db, organisation_with) -> None:
    organisation, people = organisation_with("owner", verification_status="pending")
    sign_in(client, people["owner"])

    created = _create(client, organisation, ["offers:write", "offers:read", "offers:read"])
    listed = client.get(_tokens_url(organisation))
    token = created.json()["token"]
    client.cookies.clear()
    as_token = client.get(f"{ORGANISATIONS}/{organisation['id']}/manage", headers=_bearer(token))

    assert created.status_code == 201, created.text
    assert token.startswith("vmp_") and len(token) > 40
    assert created.json()["scopes"] == ["offers:read", "offers:write"]
    assert [t["id"] for t in listed.json()] == [created.json()["id"]]
    assert token not in listed.text and "token" not in listed.json()[0]
    stored = db.execute("SELECT token_hash FROM api_token").fetchone()[0]
    assert stored == hashlib.sha256(token.encode()).hexdigest()
    assert as_token.status_code == 200 and as_token.json()["your_role"] is None
    assert db.execute("SELECT last_used_at IS NOT NULL FROM api_token").fetchone() == (True,)


def test_revoked_token_is_refused_at_once(client, db, organisation_with) -> None:
    organisation, people = organisation_with("owner")
    sign_in(client, people["owner"])
    created = _create(client, organisation, ["offers:read"]).json()

    revoked = client.delete(f"{_tokens_url(organisation)}/{created['id']}", headers=csrf_headers(client))
    again = client.delete(f"{_tokens_url(organisation)}/{created['id']}", headers=csrf_headers(client))
    listed = client.get(_tokens_url(organisation)).json()
    client.cookies.clear()
    used = client.get(f"{ORGANISATIONS}/{organisation['id']}/manage", headers=_bearer(created["token"]))

    assert revoked.status_code == 204 and again.status_code == 404
    assert listed[0]["revoked_at"] is not None
    assert used.status_code == 401
    assert {row[0] for row in db.execute("SELECT action FROM audit_entry WHERE record_id = %s",
                                         [organisation["id"]])} == {
        "organisation.api_token_created", "organisation.api_token_revoked"}


def test_token_without_the_scope_or_for_another_organisation_is_refused(client, db, organisation_with) -> None:
    organisation, people = organisation_with("owner")
    pending_other, _ = organisation_with("owner", verification_status="pending")
    verified_other, _ = organisation_with("owner")
    sign_in(client, people["owner"])
    write_only = _create(client, organisation, ["offers:write"]).json()["token"]
    reader = _create(client, organisation, ["offers:read"]).json()["token"]
    client.cookies.clear()

    def manage(target, token):
        return client.get(f"{ORGANISATIONS}/{target['id']}/manage", headers=_bearer(token)).status_code

    assert manage(organisation, write_only) == 403
    assert manage(pending_other, reader) == 404
    assert manage(verified_other, reader) == 403
    assert client.get(_tokens_url(organisation), headers=_bearer(reader)).status_code == 401


def test_bad_token_requests_name_the_field(client, db, organisation_with) -> None:
    organisation, people = organisation_with("owner")
    sign_in(client, people["owner"])

    unknown_scope = _create(client, organisation, ["offers:delete"])
    no_scope = _create(client, organisation, [])
    blank_name = _create(client, organisation, ["offers:read"], name="  ")

    assert unknown_scope.status_code == no_scope.status_code == blank_name.status_code == 400
    assert "scopes" in unknown_scope.text and "scopes" in no_scope.text
    assert blank_name.json()["invalid-params"][0]["name"] == "name"
