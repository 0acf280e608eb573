"""A Celery worker whose pool processes run under cProfile (BENCH_PROFILE=1 in `bench/push`).

Takes the arguments of `celery`; each pool process profiles itself from its start and writes
`<BENCH_PROFILE_DIR>/profile-<pid>.prof` when the worker shuts down warmly (SIGTERM). The profile slows the
worker down, so its run is not the measured one; it says where the worker's CPU time goes.
"""

from __future__ import annotations

import cProfile
import os
import sys
import time
from pathlib import Path

from celery.__main__ import main
from celery.signals import worker_process_init, worker_process_shutdown

# CPU time, not wall-clock time: a pool process waiting for its next task or an answer costs nothing.
PROFILER = cProfile.Profile(time.process_time)


@worker_process_init.connect
def _start_profiling(**_: object) -> None:
    PROFILER.enable()


@worker_process_shutdown.connect
def _write_profile(**_: object) -> None:
    PROFILER.disable()
    PROFILER.dump_stats(Path(os.environ["BENCH_PROFILE_DIR"]) / f"profile-{os.getpid()}.prof")


if __name__ == "__main__":
    sys.exit(main())
