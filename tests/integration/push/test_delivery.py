"""From an outbox event to a decrypted message on the (local) push service, with the tasks called as a
worker calls them: who gets what, what each answer of a push service does, quiet hours, the daily cap.
The path through a real worker, the relay and the scheduler is in test_worker_pipeline.py."""

from __future__ import annotations

import logging
import time as clock
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import redis
from psycopg.types.json import Jsonb

from api.domain.push.channels import get_channels
from api.domain.push.notifications import people_payload, topic
from api.lib.outbox import PUSH
from api.settings import get_settings
from tests.integration.push.audience import deliveries, delivery_ids, device
from tests.integration.volunteers.profiles import bulk_people, insert_profiles
from tests.support.accounts import make_person
from tests.support.factories import BIELEFELD_MITTE, make_offer, make_organisation, published_event
from workers.tasks import outbox as outbox_tasks
from workers.tasks import push as push_tasks
from workers.tasks.matching import match_published_offer
from workers.tasks.reminders import remind_upcoming
from workers.webpush import VAPID_LIFETIME_S, VAPID_RENEW_BEFORE_S, VapidHeaders, reset_sender

ENVIRONMENT, SPORT, NEIGHBOURHOOD = 5, 6, 11
LAT, LON = BIELEFELD_MITTE
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def _short_timeouts(monkeypatch) -> None:
    monkeypatch.setattr(get_settings(), "push_timeout_s", 1.0)
    reset_sender()  # a sender with this test's settings
    yield
    reset_sender()


def _deliver_all(db, event_id: int) -> int:
    return push_tasks.deliver(delivery_ids(db, event_id))


def _payloads(push_service, mailbox: str) -> list[dict]:
    return [message["payload"] for message in push_service.messages(mailbox)]


def test_a_published_offer_reaches_exactly_the_matching_devices(db, push_service) -> None:
    offer = make_offer(db, make_organisation(db), title="Bäume pflanzen im Teutoburger Wald",
                       category_ids=[ENVIRONMENT])
    near, far, sport_fan, silent = bulk_people(db, 4)
    insert_profiles(db, [
        {"user_id": near, "lat": LAT + 0.01, "lon": LON, "radius_km": 5, "interests": [ENVIRONMENT]},
        {"user_id": far, "lat": LAT + 0.3, "lon": LON, "radius_km": 5},
        {"user_id": sport_fan, "lat": LAT, "lon": LON, "radius_km": 5, "interests": [SPORT]},
        {"user_id": silent, "lat": LAT, "lon": LON, "radius_km": 5, "notify": False},
    ])
    db.execute("UPDATE user_account SET locale = 'en' WHERE id = %s", [near])
    phone, tablet = device(db, push_service, user_id=near), device(db, push_service, user_id=near)
    strangers = [device(db, push_service, user_id=person) for person in (far, sport_fan, silent)]
    no_profile = device(db, push_service, user_id=make_person(db).id)
    in_area = device(db, push_service, area=(LAT - 0.02, LON, 4), interests=[ENVIRONMENT, SPORT])
    everything = device(db, push_service, area=(LAT, LON + 0.03, 3))
    elsewhere = device(db, push_service, area=(LAT + 0.5, LON, 10))
    other_topic = device(db, push_service, area=(LAT, LON, 10), interests=[SPORT])
    event_id = published_event(db, offer["id"])

    match_published_offer(event_id)
    sent = _deliver_all(db, event_id)

    reached = {phone, tablet, in_area, everything}
    assert sent == 4
    assert set(deliveries(db, event_id)) == {d.id for d in reached}
    for target in reached:
        [message] = push_service.wait_for_messages(target.mailbox)
        payload = message["payload"]
        assert payload["url"] == f"https://volumap.test/#/angebot/{offer['id']}"
        assert payload["type"] == "offer.published" and payload["tag"] == message["topic"]
        assert "Bäume pflanzen im Teutoburger Wald" in payload["body"]
        assert message["ttl"] == 86400 and message["urgency"] == "low"
    # In each recipient's language, with their distance.
    assert _payloads(push_service, phone.mailbox)[0]["title"] == "New volunteering near you"
    assert _payloads(push_service, phone.mailbox)[0]["body"].endswith("· Environment · 1.1 km")
    assert _payloads(push_service, in_area.mailbox)[0]["title"] == "Neues Ehrenamt in deiner Nähe"
    assert "Umwelt und Naturschutz" in _payloads(push_service, in_area.mailbox)[0]["body"]
    for other in (*strangers, no_profile, elsewhere, other_topic):
        assert push_service.messages(other.mailbox) == []

    # Running everything again (a redelivered task, the sweep) sends nothing twice.
    assert match_published_offer(event_id) == 0 and _deliver_all(db, event_id) == 0
    push_tasks.sweep()
    assert all(len(push_service.messages(d.mailbox)) == 1 for d in reached)
    assert push_service.stats()["received"] == 4


def test_the_second_channel_is_signed_with_its_own_key_and_links_into_its_app(db, push_service) -> None:
    offer = make_offer(db, make_organisation(db), category_ids=[NEIGHBOURHOOD])
    pwa = device(db, push_service, area=(LAT, LON, 5))
    city_app = device(db, push_service, area=(LAT, LON, 5), channel="oic")
    event_id = published_event(db, offer["id"])

    match_published_offer(event_id)
    assert _deliver_all(db, event_id) == 2

    # The local push service bound each subscription to the key it was created with, and checked the JWT.
    [city_message] = push_service.messages(city_app.mailbox)
    assert city_message["payload"]["url"] == f"https://oic.test/app/#/angebot/{offer['id']}"
    assert push_service.messages(pwa.mailbox)[0]["payload"]["url"].startswith("https://volumap.test/")
    assert get_channels()["oic"].public_key != get_channels()["volumap"].public_key


def test_a_push_signed_with_the_wrong_channels_key_is_refused_and_alerts(db, push_service, caplog) -> None:
    offer = make_offer(db, make_organisation(db))
    # Registered as the PWA's, but the browser subscribed with the city app's key: the push service says 403.
    mismatched = device(db, push_service, area=(LAT, LON, 5), channel="oic")
    db.execute("UPDATE push_subscription SET channel = 'volumap' WHERE id = %s", [mismatched.id])
    metrics = redis.Redis.from_url(get_settings().redis_url)
    before = int(metrics.hget(push_tasks.METRICS, "push_alert_403") or 0)
    event_id = published_event(db, offer["id"])
    match_published_offer(event_id)

    with caplog.at_level(logging.ERROR, logger="volumap.push"):
        assert _deliver_all(db, event_id) == 0

    assert deliveries(db, event_id) == {mismatched.id: ("failed", 1)}
    assert int(metrics.hget(push_tasks.METRICS, "push_alert_403")) == before + 1
    assert any("403" in record.getMessage() for record in caplog.records)
    assert db.execute("SELECT gone_at, failures FROM push_subscription WHERE id = %s",
                      [mismatched.id]).fetchone() == (None, 1)


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_subscription_is_retired(db, push_service, status: int) -> None:
    first, second = (make_offer(db, make_organisation(db)) for _ in range(2))
    target = device(db, push_service, area=(LAT, LON, 5))
    push_service.answer(target.mailbox, status)
    event_id = published_event(db, first["id"])
    match_published_offer(event_id)

    assert _deliver_all(db, event_id) == 0

    assert deliveries(db, event_id) == {target.id: ("gone", 1)}
    assert db.execute("SELECT gone_at IS NOT NULL FROM push_subscription WHERE id = %s", [target.id]).fetchone() == (
        True,)
    later = published_event(db, second["id"])
    match_published_offer(later)
    assert deliveries(db, later) == {}


def test_401_keeps_the_subscription_and_raises_the_alert(db, push_service, caplog) -> None:
    target = device(db, push_service, area=(LAT, LON, 5))
    push_service.answer(target.mailbox, 401, times=1)
    metrics = redis.Redis.from_url(get_settings().redis_url)
    before = int(metrics.hget(push_tasks.METRICS, "push_alert_401") or 0)
    event_id = published_event(db, make_offer(db, make_organisation(db))["id"])
    match_published_offer(event_id)

    with caplog.at_level(logging.ERROR, logger="volumap.push"):
        _deliver_all(db, event_id)

    assert deliveries(db, event_id) == {target.id: ("failed", 1)}
    assert int(metrics.hget(push_tasks.METRICS, "push_alert_401")) == before + 1
    assert any("401" in record.getMessage() and "VAPID" in record.getMessage() for record in caplog.records)
    assert db.execute("SELECT gone_at FROM push_subscription WHERE id = %s", [target.id]).fetchone() == (None,)


def test_413_is_logged_as_a_defect_and_not_retried(db, push_service, caplog) -> None:
    target = device(db, push_service, area=(LAT, LON, 5))
    push_service.answer(target.mailbox, 413, times=1)
    event_id = published_event(db, make_offer(db, make_organisation(db))["id"])
    match_published_offer(event_id)

    with caplog.at_level(logging.ERROR, logger="volumap.push"):
        _deliver_all(db, event_id)

    assert deliveries(db, event_id) == {target.id: ("failed", 1)}
    assert any("defect" in record.getMessage() for record in caplog.records)
    assert _deliver_all(db, event_id) == 0


def test_429_is_retried_after_its_retry_after(db, push_service) -> None:
    target = device(db, push_service, area=(LAT, LON, 5))
    push_service.answer(target.mailbox, 429, retry_after=2, times=1)
    event_id = published_event(db, make_offer(db, make_organisation(db))["id"])
    match_published_offer(event_id)

    assert _deliver_all(db, event_id) == 0
    answered_at = clock.monotonic()
    status, attempts = deliveries(db, event_id)[target.id]
    wait = db.execute("SELECT extract(epoch FROM not_before - now()) FROM push_delivery WHERE event_id = %s",
                      [event_id]).fetchone()[0]
    assert (status, attempts) == ("pending", 1) and 1.0 < float(wait) <= 2.0

    assert _deliver_all(db, event_id) == 0  # not due yet: nothing is sent before Retry-After
    while clock.monotonic() - answered_at < 2.1:
        clock.sleep(0.1)
    assert _deliver_all(db, event_id) == 1
    assert deliveries(db, event_id) == {target.id: ("sent", 2)}
    assert len(push_service.messages(target.mailbox)) == 1


def test_a_never_answering_push_service_times_out_and_is_retried(db, push_service) -> None:
    target = device(db, push_service, area=(LAT, LON, 5))
    push_service.answer(target.mailbox, "never", times=1)
    event_id = published_event(db, make_offer(db, make_organisation(db))["id"])
    match_published_offer(event_id)

    started = clock.monotonic()
    assert _deliver_all(db, event_id) == 0
    assert clock.monotonic() - started < 5  # the 1 s timeout, not the push service's patience

    status, last_error, wait = db.execute(
        "SELECT status, last_error, extract(epoch FROM not_before - now()) FROM push_delivery WHERE event_id = %s",
        [event_id]).fetchone()
    assert (status, last_error) == ("pending", "timed out") and 0 < float(wait) <= 10
    db.execute("UPDATE push_delivery SET not_before = now() WHERE event_id = %s", [event_id])  # time passes
    assert _deliver_all(db, event_id) == 1
    assert len(push_service.messages(target.mailbox)) == 1


def test_at_most_five_attempts_then_it_is_kept_as_failed(db, push_service) -> None:
    target = device(db, push_service, area=(LAT, LON, 5))
    push_service.answer(target.mailbox, 500)
    event_id = published_event(db, make_offer(db, make_organisation(db))["id"])
    match_published_offer(event_id)

    for _ in range(7):
        _deliver_all(db, event_id)
        db.execute("UPDATE push_delivery SET not_before = now() WHERE event_id = %s", [event_id])

    assert deliveries(db, event_id) == {target.id: ("failed", 5)}
    assert push_service.stats()["answered"].get("500") == 5


def _local_now() -> datetime:
    return datetime.now(UTC).astimezone(BERLIN)


def test_quiet_hours_defer_a_new_offer_to_their_end(db, push_service) -> None:
    now = _local_now()
    quiet_end = (now + timedelta(seconds=3)).time().replace(microsecond=0)
    quiet_start = (now - timedelta(hours=1)).time().replace(microsecond=0)
    [person] = bulk_people(db, 1)
    insert_profiles(db, [{"user_id": person, "lat": LAT, "lon": LON, "radius_km": 5}])
    db.execute("UPDATE volunteer_profile SET quiet_start = %s, quiet_end = %s WHERE user_id = %s",
               [quiet_start, quiet_end, person])
    target = device(db, push_service, user_id=person)
    anonymous_asleep = device(db, push_service, area=(LAT, LON, 5), quiet=(quiet_start, quiet_end))
    awake = device(db, push_service, area=(LAT, LON, 5))
    event_id = published_event(db, make_offer(db, make_organisation(db))["id"])
    match_published_offer(event_id)

    assert _deliver_all(db, event_id) == 1  # only the device outside quiet hours
    assert len(push_service.messages(awake.mailbox)) == 1
    due = {row[0]: row[1] for row in db.execute(
        "SELECT subscription_id, not_before FROM push_delivery WHERE event_id = %s", [event_id])}
    expected_end = datetime.combine(now.date(), quiet_end, tzinfo=BERLIN)
    if quiet_end < now.time():
        expected_end += timedelta(days=1)
    assert due[target.id] == due[anonymous_asleep.id] == expected_end

    while _local_now() < expected_end:
        clock.sleep(0.2)
    assert push_tasks.sweep() == 2  # the scheduler's sweep queues them once their quiet hours are over
    assert _deliver_all(db, event_id) == 2
    assert len(push_service.messages(target.mailbox)) == len(push_service.messages(anonymous_asleep.mailbox)) == 1


def test_the_daily_cap_holds_and_a_persons_devices_count_once(db, push_service) -> None:
    [person] = bulk_people(db, 1)
    insert_profiles(db, [{"user_id": person, "lat": LAT, "lon": LON, "radius_km": 5}])
    db.execute("UPDATE volunteer_profile SET daily_cap = 2, quiet_start = '00:00', quiet_end = '00:00'"
               " WHERE user_id = %s", [person])
    phone, laptop = device(db, push_service, user_id=person), device(db, push_service, user_id=person)
    capped_device = device(db, push_service, area=(LAT, LON, 5), daily_cap=1)
    organisation = make_organisation(db)
    events = [published_event(db, make_offer(db, organisation)["id"]) for _ in range(3)]

    for event_id in events:
        match_published_offer(event_id)
        _deliver_all(db, event_id)

    assert len(push_service.messages(phone.mailbox)) == len(push_service.messages(laptop.mailbox)) == 2
    assert len(push_service.messages(capped_device.mailbox)) == 1
    assert deliveries(db, events[2]) == {phone.id: ("capped", 0), laptop.id: ("capped", 0),
                                         capped_device.id: ("capped", 0)}
    [(counted,)] = db.execute("SELECT cardinality(event_ids) FROM push_allowance WHERE recipient_id = %s", [person])
    assert counted == 2


def test_opting_out_after_the_match_holds(db, push_service) -> None:
    [person] = bulk_people(db, 1)
    insert_profiles(db, [{"user_id": person, "lat": LAT, "lon": LON, "radius_km": 5}])
    target = device(db, push_service, user_id=person)
    event_id = published_event(db, make_offer(db, make_organisation(db))["id"])
    match_published_offer(event_id)
    db.execute("UPDATE volunteer_profile SET notify_new_offers = false WHERE user_id = %s", [person])

    assert _deliver_all(db, event_id) == 0
    assert deliveries(db, event_id) == {target.id: ("skipped", 0)}
    assert push_service.messages(target.mailbox) == []


def test_a_message_to_people_goes_to_their_devices_in_their_language(db, push_service) -> None:
    english, german = make_person(db, locale="en"), make_person(db)
    phone, other = device(db, push_service, user_id=english.id), device(db, push_service, user_id=german.id)
    offer_id = uuid.uuid4()
    payload = people_payload("application.accepted", [english.id], path="/#/meine-einsaetze",
                             tag=topic("d", offer_id),
                             values={"title": "Lesepatenschaft", "organisation": "Bibliothek"})
    [(event_id,)] = db.execute("INSERT INTO outbox_event (kind, payload, attempts) VALUES (%s, %s, 0) RETURNING id",
                               [PUSH, Jsonb(payload)]).fetchall()

    assert push_tasks.fan_out_to_people(event_id) == 1 and push_tasks.fan_out_to_people(event_id) == 0
    assert _deliver_all(db, event_id) == 1

    [message] = push_service.messages(phone.mailbox)
    assert message["payload"] == {"type": "application.accepted", "title": "You're in: Lesepatenschaft",
                                  "body": "Bibliothek accepted your application.",
                                  "url": "https://volumap.test/#/meine-einsaetze", "tag": topic("d", offer_id)}
    assert message["topic"] == topic("d", offer_id) and message["urgency"] == "normal"
    assert push_service.messages(other.mailbox) == []
    # Once the deliveries exist, the event no longer names anyone.
    assert "user_ids" not in db.execute("SELECT payload FROM outbox_event WHERE id = %s", [event_id]).fetchone()[0]


def test_a_reminder_goes_out_once_a_day_before_a_one_off_offer(db, push_service) -> None:
    organisation = make_organisation(db)
    starts = datetime.now(UTC) + timedelta(hours=10)
    soon = make_offer(db, organisation, commitment="one_off", starts_at=starts, ends_at=starts + timedelta(hours=2))
    later = make_offer(db, organisation, commitment="one_off", starts_at=starts + timedelta(days=3),
                       ends_at=starts + timedelta(days=3, hours=2))
    helper, waiting, other = make_person(db), make_person(db), make_person(db)
    for offer, person, status in ((soon, helper, "accepted"), (soon, waiting, "pending"), (later, other, "accepted")):
        db.execute("INSERT INTO application (id, offer_id, user_id, status) VALUES (%s, %s, %s, %s)",
                   [uuid.uuid4(), offer["id"], person.id, status])

    assert remind_upcoming() == 1 and remind_upcoming() == 0

    [(payload,)] = db.execute("SELECT payload FROM outbox_event WHERE kind = 'push.notify'"
                              " AND dedupe_key LIKE %s", [f"reminder:{soon['id']}:%"]).fetchall()
    assert payload["type"] == "offer.reminder" and payload["user_ids"] == [str(helper.id)]
    local = starts.astimezone(BERLIN)
    assert payload["texts"]["de"]["body"].startswith(f"Beginn {local:%d.%m. %H:%M} Uhr")
    assert payload["urgency"] == "high"


def test_idle_anonymous_subscriptions_expire_after_180_days(db, push_service) -> None:
    idle, active, person_device = (device(db, push_service, area=(LAT, LON, 5)),
                                   device(db, push_service, area=(LAT, LON, 5)),
                                   device(db, push_service, user_id=make_person(db).id))
    db.execute("UPDATE push_subscription SET created_at = now() - interval '200 days' WHERE id = ANY(%s)",
               [[idle.id, active.id, person_device.id]])
    db.execute("UPDATE push_subscription SET last_success_at = now() - interval '179 days' WHERE id = %s",
               [active.id])

    assert push_tasks.expire()["idle"] == 1

    left = {row[0] for row in db.execute("SELECT id FROM push_subscription WHERE id = ANY(%s)",
                                         [[idle.id, active.id, person_device.id]])}
    assert left == {active.id, person_device.id}


def test_the_vapid_header_is_signed_once_per_push_service_and_renewed_early() -> None:
    now = [1_000_000.0]
    headers = VapidHeaders("mailto:test@example.org", clock=lambda: now[0])
    channel = get_channels()["volumap"]

    first = headers.for_push(channel, "https://push.example.net/a")
    same_origin = headers.for_push(channel, "https://push.example.net/b")
    other_origin = headers.for_push(channel, "https://fcm.example.com/c")
    now[0] += VAPID_LIFETIME_S - VAPID_RENEW_BEFORE_S - 1
    still = headers.for_push(channel, "https://push.example.net/d")
    now[0] += 2
    renewed = headers.for_push(channel, "https://push.example.net/e")

    assert first is same_origin is still
    assert other_origin != first and renewed != first
    import jwt

    claims = jwt.decode(other_origin["Authorization"].split("t=")[1].split(",")[0],
                        options={"verify_signature": False})
    assert claims["aud"] == "https://fcm.example.com" and claims["sub"] == "mailto:test@example.org"
    assert claims["exp"] == int(1_000_000.0) + VAPID_LIFETIME_S


def test_one_unusable_subscription_does_not_sink_its_chunk(db, push_service) -> None:
    good = device(db, push_service, area=(LAT, LON, 5))
    broken = device(db, push_service, area=(LAT, LON, 5))
    db.execute("UPDATE push_subscription SET p256dh = 'AAAA' WHERE id = %s", [broken.id])
    event_id = published_event(db, make_offer(db, make_organisation(db))["id"])
    match_published_offer(event_id)

    assert _deliver_all(db, event_id) == 1

    assert deliveries(db, event_id) == {good.id: ("sent", 1), broken.id: ("failed", 1)}


def test_an_offer_unpublished_before_delivery_is_not_announced(db, push_service) -> None:
    target = device(db, push_service, area=(LAT, LON, 5))
    offer = make_offer(db, make_organisation(db))
    event_id = published_event(db, offer["id"])
    match_published_offer(event_id)
    db.execute("UPDATE offer SET status = 'paused' WHERE id = %s", [offer["id"]])

    assert _deliver_all(db, event_id) == 0
    assert deliveries(db, event_id) == {target.id: ("skipped", 0)}


def test_a_delivery_whose_worker_died_five_times_is_given_up(db, push_service) -> None:
    target = device(db, push_service, area=(LAT, LON, 5))
    event_id = published_event(db, make_offer(db, make_organisation(db))["id"])
    match_published_offer(event_id)
    # Five claims that never came back (the worker was killed each time), the lease long over.
    db.execute("UPDATE push_delivery SET status = 'sending', attempts = 5, claimed_until = now() - interval '1 s'"
               " WHERE event_id = %s", [event_id])

    push_tasks.sweep()
    assert _deliver_all(db, event_id) == 0

    assert deliveries(db, event_id) == {target.id: ("failed", 5)}
    assert push_service.messages(target.mailbox) == []


def test_answers_are_handed_over_for_recording_in_batches_and_hold_their_place_until_recorded(push_service) -> None:
    """So that a killed worker leaves at most `in_flight` pushes in doubt, not its whole chunk: a push counts
    as in flight until its answer has been recorded."""
    from workers.webpush import Push, PushResult, PushSender

    channel = get_channels()["volumap"]
    created = push_service.subscribe_many(channel.public_key, 64)
    pushes = [Push(n, "volumap", sub["endpoint"], sub["keys"]["p256dh"], sub["keys"]["auth"], b'{"title": "t"}',
                   60, "normal", "t") for n, sub in enumerate(created)]
    batches: list[int] = []
    unrecorded_at_most = 0

    def record(answers: list[PushResult]) -> None:
        nonlocal unrecorded_at_most
        batches.append(len(answers))
        recorded = sum(batches)
        unrecorded_at_most = max(unrecorded_at_most, push_service.stats()["received"] - recorded + len(answers))

    sender = PushSender(get_channels(), "mailto:test@example.org", timeout_s=5, in_flight=10, answer_batch=4)
    try:
        results = sender.send_all(pushes, record)
    finally:
        sender.close()

    assert sum(batches) == len(pushes) and max(batches) <= 10
    assert min(batches[:-1]) >= 4  # whole batches; the last takes what is left
    assert unrecorded_at_most <= 10  # taken by the push service, not yet recorded: never more than in flight
    assert sorted(r.delivery_id for r in results) == list(range(len(pushes)))
    assert push_service.stats()["received"] == len(pushes)


def test_matches_and_finished_deliveries_are_deleted_after_the_retention(db, push_service, monkeypatch) -> None:
    """Data minimisation: 30 days after an event was handled, its matches (a person's distance to the offer)
    and its finished deliveries go; a recent event's rows and a delivery still waiting stay."""
    monkeypatch.setattr(get_settings(), "outbox_retention_days", 30)
    [person] = bulk_people(db, 1)
    insert_profiles(db, [{"user_id": person, "lat": LAT, "lon": LON, "radius_km": 5}])
    phone, waiting = device(db, push_service, user_id=person), device(db, push_service, area=(LAT, LON, 5))
    organisation = make_organisation(db)
    old, recent = (published_event(db, make_offer(db, organisation)["id"]) for _ in range(2))
    for event_id in (old, recent):
        match_published_offer(event_id)
        _deliver_all(db, event_id)
    db.execute("UPDATE push_delivery SET status = 'pending' WHERE event_id = %s AND subscription_id = %s",
               [old, waiting.id])
    db.execute("UPDATE outbox_event SET completed_at = now() - interval '31 days' WHERE id = %s", [old])

    def rows(event_id: int) -> tuple[int, dict]:  # this person's match, these two devices' deliveries
        [(matches,)] = db.execute(
            "SELECT count(*) FROM offer_match WHERE user_id = %s AND offer_id = CAST((SELECT payload->>'offer_id'"
            " FROM outbox_event WHERE id = %s) AS uuid)", [person, event_id]).fetchall()
        return matches, {key: value for key, value in deliveries(db, event_id).items() if key in (phone.id, waiting.id)}

    assert rows(old) == (1, {phone.id: ("sent", 1), waiting.id: ("pending", 1)})
    pruned_matches, pruned_deliveries, _, _ = outbox_tasks.prune_handled()
    assert pruned_matches >= 1 and pruned_deliveries >= 1  # (other tests' people may have matched too)
    assert rows(old) == (0, {waiting.id: ("pending", 1)})
    assert rows(recent) == (1, {phone.id: ("sent", 1), waiting.id: ("sent", 1)})
    assert outbox_tasks.prune_handled() == (0, 0, 0, 0)
