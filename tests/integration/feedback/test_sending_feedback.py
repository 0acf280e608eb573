"""Anyone sends feedback (no account needed): it is kept for the moderators and e-mailed to them."""

from __future__ import annotations

import uuid

import pytest

from tests.support.accounts import csrf_headers, deliver_outbox, make_person, sign_in, unique_email

FEEDBACK = "/api/v1/feedback"


def _send(client, body: dict, **headers: str):
    return client.post(FEEDBACK, json=body, headers={**csrf_headers(client), **headers})


def _stored(db, feedback_id: str) -> dict:
    row = db.execute(
        "SELECT kind, message, page, email, locale, status, handled_at, handled_by FROM feedback WHERE id = %s",
        [feedback_id],
    ).fetchone()
    assert row is not None
    return dict(zip(("kind", "message", "page", "email", "locale", "status", "handled_at", "handled_by"), row,
                    strict=True))


def test_anonymous_feedback_is_kept_and_mailed_to_every_moderator_in_their_language(client, db, mailbox) -> None:
    moderator = make_person(db, moderator=True)
    admin = make_person(db, admin=True, locale="en")
    resident = make_person(db)
    reply = unique_email("Antwort")
    client.cookies.clear()

    response = _send(client, {
        "kind": "barrier",
        "message": "<b>Der Kontrast</b> der Knöpfe\x07 ist zu schwach.\nZeile zwei <script>alert(1)</script>",
        "page": "/#/angebot/3f2b8c1e-5a7d-4e9f-8b6a-1c2d3e4f5a6b",
        "email": reply.upper().replace("@EXAMPLE.ORG", "@Example.org"),
    }, **{"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"})
    deliver_outbox(db)

    assert response.status_code == 202, response.text
    feedback_id = response.json()["id"]
    assert set(response.json()) == {"id"}
    assert _stored(db, feedback_id) == {
        "kind": "barrier", "message": "Der Kontrast der Knöpfe ist zu schwach.\nZeile zwei",
        "page": "/#/angebot/3f2b8c1e-5a7d-4e9f-8b6a-1c2d3e4f5a6b",
        "email": reply.upper().split("@")[0] + "@example.org",
        "locale": "de", "status": "new", "handled_at": None, "handled_by": None,
    }
    [german] = mailbox.wait_for(moderator.email)
    [english] = mailbox.wait_for(admin.email)
    assert german["Subject"] == "VoluMap-Rückmeldung: Barriere"
    assert english["Subject"] == "VoluMap feedback: Barrier"
    for message in (german, english):
        text = message.get_content().replace("\r\n", "\n")
        assert "Der Kontrast der Knöpfe ist zu schwach.\nZeile zwei" in text
        assert "/#/angebot/3f2b8c1e-5a7d-4e9f-8b6a-1c2d3e4f5a6b" in text
        assert reply.split("@")[0].upper() in text and feedback_id in text
    assert mailbox.to(resident.email) == []


def test_the_terms_say_how_long_feedback_is_kept_as_configured(client, monkeypatch) -> None:
    from api.settings import get_settings

    monkeypatch.setattr(get_settings(), "feedback_retention_days", 90)
    client.cookies.clear()

    response = client.get("/api/v1/feedback/terms")

    assert response.status_code == 200
    assert response.json() == {"retention_days": 90, "message_max": 5000, "page_max": 500}
    assert "session" not in response.cookies and response.headers["cache-control"].startswith("public")
    again = client.get("/api/v1/feedback/terms", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304


def test_a_configured_address_gets_the_feedback_instead_of_the_moderators(client, db, mailbox, monkeypatch) -> None:
    from api.settings import get_settings

    desk = unique_email("barrierefreiheit")
    monkeypatch.setattr(get_settings(), "feedback_email", desk)
    moderator = make_person(db, moderator=True)

    response = _send(client, {"kind": "idea", "message": "Eine Karte mit allen Angeboten wäre schön."})
    deliver_outbox(db)

    assert response.status_code == 202
    [message] = mailbox.wait_for(desk)
    assert message["Subject"] == "VoluMap-Rückmeldung: Idee"
    assert "Antwortadresse: (keine Angabe)" in message.get_content()
    assert mailbox.to(moderator.email) == []


def test_signed_in_people_send_feedback_that_names_no_account(client, db) -> None:
    person = make_person(db)
    sign_in(client, person)

    response = _send(client, {"kind": "problem", "message": "Die Suche lädt nicht."}, **{"Accept-Language": "en"})

    assert response.status_code == 202
    stored = _stored(db, response.json()["id"])
    assert (stored["email"], stored["page"], stored["locale"]) == (None, None, "en")


def test_the_language_given_in_the_body_wins(client, db) -> None:
    response = _send(client, {"kind": "other", "message": "Danke!", "locale": "en", "page": "", "email": " "},
                     **{"Accept-Language": "de"})

    assert response.status_code == 202
    stored = _stored(db, response.json()["id"])
    assert (stored["locale"], stored["page"], stored["email"]) == ("en", None, None)


@pytest.mark.parametrize(("body", "field"), [
    ({"kind": "barrier", "message": ""}, "message"),
    ({"kind": "barrier", "message": "x" * 5001}, "message"),
    ({"kind": "barrier", "message": "<script>alert(1)</script><p> </p>"}, "message"),
    ({"kind": "lob", "message": "Toll"}, "kind"),
    ({"kind": "barrier", "message": "Toll", "email": "keine-adresse"}, "email"),
    ({"kind": "barrier", "message": "Toll", "email": "a@b"}, "email"),
    ({"kind": "barrier", "message": "Toll", "page": "/" + "x" * 500}, "page"),
    ({"kind": "barrier", "message": "Toll", "locale": "fr"}, "locale"),
    ({"message": "Toll"}, "kind"),
    ({"kind": "barrier", "message": "Toll", "name": "Anna"}, "name"),
])
def test_invalid_feedback_is_a_400_naming_the_field_and_nothing_is_kept(client, db, body: dict, field: str) -> None:
    response = _send(client, body)

    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    # A missing or unknown field is reported on the body ("data") with the field's name in the reason.
    assert any(param["name"] == field or f"`{field}`" in param["reason"]
               for param in response.json()["invalid-params"]), response.json()
    assert db.execute("SELECT count(*) FROM feedback").fetchone() == (0,)


def test_feedback_without_the_csrf_token_is_refused(client) -> None:
    client.cookies.clear()
    client.get("/api/v1/session")

    response = client.post(FEEDBACK, json={"kind": "idea", "message": "Hallo"})

    assert response.status_code == 403


def test_feedback_is_limited_per_client_address(client, db, monkeypatch) -> None:
    from api.settings import get_settings

    monkeypatch.setattr(get_settings(), "rate_limit_feedback_per_address", "2/minute")

    answers = [_send(client, {"kind": "idea", "message": f"Idee {n}"}) for n in range(3)]

    assert [a.status_code for a in answers] == [202, 202, 429]
    assert int(answers[2].headers["retry-after"]) > 0
    assert answers[2].headers["content-type"].startswith("application/problem+json")
    assert db.execute("SELECT count(*) FROM feedback").fetchone() == (2,)


def test_feedback_is_limited_per_reply_address(client) -> None:
    email = unique_email("viel")

    statuses = [_send(client, {"kind": "idea", "message": "Noch eine Idee", "email": email}).status_code
                for _ in range(6)]
    other = _send(client, {"kind": "idea", "message": "Noch eine Idee", "email": unique_email()})

    assert statuses == [202] * 5 + [429]
    assert other.status_code == 202


def test_feedback_is_deleted_after_the_retention_period(client, db) -> None:
    from workers.tasks import outbox as outbox_tasks

    old = _send(client, {"kind": "barrier", "message": "Alt", "email": unique_email()}).json()["id"]
    recent = _send(client, {"kind": "barrier", "message": "Neu"}).json()["id"]
    db.execute("UPDATE feedback SET created_at = now() - interval '366 days' WHERE id = %s", [old])

    deleted = outbox_tasks.prune_handled().feedback

    assert deleted == 1
    remaining = {row[0] for row in db.execute("SELECT id FROM feedback")}
    assert remaining == {uuid.UUID(recent)}
