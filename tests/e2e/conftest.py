"""One running VoluMap for every browser test of this package: the API (uvicorn) and a Celery worker with its
scheduler, on the suite's migrated database, sending e-mail to the suite's SMTP server; and one headless
Chromium (Debian's, driven by Playwright). The stack lives as long as this package's tests, so the worker's
scheduler is gone before the integration tests start their own.

Fixtures:
- `stack`: base URL of the API, its mailbox and log, and the map's tile server (devtools/tile_stub.py).
- `browser`, `open_page(**context options)`: a fresh context per call (own cookies, storage and service
  worker), a phone (390 × 844) in German by default; any uncaught script error fails the test.
- `seeded`: the offers of tests/e2e/seeds.py, for the module that asks; `db`: a connection that empties nothing:
  a module's rows stay for all its tests, and every table is emptied after each module instead.
- `app_link(url)`: an e-mailed link (https://volumap.test/#/…) as the same route on the running stack.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import psycopg
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from devtools.tile_stub import TileStub, tile_stub
from tests.e2e.seeds import Seeded, seed_joellenbeck
from tests.support.database import MigratedDatabase
from tests.support.mailbox import Mailbox
from tests.support.servers import api_server, worker

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Stack:
    base_url: str
    mailbox: Mailbox
    log: IO[bytes]
    tiles: TileStub

    def app_link(self, url: str) -> str:
        """The route of a link the back end sent (built on the public base URL), on this stack."""
        return f"{self.base_url}/{url.split('/', 3)[3]}" if "://" in url else f"{self.base_url}{url}"


def _stack_env(tiles: TileStub) -> dict[str, str]:
    return {
        **os.environ,
        "VOLUMAP_MAP_TILE_URL": tiles.url,
        "VOLUMAP_MAP_ATTRIBUTION": "© Kachel-Attrappe der Tests",
        # Plain http on 127.0.0.1: the browser keeps a cookie marked Secure only for secure contexts, and
        # treats 127.0.0.1 as one, so the production setting stays on.
        "VOLUMAP_OUTBOX_RELAY_INTERVAL_S": "0.5",
    }


@pytest.fixture(scope="package")
def stack(database: str, mailbox: Mailbox) -> Iterator[Stack]:
    with tile_stub() as tiles, tempfile.TemporaryDirectory() as state:
        env = _stack_env(tiles)
        with worker(Path(state), "e2e", pool="solo", env=env), api_server(env) as (base_url, log):
            yield Stack(base_url=base_url, mailbox=mailbox, log=log, tiles=tiles)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def open_page(browser: Browser, stack: Stack) -> Iterator[Callable[..., Page]]:
    contexts = []
    errors: list[str] = []

    def open_new(**options: Any) -> Page:
        context = browser.new_context(**{"base_url": stack.base_url, "viewport": PHONE, "locale": "de-DE", **options})
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield open_new
    for context in contexts:
        context.close()
    assert not errors, f"uncaught errors in the page: {errors}"


@pytest.fixture(scope="module")
def seeded(database: str) -> Iterator[Seeded]:
    with seed_joellenbeck(database) as offers:
        yield offers


@pytest.fixture(scope="module", autouse=True)
def _empty_after_module(migrated_database: MigratedDatabase) -> Iterator[None]:
    """The tables are emptied (tests/support/database.py) after each module, so that neither the next module
    nor the integration tests see its rows."""
    yield
    with psycopg.connect(migrated_database.url, autocommit=True) as connection:
        migrated_database.empty(connection)


@pytest.fixture()
def db(database: str) -> Iterator[psycopg.Connection]:
    """A direct connection, like tests/conftest.py's, but the tables are kept: the browser tests' offers are
    written once per module (`seeded`)."""
    with psycopg.connect(database, autocommit=True) as connection:
        yield connection
