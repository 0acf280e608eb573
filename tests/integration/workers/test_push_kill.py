"""A worker killed with SIGKILL in the middle of a fan-out, and started again: every device gets the offer,
and the devices that get it twice are at most what the killed worker had in flight (docs/push.md, "Delivery
guarantees"). The local push service counts every push it accepts per device, the ones it later replaced by
their Topic included, as a phone would count them."""

from __future__ import annotations

import time
from collections.abc import Iterator

import psycopg
import pytest

from api.domain.push.channels import get_channels
from api.domain.push.notifications import topic
from tests.support.accounts import make_person, sign_in
from tests.support.factories import make_anonymous_devices, make_organisation
from tests.support.moderation_desk import claim, post, submitted
from tests.support.push_service import PushServiceClient
from tests.support.servers import worker
from workers.db import get_redis
from workers.tasks.outbox import RELAY_LOCK
from workers.tasks.push import SWEEP_LOCK

DEVICES = 400
CONCURRENCY = 2  # the worker's pool (tests/support/servers.py, `worker`)
IN_FLIGHT = 10
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]


@pytest.fixture(autouse=True)
def _no_devices_left(empty_db: psycopg.Connection, push_service: PushServiceClient) -> Iterator[None]:
    push_service.reset()
    yield
    push_service.normal_for_all()


def _wait(condition, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _statuses(db: psycopg.Connection) -> dict[str, int]:
    return dict(db.execute("SELECT status, count(*) FROM push_delivery GROUP BY status").fetchall())


def test_a_killed_worker_repeats_at_most_what_it_had_in_flight_and_loses_nothing(
    client, db, push_service, tmp_path
) -> None:
    created = push_service.subscribe_many(get_channels()["volumap"].public_key, DEVICES)
    make_anonymous_devices(db, created)
    push_service.answer_all(delay_ms=30)  # a slow push service keeps requests in flight when the kill comes
    offer = submitted(db, make_organisation(db), 5, category_ids=[11])
    # Chunks much larger than what is in flight, answers recorded four at a time: the bound is what was in
    # flight, whatever the chunk or the batch.
    settings = {"VOLUMAP_PUSH_CHUNK_SIZE": "100", "VOLUMAP_PUSH_IN_FLIGHT": str(IN_FLIGHT),
                "VOLUMAP_PUSH_ANSWER_BATCH": "4", "VOLUMAP_PUSH_LEASE_S": "6", "VOLUMAP_PUSH_REQUEUE_AFTER_S": "3",
                "VOLUMAP_OUTBOX_REDISPATCH_AFTER_S": "5"}

    with worker(tmp_path, "doomed", **settings) as doomed:
        sign_in(client, make_person(db, moderator=True))
        claim(client, "offers", offer["id"])
        assert post(client, f"/api/v1/moderation/offers/{offer['id']}/approve").status_code == 200
        _wait(lambda: push_service.stats()["received"] >= DEVICES // 3, 60, "a third of the deliveries")
        doomed.kill()
    received_at_kill = push_service.stats()["received"]
    at_kill = _statuses(db)
    assert received_at_kill < DEVICES and at_kill.get("sending", 0) > 0, f"the kill came too late: {at_kill}"
    # Locks the killed worker held would stay until they expire; the successor takes its own.
    get_redis().delete(RELAY_LOCK, SWEEP_LOCK)

    with worker(tmp_path, "successor", **settings):
        _wait(lambda: _statuses(db) == {"sent": DEVICES}, 90, "every delivery to be sent")

    received = push_service.received()
    per_device = [received.get(sub["id"], 0) for sub in created]
    assert min(per_device) == 1, "a device got nothing"
    twice = sum(count > 1 for count in per_device)
    extra = sum(per_device) - DEVICES
    assert twice == extra, "no device got it three times"
    assert extra <= CONCURRENCY * IN_FLIGHT, f"{extra} devices got it twice; in flight were {CONCURRENCY * IN_FLIGHT}"
    assert extra <= at_kill["sending"]
    # The push service replaced each first copy by the second's Topic; the phone would replace a shown one by
    # the notification's tag, the same string.
    offer_topic = topic("o", offer["id"])
    for sub in created:
        [message] = push_service.messages(sub["id"])
        assert message["topic"] == message["payload"]["tag"] == offer_topic
    assert push_service.stats()["replaced"] == extra
