"""When a published offer leaves the public by itself: approval sets it (api/domain/moderation/decisions.py),
workers/tasks/offers.py carries it out."""

from __future__ import annotations

from datetime import datetime, timedelta


def expires_at_for(published_at: datetime, ends_at: datetime | None, expiry_days: int) -> datetime:
    """`expiry_days` (settings.offer_expiry_days) after publishing, or the offer's own end if that
    comes first: the approval sets this, so every published offer has a date it goes by."""
    default = published_at + timedelta(days=expiry_days)
    return min(default, ends_at) if ends_at is not None else default
