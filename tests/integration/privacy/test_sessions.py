"""Every session of a person is listed in Redis, so deleting the account or changing the password can end
all of them at once instead of when each is next used."""

from __future__ import annotations

import os

import redis

from tests.integration.privacy.residents import post, use_cookies
from tests.support.accounts import PASSWORD, csrf_headers, make_person, sign_in


def _redis() -> redis.Redis:
    return redis.Redis.from_url(os.environ["VOLUMAP_REDIS_URL"], decode_responses=True)


def _listed(person) -> set[str]:  # type: ignore[no-untyped-def]
    return _redis().smembers(f"volumap:user-sessions:{person.id}")


def _stored(session_id: str) -> bool:
    return bool(_redis().exists(f"volumap:sessions:{session_id}"))


def test_sign_in_lists_the_session_and_sign_out_removes_it(client, db) -> None:
    person = make_person(db)
    sign_in(client, person)
    session_id = client.cookies["session"]
    listed = _listed(person)

    assert client.delete("/api/v1/session", headers=csrf_headers(client)).status_code == 204

    assert listed == {session_id}
    assert _listed(person) == set() and not _stored(session_id)


def test_signing_in_again_ends_the_session_it_replaces(client, db) -> None:
    person = make_person(db)
    sign_in(client, person)
    replaced = client.cookies["session"]

    again = post(client, "/api/v1/session", {"email": person.email, "password": PASSWORD})

    assert again.status_code == 200
    assert client.cookies["session"] != replaced
    assert not _stored(replaced) and _listed(person) == {client.cookies["session"]}
    current = dict(client.cookies)
    use_cookies(client, {**current, "session": replaced})
    assert client.get("/api/v1/me").status_code == 401


def test_changing_the_password_removes_the_other_sessions_from_redis(client, db) -> None:
    person = make_person(db)
    sign_in(client, person)
    other = client.cookies["session"]
    sign_in(client, person)

    response = client.put("/api/v1/me/password", json={"current_password": PASSWORD,
                                                         "new_password": "Ganz neues Passwort"},
                          headers=csrf_headers(client))

    assert response.status_code == 204
    assert not _stored(other) and _listed(person) == {client.cookies["session"]}
    assert client.get("/api/v1/me").status_code == 200
