"""The delivery guarantees that hang on Celery's configuration (docs/architecture.md, "Notifications";
docs/development.md, "Workers")."""

from __future__ import annotations

from api.settings import get_settings
from workers.celery_app import app
from workers.tasks import outbox, push


def test_tasks_are_acknowledged_late_one_at_a_time_and_requeued_when_a_worker_dies() -> None:
    conf = app.conf
    assert conf.task_acks_late is True and conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert 0 < conf.task_soft_time_limit < conf.task_time_limit


def test_the_visibility_timeout_outlasts_every_countdown_and_every_task() -> None:
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    longest_email_backoff = 30 * 2 ** (outbox.MAX_ATTEMPTS - 1)
    assert visibility > push.MAX_BACKOFF_S
    assert visibility > longest_email_backoff
    assert visibility > app.conf.task_time_limit


def test_a_delivery_task_ends_before_its_claim_on_the_deliveries_does() -> None:
    deliver = app.tasks["volumap.push.deliver"]
    assert deliver.acks_late is True
    assert deliver.soft_time_limit < deliver.time_limit < get_settings().push_lease_s
