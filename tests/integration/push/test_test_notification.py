"""A test notification: the device proves itself and gets a real push through the outbox, the worker's tasks
and the local push service (which checks VAPID and decrypts), whatever its quiet hours and daily cap."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from api.domain.push.channels import get_channels
from api.lib.outbox import PUSH_TEST
from api.settings import get_settings
from tests.integration.push.audience import deliveries, delivery_ids, device
from tests.integration.push.devices import BIELEFELD
from tests.support.accounts import csrf_headers, make_person, sign_in
from tests.support.factories import BIELEFELD_MITTE, make_offer, make_organisation, published_event
from tests.support.servers import worker
from workers.tasks import outbox as outbox_tasks
from workers.tasks import push as push_tasks
from workers.tasks.matching import match_published_offer
from workers.webpush import reset_sender

PATH = "/api/v1/push/test"
LAT, LON = BIELEFELD_MITTE


@pytest.fixture(autouse=True)
def _fresh_sender() -> None:
    reset_sender()
    yield
    reset_sender()


def _browser(push_service, client, **fields) -> dict:
    """A browser's subscription on the local push service, registered through the API; with its mailbox."""
    created = push_service.subscribe(get_channels()["volumap"].public_key)
    body = {"endpoint": created["endpoint"], "keys": created["keys"], **fields}
    response = client.post("/api/v1/push/subscriptions", json=body, headers=csrf_headers(client))
    assert response.status_code == 201, response.text
    return {**created, "subscription_id": response.json()["id"]}


def _proof(browser: dict) -> dict[str, str]:
    return {"endpoint": browser["endpoint"], "auth": browser["keys"]["auth"]}


def _ask(client, proof: dict[str, str]):  # type: ignore[no-untyped-def]
    return client.post(PATH, json=proof, headers=csrf_headers(client))


def _deliver_tests(db) -> int:
    """Carries out the queued test events as the relay's worker would: fan-out, then delivery."""
    events = [row[0] for row in db.execute(
        "SELECT id FROM outbox_event WHERE kind = %s AND completed_at IS NULL ORDER BY id", [PUSH_TEST])]
    assert all(outbox_tasks.HANDLERS[PUSH_TEST] is push_tasks.fan_out_to_device for _ in events)
    for event_id in events:
        push_tasks.fan_out_to_device(event_id)
    return sum(push_tasks.deliver(delivery_ids(db, event_id)) for event_id in events)


def _proof_of(db, subscription_id: uuid.UUID, endpoint: str) -> dict[str, str]:
    [(auth,)] = db.execute("SELECT auth FROM push_subscription WHERE id = %s", [subscription_id]).fetchall()
    return {"endpoint": endpoint, "auth": auth}


def test_an_anonymous_device_gets_its_test_notification(client, db, push_service) -> None:
    client.cookies.clear()
    browser = _browser(push_service, client, area=BIELEFELD, locale="de")

    response = _ask(client, _proof(browser))

    assert response.status_code == 202, response.text
    assert response.json() == {"queued": True}
    assert _deliver_tests(db) == 1
    [message] = push_service.wait_for_messages(browser["id"])
    assert message["payload"] == {
        "type": "push.test", "title": "VoluMap: Testnachricht",
        "body": "Benachrichtigungen funktionieren auf diesem Gerät.",
        "url": "https://volumap.test/#/benachrichtigungen", "tag": "volumap-test",
    }
    assert message["topic"] == "volumap-test" and message["urgency"] == "high"
    assert _deliver_tests(db) == 0  # done once, not again


def test_a_signed_in_persons_device_gets_it_in_their_language(client, db, push_service) -> None:
    person = make_person(db, locale="en")
    sign_in(client, person)
    browser = _browser(push_service, client)
    client.cookies.clear()  # the device's proof is enough, with or without the session

    assert _ask(client, _proof(browser)).status_code == 202
    assert _deliver_tests(db) == 1

    [message] = push_service.wait_for_messages(browser["id"])
    assert message["payload"]["title"] == "VoluMap: test notification"
    assert message["payload"]["body"] == "Notifications work on this device."


def test_an_unknown_device_or_a_wrong_secret_is_404(client, db, push_service) -> None:
    client.cookies.clear()
    browser = _browser(push_service, client, area=BIELEFELD)

    unknown = _ask(client, {"endpoint": "https://push.example.net/wpush/v2/nobody", "auth": "tBHItJI5svbpez7KI4CCXg"})
    wrong_secret = _ask(client, {"endpoint": browser["endpoint"], "auth": "AAAAAAAAAAAAAAAAAAAAAA"})
    malformed = _ask(client, {"endpoint": browser["endpoint"]})

    assert unknown.status_code == wrong_secret.status_code == 404
    assert unknown.headers["content-type"].startswith("application/problem+json")
    assert malformed.status_code == 400
    assert db.execute("SELECT count(*) FROM outbox_event WHERE kind = %s", [PUSH_TEST]).fetchone() == (0,)


def test_a_device_retired_by_its_push_service_is_404(client, db, push_service) -> None:
    client.cookies.clear()
    browser = _browser(push_service, client, area=BIELEFELD)
    db.execute("UPDATE push_subscription SET gone_at = now() WHERE endpoint = %s", [browser["endpoint"]])

    assert _ask(client, _proof(browser)).status_code == 404


def test_the_fourth_test_in_ten_minutes_is_429_with_retry_after(client, db, push_service) -> None:
    client.cookies.clear()
    browser, other = (_browser(push_service, client, area=BIELEFELD) for _ in range(2))

    answers = [_ask(client, _proof(browser)).status_code for _ in range(3)]
    refused = _ask(client, _proof(browser))

    assert answers == [202, 202, 202]
    assert refused.status_code == 429
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert 0 < int(refused.headers["retry-after"]) <= 600
    assert _ask(client, _proof(other)).status_code == 202  # another device has its own allowance
    assert db.execute("SELECT count(*) FROM outbox_event WHERE kind = %s", [PUSH_TEST]).fetchone() == (4,)


def test_one_address_has_its_own_limit_across_devices(client, db, push_service, monkeypatch) -> None:
    # A spec of its own: a window the other tests' requests from this same address do not share.
    monkeypatch.setattr(get_settings(), "rate_limit_push_test_per_address", "2/7minutes")
    client.cookies.clear()
    browsers = [_browser(push_service, client, area=BIELEFELD) for _ in range(3)]

    answers = [_ask(client, _proof(browser)) for browser in browsers]

    assert [answer.status_code for answer in answers] == [202, 202, 429]
    assert int(answers[2].headers["retry-after"]) > 0


def test_quiet_hours_and_the_daily_cap_do_not_hold_back_a_test(client, db, push_service) -> None:
    now = datetime.now(UTC).astimezone(ZoneInfo("Europe/Berlin"))
    asleep = device(db, push_service, area=(LAT, LON, 5),
                    quiet=((now - timedelta(hours=1)).time(), (now + timedelta(hours=1)).time()))
    capped = device(db, push_service, area=(LAT, LON, 5), daily_cap=1)
    offers = [make_offer(db, make_organisation(db)) for _ in range(2)]
    first = published_event(db, offers[0]["id"])
    match_published_offer(first)
    push_tasks.deliver(delivery_ids(db, first))
    assert deliveries(db, first)[capped.id] == ("sent", 1)  # the cap of 1 is used up for today
    assert deliveries(db, first)[asleep.id][0] == "pending"  # held back until the quiet hours end

    client.cookies.clear()
    for target in (asleep, capped):
        assert _ask(client, _proof_of(db, target.id, target.endpoint)).status_code == 202
    assert _deliver_tests(db) == 2

    assert [m["payload"]["tag"] for m in push_service.messages(asleep.mailbox)] == ["volumap-test"]
    assert [m["payload"]["type"] for m in push_service.messages(capped.mailbox)] == ["offer.published", "push.test"]
    [(counted,)] = db.execute("SELECT cardinality(event_ids) FROM push_allowance WHERE recipient_id = %s",
                              [capped.id]).fetchall()
    assert counted == 1  # the test took no place in the allowance
    second = published_event(db, offers[1]["id"])
    match_published_offer(second)
    push_tasks.deliver(delivery_ids(db, second))
    assert deliveries(db, second)[capped.id] == ("capped", 0)


@pytest.mark.e2e
@pytest.mark.timeout(180)
def test_a_test_notification_arrives_through_a_real_worker(client, db, push_service, tmp_path) -> None:
    client.cookies.clear()
    browser = _browser(push_service, client, area=BIELEFELD, locale="en")

    with worker(tmp_path, "push-test"):
        assert _ask(client, _proof(browser)).status_code == 202
        [message] = push_service.wait_for_messages(browser["id"], timeout=45)

    assert message["payload"]["title"] == "VoluMap: test notification"
    assert message["payload"]["url"] == "https://volumap.test/#/benachrichtigungen"
    assert push_service.stats()["rejected"] == {}
