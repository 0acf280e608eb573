"""Who calls the API in the contract run: nobody, a resident, an organisation's owner and editor, its API
token, a moderator and an administrator; and the records they can name in paths (their organisation, its
offers, an application, a report, a feedback message), so that generated requests reach past "not found".

The run's own requests may undo the cast (an owner removing the editor, a moderator suspending the
organisation, an administrator dismissing the moderator, a person deleting their account): `Cast.restore`
puts it back before each caller's turn, and `Caller.ensure_signed_in` signs a person in again."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import requests

from api.lib.tokens import new_secret_token
from tests.support.accounts import Person, make_person
from tests.support.factories import make_offer, make_organisation

TOKEN_SCOPES = ["offers:read", "offers:write", "applications:read", "applications:write"]
CALLERS = ("anonymous", "resident", "owner", "editor", "api_token", "moderator", "admin")


@dataclass
class Caller:
    """One kind of caller: its own HTTP session (cookies), the headers it sends with every request, and
    for people the account it signs in with."""

    name: str
    base_url: str
    origin: str
    person: Person | None = None
    bearer: str | None = None
    http: requests.Session = field(default_factory=requests.Session)

    def headers(self) -> dict[str, str]:
        """What the app's pages send: the CSRF token (the csrftoken cookie's value) and the app's Origin; an
        organisation's system sends its token instead."""
        if self.bearer is not None:
            return {"Authorization": f"Bearer {self.bearer}"}
        token = self.http.cookies.get("csrftoken")
        if token is None:
            self.http.get(f"{self.base_url}/api/v1/session", timeout=10)
            token = self.http.cookies.get("csrftoken")
        assert token, "no CSRF cookie"
        return {"X-CSRFToken": token, "Origin": self.origin}

    def signed_in(self) -> bool:
        """Signed in as this caller's person (a generated sign-in may have signed in someone else)."""
        assert self.person is not None
        answer = self.http.get(f"{self.base_url}/api/v1/me", timeout=10)
        return answer.status_code == 200 and answer.json()["id"] == str(self.person.id)

    def sign_in(self) -> requests.Response:
        assert self.person is not None
        return self.http.post(
            f"{self.base_url}/api/v1/session", json={"email": self.person.email, "password": self.person.password},
            headers=self.headers(), timeout=30,
        )


@dataclass
class Cast:
    db: psycopg.Connection
    base_url: str
    organisation: dict[str, Any]
    pending_organisation: dict[str, Any]
    roles: dict[str, str]
    """Caller name → membership role in `organisation`."""
    callers: dict[str, Caller]
    token_id: uuid.UUID
    paths: dict[str, list[str]]
    """Path parameter name → ids of records that exist, for generated requests to use now and then."""

    def restore(self) -> None:
        """The cast as it was made: people active with their roles, the organisation verified, the token
        live, and every person signed in."""
        org_id = self.organisation["id"]
        self.db.execute("UPDATE organisation SET verification_status = 'verified' WHERE id = %s", [org_id])
        self.db.execute("UPDATE api_token SET revoked_at = NULL WHERE id = %s", [self.token_id])
        for caller in self.callers.values():
            if caller.person is None:
                continue
            status = self.db.execute(
                "SELECT status FROM user_account WHERE id = %s", [caller.person.id]).fetchone()
            if status is None or status[0] == "deleted":
                caller.person = _person(self.db, caller.name)
            self.db.execute(
                "UPDATE user_account SET status = 'active', is_moderator = %s, is_admin = %s WHERE id = %s",
                [caller.name == "moderator", caller.name == "admin", caller.person.id],
            )
            if caller.name in self.roles:
                self.db.execute(
                    "INSERT INTO membership (organisation_id, user_id, role) VALUES (%s, %s, %s)"
                    " ON CONFLICT (organisation_id, user_id) DO UPDATE SET role = EXCLUDED.role",
                    [org_id, caller.person.id, self.roles[caller.name]],
                )
            self.ensure_signed_in(caller)

    def ensure_signed_in(self, caller: Caller) -> None:
        """After sign-out, a password or e-mail change, account deletion or suspension: signed in again, as
        a new account when the old one is gone."""
        if caller.person is None or caller.signed_in():
            return
        caller.http.cookies.clear()
        answer = caller.sign_in()
        if answer.status_code != 200:
            # The password or e-mail changed (the run guessed right) or the account is gone: a new one.
            caller.person = _person(self.db, caller.name)
            if caller.name in self.roles:
                self.db.execute(
                    "INSERT INTO membership (organisation_id, user_id, role) VALUES (%s, %s, %s)",
                    [self.organisation["id"], caller.person.id, self.roles[caller.name]],
                )
            answer = caller.sign_in()
        assert answer.status_code == 200, answer.text


def _person(db: psycopg.Connection, name: str) -> Person:
    return make_person(db, moderator=name == "moderator", admin=name == "admin")


def cast_for(db: psycopg.Connection, base_url: str, origin: str) -> Cast:
    organisation = make_organisation(db)
    pending = make_organisation(db, verification_status="pending")
    published = make_offer(db, organisation)
    draft = make_offer(db, organisation, status="draft")
    in_review = make_offer(db, organisation, status="in_review", submitted_at=datetime.now(UTC) - timedelta(hours=1))
    token, digest = new_secret_token()
    token_id = uuid.uuid4()
    db.execute(
        "INSERT INTO api_token (id, organisation_id, name, token_hash, scopes) VALUES (%s, %s, %s, %s, %s)",
        [token_id, organisation["id"], "Vereinssoftware", digest, TOKEN_SCOPES],
    )
    callers = {name: Caller(name, base_url, origin) for name in CALLERS}
    for name in ("resident", "owner", "editor", "moderator", "admin"):
        callers[name].person = _person(db, name)
    callers["api_token"].bearer = token
    resident = callers["resident"].person
    assert resident is not None
    application_id = uuid.uuid4()
    db.execute("INSERT INTO application (id, offer_id, user_id) VALUES (%s, %s, %s)",
               [application_id, published["id"], resident.id])
    report_id = uuid.uuid4()
    db.execute("INSERT INTO report (id, target_type, target_id, reason, text) VALUES (%s, 'offer', %s, 'spam', %s)",
               [report_id, published["id"], "Werbung"])
    feedback_id = uuid.uuid4()
    db.execute("INSERT INTO feedback (id, kind, message, locale) VALUES (%s, 'idea', %s, 'de')",
               [feedback_id, "Eine Karte der Rampen wäre schön."])
    offers = [str(published["id"]), str(draft["id"]), str(in_review["id"])]
    organisations = [str(organisation["id"]), str(pending["id"])]
    people = [str(caller.person.id) for caller in callers.values() if caller.person is not None]
    cast = Cast(
        db=db, base_url=base_url, organisation=organisation, pending_organisation=pending,
        roles={"owner": "owner", "editor": "editor"}, callers=callers, token_id=token_id,
        paths={
            "offer_id": offers,
            "organisation_id": organisations,
            "slug": [organisation["slug"], pending["slug"]],
            "user_id": people,
            "application_id": [str(application_id)],
            "token_id": [str(token_id)],
            "feedback_id": [str(feedback_id)],
            "target_id": [*offers, *organisations],
            "target_type": ["offer", "organisation"],
        },
    )
    cast.restore()
    return cast
