"""The search screen's filters (views/search.js) in headless Chromium against the real stack: a place by name or
postcode from /api/v1/places (a combobox), several categories, commitment, the filters in the address, remote
offers in their own section, the first results in view on a phone. The offers lie around postcode 33699 (east of
Stieghorst, more than 7 km from Mitte), so that the other search tests' lists stay as they expect; one is remote.
Each state is checked with axe in German and English and photographed in German (build/screenshots/suche-*.png)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.checks import assert_accessible, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

OpenPage = Callable[..., Page]
# The centre of postcode 33699 as the places API answers it (api/domain/places/data/postcodes-de.csv).
POSTCODE = "33699"
POSTCODE_LABEL = "33699 Bielefeld"
CENTRE = (51.98538, 8.62216)
SLUG = "searchui-freiwillige-ost"


@dataclass(frozen=True)
class SeedOffer:
    title: str
    shift: float  # degrees of latitude north of the centre: sets the order, nearest first
    categories: tuple[str, ...]
    commitment: str
    remote: bool = False


ORCHARD = SeedOffer("Streuobstwiese in Ubbedissen pflegen", 0.002, ("environment",), "regular")
CAFE = SeedOffer("Nachbarschaftscafé Hillegossen", 0.004, ("social",), "regular")
PLANTING = SeedOffer("Baumpflanzaktion am Lämershagen", 0.003, ("environment",), "one_off")
DOGS = SeedOffer("Hundespaziergänge im Tierheim Ost", 0.001, ("animals",), "regular")
PHONE_FRIENDS = SeedOffer("Telefonpatenschaft für Seniorinnen", 0, ("social",), "regular", remote=True)
OFFERS = [ORCHARD, CAFE, PLANTING, DOGS, PHONE_FRIENDS]


@pytest.fixture(scope="module", autouse=True)
def seeded(database: str) -> Iterator[None]:
    with psycopg.connect(database, autocommit=True) as connection:
        organisation = uuid.uuid4()
        connection.execute(
            "INSERT INTO organisation (id, name, slug, verification_status, verified_at)"
            " VALUES (%s, 'Freiwillige im Osten', %s, 'verified', now())",
            (organisation, SLUG),
        )
        for offer in OFFERS:
            place = None if offer.remote else f"SRID=4326;POINT({CENTRE[1]} {CENTRE[0] + offer.shift})"
            connection.execute(
                "INSERT INTO offer (id, organisation_id, title, summary, description, category_ids, geog, district,"
                " is_remote, commitment, hours_per_week, contact_name, contact_email, status, published_at)"
                " VALUES (%s, %s, %s, %s, '<p>Wir freuen uns auf dich.</p>',"
                " (SELECT array_agg(id ORDER BY id) FROM category WHERE slug = ANY(%s)), %s::geography, %s,"
                " %s, %s, 2, 'Sam Beispiel', 'ost@example.org', 'published', now() - interval '1 day')",
                (uuid.uuid4(), organisation, offer.title, f"Kurz gesagt: {offer.title}.", list(offer.categories),
                 place, None if offer.remote else "Stieghorst", offer.remote, offer.commitment),
            )
        yield


def _place(page: Page) -> Locator:
    return page.get_by_role("combobox", name="Ort oder Postleitzahl")


def _near(page: Page) -> Locator:
    return page.locator("#results .offer__link")


def _remote(page: Page) -> Locator:
    return page.get_by_role("region", name="Von zu Hause aus")


def _suggestions(page: Page) -> Locator:
    return page.get_by_role("listbox", name="Ort oder Postleitzahl")


def _open_search(page: Page) -> None:
    page.goto("/")
    expect(page.locator("#category input")).not_to_have_count(0)


def _open_filters(page: Page) -> None:
    page.get_by_text(re.compile(r"^Weitere Filter")).click()
    expect(page.get_by_role("checkbox", name="Soziales", exact=True)).to_be_visible()


def _choose_postcode_by_keyboard(page: Page) -> None:
    place = _place(page)
    place.fill("")
    place.press_sequentially("336")
    expect(place).to_have_attribute("aria-expanded", "true")
    expect(_suggestions(page).get_by_role("option")).not_to_have_count(0)
    expect(_suggestions(page).get_by_role("option").first).to_contain_text("Postleitzahl")
    place.press_sequentially("99")
    suggestion = _suggestions(page).get_by_role("option", name=re.compile(rf"^{POSTCODE_LABEL}"))
    expect(_suggestions(page).get_by_role("option")).to_have_count(1)
    place.press("ArrowDown")
    expect(suggestion).to_have_attribute("aria-selected", "true")
    expect(place).to_have_attribute("aria-activedescendant", suggestion.get_attribute("id") or "")
    place.press("Enter")
    expect(place).to_have_value(POSTCODE_LABEL)
    expect(place).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#place-options")).to_be_hidden()


def _filter(page: Page) -> None:
    page.get_by_label("Umkreis", exact=True).select_option("2")
    _open_filters(page)
    page.get_by_role("checkbox", name="Umwelt und Naturschutz", exact=True).check()
    page.get_by_role("checkbox", name="Soziales", exact=True).check()
    page.get_by_role("radio", name="Regelmäßig", exact=True).check()


def _expect_filtered_results(page: Page) -> None:
    expect(_near(page)).to_have_text([ORCHARD.title, CAFE.title])
    expect(_remote(page).get_by_role("heading", level=2)).to_have_text("Von zu Hause aus")
    expect(_remote(page).locator(".offer__link")).to_contain_text([PHONE_FRIENDS.title])


def test_resident_finds_offers_near_a_postcode_by_two_categories_and_commitment_and_a_reload_repeats_it(
    open_page: OpenPage,
) -> None:
    page = open_page()
    _open_search(page)
    _choose_postcode_by_keyboard(page)
    _filter(page)
    expect(page.get_by_text("Weitere Filter (3)", exact=True)).to_be_visible()
    page.get_by_role("button", name="Suchen").click()

    _expect_filtered_results(page)
    # Folded after the search, still saying that three filters are set.
    expect(page.get_by_role("checkbox", name="Soziales", exact=True)).to_be_hidden()
    expect(page.get_by_text("Weitere Filter (3)", exact=True)).to_be_visible()
    fragment = urlsplit(page.url).fragment
    assert fragment.startswith("/?")
    query = parse_qs(fragment[2:])
    assert query["ort"] == [POSTCODE_LABEL]
    assert (float(query["lat"][0]), float(query["lon"][0])) == CENTRE
    assert query["umkreis"] == ["2"]
    assert sorted(query["kategorie"]) == ["environment", "social"]
    assert query["einsatz"] == ["regular"]

    page.reload()
    _expect_filtered_results(page)
    expect(_place(page)).to_have_value(POSTCODE_LABEL)
    _open_filters(page)
    expect(page.get_by_label("Umkreis", exact=True)).to_have_value("2")
    expect(page.get_by_role("checkbox", name="Umwelt und Naturschutz", exact=True)).to_be_checked()
    expect(page.get_by_role("checkbox", name="Soziales", exact=True)).to_be_checked()
    expect(page.get_by_role("checkbox", name="Tierschutz", exact=True)).not_to_be_checked()
    expect(page.get_by_role("radio", name="Regelmäßig", exact=True)).to_be_checked()

    shared = open_page()
    shared.goto(page.url)
    _expect_filtered_results(shared)


def test_remote_offers_are_listed_in_their_own_section_and_not_among_the_near_ones(open_page: OpenPage) -> None:
    page = open_page()
    page.goto(f"/#/?ort={POSTCODE}&lat={CENTRE[0]}&lon={CENTRE[1]}&umkreis=2&kategorie=social")

    expect(_near(page)).to_have_text([CAFE.title])
    remote = _remote(page)
    expect(remote.locator(".offer__link")).to_contain_text([PHONE_FRIENDS.title])
    phone_friends = remote.locator(".offer").filter(has_text=PHONE_FRIENDS.title)
    expect(phone_friends.locator(".offer__distance")).to_have_text("Von zu Hause aus möglich")


def test_the_first_result_is_in_view_on_a_phone_after_searching(open_page: OpenPage) -> None:
    page = open_page()  # 390 × 844
    _open_search(page)
    _choose_postcode_by_keyboard(page)
    page.get_by_label("Umkreis", exact=True).select_option("2")
    page.get_by_role("button", name="Suchen").click()

    first = _near(page).first
    expect(first).to_have_text(DOGS.title)
    expect(first).to_be_in_viewport()
    expect(page.get_by_role("heading", name="Ergebnisse", level=2)).to_be_focused()
    screenshot(page, "suche-ergebnisse")


def test_the_place_hint_says_that_streets_cannot_be_searched_without_a_geocoder(open_page: OpenPage) -> None:
    page = open_page()
    _open_search(page)

    hint = page.locator("#place-hint")
    expect(hint).to_have_text(re.compile("Nach Straßen kann hier nicht gesucht werden"))
    expect(_place(page)).to_have_attribute("aria-describedby", "place-hint")


def test_a_place_that_matches_nothing_is_refused_at_the_field(open_page: OpenPage) -> None:
    page = open_page()
    _open_search(page)
    _place(page).fill("Atlantis")
    page.get_by_role("button", name="Suchen").click()

    expect(page.get_by_role("alert")).to_contain_text("Ort nicht gefunden")
    expect(_place(page)).to_be_focused()


def test_escape_closes_the_suggestions(open_page: OpenPage) -> None:
    page = open_page()
    _open_search(page)
    place = _place(page)
    place.fill("")
    place.press_sequentially("Senn")
    expect(_suggestions(page).get_by_role("option", name=re.compile("^Sennestadt"))).to_be_visible()

    place.press("Escape")
    expect(place).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#place-options")).to_be_hidden()
    expect(place).to_have_value("Senn")


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_search_with_filters_and_suggestions_open_and_with_results_is_accessible(
    open_page: OpenPage, language: str
) -> None:
    page = open_page()
    _open_search(page)
    if language == "en":
        page.get_by_role("button", name="English").click()
        expect(page.get_by_role("combobox", name="Place or postcode")).to_be_visible()
    place = page.locator("#place")
    place.fill("")
    place.press_sequentially("336")
    expect(page.locator("#place-options [role=option]")).not_to_have_count(0)
    place.press("ArrowDown")
    assert_accessible(page, f"search, suggestions open ({language})")
    if language == "de":
        screenshot(page, "suche-vorschlaege")
    place.press("Escape")
    page.locator("#radius").select_option("2")
    page.locator("#filters > summary").click()
    page.locator("#category input[value=social]").check()
    page.locator("#commitment-regular").check()
    assert_accessible(page, f"search, filters set ({language})")
    if language == "de":
        screenshot(page, "suche-filter")

    place.fill(POSTCODE)
    page.locator("#search-form button[type=submit]").click()
    expect(_near(page)).to_have_text([CAFE.title])
    expect(page.locator("#remote")).to_be_visible()
    assert_accessible(page, f"search with results ({language})")
