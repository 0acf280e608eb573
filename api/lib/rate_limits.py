"""Abuse limits on Redis (the `limits` library, moving windows), per client address and per account."""

from __future__ import annotations

import hashlib
import hmac
import time
from functools import lru_cache

from limits import RateLimitItem, parse_many
from limits.aio.storage import RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter

from api.lib.messages import msg
from api.settings import get_settings


class TooManyRequestsError(Exception):
    def __init__(self, retry_after_s: int) -> None:
        self.detail = msg("Too many requests; try again in {seconds} s", seconds=retry_after_s)
        super().__init__(str(self.detail))
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


def _opaque(key: str) -> str:
    """Keys name e-mail addresses and client addresses; Redis gets a keyed hash of them instead, so its
    keys name nobody (nor keep the address of an account deleted meanwhile)."""
    return hmac.new(get_settings().secret_key.encode(), key.encode(), hashlib.sha256).hexdigest()[:32]


async def hit(action: str, *limits: tuple[str, str]) -> None:
    """Counts one `action` against each (spec, key) pair, e.g. ("10/minute;30/hour", "account:…") and
    ("30/minute", "ip:…"); raises when any is over. Every pair is counted, so trying another address
    does not spare an account, nor another account an address."""
    limiter = _limiter()
    exceeded: list[int] = []
    for spec, key in limits:
        opaque = _opaque(key)
        for item in _items(spec):
            if not await limiter.hit(item, action, opaque):
                stats = await limiter.get_window_stats(item, action, opaque)
                exceeded.append(max(1, int(stats.reset_time - time.time())))
    if exceeded:
        raise TooManyRequestsError(max(exceeded))
