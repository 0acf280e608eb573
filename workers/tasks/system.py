from __future__ import annotations

import time

import redis

from api.domain.system.heartbeat import HEARTBEAT_KEY
from api.settings import get_settings
from workers.celery_app import app


@app.task(name="volumap.system.heartbeat")
def heartbeat() -> float:
    """Proves the scheduler and a worker are alive: /health/ready reports how old this stamp is."""
    now = time.time()
    client = redis.Redis.from_url(get_settings().redis_url)
    try:
        client.set(HEARTBEAT_KEY, now, ex=int(get_settings().heartbeat_interval_s * 10) + 60)
    finally:
        client.close()
    return now
