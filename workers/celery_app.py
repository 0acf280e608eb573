"""The Celery app: configuration from VoluMap's settings, the beat schedule, safe delivery defaults."""

from __future__ import annotations

from celery import Celery

from api.settings import get_settings

settings = get_settings()

app = Celery(
    "volumap",
    broker=settings.celery_broker_url,
    include=[
        "workers.tasks.system",
        "workers.tasks.outbox",
        "workers.tasks.offers",
        "workers.tasks.matching",
        "workers.tasks.applications",
        "workers.tasks.push",
        "workers.tasks.reminders",
    ],
)
app.conf.update(
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_time_limit=300,
    task_soft_time_limit=240,
    # Longer than the longest task and any countdown, so Redis never re-delivers a task still running.
    # Socket timeouts: a publish to a frozen Redis gives up instead of waiting forever (longer than the 1 s
    # BRPOP a worker waits on).
    broker_transport_options={"visibility_timeout": 3600, "socket_connect_timeout": 5, "socket_timeout": 10},
    # A worker that loses Redis keeps reconnecting for as long as it takes (the default gives up after 100
    # tries, about an hour), so it works again once Redis is back without being restarted.
    broker_connection_max_retries=None,
    # Only one scheduler sends the beat schedule: the one holding a Redis lock (workers/scheduler.py).
    beat_scheduler="workers.scheduler:SingleScheduler",
    task_ignore_result=True,
    broker_connection_retry_on_startup=True,
    timezone="Europe/Berlin",
    enable_utc=True,
    beat_schedule={
        "heartbeat": {"task": "volumap.system.heartbeat", "schedule": settings.heartbeat_interval_s},
        "outbox-relay": {"task": "volumap.outbox.relay", "schedule": settings.outbox_relay_interval_s},
        # An offer may stay public up to 15 minutes past its end; each run is one statement.
        "offer-expiry": {"task": "volumap.offers.expire", "schedule": 900.0},
        # A place offered from a waiting list is held 48 hours; it moves on within a minute after that.
        "waiting-lists": {"task": "volumap.applications.refresh_waiting_lists", "schedule": 60.0},
        # Push deliveries that are due (quiet hours over, a retry's time come) or whose task was lost.
        "push-sweep": {"task": "volumap.push.sweep", "schedule": settings.push_sweep_interval_s},
        "push-expiry": {"task": "volumap.push.expire", "schedule": 24 * 3600.0},
        # Reminders go out 24 hours before a one-off offer starts; a run every 15 minutes finds each once.
        "reminders": {"task": "volumap.reminders.upcoming", "schedule": 900.0},
        # Completed e-mail and push events lose their payload after VOLUMAP_OUTBOX_RETENTION_DAYS.
        "outbox-redaction": {"task": "volumap.outbox.redact", "schedule": 24 * 3600.0},
        # The matches and finished push deliveries of events handled more than that long ago are deleted, and
        # feedback older than VOLUMAP_FEEDBACK_RETENTION_DAYS.
        "outbox-pruning": {"task": "volumap.outbox.prune", "schedule": 24 * 3600.0},
    },
)
