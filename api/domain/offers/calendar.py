"""An offer as a calendar file (`GET /api/v1/offers/{id}.ics`), written with the calendar rules of the
applications area (api/domain/applications/calendar.py), which the personal feed uses too."""

from __future__ import annotations

from api.db.offers import Commitment
from api.domain.applications.calendar import Engagement, calendar_file, event_host
from api.domain.offers.schemas import OfferDetail
from api.lib.errors import ConflictError
from api.lib.messages import msg
from api.settings import Settings


def offer_calendar(offer: OfferDetail, settings: Settings) -> bytes:
    """The .ics of one published one-off offer."""
    if offer.commitment != Commitment.one_off.value or offer.starts_at is None:
        raise ConflictError(msg(
            "Only one-off offers have a date for the calendar; this one is {commitment}. "
            "Regular engagements you were accepted for appear in your private calendar feed.",
            commitment=offer.commitment,
        ))
    engagement = Engagement(
        offer_id=offer.id,
        title=offer.title,
        summary=offer.summary,
        organisation=offer.organisation.name,
        address=offer.address,
        is_remote=offer.is_remote,
        commitment=offer.commitment,
        starts_at=offer.starts_at,
        ends_at=offer.ends_at,
        weekly_pattern=None,
        changed_at=offer.updated_at,
        version=offer.version,
    )
    return calendar_file(offer.title, [engagement], event_host(settings))
