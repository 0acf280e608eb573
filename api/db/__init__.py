"""Table models. Importing this package registers every table on SQLModel.metadata (Alembic needs that)."""

from api.db.categories import Category
from api.db.offers import Commitment, Offer, OfferStatus
from api.db.organisations import Organisation, VerificationStatus

__all__ = ["Category", "Commitment", "Offer", "OfferStatus", "Organisation", "VerificationStatus"]
