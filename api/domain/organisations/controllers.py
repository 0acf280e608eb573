from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import HeaderParameter, PathParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from api.domain.offers.examples import ORGANISATION_EXAMPLE
from api.domain.organisations import schemas
from api.domain.organisations.schemas import OrganisationPublic
from api.domain.organisations.services import OrganisationService, etag_of
from api.lib.auth import Actor, ActorRequest, requires_actor, requires_user
from api.lib.http_cache import PUBLIC_READ
from api.lib.params import json_body
from api.lib.problems import PROBLEM_RESPONSES

ORGANISATION_ID = "0c6f3c2e-8d5a-4f61-9a8e-3f1d2c7b9e10"
USER_ID = "5b0e2c1a-1f7e-4a53-9d61-0c1f8f9f2b11"
REGISTRATION_EXAMPLE = {
    "name": "Nachbarschaftshilfe Sieker e. V.", "description": "<p>Wir helfen älteren Nachbarn beim Einkaufen.</p>",
    "website": "https://nachbarschaftshilfe-sieker.example.org", "contact_email": "kontakt@sieker.example.org",
    "contact_phone": "0521 555 0142", "address": "Meisenstraße 12, 33607 Bielefeld", "district": "Stieghorst",
    "location": {"lat": 52.0132, "lon": 8.5841}, "legal_form": "eingetragener Verein",
}
MANAGED_EXAMPLE = {
    "id": ORGANISATION_ID, "slug": "nachbarschaftshilfe-sieker-e-v", **REGISTRATION_EXAMPLE,
    "verification_status": "pending", "rejection_reason": None, "created_at": "2026-11-26T09:15:00Z",
    "verified_at": None, "your_role": "owner",
}
MEMBER_EXAMPLE = {"user_id": USER_ID, "display_name": "Anna", "email": "anna@example.org", "role": "owner",
                  "since": "2026-11-26T09:15:00Z"}
INVITATION_EXAMPLE = {"id": "7d2b8f14-2c51-4a9e-8b0e-5f3a1c9d6e21", "email": "ben@example.org", "role": "editor",
                      "created_at": "2026-11-26T09:20:00Z", "expires_at": "2026-12-10T09:20:00Z"}
API_TOKEN_EXAMPLE = {"id": "3e9a0b6c-71f2-4d8e-a5c4-2b1f0e9d8c73", "name": "Vereinswebsite",
                     "scopes": ["offers:read", "offers:write"], "created_at": "2026-11-26T09:30:00Z",
                     "last_used_at": None, "revoked_at": None}

OrganisationId = Annotated[UUID, PathParameter(description="The organisation's id.")]
MemberId = Annotated[UUID, PathParameter(description="The member's account id.")]
IfMatch = Annotated[str | None, HeaderParameter(name="If-Match", required=False,
                                                description="The ETag you loaded; a stale one is refused with 412.")]


def _actor(request: ActorRequest) -> Actor:
    return request.user


def _managed_response(organisation: schemas.OrganisationManaged, status: int = HTTP_200_OK
                      ) -> Response[schemas.OrganisationManaged]:
    return Response(organisation, status_code=status, headers={"ETag": etag_of(organisation)})


_LAST_OWNER = {409: ResponseSpec(None, description="The organisation's last owner cannot leave or step down.")}


def _spec(container: type, example: object, description: str) -> ResponseSpec:
    return ResponseSpec(data_container=container, examples=[Example(value=example)], description=description)


class OrganisationController(Controller):
    """The public page of a verified organisation, and everything its members do with it."""

    path = "/api/v1/organisations"
    tags = ["Organisations"]

    @get(
        "/{slug:str}",
        operation_id="getOrganisation",
        opt=PUBLIC_READ,
        summary="A verified organisation and its published offers",
        responses={
            200: ResponseSpec(data_container=OrganisationPublic, examples=[Example(value=ORGANISATION_EXAMPLE)]),
            404: PROBLEM_RESPONSES[404],
        },
    )
    async def get_organisation(
        self,
        organisation_service: NamedDependency[OrganisationService],
        slug: Annotated[str, PathParameter(max_length=80, description="The organisation's slug.",
                                       examples=[Example(value="tafel-bielefeld")])],
    ) -> OrganisationPublic:
        """No sign-in needed. The answer has name, description (simple HTML), website, contact, address, district,
        location and legal form, with the organisation's published offers newest first. Pending, rejected and suspended
        organisations are a 404."""
        return await organisation_service.public_by_slug(slug)

    @post("/", operation_id="registerOrganisation", guards=[requires_user], status_code=HTTP_201_CREATED,
          summary="Register an organisation (pending until a moderator verifies it); you become its owner",
          responses={201: _spec(schemas.OrganisationManaged, MANAGED_EXAMPLE, "The organisation, pending review."),
                     400: PROBLEM_RESPONSES[400]})
    async def register(
        self, request: ActorRequest, organisation_service: NamedDependency[OrganisationService],
        data: Annotated[schemas.OrganisationCreate, json_body(REGISTRATION_EXAMPLE)],
    ) -> Response[schemas.OrganisationManaged]:
        """Anyone signed in with a confirmed e-mail address. It starts as `pending` under a slug made from its name
        (`-2` if taken), and the caller becomes its owner; its public page appears once a moderator verifies it.
        `description` keeps only paragraphs, lists, emphasis and links; `location` must lie inside the service area (400
        naming the field otherwise)."""
        return _managed_response(await organisation_service.register(_actor(request), data), HTTP_201_CREATED)

    @get("/{organisation_id:uuid}/manage", operation_id="getManagedOrganisation", guards=[requires_actor],
         summary="My organisation as its members see it, in any status (also for API tokens with offers:read)",
         responses={200: _spec(schemas.OrganisationManaged, MANAGED_EXAMPLE, "With an ETag for If-Match.")})
    async def get_managed(
        self, request: ActorRequest, organisation_id: OrganisationId,
        organisation_service: NamedDependency[OrganisationService],
    ) -> Response[schemas.OrganisationManaged]:
        """Members see their organisation in any status, with an `ETag` to send back as `If-Match` on `PATCH`. Members
        of other organisations get 403 (404 while it is not verified, so its existence does not leak)."""
        return _managed_response(await organisation_service.managed(_actor(request), organisation_id))

    @patch("/{organisation_id:uuid}/manage", operation_id="updateOrganisation", guards=[requires_user],
           summary="Change the organisation's details (owners); send If-Match to refuse a stale edit",
           responses={200: _spec(schemas.OrganisationManaged, MANAGED_EXAMPLE, "The organisation as changed."),
                     400: PROBLEM_RESPONSES[400]})
    async def update(
        self, request: ActorRequest, organisation_id: OrganisationId,
        organisation_service: NamedDependency[OrganisationService],
        data: Annotated[schemas.OrganisationUpdate, json_body({"website": "https://sieker.example.org",
                                                               "contact_phone": None})],
        if_match: IfMatch = None,
    ) -> Response[schemas.OrganisationManaged]:
        """Owners only. Only the fields sent change. With `If-Match: <ETag>` of `GET …/manage`, a change someone else
        made meanwhile answers 412 instead of being overwritten."""
        return _managed_response(
            await organisation_service.update(_actor(request), organisation_id, data, if_match))

    @get("/{organisation_id:uuid}/members", operation_id="listMembers", guards=[requires_user],
         summary="The organisation's members and their roles (members)",
         responses={200: _spec(list[schemas.MemberPublic], [MEMBER_EXAMPLE], "The members.")})
    async def members(
        self, request: ActorRequest, organisation_id: OrganisationId,
        organisation_service: NamedDependency[OrganisationService],
    ) -> list[schemas.MemberPublic]:
        """Any member may list them; others get 403 (404 while the organisation is not verified)."""
        return await organisation_service.members(_actor(request), organisation_id)

    @put("/{organisation_id:uuid}/members/{user_id:uuid}", operation_id="changeMemberRole", guards=[requires_user],
         summary="Make a member owner or editor (owners); the last owner cannot step down",
         responses={200: _spec(schemas.MemberPublic, MEMBER_EXAMPLE, "The member as changed."), **_LAST_OWNER})
    async def change_role(
        self, request: ActorRequest, organisation_id: OrganisationId, user_id: MemberId,
        organisation_service: NamedDependency[OrganisationService],
        data: Annotated[schemas.RoleChange, json_body({"role": "editor"})],
    ) -> schemas.MemberPublic:
        """Owners only. An organisation always keeps at least one owner: making its last owner an editor is 409, also
        when two owners act at the same moment."""
        return await organisation_service.change_role(_actor(request), organisation_id, user_id, data.role)

    @delete("/{organisation_id:uuid}/members/{user_id:uuid}", operation_id="removeMember", guards=[requires_user],
            status_code=HTTP_204_NO_CONTENT, responses=_LAST_OWNER,
            summary="Remove a member (owners) or leave (anyone, with your own id); never the last owner")
    async def remove_member(
        self, request: ActorRequest, organisation_id: OrganisationId, user_id: MemberId,
        organisation_service: NamedDependency[OrganisationService],
    ) -> None:
        """Owners remove anyone; everyone may leave with their own id. The last owner cannot leave (409), also when two
        owners act at the same moment."""
        await organisation_service.remove_member(_actor(request), organisation_id, user_id)

    @post("/{organisation_id:uuid}/invitations", operation_id="inviteMember", guards=[requires_user],
          status_code=HTTP_201_CREATED, summary="Invite someone by e-mail link (owners)",
          responses={201: _spec(schemas.InvitationPublic, INVITATION_EXAMPLE,
                                "The invitation; its link went out by e-mail.")})
    async def invite(
        self, request: ActorRequest, organisation_id: OrganisationId,
        organisation_service: NamedDependency[OrganisationService],
        data: Annotated[schemas.InvitationCreate, json_body({"email": "ben@example.org", "role": "editor"})],
    ) -> schemas.InvitationPublic:
        """Owners only. The invitee gets an e-mail with a link (`/#/einladung?token=…`) valid for
        `VOLUMAP_INVITATION_TTL_DAYS` (14) days and usable once; signed in, they send its token to `POST
        /api/v1/invitations/acceptance`."""
        return await organisation_service.invite(_actor(request), organisation_id, data)

    @get("/{organisation_id:uuid}/invitations", operation_id="listInvitations", guards=[requires_user],
         summary="Pending invitations (owners)",
         responses={200: _spec(list[schemas.InvitationPublic], [INVITATION_EXAMPLE], "Open invitations.")})
    async def invitations(
        self, request: ActorRequest, organisation_id: OrganisationId,
        organisation_service: NamedDependency[OrganisationService],
    ) -> list[schemas.InvitationPublic]:
        """Owners only: the invitations not yet accepted and not expired, newest first (a withdrawn one is deleted)."""
        return await organisation_service.invitations(_actor(request), organisation_id)

    @delete("/{organisation_id:uuid}/invitations/{invitation_id:uuid}", operation_id="revokeInvitation",
            guards=[requires_user], status_code=HTTP_204_NO_CONTENT, summary="Withdraw a pending invitation (owners)")
    async def revoke_invitation(
        self, request: ActorRequest, organisation_id: OrganisationId,
        invitation_id: Annotated[UUID, PathParameter(description="The invitation's id.")],
        organisation_service: NamedDependency[OrganisationService],
    ) -> None:
        """Owners only. The invitation's link stops working at once; an unknown id is 404."""
        await organisation_service.revoke_invitation(_actor(request), organisation_id, invitation_id)

    @post("/{organisation_id:uuid}/api-tokens", operation_id="createApiToken", guards=[requires_user],
          status_code=HTTP_201_CREATED,
          summary="Create an API token for your own systems (owners); the token is shown only in this answer",
          responses={201: _spec(schemas.ApiTokenCreated,
                                {**{key: API_TOKEN_EXAMPLE[key] for key in ("id", "name", "scopes", "created_at")},
                                 "token": "vmp_Q2h1bmtpZXMtbm90LXJlYWwtdG9rZW4tZXhhbXBsZQ"},
                                "The token with its secret, shown this once.")})
    async def create_api_token(
        self, request: ActorRequest, organisation_id: OrganisationId,
        organisation_service: NamedDependency[OrganisationService],
        data: Annotated[schemas.ApiTokenCreate, json_body({"name": "Vereinswebsite",
                                                           "scopes": ["offers:read", "offers:write"]})],
    ) -> schemas.ApiTokenCreated:
        """Owners only. A token lets the organisation's own systems call the API as `Authorization: Bearer vmp_…`
        without a session or CSRF token, limited to its scopes (`offers:read`, `offers:write`, `applications:read`,
        `applications:write`). VoluMap keeps only its SHA-256, so the token cannot be shown again."""
        return await organisation_service.create_api_token(_actor(request), organisation_id, data)

    @get("/{organisation_id:uuid}/api-tokens", operation_id="listApiTokens", guards=[requires_user],
         summary="The organisation's API tokens, without the tokens themselves (owners)",
         responses={200: _spec(list[schemas.ApiTokenPublic], [API_TOKEN_EXAMPLE], "The tokens (never their secrets).")})
    async def api_tokens(
        self, request: ActorRequest, organisation_id: OrganisationId,
        organisation_service: NamedDependency[OrganisationService],
    ) -> list[schemas.ApiTokenPublic]:
        """Owners only. Each token with its name, scopes and dates; the secrets are never shown again."""
        return await organisation_service.api_tokens(_actor(request), organisation_id)

    @delete("/{organisation_id:uuid}/api-tokens/{token_id:uuid}", operation_id="revokeApiToken",
            guards=[requires_user], status_code=HTTP_204_NO_CONTENT,
            summary="Revoke an API token at once (owners)")
    async def revoke_api_token(
        self, request: ActorRequest, organisation_id: OrganisationId,
        token_id: Annotated[UUID, PathParameter(description="The API token's id.")],
        organisation_service: NamedDependency[OrganisationService],
    ) -> None:
        """Owners only. Calls with the token are refused from the next request on; an unknown id is 404."""
        await organisation_service.revoke_api_token(_actor(request), organisation_id, token_id)


class InvitationController(Controller):
    path = "/api/v1/invitations"
    tags = ["Organisations"]

    @post("/acceptance", operation_id="acceptInvitation", guards=[requires_user], status_code=HTTP_200_OK,
          summary="Join an organisation with an invitation link's token (once, before it expires)",
          responses={200: _spec(schemas.MembershipPublic, {"organisation_id": ORGANISATION_ID,
                                                           "slug": "nachbarschaftshilfe-sieker-e-v",
                                                           "name": "Nachbarschaftshilfe Sieker e. V.",
                                                           "role": "editor"},
                                "The membership the invitation gave.")})
    async def accept(
        self, request: ActorRequest, organisation_service: NamedDependency[OrganisationService],
        data: Annotated[schemas.InvitationAcceptance, json_body({"token": "k3Jx9tQ…"})],
    ) -> schemas.MembershipPublic:
        """The token comes from the invitation e-mail's link; it works once and before `VOLUMAP_INVITATION_TTL_DAYS`
        (14) days have passed. The signed-in account becomes a member with the role the invitation named."""
        return await organisation_service.accept_invitation(_actor(request), data.token)
