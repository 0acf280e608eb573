"""Reports from anyone, and what moderators do about them: dismiss, unpublish, suspend."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from api.settings import get_settings
from tests.support.accounts import csrf_headers, deliver_outbox, make_person, sign_in
from tests.support.factories import make_offer, make_organisation
from tests.support.moderation_desk import add_member, named_moderator, post

REPORTS = "/api/v1/reports"
GROUPS = "/api/v1/moderation/reports"


def _report(client, target_type: str, target_id, reason: str = "spam", text: str = ""):  # type: ignore[no-untyped-def]
    return post(
        client,
        REPORTS,
        {"target_type": target_type, "target_id": str(target_id), "reason": reason, "text": text},
    )


def _group(client, target_id):  # type: ignore[no-untyped-def]
    groups = client.get(GROUPS, params={"limit": 200}).json()["items"]
    return next((g for g in groups if g["target_id"] == str(target_id)), None)


def test_anyone_can_report_a_published_offer_and_the_text_is_stored_as_plain_text(
    client, db, organisation
) -> None:
    offer = make_offer(db, organisation)
    client.cookies.clear()

    response = _report(
        client,
        "offer",
        offer["id"],
        "commercial",
        "<script>alert(1)</script>Werbung für <b>Kurse</b> &amp; <a href='javascript:x'>mehr</a>",
    )

    assert response.status_code == 201, response.text
    row = db.execute(
        "SELECT reporter_id, reason, text, status FROM report WHERE id = %s", [response.json()["id"]]
    ).fetchone()
    assert row == (None, "commercial", "Werbung für Kurse & mehr", "open")


def test_a_signed_in_reporter_is_remembered(client, db, organisation) -> None:
    person = make_person(db)
    sign_in(client, person)

    response = _report(
        client, "organisation", organisation["id"], "wrong_information", "Adresse stimmt nicht"
    )

    assert response.status_code == 201
    assert db.execute("SELECT reporter_id FROM report WHERE id = %s", [response.json()["id"]]).fetchone() == (
        person.id,
    )


def test_a_report_without_the_csrf_token_is_refused(client, db, organisation) -> None:
    client.cookies.clear()

    response = client.post(
        REPORTS, json={"target_type": "organisation", "target_id": str(organisation["id"]), "reason": "spam"}
    )

    assert response.status_code == 403


def test_only_public_records_can_be_reported(client, db, organisation) -> None:
    client.cookies.clear()
    draft = make_offer(db, organisation, status="draft")
    pending = make_organisation(db, verification_status="pending")

    for target_type, target_id in (
        ("offer", draft["id"]),
        ("organisation", pending["id"]),
        ("offer", uuid.uuid4()),
    ):
        response = _report(client, target_type, target_id)
        assert response.status_code == 404, (target_type, response.text)


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ({"target_type": "user", "reason": "spam"}, "target_type"),
        ({"target_type": "offer", "reason": "boring"}, "reason"),
        ({"target_type": "offer", "reason": "spam", "text": "x" * 2001}, "text"),
    ],
)
def test_bad_reports_are_refused_naming_the_field(client, db, organisation, body, name) -> None:
    client.cookies.clear()

    response = post(client, REPORTS, {"target_id": str(uuid.uuid4()), **body})

    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert name in response.text


def test_reports_by_one_account_are_limited_with_retry_after(client, db, organisation) -> None:
    sign_in(client, make_person(db))
    per_account = int(get_settings().rate_limit_report.split("/")[0])

    answers = [
        _report(client, "organisation", organisation["id"]).status_code for _ in range(per_account + 1)
    ]

    assert answers[:-1] == [201] * per_account
    assert answers[-1] == 429
    assert int(_report(client, "organisation", organisation["id"]).headers["Retry-After"]) > 0


def test_anonymous_reports_from_one_address_are_limited(client, db, organisation, monkeypatch) -> None:
    # Every test client shares one address, and test runs share Redis: a window length of this test's
    # own (a limit's Redis key holds its amount and period) keeps other reports out of its count.
    window_s = 3600 + uuid.uuid4().int % 3600
    monkeypatch.setattr(get_settings(), "rate_limit_report_per_address", f"2/{window_s} seconds")
    client.cookies.clear()

    answers = [_report(client, "organisation", organisation["id"]).status_code for _ in range(3)]

    assert answers == [201, 201, 429]


def test_open_reports_are_grouped_by_target(client, db, organisation, as_moderator) -> None:
    offer = make_offer(db, organisation, title="Zweifelhaftes Angebot")
    client.cookies.clear()
    for reason, words in (("spam", "eins"), ("commercial", "zwei"), ("spam", "drei")):
        _report(client, "offer", offer["id"], reason, words)
    _report(client, "organisation", organisation["id"], "other", "vier")
    sign_in(client, as_moderator)

    group = _group(client, offer["id"])

    assert group["count"] == 3 and group["target_title"] == "Zweifelhaftes Angebot"
    assert group["reasons"] == {"spam": 2, "commercial": 1}
    assert [entry["text"] for entry in group["latest"]] == ["drei", "zwei", "eins"]
    assert _group(client, organisation["id"])["count"] == 1


def test_dismissing_closes_every_open_report_on_the_target(client, db, organisation, as_moderator) -> None:
    client.cookies.clear()
    _report(client, "organisation", organisation["id"])
    _report(client, "organisation", organisation["id"])
    sign_in(client, as_moderator)

    response = post(client, f"{GROUPS}/organisation/{organisation['id']}/dismiss", {"reason": "Kein Verstoß"})
    again = post(client, f"{GROUPS}/organisation/{organisation['id']}/dismiss", {})

    assert response.status_code == 200 and response.json()["reports"] == 2
    assert again.status_code == 404
    assert _group(client, organisation["id"]) is None
    statuses = db.execute(
        "SELECT DISTINCT status, handled_by FROM report WHERE target_id = %s", [organisation["id"]]
    ).fetchall()
    assert statuses == [("dismissed", as_moderator.id)]
    assert db.execute(
        "SELECT action FROM audit_entry WHERE record_id = %s", [organisation["id"]]
    ).fetchall() == [("reports.dismissed",)]


def test_unpublishing_takes_the_offer_out_of_public_view(
    client, db, mailbox, organisation, as_moderator
) -> None:
    member = add_member(db, organisation)
    offer = make_offer(db, organisation)
    client.cookies.clear()
    _report(client, "offer", offer["id"], "dangerous")
    sign_in(client, as_moderator)

    response = post(
        client,
        f"/api/v1/moderation/offers/{offer['id']}/unpublish",
        {"reason": "misleading", "text": "Gefährliche Tätigkeit"},
    )
    deliver_outbox(db)

    assert response.status_code == 200 and response.json()["status"] == "rejected"
    assert client.get(f"/api/v1/offers/{offer['id']}").status_code == 404
    assert db.execute(
        "SELECT DISTINCT status FROM report WHERE target_id = %s", [offer["id"]]
    ).fetchall() == [("actioned",)]
    actions = [
        r[0]
        for r in db.execute("SELECT action FROM audit_entry WHERE record_id = %s ORDER BY id", [offer["id"]])
    ]
    assert actions == ["offer.unpublish", "reports.actioned"]
    assert "Gefährliche Tätigkeit" in mailbox.wait_for(member.email)[0].get_content()
    again = post(client, f"/api/v1/moderation/offers/{offer['id']}/unpublish", {"reason": "misleading"})
    assert again.status_code == 409 and "rejected" in again.json()["detail"]


def test_suspending_an_organisation_takes_all_its_offers_out_of_public_view(client, db, as_moderator) -> None:
    organisation = make_organisation(db, slug=f"gesperrt-{uuid.uuid4().hex[:8]}")
    published = make_offer(db, organisation, title="Sichtbar")
    paused = make_offer(db, organisation, status="paused", published_at=datetime.now(UTC))
    draft = make_offer(db, organisation, status="draft")
    other = make_offer(db, make_organisation(db))
    assert client.get(f"/api/v1/organisations/{organisation['slug']}").status_code == 200

    response = post(
        client,
        f"/api/v1/moderation/organisations/{organisation['id']}/suspend",
        {"reason": "commercial", "text": "Verkauft Kurse"},
    )

    assert response.status_code == 200 and response.json()["verification_status"] == "suspended"
    assert client.get(f"/api/v1/organisations/{organisation['slug']}").status_code == 404
    assert client.get(f"/api/v1/offers/{published['id']}").status_code == 404
    search = client.get(
        "/api/v1/offers", params={"lat": 52.0215, "lon": 8.5325, "radius_km": 5, "limit": 100}
    )
    visible = {offer["id"] for offer in search.json()["items"]}
    assert str(published["id"]) not in visible and str(other["id"]) in visible
    statuses = dict(
        db.execute("SELECT id, status FROM offer WHERE organisation_id = %s", [organisation["id"]])
    )
    assert statuses == {published["id"]: "rejected", paused["id"]: "rejected", draft["id"]: "draft"}
    entry = db.execute(
        "SELECT after FROM audit_entry WHERE record_id = %s AND action = 'organisation.suspend'",
        [organisation["id"]],
    ).fetchone()
    assert set(entry[0]["offers_unpublished"]) == {str(published["id"]), str(paused["id"])}


def test_suspending_a_user_ends_their_session(client, db) -> None:
    person = make_person(db)
    sign_in(client, person)
    person_cookies = dict(client.cookies)
    assert client.get("/api/v1/me").status_code == 200
    moderator = named_moderator(db, "Mara Moderatorin")
    sign_in(client, moderator)

    response = post(client, f"/api/v1/moderation/users/{person.id}/suspend", {"reason": "Belästigung"})
    again = post(client, f"/api/v1/moderation/users/{person.id}/suspend", {"reason": "Belästigung"})
    client.cookies.clear()
    client.cookies.update(person_cookies)

    assert response.status_code == 200 and response.json()["status"] == "suspended"
    assert again.status_code == 409 and "suspended" in again.json()["detail"]
    assert client.get("/api/v1/me").status_code == 401
    assert (
        client.post(
            "/api/v1/session",
            json={"email": person.email, "password": person.password},
            headers=csrf_headers(client),
        ).status_code
        == 401
    )
    entry = db.execute(
        "SELECT action, actor_id, reason FROM audit_entry WHERE record_id = %s", [person.id]
    ).fetchone()
    assert entry == ("user.suspend", moderator.id, "Belästigung")


def test_only_admins_suspend_moderators(client, db) -> None:
    colleague = named_moderator(db, "Kollegin")
    sign_in(client, named_moderator(db, "Mara Moderatorin"))

    refused = post(client, f"/api/v1/moderation/users/{colleague.id}/suspend", {"reason": "x"})
    sign_in(client, named_moderator(db, "Ada Admin", admin=True))
    allowed = post(client, f"/api/v1/moderation/users/{colleague.id}/suspend", {"reason": "x"})

    assert refused.status_code == 403
    assert allowed.status_code == 200
