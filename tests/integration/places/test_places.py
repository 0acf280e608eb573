from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis

from api.settings import get_settings
from tests.support.geocoder import FakeGeocoder, fake_geocoder, nominatim_place

BIELEFELD_POSTCODES = ["33602", "33604", "33605", "33607", "33609", "33611", "33613", "33615", "33617", "33619"]


@pytest.fixture()
def geocoder(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGeocoder]:
    """The settings point at a fresh fake geocoder, with an empty cache."""
    store = redis.Redis.from_url(get_settings().redis_url)
    for key in store.scan_iter("volumap:places:geocoder:*"):
        store.delete(key)
    with fake_geocoder() as fake:
        monkeypatch.setattr(get_settings(), "geocoder_url", fake.url)
        monkeypatch.setattr(get_settings(), "geocoder_timeout_s", 0.5)
        yield fake


def test_districts_are_found_by_name_prefix_in_any_case_and_umlaut_spelling(client) -> None:
    for q in ("joell", "jöll", "JÖLLENBECK", "Joellenbeck"):
        body = client.get("/api/v1/places", params={"q": q}).json()
        assert body["places"] == [{"kind": "district", "label": "Jöllenbeck", "district": "Jöllenbeck",
                                   "lat": 52.095, "lon": 8.515}], q


def test_districts_are_found_by_part_of_the_name_prefix_matches_first(client) -> None:
    body = client.get("/api/v1/places", params={"q": "senne"}).json()
    assert [p["label"] for p in body["places"]] == ["Senne", "Sennestadt"]

    body = client.get("/api/v1/places", params={"q": "stadt"}).json()
    assert [p["label"] for p in body["places"]] == ["Sennestadt"]


def test_postcodes_are_found_by_prefix_with_their_centre(client) -> None:
    body = client.get("/api/v1/places", params={"q": "336", "limit": 10}).json()

    assert [p["postcode"] for p in body["places"]] == BIELEFELD_POSTCODES
    first = body["places"][0]
    assert first["kind"] == "postcode" and first["label"] == "33602 Bielefeld"
    assert first["lat"] == pytest.approx(52.0228, abs=1e-3) and first["lon"] == pytest.approx(8.5365, abs=1e-3)


def test_an_exact_postcode_comes_first_and_a_postcode_is_found_by_its_label(client) -> None:
    exact = client.get("/api/v1/places", params={"q": "33739"}).json()["places"]
    labelled = client.get("/api/v1/places", params={"q": "33739 biel"}).json()["places"]

    assert [p["postcode"] for p in exact] == ["33739"]
    assert [p["postcode"] for p in labelled] == ["33739"]


def test_a_postcode_outside_the_service_area_is_not_answered(client) -> None:
    munich = client.get("/api/v1/places", params={"q": "80331"}).json()
    berlin = client.get("/api/v1/places", params={"q": "10"}).json()

    assert munich["places"] == []
    assert berlin["places"] == []


def test_the_service_area_setting_bounds_districts_and_postcodes(client, monkeypatch) -> None:
    monkeypatch.setattr(get_settings(), "service_area_bbox", "8.50,52.00,8.60,52.10")  # no Senne, no Sennestadt

    assert client.get("/api/v1/places", params={"q": "senne"}).json()["places"] == []
    assert "33689" not in [p["postcode"] for p in client.get("/api/v1/places", params={"q": "336"}).json()["places"]]


def test_without_a_geocoder_address_search_is_off_and_no_one_is_asked(client) -> None:
    body = client.get("/api/v1/places", params={"q": "Niederwall 23"}).json()

    assert body == {"address_search": False, "places": []}


def test_places_are_cacheable(client) -> None:
    first = client.get("/api/v1/places", params={"q": "mitte"})
    again = client.get("/api/v1/places", params={"q": "mitte"}, headers={"If-None-Match": first.headers["etag"]})

    assert "max-age=3600" in first.headers["cache-control"]
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("params", "name"),
    [({"q": "33\x00602"}, "q"), ({"q": "x" * 101}, "q"), ({"q": "   "}, "q"), ({"q": "mitte", "limit": 0}, "limit")],
)
def test_an_invalid_query_is_a_problem_naming_the_parameter(client, params, name) -> None:
    response = client.get("/api/v1/places", params=params)

    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [p["name"] for p in response.json()["invalid-params"]] == [name]


def test_a_missing_query_is_a_problem_naming_q(client) -> None:
    response = client.get("/api/v1/places")

    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalid-params"]] == ["q"]


def test_addresses_come_from_the_geocoder_inside_the_service_area(client, geocoder) -> None:
    geocoder.places = [
        nominatim_place(52.0219, 8.5346, "Niederwall", "23", "33602", "Bielefeld", suburb="Mitte"),
        nominatim_place(48.137, 11.575, "Niederwall", "23", "80331", "München"),  # outside: left out
    ]

    body = client.get("/api/v1/places", params={"q": "Niederwall 23"}).json()

    assert body == {"address_search": True, "places": [
        {"kind": "address", "label": "Niederwall 23, 33602 Bielefeld", "postcode": "33602", "district": "Mitte",
         "lat": 52.0219, "lon": 8.5346},
    ]}
    assert geocoder.last_query["q"] == "Niederwall 23"
    assert geocoder.last_query["format"] == "jsonv2"
    assert geocoder.last_query["countrycodes"] == "de"
    assert geocoder.last_query["bounded"] == "1"
    assert geocoder.last_query["viewbox"] == "5.8,52.6,9.5,50.3"
    assert geocoder.last_query["accept-language"] == "de"
    assert "VoluMap" in geocoder.last_headers["User-Agent"]
    assert get_settings().geocoder_contact in geocoder.last_headers["User-Agent"]


def test_the_same_address_query_is_answered_from_the_cache(client, geocoder) -> None:
    geocoder.places = [nominatim_place(52.0219, 8.5346, "Niederwall", "23", "33602", "Bielefeld")]

    first = client.get("/api/v1/places", params={"q": "Niederwall 23"}).json()
    again = client.get("/api/v1/places", params={"q": "  niederwall   23 "}).json()

    assert geocoder.calls == 1
    assert again == first
    assert first["places"][0]["label"] == "Niederwall 23, 33602 Bielefeld"


def test_districts_and_postcodes_are_not_sent_to_the_geocoder(client, geocoder) -> None:
    client.get("/api/v1/places", params={"q": "Heepen"})
    client.get("/api/v1/places", params={"q": "33602"})
    client.get("/api/v1/places", params={"q": "ab"})

    assert geocoder.calls == 0


def _assert_unavailable(response) -> None:
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["retry-after"] == "30"
    problem = response.json()
    assert problem["type"] == "https://volumap.bielefeld.de/problems/service-unavailable"
    assert problem["detail"].startswith("The address search is not answering right now")


def test_a_slow_geocoder_is_a_service_unavailable_problem(client, geocoder) -> None:
    geocoder.delay_s = 2.0

    _assert_unavailable(client.get("/api/v1/places", params={"q": "Jahnplatz 5"}))


def test_a_failing_geocoder_is_a_service_unavailable_problem_in_german_by_default(
    client_without_language, geocoder
) -> None:
    geocoder.status = 500

    response = client_without_language.get("/api/v1/places", params={"q": "Jahnplatz 5"})

    assert response.status_code == 503
    assert response.json()["detail"].startswith("Die Adresssuche antwortet gerade nicht")
    assert response.headers["retry-after"] == "30"


def test_a_failed_answer_is_not_cached(client, geocoder) -> None:
    geocoder.status = 500
    _assert_unavailable(client.get("/api/v1/places", params={"q": "Jahnplatz 5"}))

    geocoder.status = 200
    geocoder.places = [nominatim_place(52.0226, 8.5318, "Jahnplatz", "5", "33602", "Bielefeld")]
    body = client.get("/api/v1/places", params={"q": "Jahnplatz 5"}).json()

    assert [p["label"] for p in body["places"]] == ["Jahnplatz 5, 33602 Bielefeld"]
    assert geocoder.calls == 2
