"""Applications ("I'll help"): residents apply, see and withdraw their applications and take places
offered from the waiting list; the organisation's members see their applicants and accept or decline.

Every change that can move a place locks the offer's row first (waiting_list.lock_offer), then the
application's: accepts, withdrawals and the worker's refills of one offer run one after another, so
"accepting never exceeds capacity" holds under any concurrency. Status changes:

    pending  → accepted | declined | withdrawn          (accepted only while a place is free)
    waiting  → offered (a place freed up) | accepted | declined | withdrawn
    offered  → accepted (taken in time) | lapsed (worker) | declined | withdrawn
    accepted → withdrawn
    withdrawn, lapsed → pending | waiting (applying again reuses the row)

The organisation's decisions and the waiting list's own moves are audited (ids and statuses only). What
residents do with their own applications is not: the row itself records it, and the append-only audit
log would keep a resident's activity forever.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import msgspec
from sqlalchemy import Row, text
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.applications import ApplicationStatus
from api.db.offers import OfferStatus
from api.domain.accounts.services import normalise_email
from api.domain.applications import waiting_list
from api.domain.applications.emails import application_email
from api.domain.applications.schemas import (
    Applicant,
    ApplicantList,
    ApplicationCreate,
    MyApplication,
    PlaceCounts,
    SharedContact,
)
from api.domain.applications.waiting_list import WAITING_POSITION_SQL, LockedOffer, Places
from api.domain.audit import services as audit
from api.domain.push.notifications import notify_members, notify_people, topic
from api.lib import app_links
from api.lib.auth import Actor
from api.lib.errors import ConflictError, ForbiddenError, InvalidInputError, InvalidParam, NotFoundError
from api.lib.membership import (
    SCOPE_APPLICATIONS_READ,
    SCOPE_APPLICATIONS_WRITE,
    require_member,
)
from api.lib.messages import msg
from api.lib.outbox import enqueue_email
from api.lib.sanitising import plain_text
from api.lib.tokens import token_digest

T = TypeVar("T")

_DECIDABLE = frozenset({ApplicationStatus.pending, ApplicationStatus.waiting, ApplicationStatus.offered})
_WITHDRAWABLE = frozenset({*_DECIDABLE, ApplicationStatus.accepted})
_HOLDS_PLACE = frozenset({ApplicationStatus.accepted, ApplicationStatus.offered})
_REUSABLE = frozenset({ApplicationStatus.withdrawn, ApplicationStatus.lapsed})
_INVALID_TOKEN = InvalidParam("token", msg("is invalid, used or expired"), "body")

# Labelled as the fields of MyApplication.
_MINE = f"""
SELECT a.id, a.offer_id, o.title AS offer_title, org.name AS organisation_name, a.status, a.message,
       a.shared_contact AS contact, {WAITING_POSITION_SQL} AS waiting_position,
       CASE WHEN a.status = 'offered' THEN a.offered_until END AS offered_until, a.created_at, a.updated_at
FROM application a
JOIN offer o ON o.id = a.offer_id
JOIN organisation org ON org.id = o.organisation_id
WHERE a.user_id = :user"""
_MINE_ALL = f"{_MINE} ORDER BY a.created_at DESC, a.id DESC"
_MINE_ONE = f"{_MINE} AND a.id = :id"
_OWN_OFFER = "SELECT offer_id FROM application WHERE id = :id AND user_id = :user"

# Labelled as the fields of Applicant.
_APPLICANTS = f"""
SELECT a.id, a.status, a.message, a.shared_contact AS contact, {WAITING_POSITION_SQL} AS waiting_position,
       CASE WHEN a.status = 'offered' THEN a.offered_until END AS offered_until, a.created_at AS applied_at,
       a.decided_at, a.user_id IS NULL AS anonymised
FROM application a
WHERE a.offer_id = :offer"""
_APPLICANT_PAGE = f"{_APPLICANTS} AND a.status = ANY(:statuses) ORDER BY a.created_at, a.id LIMIT :limit OFFSET :offset"
_APPLICANT_COUNT = "SELECT count(*) FROM application a WHERE a.offer_id = :offer AND a.status = ANY(:statuses)"
_APPLICANT_ONE = f"{_APPLICANTS} AND a.id = :id"

_LOCK_APPLICATION = """
SELECT status, user_id, offered_until > now() AS held, offer_token_hash FROM application
WHERE id = :id AND offer_id = coalesce(:offer, offer_id)
FOR UPDATE"""
_LOCK_OWN_APPLICATION = "SELECT id, status FROM application WHERE offer_id = :offer AND user_id = :user FOR UPDATE"
_BY_TOKEN = "SELECT id, offer_id FROM application WHERE offer_token_hash = :hash"
_OFFER = "SELECT organisation_id, capacity FROM offer WHERE id = :id"
_APPLICANT_ACCOUNT = "SELECT email, display_name, locale FROM user_account WHERE id = :id"

_APPLY = """
INSERT INTO application (id, offer_id, user_id, status, message, shared_contact, waiting_since)
VALUES (:id, :offer, :user, :status, :message, CAST(:contact AS jsonb), CASE WHEN :waiting THEN now() END)
ON CONFLICT (offer_id, user_id) DO NOTHING
RETURNING id"""

# Applying again after withdrawing (or letting an offered place lapse) is a new application in the
# same row: it counts from now, in lists and on the waiting list.
_APPLY_AGAIN = """
UPDATE application
SET status = :status, message = :message, shared_contact = CAST(:contact AS jsonb),
    waiting_since = CASE WHEN :waiting THEN now() END, offered_until = NULL, offer_token_hash = NULL,
    decided_at = NULL, created_at = now(), updated_at = now()
WHERE id = :id"""

_SET_STATUS = """
UPDATE application
SET status = :status, offer_token_hash = NULL, offered_until = NULL, updated_at = now(),
    decided_at = CASE WHEN :decided THEN now() ELSE decided_at END
WHERE id = :id"""


def _contact(contact: SharedContact | None) -> str | None:
    """The shared contact as stored (JSON), cleaned: plain-text name, a valid e-mail address."""
    if contact is None:
        return None
    name = plain_text(contact.name) if contact.name else None
    email = normalise_email(contact.email, "contact.email") if contact.email else None
    phone = contact.phone.strip() if contact.phone else None
    cleaned = SharedContact(name=name or None, email=email, phone=phone or None)
    return msgspec.json.encode(cleaned).decode() if (cleaned.name or cleaned.email or cleaned.phone) else None


def _shared(stored: dict[str, Any] | None) -> SharedContact | None:
    return msgspec.convert(stored, SharedContact) if stored else None


def _counts(places: Places) -> PlaceCounts:
    return PlaceCounts(
        capacity=places.capacity,
        accepted=places.accepted,
        offered=places.offered,
        waiting=places.waiting,
        pending=places.pending,
        places_left=places.left,
    )


@dataclass(frozen=True, slots=True)
class LockedApplication:
    status: ApplicationStatus
    user_id: uuid.UUID | None
    held: bool
    """Offered and still within its time."""
    token_hash: str | None


class ApplicationService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _run(self, work: Callable[..., T], *args: Any) -> T:
        """Runs a waiting_list function (written for a synchronous Session) in this request's transaction."""
        return await self.session.run_sync(work, *args)

    async def _lock_offer(self, offer_id: uuid.UUID) -> LockedOffer:
        offer = await self._run(waiting_list.lock_offer, offer_id)
        if offer is None:
            raise NotFoundError(msg("No offer with id {id}", id=offer_id))
        return offer

    async def _locked(
        self, application_id: uuid.UUID, offer_id: uuid.UUID | None = None
    ) -> LockedApplication:
        """The application's row, locked (after its offer's: always in that order). With `offer_id`, only
        an application for that offer."""
        row = (
            await self.session.execute(text(_LOCK_APPLICATION), {"id": application_id, "offer": offer_id})
        ).first()
        if row is None:
            raise NotFoundError(msg("No application {id} for this offer", id=application_id))
        return LockedApplication(ApplicationStatus(row.status), row.user_id, bool(row.held), row.offer_token_hash)

    async def _set_status(
        self, application_id: uuid.UUID, status: ApplicationStatus, *, decided: bool
    ) -> None:
        await self.session.execute(
            text(_SET_STATUS), {"id": application_id, "status": status.value, "decided": decided}
        )

    # Residents

    async def apply(self, actor: Actor, offer_id: uuid.UUID, data: ApplicationCreate) -> MyApplication:
        """Applies for a published offer: pending, or waiting when it is full. Once per offer and person;
        after withdrawing (or a lapsed place) the same row is used again."""
        if not actor.email_verified:
            raise ForbiddenError(msg("Confirm your e-mail address first: follow the link in the e-mail we sent you"))
        message = (plain_text(data.message) or None) if data.message else None
        contact = _contact(data.contact)
        offer = await self._run(waiting_list.lock_offer, offer_id)
        if offer is None or offer.status is not OfferStatus.published:
            raise NotFoundError(msg("No published offer with id {id}", id=offer_id))
        places = await self._run(waiting_list.count_places, offer.id, offer.capacity)
        status = ApplicationStatus.waiting if places.left == 0 else ApplicationStatus.pending
        values = {
            "offer": offer_id,
            "user": actor.user_id,
            "status": status.value,
            "message": message,
            "contact": contact,
            "waiting": status is ApplicationStatus.waiting,
        }
        existing = (
            await self.session.execute(text(_LOCK_OWN_APPLICATION), {"offer": offer_id, "user": actor.user_id})
        ).first()
        if existing is None:
            application_id = (
                await self.session.execute(text(_APPLY), {**values, "id": uuid.uuid4()})
            ).scalar_one_or_none()
            if application_id is None:
                raise ConflictError(msg("You have already applied for this offer"))
        elif ApplicationStatus(existing.status) in _REUSABLE:
            application_id = existing.id
            await self.session.execute(text(_APPLY_AGAIN), {**values, "id": application_id})
        elif existing.status == ApplicationStatus.declined.value:
            raise ConflictError(msg("The organisation has declined your application for this offer"))
        else:
            raise ConflictError(
                msg("You have already applied for this offer (status: {status})", status=existing.status)
            )
        await notify_members(
            self.session, await self._organisation_of(offer_id), "application.new",
            path=app_links.offer_applications(offer_id), tag=topic("a", offer_id),
            values={"title": offer.title},
        )
        await self.session.commit()
        return await self._mine_one(actor.user_id, application_id)

    async def mine(self, user_id: uuid.UUID | None) -> list[MyApplication]:
        rows = await self.session.execute(text(_MINE_ALL), {"user": user_id})
        return [self._my_application(row) for row in rows]

    async def _mine_one(self, user_id: uuid.UUID | None, application_id: uuid.UUID) -> MyApplication:
        row = (await self.session.execute(text(_MINE_ONE), {"user": user_id, "id": application_id})).first()
        if row is None:
            raise NotFoundError(msg("You have no application with id {id}", id=application_id))
        return self._my_application(row)

    @staticmethod
    def _my_application(row: Row[Any]) -> MyApplication:
        return MyApplication(**{**row._mapping, "contact": _shared(row.contact)})

    async def _own_offer_id(self, user_id: uuid.UUID | None, application_id: uuid.UUID) -> uuid.UUID:
        """The offer of one of the caller's applications; someone else's is "not found"."""
        offer_id: uuid.UUID | None = (
            await self.session.execute(text(_OWN_OFFER), {"id": application_id, "user": user_id})
        ).scalar_one_or_none()
        if offer_id is None:
            raise NotFoundError(msg("You have no application with id {id}", id=application_id))
        return offer_id

    async def withdraw(self, user_id: uuid.UUID | None, application_id: uuid.UUID) -> MyApplication:
        """Withdraws; a place it held goes to the next person waiting, in the same transaction."""
        offer = await self._lock_offer(await self._own_offer_id(user_id, application_id))
        status = (await self._locked(application_id)).status
        if status not in _WITHDRAWABLE:
            raise ConflictError(msg("An application that is {status} cannot be withdrawn", status=status.value))
        await self._set_status(application_id, ApplicationStatus.withdrawn, decided=False)
        if status in _HOLDS_PLACE:
            await self._run(waiting_list.offer_free_places, offer)
        await self.session.commit()
        return await self._mine_one(user_id, application_id)

    async def take_place(self, user_id: uuid.UUID | None, application_id: uuid.UUID) -> MyApplication:
        """Takes the place the waiting list offered me, while it is held for me."""
        await self._lock_offer(await self._own_offer_id(user_id, application_id))
        application = await self._locked(application_id)
        if application.status is not ApplicationStatus.offered:
            raise ConflictError(
                msg("No place is offered to you here: the application is {status}", status=application.status.value)
            )
        if not application.held:
            raise ConflictError(msg("The time to take the place is over: it goes to the next person waiting"))
        await self._set_status(application_id, ApplicationStatus.accepted, decided=True)
        await self.session.commit()
        return await self._mine_one(user_id, application_id)

    async def take_place_by_token(self, token: str) -> MyApplication:
        """The same from the e-mail's link, without signing in: the token is the proof. It works once."""
        token_hash = token_digest(token)
        found = (await self.session.execute(text(_BY_TOKEN), {"hash": token_hash})).first()
        if found is None:
            raise InvalidInputError(_INVALID_TOKEN)
        application_id = found.id
        await self._lock_offer(found.offer_id)
        # Read again under the locks: the token may have been used or the place lapsed meanwhile.
        application = await self._locked(application_id)
        if not (
            application.status is ApplicationStatus.offered
            and application.held
            and application.token_hash == token_hash
        ):
            raise InvalidInputError(_INVALID_TOKEN)
        await self._set_status(application_id, ApplicationStatus.accepted, decided=True)
        await self.session.commit()
        return await self._mine_one(application.user_id, application_id)

    # Organisations

    async def _offer_for_member(self, actor: Actor, offer_id: uuid.UUID, *, write: bool) -> int | None:
        """Lets through members of the offer's organisation (any role) and its API tokens with
        applications:write (or applications:read, to read); returns the offer's capacity. Outsiders
        learn nothing about offers that are not public."""
        offer = (await self.session.execute(text(_OFFER), {"id": offer_id})).first()
        if offer is None:
            raise NotFoundError(msg("No offer with id {id}", id=offer_id))
        read_scope = (
            SCOPE_APPLICATIONS_READ if SCOPE_APPLICATIONS_READ in actor.scopes else SCOPE_APPLICATIONS_WRITE
        )
        try:
            await require_member(
                self.session, actor, offer.organisation_id, scope=SCOPE_APPLICATIONS_WRITE if write else read_scope
            )
        except NotFoundError:
            raise NotFoundError(msg("No offer with id {id}", id=offer_id)) from None
        capacity: int | None = offer.capacity
        return capacity

    async def applicants(
        self,
        actor: Actor,
        offer_id: uuid.UUID,
        statuses: list[ApplicationStatus],
        limit: int,
        offset: int,
    ) -> ApplicantList:
        """The offer's applications, first come first; with how many places are held, offered and left."""
        capacity = await self._offer_for_member(actor, offer_id, write=False)
        places = await self._run(waiting_list.count_places, offer_id, capacity)
        params = {
            "offer": offer_id,
            # No status asked for: every status.
            "statuses": [s.value for s in statuses or ApplicationStatus],
            "limit": limit,
            "offset": offset,
        }
        total = (await self.session.execute(text(_APPLICANT_COUNT), params)).scalar_one()
        rows = await self.session.execute(text(_APPLICANT_PAGE), params)
        return ApplicantList(
            offer_id=offer_id,
            counts=_counts(places),
            items=[self._applicant(row) for row in rows],
            total=total,
        )

    @staticmethod
    def _applicant(row: Row[Any]) -> Applicant:
        return Applicant(**{**row._mapping, "contact": _shared(row.contact)})

    async def decide(
        self, actor: Actor, offer_id: uuid.UUID, application_id: uuid.UUID, *, accept: bool
    ) -> Applicant:
        """Accepts (only while a place is free: 409 "the offer is full" otherwise) or declines an
        application that is pending, waiting or offered; the applicant gets an e-mail. Declining someone
        a place was offered to offers it to the next person waiting."""
        await self._offer_for_member(actor, offer_id, write=True)
        offer = await self._lock_offer(offer_id)
        application = await self._locked(application_id, offer_id)
        status = application.status
        target = ApplicationStatus.accepted if accept else ApplicationStatus.declined
        if application.user_id is None:
            raise ConflictError(msg("This person has deleted their account"))
        if status not in _DECIDABLE:
            raise ConflictError(msg("An application that is {status} cannot be {target}",
                                    status=status.value, target=target.value))
        if accept:
            places = await self._run(waiting_list.count_places, offer.id, offer.capacity, application_id)
            if offer.capacity is not None and places.held >= offer.capacity:
                raise ConflictError(msg("The offer is full: all {capacity} places are taken", capacity=offer.capacity))
        await self._set_status(application_id, target, decided=True)
        if not accept and status is ApplicationStatus.offered:
            await self._run(waiting_list.offer_free_places, offer)
        await self._tell_applicant(application.user_id, offer, target)
        audit.record(
            self.session,
            actor_id=actor.user_id,
            action=f"application.{target.value}",
            record_type="application",
            record_id=application_id,
            before={"status": status.value},
            after={
                "status": target.value,
                "offer_id": str(offer_id),
                **({"api_token_id": str(actor.token_id)} if actor.is_token else {}),
            },
        )
        await self.session.commit()
        row = (await self.session.execute(text(_APPLICANT_ONE), {"offer": offer_id, "id": application_id})).one()
        return self._applicant(row)

    async def _tell_applicant(
        self, user_id: uuid.UUID, offer: LockedOffer, status: ApplicationStatus
    ) -> None:
        applicant = (await self.session.execute(text(_APPLICANT_ACCOUNT), {"id": user_id})).one()
        subject, body = application_email(
            status.value,
            applicant.locale,
            name=applicant.display_name,
            title=offer.title,
            organisation=offer.organisation_name,
            link=app_links.absolute(app_links.offer(offer.id)),
        )
        await enqueue_email(self.session, applicant.email, subject, body)
        await notify_people(self.session, f"application.{status.value}", [user_id], path=app_links.my_engagements(),
                            tag=topic("d", offer.id), values={"title": offer.title,
                                                              "organisation": offer.organisation_name})

    async def _organisation_of(self, offer_id: uuid.UUID) -> uuid.UUID:
        organisation_id: uuid.UUID = (await self.session.execute(text(_OFFER), {"id": offer_id})).one().organisation_id
        return organisation_id
