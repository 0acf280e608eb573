"""Password guesses: every operation that checks a password is limited per account and client address, and
nobody can lock a person out by failing on purpose (docs/security.md "Password guesses and lock-out")."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterator

import pytest
from httpx import Response
from litestar.testing import TestClient

from api.lib.problem_types import TOO_MANY_REQUESTS
from api.settings import get_settings
from tests.support.accounts import PASSWORD, Person, csrf_headers, deliver_outbox, make_person, sign_in, unique_email
from tests.support.mailbox import link_token

WRONG = "Falsches Passwort 42"


@pytest.fixture()
def from_address(monkeypatch) -> Iterator[Callable[[str], None]]:
    """Switches the address the test client's requests come from (Litestar's TestClient says "testclient")."""
    from litestar.testing.transport import TestClientTransport

    address = ["testclient"]
    parse_request = TestClientTransport.parse_request

    def from_peer(self, request):  # type: ignore[no-untyped-def]
        scope = parse_request(self, request)
        scope["client"] = (address[0], 50000)
        return scope

    monkeypatch.setattr(TestClientTransport, "parse_request", from_peer)

    def switch(new: str) -> None:
        address[0] = new

    yield switch


def _addresses(count: int) -> list[str]:
    """Addresses no other test used, so that what this test counts per address is its own."""
    prefix = f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}"
    return [f"{prefix}.{n}" for n in range(1, count + 1)]


def _limit(monkeypatch, *, pair: str = "1000/minute", account: str = "1000/minute", address: str = "1000/minute",
           checks: str = "1000/minute", checks_per_address: str = "1000/minute") -> None:
    settings = get_settings()
    monkeypatch.setattr(settings, "rate_limit_password_failures_per_account_and_address", pair)
    monkeypatch.setattr(settings, "rate_limit_password_failures_per_account", account)
    monkeypatch.setattr(settings, "rate_limit_password_failures_per_address", address)
    monkeypatch.setattr(settings, "rate_limit_login", checks)
    monkeypatch.setattr(settings, "rate_limit_login_per_address", checks_per_address)


def _sign_in(client: TestClient, email: str, password: str) -> Response:
    client.cookies.clear()
    return client.post("/api/v1/session", json={"email": email, "password": password}, headers=csrf_headers(client))


def _assert_refused(response: Response) -> int:
    """A 429 problem answer; its Retry-After in seconds."""
    assert response.status_code == 429, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"] == TOO_MANY_REQUESTS.uri
    return int(response.headers["Retry-After"])


def test_one_address_is_refused_after_n_wrong_passwords_with_retry_after(client, db, monkeypatch,
                                                                        from_address) -> None:
    _limit(monkeypatch, pair="3/minute")
    from_address(_addresses(1)[0])
    person = make_person(db)

    statuses = [_sign_in(client, person.email, WRONG).status_code for _ in range(3)]
    refused = _sign_in(client, person.email, PASSWORD)  # the right password waits too: nothing is checked

    assert statuses == [401, 401, 401]
    assert 1 <= _assert_refused(refused) <= 60
    assert "session" not in client.cookies


def test_retry_after_grows_as_wrong_passwords_go_on(client, db, monkeypatch, from_address) -> None:
    # Production has the same shape ("5/minute;10/hour;20/day"), in seconds rather than minutes here.
    _limit(monkeypatch, pair="2/3seconds;4/hour")
    from_address(_addresses(1)[0])
    person = make_person(db)

    failures, early_waits = 0, []
    while failures < 4:
        response = _sign_in(client, person.email, WRONG)
        if response.status_code == 429:
            early_waits.append(_assert_refused(response))
            time.sleep(early_waits[-1])
            continue
        assert response.status_code == 401
        failures += 1
    late_wait = _assert_refused(_sign_in(client, person.email, PASSWORD))

    assert early_waits and all(wait <= 3 for wait in early_waits)
    assert 3000 < late_wait <= 3600


def test_a_person_signs_in_from_their_address_while_an_attackers_is_refused(client, db, monkeypatch,
                                                                            from_address) -> None:
    # The account's allowance of checks is small: the attacker's refused requests must not use it up.
    _limit(monkeypatch, pair="3/minute", checks="6/minute")
    attacker, own = _addresses(2)
    person = make_person(db)

    from_address(attacker)
    guesses = [_sign_in(client, person.email, WRONG).status_code for _ in range(10)]
    from_address(own)
    sign_in(client, person)
    from_address(attacker)
    still_refused = _sign_in(client, person.email, PASSWORD)

    assert guesses == [401] * 3 + [429] * 7
    assert client.get("/api/v1/me").status_code == 401  # the refused sign-in left no session
    _assert_refused(still_refused)


def test_an_address_refused_its_allowance_of_checks_does_not_use_up_the_accounts(client, db, monkeypatch,
                                                                                  from_address) -> None:
    _limit(monkeypatch, checks="4/minute", checks_per_address="2/minute")
    attacker, own = _addresses(2)
    person = make_person(db)

    from_address(attacker)
    statuses = [_sign_in(client, person.email, WRONG).status_code for _ in range(8)]
    from_address(own)

    assert statuses == [401, 401] + [429] * 6
    sign_in(client, person)


def test_the_account_wide_ceiling_refuses_every_address_only_after_many_failures(client, db, monkeypatch,
                                                                                 from_address) -> None:
    _limit(monkeypatch, pair="2/minute", account="4/minute")
    first, second, own, other = _addresses(4)
    person = make_person(db)

    from_address(first)
    first_guesses = [_sign_in(client, person.email, WRONG).status_code for _ in range(3)]
    from_address(own)
    sign_in(client, person)  # below the ceiling: the first address's failures do not stop the person
    from_address(second)
    second_guesses = [_sign_in(client, person.email, WRONG).status_code for _ in range(2)]
    from_address(own)
    at_ceiling = _sign_in(client, person.email, PASSWORD)
    from_address(other)
    elsewhere = _sign_in(client, person.email, PASSWORD)

    assert first_guesses == [401, 401, 429]
    assert second_guesses == [401, 401]
    assert 1 <= _assert_refused(at_ceiling) <= 60
    _assert_refused(elsewhere)


def test_one_address_guessing_many_accounts_is_refused(client, db, monkeypatch, from_address) -> None:
    _limit(monkeypatch, address="3/minute")
    guesser, own = _addresses(2)
    person = make_person(db)

    from_address(guesser)
    # An address without an account counts like one with.
    statuses = [_sign_in(client, email, WRONG).status_code
                for email in (make_person(db).email, unique_email("niemand"), make_person(db).email)]
    refused = _sign_in(client, person.email, PASSWORD)
    from_address(own)

    assert statuses == [401, 401, 401]
    _assert_refused(refused)
    sign_in(client, person)


def test_a_successful_sign_in_clears_the_addresss_failures(client, db, monkeypatch, from_address) -> None:
    _limit(monkeypatch, pair="3/minute")
    from_address(_addresses(1)[0])
    person = make_person(db)

    before = [_sign_in(client, person.email, WRONG).status_code for _ in range(2)]
    sign_in(client, person)
    after = [_sign_in(client, person.email, WRONG).status_code for _ in range(4)]

    assert before == [401, 401]
    assert after == [401, 401, 401, 429]  # three more, as if the first two had not happened


def _change_password(client: TestClient, password: str) -> Response:
    return client.put("/api/v1/me/password", json={"current_password": password,
                                                   "new_password": "Ein ganz neues Passwort"},
                      headers=csrf_headers(client))


def _change_email(client: TestClient, password: str) -> Response:
    return client.post("/api/v1/me/email", json={"new_email": unique_email("neu"), "password": password},
                       headers=csrf_headers(client))


def _delete_account(client: TestClient, password: str) -> Response:
    return client.request("DELETE", "/api/v1/me", json={"password": password}, headers=csrf_headers(client))


@pytest.mark.parametrize(
    ("operation", "wrong_status"),
    [(_change_password, 400), (_change_email, 400), (_delete_account, 403)],
    ids=["password change", "e-mail change", "account deletion"],
)
def test_operations_confirmed_by_password_are_limited(client, db, monkeypatch, from_address, operation,
                                                      wrong_status) -> None:
    _limit(monkeypatch, pair="3/minute")
    from_address(_addresses(1)[0])
    person = make_person(db)
    sign_in(client, person)
    account = "SELECT status, password_hash FROM user_account WHERE id = %s"
    before = db.execute(account, [person.id]).fetchone()

    statuses = [operation(client, WRONG).status_code for _ in range(3)]
    refused = operation(client, PASSWORD)

    assert statuses == [wrong_status] * 3
    _assert_refused(refused)
    assert db.execute(account, [person.id]).fetchone() == before
    assert db.execute("SELECT count(*) FROM account_token WHERE user_id = %s AND purpose = 'change_email'",
                      [person.id]).fetchone() == (0,)
    assert client.get("/api/v1/me").status_code == 200  # still signed in; only the guessing stopped


def test_wrong_passwords_count_together_across_operations(client, db, monkeypatch, from_address) -> None:
    _limit(monkeypatch, pair="3/minute")
    own, other = _addresses(2)
    from_address(own)
    person = make_person(db)
    sign_in(client, person)

    statuses = [_change_password(client, WRONG).status_code, _change_email(client, WRONG).status_code,
                _delete_account(client, WRONG).status_code]
    refused = _sign_in(client, person.email.upper(), PASSWORD)
    from_address(other)

    assert statuses == [400, 400, 403]
    _assert_refused(refused)
    sign_in(client, person)


def test_a_wrong_new_value_is_no_wrong_password(client, db, monkeypatch, from_address) -> None:
    _limit(monkeypatch, pair="2/minute")
    from_address(_addresses(1)[0])
    person = make_person(db)
    sign_in(client, person)

    weak = [client.put("/api/v1/me/password", json={"current_password": PASSWORD, "new_password": "kurz"},
                       headers=csrf_headers(client)).status_code for _ in range(3)]

    assert weak == [400, 400, 400]
    assert _sign_in(client, person.email, PASSWORD).status_code == 200


def test_a_password_reset_lets_the_person_in_at_once(client, db, monkeypatch, from_address, mailbox) -> None:
    _limit(monkeypatch, pair="2/minute", account="4/minute")
    attacker, own = _addresses(2)
    person = make_person(db)
    from_address(attacker)
    [_sign_in(client, person.email, WRONG) for _ in range(2)]
    from_address(own)
    [_sign_in(client, person.email, WRONG) for _ in range(2)]
    _assert_refused(_sign_in(client, person.email, PASSWORD))

    client.post("/api/v1/password-resets", json={"email": person.email}, headers=csrf_headers(client))
    deliver_outbox(db)
    token = link_token(mailbox.wait_for(person.email)[0])
    reset = client.post("/api/v1/password-resets/confirmation",
                        json={"token": token, "new_password": "Ein neues langes Passwort"},
                        headers=csrf_headers(client))

    assert reset.status_code == 204
    sign_in(client, Person(person.id, person.email, "Ein neues langes Passwort"))
    from_address(attacker)
    _assert_refused(_sign_in(client, person.email, WRONG))  # the attacker's own count stays
