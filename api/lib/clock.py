"""The application's one clock: every moment the API stamps on a record is timezone-aware UTC from here."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    """The current moment, timezone-aware in UTC."""
    return datetime.now(UTC)
