"""Exactly one scheduler: a second `celery beat` waits while the first runs and takes over when the first is
killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

# Real schedulers, one killed: about 12 s.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]


def _beat(tmp_path: Path, name: str) -> tuple[subprocess.Popen[bytes], Path]:
    log = tmp_path / f"{name}.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "workers.celery_app", "beat", "--loglevel=INFO",
         "--schedule", str(tmp_path / f"{name}-schedule"), "--logfile", str(log)],
        cwd=ROOT, env={**os.environ, "VOLUMAP_SCHEDULER_LOCK_S": "2"}, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    return process, log


def _says(log: Path, words: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and words in log.read_text():
            return True
        time.sleep(0.1)
    return False


def test_a_second_scheduler_waits_and_takes_over_when_the_first_is_killed(tmp_path) -> None:
    first, first_log = _beat(tmp_path, "first")
    second = None
    try:
        assert _says(first_log, "this process is the scheduler", 30)
        second, second_log = _beat(tmp_path, "second")
        assert _says(second_log, "another scheduler is running", 30)
        time.sleep(3)  # longer than the lock's lifetime: the first keeps renewing it
        assert "this process is the scheduler" not in second_log.read_text()

        os.killpg(first.pid, signal.SIGKILL)
        first.wait()

        assert _says(second_log, "this process is the scheduler", 10)
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)  # an orderly stop releases the lock
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
