"""`make run`'s script (infra/run.sh) keeps VoluMap up: a worker killed with SIGKILL is named and started again
while the API keeps answering, and Ctrl-C (SIGINT to the whole process group, as a terminal sends it) still
stops everything."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.support.servers import ROOT, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]


class Output:
    """The script's output, line by line, read in a thread so that waiting for a line has a deadline."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        self._reader = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._reader.start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            self._queue.put(line.rstrip("\n"))

    def drain(self) -> None:
        """Every line up to the end of the output (the script and its children have closed it)."""
        self._reader.join(timeout=30)
        while not self._queue.empty():
            self.lines.append(self._queue.get())

    def wait_for(self, pattern: str, timeout: float = 60) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            self.lines.append(line)
            if found := re.search(pattern, line):
                return found
        raise AssertionError(f"no line matching {pattern!r} in time; last lines: {self.lines[-20:]}")


def _live(base_url: str) -> bool:
    try:
        return httpx.get(f"{base_url}/health/live", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def test_a_killed_worker_is_started_again_and_ctrl_c_stops_everything(database: str, tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "PORT": str(port), "LOCAL_PUSH": "0", "STATE_DIR": str(tmp_path),
           "VOLUMAP_SMTP_HOST": "127.0.0.1", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(["bash", "infra/run.sh"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    output = Output(process)
    base_url = f"http://127.0.0.1:{port}"
    try:
        worker = int(output.wait_for(r"volumap: worker started \(pid (\d+)\)").group(1))
        output.wait_for("VoluMap is running")
        assert _live(base_url)

        os.kill(worker, signal.SIGKILL)
        output.wait_for(r"volumap: worker exited with status 137; starting it again")
        again = int(output.wait_for(r"volumap: worker started \(pid (\d+)\)").group(1))
        assert again != worker
        assert _live(base_url)
        assert sum("api started" in line for line in output.lines) == 1  # the API was never restarted
        os.kill(again, 0)  # the new worker is running

        os.killpg(process.pid, signal.SIGINT)
        assert process.wait(timeout=60) is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("processes of the stack are still running after Ctrl-C")
        assert not _live(base_url)
        output.drain()
        assert "stopping VoluMap…" in output.lines
        assert not [line for line in output.lines if "starting it again" in line and "worker" not in line]
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
