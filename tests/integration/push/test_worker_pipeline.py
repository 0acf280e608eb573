"""The whole path through real processes: the API writes the event, the relay (beat) hands it to a real
Celery worker, reverse matching writes the deliveries, the worker sends them to the local push service,
which checks VAPID and decrypts. And a worker killed with SIGKILL in the middle of a fan-out: after a
restart every device has its message once."""

from __future__ import annotations

import time

import pytest

from api.domain.push.channels import get_channels
from tests.integration.push.audience import device
from tests.integration.volunteers.profiles import insert_profiles
from tests.support.accounts import make_person, sign_in
from tests.support.applications import apply
from tests.support.factories import BIELEFELD_MITTE, make_anonymous_devices, make_organisation
from tests.support.moderation_desk import add_member, claim, post, submitted
from tests.support.servers import worker
from workers.db import get_redis
from workers.tasks.outbox import RELAY_LOCK
from workers.tasks.push import SWEEP_LOCK

LAT, LON = BIELEFELD_MITTE
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]


def _wait(condition, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_publishing_an_offer_notifies_the_matching_devices_through_a_real_worker(
    client, db, push_service, tmp_path
) -> None:
    organisation = make_organisation(db, name="Umweltwerkstatt Bielefeld")
    member = add_member(db, organisation)
    offer = submitted(db, organisation, 10, title="Müll sammeln am Obersee", category_ids=[5])
    volunteer = make_person(db)
    insert_profiles(db, [{"user_id": volunteer.id, "lat": LAT + 0.01, "lon": LON, "radius_km": 5,
                          "interests": [5]}])
    phone = device(db, push_service, user_id=volunteer.id)
    neighbour = device(db, push_service, area=(LAT, LON, 3), interests=[5])
    elsewhere = device(db, push_service, area=(LAT + 0.4, LON, 5))
    members_phone = device(db, push_service, user_id=member.id)

    with worker(tmp_path, "pipeline"):
        sign_in(client, make_person(db, moderator=True))
        assert claim(client, "offers", offer["id"]).status_code == 200
        assert post(client, f"/api/v1/moderation/offers/{offer['id']}/approve").status_code == 200

        for target in (phone, neighbour):
            [message] = push_service.wait_for_messages(target.mailbox, timeout=45)
            assert message["payload"]["url"] == f"https://volumap.test/#/angebot/{offer['id']}"
            assert message["payload"]["body"].startswith("Müll sammeln am Obersee · Umwelt und Naturschutz ·")
        [approved] = push_service.wait_for_messages(members_phone.mailbox, timeout=30)
        assert approved["payload"]["title"] == "Veröffentlicht: Müll sammeln am Obersee"

        # "I'll help": the organisation's members hear of it, then the volunteer of the answer.
        sign_in(client, volunteer)
        application = apply(client, offer["id"])
        assert application.status_code == 201, application.text
        _wait(lambda: len(push_service.messages(members_phone.mailbox)) == 2, 30, "the new applicant's push")
        assert push_service.messages(members_phone.mailbox)[-1]["payload"]["title"] == (
            "Neue Bewerbung: Müll sammeln am Obersee")
        sign_in(client, member)
        accepted = post(client, f"/api/v1/manage/offers/{offer['id']}/applications/"
                                f"{application.json()['id']}/accept")
        assert accepted.status_code == 200, accepted.text
        _wait(lambda: len(push_service.messages(phone.mailbox)) == 2, 30, "the acceptance's push")
        assert push_service.messages(phone.mailbox)[-1]["payload"]["title"] == "Du bist dabei: Müll sammeln am Obersee"

    assert push_service.messages(elsewhere.mailbox) == []
    assert push_service.stats()["rejected"] == {}


def test_a_worker_killed_mid_fan_out_loses_nothing_and_repeats_nothing(client, db, push_service, tmp_path) -> None:
    """SIGKILL to the worker and its children while deliveries are in flight; a new worker finishes the job."""
    devices = 400
    created = push_service.subscribe_many(get_channels()["volumap"].public_key, devices)
    make_anonymous_devices(db, created)
    push_service.answer_all(delay_ms=40)  # a slow push service keeps requests in flight when the kill comes
    organisation = make_organisation(db)
    offer = submitted(db, organisation, 5, category_ids=[11])
    recovery = {"VOLUMAP_PUSH_CHUNK_SIZE": "40", "VOLUMAP_PUSH_IN_FLIGHT": "10", "VOLUMAP_PUSH_LEASE_S": "6",
                "VOLUMAP_PUSH_REQUEUE_AFTER_S": "3", "VOLUMAP_OUTBOX_REDISPATCH_AFTER_S": "5"}

    with worker(tmp_path, "doomed", **recovery) as doomed:
        sign_in(client, make_person(db, moderator=True))
        claim(client, "offers", offer["id"])
        assert post(client, f"/api/v1/moderation/offers/{offer['id']}/approve").status_code == 200
        _wait(lambda: push_service.stats()["received"] >= 60, 60, "the first deliveries")
        doomed.kill()
    # A lock the killed worker held would stay until it expires (a minute) and hold up the relay of later
    # tests that call it directly; the successor takes its own.
    get_redis().delete(RELAY_LOCK, SWEEP_LOCK)
    received_before = push_service.stats()["received"]
    in_doubt = db.execute("SELECT count(*) FROM push_delivery WHERE status = 'sending'").fetchone()[0]
    assert received_before < devices, "the kill came too late to prove anything"

    with worker(tmp_path, "successor", **recovery):
        _wait(lambda: db.execute("SELECT count(*) FROM push_delivery WHERE status = 'sent'").fetchone()[0] == devices,
              90, "every delivery to be sent")

    statuses = dict(db.execute("SELECT status, count(*) FROM push_delivery GROUP BY status").fetchall())
    assert statuses == {"sent": devices}
    # Every device holds exactly one message. A message the push service took while its worker died (in doubt:
    # its answer was never recorded) was sent again with the same Topic, which replaced the first copy.
    counts = [len(push_service.messages(sub["id"])) for sub in created]
    assert counts == [1] * devices
    stats = push_service.stats()
    assert stats["received"] - devices == stats["replaced"] <= in_doubt
