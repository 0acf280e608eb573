"""The account screens (pwa/views/account/) in headless Chromium against the real API and worker: every step
through the UI, every link from an e-mail the system really sent. Each state of each screen is checked with
axe in German and in English and photographed in German (build/screenshots/konto-*.png, passwort-*.png)."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable

import psycopg
import pytest
import redis
from playwright.sync_api import Locator, Page, expect

from tests.e2e.checks import assert_accessible, screenshot
from tests.e2e.conftest import Stack
from tests.support.mailbox import body

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

PASSWORD = "Fahrrad Wiese Laterne"
NEW_PASSWORD = "Kirschbaum Regen Brücke"
# The API's reason for a short password: German, whether it says why ("mindestens") or only "ungültig".
SHORT_PASSWORD_DE = re.compile(r"mindestens 10 Zeichen|ungültig")
LINK = re.compile(r"https?://\S+/#/\S+")

OpenPage = Callable[..., Page]


def new_email(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}@example.org"


def emailed_link(stack: Stack, address: str, number: int = 1) -> str:
    """The app link in the `number`-th e-mail to `address`, as a URL of the running stack."""
    message = stack.mailbox.wait_for(address, number)[number - 1]
    found = LINK.search(body(message))
    assert found, body(message)
    return stack.app_link(found.group(0))


def h1(page: Page, name: str) -> Locator:
    return page.get_by_role("heading", level=1, name=name, exact=True)


def main(page: Page) -> Locator:
    return page.get_by_role("main")


def check(page: Page, name: str, english: str | None = None) -> None:
    """axe on the screen as it is (German) and a screenshot; with `english` (the English h1) the same state is
    shown again through the header's language switch, checked in English, and switched back."""
    assert_accessible(page, f"{name} (de)")
    screenshot(page, name)
    if english is None:
        return
    german = main(page).get_by_role("heading", level=1).inner_text()
    page.get_by_role("button", name="English").click()
    expect(h1(page, english)).to_be_visible()
    assert_accessible(page, f"{name} (en)")
    page.get_by_role("button", name="Deutsch").click()
    expect(h1(page, german)).to_be_visible()


def expect_error_at(page: Page, field: Locator, reason: str | re.Pattern[str],
                    title: str = "Es gibt ein Problem") -> None:
    """GOV.UK's error pattern: a focused summary whose link leads to the field, which is invalid and described by
    its error."""
    summary = page.get_by_role("alert").filter(has=page.get_by_role("heading", name=title))
    expect(summary).to_be_focused()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(reason if isinstance(reason, re.Pattern) else re.compile(
        re.escape(reason)))
    summary.get_by_role("link", name=reason).click()
    expect(field).to_be_focused()


def tab_to(page: Page, target: Locator, *, backwards: bool = False, limit: int = 40) -> None:
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{key} never reached {target}")


def sign_up(page: Page, name: str, email: str) -> None:
    page.goto("/#/konto/registrieren")
    page.get_by_label("Dein Name").fill(name)
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Konto anlegen").click()
    expect(h1(page, "Schau in dein E-Mail-Postfach")).to_be_visible()


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    expect(h1(page, "Anmelden")).to_be_visible()
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(password)
    main(page).get_by_role("button", name="Anmelden").click()


def signed_in_account(page: Page, stack: Stack, name: str) -> str:
    """A confirmed account, signed in on "Mein Konto"; its address."""
    email = new_email(name.lower())
    sign_up(page, name, email)
    page.goto(emailed_link(stack, email))
    expect(h1(page, "Deine E-Mail-Adresse ist bestätigt")).to_be_visible()
    main(page).get_by_role("link", name="Anmelden").click()
    sign_in(page, email)
    expect(h1(page, "Mein Konto")).to_be_visible()
    return email


def test_resident_signs_up_confirms_by_email_link_signs_in_and_out(open_page: OpenPage, stack: Stack) -> None:
    page = open_page()
    email = new_email("anna")
    page.goto("/#/konto/registrieren")
    expect(h1(page, "Konto anlegen")).to_be_visible()
    expect(main(page)).to_contain_text("Zum Suchen nach Angeboten brauchst du kein Konto.")
    expect(main(page)).to_contain_text("Dafür muss deine E-Mail-Adresse bestätigt sein")
    check(page, "konto-registrieren", english="Create an account")

    page.get_by_role("button", name="Konto anlegen").click()
    expect_error_at(page, page.get_by_label("Dein Name"), "Gib deinen Namen ein")
    check(page, "konto-registrieren-fehlt")

    page.get_by_label("Dein Name").fill("Anna")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill("kurz")
    page.get_by_role("button", name="Konto anlegen").click()
    expect_error_at(page, page.get_by_label("Passwort", exact=True), SHORT_PASSWORD_DE)
    check(page, "konto-registrieren-fehler")

    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Konto anlegen").click()
    expect(h1(page, "Schau in dein E-Mail-Postfach")).to_be_visible()
    expect(main(page)).to_contain_text(f"Wir haben eine E-Mail an {email} geschickt.")
    expect(main(page).get_by_role("link", name="Lass dir einen neuen Link schicken")).to_be_visible()
    check(page, "konto-registrieren-gesendet", english="Check your email")

    page.goto(emailed_link(stack, email))
    expect(h1(page, "Deine E-Mail-Adresse ist bestätigt")).to_be_visible()
    check(page, "konto-bestaetigt", english="Your email address is confirmed")

    main(page).get_by_role("link", name="Anmelden").click()
    sign_in(page, email)
    expect(h1(page, "Mein Konto")).to_be_visible()
    expect(main(page)).to_contain_text(email)
    expect(main(page)).to_contain_text("Bestätigt")
    check(page, "konto", english="My account")

    main(page).get_by_role("button", name="Abmelden").click()
    expect(h1(page, "Anmelden")).to_be_visible()
    expect(page.get_by_text("Du bist abgemeldet.")).to_be_visible()
    navigation = page.get_by_role("navigation", name="Hauptnavigation")
    expect(navigation.get_by_role("link", name="Registrieren")).to_be_visible()


def test_expired_confirmation_link_is_replaced_by_a_new_one(open_page: OpenPage, stack: Stack, database: str) -> None:
    page = open_page()
    email = new_email("ben")
    sign_up(page, "Ben", email)
    first_link = emailed_link(stack, email)

    # Signed in but not confirmed: "Mein Konto" says so and can send the link again.
    page.goto("/#/anmelden")
    sign_in(page, email)
    expect(h1(page, "Mein Konto")).to_be_visible()
    expect(main(page)).to_contain_text("Noch nicht bestätigt")
    check(page, "konto-unbestaetigt", english="My account")
    main(page).get_by_role("button", name="Link noch einmal schicken").click()
    expect(page.get_by_role("status").filter(has_text="Wir haben dir einen neuen Link geschickt")).to_be_focused()
    check(page, "konto-link-gesendet")
    emailed_link(stack, email, 2)

    with psycopg.connect(database, autocommit=True) as db:
        db.execute("UPDATE account_token SET expires_at = now() - interval '1 minute'"
                   " WHERE user_id = (SELECT id FROM user_account WHERE email = %s)", (email,))
    page.goto(emailed_link(stack, email, 2))
    expect(h1(page, "Dieser Link funktioniert nicht mehr")).to_be_visible()
    check(page, "konto-bestaetigen-abgelaufen", english="This link no longer works")
    page.goto(first_link)  # replaced by the second one even before it expired
    expect(h1(page, "Dieser Link funktioniert nicht mehr")).to_be_visible()

    main(page).get_by_role("link", name="Neuen Bestätigungslink anfordern").click()
    expect(h1(page, "Neuen Bestätigungslink anfordern")).to_be_visible()
    # The address typed at sign-up in this tab is filled in already.
    expect(page.get_by_label("E-Mail-Adresse")).to_have_value(email)
    check(page, "konto-bestaetigung-senden", english="Get a new confirmation link")
    page.get_by_label("E-Mail-Adresse").fill("")
    page.get_by_role("button", name="Link schicken").click()
    expect_error_at(page, page.get_by_label("E-Mail-Adresse"), "Gib deine E-Mail-Adresse ein")
    check(page, "konto-bestaetigung-senden-fehler")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_role("button", name="Link schicken").click()
    expect(h1(page, "Schau in dein E-Mail-Postfach")).to_be_visible()
    expect(main(page)).to_contain_text(email)
    check(page, "konto-bestaetigung-senden-gesendet", english="Check your email")

    page.goto(emailed_link(stack, email, 3))
    expect(h1(page, "Deine E-Mail-Adresse ist bestätigt")).to_be_visible()
    # Still signed in: on to "Mein Konto", which knows the address is confirmed now.
    main(page).get_by_role("link", name="Zu „Mein Konto“").click()
    expect(h1(page, "Mein Konto")).to_be_visible()
    expect(main(page)).to_contain_text("Bestätigt")
    expect(main(page).get_by_role("button", name="Link noch einmal schicken")).to_have_count(0)

    page.goto("/#/konto/bestaetigen")
    expect(h1(page, "Dieser Link ist unvollständig")).to_be_visible()
    check(page, "konto-bestaetigen-unvollstaendig", english="This link is incomplete")


def test_password_is_reset_by_emailed_link(open_page: OpenPage, stack: Stack) -> None:
    page = open_page()
    email = new_email("carla")
    sign_up(page, "Carla", email)

    page.goto("/#/anmelden")
    main(page).get_by_role("link", name="Passwort vergessen?").click()
    expect(h1(page, "Passwort vergessen")).to_be_visible()
    check(page, "passwort-vergessen", english="Forgotten your password")
    page.get_by_label("E-Mail-Adresse").fill("")
    page.get_by_role("button", name="Link schicken").click()
    expect_error_at(page, page.get_by_label("E-Mail-Adresse"), "Gib deine E-Mail-Adresse ein")
    check(page, "passwort-vergessen-fehler")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_role("button", name="Link schicken").click()
    expect(h1(page, "Schau in dein E-Mail-Postfach")).to_be_visible()
    expect(main(page)).to_contain_text(f"Wenn zu {email} ein Konto gehört")
    check(page, "passwort-vergessen-gesendet", english="Check your email")

    page.goto(emailed_link(stack, email, 2))  # the first e-mail asked to confirm the address
    expect(h1(page, "Neues Passwort festlegen")).to_be_visible()
    check(page, "passwort-neu", english="Set a new password")
    page.get_by_label("Neues Passwort", exact=True).fill("kurz")
    page.get_by_role("button", name="Passwort speichern").click()
    expect_error_at(page, page.get_by_label("Neues Passwort", exact=True), SHORT_PASSWORD_DE)
    check(page, "passwort-neu-fehler")
    page.get_by_label("Neues Passwort", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Passwort speichern").click()
    expect(h1(page, "Dein neues Passwort ist gespeichert")).to_be_visible()
    check(page, "passwort-neu-gespeichert", english="Your new password has been saved")

    main(page).get_by_role("link", name="Anmelden").click()
    sign_in(page, email, PASSWORD)
    expect(page.get_by_role("alert")).to_be_visible()  # the old password no longer works
    sign_in(page, email, NEW_PASSWORD)
    expect(h1(page, "Mein Konto")).to_be_visible()

    page.goto("/#/passwort-neu?token=" + "x" * 32)
    page.get_by_label("Neues Passwort", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Passwort speichern").click()
    expect(h1(page, "Dieser Link funktioniert nicht mehr")).to_be_visible()
    expect(main(page).get_by_role("link", name="Neuen Link anfordern")).to_have_attribute(
        "href", "#/passwort-vergessen")
    check(page, "passwort-neu-link-ungueltig", english="This link no longer works")


def test_email_address_is_changed_and_confirmed_by_link_to_the_new_one(open_page: OpenPage, stack: Stack) -> None:
    page = open_page()
    old = signed_in_account(page, stack, "Dora")
    new = new_email("dora-neu")
    main(page).get_by_role("link", name="Ändern (E-Mail-Adresse ändern)").click()
    expect(h1(page, "E-Mail-Adresse ändern")).to_be_visible()
    expect(main(page)).to_contain_text(old)
    check(page, "konto-email", english="Change your email address")

    page.get_by_label("Neue E-Mail-Adresse").fill(new)
    page.get_by_label("Dein Passwort").fill("nicht mein Passwort")
    page.get_by_role("button", name="Link schicken").click()
    expect_error_at(page, page.get_by_label("Dein Passwort"), re.compile(r"falsch|ungültig"))
    check(page, "konto-email-fehler")
    page.get_by_label("Dein Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Link schicken").click()
    expect(h1(page, "Schau in dein neues Postfach")).to_be_visible()
    expect(main(page)).to_contain_text(f"Wir haben einen Link an {new} geschickt.")
    check(page, "konto-email-gesendet", english="Check your new inbox")

    page.goto(emailed_link(stack, new))
    expect(h1(page, "Deine neue E-Mail-Adresse ist bestätigt")).to_be_visible()
    check(page, "konto-email-bestaetigt", english="Your new email address is confirmed")
    main(page).get_by_role("link", name="Zu „Mein Konto“").click()
    expect(h1(page, "Mein Konto")).to_be_visible()
    expect(main(page)).to_contain_text(new)

    main(page).get_by_role("button", name="Abmelden").click()
    sign_in(page, new)
    expect(h1(page, "Mein Konto")).to_be_visible()

    page.goto("/#/konto/email-bestaetigen?token=" + "x" * 32)
    expect(h1(page, "Dieser Link funktioniert nicht mehr")).to_be_visible()
    check(page, "konto-email-bestaetigen-ungueltig", english="This link no longer works")
    page.goto("/#/konto/email-bestaetigen")
    expect(h1(page, "Dieser Link ist unvollständig")).to_be_visible()
    check(page, "konto-email-bestaetigen-unvollstaendig", english="This link is incomplete")


def test_password_name_and_language_are_changed(open_page: OpenPage, stack: Stack) -> None:
    page = open_page()
    email = signed_in_account(page, stack, "Emil")
    main(page).get_by_role("link", name="Ändern (Passwort ändern)").click()
    expect(h1(page, "Passwort ändern")).to_be_visible()
    check(page, "konto-passwort", english="Change your password")
    page.get_by_label("Aktuelles Passwort").fill("nicht mein Passwort")
    page.get_by_label("Neues Passwort").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Passwort ändern").click()
    expect_error_at(page, page.get_by_label("Aktuelles Passwort"), re.compile(r"falsch|ungültig"))
    check(page, "konto-passwort-fehler")
    page.get_by_label("Aktuelles Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Passwort ändern").click()
    expect(h1(page, "Dein Passwort ist geändert")).to_be_visible()
    expect(main(page)).to_contain_text("Auf allen anderen Geräten haben wir dich abgemeldet")
    check(page, "konto-passwort-geaendert", english="Your password has been changed")

    main(page).get_by_role("link", name="Zurück zu „Mein Konto“").click()
    expect(h1(page, "Mein Konto")).to_be_visible()
    page.get_by_label("Dein Name").fill("")
    page.get_by_role("button", name="Speichern").click()
    expect_error_at(page, page.get_by_label("Dein Name"), "Gib deinen Namen ein")
    check(page, "konto-fehler")
    page.get_by_label("Dein Name").fill("Emil Ehrenamt")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("status").filter(has_text="Deine Änderungen sind gespeichert")).to_be_focused()
    expect(main(page)).to_contain_text("Hallo Emil Ehrenamt!")
    check(page, "konto-gespeichert")

    # The account's language, saved here, switches the app too.
    page.get_by_role("radio", name="English").check()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("status").filter(has_text="Your changes have been saved")).to_be_focused()
    expect(h1(page, "My account")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Deutsch")).to_be_visible()
    expect(page.get_by_role("radio", name="English")).to_be_checked()
    assert_accessible(page, "konto-gespeichert (en)")

    main(page).get_by_role("button", name="Sign out").click()
    expect(h1(page, "Sign in")).to_be_visible()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    main(page).get_by_role("button", name="Sign in").click()
    expect(h1(page, "My account")).to_be_visible()
    expect(main(page)).to_contain_text("Hello Emil Ehrenamt!")


def test_sign_up_confirm_sign_in_and_out_by_keyboard_alone(open_page: OpenPage, stack: Stack) -> None:
    page = open_page()
    email = new_email("frieda")
    page.goto("/")
    expect(h1(page, "Ehrenamt in deiner Nähe")).to_be_visible()
    tab_to(page, page.get_by_role("link", name="Registrieren"))
    page.keyboard.press("Enter")
    expect(h1(page, "Konto anlegen")).to_be_focused()
    tab_to(page, page.get_by_label("Dein Name"))
    page.keyboard.type("Frieda")
    tab_to(page, page.get_by_label("E-Mail-Adresse"))
    page.keyboard.type(email)
    tab_to(page, page.get_by_label("Passwort", exact=True))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(h1(page, "Schau in dein E-Mail-Postfach")).to_be_focused()

    page.goto(emailed_link(stack, email))
    expect(h1(page, "Deine E-Mail-Adresse ist bestätigt")).to_be_focused()
    # Back from the heading into the header's account links.
    tab_to(page, page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Anmelden"),
           backwards=True)
    page.keyboard.press("Enter")
    expect(h1(page, "Anmelden")).to_be_focused()
    tab_to(page, page.get_by_label("E-Mail-Adresse"))
    page.keyboard.type(email)
    tab_to(page, page.get_by_label("Passwort", exact=True))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(h1(page, "Mein Konto")).to_be_focused()
    tab_to(page, main(page).get_by_role("button", name="Abmelden"))
    page.keyboard.press("Enter")
    expect(h1(page, "Anmelden")).to_be_focused()
    expect(page.get_by_text("Du bist abgemeldet.")).to_be_visible()


def test_form_errors_in_english_appear_at_their_fields(open_page: OpenPage, stack: Stack) -> None:
    page = open_page(locale="en-GB")
    email = new_email("grace")
    page.goto("/#/konto/registrieren")
    expect(h1(page, "Create an account")).to_be_visible()
    page.get_by_label("Your name").fill("Grace")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_role("button", name="Create account").click()
    expect_error_at(page, page.get_by_label("Password", exact=True), "must be at least 10 characters long",
                    title="There is a problem")
    assert_accessible(page, "sign-up with errors (en)")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(h1(page, "Check your email")).to_be_visible()
    # The account takes the app's language: its e-mails come in English.
    assert stack.mailbox.wait_for(email)[0]["Subject"] == "Please confirm your e-mail address"

    for route, heading, submit, label, reason in [
        ("#/konto/bestaetigung-senden", "Get a new confirmation link", "Send link", "Email address",
         "Enter your email address"),
        ("#/passwort-vergessen", "Forgotten your password", "Send link", "Email address", "Enter your email address"),
        ("#/passwort-neu?token=" + "x" * 32, "Set a new password", "Save password", "New password",
         "Enter a new password"),
    ]:
        page.goto(f"/{route}")
        expect(h1(page, heading)).to_be_visible()
        page.get_by_label(label, exact=True).fill("")  # the address from sign-up may be filled in
        page.get_by_role("button", name=submit).click()
        expect_error_at(page, page.get_by_label(label, exact=True), reason, title="There is a problem")
        assert_accessible(page, f"{route} with errors (en)")

    page.goto("/#/anmelden")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    main(page).get_by_role("button", name="Sign in").click()
    expect(h1(page, "My account")).to_be_visible()
    expect(main(page)).to_contain_text("Not confirmed yet")
    page.get_by_label("Your name").fill("")
    page.get_by_role("button", name="Save").click()
    expect_error_at(page, page.get_by_label("Your name"), "Enter your name", title="There is a problem")
    assert_accessible(page, "my account with errors (en)")

    page.goto("/#/konto/passwort")
    page.get_by_label("Current password").fill("not my password")
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect_error_at(page, page.get_by_label("Current password"), "is wrong", title="There is a problem")
    assert_accessible(page, "change password with errors (en)")

    page.goto("/#/konto/email")
    page.get_by_label("New email address").fill(new_email("grace-new"))
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Send link").click()
    expect_error_at(page, page.get_by_label("Your password"), "is wrong", title="There is a problem")
    assert_accessible(page, "change email with errors (en)")


def test_expired_session_leads_through_sign_in_back_to_the_screen(open_page: OpenPage, stack: Stack) -> None:
    page = open_page()
    email = signed_in_account(page, stack, "Hanna")

    # The cookie is gone (the browser dropped it): saving asks to sign in, then "Mein Konto" is back.
    page.context.clear_cookies(name="session")
    page.get_by_label("Dein Name").fill("Hanna H.")
    page.get_by_role("button", name="Speichern").click()
    expect(h1(page, "Anmelden")).to_be_visible()
    expect(main(page)).to_contain_text("Danach geht es dort weiter, wo du warst.")
    check(page, "anmelden-weiter", english="Sign in")
    sign_in(page, email)
    expect(h1(page, "Mein Konto")).to_be_visible()
    expect(page).to_have_url(re.compile(r"#/konto$"))

    # The session is gone from Redis (ended elsewhere): changing the password leads back to that screen.
    main(page).get_by_role("link", name="Ändern (Passwort ändern)").click()
    expect(h1(page, "Passwort ändern")).to_be_visible()
    session_id = next(c["value"] for c in page.context.cookies() if c["name"] == "session")
    assert redis.Redis.from_url(os.environ["VOLUMAP_REDIS_URL"]).delete(f"volumap:sessions:{session_id}") == 1
    page.get_by_label("Aktuelles Passwort").fill(PASSWORD)
    page.get_by_label("Neues Passwort").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Passwort ändern").click()
    expect(h1(page, "Anmelden")).to_be_visible()
    sign_in(page, email)
    expect(h1(page, "Passwort ändern")).to_be_visible()
    expect(page).to_have_url(re.compile(r"#/konto/passwort$"))
