"""A VoluMap of its own for the fault tests: the API (a uvicorn process) on a private PostgreSQL cluster and a
private Redis (tests/support/faults.py), which the tests stop, freeze and start again. The machine's shared
servers are never touched.

Fixtures:
- `stack`: the running servers, the API's base URL and its log; after every test Redis and PostgreSQL run again.
- `stack_db`: a connection to the private database (autocommit); `person`: an account in it.
- `signed_in(person)`: an HTTP client with a session, signed in through the API.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import psycopg
import pytest

from tests.integration.faults.checks import Stack, sign_in, stack_env
from tests.support.accounts import Person, make_person
from tests.support.faults import private_postgres, private_redis
from tests.support.servers import api_server


@pytest.fixture(scope="package")
def stack() -> Iterator[Stack]:
    with private_postgres() as postgres, private_redis() as redis_server:
        env = stack_env(postgres, redis_server)
        with api_server(env) as (base_url, log):
            yield Stack(postgres=postgres, redis=redis_server, base_url=base_url, log=log, env=env)


@pytest.fixture(autouse=True)
def _services_running_again(stack: Stack) -> Iterator[None]:
    """Whatever a test stopped or froze runs again for the next one."""
    yield
    if stack.redis.process is not None and stack.redis.process.poll() is None:
        stack.redis.thaw()
    else:
        stack.redis.start()
    if not stack.postgres.running():
        stack.postgres.start()


@pytest.fixture()
def stack_db(stack: Stack) -> Iterator[psycopg.Connection]:
    with psycopg.connect(stack.postgres.url(), autocommit=True) as connection:
        yield connection


@pytest.fixture()
def person(stack_db: psycopg.Connection) -> Person:
    return make_person(stack_db)


@pytest.fixture()
def signed_in(stack: Stack) -> Iterator[Callable[[Person], httpx.Client]]:
    clients: list[httpx.Client] = []

    def open_session(person: Person) -> httpx.Client:
        client = stack.client()
        clients.append(client)
        response = sign_in(client, person)
        assert response.status_code == 200, f"{response.text}\nthe API's log:\n{stack.log_text()[-4000:]}"
        return client

    yield open_session
    for client in clients:
        client.close()
