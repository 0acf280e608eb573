"""The daily cap counts delivered notifications only: a push service's 410, 429 or 500 (or a 400 it refuses
with) uses up nothing, a delivered notification does, and a person's devices count once. The tasks are
called as a worker calls them, against the local push service."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest

from tests.integration.push.audience import deliveries, delivery_ids, device
from tests.integration.volunteers.profiles import bulk_people, insert_profiles
from tests.support.factories import BIELEFELD_MITTE, make_offer, make_organisation, published_event
from tests.support.push_service import PushServiceClient
from workers.tasks import push as push_tasks
from workers.tasks.matching import match_published_offer
from workers.webpush import reset_sender

LAT, LON = BIELEFELD_MITTE


@pytest.fixture(autouse=True)
def _no_devices_left(empty_db: psycopg.Connection, push_service: PushServiceClient) -> Iterator[None]:
    """No devices, deliveries or allowances of an earlier test; a sender with this run's settings."""
    push_service.reset()
    reset_sender()
    yield
    reset_sender()


def _publish_and_deliver(db: psycopg.Connection, organisation: dict) -> int:
    event_id = published_event(db, make_offer(db, organisation)["id"])
    match_published_offer(event_id)
    push_tasks.deliver(delivery_ids(db, event_id))
    return event_id


def _counted(db: psycopg.Connection, recipient: uuid.UUID) -> list[int]:
    """The events that count against the recipient's cap today."""
    row = db.execute("SELECT event_ids FROM push_allowance WHERE recipient_id = %s"
                     " AND day = (now() AT TIME ZONE 'Europe/Berlin')::date", [recipient]).fetchone()
    return sorted(row[0]) if row else []


def test_failed_and_gone_deliveries_use_up_nothing_and_delivered_ones_count(db, push_service) -> None:
    [person, family] = bulk_people(db, 2)
    insert_profiles(db, [{"user_id": person, "lat": LAT, "lon": LON, "radius_km": 5},
                         {"user_id": family, "lat": LAT, "lon": LON, "radius_km": 5}])
    db.execute("UPDATE volunteer_profile SET daily_cap = 1, quiet_start = '00:00', quiet_end = '00:00'"
               " WHERE user_id = ANY(%s)", [[person, family]])
    # A person whose two devices both fail the first time: one is gone (410), the other refused (400).
    old_phone, laptop = device(db, push_service, user_id=person), device(db, push_service, user_id=person)
    # An anonymous device whose push service is busy (429) and then an internal error (500) the first times.
    busy = device(db, push_service, area=(LAT, LON, 5), daily_cap=1)
    # A person with a phone that gets it and a tablet whose push service fails once (500).
    phone, tablet = device(db, push_service, user_id=family), device(db, push_service, user_id=family)
    push_service.answer(old_phone.mailbox, 410)
    push_service.answer(laptop.mailbox, 400, times=1)
    push_service.answer(busy.mailbox, 429, times=1)
    push_service.answer(tablet.mailbox, 500, times=1)
    organisation = make_organisation(db)

    first = _publish_and_deliver(db, organisation)

    assert deliveries(db, first) == {old_phone.id: ("gone", 1), laptop.id: ("failed", 1),
                                     busy.id: ("pending", 1), phone.id: ("sent", 1), tablet.id: ("pending", 1)}
    assert _counted(db, person) == [] and _counted(db, busy.id) == []
    assert _counted(db, family) == [first]  # delivered to the phone; the tablet's failure takes nothing back

    push_service.answer(busy.mailbox, 500, times=1)
    second = _publish_and_deliver(db, organisation)

    # The person's laptop and the busy device still have their whole cap of one; the family's is used.
    assert deliveries(db, second) == {laptop.id: ("sent", 1), busy.id: ("pending", 1),
                                      phone.id: ("capped", 0), tablet.id: ("capped", 0)}
    assert _counted(db, person) == [second] and _counted(db, busy.id) == []

    # The retries come due: the busy device's first one is delivered and now counts; the tablet's belongs to an
    # event its person already had (counted once).
    db.execute("UPDATE push_delivery SET not_before = now() WHERE status = 'pending'")
    assert push_tasks.deliver(delivery_ids(db, first)) == 2
    assert deliveries(db, first)[busy.id] == deliveries(db, first)[tablet.id] == ("sent", 2)
    assert _counted(db, busy.id) == [first] and _counted(db, family) == [first]
    assert push_tasks.deliver(delivery_ids(db, second)) == 0
    assert deliveries(db, second)[busy.id] == ("capped", 1)  # its one place went to the first, delivered

    third = _publish_and_deliver(db, organisation)
    assert set(deliveries(db, third).values()) == {("capped", 0)}
    received = push_service.received()
    assert (received.get(laptop.mailbox), received.get(busy.mailbox), received.get(phone.mailbox),
            received.get(tablet.mailbox), received.get(old_phone.mailbox)) == (1, 1, 1, 1, None)
    assert push_service.stats()["answered"] == {"410": 1, "400": 1, "429": 1, "500": 2}
