"""The app shell in headless Chromium against the running stack: routing (unknown routes, screens still to come,
every kind of link the back end sends), the service worker's precache list and the asset caching headers,
installability, and the app working offline after one visit."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
import psycopg
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from api.domain.system.app_shell import app_shell
from api.lib.app_links import AppLink, examples
from tests.e2e.checks import assert_accessible, screenshot
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, Stack
from tests.e2e.test_accounts_ui import sign_in
from tests.support.accounts import make_person

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

ENGLISH = {"locale": "en-GB"}
SEARCH_HEADING = "Ehrenamt in deiner Nähe"
NOT_FOUND = "Seite nicht gefunden"
SIGN_IN = "Anmelden"
# What the service worker does not keep, as app_shell.py documents it: the API docs' own bundle and licence
# notes, and the two pages the server writes the version into (they are fetched, never taken from the cache).
NOT_PRECACHED = ("vendor/swagger-ui/", "vendor/LICENSES.md", "index.html", "sw.js")
IMMUTABLE = "public, max-age=31536000, immutable"
OFFER_ID = uuid.UUID("3f2b8c1e-5a7d-4e9f-8b6a-1c2d3e4f5a6b")


@dataclass(frozen=True)
class ComingSoon:
    route: str
    name_de: str
    name_en: str
    asks_to_sign_in: bool


COMING_SOON = [
    ComingSoon("#/einladung?token=x", "Einladung in eine Organisation", "Invitation to an organisation", True),
    ComingSoon("#/verwaltung", "Verwaltung deiner Organisation", "Managing your organisation", True),
    ComingSoon(f"#/verwaltung/angebot/{OFFER_ID}", "Angebot verwalten", "Manage an offer", True),
    ComingSoon(f"#/verwaltung/angebot/{OFFER_ID}/bewerbungen", "Bewerbungen auf ein Angebot",
               "Applications for an offer", True),
]
COMING_SOON_IDS = ["invitation", "management", "offer-management", "applications"]

# The heading each kind of link in api/lib/app_links.py opens (its example's id or token is made up, so a
# screen that uses the token at once says the link does not work). A new kind of link must be added here.
LINK_SCREENS: dict[str, str] = {
    "home": SEARCH_HEADING,
    "offer": "Angebot nicht verfügbar",
    "confirm_account": "E-Mail-Adresse bestätigen|Dieser Link funktioniert nicht mehr",
    "forgot_password": "Passwort vergessen",
    "reset_password": "Neues Passwort festlegen|Dieser Link funktioniert nicht mehr",
    "confirm_email_change": "Neue E-Mail-Adresse bestätigen|Dieser Link funktioniert nicht mehr",
    "take_place": "Platz annehmen|Dieser Link funktioniert nicht mehr",
    # Signed out, the resident's own screens ask to sign in first and come back.
    "my_engagements": "Anmelden",
    "notification_settings": "Benachrichtigungen",
    "invitation": "Einladung in eine Organisation",
    "organisation_management": "Verwaltung deiner Organisation",
    "offer_management": "Angebot verwalten",
    "offer_applications": "Bewerbungen auf ein Angebot",
}


def _heading(page: Page, name: str | re.Pattern[str]) -> Locator:
    return page.get_by_role("heading", level=1, name=name)


def _shows_no_search_list(page: Page) -> None:
    expect(page.get_by_role("heading", name=SEARCH_HEADING)).to_be_hidden()
    expect(page.get_by_role("search")).to_be_hidden()


def _asks_to_sign_in(page: Page, route: str) -> None:
    """Either a sign-in link that brings the person back here, or the sign-in screen itself on the way back."""
    back = f"#/anmelden?weiter={quote(route, safe='')}"
    link = page.get_by_role("main").get_by_role("link", name=SIGN_IN)
    if page.url.split("#", 1)[-1].startswith("/anmelden"):
        assert page.url.endswith(back), page.url
        expect(_heading(page, SIGN_IN)).to_be_visible()
    else:
        expect(link).to_have_attribute("href", back)


@pytest.mark.parametrize("route", ["#/gibt-es-nicht", "#/angebot", "#/angebot/1/mehr", "#/konto/unbekannt",
                                   "#/barrierefreiheit/mehr"])
def test_unknown_routes_say_page_not_found_and_never_show_the_search(
    open_page: Callable[..., Page], stack: Stack, route: str
) -> None:
    page = open_page()

    page.goto(f"{stack.base_url}/{route}")

    expect(_heading(page, NOT_FOUND)).to_be_visible()
    _shows_no_search_list(page)
    expect(page.get_by_role("main").get_by_role("link", name="Zur Suche nach Angeboten")).to_have_attribute(
        "href", "#/")
    assert page.title().startswith(NOT_FOUND)


@pytest.mark.parametrize("screen", COMING_SOON, ids=COMING_SOON_IDS)
def test_screens_still_to_come_name_their_page_and_ask_members_to_sign_in(
    open_page: Callable[..., Page], stack: Stack, screen: ComingSoon
) -> None:
    page = open_page()

    page.goto(f"{stack.base_url}/{screen.route}")

    expect(_heading(page, screen.name_de)).to_be_visible()
    _shows_no_search_list(page)
    sign_in = page.get_by_role("main").get_by_role("link", name=SIGN_IN)
    if screen.asks_to_sign_in:
        expect(sign_in).to_have_attribute("href", f"#/anmelden?weiter={quote(screen.route, safe='')}")
        sign_in.click()
        expect(_heading(page, SIGN_IN)).to_be_visible()
        expect(page.get_by_role("main")).to_contain_text("Danach geht es dort weiter, wo du warst.")
    else:
        expect(sign_in).to_have_count(0)


def test_every_kind_of_link_the_back_end_sends_has_its_screen_listed_here() -> None:
    assert {link.kind for link in examples()} == set(LINK_SCREENS)


@pytest.mark.parametrize("link", examples(), ids=lambda link: link.kind)
def test_each_link_the_back_end_sends_opens_its_own_screen(
    open_page: Callable[..., Page], stack: Stack, link: AppLink
) -> None:
    page = open_page()

    page.goto(stack.base_url + link.path)

    expect(_heading(page, re.compile(f"^(?:{LINK_SCREENS[link.kind]})$"))).to_be_visible()
    expect(_heading(page, NOT_FOUND)).to_have_count(0)
    if link.kind != "home":
        _shows_no_search_list(page)
    if link.audience in ("member", "moderator") or link.kind == "my_engagements":
        _asks_to_sign_in(page, "#" + link.path.split("#", 1)[1])


# Signed in, every link sent to residents opens its real screen: none is a placeholder any more.
RESIDENT_SCREENS: dict[str, str] = {
    "take_place": "Platz annehmen|Dieser Link funktioniert nicht mehr",
    "my_engagements": "Meine Einsätze",
    "notification_settings": "Benachrichtigungen",
}


def test_every_link_sent_to_residents_is_listed_with_its_screen() -> None:
    assert {link.kind for link in examples() if link.audience == "resident"} <= set(RESIDENT_SCREENS)


@pytest.mark.parametrize("link", [link for link in examples() if link.kind in RESIDENT_SCREENS],
                         ids=lambda link: link.kind)
def test_each_link_sent_to_residents_opens_its_real_screen_signed_in(
    open_page: Callable[..., Page], stack: Stack, db: psycopg.Connection, link: AppLink
) -> None:
    person = make_person(db)
    page = open_page()
    page.goto(f"{stack.base_url}/#/anmelden")
    sign_in(page, person.email, person.password)
    expect(_heading(page, "Mein Konto")).to_be_visible()

    page.goto(stack.base_url + link.path)

    expect(_heading(page, re.compile(f"^(?:{RESIDENT_SCREENS[link.kind]})$"))).to_be_visible()
    expect(page.get_by_role("main").get_by_text("Diese Seite gibt es bald")).to_have_count(0)
    _shows_no_search_list(page)


def test_forgot_password_link_opens_the_form(open_page: Callable[..., Page], stack: Stack) -> None:
    page = open_page()

    page.goto(f"{stack.base_url}/#/passwort-vergessen")

    expect(_heading(page, "Passwort vergessen")).to_be_visible()
    expect(page.get_by_role("main").get_by_label("E-Mail-Adresse")).to_be_editable()


def _served_precache(client: httpx.Client) -> tuple[str, list[str]]:
    script = client.get("/sw.js").text
    version = re.search(r'const VERSION = "([^"]+)";', script)
    precache = re.search(r"const PRECACHE = (\[.*?\]);", script, re.DOTALL)
    assert version and precache, "sw.js has no VERSION or PRECACHE the server filled in"
    return version.group(1), json.loads(precache.group(1))


def test_service_worker_precaches_exactly_the_served_app(stack: Stack) -> None:
    shell = app_shell()
    with httpx.Client(base_url=stack.base_url) as client:
        version, precache = _served_precache(client)
        base = f"/assets/{version}"
        expected = ["/"] + [f"{base}/{file}" for file in shell.files if not file.startswith(NOT_PRECACHED)]

        assert sorted(precache) == sorted(expected)
        assert len(precache) == len(set(precache))
        for url in precache:
            assert client.get(url).status_code == 200, url
        assert any(url.endswith("/views/pages/accessibility.js") for url in precache)


def test_assets_are_immutable_and_the_entry_points_are_revalidated(stack: Stack) -> None:
    shell = app_shell()
    with httpx.Client(base_url=stack.base_url) as client:
        version, _ = _served_precache(client)
        for file in shell.files:
            response = client.get(f"/assets/{version}/{file}")
            assert response.status_code == 200, file
            assert response.headers["Cache-Control"] == IMMUTABLE, file
        for entry in ("/", "/sw.js"):
            assert client.get(entry).headers["Cache-Control"] == "no-cache", entry


def test_old_versions_and_files_that_are_not_part_of_the_app_are_not_served(stack: Stack) -> None:
    shell = app_shell()
    assert (shell.folder / "__init__.py").is_file()
    sources = sorted(path.relative_to(shell.folder).as_posix() for path in (shell.folder / "styles").glob("*.scss"))
    assert sources
    with httpx.Client(base_url=stack.base_url) as client:
        version, _ = _served_precache(client)
        old = "0" * len(version)
        assert old != version
        assert client.get(f"/assets/{old}/app.js").status_code == 404
        for file in ["__init__.py", *sources]:
            assert client.get(f"/assets/{version}/{file}").status_code == 404, file


def _wait_for_service_worker(page: Page) -> None:
    """Until the service worker controls the page (it claims its clients once installed). An evaluated promise,
    not wait_for_function: that polls with eval, which the app's Content-Security-Policy forbids."""
    page.evaluate("""() => navigator.serviceWorker.controller ? true : new Promise((resolve, reject) => {
      navigator.serviceWorker.addEventListener("controllerchange", () => resolve(true), { once: true });
      setTimeout(() => reject(new Error("no service worker took control within 20 s")), 20000);
    })""")


def test_app_is_installable(browser: Browser, stack: Stack, tmp_path: Path) -> None:
    # A profile on disk: Playwright's usual contexts are incognito, where Chromium never offers to install an
    # app ("in-incognito"), whatever the app does.
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
        viewport={"width": PHONE["width"], "height": PHONE["height"]}, locale="de-DE",
    )
    errors: list[str] = []
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{stack.base_url}/")
        expect(_heading(page, SEARCH_HEADING)).to_be_visible()
        _wait_for_service_worker(page)

        result = context.new_cdp_session(page).send("Page.getInstallabilityErrors")
    finally:
        context.close()

    assert result["installabilityErrors"] == []
    assert errors == []


def test_app_shell_and_precached_screens_work_offline_after_one_visit(
    open_page: Callable[..., Page], stack: Stack
) -> None:
    page = open_page()
    page.goto(f"{stack.base_url}/")
    expect(_heading(page, SEARCH_HEADING)).to_be_visible()
    _wait_for_service_worker(page)

    page.context.set_offline(True)
    page.reload()

    expect(page.get_by_role("banner").get_by_role("link", name="VoluMap Bielefeld")).to_be_visible()
    expect(_heading(page, SEARCH_HEADING)).to_be_visible()
    expect(page.get_by_text("Du bist offline.")).to_be_visible()
    page.get_by_role("contentinfo").get_by_role("link", name="Barrierefreiheit").click()
    expect(_heading(page, "Erklärung zur Barrierefreiheit")).to_be_focused()
    screenshot(page, "shell-offline-statement-de")


@pytest.mark.parametrize(("options", "language"), [({}, "de"), (ENGLISH, "en")], ids=["de", "en"])
def test_not_found_screen_has_no_axe_violations(
    open_page: Callable[..., Page], stack: Stack, options: dict[str, str], language: str
) -> None:
    page = open_page(**options)
    page.goto(f"{stack.base_url}/#/gibt-es-nicht")
    expect(_heading(page, NOT_FOUND if language == "de" else "Page not found")).to_be_visible()

    assert_accessible(page, f"not found ({language})")
    screenshot(page, f"shell-not-found-{language}")


@pytest.mark.parametrize(("options", "language"), [({}, "de"), (ENGLISH, "en")], ids=["de", "en"])
@pytest.mark.parametrize("screen", [COMING_SOON[0], COMING_SOON[1]], ids=["invitation", "management"])
def test_coming_soon_screens_have_no_axe_violations(
    open_page: Callable[..., Page], stack: Stack, options: dict[str, str], language: str, screen: ComingSoon
) -> None:
    page = open_page(**options)
    page.goto(f"{stack.base_url}/{screen.route}")
    expect(_heading(page, screen.name_de if language == "de" else screen.name_en)).to_be_visible()

    assert_accessible(page, f"{screen.route} ({language})")
    screenshot(page, f"shell-coming-soon-{screen.route[2:]}-{language}")


def test_the_service_worker_keeps_no_personal_answer_on_the_device(
    open_page: Callable[..., Page], stack: Stack, db: psycopg.Connection
) -> None:
    person = make_person(db)
    page = open_page()
    page.goto(f"{stack.base_url}/#/anmelden")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now the service worker sees every request
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    sign_in(page, person.email, person.password)
    expect(_heading(page, "Mein Konto")).to_be_visible()
    page.goto(f"{stack.base_url}/#/meine-einsaetze")
    expect(_heading(page, "Meine Einsätze")).to_be_visible()
    page.goto(f"{stack.base_url}/#/")
    expect(page.locator("#search-status")).to_have_text(re.compile(r"Angebot|gefunden"))

    cached = page.evaluate("caches.open('volumap-api-v1').then(c => c.keys()).then(ks => ks.map(k => k.url))")
    assert any("/api/v1/offers" in url for url in cached), cached  # public reads are kept for offline use
    assert not [url for url in cached if "/api/v1/me" in url or "/api/v1/session" in url], cached
