"""The members' side of the offer lifecycle through the API: every member action from every state,
its timestamps and audit entries, and who may take it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from api.db.offers import OfferStatus
from api.domain.offers.lifecycle import TRANSITIONS, OfferAction
from tests.support.factories import make_offer, make_organisation
from tests.support.offer_members import act, api_token, create, edit, signed_in_member

MEMBER_ACTIONS = ["submit", "revise", "pause", "resume", "close"]
_PAST = {
    "submit": "submitted",
    "revise": "revised",
    "pause": "paused",
    "resume": "resumed",
    "close": "closed",
}
_HAS_BEEN_PUBLISHED = {"published", "paused", "closed", "expired"}


def _offer_in(db, organisation, status: str):
    published_at = datetime.now(UTC) - timedelta(days=3) if status in _HAS_BEEN_PUBLISHED else None
    return make_offer(db, organisation, status=status, published_at=published_at)


@pytest.mark.parametrize("status", [s.value for s in OfferStatus])
@pytest.mark.parametrize("action", MEMBER_ACTIONS)
def test_member_action_from_every_state(client, db, action: str, status: str) -> None:
    organisation = make_organisation(db)
    offer = _offer_in(db, organisation, status)
    person = signed_in_member(client, db, organisation)
    sources, target = TRANSITIONS[OfferAction(action)]

    response = act(client, offer["id"], action)

    row = db.execute("SELECT status, version FROM offer WHERE id = %s", [offer["id"]]).fetchone()
    audit = db.execute(
        "SELECT actor_id, action, before, after FROM audit_entry WHERE record_id = %s", [offer["id"]]
    ).fetchall()
    if OfferStatus(status) in sources:
        assert response.status_code == 200, response.text
        assert response.json()["status"] == target.value and response.headers["etag"] == 'W/"2"'
        assert row == (target.value, 2)
        [(actor, name, before, after)] = audit
        assert (actor, name) == (person.id, f"offer.{_PAST[action]}")
        assert before == {"status": status, "version": 1}
        assert after["status"] == target.value and after["version"] == 2
    else:
        assert response.status_code == 409, response.text
        assert f"is {status}" in response.json()["detail"]
        assert row == (status, 1) and audit == []


def test_submit_runs_the_prechecks_and_stamps_the_time(client, db) -> None:
    organisation = make_organisation(db)
    make_offer(db, make_organisation(db), title="Vorlesen in der Stadtbibliothek Mitte")
    signed_in_member(client, db, organisation)
    offer = create(
        client,
        organisation,
        description=(
            '<p>Infos unter <a href="https://example.com/x">example.com</a> oder 0521 / 55 66 77, '
            "Mail an info@verein.example. Gegen Bezahlung!</p>"
        ),
    ).json()

    response = act(client, offer["id"], "submit")

    body = response.json()
    checks = {flag["check"] for flag in body["precheck_flags"]}
    assert response.status_code == 200 and body["status"] == "in_review" and body["submitted_at"]
    assert checks == {
        "foreign_link",
        "phone_number",
        "email_address",
        "flagged_word",
        "payment_terms",
        "near_duplicate",
    }
    assert db.execute(
        "SELECT jsonb_array_length(precheck_flags) FROM offer WHERE id = %s", [offer["id"]]
    ).fetchone()[0] == len(body["precheck_flags"])


def test_a_clean_offer_is_submitted_without_flags(client, db) -> None:
    organisation = make_organisation(db)
    signed_in_member(client, db, organisation)
    offer = create(client, organisation).json()

    assert act(client, offer["id"], "submit").json()["precheck_flags"] == []


def test_pause_resume_and_close_set_their_timestamps(client, db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation)
    signed_in_member(client, db, organisation)

    paused = act(client, offer["id"], "pause").json()
    assert client.get(f"/api/v1/offers/{offer['id']}").status_code == 404
    resumed = act(client, offer["id"], "resume").json()
    assert client.get(f"/api/v1/offers/{offer['id']}").status_code == 200
    closed = act(client, offer["id"], "close").json()

    assert paused["status"] == "paused" and paused["paused_at"]
    assert resumed["status"] == "published" and resumed["paused_at"] is None
    assert closed["status"] == "closed" and closed["closed_at"] and closed["version"] == 4
    assert client.get(f"/api/v1/offers/{offer['id']}").status_code == 404


def test_closing_drops_an_edit_still_waiting_for_review(client, db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation)
    signed_in_member(client, db, organisation)
    edit(client, offer["id"], {"title": "Neuer Titel"}, 'W/"1"')

    closed = act(client, offer["id"], "close").json()

    assert closed["status"] == "closed" and closed["pending_revision"] is None


def test_transitions_honour_if_match_when_sent(client, db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation)
    signed_in_member(client, db, organisation)

    stale = act(client, offer["id"], "pause", {"If-Match": 'W/"9"'})
    fresh = act(client, offer["id"], "pause", {"If-Match": 'W/"1"'})

    assert stale.status_code == 412 and fresh.status_code == 200


def test_unverified_email_cannot_submit_or_resume_but_can_pause(client, db) -> None:
    organisation = make_organisation(db)
    draft = _offer_in(db, organisation, "draft")
    paused = _offer_in(db, organisation, "paused")
    published = _offer_in(db, organisation, "published")
    signed_in_member(client, db, organisation, verified=False)

    submitted = act(client, draft["id"], "submit")
    resumed = act(client, paused["id"], "resume")
    pause = act(client, published["id"], "pause")

    assert submitted.status_code == 403 and "e-mail" in submitted.json()["detail"]
    assert resumed.status_code == 403
    assert pause.status_code == 200
    assert db.execute("SELECT status FROM offer WHERE id = %s", [draft["id"]]).fetchone() == ("draft",)


def test_an_organisation_no_longer_verified_cannot_submit(client, db) -> None:
    organisation = make_organisation(db, verification_status="rejected")
    draft = _offer_in(db, organisation, "draft")
    signed_in_member(client, db, organisation, "owner")

    response = act(client, draft["id"], "submit")

    assert response.status_code == 403 and "not verified" in response.json()["detail"]


@pytest.mark.parametrize("role", ["owner", "editor"])
def test_owners_and_editors_may_both_act(client, db, role) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation)
    signed_in_member(client, db, organisation, role)

    assert act(client, offer["id"], "pause").status_code == 200


def test_members_of_another_organisation_cannot_act(client, db) -> None:
    offer = make_offer(db, make_organisation(db))
    signed_in_member(client, db, make_organisation(db), "owner")

    response = act(client, offer["id"], "close")

    assert response.status_code in {403, 404}
    assert db.execute("SELECT status FROM offer WHERE id = %s", [offer["id"]]).fetchone() == ("published",)


def test_api_token_needs_the_write_scope_to_act(client, db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation)
    client.cookies.clear()

    read_only = client.post(
        f"/api/v1/manage/offers/{offer['id']}/pause", headers=api_token(db, organisation, "offers:read")
    )
    writer = client.post(
        f"/api/v1/manage/offers/{offer['id']}/pause", headers=api_token(db, organisation, "offers:write")
    )

    assert read_only.status_code == 403 and writer.status_code == 200


def test_unknown_offer_is_a_404(client, db) -> None:
    signed_in_member(client, db, make_organisation(db))

    assert act(client, "0b6f3c2e-8d5a-4f61-9a8e-3f1d2c7b9e10", "submit").status_code == 404
