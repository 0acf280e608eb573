"""Real processes for tests that need them: the API (uvicorn) for browsers, hang-ups and process-level
behaviour, and a Celery worker with its scheduler."""

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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


@contextmanager
def worker(tmp_path: Path, name: str, **settings: str) -> Iterator[subprocess.Popen[bytes]]:
    """A Celery worker with the scheduler in it (prefork, two processes), in a process group of its own."""
    log = open(tmp_path / f"{name}.log", "ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker", "--beat", "--concurrency=2",
         "--loglevel=INFO", "--schedule", str(tmp_path / f"beat-{name}"), "-n", f"{name}-{os.getpid()}@%h"],
        cwd=ROOT, env={**os.environ, **FAST_WORKER_SETTINGS, **settings}, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()
