"""The volunteer profile (#/profil, pwa/views/me/profile.js) and "for you" (#/fuer-dich, pwa/views/me/for-you.js)
in headless Chromium against the real API: a resident sets the profile up through the UI (once by keyboard
alone), the database holds it with the home coarsened, "for you" ranks the offers seeded here with their
reasons, bad values are shown at their fields, and the profile is deleted after a question. Every screen and
state is checked with axe in German and English and photographed (build/screenshots/profil-*.png,
fuer-dich-*.png)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import psycopg
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.test_accounts_ui import check, expect_error_at, h1, main, sign_in, tab_to
from tests.support.accounts import Person, make_person

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

OpenPage = Callable[..., Page]

TITLE = "Mein Ehrenamtsprofil"
TITLE_EN = "My volunteer profile"
FOR_YOU = "Für dich"
POSTCODE = "33739"
POSTCODE_LABEL = "33739 Bielefeld"
# Near the postcode's centre (about 200 m and 1.5 km away) and far from it (Sennestadt, about 15 km).
NEAR_OFFER = "Bachpaten in Jöllenbeck"
OTHER_NEAR_OFFER = "Lesecafé im Stadtteil"
FAR_OFFER = "Waldputz in Sennestadt"
ORGANISATION_SLUG = "profileui-buergerverein-joellenbeck"


@dataclass(frozen=True)
class Offers:
    ids: dict[str, str]


def _offer(connection: psycopg.Connection, organisation: uuid.UUID, title: str, *, category: str,
           point: tuple[float, float], commitment: str, capacity: int | None, weekly: str | None = None) -> str:
    offer_id = uuid.uuid4()
    connection.execute(
        "INSERT INTO offer (id, organisation_id, title, summary, description, category_ids, geog, district,"
        " commitment, weekly_pattern, capacity, status, published_at)"
        " VALUES (%s, %s, %s, %s, '<p>Komm vorbei.</p>',"
        " (SELECT array_agg(id) FROM category WHERE slug = %s), %s::geography, 'Jöllenbeck', %s, %s::jsonb, %s,"
        " 'published', now() - interval '10 days')",
        (offer_id, organisation, title, f"Kurz gesagt: {title}.", category,
         f"SRID=4326;POINT({point[1]} {point[0]})", commitment, weekly, capacity),
    )
    return str(offer_id)


@pytest.fixture(scope="module")
def offers(database: str) -> Iterator[Offers]:
    with psycopg.connect(database, autocommit=True) as connection:
        organisation = uuid.uuid4()
        connection.execute(
            "INSERT INTO organisation (id, name, slug, description, contact_email, district, verification_status,"
            " verified_at) VALUES (%s, 'Bürgerverein Jöllenbeck', %s, '<p>Für den Stadtteil.</p>',"
            " 'kontakt@buergerverein.example.org', 'Jöllenbeck', 'verified', now())",
            (organisation, ORGANISATION_SLUG),
        )
        ids = {
            NEAR_OFFER: _offer(connection, organisation, NEAR_OFFER, category="environment", point=(52.0865, 8.5190),
                               commitment="regular", capacity=4,
                               weekly='[{"day": "sat", "start": "09:00", "end": "11:30"}]'),
            OTHER_NEAR_OFFER: _offer(connection, organisation, OTHER_NEAR_OFFER, category="culture-education",
                                     point=(52.0980, 8.5230), commitment="flexible", capacity=None),
            FAR_OFFER: _offer(connection, organisation, FAR_OFFER, category="environment", point=(51.9530, 8.5850),
                              commitment="flexible", capacity=None),
        }
        yield Offers(ids=ids)


def place_field(page: Page) -> Locator:
    return page.get_by_role("combobox", name="Ort oder Postleitzahl")


def cap_field(page: Page) -> Locator:
    return page.get_by_label("Höchstzahl an Meldungen pro Tag")


def saved_notice(page: Page) -> Locator:
    return page.get_by_role("status").filter(has_text="Dein Profil ist gespeichert")


def signed_in_at_profile(page: Page, person: Person) -> None:
    """Opens the profile signed out: the app asks to sign in and comes back."""
    page.goto("/#/profil")
    sign_in(page, person.email, person.password)
    expect(h1(page, TITLE)).to_be_visible()


def choose_postcode(page: Page) -> None:
    place_field(page).fill(POSTCODE)
    page.get_by_role("option", name=POSTCODE_LABEL).click()
    expect(main(page).get_by_text(f"Gewählt: {POSTCODE_LABEL}")).to_be_visible()


def postcode_centre(page: Page) -> tuple[float, float]:
    place = page.request.get(f"/api/v1/places?q={POSTCODE}").json()["places"][0]
    assert place["label"] == POSTCODE_LABEL
    return place["lat"], place["lon"]


def stored_profile(db: psycopg.Connection, person: Person, centre: tuple[float, float]) -> dict[str, object]:
    row = db.execute(
        "SELECT radius_km, skills, languages, notify_new_offers, to_char(quiet_start, 'HH24:MI'),"
        " to_char(quiet_end, 'HH24:MI'), daily_cap,"
        " ST_Distance(home, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography)"
        " FROM volunteer_profile WHERE user_id = %s",
        (centre[1], centre[0], person.id),
    ).fetchone()
    assert row is not None, "no profile stored"
    keys = ["radius_km", "skills", "languages", "new_offers", "quiet_start", "quiet_end", "daily_cap", "home_off_m"]
    return dict(zip(keys, row, strict=True))


def test_resident_sets_up_the_profile_and_sees_offers_for_you(
    open_page: OpenPage, offers: Offers, db: psycopg.Connection
) -> None:
    page = open_page()
    person = make_person(db)
    signed_in_at_profile(page, person)
    expect(main(page)).to_contain_text("Du hast noch kein Profil.")
    expect(main(page)).to_contain_text("auf etwa 250 m gerundeten Punkt")
    expect(page.get_by_role("checkbox", name="Deutsch")).to_be_checked()
    expect(page.get_by_label("Von", exact=True)).to_have_value("21:00")
    expect(page.get_by_label("Bis", exact=True)).to_have_value("08:00")
    expect(cap_field(page)).to_have_value("3")
    expect(page.get_by_role("button", name="Profil löschen")).to_have_count(0)
    check(page, "profil-leer", english=TITLE_EN)

    choose_postcode(page)
    page.get_by_label("Wie weit würdest du fahren oder gehen?").select_option("5")
    page.get_by_role("checkbox", name="Umwelt und Naturschutz").check()
    page.get_by_role("checkbox", name="Kultur und Bildung").check()
    page.get_by_label("Deine Fähigkeiten (optional)").fill("Gartenarbeit\nFührerschein Klasse B")
    page.get_by_role("checkbox", name="Englisch").check()
    page.get_by_role("checkbox", name="Türkisch").check()
    grid = page.get_by_role("table")
    expect(grid.get_by_role("columnheader", name="Vormittags")).to_be_visible()
    expect(grid.get_by_role("rowheader", name="Samstag")).to_be_visible()
    grid.get_by_role("checkbox", name="Samstag, vormittags").check()
    grid.get_by_role("checkbox", name="Mittwoch, abends").check()
    page.get_by_label("Von", exact=True).fill("22:00")
    page.get_by_label("Bis", exact=True).fill("07:30")
    cap_field(page).fill("5")
    # The language switch draws the form again: what was typed stays.
    check(page, "profil-ausgefuellt", english=TITLE_EN)
    expect(place_field(page)).to_have_value(POSTCODE_LABEL)
    expect(page.get_by_label("Deine Fähigkeiten (optional)")).to_have_value("Gartenarbeit\nFührerschein Klasse B")
    expect(grid.get_by_role("checkbox", name="Mittwoch, abends")).to_be_checked()
    expect(cap_field(page)).to_have_value("5")

    page.get_by_role("button", name="Profil speichern").click()
    expect(saved_notice(page)).to_be_focused()
    check(page, "profil-gespeichert", english=TITLE_EN)

    centre = postcode_centre(page)
    stored = stored_profile(db, person, centre)
    assert 0 < stored.pop("home_off_m") < 250  # type: ignore[operator]
    assert stored == {"radius_km": 5.0, "skills": ["Gartenarbeit", "Führerschein Klasse B"],
                      "languages": ["de", "en", "tr"], "new_offers": True, "quiet_start": "22:00",
                      "quiet_end": "07:30", "daily_cap": 5}
    profile = page.request.get("/api/v1/me/volunteer-profile").json()
    assert sorted(profile["interests"]) == ["culture-education", "environment"]
    assert {(slot["day"], slot["part"]) for slot in profile["availability"]} == {("sat", "morning"), ("wed", "evening")}
    assert (profile["home"]["lat"], profile["home"]["lon"]) != centre

    saved_notice(page).get_by_role("link", name="Angebote für dich ansehen").click()
    expect(h1(page, FOR_YOU)).to_be_focused()
    near = main(page).get_by_role("listitem").filter(has=page.get_by_role("link", name=NEAR_OFFER))
    expect(near).to_contain_text("Warum:")
    expect(near.get_by_role("list", name="Warum:")).to_contain_text("Umwelt und Naturschutz")
    expect(near.get_by_role("list", name="Warum:")).to_contain_text("Samstagvormittag")
    expect(near).to_contain_text("Noch 4 Plätze frei")
    expect(near.get_by_role("link", name=NEAR_OFFER)).to_have_attribute("href", f"#/angebot/{offers.ids[NEAR_OFFER]}")
    other = main(page).get_by_role("listitem").filter(has=page.get_by_role("link", name=OTHER_NEAR_OFFER))
    expect(other.get_by_role("list", name="Warum:")).to_contain_text("Kultur und Bildung")
    expect(main(page).get_by_role("link", name=FAR_OFFER)).to_have_count(0)
    check(page, "fuer-dich", english="For you")

    main(page).get_by_role("link", name="Profil ändern").click()
    expect(h1(page, TITLE)).to_be_visible()
    page.reload()
    expect(h1(page, TITLE)).to_be_visible()
    expect(place_field(page)).to_have_value("Gespeicherter Wohnort (auf 250 m gerundet)")
    expect(page.get_by_label("Wie weit würdest du fahren oder gehen?")).to_have_value("5")
    for name in ["Umwelt und Naturschutz", "Kultur und Bildung", "Deutsch", "Englisch", "Türkisch",
                 "Samstag, vormittags", "Mittwoch, abends"]:
        expect(page.get_by_role("checkbox", name=name)).to_be_checked()
    expect(page.get_by_role("checkbox", name="Soziales")).not_to_be_checked()
    expect(page.get_by_role("checkbox", name="Samstag, abends")).not_to_be_checked()
    expect(page.get_by_label("Deine Fähigkeiten (optional)")).to_have_value("Gartenarbeit\nFührerschein Klasse B")
    expect(page.get_by_label("Von", exact=True)).to_have_value("22:00")
    expect(page.get_by_label("Bis", exact=True)).to_have_value("07:30")
    expect(cap_field(page)).to_have_value("5")
    expect(main(page)).not_to_contain_text("Du hast noch kein Profil.")

    # Saved again unchanged, the coarsened point stays where it was.
    page.get_by_role("button", name="Profil speichern").click()
    expect(saved_notice(page)).to_be_focused()
    again = page.request.get("/api/v1/me/volunteer-profile").json()
    assert again["home"] == profile["home"]


def test_for_you_without_a_profile_leads_to_the_profile(open_page: OpenPage, db: psycopg.Connection) -> None:
    page = open_page()
    person = make_person(db)
    page.goto("/#/fuer-dich")
    sign_in(page, person.email, person.password)
    expect(h1(page, FOR_YOU)).to_be_visible()
    expect(main(page)).to_contain_text("Dafür brauchen wir dein Ehrenamtsprofil")
    check(page, "fuer-dich-ohne-profil", english="For you")
    main(page).get_by_role("link", name="Profil anlegen").click()
    expect(h1(page, TITLE)).to_be_focused()


def test_bad_values_are_shown_at_their_fields(open_page: OpenPage, db: psycopg.Connection) -> None:
    page = open_page()
    person = make_person(db)
    signed_in_at_profile(page, person)
    page.get_by_role("checkbox", name="Deutsch").uncheck()
    page.get_by_role("button", name="Profil speichern").click()
    expect_error_at(page, place_field(page),
                    "Wähle einen Ort aus der Liste, nimm deinen Standort oder tippe auf die Karte")
    expect(page.get_by_role("group", name="Welche Sprachen sprichst du?")).to_have_accessible_description(
        "Mindestens eine. Fehler: Wähle mindestens eine Sprache")
    check(page, "profil-fehler-fehlt")

    choose_postcode(page)
    page.get_by_role("checkbox", name="Deutsch").check()
    cap_field(page).fill("99")
    page.get_by_role("button", name="Profil speichern").click()
    # The API's answer (invalid-params "notifications.daily_cap"), at the field.
    expect_error_at(page, cap_field(page), "Höchstzahl an Meldungen pro Tag darf höchstens 50 sein")
    assert page.title().startswith("Fehler: ")
    check(page, "profil-fehler", english=TITLE_EN)
    assert db.execute("SELECT count(*) FROM volunteer_profile WHERE user_id = %s", (person.id,)).fetchone() == (0,)


def test_profile_set_up_by_keyboard_alone(open_page: OpenPage, offers: Offers, db: psycopg.Connection) -> None:
    page = open_page()
    person = make_person(db)
    signed_in_at_profile(page, person)
    expect(h1(page, TITLE)).to_be_focused()

    tab_to(page, place_field(page))
    page.keyboard.type(POSTCODE)
    expect(page.get_by_role("option", name=POSTCODE_LABEL)).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(place_field(page)).to_have_attribute("aria-activedescendant", page.get_by_role(
        "option", name=POSTCODE_LABEL).get_attribute("id") or "")
    page.keyboard.press("Enter")
    expect(place_field(page)).to_have_value(POSTCODE_LABEL)

    radius = page.get_by_label("Wie weit würdest du fahren oder gehen?")
    tab_to(page, radius)
    page.keyboard.press("ArrowUp")
    expect(radius).to_have_value("5")
    tab_to(page, page.get_by_role("checkbox", name="Umwelt und Naturschutz"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("checkbox", name="Samstag, vormittags"), limit=80)
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.get_by_role("checkbox", name="Samstag, nachmittags")).to_be_focused()
    page.keyboard.press("Space")
    tab_to(page, cap_field(page))
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    tab_to(page, page.get_by_role("button", name="Profil speichern"))
    page.keyboard.press("Enter")
    expect(saved_notice(page)).to_be_focused()

    profile = page.request.get("/api/v1/me/volunteer-profile").json()
    assert profile["interests"] == ["environment"]
    assert profile["radius_km"] == 5
    assert profile["notifications"]["daily_cap"] == 2
    assert {(slot["day"], slot["part"]) for slot in profile["availability"]} == {("sat", "morning"),
                                                                                   ("sat", "afternoon")}
    tab_to(page, page.get_by_role("link", name="Angebote für dich ansehen"))
    page.keyboard.press("Enter")
    expect(h1(page, FOR_YOU)).to_be_focused()
    expect(main(page).get_by_role("link", name=NEAR_OFFER)).to_be_visible()


def test_home_is_set_by_tapping_the_map(open_page: OpenPage, db: psycopg.Connection) -> None:
    page = open_page()
    person = make_person(db)
    signed_in_at_profile(page, person)
    choose_postcode(page)
    main(page).get_by_text("Auf der Karte wählen").click()
    expect(main(page)).to_contain_text("Mit der Tastatur wählst du ihn im Feld")
    area = page.get_by_role("region", name="Karte: dein Wohnort und dein Umkreis")
    expect(area).to_be_visible()
    expect(area.locator(".map-centre")).to_have_count(1)
    check(page, "profil-karte", english=TITLE_EN)

    area.scroll_into_view_if_needed()
    box = area.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.5)
    expect(place_field(page)).to_have_value("Auf der Karte gewählter Punkt")
    page.get_by_role("button", name="Profil speichern").click()
    expect(saved_notice(page)).to_be_focused()
    home = page.request.get("/api/v1/me/volunteer-profile").json()["home"]
    centre = postcode_centre(page)
    # East of the postcode's centre, where the map was tapped.
    assert home["lon"] > centre[1]
    assert abs(home["lat"] - centre[0]) < 0.01


def test_profile_is_deleted_after_a_question_that_says_what_goes(open_page: OpenPage, db: psycopg.Connection) -> None:
    page = open_page()
    person = make_person(db)
    signed_in_at_profile(page, person)
    choose_postcode(page)
    page.get_by_role("button", name="Profil speichern").click()
    expect(saved_notice(page)).to_be_focused()

    page.get_by_role("button", name="Profil löschen").click()
    question = page.get_by_role("group", name="Willst du dein Profil wirklich löschen?")
    expect(question).to_be_focused()
    expect(question).to_contain_text("die passenden Angebote, die wir dir melden wollten")
    check(page, "profil-loeschen-frage", english=TITLE_EN)
    question.get_by_role("button", name="Abbrechen").click()
    expect(page.get_by_role("button", name="Profil löschen")).to_be_focused()
    assert db.execute("SELECT count(*) FROM volunteer_profile WHERE user_id = %s", (person.id,)).fetchone() == (1,)

    page.get_by_role("button", name="Profil löschen").click()
    page.get_by_role("button", name="Ja, Profil löschen").click()
    expect(page.get_by_role("status").filter(has_text="Dein Profil ist gelöscht")).to_be_focused()
    expect(main(page)).to_contain_text("Du hast noch kein Profil.")
    expect(place_field(page)).to_have_value("")
    check(page, "profil-geloescht", english=TITLE_EN)
    assert db.execute("SELECT count(*) FROM volunteer_profile WHERE user_id = %s", (person.id,)).fetchone() == (0,)
    assert page.request.get("/api/v1/me/volunteer-profile").status == 404
