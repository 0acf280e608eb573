"""The automatic pre-checks that need nothing but the offer's text."""

from __future__ import annotations

import pytest

from api.domain.offers.prechecks import (
    contact_details_in_description,
    flagged_words,
    foreign_links,
    payment_terms,
    text_checks,
)
from api.settings import Settings

ALLOWED = ["bielefeld.de", "open-innovation-city.de"]


def _offer(description: str = "<p>Wir freuen uns auf dich.</p>", **fields: str) -> dict[str, str]:
    return {"title": "Vorlesen", "summary": "Kindern vorlesen", "description": description, **fields}


def test_links_to_allowed_hosts_and_their_subdomains_pass() -> None:
    offer = _offer(
        '<p><a href="https://www.bielefeld.de/ehrenamt">Stadt</a> und https://open-innovation-city.de</p>'
    )

    assert foreign_links(offer, ALLOWED) == []


def test_links_elsewhere_are_flagged_once_per_host() -> None:
    offer = _offer(
        '<p><a href="https://shop.example/a">hier</a>, https://shop.example/b und http://evil.test.</p>',
        summary="Mehr auf www.bielefeld.de.evil.test, bitte",
    )

    hosts = sorted(flag["detail"].split()[2].rstrip(",") for flag in foreign_links(offer, ALLOWED))

    assert hosts == ["evil.test", "shop.example", "www.bielefeld.de.evil.test"]


def test_mailto_links_are_not_foreign_links() -> None:
    assert foreign_links(_offer('<a href="mailto:info@verein.example">Mail</a>'), ALLOWED) == []


@pytest.mark.parametrize(
    "number", ["0521 123456", "0521 / 51 23 45", "+49 521 512345", "0171-1234567", "(0521) 123456"]
)
def test_phone_numbers_in_the_description_are_flagged(number: str) -> None:
    [flag] = contact_details_in_description(_offer(f"<p>Ruf an: {number}</p>"))

    assert flag["check"] == "phone_number"


@pytest.mark.parametrize(
    "text", ["Am 12.03.2027 um 10 Uhr", "2026 - 2027", "PLZ 33602", "für 3 bis 5 Personen"]
)
def test_dates_years_and_postcodes_are_not_phone_numbers(text: str) -> None:
    assert contact_details_in_description(_offer(f"<p>{text}</p>")) == []


def test_email_addresses_in_the_description_are_flagged_also_in_links() -> None:
    plain = contact_details_in_description(_offer("<p>Schreib an info@verein.example</p>"))
    linked = contact_details_in_description(_offer('<p><a href="mailto:a@b.example">Mail</a></p>'))

    assert [f["check"] for f in plain] == ["email_address"] and [f["check"] for f in linked] == [
        "email_address"
    ]


def test_flagged_words_match_whole_words_case_insensitively() -> None:
    hits = flagged_words(_offer("<p>Mit GEWINNSPIEL und Rabatt!</p>"), ["gewinnspiel", "rabatt", "bitcoin"])

    assert [flag["detail"] for flag in hits] == ["Contains “gewinnspiel”", "Contains “rabatt”"]


@pytest.mark.parametrize(
    "text",
    [
        "Gegen Bezahlung",
        "10 € pro Stunde",
        "Preis: VB",
        "We buy your stuff",
        "Wir verkaufen Kuchen",
        "paid position",
    ],
)
def test_payment_and_sales_terms_are_flagged(text: str) -> None:
    [flag] = payment_terms(_offer(f"<p>{text}</p>"))

    assert flag["check"] == "payment_terms"


@pytest.mark.parametrize(
    "text",
    [
        "Hilfe beim Einkaufen für Seniorinnen",
        "Fahrtkosten werden erstattet",
        "Preisverleihung im Rathaus",
        "Wir sind ein Europa-Projekt",
    ],
)
def test_volunteering_words_that_contain_a_payment_term_pass(text: str) -> None:
    assert payment_terms(_offer(f"<p>{text}</p>")) == []


def test_text_checks_flag_and_a_clean_offer_has_none() -> None:
    settings = Settings(precheck_allowed_link_hosts="bielefeld.de", precheck_flagged_words="bitcoin")

    assert text_checks(_offer(), settings) == []
    checks = {
        f["check"] for f in text_checks(_offer("<p>Bitcoin an 0521 123456, https://x.example</p>"), settings)
    }
    assert checks == {"foreign_link", "phone_number", "flagged_word"}
