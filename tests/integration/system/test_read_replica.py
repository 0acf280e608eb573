"""With a read replica (`VOLUMAP_DATABASE_READ_URL`), searches read the replica and the rest the primary: the
signed-in person is looked up on the primary, so a replica running behind signs nobody out. The "replica"
here is a second migrated database that holds none of the primary's rows, as one far behind would."""

from __future__ import annotations

import os

import httpx
import psycopg
import pytest

from tests.support.accounts import PASSWORD, make_person
from tests.support.database import drop_database, migrate, recreate_database
from tests.support.factories import BIELEFELD_MITTE, make_offer, make_organisation
from tests.support.servers import api_server

pytestmark = pytest.mark.slow

LAT, LON = BIELEFELD_MITTE


def test_with_a_replica_behind_searches_miss_new_offers_and_the_signed_in_person_is_found(
    db: psycopg.Connection, database: str
) -> None:
    replica = f"{database.rsplit('/', 1)[1]}_replica"
    replica_url = recreate_database(replica)
    try:
        migrate(replica_url, "head")
        offer = make_offer(db, make_organisation(db), lat=LAT, lon=LON)
        person = make_person(db)
        # Plain HTTP to the local server: the cookies must not be Secure-only for the client to send them back.
        env = {**os.environ, "VOLUMAP_DATABASE_READ_URL": replica_url, "VOLUMAP_SESSION_COOKIE_SECURE": "false"}
        with api_server(env) as (base_url, _), httpx.Client(base_url=base_url, timeout=30) as http:
            http.get("/api/v1/session")
            signed_in = http.post("/api/v1/session", json={"email": person.email, "password": PASSWORD},
                                  headers={"X-CSRFToken": http.cookies["csrftoken"]})
            me = http.get("/api/v1/me")
            search = http.get("/api/v1/offers", params={"lat": LAT, "lon": LON})
            page = http.get(f"/api/v1/offers/{offer['id']}")
    finally:
        drop_database(replica)

    assert signed_in.status_code == 200, signed_in.text
    assert me.status_code == 200 and me.json()["email"] == person.email
    assert search.status_code == 200 and search.json()["items"] == []
    assert page.status_code == 200 and page.json()["title"] == offer["title"]
