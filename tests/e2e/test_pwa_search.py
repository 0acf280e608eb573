"""The PWA's "Ehrenamt in deiner Nähe" screen in headless Chromium, against the package's running stack
(tests/e2e/conftest.py) with offers this module adds to the suite's database and removes again."""

from __future__ import annotations

import json
import re
import struct
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import psycopg
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.checks import service_worker_push, shown_notifications
from tests.e2e.conftest import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = Path("/tmp/volumap-pwa.png")
MITTE = (52.0215, 8.5325)
SENNESTADT = (51.945, 8.59)
INJECTED_FLAG = "__volumapInjected"


@dataclass(frozen=True)
class SeedOffer:
    title: str
    lat: float
    lon: float
    categories: tuple[str, ...]
    commitment: str
    district: str
    description: str = "<p>Wir freuen uns auf dich.</p>"


NEAR_MITTE = [
    SeedOffer("Vorlesen in der Stadtbibliothek", 52.0230, 8.5350, ("culture-education",), "regular", "Mitte"),
    SeedOffer("Gemeinschaftsgarten am Kesselbrink", 52.0300, 8.5420, ("environment",), "flexible", "Mitte"),
    SeedOffer(
        "Hausaufgabenhilfe in Gadderbaum", 52.0060, 8.5200, ("children-youth",), "regular", "Gadderbaum",
        description=(
            "<p>Wir helfen bei den Hausaufgaben.</p>"
            f"<script>window.{INJECTED_FLAG} = 'script'</script>"
            f"<img src=\"/nowhere.png\" onerror=\"window.{INJECTED_FLAG} = 'img'\">"
            f"<p><a href=\"javascript:window.{INJECTED_FLAG} = 'link'\">Gefährlicher Link</a> "
            "<a href=\"https://www.bielefeld.de/ehrenamt\">Mehr zum Ehrenamt</a></p>"
        ),
    ),
    SeedOffer(
        "Fahrdienst für den Seniorentreff", 52.0420, 8.5150, ("seniors", "social"), "one_off", "Schildesche"
    ),
]
FAR_AWAY = SeedOffer("Tafel Münster sucht Fahrer", 51.9607, 7.6261, ("social",), "regular", "Münster-Mitte")
# One page more than the API's default page size (20), away from Mitte: for "Mehr laden".
SENNESTADT_ANIMALS = [
    SeedOffer(
        f"Tierheim Sennestadt, Aufgabe {n:02d}", SENNESTADT[0] + n * 0.0002, SENNESTADT[1], ("animals",),
        "flexible", "Sennestadt",
    )
    for n in range(1, 23)
]
XSS_OFFER = NEAR_MITTE[2]


@dataclass(frozen=True)
class Seeded:
    ids: dict[str, str]
    mitte_distance_m: dict[str, float]


def _seed(connection: psycopg.Connection) -> Seeded:
    organisation = uuid.uuid4()
    connection.execute(
        "INSERT INTO organisation (id, name, slug, verification_status, verified_at)"
        " VALUES (%s, 'Freiwilligenagentur Bielefeld', 'freiwilligenagentur-bielefeld', 'verified', now())",
        (organisation,),
    )
    ids: dict[str, str] = {}
    for offer in [*NEAR_MITTE, FAR_AWAY, *SENNESTADT_ANIMALS]:
        offer_id = uuid.uuid4()
        connection.execute(
            "INSERT INTO offer (id, organisation_id, title, summary, description, category_ids, geog,"
            " district, commitment, hours_per_week, contact_name, contact_email, contact_phone, status, published_at)"
            " VALUES (%s, %s, %s, %s, %s,"
            " (SELECT array_agg(id ORDER BY id) FROM category WHERE slug = ANY(%s)), %s::geography, %s,"
            " %s, 2, 'Alex Beispiel', 'ehrenamt@example.org', '+49 521 000000', 'published',"
            " now() - interval '1 day')",
            (offer_id, organisation, offer.title, f"Kurz gesagt: {offer.title}.", offer.description,
             list(offer.categories), f"SRID=4326;POINT({offer.lon} {offer.lat})", offer.district,
             offer.commitment),
        )
        ids[offer.title] = str(offer_id)
    distances = connection.execute(
        "SELECT title, ST_Distance(geog, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography) FROM offer"
        " WHERE organisation_id = %s",
        (MITTE[1], MITTE[0], organisation),
    ).fetchall()
    return Seeded(ids=ids, mitte_distance_m=dict(distances))


@pytest.fixture(scope="module", autouse=True)
def seeded(database: str) -> Iterator[Seeded]:
    """The offers, in the suite's database that the package's running stack serves (emptied after the module,
    tests/e2e/conftest.py)."""
    with psycopg.connect(database, autocommit=True) as connection:
        yield _seed(connection)


@pytest.fixture(scope="module")
def server(stack: Stack, seeded: Seeded) -> str:
    return stack.base_url


@pytest.fixture()
def page(open_page: Callable[..., Page]) -> Page:
    return open_page()


def _search(page: Page, *, place: str = "Mitte", radius: str = "5", category: str = "", q: str = "") -> None:
    page.goto("/")
    expect(page.locator("#category input")).not_to_have_count(0)
    page.get_by_role("combobox", name="Ort oder Postleitzahl").fill(place)
    page.get_by_label("Umkreis", exact=True).select_option(radius)
    if category:
        page.locator("#filters > summary").click()
        page.locator(f"#category input[value={category}]").check()
    page.get_by_label("Suchbegriff (optional)", exact=True).fill(q)
    page.get_by_role("button", name="Suchen").click()


def _german_km(metres: float) -> str:
    return f"{metres / 1000:.1f} km".replace(".", ",")


def _near_mitte_nearest_first(seeded: Seeded) -> list[str]:
    return sorted((offer.title for offer in NEAR_MITTE), key=seeded.mitte_distance_m.__getitem__)


def test_search_from_mitte_lists_near_offers_nearest_first_with_german_distances(
    page: Page, seeded: Seeded
) -> None:
    _search(page)

    expected = _near_mitte_nearest_first(seeded)
    expect(page.locator(".offer__link")).to_have_text(expected)
    expect(page.locator(".offer__distance")).to_have_text(
        [_german_km(seeded.mitte_distance_m[title]) for title in expected]
    )
    expect(page.get_by_text(FAR_AWAY.title)).to_have_count(0)
    garden = page.locator(".offer").filter(has_text="Gemeinschaftsgarten am Kesselbrink")
    expect(garden.locator(".offer__organisation")).to_have_text("Freiwilligenagentur Bielefeld")
    expect(garden.locator(".tag")).to_have_text(["Umwelt und Naturschutz"])
    expect(garden.locator(".offer__commitment")).to_have_text("Flexibel")
    expect(garden.locator(".offer__district")).to_have_text("Mitte")
    expect(page.get_by_role("status")).not_to_be_empty()
    page.screenshot(path=str(SCREENSHOT), full_page=True)


def test_live_region_announces_the_result_count(page: Page) -> None:
    _search(page)

    status = page.get_by_role("status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text(f"{len(NEAR_MITTE)} Angebote gefunden.")


def test_search_without_matches_shows_a_friendly_message(page: Page) -> None:
    _search(page, q="Xylophonunterricht")

    expect(page.get_by_role("status")).to_have_text("Keine Angebote gefunden.")
    expect(page.locator("#empty")).to_be_visible()
    expect(page.locator(".offer")).to_have_count(0)


def test_more_button_loads_the_next_page_and_moves_focus_to_it(page: Page) -> None:
    _search(page, place="Sennestadt", radius="2", category="animals")

    expect(page.get_by_role("status")).to_have_text("20 Angebote gefunden. Weitere können geladen werden.")
    page.get_by_role("button", name="Mehr laden").click()

    links = page.locator(".offer__link")
    expect(links).to_have_count(len(SENNESTADT_ANIMALS))
    expect(page.get_by_role("status")).to_have_text(f"{len(SENNESTADT_ANIMALS)} Angebote gefunden.")
    expect(links.nth(20)).to_be_focused()
    expect(page.get_by_role("button", name="Mehr laden")).to_be_hidden()


def test_opening_an_offer_by_keyboard_focuses_its_heading_and_back_returns_focus_to_the_list(
    page: Page, seeded: Seeded
) -> None:
    _search(page)
    first = page.locator(".offer__link").first
    expect(first).to_have_text(_near_mitte_nearest_first(seeded)[0])

    for _ in range(5):
        page.keyboard.press("Tab")
        if first.evaluate("link => link === document.activeElement"):
            break
    expect(first).to_be_focused()
    title = first.inner_text()
    page.keyboard.press("Enter")

    heading = page.locator("#detail-title")
    expect(heading).to_have_text(title)
    expect(heading).to_be_focused()
    expect(page).to_have_url(re.compile(rf"#/angebot/{seeded.ids[title]}$"))
    expect(page.get_by_role("heading", name="Kontakt")).to_be_visible()
    expect(page.get_by_role("link", name="ehrenamt@example.org")).to_have_attribute(
        "href", "mailto:ehrenamt@example.org"
    )

    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("link", name="Zurück zur Liste")).to_be_focused()
    page.keyboard.press("Enter")
    expect(first).to_be_focused()
    expect(page.locator("#detail-view")).to_be_hidden()

    page.keyboard.press("Enter")
    expect(heading).to_be_focused()
    page.go_back()
    expect(first).to_be_focused()


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_main_heading(page: Page) -> None:
    page.goto("/")
    expect(page.locator("#category input")).not_to_have_count(0)

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_be_focused()


def test_english_toggle_switches_labels_and_html_lang(page: Page) -> None:
    _search(page)
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("status")).to_have_text(f"{len(NEAR_MITTE)} Angebote gefunden.")

    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Volunteering near you")
    expect(page.get_by_label("Distance", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Search", exact=True)).to_be_visible()
    page.get_by_text("More filters", exact=True).click()
    expect(page.get_by_role("checkbox", name="Environment", exact=True)).to_be_visible()
    garden = page.locator(".offer").filter(has_text="Gemeinschaftsgarten am Kesselbrink")
    expect(garden.locator(".tag")).to_have_text(["Environment"])
    expect(garden.locator(".offer__commitment")).to_have_text("Flexible")
    expect(garden.locator(".offer__distance")).to_have_text(re.compile(r"^\d\.\d km$"))
    expect(page.get_by_role("status")).to_have_text(f"{len(NEAR_MITTE)} opportunities found.")

    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Deutsch").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ehrenamt in deiner Nähe")


def test_script_in_an_offer_description_is_neither_run_nor_kept(
    open_page: Callable[..., Page], seeded: Seeded
) -> None:
    # Without the page's Content-Security-Policy, so that only the way the description is rendered protects.
    page = open_page(bypass_csp=True)
    page.goto(f"/#/angebot/{seeded.ids[XSS_OFFER.title]}")

    expect(page.locator("#detail-title")).to_have_text(XSS_OFFER.title)
    description = page.locator(".detail__description")
    expect(description.get_by_text("Wir helfen bei den Hausaufgaben.")).to_be_visible()
    expect(description.get_by_role("link", name="Mehr zum Ehrenamt")).to_have_attribute(
        "href", "https://www.bielefeld.de/ehrenamt"
    )
    expect(description.get_by_text("Gefährlicher Link")).to_be_visible()
    expect(description.get_by_role("link", name="Gefährlicher Link")).to_have_count(0)
    expect(description.locator("script, img, [onerror]")).to_have_count(0)
    page.get_by_text("Gefährlicher Link").click()
    assert page.evaluate(f"window.{INJECTED_FLAG}") is None


def test_unknown_offer_shows_the_api_problem_in_an_alert(page: Page) -> None:
    page.goto(f"/#/angebot/{uuid.uuid4()}")

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Nicht gefunden")
    expect(alert).to_contain_text("Kein veröffentlichtes Angebot mit der ID")
    expect(page.locator("#detail-title")).to_have_text("Angebot nicht verfügbar")
    expect(page.locator("#detail-title")).to_be_focused()


def test_my_location_searches_around_the_device_position(open_page: Callable[..., Page]) -> None:
    page = open_page(geolocation={"latitude": XSS_OFFER.lat, "longitude": XSS_OFFER.lon},
                     permissions=["geolocation"])
    page.goto("/")
    page.get_by_label("Umkreis", exact=True).select_option("2")
    page.get_by_role("button", name="Mein Standort verwenden").click()

    expect(page.get_by_role("combobox", name="Ort oder Postleitzahl")).to_have_value("Mein Standort")
    expect(page.locator(".offer__link").first).to_have_text(XSS_OFFER.title)
    expect(page.locator(".offer__distance").first).to_have_text(re.compile(r"^0,\d km$"))


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_manifest_is_served_with_the_app_identity_and_existing_icons(page: Page, server: str) -> None:
    page.goto("/")
    href = page.locator("link[rel=manifest]").get_attribute("href")
    response = page.request.get(href)

    assert response.ok
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = json.loads(response.body())
    assert manifest["name"] == "VoluMap Bielefeld"
    assert manifest["short_name"] == "VoluMap"
    assert manifest["lang"] == "de"
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    icons = {(icon["sizes"], icon.get("purpose", "any")): icon["src"] for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= icons.keys()
    for (sizes, _), src in icons.items():
        icon = page.request.get(urljoin(response.url, src))
        assert icon.ok, src
        assert icon.headers["content-type"] == "image/png"
        width, height = _png_size(icon.body())
        assert f"{width}x{height}" == sizes


def test_service_worker_registers_and_controls_the_page(page: Page, server: str) -> None:
    page.goto("/")

    script = page.evaluate("navigator.serviceWorker.ready.then(ready => ready.active.scriptURL)")
    assert script == f"{server}/sw.js"
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def test_last_results_stay_readable_offline(page: Page, seeded: Seeded) -> None:
    page.goto("/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    # A second visit: now the service worker sees (and keeps) the categories and the default search.
    page.reload()
    expected = _near_mitte_nearest_first(seeded)
    expect(page.locator(".offer__link").first).to_have_text(expected[0])

    page.context.set_offline(True)
    page.reload()

    expect(page.locator("#network-status")).to_be_visible()
    expect(page.locator(".offer__link").first).to_have_text(expected[0])
    expect(page.locator(".tag").first).to_have_text(re.compile(r"^[A-ZÄÖÜ]"))
    expect(page.locator("#problem")).to_be_empty()

    page.get_by_label("Suchbegriff (optional)", exact=True).fill("Garten")
    page.get_by_role("button", name="Suchen").click()
    expect(page.get_by_role("alert")).to_contain_text("Keine Verbindung")
    page.context.set_offline(False)


def test_a_push_message_shows_a_notification_that_replaces_its_tag(open_page: Callable[..., Page], server: str) -> None:
    """The service worker's push handler, fed through the DevTools protocol (the browser's own push service
    is out of reach here): the payload the API sends becomes a notification; a second one with the same tag
    replaces it; a link to another site is replaced by the app's start page."""
    page = open_page(permissions=["notifications"])
    page.goto("/")
    push = service_worker_push(page, server)

    def notifications_once(condition: Callable[[list[dict[str, str]]], bool]) -> list[dict[str, str]]:
        return shown_notifications(page, condition)

    push({"type": "offer.published", "title": "Neues Ehrenamt in deiner Nähe",
          "body": "Vorlesen · Kultur und Bildung · 1,2 km", "url": f"{server}/#/angebot/1", "tag": "o-abc"})
    notifications_once(lambda ns: len(ns) == 1)
    push({"type": "offer.published", "title": "Neues Ehrenamt in deiner Nähe", "body": "Zweite Fassung",
          "url": f"{server}/#/angebot/1", "tag": "o-abc"})
    replaced = notifications_once(lambda ns: [n["body"] for n in ns] == ["Zweite Fassung"])
    assert replaced[0]["url"] == f"{server}/#/angebot/1" and replaced[0]["tag"] == "o-abc"
    push({"type": "application.accepted", "title": "Du bist dabei", "body": "", "url": "https://evil.example/",
          "tag": "d-xyz"})
    notifications = notifications_once(lambda ns: any(n["tag"] == "d-xyz" for n in ns))

    [third] = [n for n in notifications if n["tag"] == "d-xyz"]
    assert (third["title"], third["body"], third["url"]) == ("Du bist dabei", "", f"{server}/")  # not elsewhere
    assert [n["body"] for n in notifications if n["tag"] == "o-abc"] in ([], ["Zweite Fassung"])


def test_an_offer_opened_before_opens_again_offline_and_says_so(page: Page, seeded: Seeded) -> None:
    title = _near_mitte_nearest_first(seeded)[0]
    page.goto("/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.goto(f"/#/angebot/{seeded.ids[title]}")
    page.reload()  # now under the service worker, which keeps the offer's answer
    expect(page.locator("#detail-title")).to_have_text(title)
    assert page.evaluate("navigator.serviceWorker.ready.then(() => navigator.serviceWorker.controller !== null)")

    page.context.set_offline(True)
    page.reload()

    expect(page.locator("#detail-title")).to_have_text(title)
    expect(page.get_by_text("Du bist offline")).to_be_visible()
    page.context.set_offline(False)
