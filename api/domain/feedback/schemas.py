from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from api.db.feedback import MESSAGE_MAX, PAGE_MAX

FeedbackKindName = Literal["barrier", "idea", "problem", "other"]
FeedbackStatusName = Literal["new", "answered", "closed"]


class FeedbackCreate(msgspec.Struct, forbid_unknown_fields=True):
    kind: Annotated[
        FeedbackKindName,
        msgspec.Meta(description="barrier: something in VoluMap is hard or impossible to use (accessibility); "
                     "idea, problem or other."),
    ]
    message: Annotated[
        str, msgspec.Meta(min_length=1, max_length=MESSAGE_MAX, description="Plain text; markup is removed.")
    ]
    page: Annotated[
        str, msgspec.Meta(max_length=PAGE_MAX, description="The app's route or the URL the feedback is about.")
    ] | None = None
    email: Annotated[
        str, msgspec.Meta(max_length=254, description="Where to answer, if you want an answer; optional.")
    ] | None = None
    locale: Annotated[
        Literal["de", "en"],
        msgspec.Meta(description="The sender's language; by default the request's (Accept-Language)."),
    ] | None = None


class FeedbackTerms(msgspec.Struct):
    """What the feedback form tells the sender before they send."""

    retention_days: Annotated[int, msgspec.Meta(description="Feedback, with its reply address, is deleted this many "
                                                "days after it came (VOLUMAP_FEEDBACK_RETENTION_DAYS).")]
    message_max: Annotated[int, msgspec.Meta(description="The longest message, in characters.")]
    page_max: Annotated[int, msgspec.Meta(description="The longest `page`, in characters.")]


class FeedbackReceipt(msgspec.Struct):
    id: UUID


class FeedbackItem(msgspec.Struct):
    id: UUID
    created_at: datetime
    kind: str
    message: str
    page: str | None
    email: str | None
    locale: str
    status: str
    handled_at: datetime | None
    handled_by: UUID | None
    """The moderator who last set it answered or closed."""


class FeedbackPage(msgspec.Struct):
    items: list[FeedbackItem]
    next_cursor: str | None


class FeedbackUpdate(msgspec.Struct, forbid_unknown_fields=True):
    status: FeedbackStatusName
