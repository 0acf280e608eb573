"""Exactly one scheduler: a beat (standalone or embedded in a worker) first takes a Redis lock and holds it
while it runs. A second one waits, and takes over when the first is gone: stopped, or killed (the lock
then expires after `scheduler_lock_s`). A beat that loses the lock (Redis unreachable for longer than
that) exits rather than risk a second scheduler."""

from __future__ import annotations

import atexit
import logging
import os
import threading

import redis
from celery.signals import beat_init

from api.settings import get_settings

log = logging.getLogger("volumap.scheduler")
SCHEDULER_LOCK = "volumap:scheduler"


def _keep(lock: redis.lock.Lock, ttl_s: float) -> None:
    while True:
        threading.Event().wait(ttl_s / 3)
        try:
            if lock.extend(ttl_s, replace_ttl=True):
                continue
        except redis.RedisError as exc:
            log.error("cannot renew the scheduler lock: %s", exc)
        log.critical("this scheduler lost its lock; stopping so that only one scheduler runs")
        os._exit(3)


@beat_init.connect
def hold_the_scheduler_lock(**_: object) -> None:
    settings = get_settings()
    ttl_s = settings.scheduler_lock_s
    client = redis.Redis.from_url(settings.redis_url)
    lock = client.lock(SCHEDULER_LOCK, timeout=ttl_s, thread_local=False)
    if not lock.acquire(blocking=False):
        log.warning("another scheduler is running; this one waits and takes over when it is gone")
        lock.acquire(blocking=True)
    log.info("this process is the scheduler (lock %s)", SCHEDULER_LOCK)
    threading.Thread(target=_keep, args=(lock, ttl_s), name="scheduler-lock", daemon=True).start()
    atexit.register(_release, lock)


def _release(lock: redis.lock.Lock) -> None:
    """On an orderly stop the next scheduler need not wait for the lock to expire."""
    try:
        lock.release()
    except (redis.RedisError, redis.exceptions.LockError):
        pass
