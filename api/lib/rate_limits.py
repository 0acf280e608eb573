"""Abuse limits on Redis (the `limits` library, moving windows), per client address and per account."""

from __future__ import annotations

import time
from functools import lru_cache

from limits import RateLimitItem, parse_many
from limits.aio.storage import RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter

from api.settings import get_settings


class TooManyRequestsError(Exception):
    def __init__(self, retry_after_s: int) -> None:
        super().__init__(f"Too many requests; try again in {retry_after_s} s")
        self.retry_after_s = retry_after_s


@lru_cache(maxsize=1)
def _limiter() -> MovingWindowRateLimiter:
    storage = RedisStorage(
        "async+" + get_settings().redis_url, implementation="redispy", key_prefix="volumap:limits"
    )
    return MovingWindowRateLimiter(storage)


@lru_cache(maxsize=32)
def _items(spec: str) -> list[RateLimitItem]:
    return parse_many(spec)


async def hit(action: str, *limits: tuple[str, str]) -> None:
    """Counts one `action` against each (spec, key) pair, e.g. ("10/minute;30/hour", "account:…") and
    ("30/minute", "ip:…"); raises when any is over. Every pair is counted, so trying another address
    does not spare an account, nor another account an address."""
    limiter = _limiter()
    exceeded: list[int] = []
    for spec, key in limits:
        for item in _items(spec):
            if not await limiter.hit(item, action, key):
                stats = await limiter.get_window_stats(item, action, key)
                exceeded.append(max(1, int(stats.reset_time - time.time())))
    if exceeded:
        raise TooManyRequestsError(max(exceeded))
