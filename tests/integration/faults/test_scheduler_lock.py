"""A scheduler that loses its Redis lock keeps running: it sends nothing while another holds the lock, and takes
the lock back once it is free again. (Redis restarted under a worker's embedded scheduler:
test_outbox_and_scheduler.py.)"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.integration.faults.checks import Stack, until
from tests.support.servers import Celery, scheduler
from workers.scheduler import SCHEDULER_LOCK

# A private PostgreSQL and Redis and an API on them start once for the package
# (tests/integration/faults/conftest.py): up to 20 s.
pytestmark = [pytest.mark.faults, pytest.mark.timeout(120)]

SCHEDULER = "this process is the scheduler"
LOST = "this scheduler lost its lock (another scheduler holds it)"


@pytest.fixture()
def beat(stack: Stack, tmp_path: Path) -> Iterator[Celery]:
    """A standalone `celery beat` on the private Redis (lock lifetime 2 s, relay every 0.5 s) and no worker:
    what it sends stays in the broker's queue, to be counted."""
    with scheduler(tmp_path, "beat", env=stack.env) as launched:
        assert launched.says(SCHEDULER, timeout=30), launched.output()
        yield launched


def test_a_scheduler_whose_lock_is_taken_waits_sending_nothing_and_takes_it_back_when_it_is_free(
    stack: Stack, beat: Celery
) -> None:
    app_redis = redis.Redis.from_url(stack.redis.url(0))
    queue = redis.Redis.from_url(stack.redis.url(1))
    assert until(lambda: queue.llen("celery") > 0, timeout=5), "the scheduler sends the relay every 0.5 s"

    # As after a Redis restart in which another scheduler was quicker: the lock is someone else's for 4 s.
    app_redis.set(SCHEDULER_LOCK, "another-scheduler", px=4000)

    assert until(lambda: LOST in beat.output(), timeout=5), beat.output()
    sent = queue.llen("celery")
    # Until the other's lock runs out (the scheduler may take it back at once, so the key need never be seen
    # empty): every count read while the other still held the lock is what it was when the loss was logged.
    deadline = time.monotonic() + 6
    while time.monotonic() < deadline:
        length = queue.llen("celery")
        if app_redis.get(SCHEDULER_LOCK) != b"another-scheduler":
            break
        assert length == sent, "nothing is sent while another scheduler holds the lock"
        time.sleep(0.05)
    else:
        pytest.fail("the other scheduler's lock did not run out within 6 s")

    assert until(lambda: SCHEDULER in beat.output().split(LOST, 1)[1], timeout=5), beat.output()
    assert app_redis.get(SCHEDULER_LOCK) not in (None, b"another-scheduler")
    assert until(lambda: queue.llen("celery") > sent, timeout=5), "it sends again once it holds the lock"
    assert beat.process.poll() is None
