"""The footer's pages in headless Chromium against the running stack: the accessibility statement as BITV NRW
requires it, the feedback form that is its feedback mechanism (stored, and e-mailed to the moderators by the
worker), and VoluMap explained in Leichte Sprache."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from urllib.parse import quote

import psycopg
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.checks import assert_accessible, screenshot
from tests.e2e.conftest import Stack
from tests.support.accounts import make_person
from tests.support.mailbox import body

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

ENGLISH = {"locale": "en-GB"}
# The footer's link text, the route, and the page's heading, in German.
PAGES = [
    ("Barrierefreiheit", "#/barrierefreiheit", "Erklärung zur Barrierefreiheit"),
    ("Feedback geben", "#/feedback", "Feedback geben"),
    ("Leichte Sprache", "#/leichte-sprache", "VoluMap in Leichter Sprache"),
]
# One screen of each kind the footer sits under, and its heading.
SCREENS = [
    ("#/", "Ehrenamt in deiner Nähe"),
    ("#/anmelden", "Anmelden"),
    ("#/gibt-es-nicht", "Seite nicht gefunden"),
]


def _open(page: Page, stack: Stack, route: str, heading: str) -> None:
    page.goto(f"{stack.base_url}/{route}")
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()


def _tab_to(page: Page, target: Locator, limit: int = 150) -> None:
    """Presses Tab until `target` has the focus, as someone using the keyboard would."""
    element = target.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("element => document.activeElement === element", element):
            return
    raise AssertionError(f"{target} was not reached with {limit} presses of Tab")


def _footer(page: Page) -> Locator:
    return page.get_by_role("contentinfo").get_by_role("navigation", name="Service")


@pytest.mark.parametrize(("screen", "screen_heading"), SCREENS, ids=["search", "sign-in", "not-found"])
@pytest.mark.parametrize(("link", "route", "heading"), PAGES, ids=["statement", "feedback", "easy-language"])
def test_each_footer_page_opens_by_keyboard_from_every_kind_of_screen(
    open_page: Callable[..., Page], stack: Stack, screen: str, screen_heading: str, link: str, route: str,
    heading: str,
) -> None:
    page = open_page()
    _open(page, stack, screen, screen_heading)

    _tab_to(page, _footer(page).get_by_role("link", name=link, exact=True))
    page.keyboard.press("Enter")

    target = page.get_by_role("heading", level=1, name=heading)
    expect(target).to_be_focused()
    assert page.url.split("#", 1)[1].split("?")[0] == route[1:]


def test_feedback_form_names_the_screen_it_was_opened_from(open_page: Callable[..., Page], stack: Stack) -> None:
    page = open_page()
    _open(page, stack, "#/anmelden", "Anmelden")

    _footer(page).get_by_role("link", name="Feedback geben").click()

    expect(page.get_by_label("Um welche Seite geht es? (optional)")).to_have_value(f"{stack.base_url}/#/anmelden")


def test_feedback_form_says_how_long_the_api_keeps_feedback(open_page: Callable[..., Page], stack: Stack) -> None:
    """The number of days is the API's (GET /api/v1/feedback/terms), never one the app assumes; without an
    answer the form names none."""
    # No service worker: its own requests would pass the page's routes by.
    page = open_page(service_workers="block")
    page.route("**/api/v1/feedback/terms", lambda route: route.fulfill(
        json={"retention_days": 30, "message_max": 5000, "page_max": 500}))
    _open(page, stack, "#/feedback", "Feedback geben")
    expect(page.get_by_text("Wir löschen deine Nachricht und deine Adresse nach 30 Tagen.")).to_be_visible()

    offline = open_page(service_workers="block")
    offline.route("**/api/v1/feedback/terms", lambda route: route.abort())
    _open(offline, stack, "#/feedback", "Feedback geben")
    no_number = "Wir löschen deine Nachricht und deine Adresse nach einer festen Frist."
    expect(offline.get_by_text(no_number)).to_be_visible()


def test_footer_feedback_link_leaves_out_the_token_of_an_emailed_link(
    open_page: Callable[..., Page], stack: Stack
) -> None:
    page = open_page()
    _open(page, stack, "#/platz-annehmen?token=secret-one-time-token", "Platz annehmen")

    link = _footer(page).get_by_role("link", name="Feedback geben")

    expect(link).to_have_attribute("href", f"#/feedback?von={quote('#/platz-annehmen', safe='')}")


def test_statement_contains_what_bitv_nrw_requires(open_page: Callable[..., Page], stack: Stack) -> None:
    page = open_page()
    _open(page, stack, "#/barrierefreiheit", "Erklärung zur Barrierefreiheit")
    main = page.get_by_role("main")

    expect(main.get_by_role("heading", level=2)).to_have_text([
        "Wofür diese Erklärung gilt",
        "Wie barrierefrei VoluMap ist",
        "Was noch nicht barrierefrei ist",
        "Wie wir die Barrierefreiheit geprüft haben",
        "Barrieren melden: Feedback und Kontakt",
        "Schlichtung: die Ombudsstelle",
    ])
    text = main.inner_text()
    # What it covers, and the honest status against the standard.
    assert "VoluMap Bielefeld" in text
    expect(main.get_by_role("link", name="/schema", exact=True)).to_have_attribute("href", "/schema")
    assert "Stand: teilweise vereinbar" in text
    assert "EN 301 549" in text and "WCAG 2.1" in text
    # The known limitations, each with its alternative where there is one.
    expect(main.get_by_role("heading", level=3)).to_have_text([
        "Die Beschreibung der Schnittstelle (/schema)",
        "Eine Karte der Angebote",
        "Die Beschreibungen der Angebote",
        "Deutsche Gebärdensprache",
        "Dokumente und Anhänge",
    ])
    assert "Swagger UI" in text
    alternative = main.get_by_role("link", name="/schema/openapi.json")
    assert page.request.get(f"{stack.base_url}{alternative.get_attribute('href')}").ok
    assert "keine PDF-Dokumente" in text
    # When it was made and reviewed, and how.
    assert "am 2. Dezember 2026 erstellt und zuletzt am 2. Dezember 2026 überprüft" in text
    assert "Selbstbewertung" in text and "axe-core" in text and "auf Deutsch und auf Englisch" in text
    assert "Tastatur" in text and "Screenreader" in text
    assert "Einen externen BITV-Test" in text and "gab es noch nicht" in text
    # The feedback mechanism and who is responsible: the app's own form, no made-up addresses.
    expect(main.get_by_role("link", name="Zum Feedback-Formular")).to_have_attribute(
        "href", re.compile(r"^#/feedback\b"))
    assert "Digitalisierungsbüro der Stadt Bielefeld" in text
    assert "@" not in text and not re.search(r"\bTel\b|Telefon|\+49", text)
    # The enforcement procedure.
    assert "Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen" in text
    assert "innerhalb von sechs Wochen keine zufriedenstellende Antwort" in text
    assert "kostenlos" in text
    expect(main.get_by_role("link", name="Website der Ombudsstelle")).to_have_attribute(
        "href", re.compile(r"^https://"))


def test_statement_in_english_keeps_its_parts_and_formats_the_date(
    open_page: Callable[..., Page], stack: Stack
) -> None:
    page = open_page(**ENGLISH)
    _open(page, stack, "#/barrierefreiheit", "Accessibility statement")
    text = page.get_by_role("main").inner_text()

    assert "Status: partially compliant" in text
    assert "prepared on 2 December 2026 and last reviewed on 2 December 2026" in text
    assert "Ombudsstelle" in text and "six weeks" in text and "free of charge" in text
    expect(page.get_by_role("main").get_by_role("link", name="Go to the feedback form")).to_be_visible()


def test_statement_leads_to_the_feedback_form_about_itself(open_page: Callable[..., Page], stack: Stack) -> None:
    page = open_page()
    _open(page, stack, "#/barrierefreiheit", "Erklärung zur Barrierefreiheit")

    page.get_by_role("main").get_by_role("link", name="Zum Feedback-Formular").click()

    expect(page.get_by_role("heading", level=1, name="Feedback geben")).to_be_focused()
    expect(page.get_by_label("Um welche Seite geht es? (optional)")).to_have_value(
        f"{stack.base_url}/#/barrierefreiheit")


@pytest.mark.parametrize(
    ("options", "language", "title", "summary", "kind_error", "message_error", "message_label"),
    [
        ({}, "de", "Feedback geben", "Es gibt ein Problem", "Wähle aus, worum es geht",
         "Schreib uns deine Nachricht", "Deine Nachricht"),
        (ENGLISH, "en", "Give feedback", "There is a problem", "Select what it is about", "Enter your message",
         "Your message"),
    ],
    ids=["de", "en"],
)
def test_empty_feedback_shows_each_error_at_its_field(
    open_page: Callable[..., Page], stack: Stack, options: dict[str, str], language: str, title: str,
    summary: str, kind_error: str, message_error: str, message_label: str,
) -> None:
    page = open_page(**options)
    _open(page, stack, "#/feedback", title)
    form = page.get_by_role("form", name=title)
    assert_accessible(page, f"the empty feedback form ({language})")
    if language == "de":
        screenshot(page, "pages-feedback-empty-de")

    form.get_by_role("button", name=re.compile("Feedback senden|Send feedback")).click()

    alert = form.get_by_role("alert")
    expect(alert.get_by_role("heading", name=summary)).to_be_visible()
    expect(alert).to_be_focused()
    expect(alert.get_by_role("link")).to_have_text([kind_error, message_error])
    kinds = form.get_by_role("group", name=re.compile("Worum geht es|What is it about"))
    expect(kinds).to_contain_text(kind_error)
    expect(kinds).to_have_accessible_description(re.compile(re.escape(kind_error)))
    message = form.get_by_label(message_label)
    expect(message).to_have_attribute("aria-invalid", "true")
    expect(message).to_have_accessible_description(re.compile(re.escape(message_error)))
    assert page.title().startswith("Fehler: " if language == "de" else "Error: ")
    assert_accessible(page, f"the feedback form with errors ({language})")
    if language == "de":
        screenshot(page, "pages-feedback-errors-de")

    alert.get_by_role("link", name=message_error).click()
    expect(message).to_be_focused()


def test_feedback_with_a_malformed_reply_address_says_so_at_the_field(
    open_page: Callable[..., Page], stack: Stack
) -> None:
    page = open_page()
    _open(page, stack, "#/feedback", "Feedback geben")
    page.get_by_label("Eine Idee").check()
    page.get_by_label("Deine Nachricht").fill("Eine Idee für die Suche.")
    email = page.get_by_label("E-Mail-Adresse für eine Antwort (optional)")
    email.fill("nicht-erreichbar")

    page.get_by_role("button", name="Feedback senden").click()

    expect(email).to_have_accessible_description(re.compile("im richtigen Format"))
    expect(page.get_by_role("alert").get_by_role("link")).to_have_text([re.compile("im richtigen Format")])


def test_sent_barrier_report_is_stored_and_reaches_the_moderators_by_email(
    open_page: Callable[..., Page], stack: Stack, database: str
) -> None:
    with psycopg.connect(database, autocommit=True) as db:
        moderator = make_person(db, moderator=True)
    marker = f"Der Knopf ist ohne Maus nicht erreichbar ({uuid.uuid4().hex[:8]})."
    reply_to = f"antwort-{uuid.uuid4().hex[:8]}@example.org"
    page = open_page()
    _open(page, stack, "#/anmelden", "Anmelden")
    _footer(page).get_by_role("link", name="Feedback geben").click()
    expect(page.get_by_role("heading", level=1, name="Feedback geben")).to_be_visible()

    page.get_by_label("Eine Barriere").check()
    page.get_by_label("Deine Nachricht").fill(marker)
    page.get_by_label("E-Mail-Adresse für eine Antwort (optional)").fill(reply_to)
    page.get_by_role("button", name="Feedback senden").click()

    expect(page.get_by_role("heading", level=1, name="Danke für dein Feedback")).to_be_focused()
    main = page.get_by_role("main")
    expect(main).to_contain_text(f"Wir antworten dir an {reply_to}.")
    expect(main.get_by_role("link", name="Erklärung zur Barrierefreiheit")).to_be_visible()
    expect(main.get_by_role("link", name="Zurück zur Seite, von der du gekommen bist")).to_have_attribute(
        "href", "#/anmelden")
    with psycopg.connect(database) as db:
        rows = db.execute(
            "SELECT kind, page, email, locale, status FROM feedback WHERE message = %s", [marker]).fetchall()
    assert rows == [("barrier", f"{stack.base_url}/#/anmelden", reply_to, "de", "new")]
    mail = stack.mailbox.wait_for(moderator.email)[-1]
    assert marker in body(mail) and reply_to in body(mail) and "Barriere" in mail["Subject"]
    assert_accessible(page, "the feedback confirmation (de)")
    screenshot(page, "pages-feedback-sent-de")


def test_feedback_sent_in_english_is_confirmed_in_english(
    open_page: Callable[..., Page], stack: Stack, database: str
) -> None:
    marker = f"The search could offer a map ({uuid.uuid4().hex[:8]})."
    page = open_page(**ENGLISH)
    _open(page, stack, "#/feedback", "Give feedback")

    page.get_by_label("An idea").check()
    page.get_by_label("Your message").fill(marker)
    page.get_by_role("button", name="Send feedback").click()

    expect(page.get_by_role("heading", level=1, name="Thank you for your feedback")).to_be_focused()
    expect(page.get_by_role("main")).to_contain_text("You did not give an email address")
    with psycopg.connect(database) as db:
        assert db.execute("SELECT kind, email, locale FROM feedback WHERE message = %s", [marker]).fetchall() == [
            ("idea", None, "en")]
    assert_accessible(page, "the feedback confirmation (en)")


def test_switching_the_language_keeps_what_was_typed(open_page: Callable[..., Page], stack: Stack) -> None:
    page = open_page()
    _open(page, stack, "#/feedback", "Feedback geben")
    page.get_by_label("Ein Problem oder ein Fehler").check()
    page.get_by_label("Deine Nachricht").fill("Halb geschrieben")

    page.get_by_role("button", name="English").click()

    expect(page.get_by_role("heading", level=1, name="Give feedback")).to_be_visible()
    expect(page.get_by_label("A problem or an error")).to_be_checked()
    expect(page.get_by_label("Your message")).to_have_value("Halb geschrieben")


@pytest.mark.parametrize(("options", "language"), [({}, "de"), (ENGLISH, "en")], ids=["de", "en"])
@pytest.mark.parametrize(
    ("route", "headings"),
    [("#/barrierefreiheit", ("Erklärung zur Barrierefreiheit", "Accessibility statement")),
     ("#/leichte-sprache", ("VoluMap in Leichter Sprache", "VoluMap in Leichter Sprache"))],
    ids=["statement", "easy-language"],
)
def test_pages_have_no_axe_violations(
    open_page: Callable[..., Page], stack: Stack, options: dict[str, str], language: str, route: str,
    headings: tuple[str, str],
) -> None:
    page = open_page(**options)
    _open(page, stack, route, headings[0] if language == "de" else headings[1])

    assert_accessible(page, f"{route} ({language})")
    screenshot(page, f"pages-{route[2:]}-{language}")


def test_easy_language_stays_german_with_an_english_note_in_the_english_app(
    open_page: Callable[..., Page], stack: Stack
) -> None:
    page = open_page(**ENGLISH)
    _open(page, stack, "#/leichte-sprache", "VoluMap in Leichter Sprache")

    assert page.evaluate("document.documentElement.lang") == "en"
    german = page.get_by_role("main").locator("[lang=de]")
    expect(german.get_by_role("heading", level=1)).to_have_text("VoluMap in Leichter Sprache")
    expect(german.get_by_role("heading", level=2).first).to_have_text("Was ist VoluMap?")
    note = german.locator("[lang=en]")
    expect(note).to_contain_text("easy German")
    expect(note).to_be_visible()


def test_easy_language_in_german_has_no_english_note_and_leads_to_help(
    open_page: Callable[..., Page], stack: Stack
) -> None:
    page = open_page()
    _open(page, stack, "#/leichte-sprache", "VoluMap in Leichter Sprache")
    main = page.get_by_role("main")

    expect(main.locator("[lang=en]")).to_have_count(0)
    expect(main.get_by_role("heading", level=2)).to_have_text([
        "Was ist VoluMap?", "Was ist ein Ehren-Amt?", "So finden Sie Angebote in Ihrer Nähe",
        "Zum Suchen brauchen Sie kein Konto", "So sagen Sie: „Ich helfe mit“", "So bekommen Sie ein Konto",
        "Wer macht VoluMap?", "Sie brauchen Hilfe?",
    ])
    main.get_by_role("link", name="Hier geht es zum Formular.").click()
    expect(page.get_by_role("heading", level=1, name="Feedback geben")).to_be_focused()


def test_feedback_the_api_refuses_is_shown_at_its_field(open_page: Callable[..., Page], stack: Stack) -> None:
    page = open_page()
    _open(page, stack, "#/feedback", "Feedback geben")
    page.get_by_label("Etwas anderes").check()
    message = page.get_by_label("Deine Nachricht")
    message.fill("<p></p>")

    page.get_by_role("button", name="Feedback senden").click()

    expect(message).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert").get_by_role("link")).to_have_count(1)
    assert_accessible(page, "the feedback form with an error from the API (de)")
