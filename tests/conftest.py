"""Test set-up: a dedicated, freshly migrated PostGIS database and Redis databases of their own.

The environment is set before anything from `api` is imported, because settings are cached.
"""

from __future__ import annotations

import fcntl
import os
import socket
import tempfile

TEST_DATABASE = os.environ.get("VOLUMAP_TEST_DATABASE", "volumap_test")
# Two Redis databases (the app's and the broker's); a second suite running at the same time on the same
# machine sets VOLUMAP_TEST_REDIS_DB (and VOLUMAP_TEST_DATABASE) so the two do not flush each other.
TEST_REDIS_DB = int(os.environ.get("VOLUMAP_TEST_REDIS_DB", "15"))
# A second suite on the same database waits here until the first has finished, instead of dropping the database
# and flushing Redis under it (the lock goes with the process).
_SUITE_LOCK = open(os.path.join(tempfile.gettempdir(), f"volumap-suite-{TEST_DATABASE}.lock"), "w")
fcntl.flock(_SUITE_LOCK, fcntl.LOCK_EX)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _vapid_key_file(name: str) -> str:
    """A fresh VAPID private key (PEM) for a push channel of this test run."""
    from py_vapid import Vapid

    key = Vapid()
    key.generate_keys()
    path = os.path.join(_KEY_DIR, f"{name}.pem")
    with open(path, "wb") as file:
        file.write(key.private_pem())
    return path


_KEY_DIR = tempfile.mkdtemp(prefix="volumap-test-vapid-")
SMTP_PORT = _free_port()
OIC_CHANNEL_TOKEN = "oic-channel-token-for-tests-0123456789"
os.environ.update(
    VOLUMAP_ENVIRONMENT="test",
    VOLUMAP_DATABASE_URL=f"postgresql+asyncpg://postgres@127.0.0.1:5432/{TEST_DATABASE}",
    VOLUMAP_REDIS_URL=f"redis://127.0.0.1:6379/{TEST_REDIS_DB}",
    VOLUMAP_CELERY_BROKER_URL=f"redis://127.0.0.1:6379/{TEST_REDIS_DB - 1}",
    VOLUMAP_SECRET_KEY="test-secret-key-0123456789abcdef-0123456789",
    VOLUMAP_SMTP_PORT=str(SMTP_PORT),
    VOLUMAP_PUBLIC_BASE_URL="https://volumap.test",
    # Argon2 at its cheapest: about 160 sign-ins and sign-ups, and the servers the tests start inherit it.
    VOLUMAP_PASSWORD_HASH_TIME_COST="1",
    VOLUMAP_PASSWORD_HASH_MEMORY_KIB="1024",
    VOLUMAP_PASSWORD_HASH_PARALLELISM="1",
    # Every test client comes from one address; the per-address limits have their own tests.
    VOLUMAP_RATE_LIMIT_SIGNUP_PER_ADDRESS="10000/hour",
    VOLUMAP_RATE_LIMIT_LOGIN_PER_ADDRESS="10000/minute",
    VOLUMAP_RATE_LIMIT_PASSWORD_FAILURES_PER_ADDRESS="10000/hour",
    VOLUMAP_RATE_LIMIT_PASSWORD_RESET_PER_ADDRESS="10000/hour",
    VOLUMAP_RATE_LIMIT_VERIFICATION_RESEND_PER_ADDRESS="10000/hour",
    VOLUMAP_RATE_LIMIT_FEEDBACK_PER_ADDRESS="10000/hour",
    VOLUMAP_RATE_LIMIT_REPORT_PER_ADDRESS="10000/hour",
    VOLUMAP_RATE_LIMIT_PUSH_SUBSCRIBE_PER_ADDRESS="10000/hour",
    VOLUMAP_RATE_LIMIT_PUSH_TEST_PER_ADDRESS="10000/hour",
    VOLUMAP_RATE_LIMIT_PUSH_RENEWAL_PER_ADDRESS="10000/hour",
    # Two push channels, each with its own key; the local push service listens on plain http.
    VOLUMAP_VAPID_PRIVATE_KEY_FILE=_vapid_key_file("volumap"),
    VOLUMAP_OIC_APP_URL="https://oic.test/app",
    VOLUMAP_OIC_VAPID_PRIVATE_KEY_FILE=_vapid_key_file("oic"),
    VOLUMAP_OIC_CHANNEL_TOKEN=OIC_CHANNEL_TOKEN,
    VOLUMAP_PUSH_INSECURE_HOSTS="127.0.0.1",
    # Workers with an embedded scheduler start one after another, some after a SIGKILL.
    VOLUMAP_SCHEDULER_LOCK_S="2",
)

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import psycopg  # noqa: E402
import pytest  # noqa: E402
from litestar.testing import TestClient  # noqa: E402

from tests.support.database import MigratedDatabase  # noqa: E402
from tests.support.mailbox import Mailbox  # noqa: E402
from tests.support.mailbox import start as start_mailbox  # noqa: E402

# Tests with these markers start processes or servers of their own, as e2e tests do, and are marked e2e too,
# as is every test of tests/e2e/ (its stack and browser): `-m 'not e2e'` is the quick loop (docs/development.md,
# Tests).
SLOW_MARKERS = ("contract", "install", "faults", "slow")
E2E_FOLDER = Path(__file__).resolve().parent / "e2e"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(E2E_FOLDER) or any(item.get_closest_marker(name) for name in SLOW_MARKERS):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def migrated_database() -> MigratedDatabase:
    """A new database migrated to head, and how to empty it."""
    return MigratedDatabase.migrated(TEST_DATABASE)


@pytest.fixture(scope="session")
def database(migrated_database: MigratedDatabase) -> str:
    """The libpq URL of the migrated database."""
    return migrated_database.url


@pytest.fixture(scope="session")
def app(database: str):  # type: ignore[no-untyped-def]
    from api.asgi import create_app

    return create_app()


@pytest.fixture(scope="session")
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    """One client (and so one event loop and connection pool) for the whole session. HTTPS, because
    the session cookie is Secure."""
    with TestClient(app, base_url="https://testserver.local", raise_server_exceptions=False) as test_client:
        # The API answers in German unless asked otherwise; the suite's assertions on problem texts were
        # written in English, so it asks for English. German answers have their own tests
        # (tests/integration/system/test_problem_language.py).
        test_client.headers["Accept-Language"] = "en"
        yield test_client


@pytest.fixture()
def client_without_language(client: TestClient) -> Iterator[TestClient]:
    """The shared client sending no Accept-Language, for what the API does by default (German)."""
    default = client.headers.pop("Accept-Language")
    yield client
    client.headers["Accept-Language"] = default


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    """The SMTP server the settings point at; it keeps every message."""
    controller, box = start_mailbox(SMTP_PORT)
    yield box
    controller.stop()


@pytest.fixture()
def db(migrated_database: MigratedDatabase) -> Iterator[psycopg.Connection]:
    """A direct connection for arranging data; every table is emptied after each test."""
    with psycopg.connect(migrated_database.url, autocommit=True) as connection:
        yield connection
        migrated_database.empty(connection)


@pytest.fixture()
def empty_db(db: psycopg.Connection, migrated_database: MigratedDatabase) -> psycopg.Connection:
    """`db`, with every table emptied before the test too: for tests that count rows a test without `db` may
    have left behind."""
    migrated_database.empty(db)
    return db


@pytest.fixture(autouse=True, scope="session")
def _quiet_http_client_logs() -> None:
    import logging

    logging.getLogger("httpx").setLevel(logging.WARNING)


@pytest.fixture(autouse=True, scope="session")
def _fresh_redis() -> None:
    """Rate-limit windows and sessions of an earlier run must not leak into this one."""
    import redis

    for url in (os.environ["VOLUMAP_REDIS_URL"], os.environ["VOLUMAP_CELERY_BROKER_URL"]):
        redis.Redis.from_url(url).flushdb()


@pytest.fixture(scope="session")
def push_service():  # type: ignore[no-untyped-def]
    """The local push service (devtools/push_service.py): it checks VAPID and decrypts every message."""
    from devtools.push_service import start_in_thread
    from tests.support.push_service import PushServiceClient

    with start_in_thread() as running:
        client = PushServiceClient(running.base_url)
        yield client
        client.close()

