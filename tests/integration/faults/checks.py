"""What the fault tests share: the stack's handle and environment, signing in over HTTP, timing and waiting."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

import httpx

from tests.support.accounts import Person
from tests.support.faults import PrivatePostgres, PrivateRedis

# Every wait of these tests ends: a fault that hangs the API must fail the test, not the suite.
HTTP_TIMEOUT_S = 15


@dataclass
class Stack:
    postgres: PrivatePostgres
    redis: PrivateRedis
    base_url: str
    log: IO[bytes]
    env: dict[str, str]

    def client(self) -> httpx.Client:
        # The API accepts writes with the session cookie only from its own pages (api/lib/origins.py).
        return httpx.Client(base_url=self.base_url, timeout=HTTP_TIMEOUT_S, headers={
            "Origin": self.base_url, "Accept-Language": "en"})

    def log_text(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")


def stack_env(postgres: PrivatePostgres, redis_server: PrivateRedis) -> dict[str, str]:
    """The suite's environment (tests/conftest.py) pointed at the private servers."""
    return {
        **os.environ,
        "VOLUMAP_DATABASE_URL": postgres.url().replace("postgresql://", "postgresql+asyncpg://", 1),
        "VOLUMAP_REDIS_URL": redis_server.url(0),
        "VOLUMAP_CELERY_BROKER_URL": redis_server.url(1),
        # Plain http on 127.0.0.1: the test client keeps a Secure cookie only for https.
        "VOLUMAP_SESSION_COOKIE_SECURE": "false",
        "VOLUMAP_OUTBOX_RELAY_INTERVAL_S": "0.5",
        "VOLUMAP_SCHEDULER_LOCK_S": "2",
    }


def sign_in(client: httpx.Client, person: Person) -> httpx.Response:
    """Signs in as the PWA does: the CSRF cookie from GET /api/v1/session, sent back as X-CSRFToken."""
    client.get("/api/v1/session")
    return client.post("/api/v1/session", json={"email": person.email, "password": person.password},
                       headers={"X-CSRFToken": client.cookies.get("csrftoken") or ""})


def timed(call: Callable[[], httpx.Response]) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def until(condition: Callable[[], bool], timeout: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


def assert_unavailable(response: httpx.Response) -> None:
    """503 in the API's problem format, with a Retry-After a client can act on."""
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"].endswith("/service-unavailable")
    assert problem["status"] == 503
    assert int(response.headers["Retry-After"]) > 0
