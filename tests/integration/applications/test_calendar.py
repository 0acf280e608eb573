"""Calendars: a one-off offer as an .ics file, and a volunteer's private, revocable feed of the engagements
they were accepted for; both read back with the icalendar library at the right times."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from tests.support.accounts import csrf_headers, make_person, sign_in
from tests.support.applications import assert_problem, insert_application
from tests.support.factories import make_offer, make_organisation

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2027, 3, 6, 9, 0, tzinfo=UTC)
END = datetime(2027, 3, 6, 12, 30, tzinfo=UTC)


def _events(response) -> list:
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def _feed_path(url: str) -> str:
    assert url.startswith("https://volumap.test/api/v1/calendar/") and url.endswith(".ics"), url
    return url.removeprefix("https://volumap.test")


def _new_feed(client) -> str:
    response = client.post("/api/v1/me/calendar-feed", headers=csrf_headers(client))
    assert response.status_code == 201, response.text
    assert response.headers["cache-control"] == "private, no-store"
    return _feed_path(response.json()["url"])


def test_a_one_off_offer_downloads_as_ics_with_its_times(client, db) -> None:
    organisation = make_organisation(db, name="Tafel am Kesselbrink e. V.")
    offer = make_offer(
        db,
        organisation,
        title="Weihnachtspäckchen packen",
        commitment="one_off",
        starts_at=START,
        ends_at=END,
        address="Kesselbrink 1, 33602 Bielefeld",
    )

    response = client.get(f"/api/v1/offers/{offer['id']}.ics")

    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    assert "attachment" in response.headers["content-disposition"]
    [event] = _events(response)
    assert event.decoded("dtstart") == START and event.decoded("dtend") == END
    assert str(event["summary"]) == "Weihnachtspäckchen packen"
    assert str(event["location"]) == "Kesselbrink 1, 33602 Bielefeld"
    assert str(event["url"]) == f"https://volumap.test/#/angebot/{offer['id']}"
    assert str(event["uid"]) == f"offer-{offer['id']}@volumap.test"
    assert "Tafel am Kesselbrink e. V." in str(event["description"])


def test_only_published_one_off_offers_have_an_ics(client, db) -> None:
    organisation = make_organisation(db)
    regular = make_offer(
        db,
        organisation,
        commitment="regular",
        weekly_pattern=[{"day": "sat", "start": "10:00", "end": "12:00"}],
    )
    draft = make_offer(db, organisation, commitment="one_off", starts_at=START, status="draft")

    assert_problem(client.get(f"/api/v1/offers/{regular['id']}.ics"), 409)
    assert_problem(client.get(f"/api/v1/offers/{draft['id']}.ics"), 404)
    assert_problem(client.get(f"/api/v1/offers/{uuid.uuid4()}.ics"), 404)
    assert_problem(client.get("/api/v1/offers/not-a-uuid.ics"), 400, "offer_id")


def test_the_feed_lists_accepted_engagements_only(client, db) -> None:
    organisation = make_organisation(db)
    one_off = make_offer(
        db, organisation, title="Stadtputz", commitment="one_off", starts_at=START, ends_at=END
    )
    regular = make_offer(
        db,
        organisation,
        title="Vorlesen",
        commitment="regular",
        weekly_pattern=[
            {"day": "sat", "start": "10:00", "end": "11:30"},
            {"day": "wed", "start": "16:00", "end": "17:00"},
        ],
    )
    flexible = make_offer(db, organisation, title="Flexibel")
    not_accepted = {
        status: make_offer(db, organisation, title=f"Nicht {status}", commitment="one_off", starts_at=START)
        for status in ("pending", "waiting", "declined", "withdrawn")
    }
    person = make_person(db)
    accepted_at = datetime(2027, 1, 14, 12, 0, tzinfo=UTC)  # a Thursday
    for offer in (one_off, regular, flexible):
        insert_application(db, offer, person, "accepted", decided_at=accepted_at)
    for status, offer in not_accepted.items():
        insert_application(
            db, offer, person, status, waiting_since=datetime.now(UTC) if status == "waiting" else None
        )
    someone_else = make_person(db)
    insert_application(
        db,
        make_offer(db, organisation, title="Fremd", commitment="one_off", starts_at=START),
        someone_else,
        "accepted",
    )
    sign_in(client, person)
    feed = _new_feed(client)
    client.cookies.clear()

    response = client.get(feed)

    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.headers["cache-control"] == "private, no-store"
    assert "set-cookie" not in response.headers
    events = {(str(e["summary"]), e.decoded("dtstart").weekday()): e for e in _events(response)}
    assert set(events) == {("Stadtputz", 5), ("Vorlesen", 5), ("Vorlesen", 2)}
    assert events[("Stadtputz", 5)].decoded("dtstart") == START
    saturday = events[("Vorlesen", 5)]
    assert saturday.decoded("dtstart") == datetime(2027, 1, 16, 10, 0, tzinfo=BERLIN)
    assert saturday.decoded("dtend") == datetime(2027, 1, 16, 11, 30, tzinfo=BERLIN)
    assert str(saturday["dtstart"].params["TZID"]) == "Europe/Berlin"
    assert saturday["rrule"]["FREQ"] == ["WEEKLY"] and saturday["rrule"]["BYDAY"] == ["SA"]
    wednesday = events[("Vorlesen", 2)]
    assert wednesday.decoded("dtstart") == datetime(2027, 1, 20, 16, 0, tzinfo=BERLIN)
    calendar = Calendar.from_ical(response.content)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert str(calendar["X-WR-CALNAME"]) == "VoluMap – meine Einsätze"


def test_weekly_events_end_when_the_offer_closes(client, db) -> None:
    closed_at = datetime(2027, 4, 1, 8, 0, tzinfo=UTC)
    offer = make_offer(
        db,
        make_organisation(db),
        commitment="regular",
        status="closed",
        closed_at=closed_at,
        weekly_pattern=[{"day": "mon", "start": "18:00", "end": "20:00"}],
    )
    person = make_person(db)
    insert_application(db, offer, person, "accepted", decided_at=datetime(2027, 3, 1, tzinfo=UTC))
    sign_in(client, person)

    [event] = _events(client.get(_new_feed(client)))

    assert event["rrule"]["UNTIL"] == [closed_at]


def test_the_feed_stores_only_a_hash_and_stops_after_rotation_or_revocation(client, db) -> None:
    offer = make_offer(db, make_organisation(db), commitment="one_off", starts_at=START)
    person = make_person(db)
    insert_application(db, offer, person, "accepted")
    sign_in(client, person)

    first = _new_feed(client)
    second = _new_feed(client)
    stored = db.execute("SELECT token_hash FROM calendar_feed WHERE user_id = %s", [person.id]).fetchall()
    token = second.removeprefix("/api/v1/calendar/").removesuffix(".ics")

    assert stored == [(hashlib.sha256(token.encode()).hexdigest(),)]
    assert_problem(client.get(first), 404)
    assert client.get(second).status_code == 200
    revoked = client.delete("/api/v1/me/calendar-feed", headers=csrf_headers(client))
    assert revoked.status_code == 204
    assert_problem(client.get(second), 404)
    assert db.execute("SELECT count(*) FROM calendar_feed WHERE user_id = %s", [person.id]).fetchone() == (0,)


def test_the_feed_is_in_the_owners_language_and_gone_with_a_suspended_account(client, db) -> None:
    person = make_person(db, locale="en")
    sign_in(client, person)
    feed = _new_feed(client)

    english = Calendar.from_ical(client.get(feed).content)
    db.execute("UPDATE user_account SET status = 'suspended' WHERE id = %s", [person.id])

    assert str(english["X-WR-CALNAME"]) == "VoluMap – my engagements"
    assert_problem(client.get(feed), 404)


def test_feed_routes_need_a_session_and_unknown_feeds_are_not_found(client, db) -> None:
    client.cookies.clear()

    assert_problem(client.post("/api/v1/me/calendar-feed", headers=csrf_headers(client)), 401)
    assert_problem(client.delete("/api/v1/me/calendar-feed", headers=csrf_headers(client)), 401)
    assert_problem(client.get(f"/api/v1/calendar/{'x' * 43}.ics"), 404)
    assert_problem(client.get(f"/api/v1/calendar/{'x' * 43}"), 404)
    assert_problem(client.get(f"/api/v1/calendar/{'x' * 300}.ics"), 400)
    sign_in(client, make_person(db))
    assert_problem(client.post("/api/v1/me/calendar-feed"), 403)


def test_a_one_off_without_an_end_is_a_single_moment(client, db) -> None:
    offer = make_offer(db, make_organisation(db), commitment="one_off", starts_at=START + timedelta(days=1))

    [event] = _events(client.get(f"/api/v1/offers/{offer['id']}.ics"))

    assert event.decoded("dtstart") == START + timedelta(days=1) and "dtend" not in event
