from __future__ import annotations

from sqlalchemy import Column, DateTime, func


def timestamp_column(*, required: bool = False, now_by_default: bool = False) -> Column:  # type: ignore[type-arg]
    """A timezone-aware timestamp column; `now_by_default` lets PostgreSQL fill it on insert."""
    return Column(
        DateTime(timezone=True),
        nullable=not (required or now_by_default),
        server_default=func.now() if now_by_default else None,
    )
