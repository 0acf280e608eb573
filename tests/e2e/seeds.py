"""Offers in Jöllenbeck for the browser tests of the offer page, the map and a resident's whole way through
(conftest.py's `seeded` fixture): an organisation with a one-off offer with places, a regular one that is full
(its one place taken) and a flexible one, all in the category Umwelt, within 2 km of postcode 33739."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import psycopg

from tests.support.accounts import make_person

# Jöllenbeck, more than 5 km from Mitte: the search tests' lists around Mitte stay as they expect.
JOELLENBECK = (52.0955, 8.5155)
POSTCODE = "33739"
ORGANISATION = "Nachbarschaftshilfe Jöllenbeck"
SLUG = "offerui-nachbarschaftshilfe-joellenbeck"
OPEN_OFFER = "Frühjahrsputz am Jöllenbecker Bach"
FULL_OFFER = "Lesepatenschaft in der Grundschule"
OTHER_OFFER = "Einkaufshilfe für Nachbarn"


@dataclass(frozen=True)
class Seeded:
    ids: dict[str, str]


def _offer(connection: psycopg.Connection, organisation: uuid.UUID, title: str, *, commitment: str,
           capacity: int, starts_at: datetime | None = None, weekly: str | None = None, shift: float = 0) -> str:
    offer_id = uuid.uuid4()
    connection.execute(
        "INSERT INTO offer (id, organisation_id, title, summary, description, category_ids, geog, district, address,"
        " commitment, starts_at, ends_at, weekly_pattern, capacity, accessible, accessibility_notes,"
        " contact_name, contact_email, contact_phone, status, published_at)"
        " VALUES (%s, %s, %s, %s, '<p>Wir freuen uns auf dich.</p>',"
        " (SELECT array_agg(id ORDER BY id) FROM category WHERE slug = 'environment'), %s::geography,"
        " 'Jöllenbeck', 'Amtsstraße 13, 33739 Bielefeld', %s, %s, %s, %s::jsonb, %s, true,"
        " 'Stufenloser Zugang, Toilette barrierefrei', 'Kim Beispiel', 'hilfe@example.org', '+49 521 111111',"
        " 'published', now() - interval '1 day')",
        (offer_id, organisation, title, f"Kurz gesagt: {title}.",
         f"SRID=4326;POINT({JOELLENBECK[1] + shift} {JOELLENBECK[0]})", commitment, starts_at,
         starts_at + timedelta(hours=3) if starts_at else None, weekly, capacity),
    )
    return str(offer_id)


@contextmanager
def seed_joellenbeck(database: str) -> Iterator[Seeded]:
    """An organisation with three offers: one-off with places, regular and full (its one place taken)."""
    with psycopg.connect(database, autocommit=True) as connection:
        organisation = uuid.uuid4()
        connection.execute(
            "INSERT INTO organisation (id, name, slug, description, website, contact_email, contact_phone, address,"
            " district, verification_status, verified_at) VALUES (%s, %s, %s,"
            " '<p>Wir helfen einander <strong>im Stadtteil</strong>.</p>', 'https://nachbarn.example.org',"
            " 'kontakt@nachbarn.example.org', '+49 521 222222', 'Amtsstraße 13', 'Jöllenbeck', 'verified', now())",
            (organisation, ORGANISATION, SLUG),
        )
        starts = (datetime.now(UTC) + timedelta(days=10)).replace(hour=9, minute=0, second=0, microsecond=0)
        ids = {
            OPEN_OFFER: _offer(connection, organisation, OPEN_OFFER, commitment="one_off", capacity=20,
                               starts_at=starts),
            FULL_OFFER: _offer(connection, organisation, FULL_OFFER, commitment="regular", capacity=1,
                               weekly='[{"day": "tue", "start": "15:00", "end": "16:30"}]', shift=0.002),
            OTHER_OFFER: _offer(connection, organisation, OTHER_OFFER, commitment="flexible", capacity=5,
                                shift=0.004),
        }
        taken_by = make_person(connection)
        connection.execute(
            "INSERT INTO application (id, offer_id, user_id, status, decided_at)"
            " VALUES (%s, %s, %s, 'accepted', now())",
            (uuid.uuid4(), ids[FULL_OFFER], taken_by.id),
        )
        yield Seeded(ids=ids)
