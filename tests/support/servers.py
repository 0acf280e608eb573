"""Real processes for tests that need them: the API (uvicorn) for browsers, hang-ups and process-level
behaviour, and Celery workers and schedulers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_serving(url: str, process: subprocess.Popen[bytes], log: IO[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"the API exited with {process.returncode}:\n{log.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    log.seek(0)
    raise RuntimeError(f"the API did not answer {url} within 30 s:\n{log.read().decode(errors='replace')}")


def stop(process: subprocess.Popen[bytes], *, timeout: float) -> None:
    """SIGTERM, and SIGKILL if it has not ended within `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def api_server(
    env: dict[str, str], *, workers: int = 1, python: str = sys.executable, cwd: Path = ROOT
) -> Iterator[tuple[str, IO[bytes]]]:
    """Starts `uvicorn api.asgi:create_app` on a free port; yields its base URL and its log. `python` and `cwd`
    choose another installation (tests/packaging starts an installed wheel outside the source tree)."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    # Browsers open the app at this address, whatever VOLUMAP_PUBLIC_BASE_URL says: their writes with the
    # session cookie carry it as Origin (api/lib/origins.py).
    origins = ",".join(filter(None, (env.get("VOLUMAP_ALLOWED_ORIGINS"), base_url)))
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [python, "-m", "uvicorn", "api.asgi:create_app", "--factory", "--host", "127.0.0.1",
             "--port", str(port), "--workers", str(workers), "--no-proxy-headers"],
            cwd=cwd, env={**env, "VOLUMAP_ALLOWED_ORIGINS": origins}, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_serving(f"{base_url}/api/v1/categories", process, log)
            yield base_url, log
        finally:
            stop(process, timeout=10)


# Short intervals: a test waits for the relay and the sweep in tenths of a second.
FAST_WORKER_SETTINGS = {
    "VOLUMAP_OUTBOX_RELAY_INTERVAL_S": "0.3",
    "VOLUMAP_PUSH_SWEEP_INTERVAL_S": "0.5",
    "VOLUMAP_HEARTBEAT_INTERVAL_S": "60",
    "VOLUMAP_PUSH_TIMEOUT_S": "3",
}


@dataclass(frozen=True)
class Celery:
    """A running `celery` process (worker or scheduler) and the file its output goes to."""

    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def says(self, words: str, *, timeout: float) -> bool:
        """Whether its output holds `words` within `timeout` seconds (or by the time it exits)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            if words in self.output():
                return True
            time.sleep(0.1)
        return words in self.output()

    def kill(self) -> None:
        """SIGKILL to its whole process group (a prefork worker's pool with it), as a crash would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


@contextmanager
def celery(log_dir: Path, name: str, *arguments: str, env: Mapping[str, str]) -> Iterator[Celery]:
    """`celery -A workers.celery_app <arguments>` from the checkout, in a process group of its own, its output
    in `log_dir/<name>.log`. Stopped at the end: SIGTERM to the group (an orderly stop releases the
    scheduler's lock), SIGKILL after 20 s."""
    log_path = log_dir / f"{name}.log"
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "workers.celery_app", *arguments],
            cwd=ROOT, env=dict(env), stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        yield Celery(process, log_path)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@contextmanager
def worker(
    log_dir: Path, name: str, *, pool: str = "prefork", env: Mapping[str, str] | None = None, **settings: str
) -> Iterator[Celery]:
    """A Celery worker with the scheduler in it, with FAST_WORKER_SETTINGS and `settings` over `env` (the
    suite's environment unless given): prefork with two processes, or `pool="solo"`, one process, as
    `make run` starts it."""
    processes = ["--concurrency=2"] if pool == "prefork" else [f"--pool={pool}"]
    with celery(
        log_dir, name, "worker", "--beat", *processes, "--loglevel=INFO", "--schedule", str(log_dir / f"beat-{name}"),
        "-n", f"{name}-{os.getpid()}@%h", env={**(env or os.environ), **FAST_WORKER_SETTINGS, **settings},
    ) as launched:
        yield launched


@contextmanager
def scheduler(log_dir: Path, name: str, *, env: Mapping[str, str] | None = None, **settings: str) -> Iterator[Celery]:
    """A standalone `celery beat` (no worker: what it sends stays in the broker's queue)."""
    with celery(
        log_dir, name, "beat", "--loglevel=INFO", "--schedule", str(log_dir / f"schedule-{name}"),
        env={**(env or os.environ), **settings},
    ) as launched:
        yield launched
