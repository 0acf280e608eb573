"""The offer page (views/offer-parts.js, views/offer-help.js), the organisation page (views/organisation.js) and
the report form (views/report.js) in headless Chromium against the real stack: "Ich helfe mit" and withdrawing,
the waiting list, an unconfirmed or signed-out person, reporting, the calendar file and sharing. People and
offers are written to the database (tests/support/accounts.py); everything the test is about goes through the UI. Each
state is checked with axe in German and English and photographed in German (build/screenshots/angebot-*.png)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.checks import assert_accessible, screenshot
from tests.e2e.conftest import Stack
from tests.e2e.seeds import FULL_OFFER, OPEN_OFFER, ORGANISATION, OTHER_OFFER, Seeded
from tests.e2e.test_accounts_ui import check, h1, main, sign_in, tab_to
from tests.support.accounts import Person, make_person

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

OpenPage = Callable[..., Page]


def offer_path(seeded: Seeded, title: str) -> str:
    return f"/#/angebot/{seeded.ids[title]}"


def help_area(page: Page) -> Locator:
    return page.get_by_role("region", name="Ich helfe mit")


def open_offer(page: Page, seeded: Seeded, title: str) -> None:
    page.goto(offer_path(seeded, title))
    expect(h1(page, title)).to_be_visible()


def signed_in_at_offer(page: Page, person: Person, seeded: Seeded, title: str) -> None:
    """Signs in through the sign-in screen, which returns to the offer."""
    page.goto(f"/#/anmelden?weiter={quote(offer_path(seeded, title)[1:], safe='')}")
    sign_in(page, person.email, person.password)
    expect(h1(page, title)).to_be_visible()


def test_confirmed_resident_says_i_will_help_with_a_message_and_withdraws(
    open_page: OpenPage, seeded: Seeded, db: psycopg.Connection
) -> None:
    page = open_page()
    person = make_person(db)
    signed_in_at_offer(page, person, seeded, OPEN_OFFER)
    area = help_area(page)
    expect(main(page).get_by_text("20 von 20 Plätzen frei")).to_be_visible()
    expect(main(page)).to_contain_text("Stufenloser Zugang, Toilette barrierefrei")
    message = area.get_by_label("Nachricht an die Organisation (optional)")
    expect(message).to_be_visible()
    check(page, "angebot-angemeldet", english=OPEN_OFFER)

    message.fill("Ich bringe eine Schubkarre mit.")
    area.get_by_role("button", name="Ich helfe mit").click()
    confirmation = area.get_by_role("status").filter(has_text="Du bist dabei")
    expect(confirmation).to_be_focused()
    expect(confirmation).to_contain_text("Ich bringe eine Schubkarre mit.")
    check(page, "angebot-dabei", english=OPEN_OFFER)

    # After a reload the page knows the application from GET /me/applications.
    page.reload()
    expect(area.get_by_role("status").filter(has_text="Du bist dabei")).to_be_visible()
    area.get_by_role("button", name="Zurückziehen").click()
    question = area.get_by_role("group", name="Willst du deine Zusage wirklich zurückziehen?")
    expect(question).to_be_focused()
    check(page, "angebot-zurueckziehen-frage", english=OPEN_OFFER)
    expect(question).to_be_visible()
    question.get_by_role("button", name="Abbrechen").click()
    expect(area.get_by_role("button", name="Zurückziehen")).to_be_focused()
    area.get_by_role("button", name="Zurückziehen").click()
    area.get_by_role("button", name="Ja, zurückziehen").click()

    withdrawn = area.get_by_role("status").filter(has_text="Deine Zusage ist zurückgezogen")
    expect(withdrawn).to_be_focused()
    expect(area.get_by_role("button", name="Ich helfe mit")).to_be_visible()
    assert db.execute("SELECT status FROM application WHERE user_id = %s", (person.id,)).fetchone() == ("withdrawn",)


def test_full_offer_puts_the_resident_on_the_waiting_list_with_the_position(
    open_page: OpenPage, seeded: Seeded, db: psycopg.Connection
) -> None:
    page = open_page()
    signed_in_at_offer(page, make_person(db), seeded, FULL_OFFER)
    expect(main(page).get_by_text("Alle Plätze vergeben – du kannst auf die Warteliste")).to_be_visible()
    area = help_area(page)
    expect(area).to_contain_text("Alle Plätze sind vergeben.")
    expect(main(page)).to_contain_text("Di 15:00–16:30")

    area.get_by_role("button", name="Ich helfe mit").click()
    waiting = area.get_by_role("status").filter(has_text=re.compile(r"Du stehst auf der Warteliste \(Platz \d+\)"))
    expect(waiting).to_be_focused()
    check(page, "angebot-warteliste", english=FULL_OFFER)


def test_unconfirmed_resident_is_asked_to_confirm_the_address_first(
    open_page: OpenPage, seeded: Seeded, db: psycopg.Connection
) -> None:
    page = open_page()
    signed_in_at_offer(page, make_person(db, verified=False), seeded, OPEN_OFFER)
    area = help_area(page)
    expect(area).to_contain_text("Bestätige zuerst deine E-Mail-Adresse")
    expect(area.get_by_role("button", name="Ich helfe mit")).to_have_count(0)
    expect(area.get_by_role("link", name="Bestätigungs-E-Mail noch einmal senden")).to_have_attribute(
        "href", "#/konto/bestaetigung-senden")
    check(page, "angebot-unbestaetigt", english=OPEN_OFFER)


def test_signed_out_visitor_is_asked_to_sign_in_and_comes_back_to_the_offer(
    open_page: OpenPage, seeded: Seeded, db: psycopg.Connection
) -> None:
    page = open_page()
    open_offer(page, seeded, OPEN_OFFER)
    area = help_area(page)
    expect(area.get_by_role("button", name="Ich helfe mit")).to_have_count(0)
    check(page, "angebot-abgemeldet", english=OPEN_OFFER)

    person = make_person(db)
    area.get_by_role("link", name="Anmelden").click()
    expect(page).to_have_url(re.compile(r"#/anmelden\?weiter=%23%2Fangebot%2F"))
    sign_in(page, person.email, person.password)
    expect(h1(page, OPEN_OFFER)).to_be_visible()
    expect(help_area(page).get_by_role("button", name="Ich helfe mit")).to_be_visible()


def test_offer_is_reported_and_a_moderator_sees_the_report(
    open_page: OpenPage, seeded: Seeded, db: psycopg.Connection
) -> None:
    page = open_page()
    open_offer(page, seeded, OTHER_OFFER)
    main(page).get_by_role("link", name="Angebot melden").click()
    expect(h1(page, "Angebot melden")).to_be_visible()
    expect(main(page)).to_contain_text(f"Du meldest das Angebot: {OTHER_OFFER}")
    check(page, "angebot-melden", english="Report this opportunity")

    page.get_by_role("button", name="Meldung senden").click()
    summary = page.get_by_role("alert").filter(has=page.get_by_role("heading", name="Es gibt ein Problem"))
    expect(summary).to_be_focused()
    expect(page.get_by_role("group", name="Was ist das Problem?")).to_have_accessible_description(
        re.compile("Wähle aus, was das Problem ist"))
    check(page, "angebot-melden-fehler")
    page.get_by_role("button", name="English").click()
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("alert").filter(has=page.get_by_role("heading", name="There is a problem"))).to_be_focused()
    assert_accessible(page, "angebot-melden-fehler (en)")
    page.get_by_role("button", name="Deutsch").click()
    expect(h1(page, "Angebot melden")).to_be_visible()

    page.get_by_label("Werbung oder bezahlte Arbeit statt Ehrenamt").check()
    page.get_by_label("Was sollen wir wissen? (optional)").fill("Hier wird für einen Umzugsdienst geworben.")
    page.get_by_role("button", name="Meldung senden").click()
    expect(h1(page, "Danke für deine Meldung")).to_be_visible()
    check(page, "angebot-melden-gesendet", english="Thank you for your report")

    group = reports_a_moderator_sees(open_page, db, seeded.ids[OTHER_OFFER])
    assert group["target_title"] == OTHER_OFFER
    assert group["reasons"] == {"commercial": 1}
    assert group["latest"][0]["text"] == "Hier wird für einen Umzugsdienst geworben."


def reports_a_moderator_sees(open_page: OpenPage, db: psycopg.Connection, offer_id: str) -> dict[str, Any]:
    """The reports of an offer as a moderator, signed in through the app, reads them from the API."""
    moderator = make_person(db, moderator=True)
    desk = open_page()
    desk.goto("/#/anmelden")
    sign_in(desk, moderator.email, moderator.password)
    expect(h1(desk, "Mein Konto")).to_be_visible()
    reports = desk.request.get("/api/v1/moderation/reports")
    assert reports.ok, reports.text()
    [group] = [item for item in reports.json()["items"] if item["target_id"] == offer_id]
    return group


def test_organisation_page_opens_from_the_offer_and_lists_its_offers(open_page: OpenPage, seeded: Seeded) -> None:
    page = open_page()
    open_offer(page, seeded, OPEN_OFFER)
    main(page).get_by_role("link", name=ORGANISATION).click()

    expect(h1(page, ORGANISATION)).to_be_visible()
    expect(main(page).get_by_text("Wir helfen einander im Stadtteil.")).to_be_visible()
    expect(main(page).get_by_role("link", name=re.compile(r"^nachbarn\.example\.org"))).to_have_attribute(
        "href", "https://nachbarn.example.org/")
    expect(main(page).get_by_role("link", name="kontakt@nachbarn.example.org")).to_be_visible()
    offers = main(page).get_by_role("region", name="Angebote dieser Organisation").get_by_role("link")
    expect(offers).to_have_count(3)
    check(page, "organisation", english=ORGANISATION)

    main(page).get_by_role("link", name=FULL_OFFER).click()
    expect(h1(page, FULL_OFFER)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"#/angebot/{seeded.ids[FULL_OFFER]}$"))


def test_one_off_offer_adds_to_the_calendar_and_share_copies_the_link(open_page: OpenPage, seeded: Seeded,
                                                                       stack: Stack) -> None:
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    # Headless Chromium on Linux has no share sheet; make sure the fallback is what runs.
    page.add_init_script("delete Navigator.prototype.share")
    open_offer(page, seeded, OPEN_OFFER)

    calendar = main(page).get_by_role("link", name="Zum Kalender hinzufügen")
    href = calendar.get_attribute("href")
    assert href == f"/api/v1/offers/{seeded.ids[OPEN_OFFER]}.ics"
    ics = page.request.get(href)
    assert ics.status == 200
    assert ics.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in ics.text() and OPEN_OFFER.split()[0] in ics.text()

    main(page).get_by_role("button", name="Teilen").click()
    copied = "Link kopiert. Du kannst ihn jetzt einfügen und weitergeben."
    expect(main(page).get_by_text(copied)).to_be_visible()
    expect(page.locator("[role=status][aria-live=polite]").filter(has_text=copied)).to_have_count(1)
    assert page.evaluate("navigator.clipboard.readText()") == f"{stack.base_url}{offer_path(seeded, OPEN_OFFER)}"
    assert_accessible(page, "angebot-geteilt (de)")
    screenshot(page, "angebot-geteilt")

    open_offer(page, seeded, FULL_OFFER)
    expect(main(page).get_by_role("button", name="Teilen")).to_be_visible()
    expect(main(page).get_by_role("link", name="Zum Kalender hinzufügen")).to_have_count(0)


def test_open_help_and_withdraw_by_keyboard_alone(open_page: OpenPage, seeded: Seeded, db: psycopg.Connection) -> None:
    page = open_page()
    person = make_person(db)
    page.goto("/#/anmelden")
    sign_in(page, person.email, person.password)
    expect(h1(page, "Mein Konto")).to_be_visible()
    page.goto("/#/")
    page.get_by_role("combobox", name="Ort oder Postleitzahl").fill("Jöllenbeck")
    page.get_by_label("Umkreis", exact=True).select_option("2")
    page.get_by_role("button", name="Suchen").click()
    link = page.get_by_role("link", name=OPEN_OFFER)
    expect(link).to_be_visible()

    tab_to(page, link)
    page.keyboard.press("Enter")
    expect(h1(page, OPEN_OFFER)).to_be_focused()
    area = help_area(page)
    message = area.get_by_label("Nachricht an die Organisation (optional)")
    tab_to(page, message)
    page.keyboard.type("Ich komme mit meiner Nachbarin.")
    page.keyboard.press("Tab")
    expect(area.get_by_role("button", name="Ich helfe mit")).to_be_focused()
    page.keyboard.press("Enter")
    expect(area.get_by_role("status").filter(has_text="Du bist dabei")).to_be_focused()

    tab_to(page, area.get_by_role("button", name="Zurückziehen"))
    page.keyboard.press("Enter")
    expect(area.get_by_role("group", name="Willst du deine Zusage wirklich zurückziehen?")).to_be_focused()
    page.keyboard.press("Tab")
    expect(area.get_by_role("button", name="Ja, zurückziehen")).to_be_focused()
    page.keyboard.press("Enter")
    expect(area.get_by_role("status").filter(has_text="Deine Zusage ist zurückgezogen")).to_be_focused()
    expect(area.get_by_role("button", name="Ich helfe mit")).to_be_visible()


LAYOUT_SHIFT = """
window.__shift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
}).observe({ type: "layout-shift", buffered: true });
"""


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
def test_offer_page_fills_in_without_shifting_its_layout(
    open_page: OpenPage, seeded: Seeded, db: psycopg.Connection, signed_in: bool
) -> None:
    page = open_page()
    page.add_init_script(LAYOUT_SHIFT)
    if signed_in:
        page.goto("/#/anmelden")
        sign_in(page, make_person(db).email)
        expect(h1(page, "Mein Konto")).to_be_visible()
    open_offer(page, seeded, OPEN_OFFER)
    page.reload()  # a fresh load of the offer's address, measured from its start
    expect(help_area(page).get_by_role("button" if signed_in else "link",
                                       name="Ich helfe mit" if signed_in else "Anmelden")).to_be_visible()
    # Layout shifts are reported after the frame that had them.
    page.evaluate("new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)))")
    assert page.evaluate("window.__shift") < 0.01
