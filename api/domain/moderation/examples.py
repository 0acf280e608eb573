"""Examples for the moderation desk's OpenAPI document."""

from __future__ import annotations

from typing import Any

from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example

_OFFER_ID = "3f2b8c1e-5a7d-4e9f-8b6a-1c2d3e4f5a6b"
_ORGANISATION = {
    "id": "0c6f3c2e-8d5a-4f61-9a8e-3f1d2c7b9e10",
    "name": "Tafel am Kesselbrink e. V.",
    "slug": "tafel-am-kesselbrink",
    "verification_status": "verified",
}
_MODERATOR = {"id": "5b0e2c1a-1f7e-4a53-9d61-0c1f8f9f2b11", "display_name": "Mara Moderatorin"}

QUEUE: dict[str, Any] = {
    "items": [
        {
            "kind": "offer",
            "id": _OFFER_ID,
            "title": "Lebensmittel sortieren",
            "status": "in_review",
            "waiting_since": "2026-11-25T09:12:00Z",
            "is_revision": False,
            "district": "Mitte",
            "categories": ["social"],
            "precheck_flags": [{"check": "phone_number", "detail": "0521 123456"}],
            "organisation": _ORGANISATION,
            "claimed_by": _MODERATOR,
            "claimed_at": "2026-11-26T08:00:00Z",
            "claim_expires_at": "2026-11-26T08:30:00Z",
        }
    ]
}
OFFER_REVIEW: dict[str, Any] = {
    "id": _OFFER_ID,
    "status": "published",
    "version": 3,
    "title": "Lebensmittel sortieren",
    "summary": "Dienstags Spenden sortieren.",
    "description": "<p>Wir sortieren gemeinsam.</p>",
    "categories": ["social"],
    "district": "Mitte",
    "address": "Kesselbrink 1, 33602 Bielefeld",
    "is_remote": False,
    "commitment": "regular",
    "starts_at": None,
    "ends_at": None,
    "contact_name": "Frau Schulz",
    "contact_email": "ehrenamt@tafel.example",
    "contact_phone": None,
    "rejection_reason": None,
    "pending_revision": {"summary": "Dienstags und donnerstags Spenden sortieren."},
    "precheck_flags": [],
    "submitted_at": "2026-11-25T09:12:00Z",
    "published_at": "2026-10-01T10:00:00Z",
    "expires_at": "2026-12-30T10:00:00Z",
    "organisation": _ORGANISATION,
    "claimed_by": None,
    "claimed_at": None,
}
CLAIM = {
    "kind": "offer",
    "id": _OFFER_ID,
    "claimed_by": _MODERATOR,
    "claimed_at": "2026-11-26T08:00:00Z",
    "expires_at": "2026-11-26T08:30:00Z",
}
OFFER_DECISION = {
    "id": _OFFER_ID,
    "status": "published",
    "version": 2,
    "is_revision": False,
    "rejection_reason": None,
    "published_at": "2026-11-26T08:05:00Z",
    "expires_at": "2027-02-24T08:05:00Z",
}
ORGANISATION_DECISION = {
    "id": _ORGANISATION["id"],
    "verification_status": "verified",
    "verified_at": "2026-11-26T08:05:00Z",
    "rejection_reason": None,
}
OFFER_REJECTED = {
    **OFFER_DECISION,
    "status": "rejected",
    "rejection_reason": "incomplete: Bitte Zeiten ergänzen.",
    "published_at": None,
    "expires_at": None,
}
OFFER_SENT_BACK = {**OFFER_REJECTED, "status": "draft", "rejection_reason": "Bitte eine Ansprechperson nennen."}
OFFER_UNPUBLISHED = {
    **OFFER_DECISION,
    "status": "rejected",
    "rejection_reason": "commercial: Werbung für einen bezahlten Kurs.",
}
ORGANISATION_REJECTED = {
    **ORGANISATION_DECISION,
    "verification_status": "rejected",
    "verified_at": None,
    "rejection_reason": "outside_bielefeld: Der Verein sitzt in Hannover.",
}
ORGANISATION_SUSPENDED = {
    **ORGANISATION_DECISION,
    "verification_status": "suspended",
    "rejection_reason": "commercial: Wiederholt bezahlte Kurse angeboten.",
}
USER_SUSPENSION = {"id": "7d3a9e2b-4c1f-4b8e-a6d5-2f0e1c9b8a77", "status": "suspended"}
REPORTS_HANDLED = {"target_type": "offer", "target_id": _OFFER_ID, "reports": 2, "status": "dismissed"}
REPORT_RECEIPT = {"id": "9a4c2e7f-3b1d-4f5a-8c6e-0d2b1a3f4e5c", "status": "open"}
REPORT_GROUPS = {
    "items": [
        {
            "target_type": "offer",
            "target_id": _OFFER_ID,
            "target_title": "Lebensmittel sortieren",
            "target_status": "published",
            "count": 2,
            "reasons": {"commercial": 2},
            "first_reported_at": "2026-11-25T18:00:00Z",
            "last_reported_at": "2026-11-26T07:40:00Z",
            "latest": [
                {
                    "reason": "commercial",
                    "text": "Hier wird für einen Kurs gegen Bezahlung geworben.",
                    "created_at": "2026-11-26T07:40:00Z",
                }
            ],
        }
    ]
}
AUDIT_PAGE = {
    "items": [
        {
            "id": 4711,
            "created_at": "2026-11-26T08:05:00Z",
            "actor_id": _MODERATOR["id"],
            "actor_name": "Mara Moderatorin",
            "action": "offer.approve",
            "record_type": "offer",
            "record_id": _OFFER_ID,
            "reason": None,
            "before": {"status": "in_review", "version": 1},
            "after": {"status": "published", "version": 2},
        }
    ],
    "next_cursor": "q1w2e3…",
}
AUDIT_CSV = (
    "id,created_at,actor_id,actor_email,action,record_type,record_id,reason,before,after\r\n"
    f"4711,2026-11-26T08:05:00+00:00,{_MODERATOR['id']},mara@stadt.example,offer.approve,offer,{_OFFER_ID},,"
    '"{""status"": ""in_review""}","{""status"": ""published""}"\r\n'
)
FIGURES = {
    "queue": {"offers": 7, "organisations": 2},
    "median_hours_to_decision": 18.5,
    "decisions_last_90_days": 240,
    "published_offers_per_district": [
        {"district": "Mitte", "offers": 61},
        {"district": "Brackwede", "offers": 23},
    ],
    "published_offers_per_category": [{"category": "social", "offers": 80}],
    "new_organisations_per_month": [{"month": "2026-11", "organisations": 4}],
}


def response(container: type, example: Any, status: int = 200) -> dict[int, ResponseSpec]:
    return {status: ResponseSpec(data_container=container, examples=[Example(value=example)])}


CSV_RESPONSE = {
    200: ResponseSpec(
        data_container=str,
        media_type="text/csv",
        examples=[Example(value=AUDIT_CSV)],
        description="The audit log as CSV, newest first.",
    )
}
