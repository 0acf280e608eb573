from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, delete, get, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import PathParameter, QueryParameter
from litestar.response import Stream
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from api.db.reports import ReportTarget
from api.domain.moderation import examples, schemas
from api.domain.moderation.audit_log import AUDIT_MAX_LIMIT, AuditFilter, csv_file
from api.domain.moderation.queue import QUEUE_MAX_LIMIT
from api.domain.moderation.reports import GROUPS_MAX_LIMIT
from api.domain.moderation.services import ModerationService
from api.lib import rate_limits
from api.lib.auth import Actor, ActorRequest, AnyRequest, requires_moderator
from api.lib.client_address import client_address
from api.lib.errors import InvalidInputError, InvalidParam
from api.lib.messages import msg
from api.lib.params import json_body, parse_uuid

RejectionBody = Annotated[
    schemas.Rejection, json_body({"reason": "incomplete", "text": "Bitte Zeiten ergänzen."})
]
ChangeRequestBody = Annotated[schemas.ChangeRequest, json_body({"note": "Bitte eine Ansprechperson nennen."})]
NoteBody = Annotated[schemas.ModerationNote, json_body({"reason": "Mehrfach gemeldete Werbung."})]
ReportBody = Annotated[
    schemas.ReportCreate,
    json_body(
        {
            "target_type": "offer",
            "target_id": "0c6f3c2e-8d5a-4f61-9a8e-3f1d2c7b9e10",
            "reason": "commercial",
            "text": "Hier wird für einen Kurs gegen Bezahlung geworben.",
        }
    ),
]
OfferId = Annotated[str, PathParameter(description="The offer's UUID.", format="uuid")]
OrganisationId = Annotated[str, PathParameter(description="The organisation's UUID.", format="uuid")]
UserId = Annotated[str, PathParameter(description="The account's UUID.", format="uuid")]
TargetType = Annotated[str, PathParameter(description="offer or organisation.")]
TargetId = Annotated[str, PathParameter(description="The reported record's UUID.", format="uuid")]
RecordId = Annotated[str | None, QueryParameter(description="Only entries about this record (UUID).", format="uuid")]
ActorId = Annotated[str | None, QueryParameter(description="Only entries by this account (UUID).", format="uuid")]
RecordType = Annotated[str | None, QueryParameter(description="offer, organisation, user, …", max_length=40)]


def _moderator(request: ActorRequest) -> Actor:
    actor: Actor = request.user
    assert actor.user_id is not None  # requires_moderator made sure
    return actor


def _me(request: ActorRequest) -> schemas.Moderator:
    actor = _moderator(request)
    assert actor.user_id is not None
    return schemas.Moderator(id=actor.user_id, display_name=actor.display_name or "")


def _audit_filter(record_type: str | None, record_id: str | None, actor_id: str | None) -> AuditFilter:
    return AuditFilter(
        record_type=record_type or None,
        record_id=parse_uuid(record_id, "record_id", "query") if record_id else None,
        actor_id=parse_uuid(actor_id, "actor_id", "query") if actor_id else None,
    )


# Another moderator holds the record's claim, or the record is not in a state that allows the step.
_CONFLICT = {409: ResponseSpec(None, description="Claimed by another moderator, or not possible in the record's "
                                                 "current state (e.g. approving an offer that is not in review).")}


class ModerationController(Controller):
    """The moderation desk, for moderators and administrators only."""

    path = "/api/v1/moderation"
    tags = ["Moderation"]
    guards = [requires_moderator]

    @get(
        "/queue",
        operation_id="moderationQueue",
        responses=examples.response(schemas.Queue, examples.QUEUE),
        summary="Offers in review, revisions of published offers and organisations pending, oldest first",
    )
    async def queue(
        self,
        request: ActorRequest,
        moderation_service: NamedDependency[ModerationService],
        kind: Annotated[
            Literal["offer", "organisation"] | None, QueryParameter(description="offer or organisation.")
        ] = None,
        category: Annotated[str | None, QueryParameter(description="A category slug (offers only).")] = None,
        district: Annotated[str | None, QueryParameter(description="A Stadtbezirk, e.g. Mitte.")] = None,
        claimed: Annotated[
            Literal["mine", "unclaimed"] | None,
            QueryParameter(description="mine: claimed by me; unclaimed: nobody holds a claim."),
        ] = None,
        flagged: Annotated[
            bool | None, QueryParameter(description="true: only offers with pre-check flags.")
        ] = None,
        limit: Annotated[
            int, QueryParameter(ge=1, le=QUEUE_MAX_LIMIT, description="At most this many items, 1 to 200.")
        ] = 50,
    ) -> schemas.Queue:
        """Moderators and administrators only. Edits of published offers come as `is_revision: true` (the public keeps
        seeing the approved version meanwhile). Each item shows who holds its claim and the pre-check flags."""
        return await moderation_service.queue(
            _me(request).id,
            kind=kind,
            category=category,
            district=district,
            claimed=claimed,
            flagged=flagged,
            limit=limit,
        )

    @get(
        "/offers/{offer_id:str}",
        operation_id="moderationOffer",
        responses=examples.response(schemas.OfferReview, examples.OFFER_REVIEW),
        summary="An offer as the moderator reviews it, with the edits awaiting review",
    )
    async def offer(
        self, offer_id: OfferId, moderation_service: NamedDependency[ModerationService]
    ) -> schemas.OfferReview:
        """Moderators and administrators only. Any status, with `pending_revision` (the edits waiting for approval), the
        pre-check flags and who holds the claim."""
        return await moderation_service.offer_for_review(parse_uuid(offer_id, "offer_id"))

    @post(
        "/offers/{offer_id:str}/claim",
        operation_id="moderationClaimOffer",
        status_code=HTTP_200_OK,
        responses={**examples.response(schemas.Claim, examples.CLAIM), **_CONFLICT},
        summary="Claim an offer for review for 30 minutes; 409 names who holds it",
    )
    async def claim_offer(
        self, request: ActorRequest, offer_id: OfferId, moderation_service: NamedDependency[ModerationService]
    ) -> schemas.Claim:
        """Moderators and administrators only, for offers in the queue (in review, or with an edit waiting). Deciding
        needs the claim; it lasts 30 minutes, and claiming again renews it. Whoever claims second gets 409 naming the
        moderator who holds it."""
        return await moderation_service.claim("offer", parse_uuid(offer_id, "offer_id"), _me(request))

    @delete(
        "/offers/{offer_id:str}/claim",
        operation_id="moderationReleaseOffer",
        responses=_CONFLICT,
        status_code=HTTP_204_NO_CONTENT,
        summary="Give up my claim on an offer",
    )
    async def release_offer(
        self, request: ActorRequest, offer_id: OfferId, moderation_service: NamedDependency[ModerationService]
    ) -> None:
        """Others may claim the offer at once afterwards. A claim held by someone else is 409."""
        await moderation_service.release("offer", parse_uuid(offer_id, "offer_id"), _me(request).id)

    @post(
        "/organisations/{organisation_id:str}/claim",
        operation_id="moderationClaimOrganisation",
        responses={**examples.response(schemas.Claim, examples.CLAIM), **_CONFLICT},
        status_code=HTTP_200_OK,
        summary="Claim an organisation for review for 30 minutes; 409 names who holds it",
    )
    async def claim_organisation(
        self,
        request: ActorRequest,
        organisation_id: OrganisationId,
        moderation_service: NamedDependency[ModerationService],
    ) -> schemas.Claim:
        """Moderators and administrators only, for pending organisations. Verifying or rejecting needs the claim; it
        lasts 30 minutes, and claiming again renews it. Whoever claims second gets 409 naming the moderator who holds
        it."""
        return await moderation_service.claim(
            "organisation", parse_uuid(organisation_id, "organisation_id"), _me(request)
        )

    @delete(
        "/organisations/{organisation_id:str}/claim",
        operation_id="moderationReleaseOrganisation",
        responses=_CONFLICT,
        status_code=HTTP_204_NO_CONTENT,
        summary="Give up my claim on an organisation",
    )
    async def release_organisation(
        self,
        request: ActorRequest,
        organisation_id: OrganisationId,
        moderation_service: NamedDependency[ModerationService],
    ) -> None:
        """Others may claim the organisation at once afterwards. A claim held by someone else is 409."""
        await moderation_service.release(
            "organisation", parse_uuid(organisation_id, "organisation_id"), _me(request).id
        )

    @post(
        "/offers/{offer_id:str}/approve",
        operation_id="moderationApproveOffer",
        status_code=HTTP_200_OK,
        responses={**examples.response(schemas.OfferDecision, examples.OFFER_DECISION), **_CONFLICT},
        summary="Publish an offer in review, or take over a published offer's revision (needs my claim)",
    )
    async def approve_offer(
        self, request: ActorRequest, offer_id: OfferId, moderation_service: NamedDependency[ModerationService]
    ) -> schemas.OfferDecision:
        """Needs the caller's claim (409 otherwise, or when the offer is not in review and has no revision). Approving
        publishes the offer until `VOLUMAP_OFFER_EXPIRY_DAYS` later or its end, whichever comes first, and on the first
        publication tells volunteers and devices whose area and interests it matches. The decision goes to the audit log
        and by e-mail to the organisation's members in their language."""
        return await moderation_service.approve_offer(parse_uuid(offer_id, "offer_id"), _me(request).id)

    @post(
        "/offers/{offer_id:str}/reject",
        operation_id="moderationRejectOffer",
        responses={**examples.response(schemas.OfferDecision, examples.OFFER_REJECTED), **_CONFLICT},
        status_code=HTTP_200_OK,
        summary="Reject an offer in review, or discard a revision (the published version stays)",
    )
    async def reject_offer(
        self,
        request: ActorRequest,
        offer_id: OfferId,
        data: RejectionBody,
        moderation_service: NamedDependency[ModerationService],
    ) -> schemas.OfferDecision:
        """Needs the caller's claim. `reason` is one of `VOLUMAP_MODERATION_REJECTION_REASONS` (400 otherwise), `text`
        the moderator's words after it. A new offer becomes `rejected` (its members can revise it); for a revision only
        the edits are discarded. A state that allows neither is 409 naming it. Audit log and e-mail to the members."""
        return await moderation_service.reject_offer(parse_uuid(offer_id, "offer_id"), _me(request).id, data)

    @post(
        "/offers/{offer_id:str}/request-changes",
        operation_id="moderationRequestChanges",
        responses={**examples.response(schemas.OfferDecision, examples.OFFER_SENT_BACK), **_CONFLICT},
        status_code=HTTP_200_OK,
        summary="Send an offer back to its members as a draft with a note",
    )
    async def request_changes(
        self,
        request: ActorRequest,
        offer_id: OfferId,
        data: ChangeRequestBody,
        moderation_service: NamedDependency[ModerationService],
    ) -> schemas.OfferDecision:
        """Needs the caller's claim and a non-blank `note`. An offer in review goes back to `draft` with the note as its
        reason; for a revision the edits are discarded and the published version stays. Audit log and e-mail to the
        members."""
        return await moderation_service.request_offer_changes(
            parse_uuid(offer_id, "offer_id"), _me(request).id, data
        )

    @post(
        "/offers/{offer_id:str}/unpublish",
        operation_id="moderationUnpublishOffer",
        responses={**examples.response(schemas.OfferDecision, examples.OFFER_UNPUBLISHED), **_CONFLICT},
        status_code=HTTP_200_OK,
        summary="Take a published or paused offer out of public view; its open reports count as acted on",
    )
    async def unpublish_offer(
        self,
        request: ActorRequest,
        offer_id: OfferId,
        data: RejectionBody,
        moderation_service: NamedDependency[ModerationService],
    ) -> schemas.OfferDecision:
        """For reports: no claim needed. The offer becomes `rejected` with the reason (one of
        `VOLUMAP_MODERATION_REJECTION_REASONS`), a pending edit is dropped, and the members can revise it as a draft.
        Any state but published or paused is 409. Audit log and e-mail to the members."""
        return await moderation_service.unpublish_offer(
            parse_uuid(offer_id, "offer_id"), _me(request).id, data
        )

    @post(
        "/organisations/{organisation_id:str}/verify",
        operation_id="moderationVerifyOrganisation",
        responses={**examples.response(schemas.OrganisationDecision, examples.ORGANISATION_DECISION), **_CONFLICT},
        status_code=HTTP_200_OK,
        summary="Verify a pending organisation (needs my claim)",
    )
    async def verify_organisation(
        self,
        request: ActorRequest,
        organisation_id: OrganisationId,
        moderation_service: NamedDependency[ModerationService],
    ) -> schemas.OrganisationDecision:
        """Needs the caller's claim (409 otherwise, or when the organisation is not pending). The organisation's public
        page appears and its members may create and submit offers. Audit log and e-mail to the members in their
        language."""
        return await moderation_service.verify_organisation(
            parse_uuid(organisation_id, "organisation_id"), _me(request).id
        )

    @post(
        "/organisations/{organisation_id:str}/reject",
        operation_id="moderationRejectOrganisation",
        responses={**examples.response(schemas.OrganisationDecision, examples.ORGANISATION_REJECTED), **_CONFLICT},
        status_code=HTTP_200_OK,
        summary="Reject a pending organisation with a reason (needs my claim)",
    )
    async def reject_organisation(
        self,
        request: ActorRequest,
        organisation_id: OrganisationId,
        data: RejectionBody,
        moderation_service: NamedDependency[ModerationService],
    ) -> schemas.OrganisationDecision:
        """Needs the caller's claim. `reason` is one of `VOLUMAP_MODERATION_REJECTION_REASONS` (400 otherwise). An
        organisation that is not pending is 409 naming its state. Audit log and e-mail to the members."""
        return await moderation_service.reject_organisation(
            parse_uuid(organisation_id, "organisation_id"), _me(request).id, data
        )

    @post(
        "/organisations/{organisation_id:str}/suspend",
        operation_id="moderationSuspendOrganisation",
        responses={**examples.response(schemas.OrganisationDecision, examples.ORGANISATION_SUSPENDED), **_CONFLICT},
        status_code=HTTP_200_OK,
        summary="Suspend an organisation: all its published and paused offers leave the public",
    )
    async def suspend_organisation(
        self,
        request: ActorRequest,
        organisation_id: OrganisationId,
        data: RejectionBody,
        moderation_service: NamedDependency[ModerationService],
    ) -> schemas.OrganisationDecision:
        """For reports: no claim needed. The organisation and every published or paused offer of it leave the public;
        its open reports count as acted on. Audit log and e-mail to the members."""
        return await moderation_service.suspend_organisation(
            parse_uuid(organisation_id, "organisation_id"), _me(request).id, data
        )

    @post(
        "/users/{user_id:str}/suspend",
        operation_id="moderationSuspendUser",
        responses={**examples.response(schemas.UserSuspension, examples.USER_SUSPENSION), **_CONFLICT},
        status_code=HTTP_200_OK,
        summary="Suspend an account: its sessions stop working at once",
    )
    async def suspend_user(
        self,
        request: ActorRequest,
        user_id: UserId,
        data: NoteBody,
        moderation_service: NamedDependency[ModerationService],
    ) -> schemas.UserSuspension:
        """Every session of the account stops working at once: sign-in and every request accept only active accounts. A
        blank reason is 400; suspending oneself or an account that is not active is 409. Only administrators may suspend
        moderators and administrators (403 for moderators). Recorded in the audit log with the reason."""
        actor = _moderator(request)
        assert actor.user_id is not None
        return await moderation_service.suspend_user(
            parse_uuid(user_id, "user_id"), actor.user_id, actor.is_admin, data.reason
        )

    @get(
        "/reports",
        operation_id="moderationReports",
        responses=examples.response(schemas.ReportGroups, examples.REPORT_GROUPS),
        summary="Open reports grouped by the reported record, most reported first",
    )
    async def reports(
        self,
        moderation_service: NamedDependency[ModerationService],
        limit: Annotated[
            int, QueryParameter(ge=1, le=GROUPS_MAX_LIMIT, description="At most this many records, 1 to 200.")
        ] = 50,
    ) -> schemas.ReportGroups:
        """Moderators and administrators only. Each group has the record's title and status, the count per reason and
        the latest texts; act on it with dismiss, unpublish or suspend."""
        return await moderation_service.report_groups(limit)

    @post(
        "/reports/{target_type:str}/{target_id:str}/dismiss",
        operation_id="moderationDismissReports",
        responses={**examples.response(schemas.ReportsHandled, examples.REPORTS_HANDLED), **_CONFLICT},
        status_code=HTTP_200_OK,
        summary="Dismiss every open report on a record",
    )
    async def dismiss_reports(
        self,
        request: ActorRequest,
        target_type: TargetType,
        target_id: TargetId,
        data: NoteBody,
        moderation_service: NamedDependency[ModerationService],
    ) -> schemas.ReportsHandled:
        """`target_type` is `offer` or `organisation` (400 otherwise). Every open report on the record becomes
        `dismissed` with the note; the record itself does not change. Recorded in the audit log."""
        try:
            target = ReportTarget(target_type)
        except ValueError:
            raise InvalidInputError(
                InvalidParam("target_type", msg("must be offer or organisation"), "path")
            ) from None
        return await moderation_service.dismiss_reports(
            target, parse_uuid(target_id, "target_id"), _me(request).id, data.reason
        )

    @get(
        "/audit",
        operation_id="moderationAuditLog",
        responses=examples.response(schemas.AuditPage, examples.AUDIT_PAGE),
        summary="The audit log, newest first, by record or actor",
    )
    async def audit(
        self,
        moderation_service: NamedDependency[ModerationService],
        record_type: RecordType = None,
        record_id: RecordId = None,
        actor_id: ActorId = None,
        limit: Annotated[
            int | None, QueryParameter(ge=1, le=AUDIT_MAX_LIMIT, description="Page size, 1 to 500 (default 50).")
        ] = None,
        cursor: Annotated[
            str | None, QueryParameter(description="`next_cursor` of the previous page.")
        ] = None,
    ) -> schemas.AuditPage:
        """Moderators and administrators only. The log is append-only: the database refuses UPDATE, DELETE and TRUNCATE
        on it for every role. Follow `next_cursor` for older entries; each entry has `before` and `after` of what
        changed."""
        return await moderation_service.audit_log(
            _audit_filter(record_type, record_id, actor_id), limit, cursor
        )

    @get(
        "/audit.csv",
        operation_id="moderationAuditLogCsv",
        responses=examples.CSV_RESPONSE,
        media_type="text/csv",
        summary="The audit log as CSV (same filters, all pages)",
    )
    async def audit_csv(
        self, record_type: RecordType = None, record_id: RecordId = None, actor_id: ActorId = None
    ) -> Stream:
        """Moderators and administrators only. Every entry of the selection in one download (`Content-Disposition:
        attachment`), streamed, newest first."""
        return Stream(
            await csv_file(_audit_filter(record_type, record_id, actor_id)),
            # Litestar adds "; charset=utf-8" to a text/ type itself.
            media_type="text/csv",
            headers={"Content-Disposition": 'attachment; filename="volumap-audit.csv"'},
        )

    @get(
        "/figures",
        operation_id="moderationFigures",
        responses=examples.response(schemas.Figures, examples.FIGURES),
        summary="Queue length, median time to decision, published offers per district and category, "
        "new organisations per month",
    )
    async def figures(self, moderation_service: NamedDependency[ModerationService]) -> schemas.Figures:
        """Moderators and administrators only. The median is over the decisions of the last 90 days; new organisations
        are counted per month for the last 12 months."""
        return await moderation_service.figures()


class ReportController(Controller):
    """Anyone, with or without an account, reports a public offer or organisation."""

    path = "/api/v1/reports"
    tags = ["Moderation"]

    @post(
        "/",
        operation_id="createReport",
        status_code=HTTP_201_CREATED,
        responses={
            **examples.response(schemas.ReportReceipt, examples.REPORT_RECEIPT, HTTP_201_CREATED),
            404: ResponseSpec(None, description="No published offer or verified organisation with this id."),
        },
        summary="Report a published offer or a verified organisation (rate-limited)",
    )
    async def create(
        self, request: AnyRequest, data: ReportBody, moderation_service: NamedDependency[ModerationService]
    ) -> schemas.ReportReceipt:
        """Anyone, with or without an account (API clients without a browser first `GET /api/v1/session` for the CSRF
        cookie). `text` is kept as plain text, at most 2,000 characters. Limited per client address and per account (429
        with `Retry-After`). Moderators see the open reports grouped by record."""
        actor: Actor | None = request.user
        settings = moderation_service.settings
        limits = [(settings.rate_limit_report_per_address, f"ip:{client_address(request)}")]
        if actor is not None and actor.user_id is not None:
            limits.append((settings.rate_limit_report, f"account:{actor.user_id}"))
        await rate_limits.hit("report", *limits)
        return await moderation_service.report(data, actor.user_id if actor else None)
