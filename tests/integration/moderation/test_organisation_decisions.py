"""Decisions on organisations: verify or reject a pending one."""

from __future__ import annotations

import pytest

from tests.support.accounts import deliver_outbox
from tests.support.factories import make_organisation
from tests.support.moderation_desk import add_member, claim, post

ORGANISATIONS = "/api/v1/moderation/organisations"


def test_verifying_a_pending_organisation_audits_and_tells_its_members(
    client, db, mailbox, as_moderator
) -> None:
    pending = make_organisation(db, verification_status="pending", name="Nachbarschaftshilfe Sieker")
    german, english = add_member(db, pending), add_member(db, pending, locale="en")
    claim(client, "organisations", pending["id"])

    response = post(client, f"{ORGANISATIONS}/{pending['id']}/verify")
    deliver_outbox(db)

    assert response.status_code == 200 and response.json()["verification_status"] == "verified"
    row = db.execute(
        "SELECT verification_status, verified_at, review_claimed_by FROM organisation WHERE id = %s",
        [pending["id"]],
    ).fetchone()
    assert row[0] == "verified" and row[1] is not None and row[2] is None
    entry = db.execute(
        "SELECT action, actor_id, before, after FROM audit_entry WHERE record_id = %s", [pending["id"]]
    ).fetchone()
    assert entry[:2] == ("organisation.verify", as_moderator.id)
    assert entry[2]["verification_status"] == "pending" and entry[3]["verification_status"] == "verified"
    assert "Nachbarschaftshilfe Sieker" in mailbox.wait_for(german.email)[0]["Subject"]
    assert mailbox.wait_for(english.email)[0]["Subject"].startswith("Your organisation is verified")


def test_rejecting_an_organisation_keeps_the_reason(client, db, mailbox, as_moderator) -> None:
    pending = make_organisation(db, verification_status="pending")
    member = add_member(db, pending)
    claim(client, "organisations", pending["id"])

    unknown = post(client, f"{ORGANISATIONS}/{pending['id']}/reject", {"reason": "ugly"})
    response = post(
        client,
        f"{ORGANISATIONS}/{pending['id']}/reject",
        {"reason": "not_volunteering", "text": "Ein Wirtschaftsunternehmen."},
    )
    deliver_outbox(db)

    assert unknown.status_code == 400 and unknown.json()["invalid-params"][0]["name"] == "reason"
    assert response.status_code == 200
    assert response.json()["rejection_reason"] == "not_volunteering: Ein Wirtschaftsunternehmen."
    assert "Ein Wirtschaftsunternehmen." in mailbox.wait_for(member.email)[0].get_content()


@pytest.mark.parametrize("status", ["verified", "rejected", "suspended"])
@pytest.mark.parametrize("action", ["verify", "reject"])
def test_deciding_on_an_organisation_not_pending_is_a_conflict_naming_its_state(
    client, db, as_moderator, status, action
) -> None:
    organisation = make_organisation(db, verification_status=status)

    response = post(
        client,
        f"{ORGANISATIONS}/{organisation['id']}/{action}",
        {"reason": "other"} if action == "reject" else {},
    )

    assert response.status_code == 409
    assert status in response.json()["detail"]


def test_verifying_needs_a_claim(client, db, as_moderator) -> None:
    pending = make_organisation(db, verification_status="pending")

    response = post(client, f"{ORGANISATIONS}/{pending['id']}/verify")

    assert response.status_code == 409 and "Claim" in response.json()["detail"]
