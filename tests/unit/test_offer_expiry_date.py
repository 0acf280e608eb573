from __future__ import annotations

from datetime import UTC, datetime, timedelta

from api.domain.offers.expiry import expires_at_for

PUBLISHED = datetime(2026, 11, 20, 9, tzinfo=UTC)


def test_an_offer_without_an_end_expires_after_the_configured_days() -> None:
    assert expires_at_for(PUBLISHED, None, 90) == PUBLISHED + timedelta(days=90)


def test_an_offer_ending_earlier_expires_at_its_end() -> None:
    end = PUBLISHED + timedelta(days=10)

    assert expires_at_for(PUBLISHED, end, 90) == end


def test_an_offer_ending_later_still_expires_after_the_configured_days() -> None:
    assert expires_at_for(PUBLISHED, PUBLISHED + timedelta(days=400), 90) == PUBLISHED + timedelta(days=90)
