"""Automatic pre-checks on submitted offers. They flag things for the moderator and never block:
a flag is a hint ({"check": ..., "detail": ...}), the decision stays with a person."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

import nh3
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from api.settings import Settings

Flag = dict[str, str]

DUPLICATE_SIMILARITY = 0.6
TEXT_FIELDS = ("title", "summary", "description", "accessibility_notes", "address")

# Payment or sales wording, German and English; volunteering is unpaid and not a shop. Whole words
# only: "einkaufen" (shopping for a neighbour) is volunteering, "kaufen" on its own is not.
PAYMENT_TERMS = (
    "€",
    "euro",
    "eur",
    "bezahlt",
    "bezahlung",
    "gegen bezahlung",
    "vergütung",
    "honorar",
    "stundenlohn",
    "gehalt",
    "kaufen",
    "verkaufen",
    "verkauf",
    "preis",
    "preise",
    "gebühr",
    "paid",
    "payment",
    "salary",
    "price",
    "buy",
    "sell",
    "for sale",
)

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"')]+", re.IGNORECASE)
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# A phone number as written in Germany: starting with +, 00 or 0 (an area code), then six or more
# digits grouped by spaces, slashes or dashes. Dates and years do not start with 0 and a separator.
_PHONE = re.compile(r"(?<![\w.])(?:\+|0)\d?(?:\s?[/-]?\s?\(?\d\)?){6,}(?![\w.])")


def _visible(value: str) -> str:
    return nh3.clean(value, tags=set())


def _texts(content: dict[str, Any]) -> list[str]:
    return [content[name] for name in TEXT_FIELDS if isinstance(content.get(name), str)]


def _host_allowed(host: str, allowed: Iterable[str]) -> bool:
    return any(host == entry or host.endswith("." + entry) for entry in allowed)


def foreign_links(content: dict[str, Any], allowed_hosts: Iterable[str]) -> list[Flag]:
    allowed = [host.lower() for host in allowed_hosts]
    urls: list[str] = []
    for value in _texts(content):
        urls += _HREF.findall(value) + _URL.findall(_visible(value))
    flags: dict[str, Flag] = {}
    for url in urls:
        if url.lower().startswith("mailto:"):
            continue
        url = url.rstrip(".,;:!?")  # the end of the sentence, not of the address
        host = (urlsplit(url if "://" in url else "https://" + url).hostname or "").lower()
        if host and not _host_allowed(host, allowed) and host not in flags:
            flags[host] = {
                "check": "foreign_link",
                "detail": f"Link to {host}, which is not on the allow-list",
            }
    return list(flags.values())


def contact_details_in_description(content: dict[str, Any]) -> list[Flag]:
    """Contact details belong in the contact fields, where they are shown deliberately."""
    description = _visible(content.get("description") or "")
    hrefs = " ".join(_HREF.findall(content.get("description") or ""))
    flags = []
    phone = _PHONE.search(description)
    if phone:
        flags.append(
            {"check": "phone_number", "detail": f"Phone number in the description: {phone.group(0)}"}
        )
    email = _EMAIL.search(description + " " + hrefs)
    if email:
        flags.append(
            {"check": "email_address", "detail": f"E-mail address in the description: {email.group(0)}"}
        )
    return flags


def _word_hits(content: dict[str, Any], words: Iterable[str]) -> list[str]:
    haystack = " ".join(_visible(value) for value in _texts(content)).lower()
    hits = []
    for word in words:
        term = word.lower().strip()
        if not term:
            continue
        pattern = re.escape(term) if not term[0].isalnum() else rf"(?<!\w){re.escape(term)}(?!\w)"
        if re.search(pattern, haystack):
            hits.append(term)
    return hits


def flagged_words(content: dict[str, Any], words: Iterable[str]) -> list[Flag]:
    return [{"check": "flagged_word", "detail": f"Contains “{word}”"} for word in _word_hits(content, words)]


def payment_terms(content: dict[str, Any]) -> list[Flag]:
    hits = _word_hits(content, PAYMENT_TERMS)
    return (
        [{"check": "payment_terms", "detail": "Mentions " + ", ".join(f"“{hit}”" for hit in hits)}]
        if hits
        else []
    )


def text_checks(content: dict[str, Any], settings: Settings) -> list[Flag]:
    """Every check that needs nothing but the content."""
    return [
        *foreign_links(content, settings.allowed_link_hosts),
        *contact_details_in_description(content),
        *flagged_words(content, settings.flagged_words),
        *payment_terms(content),
    ]


_NEAR_DUPLICATES = text(
    "SELECT id, title, similarity(title, :title) AS score FROM offer"
    " WHERE title % :title AND similarity(title, :title) > :threshold AND id <> :id"
    " AND status IN ('in_review', 'published', 'paused')"
    " ORDER BY score DESC LIMIT 3"
)


async def near_duplicates(session: AsyncSession, title: str, offer_id: UUID) -> list[Flag]:
    """Offers in review or public whose title is nearly the same (trigram similarity, GIN index)."""
    rows = await session.execute(_NEAR_DUPLICATES, {"title": title, "threshold": DUPLICATE_SIMILARITY, "id": offer_id})
    return [
        {
            "check": "near_duplicate",
            "detail": f"Title {round(row.score * 100)} % like “{row.title}” (offer {row.id})",
        }
        for row in rows
    ]


async def run_prechecks(
    session: AsyncSession, content: dict[str, Any], offer_id: UUID, settings: Settings
) -> list[Flag]:
    return [*text_checks(content, settings), *await near_duplicates(session, content["title"], offer_id)]
