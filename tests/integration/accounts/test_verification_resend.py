"""Sending the confirmation link again: a new link for an account still waiting for one, nothing for anyone
else, the same answer for every address."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import redis

from tests.support.accounts import PASSWORD, csrf_headers, deliver_outbox, make_person, unique_email
from tests.support.mailbox import link_token

RESEND = "/api/v1/accounts/verification/resend"
VERIFY = "/api/v1/accounts/verification"


def _post(client, path: str, body: dict):
    return client.post(path, json=body, headers=csrf_headers(client))


def _sign_up(client, db, mailbox, email: str) -> str:
    """Signs up through the API; the token of the confirmation link."""
    response = _post(client, "/api/v1/accounts", {"email": email, "password": PASSWORD, "display_name": "Neu"})
    assert response.status_code == 202
    deliver_outbox(db)
    return link_token(mailbox.wait_for(email)[0])


def _verified(db, email: str) -> bool:
    row = db.execute("SELECT email_verified_at FROM user_account WHERE lower(email) = lower(%s)", [email]).fetchone()
    return row[0] is not None


def test_an_expired_link_is_rescued_by_a_new_one_and_only_the_new_one_works(client, db, mailbox) -> None:
    email = unique_email("abgelaufen")
    old = _sign_up(client, db, mailbox, email)
    db.execute("UPDATE account_token SET expires_at = %s WHERE user_id ="
               " (SELECT id FROM user_account WHERE lower(email) = lower(%s))",
               [datetime.now(UTC) - timedelta(seconds=1), email])
    assert _post(client, VERIFY, {"token": old}).status_code == 400

    response = _post(client, RESEND, {"email": email.upper()})
    deliver_outbox(db)
    first, second = mailbox.wait_for(email, 2)
    new = link_token(second)

    assert response.status_code == 202
    assert second["Subject"] == first["Subject"] == "Bitte bestätige deine E-Mail-Adresse"
    assert f"https://volumap.test/#/konto/bestaetigen?token={new}" in second.get_content()
    assert new != old
    assert _post(client, VERIFY, {"token": old}).status_code == 400
    assert _post(client, VERIFY, {"token": new}).status_code == 204
    assert _verified(db, email)


def test_a_new_link_makes_the_earlier_unexpired_one_stop_working(client, db, mailbox) -> None:
    email = unique_email("neuer-link")
    old = _sign_up(client, db, mailbox, email)

    assert _post(client, RESEND, {"email": email}).status_code == 202
    deliver_outbox(db)
    new = link_token(mailbox.wait_for(email, 2)[1])

    refused = _post(client, VERIFY, {"token": old})
    assert refused.status_code == 400 and refused.json()["invalid-params"][0]["name"] == "token"
    assert not _verified(db, email)
    assert _post(client, VERIFY, {"token": new}).status_code == 204


def test_unknown_confirmed_and_suspended_addresses_get_the_same_answer_and_no_mail(client, db, mailbox) -> None:
    unverified = make_person(db, verified=False)
    verified = make_person(db)
    suspended = make_person(db, verified=False)
    db.execute("UPDATE user_account SET status = 'suspended' WHERE id = %s", [suspended.id])
    unknown = unique_email("niemand")

    answers = {email: _post(client, RESEND, {"email": email})
               for email in (unverified.email, verified.email, suspended.email, unknown)}
    deliver_outbox(db)

    assert {(r.status_code, r.text) for r in answers.values()} == {(202, answers[unknown].text)}
    assert len(mailbox.wait_for(unverified.email)) == 1
    assert mailbox.to(verified.email) == mailbox.to(suspended.email) == mailbox.to(unknown) == []
    tokens = db.execute("SELECT u.email FROM account_token t JOIN user_account u ON u.id = t.user_id"
                        " WHERE u.id = ANY(%s)", [[verified.id, suspended.id]]).fetchall()
    assert tokens == []


def test_repeated_requests_for_one_address_hit_429_with_retry_after(client, db, mailbox) -> None:
    person = make_person(db, verified=False)

    statuses = [_post(client, RESEND, {"email": person.email}).status_code for _ in range(3)]
    blocked = _post(client, RESEND, {"email": person.email.upper()})

    assert statuses == [202, 202, 202]
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    assert blocked.headers["content-type"].startswith("application/problem+json")
    deliver_outbox(db)
    assert len(mailbox.wait_for(person.email, 3)) == 3


def test_requests_are_limited_per_client_address(client, monkeypatch) -> None:
    from api.settings import get_settings

    monkeypatch.setattr(get_settings(), "rate_limit_verification_resend_per_address", "2/minute")
    store = redis.Redis.from_url(get_settings().redis_url)
    for key in store.scan_iter("volumap:limits*verification-resend*"):
        store.delete(key)

    statuses = [_post(client, RESEND, {"email": unique_email()}).status_code for _ in range(3)]

    assert statuses == [202, 202, 429]


@pytest.mark.parametrize(("body", "field"), [
    ({}, "email"),
    ({"email": "x"}, "email"),
    ({"email": "kein-at-zeichen.example.org"}, "email"),
    ({"email": 42}, "email"),
    ({"email": unique_email(), "password": PASSWORD}, "password"),
])
def test_a_bad_body_is_a_400_naming_the_field(client, body: dict, field: str) -> None:
    response = _post(client, RESEND, body)

    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    # A missing or unknown field is reported on the body ("data") with the field's name in the reason.
    assert any(field in (param["name"], param["reason"]) or f"`{field}`" in param["reason"]
               for param in response.json()["invalid-params"]), response.json()
