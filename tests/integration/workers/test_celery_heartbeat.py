"""A real Celery worker with its scheduler runs the periodic heartbeat, and readiness reports it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from api.domain.system.heartbeat import HEARTBEAT_KEY

# A real worker with its scheduler: about 7 s.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]


def test_worker_and_scheduler_run_the_periodic_heartbeat(client, tmp_path) -> None:
    store = redis.Redis.from_url(os.environ["VOLUMAP_REDIS_URL"])
    store.delete(HEARTBEAT_KEY)
    env = {**os.environ, "VOLUMAP_HEARTBEAT_INTERVAL_S": "1"}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker", "--beat", "--pool=solo",
         "--loglevel=INFO", "--schedule", str(tmp_path / "beat-schedule"), "-n", f"test-{os.getpid()}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 45
        while store.get(HEARTBEAT_KEY) is None and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.2)
        stamp = store.get(HEARTBEAT_KEY)
        assert stamp is not None, "no heartbeat within 45 s"
        assert abs(time.time() - float(stamp)) < 30

        ready = client.get("/health/ready").json()
        assert ready["worker_heartbeat_age_s"] is not None and ready["worker_heartbeat_age_s"] < 30
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            output = worker.communicate(timeout=20)[0].decode(errors="replace")
        except subprocess.TimeoutExpired:
            worker.kill()
            output = worker.communicate()[0].decode(errors="replace")
        store.delete(HEARTBEAT_KEY)
    assert "volumap.system.heartbeat" in output and "succeeded" in output, output[-2000:]
