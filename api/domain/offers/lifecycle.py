"""The offer lifecycle in one table: which action moves an offer from which states to which.

    draft → in_review → published → paused | closed | expired;  in_review → rejected → draft

Members act on their drafts and published offers, moderators decide reviews, the scheduler expires.
Anything else is a conflict that names the current state.
"""

from __future__ import annotations

import enum

from api.db.offers import OfferStatus
from api.lib.errors import ConflictError
from api.lib.messages import msg

S = OfferStatus


class OfferAction(enum.StrEnum):
    submit = "submit"  # member: send a draft to review
    approve = "approve"  # moderator: publish
    reject = "reject"  # moderator: with a reason
    request_changes = "request_changes"  # moderator: back to draft with a note
    revise = "revise"  # member: take a rejected offer back into drafting
    pause = "pause"  # member
    resume = "resume"  # member
    close = "close"  # member
    expire = "expire"  # scheduler, past expires_at or its end
    unpublish = "unpublish"  # moderator acting on a report: out of public view, the member may revise


TRANSITIONS: dict[OfferAction, tuple[frozenset[OfferStatus], OfferStatus]] = {
    OfferAction.submit: (frozenset({S.draft}), S.in_review),
    OfferAction.approve: (frozenset({S.in_review}), S.published),
    OfferAction.reject: (frozenset({S.in_review}), S.rejected),
    OfferAction.request_changes: (frozenset({S.in_review}), S.draft),
    OfferAction.revise: (frozenset({S.rejected}), S.draft),
    OfferAction.pause: (frozenset({S.published}), S.paused),
    OfferAction.resume: (frozenset({S.paused}), S.published),
    OfferAction.close: (frozenset({S.published, S.paused}), S.closed),
    OfferAction.expire: (frozenset({S.published, S.paused}), S.expired),
    OfferAction.unpublish: (frozenset({S.published, S.paused}), S.rejected),
}

# Only these states can be edited by members; editing a published one goes back to review as a revision.
EDITABLE = frozenset({S.draft, S.rejected, S.published, S.paused})


def next_status(current: OfferStatus, action: OfferAction) -> OfferStatus:
    sources, target = TRANSITIONS[action]
    if current not in sources:
        allowed = ", ".join(sorted(s.value for s in sources))
        raise ConflictError(msg("Cannot {action} an offer that is {status} (only from: {allowed})",
                                action=action.value.replace("_", " "), status=current.value, allowed=allowed))
    return target
