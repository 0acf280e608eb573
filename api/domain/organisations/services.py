from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from api.domain.offers.schemas import GeoPoint
from api.domain.offers.services import OfferService
from api.domain.organisations.schemas import OrganisationPublic
from api.lib.errors import NotFoundError
from api.lib.sanitising import sanitise_html


class OrganisationService:
    def __init__(self, session: AsyncSession, offers: OfferService) -> None:
        self.session = session
        self.offers = offers

    async def public_by_slug(self, slug: str) -> OrganisationPublic:
        """A verified organisation with its published offers; anything else is not public."""
        row = (
            await self.session.execute(
                text(
                    "SELECT id, slug, name, description, website, contact_email, contact_phone, address,"
                    " district, ST_Y(geog::geometry), ST_X(geog::geometry), legal_form FROM organisation"
                    " WHERE slug = :slug AND verification_status = 'verified'"
                ),
                {"slug": slug},
            )
        ).first()
        if row is None:
            raise NotFoundError(f"No verified organisation with slug {slug!r}")
        return OrganisationPublic(
            slug=row[1],
            name=row[2],
            description=sanitise_html(row[3]),
            website=row[4],
            contact_email=row[5],
            contact_phone=row[6],
            address=row[7],
            district=row[8],
            location=GeoPoint(lat=row[9], lon=row[10]) if row[9] is not None else None,
            legal_form=row[11],
            verified=True,
            offers=await self.offers.published_by_organisation(row[0]),
        )
