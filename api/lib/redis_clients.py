"""Every Redis client of VoluMap, the API's and the workers', is made here: with the settings' timeouts, so a
stopped or frozen Redis costs a request at most about VOLUMAP_REDIS_SOCKET_TIMEOUT_S (then 503:
api/lib/problems.py), and with one retry of a command whose connection turns out closed, so the first
request after Redis restarts works on a new connection instead of failing on a pooled one the old server
closed. A timed-out command is not retried: that would double the wait for a frozen Redis."""

from __future__ import annotations

from typing import Any

import redis
import redis.asyncio as aioredis
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import NoBackoff
from redis.retry import Retry

from api.settings import Settings, get_settings


def _timeouts(settings: Settings) -> dict[str, Any]:
    return {"socket_connect_timeout": settings.redis_connect_timeout_s,
            "socket_timeout": settings.redis_socket_timeout_s}


def async_client_options(settings: Settings | None = None) -> dict[str, Any]:
    """Keyword arguments for `redis.asyncio.Redis.from_url` (and the `limits` storage, which passes them on)."""
    settings = settings or get_settings()
    return {**_timeouts(settings),
            "retry": AsyncRetry(NoBackoff(), 1, supported_errors=(redis.exceptions.ConnectionError,))}


def async_client(url: str) -> aioredis.Redis:
    return aioredis.Redis.from_url(url, **async_client_options())


def sync_client(url: str) -> redis.Redis:
    """For the workers and the scheduler (redis-py's pool notices a fork and opens new connections in the child)."""
    return redis.Redis.from_url(url, **_timeouts(get_settings()),
                                retry=Retry(NoBackoff(), 1, supported_errors=(redis.exceptions.ConnectionError,)))
