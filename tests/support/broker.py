"""The Celery broker's queue as the tests see it: what the relay handed over, read from Redis, where no worker
takes it away while these tests run."""

from __future__ import annotations

import base64
import json
from typing import Any

import redis

from api.settings import get_settings

QUEUE = "celery"  # Celery's default queue; workers/celery_app.py routes no task elsewhere


def take_queued_tasks() -> dict[str, tuple[str, list[Any]]]:
    """Empties the queue; the tasks it held, by task id: (task name, positional arguments)."""
    broker = redis.Redis.from_url(get_settings().celery_broker_url)
    with broker.pipeline() as transaction:
        transaction.lrange(QUEUE, 0, -1)
        transaction.delete(QUEUE)
        messages, _ = transaction.execute()
    tasks = {}
    for raw in messages:
        message = json.loads(raw)
        args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        tasks[message["headers"]["id"]] = (message["headers"]["task"], args)
    return tasks
