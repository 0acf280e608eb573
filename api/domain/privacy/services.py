"""Privacy rights: everything VoluMap holds about a person as one JSON document (GDPR Art. 15 and 20), and
erasing it (Art. 17).

This is the one place that knows every table with personal data. ACCOUNT_REFERENCES names each column
that points at an account, the export section that shows its rows and what deleting the account does to
them; a test compares it with the database's foreign keys, so a new table cannot be forgotten. A new kind
of record (push subscriptions, say) is one more reference, one more entry in SECTIONS and one more field
of PersonalDataExport.

Deletion keeps a tombstone of the account (its random id, status `deleted`, nothing else): the audit log
is append-only and its entries keep naming their actor by that id, which no longer leads to anybody.

The routes (GET /api/v1/me/export, DELETE /api/v1/me) are in the accounts controller: Litestar serves a
path from one controller, and DELETE /api/v1/me shares its path with GET /api/v1/me.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from typing import Any, cast

import msgspec
from sqlalchemy import CursorResult, Delete, Update, bindparam, column, delete, null, table, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.domain.audit import services as audit
from api.domain.privacy import schemas
from api.lib import clock
from api.lib.auth import UserSessions
from api.lib.errors import ConflictError, ForbiddenError, UnauthorizedError
from api.lib.messages import msg
from api.lib.passwords import verify_password_off_loop
from api.settings import Settings


class Erasure(enum.Enum):
    deleted = "deleted"  # the person's own rows
    anonymised = "anonymised"  # applications: they stay for the organisations' figures, with nothing personal
    unlinked = "unlinked"  # rows of an organisation or of the moderation desk: they stay, without the person
    kept = "kept"  # the append-only audit log keeps the id, which then names nobody (see the module docstring)


@dataclass(frozen=True, slots=True)
class AccountReference:
    table: str
    column: str
    section: str
    erasure: Erasure


ACCOUNT_REFERENCES = (
    AccountReference("account_token", "user_id", "account_tokens", Erasure.deleted),
    AccountReference("volunteer_profile", "user_id", "volunteer_profile", Erasure.deleted),
    AccountReference("offer_match", "user_id", "offer_matches", Erasure.deleted),
    AccountReference("calendar_feed", "user_id", "calendar_feed", Erasure.deleted),
    AccountReference("push_subscription", "user_id", "push_subscriptions", Erasure.deleted),
    AccountReference("membership", "user_id", "memberships", Erasure.deleted),
    AccountReference("application", "user_id", "applications", Erasure.anonymised),
    AccountReference("report", "reporter_id", "reports", Erasure.unlinked),
    AccountReference("report", "handled_by", "reports_handled", Erasure.unlinked),
    AccountReference("feedback", "handled_by", "feedback_handled", Erasure.unlinked),
    AccountReference("organisation_invitation", "invited_by", "invitations_sent", Erasure.unlinked),
    AccountReference("api_token", "created_by", "api_tokens_created", Erasure.unlinked),
    AccountReference("offer", "created_by", "offers_created", Erasure.unlinked),
    AccountReference("offer", "review_claimed_by", "review_claims", Erasure.unlinked),
    AccountReference("organisation", "review_claimed_by", "review_claims", Erasure.unlinked),
    AccountReference("audit_entry", "actor_id", "audit_entries_as_actor", Erasure.kept),
)

# Offers other people rely on: an organisation with one of these keeps an owner.
LIVE_OFFER_STATES = ("in_review", "published", "paused")

# Every address the person has or asked for; invitations and e-mails are found by address, not by id.
_ADDRESSES = """
SELECT lower(email) FROM user_account WHERE id = :user_id
UNION
SELECT lower(new_email) FROM account_token WHERE user_id = :user_id AND new_email IS NOT NULL"""

_ACCEPTED_INVITATIONS = """
SELECT CAST(a.after->>'invitation_id' AS uuid) FROM audit_entry a
WHERE a.actor_id = :user_id AND a.action = 'organisation.invitation_accepted'"""

_INVITATIONS = """
SELECT i.id, i.organisation_id, o.name AS organisation_name, i.email, i.role, i.created_at, i.expires_at,
       i.accepted_at
FROM organisation_invitation i JOIN organisation o ON o.id = i.organisation_id"""

_AUDIT = "SELECT id, created_at, action, record_type, record_id, reason, before, after FROM audit_entry"

# The 21-bit availability mask (bit day * 3 + part, Monday = 0) as slot names: "saturday_morning".
_AVAILABILITY = """
ARRAY(SELECT (ARRAY['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'])[slot / 3 + 1]
             || '_' || (ARRAY['morning', 'afternoon', 'evening'])[slot % 3 + 1]
      FROM generate_series(0, 20) AS slot WHERE p.availability & (1 << slot) <> 0 ORDER BY slot)"""


@dataclass(frozen=True, slots=True)
class Section:
    sql: str
    record: type[msgspec.Struct]
    single: bool = False


# One query per export section, all with the parameters :user_id and :addresses.
SECTIONS: dict[str, Section] = {
    "account": Section(
        "SELECT id, email, display_name, locale, status, created_at, updated_at, email_verified_at,"
        " array_remove(ARRAY['resident', CASE WHEN is_moderator THEN 'moderator' END,"
        " CASE WHEN is_admin THEN 'admin' END], NULL) AS roles FROM user_account WHERE id = :user_id",
        schemas.AccountRecord, single=True,
    ),
    "memberships": Section(
        "SELECT m.organisation_id, o.name AS organisation_name, m.role, m.created_at AS since FROM membership m"
        " JOIN organisation o ON o.id = m.organisation_id WHERE m.user_id = :user_id ORDER BY m.created_at",
        schemas.MembershipRecord,
    ),
    "invitations_sent": Section(
        f"{_INVITATIONS} WHERE i.invited_by = :user_id ORDER BY i.created_at", schemas.InvitationRecord
    ),
    "invitations_received": Section(
        f"{_INVITATIONS} WHERE lower(i.email) = ANY(:addresses) OR i.id IN ({_ACCEPTED_INVITATIONS})"
        " ORDER BY i.created_at",
        schemas.InvitationRecord,
    ),
    "volunteer_profile": Section(
        "SELECT jsonb_build_object('lat', ST_Y(p.home::geometry), 'lon', ST_X(p.home::geometry)) AS home,"
        " p.radius_km, ARRAY(SELECT c.slug FROM category c WHERE c.id = ANY(p.interests) ORDER BY c.position)"
        f" AS interests, p.skills, p.languages, {_AVAILABILITY} AS availability, p.notify_new_offers,"
        " p.quiet_start, p.quiet_end, p.daily_cap, p.created_at, p.updated_at"
        " FROM volunteer_profile p WHERE p.user_id = :user_id",
        schemas.VolunteerProfileRecord, single=True,
    ),
    "applications": Section(
        "SELECT a.id, a.offer_id, f.title AS offer_title, o.name AS organisation_name, a.status, a.message,"
        " a.shared_contact, a.waiting_since, a.offered_until, a.decided_at, a.created_at, a.updated_at"
        " FROM application a JOIN offer f ON f.id = a.offer_id JOIN organisation o ON o.id = f.organisation_id"
        " WHERE a.user_id = :user_id ORDER BY a.created_at",
        schemas.ApplicationRecord,
    ),
    "calendar_feed": Section(
        "SELECT created_at FROM calendar_feed WHERE user_id = :user_id", schemas.CalendarFeedRecord, single=True
    ),
    "offer_matches": Section(
        "SELECT m.offer_id, f.title AS offer_title, m.distance_m, m.matched_at FROM offer_match m"
        " JOIN offer f ON f.id = m.offer_id WHERE m.user_id = :user_id ORDER BY m.matched_at",
        schemas.OfferMatchRecord,
    ),
    "push_subscriptions": Section(
        "SELECT s.channel, s.endpoint, s.locale, s.created_at, s.last_success_at,"
        " (SELECT count(*) FROM push_delivery d WHERE d.subscription_id = s.id AND d.status = 'sent')"
        " AS notifications_sent FROM push_subscription s WHERE s.user_id = :user_id ORDER BY s.created_at",
        schemas.PushSubscriptionRecord,
    ),
    "push_allowances": Section(
        "SELECT day, cardinality(event_ids) AS new_offer_notifications FROM push_allowance"
        " WHERE recipient_id = :user_id ORDER BY day",
        schemas.PushAllowanceRecord,
    ),
    "reports": Section(
        "SELECT id, target_type, target_id, reason, text, status, created_at, handled_at FROM report"
        " WHERE reporter_id = :user_id ORDER BY created_at",
        schemas.ReportRecord,
    ),
    "offers_created": Section(
        "SELECT id, organisation_id, title, status, created_at FROM offer WHERE created_by = :user_id"
        " ORDER BY created_at",
        schemas.OfferCreatedRecord,
    ),
    "api_tokens_created": Section(
        "SELECT t.id, t.organisation_id, o.name AS organisation_name, t.name, t.scopes, t.created_at,"
        " t.last_used_at, t.revoked_at FROM api_token t JOIN organisation o ON o.id = t.organisation_id"
        " WHERE t.created_by = :user_id ORDER BY t.created_at",
        schemas.ApiTokenRecord,
    ),
    "account_tokens": Section(
        "SELECT purpose, new_email, created_at, expires_at, used_at FROM account_token WHERE user_id = :user_id"
        " ORDER BY created_at",
        schemas.AccountTokenRecord,
    ),
    "audit_entries_as_actor": Section(f"{_AUDIT} WHERE actor_id = :user_id ORDER BY id", schemas.AuditRecord),
    "audit_entries_about_account": Section(
        f"{_AUDIT} WHERE record_type = 'user' AND record_id = :user_id ORDER BY id", schemas.AuditRecord
    ),
    "reports_handled": Section(
        "SELECT id, target_type, target_id, status, handled_at FROM report WHERE handled_by = :user_id"
        " ORDER BY handled_at",
        schemas.HandledReportRecord,
    ),
    "feedback_handled": Section(
        "SELECT id, kind, status, handled_at FROM feedback WHERE handled_by = :user_id ORDER BY handled_at",
        schemas.HandledFeedbackRecord,
    ),
    "review_claims": Section(
        "SELECT 'offer' AS record_type, id AS record_id, review_claimed_at AS claimed_at FROM offer"
        " WHERE review_claimed_by = :user_id UNION ALL SELECT 'organisation', id, review_claimed_at"
        " FROM organisation WHERE review_claimed_by = :user_id ORDER BY claimed_at",
        schemas.ReviewClaimRecord,
    ),
}

_LOCK_ACCOUNT = """
SELECT password_hash, is_moderator OR is_admin AS is_staff FROM user_account
WHERE id = :user_id AND status = 'active'
FOR UPDATE"""

_LOCK_ORGANISATIONS = """
SELECT o.id FROM organisation o JOIN membership m ON m.organisation_id = o.id
WHERE m.user_id = :user_id ORDER BY o.id FOR NO KEY UPDATE OF o"""

_OTHER_MEMBER = "SELECT 1 FROM membership other WHERE other.organisation_id = o.id AND other.user_id <> :user_id"

# Organisations the person is the last owner of while others depend on them.
_HANDOVER_NEEDED = f"""
SELECT o.name FROM membership m JOIN organisation o ON o.id = m.organisation_id
WHERE m.user_id = :user_id AND m.role = 'owner'
  AND NOT EXISTS ({_OTHER_MEMBER} AND other.role = 'owner')
  AND (EXISTS ({_OTHER_MEMBER})
       OR EXISTS (SELECT 1 FROM offer f WHERE f.organisation_id = o.id AND f.status = ANY(:live)))
ORDER BY o.name"""

# Organisations that were the person's alone and never had an offer go with them; an organisation with
# offers stays (without members) for the applications and the moderators' records that hang on it.
_DELETE_OWN_ORGANISATIONS = f"""
DELETE FROM organisation o USING membership m
WHERE m.organisation_id = o.id AND m.user_id = :user_id
  AND NOT EXISTS ({_OTHER_MEMBER}) AND NOT EXISTS (SELECT 1 FROM offer f WHERE f.organisation_id = o.id)
RETURNING o.id"""

_DELETE_INVITATIONS_TO = f"""
DELETE FROM organisation_invitation
WHERE lower(email) = ANY(:addresses) OR id IN ({_ACCEPTED_INVITATIONS})"""

# E-mails to the person, sent or waiting; sent ones keep only their recipient (workers/tasks/outbox.py).
_DELETE_EMAILS_TO = "DELETE FROM outbox_event WHERE lower(payload->>'to') = ANY(:addresses)"
# Pushes not yet fanned out name their recipients; the fan-out removes the names (workers/tasks/push.py).
# The daily-cap counter names a person or an anonymous device, so it has no foreign key to the account.
_DELETE_PUSH_ALLOWANCES = "DELETE FROM push_allowance WHERE recipient_id = :user_id"
_UNNAME_PUSH_RECIPIENTS = """
UPDATE outbox_event
SET payload = jsonb_set(payload, '{user_ids}', (payload->'user_ids') - CAST(CAST(:user_id AS uuid) AS text))
WHERE kind = 'push.notify' AND payload->'user_ids' ? CAST(CAST(:user_id AS uuid) AS text)"""

_ANONYMISE_APPLICATIONS = """
UPDATE application SET user_id = NULL, message = NULL, shared_contact = NULL, offer_token_hash = NULL,
       anonymised_at = now(), updated_at = now()
WHERE user_id = :user_id"""

# The tombstone: a placeholder address no one can sign up with (.invalid is reserved), a hash no password
# matches, no name, no roles; the times say only when it was deleted.
_TOMBSTONE = """
UPDATE user_account SET email = :placeholder, display_name = '', password_hash = '!', locale = 'de',
       status = 'deleted', email_verified_at = NULL, is_moderator = false, is_admin = false,
       created_at = now(), updated_at = now()
WHERE id = :user_id"""


def _erasure(reference: AccountReference) -> Delete | Update | None:
    """What deleting the account does to the rows of one reference (the kept ones are left alone)."""
    rows = table(reference.table, column(reference.column))
    of_the_account = rows.c[reference.column] == bindparam("user_id")
    if reference.erasure is Erasure.deleted:
        return delete(rows).where(of_the_account)
    if reference.erasure is Erasure.unlinked:
        return update(rows).where(of_the_account).values({reference.column: null()})
    return None


class PrivacyService:
    def __init__(self, session: AsyncSession, settings: Settings) -> None:
        self.session = session
        self.settings = settings

    async def _addresses(self, user_id: uuid.UUID) -> list[str]:
        return list((await self.session.execute(text(_ADDRESSES), {"user_id": user_id})).scalars())

    async def export(self, user_id: uuid.UUID) -> schemas.PersonalDataExport:
        # One snapshot for every section, so the document is consistent even while the person acts.
        await self.session.connection(
            execution_options={"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
        )
        params: dict[str, Any] = {"user_id": user_id, "addresses": await self._addresses(user_id)}
        sections: dict[str, Any] = {}
        for name, section in SECTIONS.items():
            rows = (await self.session.execute(text(section.sql), params)).mappings()
            if section.single:
                row = rows.first()
                sections[name] = msgspec.convert(dict(row), section.record) if row is not None else None
            else:
                sections[name] = [msgspec.convert(dict(row), section.record) for row in rows]
        if sections["account"] is None:
            raise UnauthorizedError(msg("Sign in first"))
        return schemas.PersonalDataExport(
            schema_version=schemas.EXPORT_SCHEMA_VERSION, generated_at=clock.now(), **sections
        )

    async def delete_account(self, user_id: uuid.UUID, password: str, sessions: UserSessions) -> None:
        """Erases the person in one transaction; their sessions end before it commits (if Redis fails,
        nothing is deleted). Raises before changing anything when the password is wrong, the account is
        staff, or an organisation would be left without an owner."""
        await self._reauthenticate(user_id, password)
        params: dict[str, Any] = {"user_id": user_id, "addresses": await self._addresses(user_id)}
        await self._require_no_handover(params)
        deleted_organisations = list(
            (await self.session.execute(text(_DELETE_OWN_ORGANISATIONS), params)).scalars()
        )
        await self.session.execute(text(_DELETE_INVITATIONS_TO), params)
        await self.session.execute(text(_DELETE_EMAILS_TO), params)
        await self.session.execute(text(_UNNAME_PUSH_RECIPIENTS), params)
        await self.session.execute(text(_DELETE_PUSH_ALLOWANCES), params)
        # An UPDATE without RETURNING gives a CursorResult; the session's execute() is annotated with Result.
        anonymised = cast(CursorResult[Any], await self.session.execute(text(_ANONYMISE_APPLICATIONS), params)).rowcount
        for reference in ACCOUNT_REFERENCES:
            statement = _erasure(reference)
            if statement is not None:
                await self.session.execute(statement, {"user_id": user_id})
        await self.session.execute(
            text(_TOMBSTONE), {"user_id": user_id, "placeholder": f"{uuid.uuid4().hex}@deleted.invalid"}
        )
        audit.record(
            self.session, actor_id=user_id, action="user.deleted", record_type="user", record_id=user_id,
            before={"status": "active"},
            after={"status": "deleted", "applications_anonymised": anonymised,
                   "organisations_deleted": [str(organisation) for organisation in deleted_organisations]},
        )
        await self.session.flush()
        await sessions.end_all(user_id)
        await self.session.commit()

    async def _reauthenticate(self, user_id: uuid.UUID, password: str) -> None:
        """Locks the account row: a second deletion (or a suspension) of the same account waits here."""
        account = (await self.session.execute(text(_LOCK_ACCOUNT), {"user_id": user_id})).first()
        if account is None:
            raise UnauthorizedError(msg("Sign in first"))
        if not await verify_password_off_loop(account.password_hash, password):
            raise ForbiddenError(msg("The password is wrong; nothing was deleted"))
        if account.is_staff:
            raise ConflictError(msg(
                "Moderators and administrators cannot delete their account themselves: an administrator "
                "takes the role away first (so the desk is never left without one); nothing was deleted"
            ))

    async def _require_no_handover(self, params: dict[str, Any]) -> None:
        """The person's organisations stay locked until the commit, so two owners deleting their accounts
        at once cannot both count on the other one staying."""
        await self.session.execute(text(_LOCK_ORGANISATIONS), params)
        blocked = list(
            (await self.session.execute(text(_HANDOVER_NEEDED), {**params, "live": list(LIVE_OFFER_STATES)}))
            .scalars()
        )
        if blocked:
            raise ConflictError(msg(
                "You are the last owner of {organisations}, which has other members or offers in review, public "
                "or paused: make another member its owner (or close those offers) first; nothing was deleted",
                organisations=", ".join(blocked),
            ))
