"""The map of search results (views/search-map.js) and a resident's whole way through the app, in headless
Chromium against the real stack: find offers near a postcode, filter them, open the map and a marker, go back to
the list, open an offer, say "Ich helfe mit" and withdraw, join a full offer's waiting list, report an offer
(which a moderator then sees through the API); once by pointer and once by keyboard alone. The stack's tiles come
from a local stub (devtools/tile_stub.py); a second API without tiles and with a fake geocoder shows the plain
map and street addresses. axe checks every state in German and English; screenshots in build/screenshots/."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest
import redis
from playwright.sync_api import Browser, Locator, Page, expect

from api.settings import get_settings
from tests.e2e.checks import assert_accessible, screenshot
from tests.e2e.conftest import PHONE, Stack
from tests.e2e.seeds import FULL_OFFER, OPEN_OFFER, OTHER_OFFER, POSTCODE, Seeded
from tests.e2e.test_accounts_ui import check, h1, main, sign_in, tab_to
from tests.e2e.test_offer_page_ui import reports_a_moderator_sees
from tests.support.accounts import make_person
from tests.support.geocoder import FakeGeocoder, fake_geocoder, nominatim_place
from tests.support.servers import api_server

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

OpenPage = Callable[..., Page]
SEEDED_TITLES = {OPEN_OFFER, FULL_OFFER, OTHER_OFFER}
ADDRESS = "Amtsstraße 13"
ADDRESS_LABEL = "Amtsstraße 13, 33739 Bielefeld"


def place_field(page: Page) -> Locator:
    return page.get_by_role("combobox", name="Ort oder Postleitzahl")


def near_links(page: Page) -> Locator:
    return page.locator("#results .offer__link")


def markers(page: Page) -> Locator:
    return page.get_by_role("region", name="Karte der Ergebnisse").get_by_role("button", name=re.compile(r"^\d+\. "))


def view_switch(page: Page, name: str) -> Locator:
    return page.get_by_role("group", name="Ergebnisse zeigen als").get_by_role("button", name=name, exact=True)


def search_query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).fragment.split("?", 1)[1])


def find_near_postcode(page: Page) -> None:
    """By pointer: postcode 33739 from the suggestions, 2 km, the category Umwelt; the seeded three are found."""
    page.goto("/")
    expect(page.locator("#category input")).not_to_have_count(0)
    place_field(page).fill(POSTCODE)
    page.get_by_role("option", name=re.compile(rf"^{POSTCODE} Bielefeld")).click()
    page.get_by_label("Umkreis", exact=True).select_option("2")
    page.get_by_text(re.compile(r"^Weitere Filter")).click()
    page.get_by_role("checkbox", name="Umwelt und Naturschutz", exact=True).check()
    page.get_by_role("button", name="Suchen").click()
    # The list the page opened with (newest first, no distances) holds the same three: wait for this search's.
    expect(page).to_have_url(re.compile(r"umkreis=2"))
    expect(page.locator("#results .offer__distance").filter(has_text=re.compile(r"km$"))).to_have_count(3)
    expect(near_links(page)).to_have_count(3)
    assert set(near_links(page).all_inner_texts()) == SEEDED_TITLES


def expect_markers_as_listed(page: Page, titles: list[str]) -> None:
    expect(markers(page)).to_have_count(len(titles))
    labels = [label or "" for label in markers(page).evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")]
    assert [re.sub(r"^\d+\. |, [\d,]+ km$", "", label) for label in labels] == titles
    assert [label.split(".")[0] for label in labels] == [str(rank) for rank in range(1, len(titles) + 1)]
    assert all(re.search(r", \d+,\d km$", label) for label in labels), labels


def test_map_shows_the_results_as_numbered_markers_and_a_marker_opens_its_offer(
    open_page: OpenPage, seeded: Seeded, stack: Stack
) -> None:
    page = open_page()
    find_near_postcode(page)
    titles = near_links(page).all_inner_texts()
    tiles_before = sum(stack.tiles.requests.values())

    view_switch(page, "Karte").click()
    expect(view_switch(page, "Karte")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#results")).to_be_hidden()
    expect_markers_as_listed(page, titles)
    assert search_query(page)["ansicht"] == ["karte"]
    expect(page.locator(".leaflet-tile-loaded").first).to_be_visible()
    assert sum(stack.tiles.requests.values()) > tiles_before
    expect(page.get_by_text("© Kachel-Attrappe der Tests")).to_be_visible()
    expect(page.get_by_text(re.compile("^Ohne Kartenhintergrund"))).to_be_hidden()
    check(page, "suche-karte", english="Volunteering near you")

    markers(page).nth(1).click()
    chosen = page.locator("#map-selection .offer__link")
    expect(chosen).to_have_text(titles[1])
    expect(chosen).to_be_focused()
    expect(markers(page).nth(1)).to_have_attribute("aria-pressed", "true")
    check(page, "suche-karte-marker", english="Volunteering near you")

    # The map is part of the search's address: a reload (or a shared link) opens it again.
    page.reload()
    expect(view_switch(page, "Karte")).to_have_attribute("aria-pressed", "true")
    expect_markers_as_listed(page, titles)

    view_switch(page, "Liste").click()
    expect(near_links(page)).to_have_text(titles)
    expect(page.get_by_role("region", name="Karte der Ergebnisse")).to_be_hidden()
    assert "ansicht" not in search_query(page)


def test_resident_finds_maps_helps_withdraws_waits_and_reports_by_pointer(
    open_page: OpenPage, seeded: Seeded, db: psycopg.Connection
) -> None:
    person = make_person(db)
    page = open_page()
    page.goto("/#/anmelden")
    sign_in(page, person.email, person.password)
    expect(h1(page, "Mein Konto")).to_be_visible()

    find_near_postcode(page)
    view_switch(page, "Karte").click()
    markers(page).filter(has_text=re.compile(".")).first.wait_for()
    page.get_by_role("button", name=re.compile(rf"^\d+\. {re.escape(OPEN_OFFER)}, ")).click()
    expect(page.locator("#map-selection .offer__link")).to_have_text(OPEN_OFFER)
    view_switch(page, "Liste").click()
    page.get_by_role("link", name=OPEN_OFFER).click()

    expect(h1(page, OPEN_OFFER)).to_be_focused()
    area = main(page).get_by_role("region", name="Ich helfe mit")
    area.get_by_role("button", name="Ich helfe mit").click()
    expect(area.get_by_role("status").filter(has_text="Du bist dabei")).to_be_focused()
    area.get_by_role("button", name="Zurückziehen").click()
    area.get_by_role("button", name="Ja, zurückziehen").click()
    expect(area.get_by_role("status").filter(has_text="Deine Zusage ist zurückgezogen")).to_be_focused()

    page.get_by_role("link", name="Zurück zur Liste").click()
    expect(page.get_by_role("link", name=OPEN_OFFER)).to_be_focused()
    page.get_by_role("link", name=FULL_OFFER).click()
    area = main(page).get_by_role("region", name="Ich helfe mit")
    area.get_by_role("button", name="Ich helfe mit").click()
    expect(area.get_by_role("status").filter(has_text=re.compile(r"Warteliste \(Platz \d+\)"))).to_be_focused()

    main(page).get_by_role("link", name="Angebot melden").click()
    page.get_by_label("Die Angaben stimmen nicht").check()
    page.get_by_label("Was sollen wir wissen? (optional)").fill("Die Grundschule sucht gar keine Lesepaten.")
    page.get_by_role("button", name="Meldung senden").click()
    expect(h1(page, "Danke für deine Meldung")).to_be_visible()

    statuses = dict(db.execute(
        "SELECT offer_id::text, status FROM application WHERE user_id = %s", (person.id,)).fetchall())
    assert statuses == {seeded.ids[OPEN_OFFER]: "withdrawn", seeded.ids[FULL_OFFER]: "waiting"}
    reports = reports_a_moderator_sees(open_page, db, seeded.ids[FULL_OFFER])["latest"]
    assert "Die Grundschule sucht gar keine Lesepaten." in [report["text"] for report in reports]


def test_resident_finds_maps_helps_withdraws_waits_and_reports_by_keyboard_alone(
    open_page: OpenPage, seeded: Seeded, db: psycopg.Connection
) -> None:
    person = make_person(db)
    page = open_page()
    page.goto("/#/anmelden")
    page.get_by_label("E-Mail-Adresse").focus()
    page.keyboard.type(person.email)
    page.keyboard.press("Tab")
    page.keyboard.type(person.password)
    page.keyboard.press("Enter")
    expect(h1(page, "Mein Konto")).to_be_visible()
    page.goto("/#/")
    expect(page.locator("#category input")).not_to_have_count(0)

    # Find: the postcode from the suggestions, 2 km, the category, the search; the results take the focus.
    tab_to(page, place_field(page))
    page.keyboard.press("Control+A")
    page.keyboard.type(POSTCODE)
    expect(page.get_by_role("option", name=re.compile(rf"^{POSTCODE} Bielefeld"))).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(place_field(page)).to_have_value(f"{POSTCODE} Bielefeld")
    tab_to(page, page.get_by_label("Umkreis", exact=True))
    page.keyboard.press("Home")  # the first option: 2 km
    expect(page.get_by_label("Umkreis", exact=True)).to_have_value("2")
    tab_to(page, page.locator("#filters-summary"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("checkbox", name="Umwelt und Naturschutz", exact=True))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Suchen"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Ergebnisse")).to_be_focused()
    expect(near_links(page)).to_have_count(3)
    titles = near_links(page).all_inner_texts()

    # The map: its markers in list order, one chosen by Enter; its offer below the map takes the focus.
    tab_to(page, view_switch(page, "Karte"))
    page.keyboard.press("Enter")
    expect_markers_as_listed(page, titles)
    rank = titles.index(OPEN_OFFER)
    tab_to(page, markers(page).nth(rank))
    page.keyboard.press("Enter")
    expect(page.locator("#map-selection .offer__link")).to_be_focused()
    expect(page.locator("#map-selection .offer__link")).to_have_text(OPEN_OFFER)
    # Space too, like any button.
    tab_to(page, markers(page).nth(0), backwards=True)
    page.keyboard.press("Space")
    expect(page.locator("#map-selection .offer__link")).to_have_text(titles[0])

    # Back to the list, and into the offer.
    tab_to(page, view_switch(page, "Liste"), backwards=True)
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name=OPEN_OFFER))
    page.keyboard.press("Enter")
    expect(h1(page, OPEN_OFFER)).to_be_focused()
    area = main(page).get_by_role("region", name="Ich helfe mit")
    tab_to(page, area.get_by_role("button", name="Ich helfe mit"))
    page.keyboard.press("Enter")
    expect(area.get_by_role("status").filter(has_text="Du bist dabei")).to_be_focused()
    tab_to(page, area.get_by_role("button", name="Zurückziehen"))
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(area.get_by_role("button", name="Ja, zurückziehen")).to_be_focused()
    page.keyboard.press("Enter")
    expect(area.get_by_role("status").filter(has_text="Deine Zusage ist zurückgezogen")).to_be_focused()

    # The full offer: the waiting list; then its report.
    tab_to(page, page.get_by_role("link", name="Zurück zur Liste"), backwards=True)
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name=OPEN_OFFER)).to_be_focused()
    tab_to(page, page.get_by_role("link", name=FULL_OFFER), backwards=titles.index(FULL_OFFER) < rank)
    page.keyboard.press("Enter")
    expect(h1(page, FULL_OFFER)).to_be_focused()
    area = main(page).get_by_role("region", name="Ich helfe mit")
    tab_to(page, area.get_by_role("button", name="Ich helfe mit"))
    page.keyboard.press("Enter")
    expect(area.get_by_role("status").filter(has_text=re.compile(r"Warteliste \(Platz \d+\)"))).to_be_focused()
    tab_to(page, main(page).get_by_role("link", name="Angebot melden"))
    page.keyboard.press("Enter")
    expect(h1(page, "Angebot melden")).to_be_visible()
    tab_to(page, page.get_by_label("Die Angaben stimmen nicht"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label("Was sollen wir wissen? (optional)"))
    page.keyboard.type("Per Tastatur gemeldet.")
    tab_to(page, page.get_by_role("button", name="Meldung senden"))
    page.keyboard.press("Enter")
    expect(h1(page, "Danke für deine Meldung")).to_be_visible()

    statuses = dict(db.execute(
        "SELECT offer_id::text, status FROM application WHERE user_id = %s", (person.id,)).fetchall())
    assert statuses == {seeded.ids[OPEN_OFFER]: "withdrawn", seeded.ids[FULL_OFFER]: "waiting"}
    reports = reports_a_moderator_sees(open_page, db, seeded.ids[FULL_OFFER])["latest"]
    assert "Per Tastatur gemeldet." in [report["text"] for report in reports]


@dataclass(frozen=True)
class PlainStack:
    base_url: str
    geocoder: FakeGeocoder


@pytest.fixture(scope="module")
def plain_stack(database: str) -> Iterator[PlainStack]:
    """A second API on the same database, as `make run` has it: no tiles, but with a (fake) geocoder."""
    store = redis.Redis.from_url(get_settings().redis_url)
    for key in store.scan_iter("volumap:places:geocoder:*"):
        store.delete(key)
    with fake_geocoder() as geocoder:
        geocoder.places = [nominatim_place(52.0955, 8.5155, "Amtsstraße", "13", "33739", "Bielefeld",
                                           suburb="Jöllenbeck")]
        env = {**os.environ, "VOLUMAP_MAP_TILE_URL": "", "VOLUMAP_GEOCODER_URL": geocoder.url}
        with api_server(env) as (base_url, _log):
            yield PlainStack(base_url=base_url, geocoder=geocoder)


def test_street_address_from_the_geocoder_and_a_map_without_tiles(
    browser: Browser, plain_stack: PlainStack, seeded: Seeded
) -> None:
    context = browser.new_context(base_url=plain_stack.base_url, viewport=PHONE, locale="de-DE")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    elsewhere: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(plain_stack.base_url)
            else elsewhere.append(request.url))
    try:
        page.goto("/")
        hint = page.locator("#place-hint")
        expect(hint).to_have_text(re.compile("Straße mit Hausnummer"))
        place_field(page).fill(ADDRESS)
        option = page.get_by_role("option", name=re.compile(rf"^{ADDRESS_LABEL}"))
        expect(option).to_contain_text("Adresse")
        assert_accessible(page, "suche-adresse (de)")
        screenshot(page, "suche-adresse")
        place_field(page).press("ArrowDown")
        place_field(page).press("Enter")
        expect(place_field(page)).to_have_value(ADDRESS_LABEL)
        assert plain_stack.geocoder.last_query["q"] == ADDRESS
        page.get_by_label("Umkreis", exact=True).select_option("2")
        page.get_by_role("button", name="Suchen").click()
        expect(page.get_by_role("link", name=OPEN_OFFER)).to_be_visible()
        calls = plain_stack.geocoder.calls

        view_switch(page, "Karte").click()
        expect(page.get_by_text(re.compile("^Ohne Kartenhintergrund"))).to_be_visible()
        expect(markers(page)).to_have_count(near_links(page).count())
        expect(page.locator(".leaflet-tile")).to_have_count(0)
        check(page, "suche-karte-ohne-kacheln", english="Volunteering near you")
        # The same address again comes from the API's cache, not from the geocoder.
        page.reload()
        place_field(page).fill(ADDRESS)
        expect(page.get_by_role("option", name=re.compile(rf"^{ADDRESS_LABEL}"))).to_be_visible()
        assert plain_stack.geocoder.calls == calls
        assert elsewhere == []
    finally:
        context.close()
    assert not errors, errors


def test_a_map_that_cannot_load_says_so_and_keeps_the_list(open_page: OpenPage, seeded: Seeded) -> None:
    # Without the service worker, whose copy of Leaflet would be used.
    page = open_page(service_workers="block")
    find_near_postcode(page)
    page.route("**/vendor/leaflet/**", lambda route: route.abort())
    view_switch(page, "Karte").click()
    expect(page.get_by_role("alert")).to_contain_text("Karte nicht verfügbar")
    expect(view_switch(page, "Liste")).to_have_attribute("aria-pressed", "true")
    expect(near_links(page)).to_have_count(3)
    assert_accessible(page, "suche-karte-fehler (de)")

    # Once it can, the map opens.
    page.unroute("**/vendor/leaflet/**")
    view_switch(page, "Karte").click()
    expect(markers(page)).to_have_count(3)


def test_remote_offers_beyond_the_first_page_come_with_their_own_more_button(
    open_page: OpenPage, db: psycopg.Connection
) -> None:
    organisation = uuid.uuid4()
    db.execute("INSERT INTO organisation (id, name, slug, verification_status, verified_at)"
               " VALUES (%s, 'Lernhilfe aus der Ferne', 'mapui-lernhilfe-ferne', 'verified', now())", (organisation,))
    try:
        for number in range(1, 23):
            db.execute(
                "INSERT INTO offer (id, organisation_id, title, summary, description, category_ids, is_remote,"
                " commitment, contact_name, contact_email, status, published_at)"
                " VALUES (%s, %s, %s, 'Per Video.', '<p>Per Video.</p>',"
                " (SELECT array_agg(id) FROM category WHERE slug = 'culture-education'), true, 'flexible', 'Ada',"
                " 'ada@example.org', 'published', now() - make_interval(mins => %s))",
                (uuid.uuid4(), organisation, f"Fernlernhilfe {number:02d}", number),
            )
        page = open_page()
        page.goto("/#/?ort=Mitte&lat=52.0215&lon=8.5325&umkreis=10&suche=Fernlernhilfe")
        remote = page.get_by_role("region", name="Von zu Hause aus")
        links = remote.locator(".offer__link")
        expect(links).to_have_count(20)
        more = remote.get_by_role("button", name="Mehr laden")
        more.click()
        expect(links).to_have_count(22)
        expect(links.nth(20)).to_be_focused()
        expect(more).to_be_hidden()
        assert len(set(links.all_inner_texts())) == 22
    finally:
        db.execute("DELETE FROM organisation WHERE id = %s", (organisation,))
