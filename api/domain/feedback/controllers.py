from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Response, get, patch, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import PathParameter, QueryParameter
from litestar.status_codes import HTTP_202_ACCEPTED

from api.db.feedback import MESSAGE_MAX, PAGE_MAX
from api.domain.feedback import schemas
from api.domain.feedback.services import MAX_LIMIT, FeedbackService
from api.lib import app_links, rate_limits
from api.lib.auth import Actor, ActorRequest, AnyRequest, requires_moderator
from api.lib.client_address import client_address
from api.lib.http_cache import PUBLIC_READ, cacheable_json
from api.lib.i18n import negotiate_locale
from api.lib.params import json_body, parse_uuid
from api.lib.problems import PROBLEM_RESPONSES
from api.settings import get_settings

_PAGE = app_links.offer(uuid.UUID("3f2b8c1e-5a7d-4e9f-8b6a-1c2d3e4f5a6b"))
FeedbackBody = Annotated[
    schemas.FeedbackCreate,
    json_body({
        "kind": "barrier",
        "message": "Die Schaltfläche „Ich helfe mit“ wird vom Screenreader nicht vorgelesen.",
        "page": _PAGE,
        "email": "anna@example.org",
    }),
]
UpdateBody = Annotated[schemas.FeedbackUpdate, json_body({"status": "answered"})]
FeedbackId = Annotated[str, PathParameter(description="The feedback's UUID.", format="uuid")]

_ITEM: dict[str, Any] = {
    "id": "9d3c2b1a-0f4e-4d5c-8b7a-6e5f4d3c2b1a",
    "created_at": "2026-11-27T09:30:00Z",
    "kind": "barrier",
    "message": "Die Schaltfläche „Ich helfe mit“ wird vom Screenreader nicht vorgelesen.",
    "page": _PAGE,
    "email": "anna@example.org",
    "locale": "de",
    "status": "new",
    "handled_at": None,
    "handled_by": None,
}
_HANDLED = {**_ITEM, "status": "answered", "handled_at": "2026-11-27T14:05:00Z",
            "handled_by": "5b0e2c1a-1f7e-4a53-9d61-0c1f8f9f2b11"}
_TOO_MANY = ResponseSpec(None, description="Too much feedback from this client or for this reply address; "
                         "Retry-After says when to try again.")
_NOT_SIGNED_IN = ResponseSpec(None, description="Not signed in.")
_NOT_A_MODERATOR = ResponseSpec(None, description="Signed in, but not a moderator or administrator (or the CSRF "
                                "token is missing).")


class FeedbackController(Controller):
    """Anyone, with or without an account, tells the city about a barrier, an idea or a problem."""

    path = "/api/v1/feedback"
    tags = ["Feedback"]

    @get(
        "/terms",
        operation_id="getFeedbackTerms",
        opt=PUBLIC_READ,
        summary="How long feedback is kept, and how long a message may be",
        description=(
            "For the feedback form, which tells the sender before they send how long their message and reply "
            "address are kept (the privacy notice of the accessibility statement's feedback mechanism). "
            "No account needed; cacheable: sends an ETag and answers 304 to If-None-Match."
        ),
        responses={
            200: ResponseSpec(data_container=schemas.FeedbackTerms, description="The feedback's terms.",
                              examples=[Example(value={"retention_days": 365, "message_max": 5000, "page_max": 500})]),
        },
    )
    async def terms(self, request: AnyRequest) -> Response[bytes]:
        terms = schemas.FeedbackTerms(retention_days=get_settings().feedback_retention_days,
                                      message_max=MESSAGE_MAX, page_max=PAGE_MAX)
        return cacheable_json(request, terms, max_age=3600)

    @post(
        "/",
        operation_id="sendFeedback",
        status_code=HTTP_202_ACCEPTED,
        summary="Report a barrier or send feedback to the city's moderators (no account needed; rate-limited)",
        description=(
            "The feedback mechanism of the accessibility statement (BITV NRW). `kind` is `barrier` (something is "
            "hard or impossible to use), `idea`, `problem` or `other`; `message` is plain text (markup is "
            "removed), 1 to 5,000 characters; `page` says where in the app (its route or URL, at most 500 "
            "characters); `email` is where to answer, if an answer is wanted. The moderators get it by e-mail "
            "and keep it on their desk; it is deleted, with the reply address, after "
            "`VOLUMAP_FEEDBACK_RETENTION_DAYS` (365) days. Like every write, it needs the CSRF token "
            "(`GET /api/v1/session` sets the cookie). Limited per client address and per reply address "
            "(`VOLUMAP_RATE_LIMIT_FEEDBACK*`)."
        ),
        responses={
            202: ResponseSpec(data_container=schemas.FeedbackReceipt,
                              examples=[Example(value={"id": _ITEM["id"]})],
                              description="Received: the moderators are told."),
            400: PROBLEM_RESPONSES[400],
            403: ResponseSpec(None, description="The CSRF token is missing or wrong."),
            429: _TOO_MANY,
        },
    )
    async def send(
        self, request: AnyRequest, data: FeedbackBody, feedback_service: NamedDependency[FeedbackService]
    ) -> schemas.FeedbackReceipt:
        settings = feedback_service.settings
        limits = [(settings.rate_limit_feedback_per_address, f"ip:{client_address(request)}")]
        if data.email and data.email.strip():
            limits.append((settings.rate_limit_feedback, f"email:{data.email.strip().lower()}"))
        await rate_limits.hit("feedback", *limits)
        return await feedback_service.submit(data, data.locale or negotiate_locale(request))


class FeedbackModerationController(Controller):
    """The feedback on the moderation desk, for moderators and administrators only."""

    path = "/api/v1/moderation/feedback"
    tags = ["Moderation"]
    guards = [requires_moderator]

    @get(
        "/",
        operation_id="moderationFeedback",
        summary="Feedback sent through the feedback form, newest first",
        description="Filter by `status`; follow `next_cursor` for older feedback. Feedback older than "
        "`VOLUMAP_FEEDBACK_RETENTION_DAYS` is gone.",
        responses={
            200: ResponseSpec(data_container=schemas.FeedbackPage,
                              examples=[Example(value={"items": [_ITEM], "next_cursor": None})]),
            400: PROBLEM_RESPONSES[400],
            401: _NOT_SIGNED_IN,
            403: _NOT_A_MODERATOR,
        },
    )
    async def feedback(
        self,
        feedback_service: NamedDependency[FeedbackService],
        status: Annotated[
            schemas.FeedbackStatusName | None, QueryParameter(description="new, answered or closed.")
        ] = None,
        limit: Annotated[
            int | None, QueryParameter(ge=1, le=MAX_LIMIT, description="Page size, 1 to 200 (default 50).")
        ] = None,
        cursor: Annotated[str | None, QueryParameter(description="`next_cursor` of the previous page.")] = None,
    ) -> schemas.FeedbackPage:
        return await feedback_service.page(status, limit, cursor)

    @patch(
        "/{feedback_id:str}",
        operation_id="moderationUpdateFeedback",
        summary="Mark feedback answered or closed (or new again); written to the audit log",
        description="`answered` or `closed` records who handled it and when; `new` clears that.",
        responses={
            200: ResponseSpec(data_container=schemas.FeedbackItem, examples=[Example(value=_HANDLED)]),
            400: PROBLEM_RESPONSES[400],
            401: _NOT_SIGNED_IN,
            403: _NOT_A_MODERATOR,
            404: ResponseSpec(None, description="No feedback with this id (or it was deleted after the retention "
                              "period)."),
        },
    )
    async def update(
        self,
        request: ActorRequest,
        feedback_id: FeedbackId,
        data: UpdateBody,
        feedback_service: NamedDependency[FeedbackService],
    ) -> schemas.FeedbackItem:
        actor: Actor = request.user
        assert actor.user_id is not None  # requires_moderator made sure
        return await feedback_service.set_status(parse_uuid(feedback_id, "feedback_id"), data.status, actor.user_id)
