"""Organisations: the public page, registration and editing by members, memberships with at least one
owner always, invitations by e-mail link, and API tokens for the organisations' own systems."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from datetime import timedelta
from typing import Any

import msgspec
from sqlalchemy import Row, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.organisations import MembershipRole
from api.domain.accounts.services import normalise_email
from api.domain.audit import services as audit
from api.domain.offers.schemas import GeoPoint
from api.domain.offers.services import OfferService
from api.domain.organisations import schemas
from api.domain.organisations.emails import invitation_email
from api.domain.organisations.schemas import OrganisationPublic
from api.lib import app_links, clock
from api.lib.auth import Actor
from api.lib.errors import (
    ConflictError,
    ForbiddenError,
    InvalidInputError,
    InvalidParam,
    NotFoundError,
    PreconditionFailedError,
)
from api.lib.membership import (
    ANY_ROLE,
    MEMBER_ROLE_SQL,
    OWNER,
    SCOPE_OFFERS_READ,
    require_member,
)
from api.lib.messages import Message, msg
from api.lib.outbox import enqueue_email
from api.lib.sanitising import sanitise_html
from api.lib.tokens import new_secret_token, token_digest
from api.settings import Settings, get_settings

API_TOKEN_PREFIX = "vmp_"
SLUG_MAX = 60
_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})
_SLUG_ATTEMPTS = 5
_LAST_OWNER = msg("An organisation keeps at least one owner; make someone else owner first")
# The fields a PATCH may change.
_EDITABLE = ("name", "description", "website", "contact_email", "contact_phone", "address", "district",
             "location", "legal_form")

_PUBLIC_COLUMNS = (
    "id, slug, name, description, website, contact_email, contact_phone, address, district,"
    " ST_Y(geog::geometry) AS lat, ST_X(geog::geometry) AS lon, legal_form"
)
_PUBLIC = f"SELECT {_PUBLIC_COLUMNS} FROM organisation WHERE slug = :slug AND verification_status = 'verified'"
_MANAGED = (
    f"SELECT {_PUBLIC_COLUMNS}, verification_status, rejection_reason, created_at, verified_at FROM organisation"
    " WHERE id = :id"
)
_MANAGED_LOCKED = f"{_MANAGED} FOR NO KEY UPDATE"
_SLUGS_TAKEN = "SELECT slug FROM organisation WHERE slug = :base OR slug ~ ('^' || :base || '-[0-9]+$')"
# The point of the :lat/:lon parameters, or none.
_POINT = (
    "CASE WHEN CAST(:lon AS float8) IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography END"
)
_INSERT = f"""
INSERT INTO organisation (id, name, slug, description, website, contact_email, contact_phone, address, district,
                          geog, legal_form)
VALUES (:id, :name, :slug, :description, :website, :contact_email, :contact_phone, :address, :district, {_POINT},
        :legal_form)"""
_UPDATE = f"""
UPDATE organisation
SET name = :name, description = :description, website = :website, contact_email = :contact_email,
    contact_phone = :contact_phone, address = :address, district = :district, legal_form = :legal_form,
    geog = {_POINT}
WHERE id = :id"""
_NAME = "SELECT name FROM organisation WHERE id = :id"
_LOCK = "SELECT 1 FROM organisation WHERE id = :id FOR NO KEY UPDATE"

_ADD_OWNER = "INSERT INTO membership (organisation_id, user_id, role) VALUES (:organisation, :user, 'owner')"
_OWNER_COUNT = "SELECT count(*) FROM membership WHERE organisation_id = :organisation AND role = 'owner'"
_MEMBERS = """
SELECT u.id AS user_id, u.display_name, u.email, m.role, m.created_at AS since
FROM membership m JOIN user_account u ON u.id = m.user_id
WHERE m.organisation_id = :organisation
ORDER BY m.role DESC, lower(u.display_name), u.id"""
_SET_ROLE = "UPDATE membership SET role = :role WHERE organisation_id = :organisation AND user_id = :user"
_REMOVE_MEMBER = "DELETE FROM membership WHERE organisation_id = :organisation AND user_id = :user"

_IS_MEMBER_BY_EMAIL = """
SELECT 1 FROM membership m JOIN user_account u ON u.id = m.user_id
WHERE m.organisation_id = :organisation AND lower(u.email) = lower(:email)"""
_DROP_PENDING_INVITATION = """
DELETE FROM organisation_invitation
WHERE organisation_id = :organisation AND lower(email) = lower(:email) AND accepted_at IS NULL"""
_INVITE = """
INSERT INTO organisation_invitation (id, organisation_id, email, role, token_hash, invited_by, expires_at)
VALUES (:id, :organisation, :email, :role, :hash, :by, :expires)
RETURNING id, email, role, created_at, expires_at"""
_INVITATIONS = """
SELECT id, email, role, created_at, expires_at FROM organisation_invitation
WHERE organisation_id = :organisation AND accepted_at IS NULL AND expires_at > now()
ORDER BY created_at DESC, id"""
_REVOKE_INVITATION = """
DELETE FROM organisation_invitation WHERE id = :id AND organisation_id = :organisation AND accepted_at IS NULL
RETURNING id"""
_USE_INVITATION = """
UPDATE organisation_invitation SET accepted_at = now()
WHERE token_hash = :hash AND accepted_at IS NULL AND expires_at > now()
RETURNING id, organisation_id, role"""
_JOIN = """
INSERT INTO membership (organisation_id, user_id, role) VALUES (:organisation, :user, :role)
ON CONFLICT DO NOTHING"""
_MEMBERSHIP = """
SELECT o.id AS organisation_id, o.slug, o.name, m.role
FROM membership m JOIN organisation o ON o.id = m.organisation_id
WHERE m.organisation_id = :organisation AND m.user_id = :user"""

_CREATE_API_TOKEN = """
INSERT INTO api_token (id, organisation_id, name, token_hash, scopes, created_by)
VALUES (:id, :organisation, :name, :hash, :scopes, :by)
RETURNING id, created_at"""
_API_TOKENS = """
SELECT id, name, scopes, created_at, last_used_at, revoked_at FROM api_token
WHERE organisation_id = :organisation
ORDER BY revoked_at IS NOT NULL, created_at DESC, id"""
_REVOKE_API_TOKEN = """
UPDATE api_token SET revoked_at = now()
WHERE id = :id AND organisation_id = :organisation AND revoked_at IS NULL
RETURNING name"""


def slugify(name: str) -> str:
    """ASCII, lower case, words joined by hyphens; German umlauts as the Duden writes them without (ä → ae)."""
    ascii_name = unicodedata.normalize("NFKD", name.translate(_TRANSLITERATION)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX].rsplit("-", 1)[0]
    return slug or "organisation"


def _body_error(name: str, reason: Message) -> InvalidInputError:
    return InvalidInputError(InvalidParam(name, reason, "body"))


def etag_of(organisation: schemas.OrganisationManaged) -> str:
    """A strong validator over everything a member sees except their own role."""
    state = msgspec.structs.replace(organisation, your_role=None)
    return '"' + hashlib.blake2b(msgspec.json.encode(state), digest_size=16).hexdigest() + '"'


class OrganisationService:
    def __init__(self, session: AsyncSession, offers: OfferService, settings: Settings | None = None) -> None:
        self.session = session
        self.offers = offers
        self.settings = settings or get_settings()

    async def public_by_slug(self, slug: str) -> OrganisationPublic:
        """A verified organisation with its published offers; anything else is not public."""
        row = (await self.session.execute(text(_PUBLIC), {"slug": slug})).first()
        if row is None:
            raise NotFoundError(msg("No verified organisation with slug {slug}", slug=repr(slug)))
        return OrganisationPublic(
            **_profile(row),
            verified=True,
            offers=await self.offers.published_by_organisation(row.id),
        )

    # Registration and editing

    def _clean(self, field: str, value: Any) -> Any:
        """One submitted field as stored: HTML sanitised, addresses checked, blanks as null."""
        if value is None:
            return None
        if field == "location":
            west, south, east, north = self.settings.service_area
            if not (west <= value.lon <= east and south <= value.lat <= north):
                raise _body_error("location", msg(
                    "must lie within the service area (lon {west}–{east}, lat {south}–{north})",
                    west=west, east=east, south=south, north=north,
                ))
            return value
        if field == "description":
            return sanitise_html(value.strip())
        value = value.strip()
        if field == "name":
            if len(value) < 2:
                raise _body_error("name", msg("must have at least {count} characters besides spaces", count=2))
            return value
        if not value:
            return None
        if field == "website" and not re.fullmatch(r"https?://[^\s/$.?#][^\s]*", value, re.IGNORECASE):
            raise _body_error("website", msg("must be an http:// or https:// address"))
        if field == "contact_email":
            return normalise_email(value, "contact_email")
        return value

    async def register(self, actor: Actor, data: schemas.OrganisationCreate) -> schemas.OrganisationManaged:
        """A new organisation, pending verification, with the caller as its owner."""
        if not actor.email_verified:
            raise ForbiddenError(msg("Confirm your e-mail address before registering an organisation"))
        values = {field: self._clean(field, getattr(data, field)) for field in _EDITABLE}
        organisation_id = uuid.uuid4()
        await self._insert_with_free_slug(organisation_id, values)
        await self.session.execute(text(_ADD_OWNER), {"organisation": organisation_id, "user": actor.user_id})
        organisation = await self._managed_row(organisation_id, "owner")
        audit.record(self.session, actor_id=actor.user_id, action="organisation.registered",
                     record_type="organisation", record_id=organisation_id,
                     after=msgspec.to_builtins(msgspec.structs.replace(organisation, your_role=None)))
        await self.session.commit()
        return organisation

    async def _insert_with_free_slug(self, organisation_id: uuid.UUID, values: dict[str, Any]) -> None:
        base = slugify(values["name"])
        for _ in range(_SLUG_ATTEMPTS):
            taken = set((await self.session.execute(text(_SLUGS_TAKEN), {"base": base})).scalars())
            number = 1
            slug = base
            while slug in taken:
                number += 1
                slug = f"{base}-{number}"
            try:
                # A savepoint: losing a race for the slug must not roll back the whole registration.
                async with self.session.begin_nested():
                    await self.session.execute(
                        text(_INSERT),
                        {**_row_values(values), "id": organisation_id, "slug": slug,
                         "description": values["description"] or ""},
                    )
                return
            except IntegrityError:
                continue
        raise ConflictError(msg("Could not find a free address (slug) for this name; try a more specific one"))

    async def _managed_row(self, organisation_id: uuid.UUID, role: str | None,
                           lock: bool = False) -> schemas.OrganisationManaged:
        row = (await self.session.execute(
            text(_MANAGED_LOCKED if lock else _MANAGED), {"id": organisation_id}
        )).one()
        return schemas.OrganisationManaged(
            **_profile(row), id=row.id, verification_status=str(row.verification_status),
            rejection_reason=row.rejection_reason, created_at=row.created_at, verified_at=row.verified_at,
            your_role=role,
        )

    async def managed(self, actor: Actor | None, organisation_id: uuid.UUID) -> schemas.OrganisationManaged:
        """For its members (any status) and its API tokens with offers:read."""
        access = await require_member(self.session, actor, organisation_id, scope=SCOPE_OFFERS_READ)
        return await self._managed_row(organisation_id, access.role.value if access.role else None)

    async def update(self, actor: Actor, organisation_id: uuid.UUID, data: schemas.OrganisationUpdate,
                     if_match: str | None) -> schemas.OrganisationManaged:
        """Owners change the sent fields. With If-Match, a version someone else changed meanwhile is a 412."""
        await require_member(self.session, actor, organisation_id, roles=OWNER)
        current = await self._managed_row(organisation_id, "owner", lock=True)
        if if_match is not None and etag_of(current) not in {tag.strip() for tag in if_match.split(",")} \
                and if_match.strip() != "*":
            raise PreconditionFailedError(
                msg("The organisation has changed since you loaded it; reload and retry")
            )
        changes = {field: self._clean(field, value) for field in _EDITABLE
                   if (value := getattr(data, field)) is not msgspec.UNSET}
        changes = {field: value for field, value in changes.items() if value != getattr(current, field)}
        if not changes:
            return current
        values = {field: changes.get(field, getattr(current, field)) for field in _EDITABLE}
        await self.session.execute(text(_UPDATE), {**_row_values(values), "id": organisation_id})
        audit.record(
            self.session, actor_id=actor.user_id, action="organisation.edited", record_type="organisation",
            record_id=organisation_id,
            before=msgspec.to_builtins({field: getattr(current, field) for field in changes}),
            after=msgspec.to_builtins(changes),
        )
        updated = await self._managed_row(organisation_id, "owner")
        await self.session.commit()
        return updated

    # Members

    async def _lock_memberships(self, organisation_id: uuid.UUID) -> None:
        """Serialises every change of the organisation's members, so the last-owner check below cannot be
        outrun by a concurrent one (two owners demoting each other). NO KEY UPDATE still lets other
        transactions insert rows that merely reference the organisation."""
        await self.session.execute(text(_LOCK), {"id": organisation_id})

    async def _member_role(self, organisation_id: uuid.UUID, user_id: uuid.UUID) -> MembershipRole:
        role = (await self.session.execute(
            text(MEMBER_ROLE_SQL), {"organisation": organisation_id, "user": user_id}
        )).scalar_one_or_none()
        if role is None:
            raise NotFoundError(msg("{user_id} is not a member of this organisation", user_id=user_id))
        return MembershipRole(role)

    async def _owner_count(self, organisation_id: uuid.UUID) -> int:
        owners: int = (await self.session.execute(
            text(_OWNER_COUNT), {"organisation": organisation_id}
        )).scalar_one()
        return owners

    async def members(self, actor: Actor, organisation_id: uuid.UUID) -> list[schemas.MemberPublic]:
        await require_member(self.session, actor, organisation_id, roles=ANY_ROLE)
        rows = await self.session.execute(text(_MEMBERS), {"organisation": organisation_id})
        return [schemas.MemberPublic(user_id=row.user_id, display_name=row.display_name, email=row.email,
                                     role=str(row.role), since=row.since)
                for row in rows]

    async def change_role(self, actor: Actor, organisation_id: uuid.UUID, user_id: uuid.UUID,
                          role: str) -> schemas.MemberPublic:
        await self._lock_memberships(organisation_id)
        # Checked after the lock: a concurrent change may just have demoted the caller.
        await require_member(self.session, actor, organisation_id, roles=OWNER)
        before = await self._member_role(organisation_id, user_id)
        new = MembershipRole(role)
        if before is MembershipRole.owner and new is not MembershipRole.owner \
                and await self._owner_count(organisation_id) <= 1:
            raise ConflictError(_LAST_OWNER)
        if new is not before:
            await self.session.execute(
                text(_SET_ROLE), {"role": new.value, "organisation": organisation_id, "user": user_id}
            )
            audit.record(self.session, actor_id=actor.user_id, action="organisation.member_role_changed",
                         record_type="organisation", record_id=organisation_id,
                         before={"user_id": str(user_id), "role": before.value},
                         after={"user_id": str(user_id), "role": new.value})
        [member] = [m for m in await self.members(actor, organisation_id) if m.user_id == user_id]
        await self.session.commit()
        return member

    async def remove_member(self, actor: Actor, organisation_id: uuid.UUID, user_id: uuid.UUID) -> None:
        """Owners remove anyone; every member may leave. Never the last owner."""
        await self._lock_memberships(organisation_id)
        leaving = actor.user_id == user_id
        await require_member(self.session, actor, organisation_id, roles=ANY_ROLE if leaving else OWNER)
        role = await self._member_role(organisation_id, user_id)
        if role is MembershipRole.owner and await self._owner_count(organisation_id) <= 1:
            raise ConflictError(_LAST_OWNER)
        await self.session.execute(text(_REMOVE_MEMBER), {"organisation": organisation_id, "user": user_id})
        audit.record(self.session, actor_id=actor.user_id,
                     action="organisation.member_left" if leaving else "organisation.member_removed",
                     record_type="organisation", record_id=organisation_id,
                     before={"user_id": str(user_id), "role": role.value})
        await self.session.commit()

    # Invitations

    async def invite(self, actor: Actor, organisation_id: uuid.UUID,
                     data: schemas.InvitationCreate) -> schemas.InvitationPublic:
        """Sends a link that makes its holder a member, once, within the settings' invitation_ttl_days.
        A new invitation to the same address replaces a pending one."""
        await require_member(self.session, actor, organisation_id, roles=OWNER)
        email = normalise_email(data.email)
        already = (await self.session.execute(
            text(_IS_MEMBER_BY_EMAIL), {"organisation": organisation_id, "email": email}
        )).first()
        if already:
            raise ConflictError(msg("{email} is already a member", email=email))
        await self.session.execute(
            text(_DROP_PENDING_INVITATION), {"organisation": organisation_id, "email": email}
        )
        token, digest = new_secret_token()
        days = self.settings.invitation_ttl_days
        invitation = _invitation((await self.session.execute(
            text(_INVITE),
            {"id": uuid.uuid4(), "organisation": organisation_id, "email": email, "role": data.role,
             "hash": digest, "by": actor.user_id, "expires": clock.now() + timedelta(days=days)},
        )).one())
        name = (await self.session.execute(text(_NAME), {"id": organisation_id})).scalar_one()
        link = app_links.absolute(app_links.invitation(token), self.settings.public_base_url)
        subject, body = invitation_email(organisation=name, inviter=actor.display_name or "", role=data.role,
                                         link=link, days=days)
        await enqueue_email(self.session, email, subject, body)
        # The address stays in the invitation row, never in the append-only audit log, where it could not
        # be erased when its owner deletes their account (the invitation id leads to it while it exists).
        audit.record(self.session, actor_id=actor.user_id, action="organisation.member_invited",
                     record_type="organisation", record_id=organisation_id,
                     after={"invitation_id": str(invitation.id), "role": data.role})
        await self.session.commit()
        return invitation

    async def invitations(self, actor: Actor, organisation_id: uuid.UUID) -> list[schemas.InvitationPublic]:
        """Pending ones: neither accepted nor expired."""
        await require_member(self.session, actor, organisation_id, roles=OWNER)
        rows = await self.session.execute(text(_INVITATIONS), {"organisation": organisation_id})
        return [_invitation(row) for row in rows]

    async def revoke_invitation(self, actor: Actor, organisation_id: uuid.UUID, invitation_id: uuid.UUID) -> None:
        await require_member(self.session, actor, organisation_id, roles=OWNER)
        revoked = (await self.session.execute(
            text(_REVOKE_INVITATION), {"id": invitation_id, "organisation": organisation_id}
        )).scalar_one_or_none()
        if revoked is None:
            raise NotFoundError(msg("No pending invitation {id}", id=invitation_id))
        audit.record(self.session, actor_id=actor.user_id, action="organisation.invitation_revoked",
                     record_type="organisation", record_id=organisation_id,
                     before={"invitation_id": str(invitation_id)})
        await self.session.commit()

    async def accept_invitation(self, actor: Actor, token: str) -> schemas.MembershipPublic:
        """Marks the invitation used (once, even under concurrent use) and makes the caller a member. Someone
        who is already a member keeps their role."""
        if not actor.email_verified:
            raise ForbiddenError(msg("Confirm your e-mail address before joining an organisation"))
        invitation = (await self.session.execute(text(_USE_INVITATION), {"hash": token_digest(token)})).first()
        if invitation is None:
            raise _body_error("token", msg("is invalid, used or expired"))
        organisation_id, role = invitation.organisation_id, str(invitation.role)
        await self.session.execute(
            text(_JOIN), {"organisation": organisation_id, "user": actor.user_id, "role": role}
        )
        audit.record(self.session, actor_id=actor.user_id, action="organisation.invitation_accepted",
                     record_type="organisation", record_id=organisation_id,
                     after={"invitation_id": str(invitation.id), "user_id": str(actor.user_id),
                            "role": role})
        membership = (await self.session.execute(
            text(_MEMBERSHIP), {"organisation": organisation_id, "user": actor.user_id}
        )).one()
        await self.session.commit()
        return schemas.MembershipPublic(organisation_id=membership.organisation_id, slug=membership.slug,
                                        name=membership.name, role=str(membership.role))

    # API tokens

    async def create_api_token(self, actor: Actor, organisation_id: uuid.UUID,
                               data: schemas.ApiTokenCreate) -> schemas.ApiTokenCreated:
        await require_member(self.session, actor, organisation_id, roles=OWNER)
        name = data.name.strip()
        if not name:
            raise _body_error("name", msg("must not be blank"))
        scopes: list[str] = sorted(set(data.scopes))
        token, digest = new_secret_token(API_TOKEN_PREFIX)
        created = (await self.session.execute(
            text(_CREATE_API_TOKEN),
            {"id": uuid.uuid4(), "organisation": organisation_id, "name": name, "hash": digest, "scopes": scopes,
             "by": actor.user_id},
        )).one()
        audit.record(self.session, actor_id=actor.user_id, action="organisation.api_token_created",
                     record_type="organisation", record_id=organisation_id,
                     after={"token_id": str(created.id), "name": name, "scopes": scopes})
        await self.session.commit()
        return schemas.ApiTokenCreated(id=created.id, name=name, scopes=scopes, created_at=created.created_at,
                                       token=token)

    async def api_tokens(self, actor: Actor, organisation_id: uuid.UUID) -> list[schemas.ApiTokenPublic]:
        await require_member(self.session, actor, organisation_id, roles=OWNER)
        rows = await self.session.execute(text(_API_TOKENS), {"organisation": organisation_id})
        return [schemas.ApiTokenPublic(id=row.id, name=row.name, scopes=list(row.scopes), created_at=row.created_at,
                                       last_used_at=row.last_used_at, revoked_at=row.revoked_at) for row in rows]

    async def revoke_api_token(self, actor: Actor, organisation_id: uuid.UUID, token_id: uuid.UUID) -> None:
        await require_member(self.session, actor, organisation_id, roles=OWNER)
        name = (await self.session.execute(
            text(_REVOKE_API_TOKEN), {"id": token_id, "organisation": organisation_id}
        )).scalar_one_or_none()
        if name is None:
            raise NotFoundError(msg("No active API token {id}", id=token_id))
        audit.record(self.session, actor_id=actor.user_id, action="organisation.api_token_revoked",
                     record_type="organisation", record_id=organisation_id,
                     before={"token_id": str(token_id), "name": name})
        await self.session.commit()


def _profile(row: Row[Any]) -> dict[str, Any]:
    """The fields of `OrganisationProfile` from a row with its columns, `lat` and `lon`. The description is
    sanitised when written; once more here, so no row, however it got in, reaches a reader with active content."""
    return {
        "slug": row.slug,
        "name": row.name,
        "description": sanitise_html(row.description),
        "website": row.website,
        "contact_email": row.contact_email,
        "contact_phone": row.contact_phone,
        "address": row.address,
        "district": row.district,
        "location": GeoPoint(lat=row.lat, lon=row.lon) if row.lat is not None else None,
        "legal_form": row.legal_form,
    }


def _invitation(row: Row[Any]) -> schemas.InvitationPublic:
    return schemas.InvitationPublic(id=row.id, email=row.email, role=str(row.role), created_at=row.created_at,
                                    expires_at=row.expires_at)


def _row_values(values: dict[str, Any]) -> dict[str, Any]:
    """The editable fields as SQL parameters, the location split into lat and lon."""
    location = values["location"]
    return {**{field: values[field] for field in _EDITABLE if field != "location"},
            "lat": location.lat if location else None, "lon": location.lon if location else None}
