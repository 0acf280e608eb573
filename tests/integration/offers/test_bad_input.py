"""Every bad input is a 4xx in the problem format naming the field; nothing is ever a 500."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.factories import make_offer, make_organisation

PROBLEM = "application/problem+json"


def assert_problem(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"]
    if field is not None:
        assert field in {param["name"] for param in body["invalid-params"]}, body
    return body


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"lat": 90.5, "lon": 8}, "lat"),
        ({"lat": -91, "lon": 8}, "lat"),
        ({"lat": 52, "lon": 180.01}, "lon"),
        ({"lat": 52, "lon": -181}, "lon"),
        ({"lat": "nan", "lon": 8}, "lat"),
        ({"lat": 52, "lon": "NaN"}, "lon"),
        ({"lat": "inf", "lon": 8}, "lat"),
        ({"lat": 52, "lon": "-Infinity"}, "lon"),
        ({"lat": "north", "lon": 8}, "lat"),
        ({"lat": 52}, "lon"),
        ({"lon": 8}, "lat"),
        ({"lat": 52, "lon": 8, "radius_km": 0}, "radius_km"),
        ({"lat": 52, "lon": 8, "radius_km": -5}, "radius_km"),
        ({"lat": 52, "lon": 8, "radius_km": 100.1}, "radius_km"),
        ({"lat": 52, "lon": 8, "radius_km": "nan"}, "radius_km"),
        ({"radius_km": 5}, "radius_km"),
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "%%%"}, "cursor"),
        ({"category": "knitting"}, "category"),
        ({"category": "environment,knitting"}, "category"),
        ({"commitment": "sometimes"}, "commitment"),
        ({"starts_after": "2027-02-01T00:00:00Z", "starts_before": "2027-01-01T00:00:00Z"}, "starts_after"),
        ({"starts_after": "next tuesday"}, "starts_after"),
        ({"remote": "maybe"}, "remote"),
        ({"q": "x" * 201}, "q"),
        ({"q": "Garten\x00"}, "q"),
    ],
)
def test_bad_search_parameter_is_a_400_naming_it(client, params: dict, field: str) -> None:
    assert_problem(client.get("/api/v1/offers", params=params), 400, field)
    assert_problem(client.get("/api/v1/offers.geojson", params=params), 400, field)


def test_tampered_cursor_is_refused(client, db) -> None:
    organisation = make_organisation(db)
    for _ in range(3):
        make_offer(db, organisation)
    cursor = client.get("/api/v1/offers", params={"limit": 1}).json()["next_cursor"]
    tampered = cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB")

    assert_problem(client.get("/api/v1/offers", params={"limit": 1, "cursor": tampered}), 400, "cursor")
    assert client.get("/api/v1/offers", params={"limit": 1, "cursor": cursor}).status_code == 200


def test_query_string_over_4_kb_is_refused(client) -> None:
    response = client.get("/api/v1/offers?q=" + "a" * 4100)
    assert_problem(response, 414)


def test_non_uuid_offer_id_is_a_400(client) -> None:
    assert_problem(client.get("/api/v1/offers/42"), 400, "offer_id")


def test_unknown_offer_id_is_a_404_problem(client) -> None:
    assert_problem(client.get(f"/api/v1/offers/{uuid.uuid4()}"), 404)


def test_unknown_route_and_wrong_method_are_problems(client) -> None:
    assert_problem(client.get("/api/v1/nothing-here"), 404)
    assert_problem(client.post("/api/v1/offers", json={}), 405)


_text = st.text(max_size=40)
_number = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(min_value=-(10**30), max_value=10**30)
)
_value = st.one_of(_text, _number.map(str), st.sampled_from(["", "nan", "1e309", "-0", "true", "environment"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    params=st.dictionaries(
        st.sampled_from(["lat", "lon", "radius_km", "category", "commitment", "starts_after", "starts_before",
                         "remote", "accessible", "q", "limit", "cursor", "lang"]),
        _value,
        max_size=8,
    )
)
def test_no_search_parameters_make_a_500(client, params: dict) -> None:
    for path in ("/api/v1/offers", "/api/v1/offers.geojson"):
        response = client.get(path, params=params)
        assert response.status_code < 500, response.text
        if response.status_code >= 400:
            assert response.headers["content-type"].startswith(PROBLEM)
            assert response.json()["status"] == response.status_code


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lat=st.floats(-90, 90), lon=st.floats(-180, 180), radius=st.floats(0.001, 100))
def test_any_valid_point_and_radius_answers_200(client, lat: float, lon: float, radius: float) -> None:
    response = client.get("/api/v1/offers", params={"lat": lat, "lon": lon, "radius_km": radius})
    assert response.status_code == 200, response.text
