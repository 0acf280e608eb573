"""Decisions on offers: approve, reject, request changes; revisions of published offers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from psycopg.types.json import Jsonb

from tests.support.accounts import deliver_outbox, sign_in
from tests.support.factories import make_offer, make_organisation
from tests.support.moderation_desk import add_member, claim, named_moderator, post, submitted

OFFERS = "/api/v1/moderation/offers"


def _offer(db, offer_id):  # type: ignore[no-untyped-def]
    return db.execute(
        "SELECT status, published_at, expires_at, rejection_reason, pending_revision, version,"
        " review_claimed_by, title FROM offer WHERE id = %s",
        [offer_id],
    ).fetchone()


def _audit(db, offer_id):  # type: ignore[no-untyped-def]
    return db.execute(
        "SELECT action, actor_id, reason, before, after FROM audit_entry WHERE record_id = %s ORDER BY id",
        [offer_id],
    ).fetchall()


def test_approving_publishes_the_offer_audits_it_and_tells_the_members(
    client, db, mailbox, as_moderator, organisation
) -> None:
    german, english = add_member(db, organisation), add_member(db, organisation, locale="en", role="editor")
    offer = submitted(db, organisation, 60, title="Vorlesen in der Stadtbibliothek")
    assert client.get(f"/api/v1/offers/{offer['id']}").status_code == 404

    assert claim(client, "offers", offer["id"]).status_code == 200
    response = post(client, f"{OFFERS}/{offer['id']}/approve")
    deliver_outbox(db)

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "published"
    status, published_at, expires_at, _, _, version, claimed_by, _ = _offer(db, offer["id"])
    assert status == "published" and claimed_by is None and version == 2
    assert timedelta(days=89) < expires_at - published_at <= timedelta(days=90)
    assert client.get(f"/api/v1/offers/{offer['id']}").status_code == 200
    [(action, actor, _, before, after)] = _audit(db, offer["id"])
    assert (action, actor) == ("offer.approve", as_moderator.id)
    assert before["status"] == "in_review" and after["status"] == "published"
    assert "Vorlesen" in mailbox.wait_for(german.email)[0]["Subject"]
    assert mailbox.wait_for(english.email)[0]["Subject"].startswith("Your offer is published")


def test_an_offer_ending_before_the_expiry_period_expires_at_its_end(
    client, db, as_moderator, organisation
) -> None:
    ends_at = datetime.now(UTC) + timedelta(days=10)
    offer = submitted(
        db, organisation, 5, commitment="one_off", starts_at=ends_at - timedelta(hours=3), ends_at=ends_at
    )
    claim(client, "offers", offer["id"])

    post(client, f"{OFFERS}/{offer['id']}/approve")

    assert _offer(db, offer["id"])[2] == ends_at


def test_rejecting_needs_a_listed_reason_and_keeps_the_moderators_words(
    client, db, mailbox, as_moderator, organisation
) -> None:
    member = add_member(db, organisation)
    offer = submitted(db, organisation, 5)
    claim(client, "offers", offer["id"])

    unknown = post(client, f"{OFFERS}/{offer['id']}/reject", {"reason": "ugly", "text": "x"})
    missing = post(client, f"{OFFERS}/{offer['id']}/reject", {"text": "x"})
    response = post(
        client, f"{OFFERS}/{offer['id']}/reject", {"reason": "incomplete", "text": "Bitte Zeiten ergänzen."}
    )
    deliver_outbox(db)

    assert unknown.status_code == 400 and unknown.json()["invalid-params"][0]["name"] == "reason"
    assert missing.status_code == 400 and "`reason`" in missing.json()["invalid-params"][0]["reason"]
    assert response.status_code == 200
    assert _offer(db, offer["id"])[0] == "rejected"
    assert _offer(db, offer["id"])[3] == "incomplete: Bitte Zeiten ergänzen."
    assert _audit(db, offer["id"])[-1][2] == "incomplete: Bitte Zeiten ergänzen."
    assert "Bitte Zeiten ergänzen." in mailbox.wait_for(member.email)[0].get_content()


def test_requesting_changes_sends_the_offer_back_to_draft_with_the_note(
    client, db, as_moderator, organisation
) -> None:
    offer = submitted(db, organisation, 5)
    claim(client, "offers", offer["id"])

    blank = post(client, f"{OFFERS}/{offer['id']}/request-changes", {"note": "   "})
    response = post(
        client, f"{OFFERS}/{offer['id']}/request-changes", {"note": "Bitte eine Ansprechperson nennen."}
    )

    assert blank.status_code == 400 and blank.json()["invalid-params"][0]["name"] == "note"
    assert response.status_code == 200
    assert _offer(db, offer["id"])[0] == "draft"
    assert _offer(db, offer["id"])[3] == "Bitte eine Ansprechperson nennen."
    assert _audit(db, offer["id"])[-1][0] == "offer.request_changes"


def test_a_decision_needs_the_deciders_current_claim(client, db, organisation) -> None:
    offer = submitted(db, organisation, 5)
    anna, ben = named_moderator(db, "Anna Erste"), named_moderator(db, "Ben Zweiter")
    sign_in(client, anna)

    unclaimed = post(client, f"{OFFERS}/{offer['id']}/approve")
    claim(client, "offers", offer["id"])
    sign_in(client, ben)
    someone_elses = post(client, f"{OFFERS}/{offer['id']}/approve")

    assert unclaimed.status_code == 409 and "Claim" in unclaimed.json()["detail"]
    assert someone_elses.status_code == 409
    assert _offer(db, offer["id"])[0] == "in_review"


@pytest.mark.parametrize("status", ["draft", "paused", "closed", "expired", "rejected"])
@pytest.mark.parametrize("action", ["approve", "reject", "request-changes"])
def test_deciding_on_an_offer_not_in_review_is_a_conflict_naming_its_state(
    client, db, as_moderator, organisation, status, action
) -> None:
    extra = {"published_at": datetime.now(UTC)} if status in ("paused", "closed", "expired") else {}
    offer = make_offer(db, organisation, status=status, **extra)
    body = {"reject": {"reason": "other"}, "request-changes": {"note": "x"}}.get(action, {})

    response = post(client, f"{OFFERS}/{offer['id']}/{action}", body)

    assert response.status_code == 409
    assert status in response.json()["detail"]


def test_an_offer_of_a_suspended_organisation_cannot_be_published(client, db, as_moderator) -> None:
    organisation = make_organisation(db)
    offer = submitted(db, organisation, 5)
    claim(client, "offers", offer["id"])
    db.execute(
        "UPDATE organisation SET verification_status = 'suspended' WHERE id = %s", [organisation["id"]]
    )

    response = post(client, f"{OFFERS}/{offer['id']}/approve")

    assert response.status_code == 409 and "suspended" in response.json()["detail"]


def _published_with_revision(db, organisation):  # type: ignore[no-untyped-def]
    return make_offer(
        db,
        organisation,
        title="Gartenhilfe am Obersee",
        summary="Alte Zusammenfassung",
        category_ids=[1],
        submitted_at=datetime.now(UTC) - timedelta(hours=1),
        pending_revision=Jsonb(
            {"title": "Gartenhilfe am Obersee (samstags)", "category_ids": [5], "lat": 52.06, "lon": 8.50}
        ),
    )


def test_approving_a_revision_changes_what_the_public_sees(
    client, db, mailbox, as_moderator, organisation
) -> None:
    member = add_member(db, organisation)
    offer = _published_with_revision(db, organisation)
    published_at = _offer(db, offer["id"])[1]
    assert client.get(f"/api/v1/offers/{offer['id']}").json()["title"] == "Gartenhilfe am Obersee"
    claim(client, "offers", offer["id"])

    response = post(client, f"{OFFERS}/{offer['id']}/approve")
    deliver_outbox(db)

    assert response.status_code == 200 and response.json()["is_revision"] is True
    public = client.get(f"/api/v1/offers/{offer['id']}").json()
    assert public["title"] == "Gartenhilfe am Obersee (samstags)"
    assert public["summary"] == "Alte Zusammenfassung"
    assert public["categories"] == ["environment"]
    assert public["location"] == {"lat": 52.06, "lon": 8.5}
    status, still_published_at, _, _, revision, version, _, _ = _offer(db, offer["id"])
    assert (status, revision, version, still_published_at) == ("published", None, 2, published_at)
    [(action, _, _, before, after)] = _audit(db, offer["id"])
    assert action == "offer.revision_approve"
    assert before["content"]["title"] == "Gartenhilfe am Obersee"
    assert after["content"]["title"] == "Gartenhilfe am Obersee (samstags)"
    assert "Änderungen" in mailbox.wait_for(member.email)[0]["Subject"]


@pytest.mark.parametrize(("new_end_in_days", "expires_in_days"), [(40, 40), (200, 80), (None, 80)])
def test_a_revision_that_moves_the_end_moves_the_expiry(
    client, db, as_moderator, organisation, new_end_in_days, expires_in_days
) -> None:
    """Published ten days ago with an end in five days, so it expires at that end (api/domain/offers/expiry.py);
    a later end (or none) lets it stay up to the 90 days after publishing, never longer."""
    now = datetime.now(UTC).replace(microsecond=0)
    published_at, ends_at = now - timedelta(days=10), now + timedelta(days=5)
    new_end = now + timedelta(days=new_end_in_days) if new_end_in_days is not None else None
    offer = make_offer(
        db, organisation, commitment="one_off", starts_at=now - timedelta(days=1), ends_at=ends_at,
        published_at=published_at, expires_at=ends_at, submitted_at=now - timedelta(hours=1),
        pending_revision=Jsonb({"ends_at": new_end.isoformat() if new_end else None}),
    )
    claim(client, "offers", offer["id"])

    assert post(client, f"{OFFERS}/{offer['id']}/approve").status_code == 200

    expires_at = _offer(db, offer["id"])[2]
    assert expires_at == now + timedelta(days=expires_in_days)
    [(_, _, _, before, after)] = _audit(db, offer["id"])
    assert before["expires_at"] != after["expires_at"]


def test_rejecting_a_revision_keeps_the_published_version(client, db, as_moderator, organisation) -> None:
    offer = _published_with_revision(db, organisation)
    claim(client, "offers", offer["id"])

    response = post(client, f"{OFFERS}/{offer['id']}/reject", {"reason": "misleading"})

    assert response.status_code == 200 and response.json()["status"] == "published"
    assert client.get(f"/api/v1/offers/{offer['id']}").json()["title"] == "Gartenhilfe am Obersee"
    assert _offer(db, offer["id"])[4] is None
    [(action, _, reason, before, _)] = _audit(db, offer["id"])
    assert (action, reason) == ("offer.revision_reject", "misleading")
    assert before["pending_revision"]["title"] == "Gartenhilfe am Obersee (samstags)"


def test_the_review_view_shows_content_and_pending_revision(client, db, as_moderator, organisation) -> None:
    offer = _published_with_revision(db, organisation)

    response = client.get(f"{OFFERS}/{offer['id']}")

    assert response.status_code == 200
    assert response.json()["title"] == "Gartenhilfe am Obersee"
    assert response.json()["pending_revision"]["title"] == "Gartenhilfe am Obersee (samstags)"
