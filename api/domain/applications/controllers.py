"""Routes for applications ("I'll help") and calendars: residents under /api/v1/offers/…/applications and
/api/v1/me/…, the organisation's members under /api/v1/manage/offers/…/applications, the e-mail link
that takes an offered place, and the private calendar feed."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, delete, get, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import PathParameter, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from api.db.applications import ApplicationStatus
from api.domain.applications import examples
from api.domain.applications.calendar import ICS_SUFFIX, CalendarService
from api.domain.applications.schemas import (
    Applicant,
    ApplicantList,
    ApplicationCreate,
    CalendarFeedLink,
    MyApplication,
    PlaceToken,
)
from api.domain.applications.services import ApplicationService
from api.lib.auth import Actor, ActorRequest, requires_actor, requires_user
from api.lib.errors import NotFoundError
from api.lib.http_cache import PUBLIC_READ
from api.lib.messages import msg
from api.lib.params import json_body, parse_uuid
from api.lib.problems import PROBLEM_RESPONSES

CALENDAR_MEDIA_TYPE = "text/calendar"
PRIVATE = {"Cache-Control": "private, no-store"}

OfferId = Annotated[str, PathParameter(description="The offer's UUID.", format="uuid")]
ApplicationId = Annotated[str, PathParameter(description="The application's UUID.", format="uuid")]
ApplyBody = Annotated[ApplicationCreate, json_body(examples.APPLY)]
TokenBody = Annotated[PlaceToken, json_body({"token": "k3Jx9tQ…"})]

_ERRORS = {
    **PROBLEM_RESPONSES,
    401: ResponseSpec(None, description="Not signed in."),
    409: ResponseSpec(
        None, description="Not possible in the application's current state, which the detail names."
    ),
}
_MEMBER_ERRORS = {
    **_ERRORS,
    401: ResponseSpec(None, description="Neither signed in nor an API token."),
    403: ResponseSpec(
        None, description="Not a member of the offer's organisation, or the token lacks the scope."
    ),
}


def _spec(container: type, example: object) -> ResponseSpec:
    return ResponseSpec(data_container=container, examples=[Example(value=example)])


def _user_id(request: ActorRequest) -> UUID | None:
    actor: Actor = request.user
    return actor.user_id


class ApplicationController(Controller):
    """A resident's side: apply, see my applications, withdraw, take a place offered from the waiting list."""

    path = "/api/v1"
    tags = ["Applications"]

    @post(
        "/offers/{offer_id:str}/applications",
        operation_id="applyForOffer",
        guards=[requires_user],
        status_code=HTTP_201_CREATED,
        summary='Say "I\'ll help": apply for a published offer (waiting list when it is full)',
        description=(
            "Needs a confirmed e-mail address. `contact` holds only what you choose to show the "
            "organisation. The answer's `status` is `pending` (the organisation decides) or `waiting` "
            "(the offer is full: when a place frees up, the first person waiting is offered it by e-mail "
            "for 48 hours). One application per offer: a second is 409; after withdrawing you can apply "
            "again."
        ),
        responses={201: _spec(MyApplication, examples.MY_APPLICATION), **_ERRORS},
    )
    async def apply(
        self,
        request: ActorRequest,
        offer_id: OfferId,
        data: ApplyBody,
        application_service: NamedDependency[ApplicationService],
    ) -> MyApplication:
        return await application_service.apply(request.user, parse_uuid(offer_id, "offer_id"), data)

    @get(
        "/me/applications",
        operation_id="listMyApplications",
        guards=[requires_user],
        summary="My applications with their offer and status, newest first",
        responses={200: _spec(list[MyApplication], [examples.MY_APPLICATION])},
    )
    async def mine(
        self, request: ActorRequest, application_service: NamedDependency[ApplicationService]
    ) -> Response[list[MyApplication]]:
        """Signed-in people only. Each application with its offer's title and organisation, its status and, while
        waiting, its place in line."""
        return Response(await application_service.mine(_user_id(request)), headers=PRIVATE)

    @post(
        "/me/applications/{application_id:str}/withdraw",
        operation_id="withdrawApplication",
        guards=[requires_user],
        status_code=HTTP_200_OK,
        summary="Withdraw my application; a place it held goes to the next person waiting",
        responses={200: _spec(MyApplication, {**examples.MY_APPLICATION, "status": "withdrawn"}), **_ERRORS},
    )
    async def withdraw(
        self,
        request: ActorRequest,
        application_id: ApplicationId,
        application_service: NamedDependency[ApplicationService],
    ) -> MyApplication:
        """Pending, waiting, offered and accepted applications can be withdrawn (409 naming any other state); the caller
        may apply again later, at the end of the line. Someone else's id is 404. A freed place is offered to the first
        person waiting for 48 hours."""
        return await application_service.withdraw(
            _user_id(request), parse_uuid(application_id, "application_id")
        )

    @post(
        "/me/applications/{application_id:str}/take-place",
        operation_id="takeOfferedPlace",
        guards=[requires_user],
        status_code=HTTP_200_OK,
        summary="Take the place the waiting list offered me (while it is held for me)",
        responses={200: _spec(MyApplication, {**examples.MY_APPLICATION, "status": "accepted"}), **_ERRORS},
    )
    async def take_place(
        self,
        request: ActorRequest,
        application_id: ApplicationId,
        application_service: NamedDependency[ApplicationService],
    ) -> MyApplication:
        """Only while the place is held for the caller: 48 hours from the offer's e-mail. The application becomes
        `accepted`; a lapsed or otherwise changed one is 409 naming its state. Someone else's id is 404."""
        return await application_service.take_place(
            _user_id(request), parse_uuid(application_id, "application_id")
        )

    @post(
        "/applications/take-place",
        operation_id="takeOfferedPlaceByLink",
        status_code=HTTP_200_OK,
        summary="Take an offered place with the token from the e-mail's link (no sign-in needed; works once)",
        responses={200: _spec(MyApplication, {**examples.MY_APPLICATION, "status": "accepted"}), **_ERRORS},
    )
    async def take_place_by_link(
        self, data: TokenBody, application_service: NamedDependency[ApplicationService]
    ) -> MyApplication:
        """The token comes from the e-mail's link (`/#/platz-annehmen?token=…`); it works once and while the place is
        held (48 hours), then 400. The application becomes `accepted`."""
        return await application_service.take_place_by_token(data.token)


class ApplicantController(Controller):
    """The organisation's side: its members (any role), or its API tokens with applications:read to read
    and applications:write to decide."""

    path = "/api/v1/manage/offers"
    tags = ["Applications"]
    guards = [requires_actor]

    @get(
        "/{offer_id:str}/applications",
        operation_id="listApplicants",
        summary="The offer's applicants, first come first, with places held, offered, waiting and left",
        description=(
            "Each applicant with status, message, the contact details they chose to share and their place on "
            "the waiting list. Never their account's e-mail, name or home. People who deleted their account "
            "stay as `anonymised` rows without any details."
        ),
        responses={200: _spec(ApplicantList, examples.APPLICANT_LIST), **_MEMBER_ERRORS},
    )
    async def applicants(
        self,
        request: ActorRequest,
        offer_id: OfferId,
        application_service: NamedDependency[ApplicationService],
        status: Annotated[
            list[ApplicationStatus] | None,
            QueryParameter(description="Only applications in these states; repeat for several."),
        ] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=500, description="Page size.")] = 200,
        offset: Annotated[int, QueryParameter(ge=0, le=100_000, description="Applications to skip.")] = 0,
    ) -> Response[ApplicantList]:
        listing = await application_service.applicants(
            request.user, parse_uuid(offer_id, "offer_id"), status or [], limit, offset
        )
        return Response(listing, headers=PRIVATE)

    @post(
        "/{offer_id:str}/applications/{application_id:str}/accept",
        operation_id="acceptApplication",
        status_code=HTTP_200_OK,
        summary='Accept an applicant (409 "the offer is full" when no place is free)',
        description="Pending, waiting and offered applications can be accepted; the applicant is e-mailed.",
        responses={200: _spec(Applicant, examples.ACCEPTED), **_MEMBER_ERRORS},
    )
    async def accept(
        self,
        request: ActorRequest,
        offer_id: OfferId,
        application_id: ApplicationId,
        application_service: NamedDependency[ApplicationService],
    ) -> Applicant:
        return await application_service.decide(
            request.user,
            parse_uuid(offer_id, "offer_id"),
            parse_uuid(application_id, "application_id"),
            accept=True,
        )

    @post(
        "/{offer_id:str}/applications/{application_id:str}/decline",
        operation_id="declineApplication",
        status_code=HTTP_200_OK,
        summary="Decline an applicant",
        description=(
            "Pending, waiting and offered applications can be declined. The applicant gets an e-mail; "
            "a place that was offered to them goes to the next person waiting."
        ),
        responses={200: _spec(Applicant, {**examples.ACCEPTED, "status": "declined"}), **_MEMBER_ERRORS},
    )
    async def decline(
        self,
        request: ActorRequest,
        offer_id: OfferId,
        application_id: ApplicationId,
        application_service: NamedDependency[ApplicationService],
    ) -> Applicant:
        return await application_service.decide(
            request.user,
            parse_uuid(offer_id, "offer_id"),
            parse_uuid(application_id, "application_id"),
            accept=False,
        )


class CalendarController(Controller):
    """A volunteer's private iCal feed of the engagements they were accepted for."""

    path = "/api/v1"
    tags = ["Calendar"]

    @post(
        "/me/calendar-feed",
        operation_id="createCalendarFeed",
        guards=[requires_user],
        status_code=HTTP_201_CREATED,
        summary="A new secret address for my calendar feed (the previous one stops working)",
        description="Subscribe to the `url` in any calendar app. Anyone who has it sees your engagements.",
        responses={201: _spec(CalendarFeedLink, examples.FEED_LINK), 401: _ERRORS[401]},
    )
    async def create_feed(
        self, request: ActorRequest, calendar_service: NamedDependency[CalendarService]
    ) -> Response[CalendarFeedLink]:
        link = await calendar_service.new_feed(_user_id(request))
        return Response(link, status_code=HTTP_201_CREATED, headers=PRIVATE)

    @delete(
        "/me/calendar-feed",
        operation_id="revokeCalendarFeed",
        guards=[requires_user],
        status_code=HTTP_204_NO_CONTENT,
        summary="Revoke my calendar feed: its address stops working at once",
    )
    async def revoke_feed(self, request: ActorRequest, calendar_service: NamedDependency[CalendarService]) -> None:
        """The feed's address answers 404 from now on; a new one comes from `POST /api/v1/me/calendar-feed`."""
        await calendar_service.revoke(_user_id(request))

    @get(
        "/calendar/{feed:str}",
        operation_id="getCalendarFeed",
        # The token in the address is the credential: no session, no cookies.
        opt=PUBLIC_READ,
        media_type=CALENDAR_MEDIA_TYPE,
        summary="A calendar feed (iCalendar): the owner's accepted engagements",
        description=(
            "The address comes from `createCalendarFeed`: `/api/v1/calendar/<token>.ics`. One-off offers are "
            "events; regular offers weekly recurring events (Europe/Berlin). Unknown or revoked: 404."
        ),
        responses={
            200: ResponseSpec(
                data_container=str,
                media_type=CALENDAR_MEDIA_TYPE,
                examples=[Example(value=examples.CALENDAR)],
                description="iCalendar (RFC 5545).",
            ),
            404: PROBLEM_RESPONSES[404],
        },
    )
    async def feed(
        self,
        feed: Annotated[
            str, PathParameter(description="The feed's secret token followed by .ics.", max_length=200)
        ],
        calendar_service: NamedDependency[CalendarService],
    ) -> Response[bytes]:
        if not feed.endswith(ICS_SUFFIX):
            raise NotFoundError(msg("No calendar feed at this address"))
        body = await calendar_service.feed(feed.removesuffix(ICS_SUFFIX))
        return Response(body, media_type=f"{CALENDAR_MEDIA_TYPE}; charset=utf-8", headers=PRIVATE)
