"""A profile's home point is shown to its owner only: every GET route of the API (found by walking the
app, so a new one cannot be forgotten) is called by another resident, an organisation member, a moderator
and anonymously, and no answer contains the point, neither as sent nor coarsened."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from tests.integration.volunteers.profiles import PROFILE, put_profile, stored_home
from tests.support.accounts import Person, make_person, sign_in
from tests.support.factories import make_offer, make_organisation

# Münster: far from every other point the tests use (Bielefeld, Paderborn).
SECRET_HOME = {"lat": 51.96071, "lon": 7.62613}
OTHER_HOME = {"lat": 51.7189, "lon": 8.7575}
_NUMBER = re.compile(r"-?\d+\.\d+")


def _get_routes(app) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(
        route.path for route in app.routes
        if "GET" in getattr(route, "methods", ()) and route.path.startswith("/api/")
    )


def _fill(path: str, ids: dict[str, Any]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        for key, known in ids.items():
            if key in name:
                return str(known)
        return str(uuid.uuid4())

    return re.sub(r"\{([a-z_]+):[a-z]+\}", value, path)


def _reveals(body: str, lat: float, lon: float) -> bool:
    numbers = [float(n) for n in _NUMBER.findall(body)]
    return any(abs(n - lat) < 0.002 for n in numbers) and any(abs(n - lon) < 0.003 for n in numbers)


@pytest.fixture()
def secret_keeper(client, db) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A resident with a profile at SECRET_HOME, an offer nearby they could have applied to, and the
    points to look for: as sent and as stored."""
    keeper = make_person(db)
    sign_in(client, keeper)
    assert put_profile(client, **SECRET_HOME, radius_km=50).status_code == 201
    stored_lat, stored_lon, _, _ = stored_home(db, keeper.id)
    organisation = make_organisation(db, lat=52.0215, lon=8.5325)
    offer = make_offer(db, organisation, lat=52.03, lon=8.54)
    db.execute("INSERT INTO offer_match (offer_id, user_id, distance_m) VALUES (%s, %s, 1000)",
               [offer["id"], keeper.id])
    return {
        "keeper": keeper,
        "points": [(SECRET_HOME["lat"], SECRET_HOME["lon"]), (stored_lat, stored_lon)],
        "ids": {"offer": offer["id"], "organisation": organisation["id"], "slug": organisation["slug"],
                "user": keeper.id},
    }


def _walk(client, app, ids: dict[str, Any]) -> dict[str, str]:  # type: ignore[no-untyped-def]
    bodies = {}
    for path in _get_routes(app):
        url = _fill(path, ids)
        response = client.get(url)
        assert response.status_code < 500, url
        bodies[url] = response.text
    for params in ({"lat": SECRET_HOME["lat"], "lon": SECRET_HOME["lon"], "radius_km": 100},
                   {"lat": 52.02, "lon": 8.53}):
        bodies[f"/api/v1/offers?{params}"] = client.get("/api/v1/offers", params=params).text
    return bodies


def test_the_owner_sees_the_coarsened_point(client, secret_keeper) -> None:
    sign_in(client, secret_keeper["keeper"])

    body = client.get(PROFILE).text

    assert _reveals(body, *secret_keeper["points"][1])


@pytest.mark.parametrize("viewer", ["resident", "member", "moderator", "anonymous"])
def test_no_one_else_gets_the_point_from_any_route(client, db, app, secret_keeper, viewer: str) -> None:
    person: Person | None = None
    if viewer == "moderator":
        person = make_person(db, moderator=True)
    elif viewer != "anonymous":
        person = make_person(db)
    if viewer == "member":
        db.execute("INSERT INTO membership (organisation_id, user_id, role) VALUES (%s, %s, 'owner')",
                   [secret_keeper["ids"]["organisation"], person.id])
    client.cookies.clear()
    if person is not None:
        sign_in(client, person)
        if viewer == "resident":
            assert put_profile(client, **OTHER_HOME).status_code == 201

    bodies = _walk(client, app, secret_keeper["ids"])

    assert len(bodies) >= 10
    for url, body in bodies.items():
        for lat, lon in secret_keeper["points"]:
            assert not _reveals(body, lat, lon), (viewer, url, body[:300])
