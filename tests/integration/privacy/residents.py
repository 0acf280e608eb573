"""A resident with a record in every table that can hold something about a person, arranged through the
API where it exists and straight in the database where another area owns the writing; and ways to find
any trace of them afterwards, in every column of every table and in Redis."""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import psycopg
import redis
from litestar.testing import TestClient
from psycopg.types.json import Jsonb

from tests.support.accounts import PASSWORD, Person, csrf_headers, deliver_outbox, make_person, sign_in, unique_email
from tests.support.factories import make_offer, make_organisation
from tests.support.mailbox import Mailbox, link_token

ORGANISATIONS = "/api/v1/organisations"
# Already the centre of a 250 m cell as the profile stores it; digits no other test point has.
HOME = (52.04387, 8.49213)
SATURDAY_MORNING, MONDAY_EVENING = 5 * 3 + 0, 0 * 3 + 2


def post(client: TestClient, path: str, body: dict[str, Any]):  # type: ignore[no-untyped-def]
    return client.post(path, json=body, headers=csrf_headers(client))


def use_cookies(client: TestClient, cookies: dict[str, str]) -> None:
    """One test client, several browsers: switch to the cookies of another one."""
    client.cookies.clear()
    for name, value in cookies.items():
        client.cookies.set(name, value, domain="testserver.local")


@dataclass
class Resident:
    person: Person
    display_name: str
    phone: str
    message: str
    contact_email: str
    new_email: str
    home_texts: tuple[str, str]
    """ST_AsText of the stored point, as geography and as the derived metric geometry."""
    organisation: dict[str, Any]
    """Run with another owner; the resident is an owner too and created an API token there."""
    own_organisation_id: uuid.UUID
    """Registered by the resident alone; no offers."""
    offers: list[dict[str, Any]]
    applications: list[uuid.UUID]
    api_token_id: uuid.UUID
    report_id: uuid.UUID
    push_endpoint: str
    devices: list[dict[str, str]] = field(default_factory=list)
    """The cookies of each browser signed in as the resident; the client itself is the last one."""

    @property
    def markers(self) -> dict[str, str]:
        """What identifies the resident, and so must be gone after the deletion."""
        return {
            "email": self.person.email, "new email": self.new_email, "display name": self.display_name,
            "phone": self.phone, "message": self.message, "shared e-mail": self.contact_email,
            "home": self.home_texts[0], "home (metric)": self.home_texts[1], "latitude": str(HOME[0]),
            "longitude": str(HOME[1]), "push endpoint": self.push_endpoint,
        }


def make_resident(client: TestClient, db: psycopg.Connection, mailbox: Mailbox) -> Resident:
    tag = uuid.uuid4().hex[:8]
    display_name = f"Zora Privatsphäre {tag}"
    email = unique_email(f"zora-{tag}")
    assert post(client, "/api/v1/accounts",
                {"email": email, "password": PASSWORD, "display_name": display_name}).status_code == 202
    deliver_outbox(db)
    assert post(client, "/api/v1/accounts/verification",
                {"token": link_token(mailbox.wait_for(email)[0])}).status_code == 204
    [user_id] = db.execute("SELECT id FROM user_account WHERE email = %s", [email]).fetchone()
    person = Person(id=user_id, email=email)

    colleague = make_person(db)
    organisation = make_organisation(db, name=f"Gartenfreunde {tag} e. V.", slug=f"gartenfreunde-{tag}")
    db.execute("INSERT INTO membership (organisation_id, user_id, role) VALUES (%s, %s, 'owner')",
               [organisation["id"], colleague.id])
    sign_in(client, colleague)
    assert post(client, f"{ORGANISATIONS}/{organisation['id']}/invitations",
                {"email": email, "role": "owner"}).status_code == 201
    deliver_outbox(db)
    invitation = link_token(mailbox.wait_for(email, count=2)[-1])

    sign_in(client, person)
    assert post(client, "/api/v1/invitations/acceptance", {"token": invitation}).status_code == 200
    token = post(client, f"{ORGANISATIONS}/{organisation['id']}/api-tokens",
                 {"name": f"Website {tag}", "scopes": ["offers:read"]})
    assert token.status_code == 201, token.text
    own = post(client, ORGANISATIONS, {"name": f"Einzelverein {tag}", "contact_email": "info@einzel.example.org"})
    assert own.status_code == 201, own.text

    offers = [make_offer(db, organisation, capacity=5), make_offer(db, organisation, capacity=5),
              make_offer(db, organisation, status="draft", created_by=person.id)]
    phone, contact_email = f"0521 {tag[:4]} 77", f"zora.kontakt.{tag}@example.net"
    message = f"Ich kann samstags helfen, Grüße {tag}"
    applications = []
    for offer, status in ((offers[0], "accepted"), (offers[1], "pending")):
        application_id = uuid.uuid4()
        db.execute(
            "INSERT INTO application (id, offer_id, user_id, status, message, shared_contact, decided_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [application_id, offer["id"], person.id, status, message,
             Jsonb({"name": display_name, "email": contact_email, "phone": phone}),
             datetime.now(UTC) if status == "accepted" else None],
        )
        applications.append(application_id)
    db.execute(
        "INSERT INTO volunteer_profile (user_id, home, radius_km, interests, skills, languages, availability)"
        " VALUES (%s, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography, 7.5, %s, %s, %s, %s)",
        [person.id, HOME[1], HOME[0], [6, 9], ["Erste Hilfe"], ["de", "en"],
         (1 << SATURDAY_MORNING) | (1 << MONDAY_EVENING)],
    )
    home_texts = db.execute(
        "SELECT ST_AsText(home), ST_AsText(home_location) FROM volunteer_profile WHERE user_id = %s", [person.id]
    ).fetchone()
    db.execute("INSERT INTO calendar_feed (user_id, token_hash) VALUES (%s, %s)",
               [person.id, hashlib.sha256(tag.encode()).hexdigest()])
    db.execute("INSERT INTO offer_match (offer_id, user_id, distance_m) VALUES (%s, %s, 1234.5)",
               [offers[0]["id"], person.id])
    # A phone that gets notifications, the day's count behind the cap, one push sent and one not fanned out yet.
    push_endpoint = f"https://push.example.net/wpush/{tag}"
    [(subscription_id,)] = db.execute(
        "INSERT INTO push_subscription (channel, endpoint, p256dh, auth, user_id, last_success_at)"
        " VALUES ('volumap', %s, %s, %s, %s, now()) RETURNING id",
        [push_endpoint, f"p256dh-{tag}", f"auth-{tag}", person.id]).fetchall()
    db.execute("INSERT INTO push_allowance (recipient_id, day, event_ids, cap) VALUES (%s, current_date, '{1}', 3)",
               [person.id])
    [(sent_event,)] = db.execute(
        "INSERT INTO outbox_event (kind, payload, attempts, completed_at) VALUES ('push.notify', %s, 1, now())"
        " RETURNING id", [Jsonb({"type": "application.accepted", "texts": {}})]).fetchall()
    db.execute("INSERT INTO push_delivery (event_id, subscription_id, status, sent_at) VALUES (%s, %s, 'sent', now())",
               [sent_event, subscription_id])
    someone_else = str(uuid.uuid4())
    db.execute("INSERT INTO outbox_event (kind, payload, attempts) VALUES ('push.notify', %s, 0)",
               [Jsonb({"type": "application.new", "user_ids": [str(person.id), someone_else], "texts": {}})])
    report = post(client, "/api/v1/reports", {"target_type": "offer", "target_id": str(offers[1]["id"]),
                                              "reason": "spam", "text": "Sieht nach Werbung aus."})
    assert report.status_code == 201, report.text

    # Left waiting in the outbox: a reset link, and a link to confirm a new address.
    new_email = unique_email(f"zora-neu-{tag}")
    assert post(client, "/api/v1/password-resets", {"email": email}).status_code == 202
    assert post(client, "/api/v1/me/email", {"new_email": new_email, "password": PASSWORD}).status_code == 202

    first_device = dict(client.cookies)
    sign_in(client, person)
    return Resident(
        person=person, display_name=display_name, phone=phone, message=message, contact_email=contact_email,
        new_email=new_email, home_texts=tuple(home_texts), organisation=organisation,
        own_organisation_id=uuid.UUID(own.json()["id"]), offers=offers, applications=applications,
        api_token_id=uuid.UUID(token.json()["id"]), report_id=uuid.UUID(report.json()["id"]),
        devices=[first_device, dict(client.cookies)], push_endpoint=push_endpoint,
    )


_SCANNED = """
SELECT c.table_name, c.column_name, c.data_type, c.udt_name
FROM information_schema.columns c
JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> 'spatial_ref_sys'
ORDER BY c.table_name, c.ordinal_position"""
_AS_TEXT = {"text", "character varying", "character", "jsonb", "json", "ARRAY", "uuid", "tsvector"}


def scan_database(db: psycopg.Connection, markers: dict[str, str]) -> set[tuple[str, str, str]]:
    """(marker, table, column) for every column of every table in which a marker occurs, case-insensitively;
    text of every kind (JSON and arrays as their text), uuids, and points as WKT."""
    found = set()
    for table, column, data_type, udt in db.execute(_SCANNED).fetchall():
        if udt in ("geography", "geometry"):
            value = f'ST_AsText("{column}")'
        elif data_type in _AS_TEXT:
            value = f'CAST("{column}" AS text)'
        else:
            continue
        names = list(markers)
        hits = db.execute(
            f'SELECT DISTINCT m.i FROM "{table}" JOIN unnest(%s::text[]) WITH ORDINALITY AS m(marker, i)'
            f" ON strpos(lower({value}), lower(m.marker)) > 0",
            [list(markers.values())],
        ).fetchall()
        found |= {(names[i - 1], table, column) for (i,) in hits}
    return found


def scan_redis(markers: dict[str, str]) -> set[tuple[str, str]]:
    """(marker, key) for every key of the app's and the broker's Redis databases whose name or value
    holds a marker."""
    found = set()
    for url in (os.environ["VOLUMAP_REDIS_URL"], os.environ["VOLUMAP_CELERY_BROKER_URL"]):
        store = redis.Redis.from_url(url)
        for key in store.scan_iter():
            kind = store.type(key).decode()
            if kind == "string":
                values = [store.get(key) or b""]
            elif kind == "hash":
                values = [b"%s=%s" % pair for pair in store.hgetall(key).items()]
            elif kind == "set":
                values = list(store.smembers(key))
            elif kind == "zset":
                values = list(store.zrange(key, 0, -1))
            elif kind == "list":
                values = list(store.lrange(key, 0, -1))
            else:
                values = []
            text = b"\n".join([key, *values]).decode("utf-8", "replace").lower()
            found |= {(name, key.decode()) for name, marker in markers.items() if marker.lower() in text}
        store.close()
    return found
