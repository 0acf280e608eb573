"""Exactly one scheduler: a second `celery beat` waits while the first runs and takes over when the first is
killed."""

from __future__ import annotations

import time

import pytest

from tests.support.servers import scheduler

# Real schedulers, one killed: about 12 s.
pytestmark = pytest.mark.slow


def test_a_second_scheduler_waits_and_takes_over_when_the_first_is_killed(tmp_path) -> None:
    with scheduler(tmp_path, "first", VOLUMAP_SCHEDULER_LOCK_S="2") as first:
        assert first.says("this process is the scheduler", timeout=30)
        with scheduler(tmp_path, "second", VOLUMAP_SCHEDULER_LOCK_S="2") as second:
            assert second.says("another scheduler is running", timeout=30)
            time.sleep(3)  # longer than the lock's lifetime: the first keeps renewing it
            assert "this process is the scheduler" not in second.output()

            first.kill()

            assert second.says("this process is the scheduler", timeout=10)
