"""Offer content rules that need no database: cleaning, the revision shape, and applying or discarding a
pending revision (the plain-text rule itself: tests/unit/test_sanitising.py)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from api.db.offers import Commitment, Offer, OfferStatus
from api.domain.offers.content import (
    CONTENT_FIELDS,
    apply_revision,
    clean,
    discard_revision,
    from_json,
    to_json,
    validate,
)
from api.lib.errors import InvalidInputError
from api.settings import Settings

REVISION = {
    "title": "Neuer Titel",
    "summary": "Neu",
    "description": "<p>Neu</p>",
    "category_ids": [2, 5],
    "skills": ["Vorlesen"],
    "languages": ["de", "en"],
    "lat": 52.03,
    "lon": 8.53,
    "is_remote": False,
    "address": "Neumarkt 1",
    "district": "Mitte",
    "commitment": "one_off",
    "starts_at": "2027-03-01T09:00:00+00:00",
    "ends_at": None,
    "weekly_pattern": None,
    "hours_per_week": None,
    "capacity": 3,
    "min_age": None,
    "accessible": True,
    "accessibility_notes": None,
    "contact_name": "Erika",
    "contact_email": "erika@example.org",
    "contact_phone": None,
}


def test_clean_sanitises_the_description_and_drops_empty_skills() -> None:
    cleaned = clean(
        {"description": '<p onclick="x()">Hi<script>x</script></p>', "skills": ["<i>A</i>", " ", "A"]}
    )

    assert cleaned == {"description": "<p>Hi</p>", "skills": ["A"]}


def test_revision_round_trips_through_json() -> None:
    content = from_json(REVISION)

    assert content["starts_at"] == datetime(2027, 3, 1, 9, tzinfo=UTC)
    assert to_json(content) == REVISION and set(REVISION) == set(CONTENT_FIELDS)


def test_validate_accepts_a_complete_offer_and_names_every_problem() -> None:
    settings = Settings()
    validate(from_json(REVISION), settings)

    with pytest.raises(InvalidInputError) as raised:
        validate(
            {**from_json(REVISION), "lat": None, "lon": None, "starts_at": None, "category_ids": []}, settings
        )

    assert {p.name for p in raised.value.params} == {"location", "starts_at", "categories"}


def _published_offer(**fields) -> Offer:
    return Offer(
        id=uuid.uuid4(),
        organisation_id=uuid.uuid4(),
        title="Alt",
        summary="Alt",
        description="<p>Alt</p>",
        commitment=Commitment.flexible,
        status=OfferStatus.published,
        **fields,
    )


def test_apply_revision_moves_the_revision_into_the_columns() -> None:
    offer = _published_offer(pending_revision=REVISION)

    applied = apply_revision(offer)

    assert applied == REVISION and offer.pending_revision is None
    assert (offer.title, offer.category_ids, offer.commitment) == ("Neuer Titel", [2, 5], "one_off")
    assert offer.starts_at == datetime(2027, 3, 1, 9, tzinfo=UTC)
    assert offer.geog.desc == "POINT(8.53 52.03)" and offer.geog.srid == 4326


def test_apply_revision_of_a_remote_offer_clears_the_point() -> None:
    offer = _published_offer(pending_revision={**REVISION, "lat": None, "lon": None, "is_remote": True})

    apply_revision(offer)

    assert offer.geog is None and offer.is_remote is True


def test_without_a_revision_nothing_is_applied() -> None:
    offer = _published_offer()

    assert apply_revision(offer) == {} and offer.title == "Alt"


def test_discard_revision_keeps_the_published_content() -> None:
    offer = _published_offer(pending_revision=REVISION)

    assert discard_revision(offer) == REVISION
    assert offer.pending_revision is None and offer.title == "Alt"
