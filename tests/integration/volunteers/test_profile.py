"""A resident's volunteer profile: the home point is coarsened before it is stored, the rest is kept as
sent (cleaned), and bad input is refused naming the field."""

from __future__ import annotations

import json
import math

import pytest
from pyproj import Geod, Transformer

from tests.integration.volunteers.profiles import BODY, PROFILE, put_profile, stored_home
from tests.support.accounts import csrf_headers, make_person, sign_in
from tests.support.factories import make_offer, make_organisation
from tests.support.offer_members import api_token

TO_UTM = Transformer.from_crs("EPSG:4326", "EPSG:25832", always_xy=True)
FROM_UTM = Transformer.from_crs("EPSG:25832", "EPSG:4326", always_xy=True)
GEOD = Geod(ellps="WGS84")
# Half the diagonal of a 250 m cell, plus UTM 32N's scale error in NRW (under 0.05 %).
MAX_SHIFT_M = 125 * math.sqrt(2) * 1.0005


def _cell_centre(lat: float, lon: float) -> tuple[float, float, float, float]:
    """The expected stored point, computed without PostGIS: (lat, lon, x, y)."""
    x, y = TO_UTM.transform(lon, lat)
    cx, cy = math.floor(x / 250) * 250 + 125, math.floor(y / 250) * 250 + 125
    centre_lon, centre_lat = FROM_UTM.transform(cx, cy)
    return centre_lat, centre_lon, cx, cy


@pytest.mark.parametrize(("lat", "lon"), [
    (52.0302, 8.5311),  # Bielefeld, Altstadt
    (52.116789, 8.671234),  # Herford
    (51.9607, 7.6261),  # Münster
    (50.7374, 7.0982),  # Bonn, far from the zone's central meridian
    (52.0212418, 8.5333121),
])
def test_the_stored_home_is_the_centre_of_its_250_m_grid_cell(client, db, lat: float, lon: float) -> None:
    person = make_person(db)
    sign_in(client, person)

    response = put_profile(client, lat=lat, lon=lon)

    assert response.status_code == 201, response.text
    stored_lat, stored_lon, x, y = stored_home(db, person.id)
    expected_lat, expected_lon, expected_x, expected_y = _cell_centre(lat, lon)
    assert abs(x - expected_x) < 0.01 and abs(y - expected_y) < 0.01
    assert abs(stored_lat - expected_lat) < 1e-7 and abs(stored_lon - expected_lon) < 1e-7
    assert (stored_lat, stored_lon) != (lat, lon)
    assert GEOD.inv(lon, lat, stored_lon, stored_lat)[2] <= MAX_SHIFT_M
    home = response.json()["home"]
    assert home == {"lat": round(stored_lat, 6), "lon": round(stored_lon, 6), "coarsened_to_m": 250}
    assert str(lat) not in response.text and str(lon) not in response.text


def test_points_in_the_same_cell_are_stored_alike(client, db) -> None:
    first, second = make_person(db), make_person(db)
    x, y = TO_UTM.transform(8.5311, 52.0302)
    corner_x, corner_y = math.floor(x / 250) * 250, math.floor(y / 250) * 250
    for person, (px, py) in ((first, (corner_x + 1, corner_y + 1)), (second, (corner_x + 249, corner_y + 248))):
        lon, lat = FROM_UTM.transform(px, py)
        sign_in(client, person)
        assert put_profile(client, lat=lat, lon=lon).status_code == 201

    assert stored_home(db, first.id)[2:] == pytest.approx(stored_home(db, second.id)[2:], abs=0.01)


def test_a_profile_is_created_read_replaced_and_deleted(client, db) -> None:
    person = make_person(db)
    sign_in(client, person)
    assert client.get(PROFILE).status_code == 404

    created = put_profile(client, skills=["<b>Gartenarbeit</b>", "Gartenarbeit", "Kochen<script>x()</script>"])
    read = client.get(PROFILE)
    mask, interests = db.execute("SELECT availability, interests FROM volunteer_profile WHERE user_id = %s",
                                 [person.id]).fetchone()
    replaced = put_profile(client, radius_km=25.5, interests=[], availability=[],
                           notifications={"new_offers": False})

    assert created.status_code == 201 and read.status_code == 200
    body = read.json()
    assert body == created.json()
    assert body["radius_km"] == 10 and body["interests"] == ["environment", "neighbourhood"]
    assert body["skills"] == ["Gartenarbeit", "Kochen"]
    assert body["availability"] == [{"day": "wed", "part": "evening"}, {"day": "sat", "part": "morning"}]
    assert body["languages"] == ["de", "en"]
    assert body["notifications"] == BODY["notifications"]
    assert read.headers["cache-control"] == "private, no-store"
    assert mask == (1 << (2 * 3 + 2)) | (1 << (5 * 3 + 0)) and interests == [5, 11]

    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["radius_km"] == 25.5 and replaced.json()["interests"] == []
    assert replaced.json()["notifications"] == {
        "new_offers": False, "quiet_hours": {"start": "21:00", "end": "08:00"}, "daily_cap": 3}
    assert replaced.json()["created_at"] == body["created_at"]
    assert replaced.json()["updated_at"] > body["updated_at"]

    assert client.delete(PROFILE, headers=csrf_headers(client)).status_code == 204
    assert client.get(PROFILE).status_code == 404
    assert db.execute("SELECT count(*) FROM volunteer_profile WHERE user_id = %s", [person.id]).fetchone() == (0,)


def test_deleting_the_profile_removes_its_matches(client, db) -> None:
    person = make_person(db)
    sign_in(client, person)
    put_profile(client)
    offer = make_offer(db, make_organisation(db))
    db.execute("INSERT INTO offer_match (offer_id, user_id, distance_m) VALUES (%s, %s, 12.5)",
               [offer["id"], person.id])

    assert client.delete(PROFILE, headers=csrf_headers(client)).status_code == 204
    assert db.execute("SELECT count(*) FROM offer_match WHERE user_id = %s", [person.id]).fetchone() == (0,)


def test_the_profile_is_never_in_the_audit_log(client, db) -> None:
    person = make_person(db)
    sign_in(client, person)
    put_profile(client)
    client.delete(PROFILE, headers=csrf_headers(client))

    assert db.execute("SELECT count(*) FROM audit_entry WHERE actor_id = %s OR record_id = %s",
                      [person.id, person.id]).fetchone() == (0,)


BAD_INPUTS = {
    "lat missing": ({"lat": None}, "lat"),
    "lat out of range": ({"lat": 91}, "lat"),
    "lat outside the service area": ({"lat": 48.137, "lon": 8.53}, "lat"),
    "lon outside the service area": ({"lon": 11.58}, "lon"),
    "lon out of range": ({"lon": -181}, "lon"),
    "radius 0": ({"radius_km": 0}, "radius_km"),
    "radius 51": ({"radius_km": 51}, "radius_km"),
    "radius just under 1": ({"radius_km": 0.99}, "radius_km"),
    "unknown interest": ({"interests": ["environment", "knitting"]}, "interests"),
    "interests not a list": ({"interests": "environment"}, "interests"),
    "bad availability day": ({"availability": [{"day": "funday", "part": "morning"}]}, "availability"),
    "bad availability part": ({"availability": [{"day": "mon", "part": "night"}]}, "availability"),
    "unknown field in a slot": ({"availability": [{"day": "mon", "part": "morning", "all": 1}]}, "availability"),
    "unknown field": ({"favourite_colour": "green"}, "favourite_colour"),
    "daily cap 51": ({"notifications": {"daily_cap": 51}}, "daily_cap"),
    "daily cap negative": ({"notifications": {"daily_cap": -1}}, "daily_cap"),
    "quiet hour 25:00": ({"notifications": {"quiet_hours": {"start": "25:00", "end": "08:00"}}}, "start"),
    "quiet hour without minutes": ({"notifications": {"quiet_hours": {"start": "21", "end": "08:00"}}}, "start"),
    "new_offers not a boolean": ({"notifications": {"new_offers": "yes"}}, "new_offers"),
    "language not ISO 639-1": ({"languages": ["deu"]}, "languages"),
    "no language": ({"languages": []}, "languages"),
    "too many skills": ({"skills": [f"Skill {n}" for n in range(21)]}, "skills"),
    "skill too long": ({"skills": ["x" * 61]}, "skills"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_a_problem_naming_the_field(client, db, case: str) -> None:
    changes, field = BAD_INPUTS[case]
    person = make_person(db)
    sign_in(client, person)
    body = {key: value for key, value in {**BODY, **changes}.items() if value is not None}

    response = client.put(PROFILE, json=body, headers=csrf_headers(client))

    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    # Missing and unknown fields are named in the reason (the body as a whole is at fault).
    assert any(field in param["name"] or f"`{field}`" in param["reason"]
               for param in problem["invalid-params"]), problem
    assert db.execute("SELECT count(*) FROM volunteer_profile WHERE user_id = %s", [person.id]).fetchone() == (0,)


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_coordinates_are_refused(client, db, raw: str) -> None:
    sign_in(client, make_person(db))
    body = json.dumps({**BODY, "lat": "__lat__"}).replace('"__lat__"', raw)

    response = client.put(PROFILE, content=body, headers={**csrf_headers(client), "Content-Type": "application/json"})

    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


def test_a_body_that_is_not_json_is_refused(client, db) -> None:
    sign_in(client, make_person(db))

    response = client.put(PROFILE, content=b"lat=52", headers={**csrf_headers(client),
                                                                "Content-Type": "application/json"})

    assert response.status_code == 400 and response.headers["content-type"].startswith("application/problem+json")


def test_anonymous_callers_get_401(client) -> None:
    client.cookies.clear()
    headers = csrf_headers(client)

    assert client.get(PROFILE).status_code == 401
    assert client.put(PROFILE, json=BODY, headers=headers).status_code == 401
    assert client.delete(PROFILE, headers=headers).status_code == 401
    assert client.get("/api/v1/me/offers/for-you").status_code == 401


def test_writes_need_the_csrf_token(client, db) -> None:
    person = make_person(db)
    sign_in(client, person)

    assert client.put(PROFILE, json=BODY).status_code == 403
    assert client.delete(PROFILE).status_code == 403
    assert db.execute("SELECT count(*) FROM volunteer_profile WHERE user_id = %s", [person.id]).fetchone() == (0,)


def test_an_organisations_api_token_has_no_profile(client, db) -> None:
    client.cookies.clear()
    headers = api_token(db, make_organisation(db), "offers:read", "offers:write")

    assert client.get(PROFILE, headers=headers).status_code == 401
    assert client.put(PROFILE, json=BODY, headers=headers).status_code == 401
