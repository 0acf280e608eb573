"""Offers leave the public on their own when their time is up: past `expires_at` (set on approval,
`offer_expiry_days` after publishing) or past their own end (`ends_at`)."""

from __future__ import annotations

from sqlalchemy import text

from api.domain.offers.lifecycle import TRANSITIONS, OfferAction
from workers.celery_app import app
from workers.db import get_engine

_SOURCES, _EXPIRED = TRANSITIONS[OfferAction.expire]

# One statement: the state change and its audit entries commit together or not at all, and a second
# run (or a second scheduler) finds nothing left to do. SKIP LOCKED leaves rows a member is changing
# right now to the next run instead of waiting for them.
# `expires_at` holds the rule of api/domain/offers/expiry.py (`expires_at_for`, set on approval and again
# when an approved revision moves the end); the statement tests `ends_at` as well, for offers whose revision
# was approved before the expiry followed the end.
EXPIRE_SQL = text(
    """
    WITH due AS (
        SELECT id, status, version FROM offer
        WHERE status = ANY(:sources) AND (expires_at <= now() OR ends_at <= now())
        FOR UPDATE SKIP LOCKED
    ), expired AS (
        UPDATE offer o SET status = :expired, version = o.version + 1, updated_at = now()
        FROM due WHERE o.id = due.id
        RETURNING o.id, due.status AS before_status, due.version AS before_version
    ), audit AS (
        INSERT INTO audit_entry (actor_id, action, record_type, record_id, reason, before, after)
        SELECT NULL, 'offer.expired', 'offer', id, 'past its expiry date or its end',
               jsonb_build_object('status', before_status, 'version', before_version),
               jsonb_build_object('status', CAST(:expired AS text), 'version', before_version + 1)
        FROM expired
        RETURNING record_id
    )
    SELECT count(*) FROM audit
    """
)


@app.task(name="volumap.offers.expire", ignore_result=True)
def expire_offers() -> int:
    """Moves published and paused offers whose time is up to expired; returns how many."""
    with get_engine().begin() as connection:
        expired: int = connection.execute(
            EXPIRE_SQL, {"sources": sorted(s.value for s in _SOURCES), "expired": _EXPIRED.value}
        ).scalar_one()
        return expired
