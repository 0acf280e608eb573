"""Public search: visibility, filters, pagination, and the GeoJSON form."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from pyproj import Geod

from tests.support.factories import BIELEFELD_MITTE, make_offer, make_organisation

GEOD = Geod(ellps="WGS84")
LAT, LON = BIELEFELD_MITTE
NOT_PUBLISHED = ["draft", "in_review", "paused", "closed", "expired", "rejected"]


def _near(distance_m: float, azimuth: float = 90.0) -> dict[str, float]:
    lon, lat, _ = GEOD.fwd(LON, LAT, azimuth, distance_m)
    return {"lat": lat, "lon": lon}


def _ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_search_excludes_unpublished_offers(client, db) -> None:
    organisation = make_organisation(db)
    published = make_offer(db, organisation, **_near(100))
    hidden = [make_offer(db, organisation, status=status, **_near(50)) for status in NOT_PUBLISHED]

    near = _ids(client.get("/api/v1/offers", params={"lat": LAT, "lon": LON}))
    newest = _ids(client.get("/api/v1/offers"))

    assert near == [str(published["id"])]
    assert newest == [str(published["id"])]
    for offer in hidden:
        assert client.get(f"/api/v1/offers/{offer['id']}").status_code == 404


def test_search_orders_nearest_first_with_distance(client, db) -> None:
    organisation = make_organisation(db)
    far = make_offer(db, organisation, **_near(3000))
    near = make_offer(db, organisation, **_near(200, azimuth=200))
    middle = make_offer(db, organisation, **_near(1500, azimuth=10))

    items = client.get("/api/v1/offers", params={"lat": LAT, "lon": LON, "radius_km": 5}).json()["items"]

    assert [item["id"] for item in items] == [str(near["id"]), str(middle["id"]), str(far["id"])]
    assert [round(item["distance_m"]) for item in items] == [200, 1500, 3000]


def test_default_radius_is_ten_km(client, db) -> None:
    organisation = make_organisation(db)
    inside = make_offer(db, organisation, **_near(9900))
    make_offer(db, organisation, **_near(10100))

    assert _ids(client.get("/api/v1/offers", params={"lat": LAT, "lon": LON})) == [str(inside["id"])]


def test_search_without_point_lists_newest_first(client, db) -> None:
    organisation = make_organisation(db)
    now = datetime.now(UTC)
    old = make_offer(db, organisation, published_at=now - timedelta(days=3))
    new = make_offer(db, organisation, published_at=now - timedelta(hours=1))
    remote = make_offer(db, organisation, lat=None, published_at=now - timedelta(days=1))

    items = client.get("/api/v1/offers").json()["items"]

    assert [item["id"] for item in items] == [str(new["id"]), str(remote["id"]), str(old["id"])]
    assert all(item["distance_m"] is None for item in items)
    assert items[1]["location"] is None and items[1]["is_remote"] is True


def test_filters_by_category_commitment_remote_and_accessibility(client, db) -> None:
    organisation = make_organisation(db)
    environment = make_offer(db, organisation, category_ids=[5, 11], **_near(100))
    sport = make_offer(db, organisation, category_ids=[6], commitment="regular", accessible=True, **_near(200))
    remote_help = make_offer(db, organisation, category_ids=[12], is_remote=True, **_near(300))
    point = {"lat": LAT, "lon": LON}

    assert _ids(client.get("/api/v1/offers", params={**point, "category": "environment"})) == [str(environment["id"])]
    assert _ids(client.get("/api/v1/offers", params={**point, "category": "sport,environment"})) == [
        str(environment["id"]), str(sport["id"])
    ]
    repeated = [("lat", LAT), ("lon", LON), ("category", "sport"), ("category", "digital-help")]
    assert _ids(client.get("/api/v1/offers", params=repeated)) == [
        str(sport["id"]), str(remote_help["id"])
    ]
    assert _ids(client.get("/api/v1/offers", params={**point, "commitment": "regular"})) == [str(sport["id"])]
    assert _ids(client.get("/api/v1/offers", params={**point, "remote": "true"})) == [str(remote_help["id"])]
    assert _ids(client.get("/api/v1/offers", params={**point, "remote": "false"})) == [
        str(environment["id"]), str(sport["id"])
    ]
    assert _ids(client.get("/api/v1/offers", params={**point, "accessible": "true"})) == [str(sport["id"])]


def test_filters_by_start_window(client, db) -> None:
    organisation = make_organisation(db)
    start = datetime(2027, 3, 6, 10, tzinfo=UTC)
    saturday = make_offer(db, organisation, commitment="one_off", starts_at=start, ends_at=start + timedelta(hours=3))
    make_offer(db, organisation, commitment="one_off", starts_at=start + timedelta(days=7),
               ends_at=start + timedelta(days=7, hours=2))
    make_offer(db, organisation, commitment="flexible")

    found = _ids(client.get("/api/v1/offers", params={
        "starts_after": "2027-03-06T00:00:00+01:00", "starts_before": "2027-03-07T00:00:00Z"}))

    assert found == [str(saturday["id"])]


def test_text_search_uses_german_stemming(client, db) -> None:
    organisation = make_organisation(db)
    garden = make_offer(db, organisation, title="Gärten pflegen im Bürgerpark", description="<p>Wir gießen Beete.</p>")
    make_offer(db, organisation, title="Hausaufgabenhilfe", description="<p>Mathe und Deutsch</p>")

    assert _ids(client.get("/api/v1/offers", params={"q": "Garten"})) == [str(garden["id"])]
    assert _ids(client.get("/api/v1/offers", params={"q": "Beet"})) == [str(garden["id"])]
    assert _ids(client.get("/api/v1/offers", params={"q": "Garten -Bürgerpark"})) == []


@pytest.mark.parametrize("with_point", [True, False])
def test_pagination_returns_every_offer_once_while_offers_are_added(client, db, with_point: bool) -> None:
    rng = random.Random(7)
    organisation = make_organisation(db)
    now = datetime.now(UTC)
    existing = {
        str(make_offer(db, organisation, published_at=now - timedelta(minutes=rng.uniform(1, 600)),
                       **_near(rng.uniform(0, 9000), rng.uniform(0, 360)))["id"])
        for _ in range(60)
    }
    params = {"lat": LAT, "lon": LON, "limit": 7} if with_point else {"limit": 7}

    seen: list[str] = []
    added: set[str] = set()
    cursor = None
    while True:
        body = client.get("/api/v1/offers", params={**params, **({"cursor": cursor} if cursor else {})}).json()
        seen.extend(item["id"] for item in body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            break
        for _ in range(3):  # between pages, new offers appear nearer, farther, older and newer
            added.add(str(make_offer(db, organisation, published_at=now + timedelta(seconds=rng.uniform(-36000, 60)),
                                     **_near(rng.uniform(0, 9000), rng.uniform(0, 360)))["id"]))

    assert len(seen) == len(set(seen)), "an offer appeared twice"
    assert existing <= set(seen), "an offer that existed all along was skipped"
    assert set(seen) <= existing | added


def test_geojson_forms_carry_the_same_results(client, db) -> None:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation, **_near(500))
    remote = make_offer(db, organisation, lat=None)
    point = {"lat": LAT, "lon": LON}

    plain = client.get("/api/v1/offers.geojson", params=point)
    negotiated = client.get("/api/v1/offers", params=point, headers={"Accept": "application/geo+json"})
    newest = client.get("/api/v1/offers.geojson").json()

    for response in (plain, negotiated):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/geo+json")
        collection = response.json()
        assert collection["type"] == "FeatureCollection"
        [feature] = collection["features"]
        assert feature["type"] == "Feature" and feature["id"] == str(offer["id"])
        assert feature["geometry"]["type"] == "Point"
        assert feature["geometry"]["coordinates"] == pytest.approx([offer["lon"], offer["lat"]], abs=1e-9)
        assert feature["properties"]["distance_m"] == pytest.approx(500, abs=0.1)
    assert {f["id"]: f["geometry"] for f in newest["features"]}[str(remote["id"])] is None
    assert "Accept" in negotiated.headers["vary"]


def test_search_far_outside_the_service_area_is_empty(client, db) -> None:
    make_offer(db, make_organisation(db))

    for lat, lon in [(-89.9, -179.9), (0, 0), (40.7, -74.0), (90, 180)]:
        response = client.get("/api/v1/offers", params={"lat": lat, "lon": lon, "radius_km": 100})
        assert response.status_code == 200
        assert response.json() == {"items": [], "next_cursor": None}


def test_cursor_only_continues_its_own_search(client, db) -> None:
    organisation = make_organisation(db)
    for distance in (100, 200, 300):
        make_offer(db, organisation, **_near(distance))
    cursor = client.get("/api/v1/offers", params={"lat": LAT, "lon": LON, "limit": 1}).json()["next_cursor"]

    other = client.get("/api/v1/offers", params={"lat": LAT, "lon": LON, "radius_km": 3, "cursor": cursor})
    newest = client.get("/api/v1/offers", params={"cursor": cursor})
    bigger_page = client.get("/api/v1/offers", params={"lat": LAT, "lon": LON, "limit": 5, "cursor": cursor})

    assert other.status_code == 400 and other.json()["invalid-params"][0]["name"] == "cursor"
    assert newest.status_code == 400
    assert bigger_page.status_code == 200 and len(bigger_page.json()["items"]) == 2


@pytest.mark.parametrize("with_point", [True, False])
def test_pagination_keeps_offers_at_the_same_place_and_time_apart(client, db, with_point: bool) -> None:
    """Many offers at one address (same distance) or published at one moment still page exactly once."""
    organisation = make_organisation(db)
    moment = datetime.now(UTC) - timedelta(hours=1)
    same = {str(make_offer(db, organisation, published_at=moment, **_near(700))["id"]) for _ in range(9)}
    others = {str(make_offer(db, organisation, **_near(300 + 100 * i))["id"]) for i in range(3)}
    params = {"lat": LAT, "lon": LON, "limit": 2} if with_point else {"limit": 2}

    seen, cursor = [], None
    while True:
        body = client.get("/api/v1/offers", params={**params, **({"cursor": cursor} if cursor else {})}).json()
        seen.extend(item["id"] for item in body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            break

    assert len(seen) == len(set(seen)) == 12
    assert set(seen) == same | others


def test_several_categories_merge_nearest_first_each_offer_once(client, db) -> None:
    rng = random.Random(11)
    organisation = make_organisation(db)
    offers = {}
    for _ in range(40):
        categories = rng.choice([[5], [6], [5, 6], [5, 6, 11], [11]])
        offer = make_offer(db, organisation, category_ids=categories,
                           **_near(rng.uniform(0, 8000), rng.uniform(0, 360)))
        offers[str(offer["id"])] = (categories, GEOD.inv(LON, LAT, offer["lon"], offer["lat"])[2])
    wanted = {i for i, (cats, _) in offers.items() if {5, 6} & set(cats)}

    seen, cursor = [], None
    while True:
        params = [("lat", LAT), ("lon", LON), ("category", "environment"), ("category", "sport"), ("limit", 3)]
        body = client.get("/api/v1/offers", params=params + ([("cursor", cursor)] if cursor else [])).json()
        seen.extend(item["id"] for item in body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            break

    assert len(seen) == len(set(seen)) and set(seen) == wanted
    distances = [offers[i][1] for i in seen]
    assert distances == sorted(distances)
