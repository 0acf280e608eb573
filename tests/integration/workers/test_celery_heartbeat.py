"""A real Celery worker with its scheduler runs the periodic heartbeat, and readiness reports it."""

from __future__ import annotations

import os
import time

import pytest
import redis

from api.domain.system.heartbeat import HEARTBEAT_KEY
from tests.support.servers import worker

# A real worker with its scheduler: about 7 s.
pytestmark = pytest.mark.slow


def test_worker_and_scheduler_run_the_periodic_heartbeat(client, tmp_path) -> None:
    store = redis.Redis.from_url(os.environ["VOLUMAP_REDIS_URL"])
    store.delete(HEARTBEAT_KEY)
    try:
        with worker(tmp_path, "heartbeat", pool="solo", VOLUMAP_HEARTBEAT_INTERVAL_S="1") as launched:
            deadline = time.monotonic() + 45
            running = launched.process.poll
            while store.get(HEARTBEAT_KEY) is None and time.monotonic() < deadline and running() is None:
                time.sleep(0.2)
            stamp = store.get(HEARTBEAT_KEY)
            assert stamp is not None, "no heartbeat within 45 s"
            assert abs(time.time() - float(stamp)) < 30

            ready = client.get("/health/ready").json()
            assert ready["worker_heartbeat_age_s"] is not None and ready["worker_heartbeat_age_s"] < 30
        output = launched.output()
    finally:
        store.delete(HEARTBEAT_KEY)
    assert "volumap.system.heartbeat" in output and "succeeded" in output, output[-2000:]
