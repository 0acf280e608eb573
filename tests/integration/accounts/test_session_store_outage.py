"""Redis failing at the moment a session is written, after the handler has answered (api/lib/problems.py,
`unavailable_as_answer_starts`): a 503 problem with Retry-After like any other outage, no session, and
sign-in works again once Redis does. The session store is made to fail for this one write: a real Redis cannot
be stopped from outside between two commands of one request (the outage itself: tests/integration/faults/)."""

from __future__ import annotations

from typing import Any

import pytest
import redis
from litestar.stores.redis import RedisStore

from tests.support.accounts import csrf_headers, make_person


def _refused(error: Exception) -> Any:
    async def write(self: RedisStore, *args: Any, **kwargs: Any) -> None:
        raise error

    return write


@pytest.mark.parametrize("error", [redis.exceptions.ConnectionError("Connection refused"),
                                   redis.exceptions.TimeoutError("Timeout reading from socket")])
def test_sign_in_while_the_session_cannot_be_written_is_a_503_and_works_again_after(
    client, db, monkeypatch, error
) -> None:
    person = make_person(db)
    client.cookies.clear()
    headers = csrf_headers(client)
    credentials = {"email": person.email, "password": person.password}
    with monkeypatch.context() as patch:
        patch.setattr(RedisStore, "set", _refused(error))
        refused = client.post("/api/v1/session", json=credentials, headers=headers)

    assert refused.status_code == 503
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.headers["retry-after"] == "5"
    assert refused.json()["type"].endswith("/service-unavailable")
    assert not any(k == "set-cookie" and v.startswith("session=") for k, v in refused.headers.multi_items())
    assert client.get("/api/v1/me").status_code == 401

    assert client.post("/api/v1/session", json=credentials, headers=headers).status_code == 200
    assert client.get("/api/v1/me").json()["email"] == person.email


def test_another_error_at_that_moment_stays_a_server_error(client, db, monkeypatch) -> None:
    """Only an outage is a 503: anything else is a fault of ours and answers 500."""
    person = make_person(db)
    client.cookies.clear()
    headers = csrf_headers(client)
    monkeypatch.setattr(RedisStore, "set", _refused(ValueError("a bug")))

    response = client.post("/api/v1/session", json={"email": person.email, "password": person.password},
                           headers=headers)

    assert response.status_code == 500
