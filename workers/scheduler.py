"""Exactly one scheduler: celery beat (standalone or embedded in a worker) sends scheduled tasks only while it
holds a Redis lock. A thread renews the lock every third of `scheduler_lock_s`; a second beat waits and takes
over when the first is gone (stopped, or killed: the lock then expires after `scheduler_lock_s`).

A beat that loses the lock (Redis unreachable, or restarted and empty) stops sending and keeps trying to take
it back: once Redis answers it holds the lock again, unless another beat took it meanwhile, in which case it
waits as a second one does. Between the loss and the next renewal (a third of the lock's lifetime) a beat may
not yet know: two beats can then both send a task once, which every task tolerates (each takes its own lock
or is idempotent: workers/tasks/)."""

from __future__ import annotations

import atexit
import logging
import threading
from typing import Any

import redis
from celery.beat import PersistentScheduler

from api.lib.redis_clients import sync_client
from api.settings import get_settings

log = logging.getLogger("volumap.scheduler")
SCHEDULER_LOCK = "volumap:scheduler"
# How soon beat looks again whether it holds the lock, while it does not.
_PAUSED_TICK_S = 0.5


class SchedulerLock:
    """The lock, and whether this process holds it (`held`), kept up to date by a daemon thread."""

    def __init__(self, client: redis.Redis, ttl_s: float) -> None:
        self.ttl_s = ttl_s
        self.lock = client.lock(SCHEDULER_LOCK, timeout=ttl_s, thread_local=False)
        self.held = threading.Event()
        self._stopped = threading.Event()

    def start(self) -> None:
        threading.Thread(target=self._keep, name="scheduler-lock", daemon=True).start()

    def _take_or_renew(self) -> bool:
        if self.lock.owned():
            return bool(self.lock.extend(self.ttl_s, replace_ttl=True))
        return bool(self.lock.acquire(blocking=False))

    def _keep(self) -> None:
        state = "starting"
        while not self._stopped.is_set():
            try:
                now, problem = ("held" if self._take_or_renew() else "waiting"), ""
            except redis.exceptions.LockError:  # it expired between owned() and extend()
                now, problem = "waiting", ""
            except redis.RedisError as exc:
                now, problem = "unreachable", f"{type(exc).__name__}: {exc}"
            if now == "held":
                self.held.set()
            else:
                self.held.clear()
            if now != state:
                if now == "held":
                    log.info("this process is the scheduler (lock %s)", SCHEDULER_LOCK)
                elif state == "held":
                    log.error("this scheduler lost its lock (%s); it sends nothing until it takes the lock back",
                              problem or "another scheduler holds it")
                elif now == "waiting":
                    log.warning("another scheduler is running; this one waits and takes over when it is gone")
                else:
                    log.warning("cannot reach Redis for the scheduler lock (%s); trying again", problem)
                state = now
            self._stopped.wait(self.ttl_s / 3)

    def release(self) -> None:
        """On an orderly stop the next scheduler need not wait for the lock to expire."""
        self._stopped.set()
        if self.held.is_set():
            self.held.clear()
            try:
                self.lock.release()
            except redis.RedisError:  # LockError (not ours any more) included
                pass


class SingleScheduler(PersistentScheduler):
    """Celery beat's default scheduler (schedule kept in the `--schedule` file), sending only while this process
    holds the scheduler lock."""

    _lock: SchedulerLock | None = None

    def tick(self, *args: Any, **kwargs: Any) -> float:
        if self._lock is None:
            settings = get_settings()
            self._lock = SchedulerLock(sync_client(settings.redis_url), settings.scheduler_lock_s)
            self._lock.start()
            atexit.register(self._lock.release)
        if not self._lock.held.is_set():
            return _PAUSED_TICK_S
        interval: float = super().tick(*args, **kwargs)
        return interval

    def close(self) -> None:
        super().close()
        if self._lock is not None:
            self._lock.release()
