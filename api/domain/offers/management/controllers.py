"""Members' routes for their organisation's offers, under /api/v1/manage (the public read side is
/api/v1/offers and shows published offers only)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get, patch, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import HeaderParameter, PathParameter, QueryParameter
from litestar.status_codes import HTTP_201_CREATED

from api.db.offers import OfferStatus
from api.domain.offers.lifecycle import OfferAction
from api.domain.offers.management.schemas import ManagedOffer, ManagedOfferList, OfferChanges, OfferDraft
from api.domain.offers.management.services import OfferManagementService, etag
from api.lib.auth import Actor, ActorRequest, requires_actor
from api.lib.params import json_body, parse_uuid
from api.lib.problems import PROBLEM_RESPONSES

_CONTENT_EXAMPLE = {
    "title": "Gartenpflege im Bürgerpark",
    "summary": "Wir pflegen gemeinsam Beete und Wege im Bürgerpark – jeden Samstagvormittag.",
    "description": "<p>Du hast Freude an frischer Luft? Komm vorbei, Werkzeug ist da.</p>",
    "categories": ["environment"],
    "commitment": "regular",
    "skills": ["Gartenarbeit"],
    "languages": ["de", "en"],
    "location": {"lat": 52.0371, "lon": 8.5269},
    "is_remote": False,
    "address": "Bürgerpark, 33615 Bielefeld",
    "district": "Schildesche",
    "starts_at": None,
    "ends_at": None,
    "weekly_pattern": [{"day": "sat", "start": "10:00", "end": "12:00"}],
    "hours_per_week": 2.0,
    "capacity": 8,
    "min_age": 14,
    "accessible": True,
    "accessibility_notes": "Befestigte Wege.",
    "contact_name": "Anna Beispiel",
    "contact_email": "kontakt@example.org",
    "contact_phone": None,
}
_MANAGED_EXAMPLE = {
    **_CONTENT_EXAMPLE,
    "id": "0b6f3c2e-8d5a-4f61-9a8e-3f1d2c7b9e10",
    "organisation_id": "5a1d9c3e-2b7f-4e80-8c11-6d4f0e2a9b31",
    "status": "draft",
    "version": 1,
    "pending_revision": None,
    "precheck_flags": [],
    "rejection_reason": None,
    "created_at": "2026-11-20T09:15:00Z",
    "updated_at": "2026-11-20T09:15:00Z",
    "submitted_at": None,
    "published_at": None,
    "paused_at": None,
    "closed_at": None,
    "expires_at": None,
}
_LIST_EXAMPLE = {
    "items": [
        {
            "id": _MANAGED_EXAMPLE["id"],
            "title": _CONTENT_EXAMPLE["title"],
            "status": "published",
            "version": 4,
            "has_pending_revision": True,
            "precheck_flags": 0,
            "updated_at": "2026-11-21T08:00:00Z",
            "published_at": "2026-11-20T12:00:00Z",
            "expires_at": "2027-02-18T12:00:00Z",
        }
    ],
    "total": 1,
}
_MANAGED = ResponseSpec(data_container=ManagedOffer, examples=[Example(value=_MANAGED_EXAMPLE)])
_ERRORS = {
    **PROBLEM_RESPONSES,
    401: ResponseSpec(None, description="Neither signed in nor an API token."),
    403: ResponseSpec(
        None,
        description="Not a member (or the token lacks the scope), the e-mail address is not "
        "confirmed, or the organisation is not verified.",
    ),
    409: ResponseSpec(None, description="Not possible in the offer's current state, which the detail names."),
    412: ResponseSpec(
        None, description="If-Match names an older version: someone changed the offer meanwhile."
    ),
}
# Creating and reading have no version to be stale and no state to conflict with.
_READ_ERRORS = {status: spec for status, spec in _ERRORS.items() if status not in {409, 412}}

DraftBody = Annotated[OfferDraft, json_body(_CONTENT_EXAMPLE)]
ChangesBody = Annotated[OfferChanges, json_body({"summary": "Neu: auch sonntags.", "capacity": 10})]
OrganisationId = Annotated[str, PathParameter(description="The organisation's UUID.", format="uuid")]
OfferId = Annotated[
    str, PathParameter(description="The offer's UUID.", format="uuid", examples=[Example(value=_MANAGED_EXAMPLE["id"])])
]
IfMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-Match", description='The ETag of the version you read, e.g. W/"3".', required=False
    ),
]
Statuses = Annotated[
    list[OfferStatus] | None,
    QueryParameter(name="status", description="Only offers in these states; repeat for several."),
]


def _answer(offer: ManagedOffer, status_code: int = 200) -> Response[ManagedOffer]:
    return Response(
        offer,
        status_code=status_code,
        headers={"ETag": etag(offer.version), "Cache-Control": "private, no-cache"},
    )


class OfferManagementController(Controller):
    """Owners and editors of an organisation (signed in), or its API tokens (offers:read, offers:write)."""

    path = "/api/v1/manage"
    tags = ["Offer management"]
    guards = [requires_actor]

    @post(
        "/organisations/{organisation_id:str}/offers",
        operation_id="createOffer",
        summary="Create a draft offer",
        description="Needs a confirmed e-mail address and a verified organisation. Answers with an ETag.",
        status_code=HTTP_201_CREATED,
        responses={
            201: ResponseSpec(data_container=ManagedOffer, examples=[Example(value=_MANAGED_EXAMPLE)]),
            **_READ_ERRORS,
        },
    )
    async def create_offer(
        self,
        request: ActorRequest,
        organisation_id: OrganisationId,
        data: DraftBody,
        offer_management_service: NamedDependency[OfferManagementService],
    ) -> Response[ManagedOffer]:
        actor: Actor = request.user
        offer = await offer_management_service.create(
            actor, parse_uuid(organisation_id, "organisation_id"), data
        )
        response = _answer(offer, HTTP_201_CREATED)
        response.headers["Location"] = f"/api/v1/manage/offers/{offer.id}"
        return response

    @get(
        "/organisations/{organisation_id:str}/offers",
        operation_id="listOrganisationOffers",
        summary="Every offer of the organisation, drafts included, most recently changed first",
        responses={
            200: ResponseSpec(data_container=ManagedOfferList, examples=[Example(value=_LIST_EXAMPLE)]),
            **_READ_ERRORS,
        },
    )
    async def list_offers(
        self,
        request: ActorRequest,
        organisation_id: OrganisationId,
        offer_management_service: NamedDependency[OfferManagementService],
        status: Statuses = None,
        limit: Annotated[int, QueryParameter(ge=1, le=200, description="Page size.")] = 50,
        offset: Annotated[int, QueryParameter(ge=0, le=100_000, description="Offers to skip.")] = 0,
    ) -> ManagedOfferList:
        """Members of the organisation, or its API tokens with `offers:read`. Filter by `status` (repeatable); `limit`
        and `offset` page through the list."""
        return await offer_management_service.listing(
            request.user, parse_uuid(organisation_id, "organisation_id"), status or [], limit, offset
        )

    @get(
        "/offers/{offer_id:str}",
        operation_id="getManagedOffer",
        summary="One offer as its organisation sees it, with its ETag",
        responses={200: _MANAGED, **_READ_ERRORS},
    )
    async def get_offer(
        self,
        request: ActorRequest,
        offer_id: OfferId,
        offer_management_service: NamedDependency[OfferManagementService],
    ) -> Response[ManagedOffer]:
        """Members of the organisation, or its API tokens with `offers:read`, in any status. The answer sends `ETag:
        W/"<version>"`; send it back as `If-Match` on `PATCH` so that an edit based on an old version is refused with
        412."""
        return _answer(await offer_management_service.get(request.user, parse_uuid(offer_id, "offer_id")))

    @patch(
        "/offers/{offer_id:str}",
        operation_id="updateOffer",
        summary="Change an offer (If-Match required)",
        description=(
            "Drafts and rejected offers change in place. Changes to a published or paused offer are kept as "
            "its `pending_revision` and go to review; the public keeps seeing the approved content until a "
            "moderator approves. Without If-Match: 428; with an outdated one: 412."
        ),
        responses={200: _MANAGED, 428: ResponseSpec(None, description="If-Match is missing."), **_ERRORS},
    )
    async def update_offer(
        self,
        request: ActorRequest,
        offer_id: OfferId,
        data: ChangesBody,
        offer_management_service: NamedDependency[OfferManagementService],
        if_match: IfMatch = None,
    ) -> Response[ManagedOffer]:
        return _answer(
            await offer_management_service.update(
                request.user, parse_uuid(offer_id, "offer_id"), if_match, data
            )
        )

    async def _act(
        self,
        request: ActorRequest,
        offer_id: str,
        service: OfferManagementService,
        action: OfferAction,
        if_match: str | None,
    ) -> Response[ManagedOffer]:
        return _answer(await service.act(request.user, parse_uuid(offer_id, "offer_id"), action, if_match))

    @post(
        "/offers/{offer_id:str}/submit",
        operation_id="submitOffer",
        status_code=200,
        summary="Send a draft to review (runs the automatic pre-checks)",
        responses={200: _MANAGED, **_ERRORS},
    )
    async def submit(
        self,
        request: ActorRequest,
        offer_id: OfferId,
        offer_management_service: NamedDependency[OfferManagementService],
        if_match: IfMatch = None,
    ) -> Response[ManagedOffer]:
        """Moves a draft to `in_review`. Needs a confirmed e-mail address and a verified organisation (403 otherwise);
        anything but a draft is 409 naming the current state, and an `If-Match` (optional here) naming an older version
        is 412. The automatic pre-checks flag links outside the allowed hosts, phone numbers and e-mail addresses in the
        description, flagged words, payment terms and near-duplicate titles; they never block, moderators see them."""
        return await self._act(request, offer_id, offer_management_service, OfferAction.submit, if_match)

    @post(
        "/offers/{offer_id:str}/revise",
        operation_id="reviseOffer",
        status_code=200,
        summary="Take a rejected offer back into drafting",
        responses={200: _MANAGED, **_ERRORS},
    )
    async def revise(
        self,
        request: ActorRequest,
        offer_id: OfferId,
        offer_management_service: NamedDependency[OfferManagementService],
        if_match: IfMatch = None,
    ) -> Response[ManagedOffer]:
        """Moves a rejected offer (also one a moderator unpublished) back to `draft`, to be edited and submitted again;
        any other state is 409 naming it. Recorded in the audit log."""
        return await self._act(request, offer_id, offer_management_service, OfferAction.revise, if_match)

    @post(
        "/offers/{offer_id:str}/pause",
        operation_id="pauseOffer",
        status_code=200,
        summary="Take a published offer out of public view for a while",
        responses={200: _MANAGED, **_ERRORS},
    )
    async def pause(
        self,
        request: ActorRequest,
        offer_id: OfferId,
        offer_management_service: NamedDependency[OfferManagementService],
        if_match: IfMatch = None,
    ) -> Response[ManagedOffer]:
        """Moves a published offer to `paused`: it leaves the public search until it is resumed. Pausing always works,
        also without a confirmed address or a verified organisation; any state but published is 409. Recorded in the
        audit log."""
        return await self._act(request, offer_id, offer_management_service, OfferAction.pause, if_match)

    @post(
        "/offers/{offer_id:str}/resume",
        operation_id="resumeOffer",
        status_code=200,
        summary="Publish a paused offer again",
        responses={200: _MANAGED, **_ERRORS},
    )
    async def resume(
        self,
        request: ActorRequest,
        offer_id: OfferId,
        offer_management_service: NamedDependency[OfferManagementService],
        if_match: IfMatch = None,
    ) -> Response[ManagedOffer]:
        """Moves a paused offer back to `published` without a new review; places freed meanwhile go to the waiting list
        first. Any state but paused is 409 naming it. Recorded in the audit log."""
        return await self._act(request, offer_id, offer_management_service, OfferAction.resume, if_match)

    @post(
        "/offers/{offer_id:str}/close",
        operation_id="closeOffer",
        status_code=200,
        summary="End a published or paused offer for good",
        responses={200: _MANAGED, **_ERRORS},
    )
    async def close(
        self,
        request: ActorRequest,
        offer_id: OfferId,
        offer_management_service: NamedDependency[OfferManagementService],
        if_match: IfMatch = None,
    ) -> Response[ManagedOffer]:
        """Moves a published or paused offer to `closed`, which no action leaves; any other state is 409 naming it.
        Closing always works, also without a confirmed address or a verified organisation. Recorded in the audit log."""
        return await self._act(request, offer_id, offer_management_service, OfferAction.close, if_match)
