"""Places and the waiting list of an offer: who holds a place, how many are left, and offering a freed
place to the next person waiting.

These functions run on a synchronous SQLAlchemy Session, so the API (inside its request transaction,
through `AsyncSession.run_sync`) and the worker (on its own engine) share one implementation. Every
change of places happens under the offer's row lock (`lock_offer`): the lock serialises accepting,
withdrawing, taking a place and the worker's refills of one offer, so capacity is never exceeded.

Rules:
- An application holds a place while `accepted`, or `offered` until its `offered_until`.
- People who deleted their account (user_id NULL, anonymised) hold no place and are not on the list.
- Places left = capacity − places held − people waiting (a freed place belongs to the waiting list
  first); an offer with no places left is full, and new applicants join the waiting list.
- A freed place goes to the first person waiting (waiting_since, then id) as `offered` for
  PLACE_HOLD, with a one-time link by e-mail. Taking it makes them `accepted`; otherwise the worker
  lets it lapse and offers it to the next.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session

from api.db.applications import ApplicationStatus
from api.db.offers import OfferStatus
from api.domain.applications.emails import application_email, deadline_text
from api.domain.audit import services as audit
from api.lib import app_links
from api.lib.outbox import email_insert
from api.lib.tokens import new_secret_token

PLACE_HOLD = timedelta(hours=48)


def holds_place(alias: str = "a") -> str:
    return (
        f"{alias}.user_id IS NOT NULL AND ({alias}.status = 'accepted'"
        f" OR ({alias}.status = 'offered' AND {alias}.offered_until > now()))"
    )


def waits(alias: str = "a") -> str:
    return f"{alias}.user_id IS NOT NULL AND {alias}.status = 'waiting'"


# For a query over `offer o`: the places left (see the rules above), NULL when the offer has no limit.
PLACES_LEFT_SQL = (
    "CASE WHEN o.capacity IS NULL THEN NULL ELSE GREATEST(o.capacity - (SELECT count(*) FROM application a"
    f" WHERE a.offer_id = o.id AND ({holds_place()} OR {waits()})), 0) END"
)

# 1 for the first person waiting on the application's offer; NULL unless it is waiting.
WAITING_POSITION_SQL = (
    f"CASE WHEN {waits()} THEN (SELECT count(*) FROM application w WHERE w.offer_id = a.offer_id"
    f" AND {waits('w')} AND (w.waiting_since, w.id) <= (a.waiting_since, a.id)) END"
)

_LOCK_OFFER = """
SELECT o.id, o.status, o.title, o.capacity, org.name AS organisation_name
FROM offer o JOIN organisation org ON org.id = o.organisation_id
WHERE o.id = :id FOR NO KEY UPDATE OF o"""
_LOCK_OFFER_SKIP_LOCKED = f"{_LOCK_OFFER} SKIP LOCKED"

# Labelled as the fields of Places.
_COUNTS = """
SELECT count(*) FILTER (WHERE a.status = 'accepted') AS accepted,
       count(*) FILTER (WHERE a.status = 'offered' AND a.offered_until > now()) AS offered,
       count(*) FILTER (WHERE a.status = 'waiting') AS waiting,
       count(*) FILTER (WHERE a.status = 'pending') AS pending
FROM application a
WHERE a.offer_id = :offer AND a.user_id IS NOT NULL AND a.id IS DISTINCT FROM :leave_out"""

_NEXT_WAITING = f"""
SELECT a.id, u.email, u.display_name, u.locale
FROM application a JOIN user_account u ON u.id = a.user_id
WHERE a.offer_id = :offer AND {waits()}
ORDER BY a.waiting_since, a.id
LIMIT :places
FOR UPDATE OF a"""

_OFFER_PLACE = """
UPDATE application
SET status = 'offered', offered_until = now() + CAST(:hold AS interval), offer_token_hash = :token_hash,
    updated_at = now()
WHERE id = :id
RETURNING offered_until"""

_LAPSE = """
UPDATE application SET status = 'lapsed', offer_token_hash = NULL, updated_at = now()
WHERE offer_id = :offer AND status = 'offered' AND offered_until <= now()
RETURNING id"""

# Offers the worker looks at: a held place has run out, or people wait while a place is free (a place
# can free up without anyone withdrawing: the capacity was raised, the offer resumed, a person with a
# place deleted their account). Driven by the partial indexes on waiting and offered applications.
OFFERS_TO_REFRESH_SQL = f"""
SELECT offer_id FROM application WHERE status = 'offered' AND offered_until <= now()
UNION
SELECT w.offer_id FROM application w JOIN offer o ON o.id = w.offer_id
WHERE {waits("w")} AND o.status = 'published'
  AND (o.capacity IS NULL
       OR o.capacity > (SELECT count(*) FROM application a WHERE a.offer_id = o.id AND {holds_place()}))"""


@dataclass(frozen=True, slots=True)
class LockedOffer:
    """An offer whose row this transaction has locked against every other change of its places."""

    id: uuid.UUID
    status: OfferStatus
    title: str
    capacity: int | None
    organisation_name: str


@dataclass(frozen=True, slots=True)
class Places:
    capacity: int | None
    accepted: int
    offered: int
    waiting: int
    pending: int

    @property
    def held(self) -> int:
        return self.accepted + self.offered

    @property
    def left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.held - self.waiting, 0)


def lock_offer(session: Session, offer_id: uuid.UUID, *, skip_locked: bool = False) -> LockedOffer | None:
    """Locks the offer's row for this transaction (FOR NO KEY UPDATE: it excludes every other lock of
    this kind, yet lets foreign-key checks of new applications through). None if there is no such
    offer, or, with skip_locked, if someone else holds the lock right now."""
    row = session.execute(text(_LOCK_OFFER_SKIP_LOCKED if skip_locked else _LOCK_OFFER), {"id": offer_id}).first()
    if row is None:
        return None
    return LockedOffer(
        id=row.id, status=OfferStatus(row.status), title=row.title, capacity=row.capacity,
        organisation_name=row.organisation_name,
    )


def count_places(
    session: Session, offer_id: uuid.UUID, capacity: int | None, leave_out: uuid.UUID | None = None
) -> Places:
    """The offer's places by status, without the application `leave_out` (the one being decided)."""
    row = session.execute(text(_COUNTS), {"offer": offer_id, "leave_out": leave_out}).one()
    return Places(capacity=capacity, **row._mapping)


def offer_free_places(session: Session, offer: LockedOffer) -> int:
    """Offers each free place of a published offer to the next person waiting, with an e-mail in their
    language; returns how many places were offered."""
    if offer.status is not OfferStatus.published:
        return 0
    places = count_places(session, offer.id, offer.capacity)
    free = places.waiting if offer.capacity is None else offer.capacity - places.held
    if free <= 0 or places.waiting == 0:
        return 0
    waiting = session.execute(text(_NEXT_WAITING), {"offer": offer.id, "places": free}).all()
    for person in waiting:
        token, token_hash = new_secret_token()
        offered_until = session.execute(
            text(_OFFER_PLACE), {"id": person.id, "hold": PLACE_HOLD, "token_hash": token_hash}
        ).scalar_one()
        subject, body = application_email(
            "place_offered",
            person.locale,
            name=person.display_name,
            title=offer.title,
            organisation=offer.organisation_name,
            deadline=deadline_text(offered_until, person.locale),
            link=app_links.absolute(app_links.take_place(token)),
        )
        session.execute(email_insert(person.email, subject, body))
        _audit(
            session,
            person.id,
            "application.place_offered",
            ApplicationStatus.waiting,
            ApplicationStatus.offered,
            offer.id,
        )
    return len(waiting)


def lapse_overdue(session: Session, offer: LockedOffer) -> int:
    """Held places whose time ran out lapse; returns how many."""
    lapsed = session.execute(text(_LAPSE), {"offer": offer.id}).scalars().all()
    for application_id in lapsed:
        _audit(
            session,
            application_id,
            "application.lapsed",
            ApplicationStatus.offered,
            ApplicationStatus.lapsed,
            offer.id,
        )
    return len(lapsed)


def refresh_offer(session: Session, offer_id: uuid.UUID) -> int:
    """The worker's step for one offer, in a transaction of its own: held places whose time is over
    lapse, and free places go to the people waiting. An offer whose row is locked right now (by a
    request or another run) is left to the next run, so two runs at once never do the same work.
    Returns how many applications changed."""
    with session.begin():
        offer = lock_offer(session, offer_id, skip_locked=True)
        if offer is None:
            return 0
        return lapse_overdue(session, offer) + offer_free_places(session, offer)


def _audit(
    session: Session,
    application_id: uuid.UUID,
    action: str,
    before: ApplicationStatus,
    after: ApplicationStatus,
    offer_id: uuid.UUID,
) -> None:
    """The waiting list moves by itself: no actor. Ids and statuses only, nothing about the person."""
    audit.record(
        session,
        actor_id=None,
        action=action,
        record_type="application",
        record_id=application_id,
        before={"status": before.value},
        after={"status": after.value, "offer_id": str(offer_id)},
    )
