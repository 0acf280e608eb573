"""Redis restarted under a running worker and its scheduler: a change made meanwhile (through an organisation's
API token, which needs no session) keeps its event in the outbox, and once Redis is back the scheduler takes
its lock back, the relay hands the event over and the e-mail goes out; nothing is restarted."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.integration.faults.checks import Stack, until
from tests.support import servers
from tests.support.accounts import make_person
from tests.support.factories import make_offer, make_organisation
from tests.support.mailbox import Mailbox
from tests.support.offer_members import api_token
from tests.support.servers import Celery

# A private PostgreSQL and Redis and an API on them start once for the package
# (tests/integration/faults/conftest.py): up to 20 s.
pytestmark = [pytest.mark.faults, pytest.mark.timeout(120)]

SCHEDULER = "this process is the scheduler"
LOST = "this scheduler lost its lock"


@pytest.fixture()
def worker(stack: Stack, mailbox: Mailbox, tmp_path: Path) -> Iterator[Celery]:
    """A Celery worker with its scheduler embedded, as `make run` starts it, on the private servers."""
    with servers.worker(tmp_path, "faults", pool="solo", env=stack.env) as launched:
        assert launched.says(SCHEDULER, timeout=30), launched.output()
        yield launched


def _pending_application(db: psycopg.Connection) -> tuple[dict[str, Any], uuid.UUID, str, dict[str, str]]:
    """An offer with one pending application, the applicant's e-mail, and a token that may decide on it."""
    organisation = make_organisation(db)
    offer = make_offer(db, organisation, capacity=3)
    applicant = make_person(db)
    application_id = uuid.uuid4()
    db.execute("INSERT INTO application (id, offer_id, user_id, status) VALUES (%s, %s, %s, 'pending')",
               [application_id, offer["id"], applicant.id])
    return offer, application_id, applicant.email, api_token(db, organisation, "applications:write")


def test_an_event_written_while_redis_is_down_waits_in_the_outbox_and_goes_out_when_redis_is_back(
    stack: Stack, stack_db: psycopg.Connection, mailbox: Mailbox, worker: Celery
) -> None:
    offer, application_id, applicant_email, writer = _pending_application(stack_db)
    stack_db.execute("UPDATE outbox_event SET completed_at = now() WHERE completed_at IS NULL")

    stack.redis.stop()

    with stack.client() as client:
        accepted = client.post(f"/api/v1/manage/offers/{offer['id']}/applications/{application_id}/accept",
                               headers=writer)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"
    time.sleep(3)  # six relay intervals: nothing can take the event while Redis is away
    [(dispatched, completed)] = stack_db.execute(
        "SELECT dispatched_at, completed_at FROM outbox_event WHERE kind = 'email' AND payload->>'to' = %s",
        [applicant_email]).fetchall()
    assert (dispatched, completed) == (None, None)
    assert until(lambda: LOST in worker.output(), timeout=5), worker.output()[-4000:]
    assert worker.process.poll() is None, "the worker (and its scheduler) must keep running without Redis"

    stack.redis.start()  # empty: the scheduler's lock is gone with everything else

    assert mailbox.wait_for(applicant_email, timeout=60), worker.output()[-4000:]
    assert stack_db.execute(
        "SELECT completed_at IS NOT NULL FROM outbox_event WHERE kind = 'email' AND payload->>'to' = %s",
        [applicant_email]).fetchone() == (True,)
    # It took the lock back: said so a second time, after the loss, and it is still the same process.
    after_loss = worker.output().split(LOST, 1)[1]
    assert SCHEDULER in after_loss
    assert worker.process.poll() is None
