from __future__ import annotations

import pytest

from api.db.offers import OfferStatus
from api.domain.offers.lifecycle import TRANSITIONS, OfferAction, next_status
from api.lib.errors import ConflictError

EXPECTED = {
    ("submit", "draft"): "in_review",
    ("approve", "in_review"): "published",
    ("reject", "in_review"): "rejected",
    ("request_changes", "in_review"): "draft",
    ("revise", "rejected"): "draft",
    ("pause", "published"): "paused",
    ("resume", "paused"): "published",
    ("close", "published"): "closed",
    ("close", "paused"): "closed",
    ("expire", "published"): "expired",
    ("expire", "paused"): "expired",
    ("unpublish", "published"): "rejected",
    ("unpublish", "paused"): "rejected",
}


@pytest.mark.parametrize("action", list(OfferAction))
@pytest.mark.parametrize("current", list(OfferStatus))
def test_every_action_from_every_state(action: OfferAction, current: OfferStatus) -> None:
    expected = EXPECTED.get((action.value, current.value))
    if expected is None:
        with pytest.raises(ConflictError, match=f"that is {current.value}"):
            next_status(current, action)
    else:
        assert next_status(current, action).value == expected


def test_the_table_has_no_transition_the_expectations_lack() -> None:
    allowed = {(a.value, s.value) for a, (sources, _) in TRANSITIONS.items() for s in sources}
    assert allowed == set(EXPECTED)
