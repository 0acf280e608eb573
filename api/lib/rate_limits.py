"""Abuse limits on Redis (the `limits` library, moving windows), per client address and per account."""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from functools import lru_cache

from limits import RateLimitItem, parse_many
from limits.aio.storage import RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter

from api.lib.messages import msg
from api.lib.redis_clients import async_client_options
from api.settings import get_settings


class TooManyRequestsError(Exception):
    def __init__(self, retry_after_s: int) -> None:
        self.detail = msg("Too many requests; try again in {seconds} s", seconds=retry_after_s)
        super().__init__(str(self.detail))
        self.retry_after_s = retry_after_s


@lru_cache(maxsize=1)
def _limiter() -> MovingWindowRateLimiter:
    settings = get_settings()
    storage = RedisStorage(
        "async+" + settings.redis_url, implementation="redispy", key_prefix="volumap:limits",
        **async_client_options(settings),
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
                exceeded.append(await _retry_after(limiter, item, action, opaque))
    if exceeded:
        raise TooManyRequestsError(max(exceeded))


async def check(action: str, *limits: tuple[str, str]) -> None:
    """Raises as `hit` would if one more `action` were counted, but counts nothing: for what is counted only
    once its outcome is known (a wrong password), and so that a refused request uses up none of the limits
    (api/domain/accounts/guesses.py)."""
    limiter = _limiter()
    exceeded: list[int] = []
    for spec, key in limits:
        opaque = _opaque(key)
        for item in _items(spec):
            if not await limiter.test(item, action, opaque):
                exceeded.append(await _retry_after(limiter, item, action, opaque))
    if exceeded:
        raise TooManyRequestsError(max(exceeded))


async def clear(action: str, *limits: tuple[str, str]) -> None:
    """Forgets what was counted of `action` under each (spec, key) pair."""
    limiter = _limiter()
    for spec, key in limits:
        opaque = _opaque(key)
        for item in _items(spec):
            await limiter.clear(item, action, opaque)


async def _retry_after(limiter: MovingWindowRateLimiter, item: RateLimitItem, action: str, opaque: str) -> int:
    """Seconds until the window's oldest count leaves it, rounded up: trying again then succeeds."""
    stats = await limiter.get_window_stats(item, action, opaque)
    return max(1, math.ceil(stats.reset_time - time.time()))
