"""GET /api/v1/map (the app's map background, from the settings) and the tiles' origin in the app's
Content-Security-Policy."""

from __future__ import annotations

import pydantic
import pytest

from api.settings import Settings, get_settings


def _image_sources(client) -> list[str]:
    policy = client.get("/").headers["content-security-policy"]
    [images] = [part for part in policy.split(";") if part.strip().startswith("img-src")]
    return images.split()[1:]


def test_without_tiles_the_map_has_no_background_and_images_come_only_from_the_app(client) -> None:
    response = client.get("/api/v1/map")

    assert response.status_code == 200
    assert response.json() == {"tile_url": None, "attribution": "", "max_zoom": 19,
                               "service_area": list(get_settings().service_area)}
    assert response.headers["cache-control"] == "public, max-age=3600"
    assert client.get("/api/v1/map", headers={"If-None-Match": response.headers["etag"]}).status_code == 304
    assert _image_sources(client) == ["'self'", "data:"]


def test_a_tile_server_is_announced_and_only_its_origin_is_allowed_for_images(client, monkeypatch) -> None:
    monkeypatch.setattr(get_settings(), "map_tile_url", "https://{s}.tiles.example.org/osm/{z}/{x}/{y}.png")
    monkeypatch.setattr(get_settings(), "map_attribution", "© OpenStreetMap-Mitwirkende")
    monkeypatch.setattr(get_settings(), "map_max_zoom", 18)

    body = client.get("/api/v1/map").json()

    assert body["tile_url"] == "https://{s}.tiles.example.org/osm/{z}/{x}/{y}.png"
    assert body["attribution"] == "© OpenStreetMap-Mitwirkende"
    assert body["max_zoom"] == 18
    assert _image_sources(client) == ["'self'", "data:", "https://a.tiles.example.org",
                                      "https://b.tiles.example.org", "https://c.tiles.example.org"]
    # The API's own answers are not the app: their policy does not grow.
    assert "tiles.example.org" not in client.get("/api/v1/map").headers.get("content-security-policy", "")


@pytest.mark.parametrize("url", ["ftp://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org/{z}/{x}.png",
                                 "javascript:alert(1)//{z}{x}{y}"])
def test_a_tile_url_that_is_not_an_http_template_is_refused_at_start(url: str) -> None:
    with pytest.raises(pydantic.ValidationError, match="map_tile_url"):
        Settings(map_tile_url=url)
