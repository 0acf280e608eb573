"""Private PostgreSQL and Redis servers that tests (and bench/faults) stop, freeze and start again at will:
each on a port of its own, so the machine's shared servers (5432, 6379) are never touched.

- `private_redis()`: a `redis-server` without persistence; `stop()`, `start()` (same port, empty), `freeze()`
  (SIGSTOP: connections are accepted by the kernel and never answered) and `thaw()` (SIGCONT).
- `private_postgres()`: a cluster made with `initdb` as the `postgres` user (PostgreSQL refuses to run as root),
  with a database migrated to head (PostGIS included); `stop()` (`pg_ctl stop -m fast`) and `start()`.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import redis

from tests.support.database import migrate
from tests.support.servers import free_port

PG_BIN = Path(os.environ.get("VOLUMAP_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
PG_USER = "postgres"


@dataclass
class PrivateRedis:
    port: int
    log: Path
    process: subprocess.Popen[bytes] | None = field(default=None)

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        """Starts (again) on the same port, with nothing stored: `--save ''` and no append-only file."""
        assert self.process is None or self.process.poll() is not None, "already running"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no"],
                stdout=log, stderr=subprocess.STDOUT,
            )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5, socket_timeout=0.5)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                client.ping()
                client.close()
                return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server on {self.port} did not answer:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # a frozen server cannot act on SIGTERM
            self.process.terminate()
            self.process.wait(timeout=10)

    def freeze(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)


@contextmanager
def private_redis() -> Iterator[PrivateRedis]:
    with tempfile.TemporaryDirectory(prefix="volumap-redis-") as directory:
        server = PrivateRedis(port=free_port(), log=Path(directory) / "redis.log")
        server.start()
        try:
            yield server
        finally:
            server.stop()


def _as_postgres(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["runuser", "-u", PG_USER, "--", *command], check=True, capture_output=True, text=True)


@dataclass
class PrivatePostgres:
    directory: Path
    port: int
    database: str = "volumap"

    @property
    def data(self) -> Path:
        return self.directory / "data"

    def url(self, database: str | None = None) -> str:
        """The libpq URL of a database of this cluster (`postgresql://…`)."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database or self.database}"

    def init(self) -> None:
        _as_postgres(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", PG_USER, "--auth=trust",
                     "--encoding=UTF8", "--locale=C.UTF-8")

    def start(self) -> None:
        # fsync off: the cluster lives as long as the test; its socket directory is its own.
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} -c fsync=off"
                   " -c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
                   " -c shared_buffers=32MB")
        _as_postgres(str(PG_BIN / "pg_ctl"), "start", "-w", "-t", "30", "-D", str(self.data),
                     "-l", str(self.directory / "postgres.log"), "-o", options)

    def stop(self) -> None:
        """`pg_ctl stop -m fast`: open connections are ended, as in a restart for maintenance."""
        _as_postgres(str(PG_BIN / "pg_ctl"), "stop", "-w", "-m", "fast", "-D", str(self.data))

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def create_database(self) -> None:
        with psycopg.connect(self.url("postgres"), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{self.database}"')
        migrate(self.url(), "head")


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    """A fresh cluster with the database `volumap` migrated to head; removed afterwards."""
    directory = Path(tempfile.mkdtemp(prefix="volumap-pg-"))
    shutil.chown(directory, user=PG_USER, group=PG_USER)
    cluster = PrivatePostgres(directory=directory, port=free_port())
    try:
        cluster.init()
        cluster.start()
        cluster.create_database()
        yield cluster
    finally:
        if cluster.running():
            try:
                cluster.stop()
            except subprocess.CalledProcessError:
                pass
        shutil.rmtree(directory, ignore_errors=True)
