"""Examples for the OpenAPI document."""

from __future__ import annotations

from typing import Any

from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example

from api.domain.privacy import schemas
from api.lib.problems import PROBLEM_RESPONSES

USER_ID = "5b0e2c1a-1f7e-4a53-9d61-0c1f8f9f2b11"
ORGANISATION_ID = "0c6f3c2e-8d5a-4f61-9a8e-3f1d2c7b9e10"
OFFER_ID = "9a1c4e2f-6b3d-4c8a-9f1e-2d7b5a3c8e41"

EXPORT: dict[str, Any] = {
    "schema_version": schemas.EXPORT_SCHEMA_VERSION,
    "generated_at": "2026-11-27T10:00:00Z",
    "account": {
        "id": USER_ID, "email": "anna@example.org", "display_name": "Anna", "locale": "de", "status": "active",
        "roles": ["resident"], "created_at": "2026-11-20T18:02:11Z", "updated_at": "2026-11-21T09:00:00Z",
        "email_verified_at": "2026-11-20T18:05:40Z",
    },
    "memberships": [{"organisation_id": ORGANISATION_ID, "organisation_name": "Tafel am Kesselbrink e. V.",
                     "role": "editor", "since": "2026-11-22T12:00:00Z"}],
    "invitations_sent": [],
    "invitations_received": [{"id": "7d2b8f14-2c51-4a9e-8b0e-5f3a1c9d6e21", "organisation_id": ORGANISATION_ID,
                              "organisation_name": "Tafel am Kesselbrink e. V.", "email": "anna@example.org",
                              "role": "editor", "created_at": "2026-11-22T11:40:00Z",
                              "expires_at": "2026-12-06T11:40:00Z", "accepted_at": "2026-11-22T12:00:00Z"}],
    "volunteer_profile": {
        "home": {"lat": 52.02137, "lon": 8.53402}, "radius_km": 5.0, "interests": ["environment", "animals"],
        "skills": ["Gartenarbeit"], "languages": ["de", "en"], "availability": ["saturday_morning"],
        "notify_new_offers": True, "quiet_start": "21:00:00", "quiet_end": "08:00:00", "daily_cap": 3,
        "created_at": "2026-11-20T18:10:00Z", "updated_at": "2026-11-20T18:10:00Z",
    },
    "applications": [{
        "id": "2f8e6a1b-3c4d-4e5f-8a9b-0c1d2e3f4a5b", "offer_id": OFFER_ID, "offer_title": "Gartenhilfe am Obersee",
        "organisation_name": "Tafel am Kesselbrink e. V.", "status": "accepted",
        "message": "Ich habe samstags Zeit.", "shared_contact": {"name": "Anna", "phone": "0521 555 0199"},
        "waiting_since": None, "offered_until": None, "decided_at": "2026-11-23T08:00:00Z",
        "created_at": "2026-11-22T19:00:00Z", "updated_at": "2026-11-23T08:00:00Z",
    }],
    "calendar_feed": {"created_at": "2026-11-23T08:05:00Z"},
    "offer_matches": [{"offer_id": OFFER_ID, "offer_title": "Gartenhilfe am Obersee", "distance_m": 1240.5,
                       "matched_at": "2026-11-21T07:00:00Z"}],
    "push_subscriptions": [{"channel": "volumap", "endpoint": "https://fcm.googleapis.com/fcm/send/eXaMpLe",
                            "locale": "de", "created_at": "2026-11-20T18:00:00Z",
                            "last_success_at": "2026-11-21T08:00:00Z", "notifications_sent": 4}],
    "push_allowances": [{"day": "2026-11-21", "new_offer_notifications": 1}],
    "reports": [],
    "offers_created": [],
    "api_tokens_created": [],
    "account_tokens": [{"purpose": "verify_email", "new_email": None, "created_at": "2026-11-20T18:02:11Z",
                        "expires_at": "2026-11-22T18:02:11Z", "used_at": "2026-11-20T18:05:40Z"}],
    "audit_entries_as_actor": [{
        "id": 1812, "created_at": "2026-11-22T12:00:00Z", "action": "organisation.invitation_accepted",
        "record_type": "organisation", "record_id": ORGANISATION_ID, "reason": None, "before": None,
        "after": {"invitation_id": "7d2b8f14-2c51-4a9e-8b0e-5f3a1c9d6e21", "user_id": USER_ID, "role": "editor"},
    }],
    "audit_entries_about_account": [],
    "reports_handled": [],
    "feedback_handled": [],
    "review_claims": [],
}

EXPORT_RESPONSES = {
    200: ResponseSpec(
        data_container=schemas.PersonalDataExport,
        description="A download (Content-Disposition: attachment), never cached (Cache-Control: no-store).",
        examples=[Example(value=EXPORT)],
    ),
    401: ResponseSpec(None, description="Not signed in."),
    429: ResponseSpec(None, description="Too many exports in a short time; Retry-After says when to try again."),
}

DELETE_RESPONSES = {
    400: PROBLEM_RESPONSES[400],
    401: ResponseSpec(None, description="Not signed in."),
    403: ResponseSpec(None, description="The password is wrong (or the CSRF token is missing); nothing was deleted."),
    409: ResponseSpec(
        None,
        description="You are the last owner of an organisation that has other members or offers in review, "
        "public or paused (hand it over first), or you are a moderator or administrator; nothing was deleted.",
    ),
    429: ResponseSpec(None, description="Too many password attempts; Retry-After says when to try again."),
}
