"""Table models. Importing this package registers every table on SQLModel.metadata (Alembic needs that)."""

from api.db.accounts import AccountToken, AccountTokenPurpose, User, UserStatus
from api.db.applications import Application, ApplicationStatus
from api.db.audit import AuditEntry
from api.db.categories import Category
from api.db.feedback import Feedback, FeedbackKind, FeedbackStatus
from api.db.offers import Commitment, Offer, OfferCategoryPoint, OfferStatus
from api.db.organisations import (
    ApiToken,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationInvitation,
    VerificationStatus,
)
from api.db.outbox import OutboxDedupeKey, OutboxEvent
from api.db.push import DeliveryStatus, PushAllowance, PushDelivery, PushSubscription
from api.db.reports import Report, ReportReason, ReportStatus, ReportTarget
from api.db.volunteers import CalendarFeed, OfferMatch, VolunteerProfile

__all__ = [
    "DeliveryStatus", "PushAllowance", "PushDelivery", "PushSubscription",
    "AccountToken", "Application", "ApplicationStatus", "CalendarFeed", "OfferMatch", "VolunteerProfile",
    "AccountTokenPurpose", "ApiToken", "AuditEntry", "Category", "Commitment", "Membership",
    "Feedback", "FeedbackKind", "FeedbackStatus",
    "MembershipRole", "Offer", "OfferCategoryPoint", "OfferStatus", "Organisation", "OrganisationInvitation",
    "OutboxDedupeKey", "OutboxEvent", "Report",
    "ReportReason", "ReportStatus", "ReportTarget", "User", "UserStatus", "VerificationStatus",
]
