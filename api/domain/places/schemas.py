from __future__ import annotations

from typing import Literal

import msgspec

PlaceKind = Literal["district", "postcode", "address"]


class PlacePublic(msgspec.Struct, omit_defaults=True):
    """A point a search can start from."""

    kind: PlaceKind
    label: str
    """What to show: the district's name, "33602 Bielefeld", or the address."""
    lat: float
    lon: float
    postcode: str | None = None
    district: str | None = None
    """The Stadtbezirk (a district's own name; for an address when the geocoder names one of the ten)."""


class PlaceResults(msgspec.Struct):
    address_search: bool
    """Whether street addresses can be found (a geocoder is configured). When false, the app offers districts
    and postcodes only and says so."""
    places: list[PlacePublic]


class MapSettings(msgspec.Struct):
    """What an app needs to draw the map of search results."""

    tile_url: str | None
    """Tile URL template (`{z}`, `{x}`, `{y}`, maybe `{s}` for subdomains a, b, c), or null: no background
    configured, markers on a plain background."""
    attribution: str
    """Plain text to show on the map (the tiles' copyright); empty without tiles."""
    max_zoom: int
    service_area: list[float]
    """Where offers can be: west, south, east, north in degrees (WGS84)."""
