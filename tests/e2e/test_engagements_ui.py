"""A resident's engagements (views/me/engagements.js), taking an offered place by the e-mailed link
(views/me/take-place.js) and their data (views/me/my-data.js) in headless Chromium against the real stack: the
list with every status in words, withdrawing (also by keyboard alone), a place the organisation frees through
its API offered by the worker's e-mail and taken from its link or in the app, the private calendar feed, the
export download and deleting the account. People, offers and applications the test is not about are written to
the database; everything the test is about goes through the UI. Each state is checked with axe in German and
English and photographed in German (build/screenshots/einsaetze-*.png, platz-*.png, meine-daten-*.png)."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import psycopg
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import Stack
from tests.e2e.test_accounts_ui import LINK, check, expect_error_at, h1, main, sign_in, tab_to
from tests.integration.volunteers.profiles import insert_profiles
from tests.support.accounts import Person, make_person
from tests.support.mailbox import body
from tests.support.offer_members import api_token

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

OpenPage = Callable[..., Page]

# Brackwede, away from the other browser tests' offers (Mitte, Jöllenbeck).
BRACKWEDE = (51.9935, 8.4970)
ORGANISATION = "Stadtteiltreff Brackwede"
SLUG = "engageui-stadtteiltreff-brackwede"
TITLE = "Meine Einsätze"
WEEKDAYS_DE = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
             "November", "Dezember"]


@dataclass(frozen=True)
class Brackwede:
    """The module's organisation; `offer()` adds a published offer to it."""

    database: str
    organisation: uuid.UUID

    def offer(self, title: str, *, capacity: int = 10, one_off: bool = False) -> str:
        offer_id = uuid.uuid4()
        starts = (datetime.now(UTC) + timedelta(days=12)).replace(hour=8, minute=0, second=0, microsecond=0)
        with psycopg.connect(self.database, autocommit=True) as connection:
            connection.execute(
                "INSERT INTO offer (id, organisation_id, title, summary, description, category_ids, geog, district,"
                " address, commitment, starts_at, ends_at, weekly_pattern, capacity, contact_email, status,"
                " published_at) VALUES (%s, %s, %s, %s, '<p>Wir freuen uns auf dich.</p>',"
                " (SELECT array_agg(id ORDER BY id) FROM category WHERE slug = 'environment'), %s::geography,"
                " 'Brackwede', 'Hauptstraße 80, 33647 Bielefeld', %s, %s, %s, %s::jsonb, %s,"
                " 'treff@example.org', 'published', now() - interval '1 day')",
                (offer_id, self.organisation, title, f"Kurz gesagt: {title}.",
                 f"SRID=4326;POINT({BRACKWEDE[1]} {BRACKWEDE[0]})", "one_off" if one_off else "regular",
                 starts if one_off else None, starts + timedelta(hours=3) if one_off else None,
                 None if one_off else '[{"day": "wed", "start": "16:00", "end": "18:00"}]', capacity),
            )
        return str(offer_id)


@pytest.fixture(scope="module")
def brackwede(database: str) -> Iterator[Brackwede]:
    organisation = uuid.uuid4()
    with psycopg.connect(database, autocommit=True) as connection:
        connection.execute(
            "INSERT INTO organisation (id, name, slug, description, contact_email, address, district,"
            " verification_status, verified_at) VALUES (%s, %s, %s, '<p>Treffpunkt für alle im Stadtteil.</p>',"
            " 'treff@example.org', 'Hauptstraße 80', 'Brackwede', 'verified', now())",
            (organisation, ORGANISATION, SLUG),
        )
        yield Brackwede(database=database, organisation=organisation)


def application(db: psycopg.Connection, offer_id: str, person: Person, status: str, **fields: object) -> str:
    """An application the test only needs to exist, written straight to the database."""
    row: dict[str, object] = {"id": uuid.uuid4(), "offer_id": offer_id, "user_id": person.id, "status": status}
    if status == "accepted":
        row["decided_at"] = datetime.now(UTC)
    if status == "waiting":
        row["waiting_since"] = datetime.now(UTC)
    row.update(fields)
    db.execute(f"INSERT INTO application ({', '.join(row)}) VALUES ({', '.join('%s' for _ in row)})",
               list(row.values()))
    return str(row["id"])


def status_of(db: psycopg.Connection, application_id: str) -> str:
    return db.execute("SELECT status FROM application WHERE id = %s", (application_id,)).fetchone()[0]


def signed_in_at(page: Page, person: Person, hash_path: str, heading: str) -> None:
    """Signs in through the sign-in screen, which returns to `hash_path`."""
    page.goto(f"/#/anmelden?weiter={quote(hash_path, safe='')}")
    sign_in(page, person.email, person.password)
    expect(h1(page, heading)).to_be_visible()


def card(page: Page, title: str) -> Locator:
    return main(page).get_by_role("article", name=title)


def german_date_time(moment: datetime) -> str:
    """The date and time as the app writes them in German (Intl, full date, short time, Europe/Berlin)."""
    local = moment.astimezone(ZoneInfo("Europe/Berlin"))
    return (f"{WEEKDAYS_DE[local.weekday()]}, {local.day}. {MONTHS_DE[local.month - 1]} {local.year}"
            f" um {local:%H:%M}")


def test_resident_says_i_will_help_finds_it_under_my_engagements_and_withdraws(
    open_page: OpenPage, brackwede: Brackwede, db: psycopg.Connection
) -> None:
    title = "Kinderflohmarkt im Stadtteiltreff"
    offer_id = brackwede.offer(title)
    person = make_person(db)
    page = open_page()
    signed_in_at(page, person, f"#/angebot/{offer_id}", title)
    help_area = page.get_by_role("region", name="Ich helfe mit")
    help_area.get_by_label("Nachricht an die Organisation (optional)").fill("Ich bringe Kuchen mit.")
    help_area.get_by_role("button", name="Ich helfe mit").click()
    expect(help_area.get_by_role("status").filter(has_text="Du bist dabei")).to_be_focused()

    page.goto("/#/meine-einsaetze")
    expect(h1(page, TITLE)).to_be_visible()
    mine = card(page, title)
    expect(mine).to_contain_text("Status: Angemeldet")
    expect(mine).to_contain_text(f"von {ORGANISATION}")
    expect(mine).to_contain_text("Deine Nachricht: Ich bringe Kuchen mit.")
    expect(mine.get_by_role("link", name=title)).to_have_attribute("href", f"#/angebot/{offer_id}")

    mine.get_by_role("button", name="Zurückziehen").click()
    question = mine.get_by_role("group", name="Willst du deine Zusage wirklich zurückziehen?")
    expect(question).to_be_focused()
    check(page, "einsaetze-zurueckziehen-frage", english="My engagements")
    question.get_by_role("button", name="Abbrechen").click()
    expect(mine.get_by_role("button", name="Zurückziehen")).to_be_focused()

    mine.get_by_role("button", name="Zurückziehen").click()
    mine.get_by_role("button", name="Ja, zurückziehen").click()
    done = main(page).get_by_role("status").filter(has_text="Deine Zusage ist zurückgezogen")
    expect(done).to_be_focused()
    expect(done).to_contain_text(f"Bei „{title}“ bist du nicht mehr dabei.")
    expect(card(page, title)).to_contain_text("Status: Zurückgezogen")
    expect(card(page, title).get_by_role("button")).to_have_count(0)
    check(page, "einsaetze-zurueckgezogen", english="My engagements")
    assert db.execute("SELECT status FROM application WHERE user_id = %s", (person.id,)).fetchone() == ("withdrawn",)


def test_the_list_says_every_status_in_words_and_an_offered_place_is_taken_in_the_app(
    open_page: OpenPage, brackwede: Brackwede, db: psycopg.Connection
) -> None:
    person = make_person(db)
    titles = {status: f"{label} im Stadtteiltreff" for status, label in [
        ("pending", "Repair-Café"), ("accepted", "Sprachcafé"), ("waiting", "Hausaufgabenhilfe"),
        ("offered", "Gartenpflege"), ("late", "Laternenumzug"), ("declined", "Fahrdienst"),
        ("withdrawn", "Spieleabend"), ("lapsed", "Nähwerkstatt")]}
    offers = {status: brackwede.offer(title, capacity=1 if status in {"waiting", "offered", "late"} else 10)
              for status, title in titles.items()}
    application(db, offers["waiting"], make_person(db), "accepted")
    held_until = datetime.now(UTC) + timedelta(hours=30)
    ids = {
        "pending": application(db, offers["pending"], person, "pending", message="Ich kann mittwochs."),
        "accepted": application(db, offers["accepted"], person, "accepted"),
        "waiting": application(db, offers["waiting"], person, "waiting"),
        "offered": application(db, offers["offered"], person, "offered", offered_until=held_until),
        "late": application(db, offers["late"], person, "offered", offered_until=held_until),
        "declined": application(db, offers["declined"], person, "declined"),
        "withdrawn": application(db, offers["withdrawn"], person, "withdrawn"),
        "lapsed": application(db, offers["lapsed"], person, "lapsed"),
    }
    page = open_page()
    signed_in_at(page, person, "#/meine-einsaetze", TITLE)

    expected = {
        "pending": "Status: Angemeldet", "accepted": "Status: Zugesagt",
        "waiting": "Status: Auf der Warteliste (Platz 1)", "offered": "Status: Platz angeboten",
        "late": "Status: Platz angeboten", "declined": "Status: Abgelehnt", "withdrawn": "Status: Zurückgezogen",
        "lapsed": "Status: Frist abgelaufen",
    }
    for status, text in expected.items():
        expect(card(page, titles[status])).to_contain_text(text)
    expect(card(page, titles["pending"])).to_contain_text("Deine Nachricht: Ich kann mittwochs.")
    offered = card(page, titles["offered"])
    expect(offered).to_contain_text(f"Er ist bis {german_date_time(held_until)} für dich reserviert.")
    for status in ("declined", "withdrawn", "lapsed"):
        expect(card(page, titles[status]).get_by_role("button")).to_have_count(0)
    expect(card(page, titles["accepted"]).get_by_role("button", name="Platz annehmen")).to_have_count(0)
    check(page, "einsaetze-liste", english="My engagements")

    offered.get_by_role("button", name="Platz annehmen").click()
    taken = main(page).get_by_role("status").filter(has_text="Du hast den Platz angenommen")
    expect(taken).to_be_focused()
    expect(card(page, titles["offered"])).to_contain_text("Status: Zugesagt")
    assert status_of(db, ids["offered"]) == "accepted"
    check(page, "einsaetze-platz-angenommen", english="My engagements")

    # The time to take the other place runs out while the list is open.
    db.execute("UPDATE application SET offered_until = now() - interval '1 minute' WHERE id = %s", (ids["late"],))
    card(page, titles["late"]).get_by_role("button", name="Platz annehmen").click()
    too_late = main(page).get_by_role("alert").filter(has_text="Der Platz kann nicht mehr angenommen werden")
    expect(too_late).to_be_focused()
    expect(card(page, titles["late"]).get_by_role("button", name="Platz annehmen")).to_have_count(0)
    check(page, "einsaetze-platz-zu-spaet", english="My engagements")
    assert status_of(db, ids["late"]) in {"offered", "lapsed"}


def test_empty_list_leads_to_the_search_and_withdrawing_works_by_keyboard_alone(
    open_page: OpenPage, brackwede: Brackwede, db: psycopg.Connection
) -> None:
    page = open_page()
    signed_in_at(page, make_person(db), "#/meine-einsaetze", TITLE)
    expect(main(page)).to_contain_text("Du hast noch bei keinem Angebot „Ich helfe mit“ gesagt.")
    expect(main(page).get_by_role("link", name="Angebote suchen")).to_have_attribute("href", "#/")
    check(page, "einsaetze-leer", english="My engagements")

    title = "Lesecafé im Stadtteiltreff"
    person = make_person(db)
    application_id = application(db, brackwede.offer(title), person, "pending")
    page = open_page()
    signed_in_at(page, person, "#/meine-einsaetze", TITLE)
    withdraw = card(page, title).get_by_role("button", name="Zurückziehen")
    expect(withdraw).to_have_accessible_name(f"Zurückziehen ({title})")
    tab_to(page, withdraw)
    page.keyboard.press("Enter")
    question = card(page, title).get_by_role("group", name="Willst du deine Zusage wirklich zurückziehen?")
    expect(question).to_be_focused()
    tab_to(page, question.get_by_role("button", name="Ja, zurückziehen"))
    page.keyboard.press("Space")
    expect(main(page).get_by_role("status").filter(has_text="Deine Zusage ist zurückgezogen")).to_be_focused()
    assert status_of(db, application_id) == "withdrawn"


def test_a_place_the_organisation_frees_is_offered_by_email_and_taken_from_the_link(
    open_page: OpenPage, brackwede: Brackwede, stack: Stack, db: psycopg.Connection
) -> None:
    title = "Mittagstisch im Stadtteiltreff"
    offer_id = brackwede.offer(title, capacity=1)
    # Someone holds the one place, offered to them from the waiting list; the resident waits next.
    holder = application(db, offer_id, make_person(db), "offered",
                         offered_until=datetime.now(UTC) + timedelta(hours=40))
    resident = make_person(db)
    waiting = application(db, offer_id, resident, "waiting")

    # The organisation's software declines the holder through the API; the place goes to the next in line.
    headers = api_token(db, {"id": brackwede.organisation}, "applications:read", "applications:write")
    declined = open_page().request.post(f"/api/v1/manage/offers/{offer_id}/applications/{holder}/decline",
                                        headers=headers)
    assert declined.ok, declined.text()
    assert status_of(db, waiting) == "offered"

    [message] = stack.mailbox.wait_for(resident.email)
    found = LINK.search(body(message))
    assert found and "#/platz-annehmen?token=" in found.group(0), body(message)
    link = stack.app_link(found.group(0))

    page = open_page()
    page.goto(link)
    expect(h1(page, "Platz annehmen")).to_be_visible()
    expect(main(page)).to_contain_text("Du musst dich dafür nicht anmelden.")
    check(page, "platz-annehmen", english="Take the place")
    assert status_of(db, waiting) == "offered"  # opening the link changed nothing

    main(page).get_by_role("button", name="Platz annehmen").click()
    done = h1(page, "Du hast den Platz angenommen")
    expect(done).to_be_focused()
    expect(main(page)).to_contain_text(f"Du bist bei „{title}“ von {ORGANISATION} dabei.")
    expect(main(page).get_by_role("link", name="Zum Angebot")).to_have_attribute("href", f"#/angebot/{offer_id}")
    check(page, "platz-angenommen", english="You have taken the place")
    assert status_of(db, waiting) == "accepted"

    again = open_page()
    again.goto(link)
    main(again).get_by_role("button", name="Platz annehmen").click()
    expect(h1(again, "Dieser Link funktioniert nicht mehr")).to_be_focused()
    check(again, "platz-annehmen-ungueltig", english="This link no longer works")
    again.goto("/#/platz-annehmen")
    expect(h1(again, "Dieser Link funktioniert nicht mehr")).to_be_visible()

    main(page).get_by_role("link", name="Zu meinen Einsätzen").click()
    sign_in(page, resident.email, resident.password)
    expect(h1(page, TITLE)).to_be_visible()
    expect(card(page, title)).to_contain_text("Status: Zugesagt")


def test_calendar_feed_is_created_fetched_and_made_invalid(
    open_page: OpenPage, brackwede: Brackwede, stack: Stack, db: psycopg.Connection
) -> None:
    title = "Frühlingsfest im Stadtteiltreff"
    person = make_person(db)
    application(db, brackwede.offer(title, one_off=True), person, "accepted")
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    signed_in_at(page, person, "#/meine-einsaetze", TITLE)
    feed = main(page).get_by_role("region", name="Deine Einsätze im Kalender")
    expect(feed).to_contain_text("Einstellungen → Kalender → Accounts → Account hinzufügen → Andere")
    expect(feed.get_by_label("Deine Kalender-Adresse")).to_have_count(0)

    feed.get_by_role("button", name="Kalender-Adresse erstellen").click()
    expect(feed.get_by_role("status").filter(has_text="Deine Kalender-Adresse ist erstellt")).to_be_focused()
    address = feed.get_by_label("Deine Kalender-Adresse")
    url = address.input_value()
    assert re.fullmatch(r"https?://[^/]+/api/v1/calendar/[^/]+\.ics", url), url
    expect(address).to_have_attribute("readonly", "")
    expect(feed.get_by_role("link", name="Im Kalender abonnieren")).to_have_attribute(
        "href", re.sub(r"^https?://", "webcal://", url))
    check(page, "einsaetze-kalender", english="My engagements")
    expect(feed.get_by_label("Deine Kalender-Adresse")).to_have_value(url)

    calendar = page.request.get(stack.app_link(url))
    assert calendar.status == 200
    assert calendar.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in calendar.text() and "Frühlingsfest" in calendar.text()

    feed.get_by_role("button", name="Adresse kopieren").click()
    expect(feed.get_by_role("status").filter(has_text="Die Adresse ist kopiert.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == url

    feed.get_by_role("button", name="Adresse ungültig machen").click()
    expect(feed.get_by_role("status").filter(has_text="Deine Kalender-Adresse funktioniert nicht mehr")).to_be_focused()
    expect(feed.get_by_label("Deine Kalender-Adresse")).to_have_count(0)
    assert page.request.get(stack.app_link(url)).status == 404


def test_my_data_is_downloaded_and_the_account_deleted(
    open_page: OpenPage, brackwede: Brackwede, db: psycopg.Connection
) -> None:
    title = "Bücherflohmarkt im Stadtteiltreff"
    person = make_person(db)
    application(db, brackwede.offer(title), person, "pending", message="Ich helfe beim Aufbau.")
    insert_profiles(db, [{"user_id": person.id, "lat": 51.9946, "lon": 8.4977, "radius_km": 7, "interests": [5]}])
    page = open_page()
    signed_in_at(page, person, "#/meine-daten", "Meine Daten")
    check(page, "meine-daten", english="My data")

    with page.expect_download() as download_info:
        main(page).get_by_role("button", name="Meine Daten herunterladen").click()
    download = download_info.value
    assert re.fullmatch(r"volumap-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
    export = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert export["account"]["email"] == person.email
    assert export["account"]["display_name"] == "Testperson"
    assert [(item["offer_title"], item["message"]) for item in export["applications"]] == [
        (title, "Ich helfe beim Aufbau.")]
    profile = export["volunteer_profile"]
    assert (profile["radius_km"], profile["interests"]) == (7, ["environment"])
    expect(main(page).get_by_role("status").filter(has_text="Deine Daten sind heruntergeladen")).to_be_visible()

    main(page).get_by_role("link", name="Konto löschen").click()
    expect(h1(page, "Willst du dein Konto wirklich löschen?")).to_be_focused()
    expect(main(page).get_by_role("heading", name="Was gelöscht wird")).to_be_visible()
    expect(main(page).get_by_role("heading", name="Was bleibt – und warum")).to_be_visible()
    expect(main(page)).to_contain_text("Deine Zusagen bleiben ohne dich")
    check(page, "meine-daten-loeschen", english="Do you really want to delete your account?")

    password = page.get_by_label("Dein Passwort")
    main(page).get_by_role("button", name="Konto endgültig löschen").click()
    expect_error_at(page, password, "Gib dein Passwort ein")
    password.fill("nicht mein Passwort")
    main(page).get_by_role("button", name="Konto endgültig löschen").click()
    expect_error_at(page, password, "Das Passwort ist falsch. Es wurde nichts gelöscht.")
    check(page, "meine-daten-loeschen-falsch")
    assert db.execute("SELECT status FROM user_account WHERE id = %s", (person.id,)).fetchone() == ("active",)

    password.fill(person.password)
    main(page).get_by_role("button", name="Konto endgültig löschen").click()
    expect(h1(page, "Dein Konto ist gelöscht")).to_be_focused()
    expect(page.get_by_role("link", name="Anmelden", exact=True)).to_be_visible()
    check(page, "meine-daten-geloescht", english="Your account has been deleted")
    assert db.execute("SELECT status FROM user_account WHERE id = %s", (person.id,)).fetchone() == ("deleted",)

    page.goto("/#/anmelden")
    sign_in(page, person.email, person.password)
    expect(page.get_by_role("alert")).to_contain_text("E-Mail-Adresse oder Passwort ist falsch")
    expect(h1(page, "Anmelden")).to_be_visible()
