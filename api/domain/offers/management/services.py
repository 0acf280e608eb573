"""Members manage their organisation's offers: drafts, edits with optimistic locking, and the member
side of the lifecycle (submit, revise, pause, resume, close). Every status change goes through
`lifecycle.next_status`; every action is written to the audit log in its own transaction.

Writes are conditional on the version the caller read (`UPDATE … WHERE version = :seen`, version + 1):
of two edits made from the same version exactly one succeeds, the other gets 412 and can re-read.
"""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
from msgspec import UNSET
from sqlalchemy import ColumnElement, Select, func, insert, literal_column, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.db.offers import Commitment, Offer, OfferStatus
from api.db.organisations import VerificationStatus
from api.domain.audit import services as audit
from api.domain.categories.services import CategoryCatalogue, get_catalogue
from api.domain.offers import content as offer_content
from api.domain.offers.lifecycle import EDITABLE, OfferAction, next_status
from api.domain.offers.management.schemas import (
    ManagedOffer,
    ManagedOfferList,
    ManagedOfferSummary,
    OfferChanges,
    OfferContent,
    OfferDraft,
    PrecheckFlag,
    WeeklySlot,
)
from api.domain.offers.prechecks import run_prechecks
from api.domain.offers.schemas import GeoPoint
from api.lib import clock
from api.lib.auth import Actor
from api.lib.errors import (
    ConflictError,
    DomainError,
    ForbiddenError,
    InvalidInputError,
    InvalidParam,
    NotFoundError,
    PreconditionFailedError,
)
from api.lib.membership import (
    SCOPE_OFFERS_READ,
    SCOPE_OFFERS_WRITE,
    OrganisationAccess,
    require_member,
)
from api.lib.messages import Message, msg
from api.settings import Settings

MEMBER_ACTIONS = (
    OfferAction.submit,
    OfferAction.revise,
    OfferAction.pause,
    OfferAction.resume,
    OfferAction.close,
)
# Taking an offer out of public view must always be possible; anything that puts content before the
# public (or a moderator) needs a verified e-mail and a verified organisation.
_UNCHECKED_ACTIONS = frozenset({OfferAction.pause, OfferAction.close})
_PAST_TENSE = {
    OfferAction.submit: "submitted",
    OfferAction.revise: "revised",
    OfferAction.pause: "paused",
    OfferAction.resume: "resumed",
    OfferAction.close: "closed",
}
_PUBLIC_STATES = frozenset({OfferStatus.published, OfferStatus.paused})

# One offer as its members manage it, read by name (`_managed`).
_OFFER = text(f"""
SELECT o.id, o.organisation_id, o.status, o.version,
       {", ".join(f"o.{column}" for column in offer_content.COLUMN_FIELDS)},
       ST_Y(o.geog::geometry) AS lat, ST_X(o.geog::geometry) AS lon, o.pending_revision, o.precheck_flags,
       o.rejection_reason, o.created_at, o.updated_at, o.submitted_at, o.published_at, o.paused_at,
       o.closed_at, o.expires_at
FROM offer o WHERE o.id = :id""")

# An organisation's offers, newest edit first, labelled as ManagedOfferSummary's fields; `_IN_STATUSES`
# narrows both the list and its count when the member asks for some statuses only.
_OF_ORGANISATION = text("organisation_id = :org")
_IN_STATUSES = text("status = ANY(:statuses)")
_OFFER_COUNT = select(func.count()).select_from(text("offer")).where(_OF_ORGANISATION)
_LISTED: list[ColumnElement[Any]] = [
    literal_column(expression).label(name)
    for name, expression in {
        "id": "id",
        "title": "title",
        "status": "status",
        "version": "version",
        "has_pending_revision": "pending_revision IS NOT NULL",
        "precheck_flags": "jsonb_array_length(precheck_flags)",
        "updated_at": "updated_at",
        "published_at": "published_at",
        "expires_at": "expires_at",
    }.items()
]
_OFFER_LIST: Select[Any] = (
    select(*_LISTED)
    .select_from(text("offer"))
    .where(_OF_ORGANISATION)
    .order_by(text("updated_at DESC"), text("id"))
)


class PreconditionRequiredError(DomainError):
    """A change without If-Match could silently overwrite someone else's edit (RFC 6585)."""

    status_code = 428


def etag(version: int) -> str:
    return f'W/"{version}"'


def _changed_since_read(version: int) -> Message:
    return msg("The offer has changed since you read it (now version {version}); load it again", version=version)


def matches(if_match: str, version: int) -> bool:
    """If-Match against the offer's version; weak and strong forms of our ETag both count."""
    tags = {tag.strip().removeprefix("W/").strip('"') for tag in if_match.split(",")}
    return "*" in tags or str(version) in tags


def _content(row: dict[str, Any]) -> dict[str, Any]:
    return {name: row[name] for name in offer_content.CONTENT_FIELDS}


def _view(content: dict[str, Any], catalogue: CategoryCatalogue) -> OfferContent:
    lat, lon = content.get("lat"), content.get("lon")
    pattern = content.get("weekly_pattern")
    return OfferContent(
        **{
            name: content[name]
            for name in offer_content.CONTENT_FIELDS
            if name not in {"category_ids", "lat", "lon", "weekly_pattern"}
        },
        categories=catalogue.slugs_for(content["category_ids"]),
        location=GeoPoint(lat=lat, lon=lon) if lat is not None and lon is not None else None,
        weekly_pattern=[WeeklySlot(**slot) for slot in pattern] if pattern is not None else None,
    )


def _column_changes(body: OfferDraft | OfferChanges, catalogue: CategoryCatalogue) -> dict[str, Any]:
    """The fields sent, in the column shape of `content.CONTENT_FIELDS`, sanitised."""
    changes: dict[str, Any] = {}
    for name in body.__struct_fields__:
        value = getattr(body, name)
        if value is UNSET:
            continue
        if name == "categories":
            try:
                changes["category_ids"] = catalogue.ids_for(value, param="categories")
            except InvalidInputError as exc:
                raise InvalidInputError(
                    *(InvalidParam(p.name, p.reason, "body") for p in exc.params)
                ) from None
        elif name == "location":
            changes["lat"], changes["lon"] = (value.lat, value.lon) if value is not None else (None, None)
        elif name == "weekly_pattern":
            changes[name] = [msgspec.structs.asdict(slot) for slot in value] if value is not None else None
        elif name == "commitment":
            changes[name] = Commitment(value).value
        else:
            changes[name] = value
    return offer_content.clean(changes)


def _columns(content: dict[str, Any]) -> dict[str, Any]:
    """Content as values for the offer table."""
    values = {name: content[name] for name in offer_content.COLUMN_FIELDS if name in content}
    if "commitment" in values:
        values["commitment"] = Commitment(values["commitment"])
    if "lat" in content or "lon" in content:
        values["geog"] = offer_content.geog_value(content.get("lat"), content.get("lon"))
    return values


def _changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    names = [name for name in offer_content.CONTENT_FIELDS if before.get(name) != after.get(name)]
    return (
        offer_content.to_json({n: before.get(n) for n in names}),
        offer_content.to_json({n: after.get(n) for n in names}),
    )


class OfferManagementService:
    def __init__(self, session: AsyncSession, settings: Settings) -> None:
        self.session = session
        self.settings = settings

    async def _access(self, actor: Actor, organisation_id: uuid.UUID, *, write: bool) -> OrganisationAccess:
        """Owners and editors may do everything here; API tokens need offers:write to write, and
        offers:read (or offers:write) to read."""
        scope = SCOPE_OFFERS_READ if not write and SCOPE_OFFERS_READ in actor.scopes else SCOPE_OFFERS_WRITE
        return await require_member(self.session, actor, organisation_id, scope=scope)

    @staticmethod
    def _require_verified(actor: Actor, access: OrganisationAccess) -> None:
        if not actor.is_token and not actor.email_verified:
            raise ForbiddenError(msg("Confirm your e-mail address first: follow the link in the e-mail we sent you"))
        if access.verification_status is not VerificationStatus.verified:
            raise ForbiddenError(msg(
                "The organisation is {status}, not verified: offers can be created, submitted and published "
                "once the Digitalisierungsbüro has verified it",
                status=access.verification_status.value,
            ))

    async def _row(self, offer_id: uuid.UUID) -> dict[str, Any]:
        row = (
            (await self.session.execute(_OFFER, {"id": offer_id}))
            .mappings()
            .first()
        )
        if row is None:
            raise NotFoundError(msg("No offer with id {id}", id=offer_id))
        return dict(row)

    async def _load(
        self, actor: Actor, offer_id: uuid.UUID, *, write: bool
    ) -> tuple[dict[str, Any], OrganisationAccess]:
        row = await self._row(offer_id)
        try:
            access = await self._access(actor, row["organisation_id"], write=write)
        except NotFoundError:
            raise NotFoundError(msg("No offer with id {id}", id=offer_id)) from None
        return row, access

    async def _managed(self, row: dict[str, Any]) -> ManagedOffer:
        catalogue = await get_catalogue(self.session)
        revision = row["pending_revision"]
        return ManagedOffer(
            **msgspec.structs.asdict(_view(_content(row), catalogue)),
            id=row["id"],
            organisation_id=row["organisation_id"],
            status=OfferStatus(row["status"]),
            version=row["version"],
            pending_revision=_view(offer_content.from_json(revision), catalogue) if revision else None,
            precheck_flags=[PrecheckFlag(**flag) for flag in row["precheck_flags"]],
            rejection_reason=row["rejection_reason"],
            **{
                name: row[name]
                for name in (
                    "created_at",
                    "updated_at",
                    "submitted_at",
                    "published_at",
                    "paused_at",
                    "closed_at",
                    "expires_at",
                )
            },
        )

    async def _finish(self, offer_id: uuid.UUID) -> ManagedOffer:
        await self.session.commit()
        return await self._managed(await self._row(offer_id))

    async def create(self, actor: Actor, organisation_id: uuid.UUID, draft: OfferDraft) -> ManagedOffer:
        access = await self._access(actor, organisation_id, write=True)
        self._require_verified(actor, access)
        content = _column_changes(draft, await get_catalogue(self.session))
        offer_content.validate(content, self.settings)
        offer_id = uuid.uuid4()
        await self.session.execute(
            insert(Offer).values(
                id=offer_id,
                organisation_id=organisation_id,
                status=OfferStatus.draft,
                created_by=actor.user_id,
                **_columns(content),
            )
        )
        audit.record(
            self.session,
            actor_id=actor.user_id,
            action="offer.created",
            record_type="offer",
            record_id=offer_id,
            after={"status": OfferStatus.draft.value, **self._via(actor)},
        )
        return await self._finish(offer_id)

    async def listing(
        self, actor: Actor, organisation_id: uuid.UUID, statuses: list[OfferStatus], limit: int, offset: int
    ) -> ManagedOfferList:
        await self._access(actor, organisation_id, write=False)
        narrowed = [_IN_STATUSES] if statuses else []
        params = {"org": organisation_id, "statuses": [s.value for s in statuses]}
        total = (await self.session.execute(_OFFER_COUNT.where(*narrowed), params)).scalar_one()
        rows = await self.session.execute(_OFFER_LIST.where(*narrowed).limit(limit).offset(offset), params)
        return ManagedOfferList(items=[ManagedOfferSummary(**row._mapping) for row in rows], total=total)

    async def get(self, actor: Actor, offer_id: uuid.UUID) -> ManagedOffer:
        row, _ = await self._load(actor, offer_id, write=False)
        return await self._managed(row)

    async def update(
        self, actor: Actor, offer_id: uuid.UUID, if_match: str | None, changes: OfferChanges
    ) -> ManagedOffer:
        """Edits a draft or rejected offer in place. Edits of a published or paused offer become its
        pending revision, checked and reviewed, while the public keeps seeing the approved content."""
        row, access = await self._load(actor, offer_id, write=True)
        self._require_verified(actor, access)
        if if_match is None:
            raise PreconditionRequiredError(msg('Send If-Match with the ETag of the offer you edited (e.g. W/"3")'))
        if not matches(if_match, row["version"]):
            raise PreconditionFailedError(_changed_since_read(row["version"]))
        status = OfferStatus(row["status"])
        if status not in EDITABLE:
            raise ConflictError(msg("An offer that is {status} cannot be edited", status=status.value))
        published = _content(row)
        revision = offer_content.from_json(row["pending_revision"]) if row["pending_revision"] else None
        before = revision or published
        after = {**before, **_column_changes(changes, await get_catalogue(self.session))}
        offer_content.validate(after, self.settings)
        values: dict[str, Any]
        if status in _PUBLIC_STATES:
            flags = await run_prechecks(self.session, after, offer_id, self.settings)
            values = {
                "pending_revision": offer_content.to_json(after),
                "precheck_flags": flags,
                "submitted_at": clock.now(),
            }
            action = "offer.revision_submitted"
        else:
            values = _columns(after)
            action = "offer.edited"
        await self._write(offer_id, row["version"], values)
        old, new = _changed(before, after)
        audit.record(
            self.session,
            actor_id=actor.user_id,
            action=action,
            record_type="offer",
            record_id=offer_id,
            before={**old, "version": row["version"]},
            after={**new, "version": row["version"] + 1, **self._via(actor)},
        )
        return await self._finish(offer_id)

    async def act(
        self, actor: Actor, offer_id: uuid.UUID, action: OfferAction, if_match: str | None
    ) -> ManagedOffer:
        row, access = await self._load(actor, offer_id, write=True)
        if action not in _UNCHECKED_ACTIONS:
            self._require_verified(actor, access)
        if if_match is not None and not matches(if_match, row["version"]):
            raise PreconditionFailedError(_changed_since_read(row["version"]))
        current = OfferStatus(row["status"])
        target = next_status(current, action)
        now = clock.now()
        values: dict[str, Any] = {"status": target}
        if action is OfferAction.submit:
            values["precheck_flags"] = await run_prechecks(
                self.session, _content(row), offer_id, self.settings
            )
            values["submitted_at"] = now
        elif action is OfferAction.pause:
            values["paused_at"] = now
        elif action is OfferAction.resume:
            values["paused_at"] = None
        elif action is OfferAction.close:
            # A closed offer is never reviewed again, so an edit still waiting for review goes with it.
            values.update(closed_at=now, pending_revision=None)
        await self._write(offer_id, row["version"], values, expected_status=current)
        audit.record(
            self.session,
            actor_id=actor.user_id,
            action=f"offer.{_PAST_TENSE[action]}",
            record_type="offer",
            record_id=offer_id,
            before={"status": current.value, "version": row["version"]},
            after={
                "status": target.value,
                "version": row["version"] + 1,
                **self._via(actor),
                **({"precheck_flags": values["precheck_flags"]} if "precheck_flags" in values else {}),
            },
        )
        return await self._finish(offer_id)

    async def _write(
        self,
        offer_id: uuid.UUID,
        version: int,
        values: dict[str, Any],
        expected_status: OfferStatus | None = None,
    ) -> None:
        statement = (
            update(Offer)
            .where(col(Offer.id) == offer_id, col(Offer.version) == version)
            .values(**values, version=Offer.version + 1, updated_at=func.now())
            .returning(col(Offer.version))
        )
        if expected_status is not None:
            statement = statement.where(col(Offer.status) == expected_status)
        if (await self.session.execute(statement)).first() is None:
            await self.session.rollback()
            raise PreconditionFailedError(msg("The offer changed while this request ran; load it again"))

    @staticmethod
    def _via(actor: Actor) -> dict[str, Any]:
        """API tokens have no user to name as the audit actor; the entry names the token instead."""
        return {"api_token_id": str(actor.token_id)} if actor.is_token else {}
