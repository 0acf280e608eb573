"""The only place that talks to the geocoder: a Nominatim-compatible search API (VOLUMAP_GEOCODER_URL),
asked by the API on behalf of the app, with a timeout and a Redis cache per normalised query."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx
import msgspec
from redis.asyncio import Redis
from redis.exceptions import RedisError

from api.domain.places.gazetteer import district_named, normalise
from api.domain.places.schemas import PlacePublic
from api.settings import Settings

logger = logging.getLogger("volumap.places")
CACHE_PREFIX = "volumap:places:geocoder:"
MAX_RESULTS = 5


class GeocoderUnavailable(Exception):
    """The geocoder did not answer in time, or answered with an error or something unreadable."""


class NominatimAddress(msgspec.Struct):
    road: str | None = None
    pedestrian: str | None = None
    house_number: str | None = None
    postcode: str | None = None
    city: str | None = None
    town: str | None = None
    village: str | None = None
    city_district: str | None = None
    suburb: str | None = None


class NominatimPlace(msgspec.Struct):
    lat: str
    lon: str
    display_name: str = ""
    address: NominatimAddress | None = None



def _address(place: NominatimPlace, settings: Settings) -> PlacePublic | None:
    try:
        lat, lon = float(place.lat), float(place.lon)
    except ValueError:
        return None
    if not settings.in_service_area(lat, lon):
        return None  # `bounded=1` asks for this already; a geocoder that ignores it must not leak others
    parts = place.address or NominatimAddress()
    street = parts.road or parts.pedestrian
    locality = parts.city or parts.town or parts.village
    if street:
        first = f"{street} {parts.house_number}" if parts.house_number else street
        second = " ".join(p for p in (parts.postcode, locality) if p)
        label = f"{first}, {second}" if second else first
    else:
        label = place.display_name
    district = district_named(parts.city_district or parts.suburb or "") if locality == "Bielefeld" else None
    return PlacePublic(kind="address", label=label, lat=lat, lon=lon, postcode=parts.postcode,
                       district=district.name if district else None)


async def _ask(settings: Settings, query: str) -> list[PlacePublic]:
    west, south, east, north = settings.service_area
    params: dict[str, Any] = {
        "q": query, "format": "jsonv2", "addressdetails": 1, "limit": MAX_RESULTS, "countrycodes": "de",
        "viewbox": f"{west},{north},{east},{south}", "bounded": 1, "accept-language": "de",
    }
    headers = {"User-Agent": f"VoluMap/1 (City of Bielefeld; {settings.geocoder_contact})"}
    timeout = settings.geocoder_timeout_s
    try:
        # httpx's timeout applies to each phase; the outer one bounds the whole exchange.
        async with asyncio.timeout(timeout), httpx.AsyncClient(timeout=timeout, headers=headers) as client:
            response = await client.get(settings.geocoder_url.rstrip("/") + "/search", params=params)
            response.raise_for_status()
            places = msgspec.json.decode(response.content, type=list[NominatimPlace])
    except (TimeoutError, httpx.HTTPError, msgspec.DecodeError) as exc:
        logger.warning("geocoder failed: %s", type(exc).__name__)
        raise GeocoderUnavailable from exc
    return [found for place in places if (found := _address(place, settings)) is not None]


async def find_addresses(settings: Settings, redis: Redis, query: str) -> list[PlacePublic]:
    """Addresses inside the service area for `query`, from the cache or the geocoder. A cache that cannot be
    reached is skipped, not fatal: the geocoder is still asked."""
    key = CACHE_PREFIX + normalise(query)
    try:
        cached = await redis.get(key)
    except RedisError:
        cached = None
    if cached is not None:
        return msgspec.json.decode(cached, type=list[PlacePublic])
    addresses = await _ask(settings, query)
    try:
        await redis.set(key, msgspec.json.encode(addresses), ex=settings.geocoder_cache_s)
    except RedisError:
        logger.warning("geocoder cache unavailable")
    return addresses
