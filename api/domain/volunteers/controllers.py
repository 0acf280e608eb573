"""A signed-in resident's volunteer profile and the offers ranked for it, under /api/v1/me."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, delete, get, put
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from api.domain.offers.examples import OFFER_PAGE_EXAMPLE
from api.domain.volunteers.schemas import ForYou, VolunteerProfile, VolunteerProfileInput
from api.domain.volunteers.services import VolunteerService
from api.lib.auth import Actor, ActorRequest, requires_user
from api.lib.params import json_body
from api.lib.problems import PROBLEM_RESPONSES

FOR_YOU_DEFAULT_LIMIT = 20
FOR_YOU_MAX_LIMIT = 50
# The profile holds the (coarsened) home point: no cache anywhere may keep it.
_PRIVATE = {"Cache-Control": "private, no-store"}

_INPUT_EXAMPLE = {
    "lat": 52.0302,
    "lon": 8.5311,
    "radius_km": 5,
    "interests": ["environment", "neighbourhood"],
    "skills": ["Gartenarbeit", "Führerschein Klasse B"],
    "availability": [{"day": "sat", "part": "morning"}, {"day": "wed", "part": "evening"}],
    "languages": ["de", "en"],
    "notifications": {"new_offers": True, "quiet_hours": {"start": "21:00", "end": "08:00"}, "daily_cap": 3},
}
_PROFILE_EXAMPLE = {
    # The centre of the 250 m cell that 52.0302, 8.5311 falls in.
    "home": {"lat": 52.031318, "lon": 8.531722, "coarsened_to_m": 250},
    **{field: value for field, value in _INPUT_EXAMPLE.items() if field not in {"lat", "lon"}},
    "radius_km": 5.0,
    "availability": [{"day": "wed", "part": "evening"}, {"day": "sat", "part": "morning"}],
    "created_at": "2026-11-26T09:15:00Z",
    "updated_at": "2026-11-26T09:15:00Z",
}
_FOR_YOU_EXAMPLE = {
    "items": [
        {
            **OFFER_PAGE_EXAMPLE["items"][0],
            "score": 0.7412,
            "reasons": ["Umwelt und Naturschutz", "1,7 km", "Samstagvormittag", "neu", "noch 2 Plätze frei"],
            "places_left": 2,
        }
    ]
}
_NO_PROFILE = ResponseSpec(None, description="No volunteer profile yet: create one with PUT first.")
_SIGNED_OUT = ResponseSpec(None, description="Not signed in.")


def _user_id(request: ActorRequest) -> UUID:
    actor: Actor = request.user
    assert actor.user_id is not None  # the controller's requires_user guard made sure
    return actor.user_id


class VolunteerController(Controller):
    """Residents only (a signed-in person; API tokens have no profile)."""

    path = "/api/v1/me"
    tags = ["Volunteers"]
    guards = [requires_user]

    @get(
        "/volunteer-profile",
        operation_id="getVolunteerProfile",
        summary="My volunteer profile (home shown coarsened to 250 m)",
        responses={
            200: ResponseSpec(data_container=VolunteerProfile, examples=[Example(value=_PROFILE_EXAMPLE)]),
            401: _SIGNED_OUT,
            404: _NO_PROFILE,
        },
    )
    async def get_profile(
        self, request: ActorRequest, volunteer_service: NamedDependency[VolunteerService]
    ) -> Response[VolunteerProfile]:
        """The home point is the centre of its 250 m cell, shown to its owner only; the exact point was never stored.
        404 while the caller has no profile."""
        return Response(await volunteer_service.profile(_user_id(request)), headers=_PRIVATE)

    @put(
        "/volunteer-profile",
        operation_id="putVolunteerProfile",
        summary="Create or replace my volunteer profile",
        description=(
            "`lat`/`lon` (from the device or an address lookup) must lie inside the service area. Only the "
            "centre of their 250 m grid cell (ETRS89 / UTM 32N) is stored and shown, to you alone. Answers "
            "201 when the profile is new, 200 when it replaced the old one."
        ),
        responses={
            200: ResponseSpec(data_container=VolunteerProfile, examples=[Example(value=_PROFILE_EXAMPLE)]),
            201: ResponseSpec(data_container=VolunteerProfile, examples=[Example(value=_PROFILE_EXAMPLE)]),
            400: PROBLEM_RESPONSES[400],
            401: _SIGNED_OUT,
        },
    )
    async def put_profile(
        self,
        request: ActorRequest,
        volunteer_service: NamedDependency[VolunteerService],
        data: Annotated[VolunteerProfileInput, json_body(_INPUT_EXAMPLE)],
    ) -> Response[VolunteerProfile]:
        profile, created = await volunteer_service.put_profile(_user_id(request), data)
        return Response(profile, status_code=HTTP_201_CREATED if created else HTTP_200_OK, headers=_PRIVATE)

    @delete(
        "/volunteer-profile",
        operation_id="deleteVolunteerProfile",
        summary="Delete my volunteer profile (and with it the new-offer matches it found)",
        status_code=HTTP_204_NO_CONTENT,
        responses={401: _SIGNED_OUT},
    )
    async def delete_profile(
        self, request: ActorRequest, volunteer_service: NamedDependency[VolunteerService]
    ) -> None:
        """The "for you" list answers 404 afterwards, and new offers are no longer matched to the account (nor announced
        to its devices) until it saves a profile again. Needs the CSRF header."""
        await volunteer_service.delete_profile(_user_id(request))

    @get(
        "/offers/for-you",
        operation_id="offersForYou",
        summary="Published offers ranked for my profile, each with its reasons",
        description=(
            "The nearest published offers within my radius and the newest remote offers in my interests, "
            "ranked by distance, interests, availability, freshness and places left (full offers last). "
            "`reasons` are short texts in my account's language."
        ),
        responses={
            200: ResponseSpec(data_container=ForYou, examples=[Example(value=_FOR_YOU_EXAMPLE)]),
            400: PROBLEM_RESPONSES[400],
            401: _SIGNED_OUT,
            404: _NO_PROFILE,
        },
    )
    async def for_you(
        self,
        request: ActorRequest,
        volunteer_service: NamedDependency[VolunteerService],
        limit: Annotated[
            int,
            QueryParameter(ge=1, le=FOR_YOU_MAX_LIMIT, description=f"How many, 1 to {FOR_YOU_MAX_LIMIT}.",
                           examples=[Example(value=FOR_YOU_DEFAULT_LIMIT)]),
        ] = FOR_YOU_DEFAULT_LIMIT,
    ) -> Response[ForYou]:
        actor: Actor = request.user
        return Response(await volunteer_service.for_you(_user_id(request), actor.locale, limit), headers=_PRIVATE)
