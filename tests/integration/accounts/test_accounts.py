"""Accounts through the API: sign-up with a verified e-mail, sign-in, passwords, e-mail change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import redis

from api.settings import get_settings
from tests.support.accounts import PASSWORD, csrf_headers, deliver_outbox, make_person, sign_in, unique_email
from tests.support.mailbox import link_token


def _post(client, path: str, body: dict):
    return client.post(path, json=body, headers=csrf_headers(client))


def test_sign_up_sends_a_link_that_verifies_the_address_once(client, db, mailbox) -> None:
    email = unique_email("neu")
    client.cookies.clear()

    response = _post(client, "/api/v1/accounts", {"email": email, "password": PASSWORD, "display_name": "Neu"})
    deliver_outbox(db)
    [message] = mailbox.wait_for(email)
    token = link_token(message)

    assert response.status_code == 202
    assert "bestätige" in message["Subject"]
    assert "https://volumap.test/#/konto/bestaetigen?token=" in message.get_content()
    assert _post(client, "/api/v1/accounts/verification", {"token": token}).status_code == 204
    again = _post(client, "/api/v1/accounts/verification", {"token": token})
    assert again.status_code == 400 and again.json()["invalid-params"][0]["name"] == "token"
    row = db.execute("SELECT email_verified_at FROM user_account WHERE lower(email) = lower(%s)", [email]).fetchone()
    assert row[0] is not None


def test_sign_up_in_english_gets_an_english_mail(client, db, mailbox) -> None:
    email = unique_email("en")
    _post(client, "/api/v1/accounts", {"email": email, "password": PASSWORD, "display_name": "Sam", "locale": "en"})
    deliver_outbox(db)
    assert mailbox.wait_for(email)[0]["Subject"] == "Please confirm your e-mail address"


def test_sign_up_with_a_taken_address_reveals_nothing_and_creates_nothing(client, db, mailbox) -> None:
    person = make_person(db)

    response = _post(client, "/api/v1/accounts",
                     {"email": person.email.upper(), "password": PASSWORD, "display_name": "Zweit"})
    deliver_outbox(db)

    assert response.status_code == 202
    count = db.execute("SELECT count(*) FROM user_account WHERE lower(email) = lower(%s)", [person.email]).fetchone()
    assert count == (1,)
    assert mailbox.wait_for(person.email)[0]["Subject"] == "Du hast schon ein Konto"


@pytest.mark.parametrize(
    ("password", "reason"),
    [("kurz", "at least 10"), ("passwort123", "too common"), ("1234567890", "too common"),
     ("Password2026", "too common")],
)
def test_weak_passwords_are_refused(client, password: str, reason: str) -> None:
    response = _post(client, "/api/v1/accounts", {"email": unique_email(), "password": password, "display_name": "X"})

    assert response.status_code == 400
    [param] = response.json()["invalid-params"]
    assert param["name"] == "password" and reason in param["reason"]


def test_password_equal_to_the_email_is_refused(client) -> None:
    email = unique_email("gleich")
    response = _post(client, "/api/v1/accounts", {"email": email, "password": email, "display_name": "X"})
    assert response.status_code == 400


@pytest.mark.parametrize("body", [
    {"email": "not-an-address", "password": PASSWORD, "display_name": "X"},
    {"email": unique_email(), "password": PASSWORD},
    {"email": unique_email(), "password": PASSWORD, "display_name": "X", "is_admin": True},
    {"email": unique_email(), "password": PASSWORD, "display_name": "X", "locale": "fr"},
])
def test_malformed_sign_ups_are_400s(client, body: dict) -> None:
    response = _post(client, "/api/v1/accounts", body)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


def test_sign_in_sets_a_safe_session_cookie_and_a_new_session_id(client, db) -> None:
    person = make_person(db)
    client.cookies.clear()
    client.cookies.set("session", "planted-by-someone-else", domain="testserver.local")

    response = _post(client, "/api/v1/session", {"email": person.email, "password": PASSWORD})

    assert response.status_code == 200 and response.json()["email"] == person.email
    cookie = next(v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith("session="))
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=lax" in cookie
    assert "planted-by-someone-else" not in cookie
    assert client.get("/api/v1/me").json()["id"] == str(person.id)


def _session_cookies(response) -> list[str]:
    return [v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith("session=")]


def test_an_unchanged_session_is_written_back_only_when_due_for_renewal(client, db, monkeypatch) -> None:
    """Not on every response: once after SESSION_RENEW_AFTER_S, with the same id and a fresh max age."""
    from api.lib import auth

    sign_in(client, make_person(db))
    session_id = client.cookies.get("session")

    assert client.get("/api/v1/me").status_code == 200
    assert _session_cookies(client.get("/api/v1/me")) == []

    monkeypatch.setattr(auth, "SESSION_RENEW_AFTER_S", 0)
    renewed = client.get("/api/v1/me")
    assert renewed.status_code == 200
    [cookie] = _session_cookies(renewed)
    assert cookie.startswith(f"session={session_id};") and "Max-Age=" in cookie


def test_sign_out_ends_the_session(client, db) -> None:
    sign_in(client, make_person(db))
    assert client.get("/api/v1/me").status_code == 200

    assert client.delete("/api/v1/session", headers=csrf_headers(client)).status_code == 204

    assert client.get("/api/v1/me").status_code == 401


def test_wrong_password_and_unknown_address_look_the_same(client, db) -> None:
    person = make_person(db)
    wrong = _post(client, "/api/v1/session", {"email": person.email, "password": "falsches Passwort!"})
    unknown = _post(client, "/api/v1/session", {"email": unique_email(), "password": PASSWORD})

    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]


def test_repeated_wrong_passwords_hit_429_with_retry_after(client, db) -> None:
    person = make_person(db)
    allowed = int(get_settings().rate_limit_password_failures_per_account_and_address.split("/")[0])
    statuses = [
        _post(client, "/api/v1/session", {"email": person.email, "password": f"falsch-{n}-falsch"}).status_code
        for n in range(allowed + 2)
    ]
    blocked = _post(client, "/api/v1/session", {"email": person.email, "password": PASSWORD})

    assert statuses[:allowed] == [401] * allowed and statuses[allowed:] == [429, 429]
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    assert blocked.headers["content-type"].startswith("application/problem+json")


def test_unsafe_requests_without_the_csrf_token_are_refused(client, db) -> None:
    person = make_person(db)
    client.cookies.clear()
    client.get("/api/v1/session")

    no_token = client.post("/api/v1/session", json={"email": person.email, "password": PASSWORD})
    wrong_token = client.post("/api/v1/session", json={"email": person.email, "password": PASSWORD},
                              headers={"X-CSRFToken": "forged"})

    assert no_token.status_code == 403 and wrong_token.status_code == 403
    assert no_token.headers["content-type"].startswith("application/problem+json")
    sign_in(client, person)
    assert client.delete("/api/v1/session").status_code == 403
    assert client.get("/api/v1/me").status_code == 200


def test_password_reset_link_works_once_and_expires(client, db, mailbox) -> None:
    person = make_person(db)
    _post(client, "/api/v1/password-resets", {"email": person.email})
    _post(client, "/api/v1/password-resets", {"email": person.email})
    deliver_outbox(db)
    first, second = (link_token(m) for m in mailbox.wait_for(person.email, 2))

    used = _post(client, "/api/v1/password-resets/confirmation", {"token": first, "new_password": "Ein neues Passwort"})
    reused = _post(client, "/api/v1/password-resets/confirmation",
                   {"token": first, "new_password": "Noch ein Passwort"})
    db.execute("UPDATE account_token SET expires_at = %s WHERE used_at IS NULL AND user_id = %s",
               [datetime.now(UTC) - timedelta(seconds=1), person.id])
    expired = _post(client, "/api/v1/password-resets/confirmation",
                    {"token": second, "new_password": "Noch ein Passwort"})

    assert used.status_code == 204
    assert reused.status_code == 400 and expired.status_code == 400
    person.password = "Ein neues Passwort"
    sign_in(client, person)


def test_password_reset_for_an_unknown_address_answers_the_same(client, db, mailbox) -> None:
    email = unique_email("niemand")
    response = _post(client, "/api/v1/password-resets", {"email": email})
    deliver_outbox(db)
    assert response.status_code == 202
    assert mailbox.to(email) == []


def test_changing_the_password_ends_other_sessions(client, db) -> None:
    person = make_person(db)
    sign_in(client, person)
    other_device = dict(client.cookies)  # one test client, two browsers: keep the first one's cookies
    sign_in(client, person)

    response = client.put("/api/v1/me/password", json={"current_password": PASSWORD,
                                                         "new_password": "Ganz neues Passwort"},
                          headers=csrf_headers(client))
    this_device = client.get("/api/v1/me")
    client.cookies.clear()
    for name, value in other_device.items():
        client.cookies.set(name, value, domain="testserver.local")

    assert response.status_code == 204
    assert this_device.status_code == 200
    assert client.get("/api/v1/me").status_code == 401


def test_email_change_is_confirmed_by_the_new_address(client, db, mailbox) -> None:
    person = make_person(db)
    new_email = unique_email("umzug")
    sign_in(client, person)

    wrong_password = client.post("/api/v1/me/email", json={"new_email": new_email, "password": "nicht richtig!"},
                                 headers=csrf_headers(client))
    response = client.post("/api/v1/me/email", json={"new_email": new_email, "password": PASSWORD},
                           headers=csrf_headers(client))
    deliver_outbox(db)
    token = link_token(mailbox.wait_for(new_email)[0])

    assert wrong_password.status_code == 400 and response.status_code == 202
    assert client.get("/api/v1/me").json()["email"] == person.email
    assert _post(client, "/api/v1/me/email/confirmation", {"token": token}).status_code == 204
    assert client.get("/api/v1/me").json()["email"] == new_email


def test_only_admins_appoint_moderators(client, db) -> None:
    admin, resident, candidate = make_person(db, admin=True), make_person(db), make_person(db)

    sign_in(client, resident)
    refused = client.put(f"/api/v1/admin/moderators/{candidate.id}", headers=csrf_headers(client))
    sign_in(client, admin)
    appointed = client.put(f"/api/v1/admin/moderators/{candidate.id}", headers=csrf_headers(client))
    client.cookies.clear()
    anonymous = client.put(f"/api/v1/admin/moderators/{candidate.id}", headers=csrf_headers(client))

    assert (refused.status_code, appointed.status_code, anonymous.status_code) == (403, 204, 401)
    sign_in(client, candidate)
    assert "moderator" in client.get("/api/v1/me").json()["roles"]
    audit = db.execute("SELECT actor_id, action FROM audit_entry WHERE record_id = %s", [candidate.id]).fetchall()
    assert audit == [(admin.id, "user.moderator_granted")]


def test_sign_ups_are_limited_per_address(client, monkeypatch) -> None:
    monkeypatch.setattr(get_settings(), "rate_limit_signup_per_address", "2/minute")
    monkeypatch.setattr(get_settings(), "rate_limit_signup", "1000/minute")
    store = redis.Redis.from_url(get_settings().redis_url)
    for key in store.scan_iter("volumap:limits*signup*"):
        store.delete(key)
    statuses = [
        _post(client, "/api/v1/accounts",
              {"email": unique_email(), "password": PASSWORD, "display_name": "X"}).status_code
        for _ in range(3)
    ]
    assert statuses == [202, 202, 429]


def test_repeated_sign_ups_for_one_email_hit_429(client) -> None:
    email = unique_email("hartnäckig")
    statuses = [
        _post(client, "/api/v1/accounts", {"email": email, "password": PASSWORD, "display_name": "X"}).status_code
        for _ in range(4)
    ]
    assert statuses == [202, 202, 202, 429]
