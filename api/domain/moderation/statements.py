"""The moderation desk's SQL, in one place: the queue, claims, reports, the audit log and the figures.

Every column a caller reads is labelled, and callers read rows by those names. Optional filters are
named conditions that the caller adds with `Select.where`; their values are bound parameters."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, TextClause, literal_column, select, text

from api.domain.moderation.schemas import ClaimKind


def _labelled(**columns: str) -> list[ColumnElement[Any]]:
    """SQL expressions as result columns named by the keywords, in the keywords' order."""
    return [literal_column(expression).label(name) for name, expression in columns.items()]


# What awaits review: an offer `o` in review, or a published offer's revision; an organisation `g`
# pending verification. The same conditions decide what can be claimed.
_OFFER_IN_QUEUE = (
    "(o.status = 'in_review' OR (o.status IN ('published', 'paused') AND o.pending_revision IS NOT NULL))"
)
_ORGANISATION_IN_QUEUE = "g.verification_status = 'pending'"
_CATEGORY_SLUGS = "ARRAY(SELECT c.slug FROM category c WHERE c.id = ANY(o.category_ids) ORDER BY c.position)"

# The queue ------------------------------------------------------------------------------------------

# A claim older than :stale is as good as none: its holder is not joined.
QUEUED_OFFERS: Select[Any] = (
    select(
        *_labelled(
            id="o.id",
            title="o.title",
            status="o.status",
            waiting_since="coalesce(o.submitted_at, o.updated_at)",
            district="o.district",
            categories=_CATEGORY_SLUGS,
            precheck_flags="o.precheck_flags",
            organisation_id="org.id",
            organisation_name="org.name",
            organisation_slug="org.slug",
            organisation_verification_status="org.verification_status",
            holder_id="cu.id",
            holder_name="cu.display_name",
            claimed_at="o.review_claimed_at",
        )
    )
    .select_from(
        text(
            "offer o JOIN organisation org ON org.id = o.organisation_id"
            " LEFT JOIN user_account cu ON cu.id = o.review_claimed_by AND o.review_claimed_at >= :stale"
        )
    )
    .where(text(_OFFER_IN_QUEUE), text("org.verification_status = 'verified'"))
    .order_by(text("waiting_since"), text("o.id"))
)
OFFER_CLAIMED_BY_ME = text("o.review_claimed_by = :me AND o.review_claimed_at >= :stale")
OFFER_UNCLAIMED = text("(o.review_claimed_by IS NULL OR o.review_claimed_at < :stale)")
OFFER_IN_CATEGORY = text(
    "EXISTS (SELECT 1 FROM category c WHERE c.slug = :category AND c.id = ANY(o.category_ids))"
)
OFFER_IN_DISTRICT = text("o.district = :district")
OFFER_FLAGGED = text("jsonb_array_length(o.precheck_flags) > 0")
OFFER_NOT_FLAGGED = text("jsonb_array_length(o.precheck_flags) = 0")

QUEUED_ORGANISATIONS: Select[Any] = (
    select(
        *_labelled(
            id="g.id",
            title="g.name",
            status="g.verification_status",
            waiting_since="g.created_at",
            district="g.district",
            holder_id="cu.id",
            holder_name="cu.display_name",
            claimed_at="g.review_claimed_at",
        )
    )
    .select_from(
        text(
            "organisation g LEFT JOIN user_account cu"
            " ON cu.id = g.review_claimed_by AND g.review_claimed_at >= :stale"
        )
    )
    .where(text(_ORGANISATION_IN_QUEUE))
    .order_by(text("g.created_at"), text("g.id"))
)
ORGANISATION_CLAIMED_BY_ME = text("g.review_claimed_by = :me AND g.review_claimed_at >= :stale")
ORGANISATION_UNCLAIMED = text("(g.review_claimed_by IS NULL OR g.review_claimed_at < :stale)")
ORGANISATION_IN_DISTRICT = text("g.district = :district")

CATEGORY_BY_SLUG = text("SELECT id FROM category WHERE slug = :slug")

OFFER_FOR_REVIEW = text(
    "SELECT o.id, o.status, o.version, o.title, o.summary, o.description,"
    f" {_CATEGORY_SLUGS} AS categories,"
    " o.district, o.address, o.is_remote, o.commitment, o.starts_at, o.ends_at, o.contact_name,"
    " o.contact_email, o.contact_phone, o.rejection_reason, o.pending_revision, o.precheck_flags,"
    " o.submitted_at, o.published_at, o.expires_at,"
    " org.id AS organisation_id, org.name AS organisation_name, org.slug AS organisation_slug,"
    " org.verification_status AS organisation_verification_status,"
    " cu.id AS holder_id, cu.display_name AS holder_name, o.review_claimed_at AS claimed_at"
    " FROM offer o JOIN organisation org ON org.id = o.organisation_id"
    " LEFT JOIN user_account cu ON cu.id = o.review_claimed_by AND o.review_claimed_at >= :stale"
    " WHERE o.id = :id"
)

# Claims ---------------------------------------------------------------------------------------------

# One conditional UPDATE each: of two moderators claiming at once, PostgreSQL lets exactly one match.
CLAIM: dict[ClaimKind, TextClause] = {
    "offer": text(
        "UPDATE offer o SET review_claimed_by = :me, review_claimed_at = :now"
        f" WHERE o.id = :id AND {_OFFER_IN_QUEUE}"
        " AND (o.review_claimed_by IS NULL OR o.review_claimed_by = :me OR o.review_claimed_at < :stale)"
        " RETURNING o.review_claimed_at"
    ),
    "organisation": text(
        "UPDATE organisation g SET review_claimed_by = :me, review_claimed_at = :now"
        f" WHERE g.id = :id AND {_ORGANISATION_IN_QUEUE}"
        " AND (g.review_claimed_by IS NULL OR g.review_claimed_by = :me OR g.review_claimed_at < :stale)"
        " RETURNING g.review_claimed_at"
    ),
}
RELEASE: dict[ClaimKind, TextClause] = {
    "offer": text(
        "UPDATE offer SET review_claimed_by = NULL, review_claimed_at = NULL"
        " WHERE id = :id AND review_claimed_by = :me RETURNING id"
    ),
    "organisation": text(
        "UPDATE organisation SET review_claimed_by = NULL, review_claimed_at = NULL"
        " WHERE id = :id AND review_claimed_by = :me RETURNING id"
    ),
}
# Why a claim failed: the record's state, whether it awaits review, and who holds a current claim.
CLAIM_STATE: dict[ClaimKind, TextClause] = {
    "offer": text(
        f"SELECT o.status AS state, {_OFFER_IN_QUEUE} AS in_queue, u.display_name AS holder,"
        " o.review_claimed_at AS claimed_at"
        " FROM offer o LEFT JOIN user_account u ON u.id = o.review_claimed_by"
        " AND o.review_claimed_at >= :stale WHERE o.id = :id"
    ),
    "organisation": text(
        f"SELECT g.verification_status AS state, {_ORGANISATION_IN_QUEUE} AS in_queue,"
        " u.display_name AS holder, g.review_claimed_at AS claimed_at"
        " FROM organisation g LEFT JOIN user_account u ON u.id = g.review_claimed_by"
        " AND g.review_claimed_at >= :stale WHERE g.id = :id"
    ),
}

# Members told about a decision (api/domain/moderation/emails.py): every active member, in their language.
ACTIVE_MEMBERS = text(
    "SELECT u.email, u.display_name, u.locale FROM membership m JOIN user_account u ON u.id = m.user_id"
    " WHERE m.organisation_id = :org AND u.status = 'active' ORDER BY u.email"
)

# Reports --------------------------------------------------------------------------------------------

# Only what the public can see can be reported; anything else is "not found" to a stranger.
REPORTABLE_OFFER = text("SELECT 1 FROM offer WHERE id = :id AND status = 'published'")
REPORTABLE_ORGANISATION = text("SELECT 1 FROM organisation WHERE id = :id AND verification_status = 'verified'")

# One row per reported record with open reports, most reported first; `latest` holds the newest
# :latest texts.
OPEN_REPORT_GROUPS = text(
    "WITH g AS ("
    "  SELECT target_type, target_id, count(*) AS n,"
    "   min(created_at) AS first_at, max(created_at) AS last_at,"
    "   array_agg(reason ORDER BY created_at) AS reasons,"
    "   (array_agg(jsonb_build_object('reason', reason, 'text', text, 'created_at', created_at)"
    "     ORDER BY created_at DESC))[1:CAST(:latest AS integer)] AS latest"
    "  FROM report WHERE status = 'open' GROUP BY target_type, target_id"
    "  ORDER BY n DESC, first_at LIMIT :limit)"
    " SELECT g.target_type, g.target_id, coalesce(o.title, org.name, '') AS target_title,"
    "  coalesce(o.status, org.verification_status, 'deleted') AS target_status,"
    "  g.n AS reports, g.reasons, g.first_at, g.last_at, g.latest"
    " FROM g LEFT JOIN offer o ON g.target_type = 'offer' AND o.id = g.target_id"
    " LEFT JOIN organisation org ON g.target_type = 'organisation' AND org.id = g.target_id"
    " ORDER BY g.n DESC, g.first_at"
)

# The audit log --------------------------------------------------------------------------------------

# Newest first; the id is the insertion order and the key of the log's pages.
AUDIT_ENTRIES: Select[Any] = (
    select(
        *_labelled(
            id="a.id",
            created_at="a.created_at",
            actor_id="a.actor_id",
            actor_name="u.display_name",
            actor_email="u.email",
            action="a.action",
            record_type="a.record_type",
            record_id="a.record_id",
            reason="a.reason",
            before="a.before",
            after="a.after",
        )
    )
    .select_from(text("audit_entry a LEFT JOIN user_account u ON u.id = a.actor_id"))
    .order_by(text("a.id DESC"))
)
AUDIT_ABOUT_RECORD_TYPE = text("a.record_type = :record_type")
AUDIT_ABOUT_RECORD = text("a.record_id = :record_id")
AUDIT_BY_ACTOR = text("a.actor_id = :actor_id")
AUDIT_BEFORE = text("a.id < :before_id")

# Figures --------------------------------------------------------------------------------------------

QUEUE_LENGTH = text(
    "SELECT (SELECT count(*) FROM offer o JOIN organisation org ON org.id = o.organisation_id"
    f"  WHERE org.verification_status = 'verified' AND {_OFFER_IN_QUEUE}) AS offers,"
    f" (SELECT count(*) FROM organisation g WHERE {_ORGANISATION_IN_QUEUE}) AS organisations"
)
# Time to decision runs from the submission recorded in the decision's own audit entry (`before`), so
# a later resubmission of the same offer does not shorten an earlier review.
MEDIAN_TIME_TO_DECISION = text(
    "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM"
    "  a.created_at - (a.before->>'submitted_at')::timestamptz)) AS median_s, count(*) AS decisions"
    " FROM audit_entry a WHERE a.action IN ('offer.approve', 'offer.reject')"
    " AND a.created_at >= now() - make_interval(days => :days) AND a.before->>'submitted_at' IS NOT NULL"
)
PUBLISHED_PER_DISTRICT = text(
    "SELECT district, count(*) AS offers FROM offer WHERE status = 'published'"
    " GROUP BY district ORDER BY count(*) DESC, district NULLS LAST"
)
PUBLISHED_PER_CATEGORY = text(
    "SELECT c.slug AS category, count(o.id) AS offers FROM category c"
    " LEFT JOIN offer o ON o.status = 'published' AND c.id = ANY(o.category_ids)"
    " GROUP BY c.slug, c.position ORDER BY c.position"
)
NEW_ORGANISATIONS_PER_MONTH = text(
    "SELECT to_char(m, 'YYYY-MM') AS month, count(g.id) AS organisations"
    " FROM generate_series("
    "  date_trunc('month', now() AT TIME ZONE 'UTC') - make_interval(months => :back),"
    "  date_trunc('month', now() AT TIME ZONE 'UTC'), interval '1 month') AS m"
    " LEFT JOIN organisation g ON date_trunc('month', g.created_at AT TIME ZONE 'UTC') = m"
    " GROUP BY m ORDER BY m"
)
