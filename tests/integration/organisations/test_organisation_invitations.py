"""Invitations by e-mail link: owners send and withdraw them; the link makes its holder a member once,
before it expires."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.support.accounts import csrf_headers, deliver_outbox, make_person, sign_in, unique_email
from tests.support.mailbox import link_token

ORGANISATIONS = "/api/v1/organisations"
ACCEPTANCE = "/api/v1/invitations/acceptance"


def _invite(client, organisation, email: str, role: str = "editor"):
    return client.post(f"{ORGANISATIONS}/{organisation['id']}/invitations", json={"email": email, "role": role},
                       headers=csrf_headers(client))


def _accept(client, token: str):
    return client.post(ACCEPTANCE, json={"token": token}, headers=csrf_headers(client))


def test_invitation_link_makes_its_holder_a_member_once(client, db, mailbox, organisation_with) -> None:
    organisation, people = organisation_with("owner", name="Tierheim Bielefeld e. V.")
    invitee, latecomer = make_person(db), make_person(db)
    sign_in(client, people["owner"])

    invited = _invite(client, organisation, invitee.email.upper(), "owner")
    pending = client.get(f"{ORGANISATIONS}/{organisation['id']}/invitations").json()
    deliver_outbox(db)
    [message] = mailbox.wait_for(invitee.email)
    token = link_token(message)
    sign_in(client, invitee)
    accepted = _accept(client, token)
    sign_in(client, latecomer)
    reused = _accept(client, token)

    assert invited.status_code == 201, invited.text
    assert [p["id"] for p in pending] == [invited.json()["id"]]
    assert "Tierheim Bielefeld e. V." in message["Subject"]
    assert f"https://volumap.test/#/einladung?token={token}" in message.get_content()
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["role"] == "owner" and accepted.json()["slug"] == organisation["slug"]
    assert reused.status_code == 400 and reused.json()["invalid-params"][0]["name"] == "token"
    members = dict(db.execute("SELECT user_id, role FROM membership WHERE organisation_id = %s",
                              [organisation["id"]]).fetchall())
    assert members == {people["owner"].id: "owner", invitee.id: "owner"}
    stored = db.execute("SELECT token_hash FROM organisation_invitation").fetchone()[0]
    assert token not in stored and len(stored) == 64
    actions = {row[0] for row in db.execute("SELECT action FROM audit_entry WHERE record_id = %s",
                                            [organisation["id"]])}
    assert actions == {"organisation.member_invited", "organisation.invitation_accepted"}


def test_expired_invitation_is_refused(client, db, mailbox, organisation_with) -> None:
    organisation, people = organisation_with("owner")
    email = unique_email("spaet")
    sign_in(client, people["owner"])
    _invite(client, organisation, email)
    deliver_outbox(db)
    token = link_token(mailbox.wait_for(email)[0])
    db.execute("UPDATE organisation_invitation SET expires_at = %s", [datetime.now(UTC) - timedelta(seconds=1)])
    sign_in(client, make_person(db, email=email))

    response = _accept(client, token)

    assert response.status_code == 400
    assert db.execute("SELECT count(*) FROM membership WHERE organisation_id = %s",
                      [organisation["id"]]).fetchone() == (1,)


def test_invitation_lasts_the_configured_days(client, db, organisation_with) -> None:
    organisation, people = organisation_with("owner")
    sign_in(client, people["owner"])

    invitation = _invite(client, organisation, unique_email()).json()

    lifetime = datetime.fromisoformat(invitation["expires_at"]) - datetime.fromisoformat(invitation["created_at"])
    assert abs(lifetime - timedelta(days=14)) < timedelta(minutes=1)


def test_revoked_invitation_no_longer_works(client, db, mailbox, organisation_with) -> None:
    organisation, people = organisation_with("owner")
    email = unique_email("widerrufen")
    sign_in(client, people["owner"])
    invitation = _invite(client, organisation, email).json()
    deliver_outbox(db)
    token = link_token(mailbox.wait_for(email)[0])

    revoked = client.delete(f"{ORGANISATIONS}/{organisation['id']}/invitations/{invitation['id']}",
                            headers=csrf_headers(client))
    again = client.delete(f"{ORGANISATIONS}/{organisation['id']}/invitations/{invitation['id']}",
                          headers=csrf_headers(client))
    sign_in(client, make_person(db, email=email))

    assert revoked.status_code == 204 and again.status_code == 404
    assert _accept(client, token).status_code == 400


def test_inviting_a_member_again_is_a_conflict_and_a_bad_address_names_the_field(client, db,
                                                                                  organisation_with) -> None:
    organisation, people = organisation_with("owner", "editor")
    sign_in(client, people["owner"])

    again = _invite(client, organisation, people["editor"].email)
    bad = _invite(client, organisation, "kein-at-zeichen")

    assert again.status_code == 409
    assert bad.status_code == 400 and bad.json()["invalid-params"][0]["name"] == "email"


def test_editors_cannot_invite_or_see_invitations(client, db, organisation_with) -> None:
    organisation, people = organisation_with("owner", "editor")
    sign_in(client, people["editor"])

    assert _invite(client, organisation, unique_email()).status_code == 403
    assert client.get(f"{ORGANISATIONS}/{organisation['id']}/invitations").status_code == 403


def test_accepting_requires_a_signed_in_person_with_a_verified_address(client, db) -> None:
    client.cookies.clear()
    assert _accept(client, "x" * 43).status_code == 401
    sign_in(client, make_person(db, verified=False))
    assert _accept(client, "x" * 43).status_code == 403
