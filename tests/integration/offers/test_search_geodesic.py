"""The radius search against an independent geodesic computation (pyproj's Geod, GeographicLib)."""

from __future__ import annotations

import random

import pytest
from pyproj import Geod

from tests.support.factories import make_offer, make_organisation

GEOD = Geod(ellps="WGS84")


def _page_through(client, params: dict, limit: int = 100) -> list[dict]:
    items, cursor = [], None
    while True:
        query = {**params, "limit": limit, **({"cursor": cursor} if cursor else {})}
        response = client.get("/api/v1/offers", params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        items.extend(body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            return items


def _geodesic_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return GEOD.inv(lon1, lat1, lon2, lat2)[2]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_radius_search_matches_geodesic_set_and_order(client, db, seed: int) -> None:
    rng = random.Random(seed)
    centre_lat, centre_lon = rng.uniform(50.5, 52.3), rng.uniform(6.2, 9.2)
    radius_km = rng.choice([1, 5, 25])
    radius_m = radius_km * 1000
    organisation = make_organisation(db)
    offers = []
    for _ in range(120):
        distance = rng.uniform(0, radius_m * 1.6)
        lon, lat, _ = GEOD.fwd(centre_lon, centre_lat, rng.uniform(0, 360), distance)
        offers.append(make_offer(db, organisation, lat=lat, lon=lon))
    # Right at the edge: half a metre inside and outside, in every direction.
    for azimuth in range(0, 360, 30):
        for distance in (radius_m - 0.5, radius_m + 0.5):
            lon, lat, _ = GEOD.fwd(centre_lon, centre_lat, azimuth, distance)
            offers.append(make_offer(db, organisation, lat=lat, lon=lon))

    expected = sorted(
        ((_geodesic_m(centre_lat, centre_lon, o["lat"], o["lon"]), str(o["id"])) for o in offers),
    )
    expected = [(d, offer_id) for d, offer_id in expected if d <= radius_m]

    found = _page_through(client, {"lat": centre_lat, "lon": centre_lon, "radius_km": radius_km}, limit=37)

    assert {item["id"] for item in found} == {offer_id for _, offer_id in expected}
    assert len(found) == len(expected)
    for item, (distance, _) in zip(found, expected, strict=True):
        # The k-th result is as far as the k-th nearest offer: the order is the geodesic order, up to
        # swaps of offers whose distances differ by less than the metric CRS's error (0.05 %).
        assert item["distance_m"] == pytest.approx(distance, rel=5e-4, abs=0.1)
    by_id = {offer_id: d for d, offer_id in expected}
    for item in found:
        # The reported distance is the geodesic one, to the decimetre.
        assert item["distance_m"] == pytest.approx(by_id[item["id"]], abs=0.06)


def test_offer_half_a_metre_outside_the_radius_is_excluded(client, db) -> None:
    organisation = make_organisation(db)
    centre_lat, centre_lon = 52.0215, 8.5325
    lon_in, lat_in, _ = GEOD.fwd(centre_lon, centre_lat, 45, 1999.5)
    lon_out, lat_out, _ = GEOD.fwd(centre_lon, centre_lat, 45, 2000.5)
    inside = make_offer(db, organisation, lat=lat_in, lon=lon_in)
    make_offer(db, organisation, lat=lat_out, lon=lon_out)

    body = client.get("/api/v1/offers", params={"lat": centre_lat, "lon": centre_lon, "radius_km": 2}).json()

    assert [item["id"] for item in body["items"]] == [str(inside["id"])]
    assert body["items"][0]["distance_m"] == pytest.approx(1999.5, abs=0.06)
