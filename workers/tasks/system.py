from __future__ import annotations

import time

from api.domain.system.heartbeat import HEARTBEAT_KEY
from api.settings import get_settings
from workers.celery_app import app
from workers.db import get_redis


@app.task(name="volumap.system.heartbeat")
def heartbeat() -> float:
    """Proves the scheduler and a worker are alive: /health/ready reports how old this stamp is."""
    now = time.time()
    get_redis().set(HEARTBEAT_KEY, now, ex=int(get_settings().heartbeat_interval_s * 10) + 60)
    return now
