"""Accepting never exceeds capacity, even when a whole team clicks "accept" at the same moment: twenty
accepts at once against two real API processes, on an offer with five places."""

from __future__ import annotations

import asyncio
import os

import httpx
import pytest

from tests.support.accounts import PASSWORD, make_person
from tests.support.applications import insert_application
from tests.support.factories import make_offer, make_organisation
from tests.support.offer_members import add_member
from tests.support.servers import api_server

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

PLACES = 5
ACCEPTS = 20


async def _accept_all_at_once(base_url: str, email: str, offer_id, application_ids) -> list[httpx.Response]:
    # English problem texts, as the assertions below are written in English (the API defaults to German).
    async with httpx.AsyncClient(base_url=base_url, timeout=60, headers={"Accept-Language": "en"}) as http:
        await http.get("/api/v1/session")
        signed_in = await http.post(
            "/api/v1/session",
            json={"email": email, "password": PASSWORD},
            headers={"X-CSRFToken": http.cookies["csrftoken"]},
        )
        assert signed_in.status_code == 200, signed_in.text
        headers = {"X-CSRFToken": http.cookies["csrftoken"]}
        return await asyncio.gather(
            *(
                http.post(
                    f"/api/v1/manage/offers/{offer_id}/applications/{application_id}/accept", headers=headers
                )
                for application_id in application_ids
            )
        )


def test_twenty_parallel_accepts_on_five_places_accept_exactly_five(db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation, capacity=PLACES)
    application_ids = [insert_application(db, offer, make_person(db)) for _ in range(ACCEPTS)]
    member = add_member(db, organisation, "editor")
    # Plain HTTP to the local server: the cookies must not be Secure-only for the client to send them back.
    env = {**os.environ, "VOLUMAP_SESSION_COOKIE_SECURE": "false"}

    with api_server(env, workers=2) as (base_url, _):
        responses = asyncio.run(_accept_all_at_once(base_url, member.email, offer["id"], application_ids))

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] * PLACES + [409] * (ACCEPTS - PLACES), [r.text for r in responses]
    assert all("The offer is full" in r.json()["detail"] for r in responses if r.status_code == 409)
    counts = dict(
        db.execute(
            "SELECT status, count(*) FROM application WHERE offer_id = %s GROUP BY status", [offer["id"]]
        ).fetchall()
    )
    assert counts == {"accepted": PLACES, "pending": ACCEPTS - PLACES}
    accepted = {r.json()["id"] for r in responses if r.status_code == 200}
    assert accepted == {
        str(row[0])
        for row in db.execute(
            "SELECT id FROM application WHERE offer_id = %s AND status = 'accepted'", [offer["id"]]
        )
    }
