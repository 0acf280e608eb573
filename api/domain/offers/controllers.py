from __future__ import annotations

from datetime import datetime
from typing import Annotated

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import PathParameter, QueryParameter

from api.db.offers import Commitment
from api.domain.applications.calendar import ICS_SUFFIX
from api.domain.offers.calendar import offer_calendar
from api.domain.offers.examples import OFFER_COLLECTION_EXAMPLE, OFFER_DETAIL_EXAMPLE, OFFER_PAGE_EXAMPLE
from api.domain.offers.schemas import OfferDetail, OfferFeatureCollection, OfferPage
from api.domain.offers.services import OfferSearch, OfferService
from api.lib.auth import AnyRequest
from api.lib.http_cache import PUBLIC_READ, cacheable_json
from api.lib.params import parse_uuid
from api.lib.problems import PROBLEM_RESPONSES

GEOJSON = "application/geo+json"

Lat = Annotated[
    float | None,
    QueryParameter(description="Latitude (WGS84) of the search point.", examples=[Example(value=52.0215)]),
]
Lon = Annotated[
    float | None,
    QueryParameter(description="Longitude (WGS84) of the search point.", examples=[Example(value=8.5325)]),
]
RadiusKm = Annotated[
    float | None,
    QueryParameter(description="Search radius in km (default 10, at most 100). Needs lat and lon.",
              examples=[Example(value=5)]),
]
Categories = Annotated[
    list[str] | None,
    QueryParameter(name="category", description="Category slugs; repeat or separate by commas. Any of them matches.",
              examples=[Example(value=["environment"])]),
]
CommitmentParam = Annotated[Commitment | None, QueryParameter(description="one_off, regular or flexible.")]
StartsAfter = Annotated[
    datetime | None,
    QueryParameter(description="Only offers starting at or after this time (ISO 8601; no offset means UTC). "
              "Offers without a fixed start are left out when a date filter is set.",
              examples=[Example(value="2026-12-01T00:00:00+01:00")]),
]
StartsBefore = Annotated[datetime | None, QueryParameter(description="Only offers starting before this time.")]
Remote = Annotated[bool | None, QueryParameter(description="true: only remote offers; false: only on-site ones.")]
Accessible = Annotated[bool | None, QueryParameter(description="true: only offers marked wheelchair accessible.")]
Q = Annotated[
    str | None,
    QueryParameter(description="Words to find in title, summary and description (German stemming; "
              "\"quoted phrases\", -exclusion and OR work).", examples=[Example(value="Garten")]),
]
Limit = Annotated[int | None, QueryParameter(description="Page size, 1 to 100 (default 20).")]
Cursor = Annotated[str | None, QueryParameter(description="`next_cursor` of the previous page.")]


class OfferController(Controller):
    path = "/api/v1"
    tags = ["Offers"]

    async def _search(
        self,
        offer_service: OfferService,
        lat: float | None,
        lon: float | None,
        radius_km: float | None,
        category: list[str] | None,
        commitment: Commitment | None,
        starts_after: datetime | None,
        starts_before: datetime | None,
        remote: bool | None,
        accessible: bool | None,
        q: str | None,
        limit: int | None,
        cursor: str | None,
    ) -> OfferPage:
        search = OfferSearch.parse(
            offer_service.settings,
            await offer_service.catalogue(),
            lat=lat, lon=lon, radius_km=radius_km, categories=category, commitment=commitment,
            starts_after=starts_after, starts_before=starts_before, remote=remote, accessible=accessible,
            q=q, limit=limit,
        )
        return await offer_service.search(search, cursor)

    @get(
        "/offers",
        operation_id="searchOffers",
        opt=PUBLIC_READ,
        summary="Search published offers",
        description=(
            "With lat/lon: published offers within radius_km, nearest first, each with its geodesic "
            "`distance_m`. Without: newest first. Send `Accept: application/geo+json` for a GeoJSON "
            "FeatureCollection. Page with `next_cursor`."
        ),
        responses={
            200: ResponseSpec(data_container=OfferPage, examples=[Example(value=OFFER_PAGE_EXAMPLE)]),
            **PROBLEM_RESPONSES,
        },
    )
    async def search_offers(
        self,
        request: AnyRequest,
        offer_service: NamedDependency[OfferService],
        lat: Lat = None,
        lon: Lon = None,
        radius_km: RadiusKm = None,
        category: Categories = None,
        commitment: CommitmentParam = None,
        starts_after: StartsAfter = None,
        starts_before: StartsBefore = None,
        remote: Remote = None,
        accessible: Accessible = None,
        q: Q = None,
        limit: Limit = None,
        cursor: Cursor = None,
    ) -> Response[OfferPage | OfferFeatureCollection]:
        page = await self._search(offer_service, lat, lon, radius_km, category, commitment, starts_after,
                                  starts_before, remote, accessible, q, limit, cursor)
        headers = {"Vary": "Accept", "Cache-Control": "public, max-age=30"}
        if GEOJSON in request.headers.get("accept", ""):
            return Response(OfferFeatureCollection.from_page(page), media_type=GEOJSON, headers=headers)
        return Response(page, headers=headers)

    @get(
        "/offers.geojson",
        operation_id="searchOffersGeoJSON",
        opt=PUBLIC_READ,
        summary="Search published offers as GeoJSON",
        description="The same search as `searchOffers`, as a GeoJSON FeatureCollection (RFC 7946).",
        media_type=GEOJSON,
        responses={
            200: ResponseSpec(
                data_container=OfferFeatureCollection,
                media_type=GEOJSON,
                examples=[Example(value=OFFER_COLLECTION_EXAMPLE)],
            ),
            **PROBLEM_RESPONSES,
        },
    )
    async def search_offers_geojson(
        self,
        offer_service: NamedDependency[OfferService],
        lat: Lat = None,
        lon: Lon = None,
        radius_km: RadiusKm = None,
        category: Categories = None,
        commitment: CommitmentParam = None,
        starts_after: StartsAfter = None,
        starts_before: StartsBefore = None,
        remote: Remote = None,
        accessible: Accessible = None,
        q: Q = None,
        limit: Limit = None,
        cursor: Cursor = None,
    ) -> Response[OfferFeatureCollection]:
        page = await self._search(offer_service, lat, lon, radius_km, category, commitment, starts_after,
                                  starts_before, remote, accessible, q, limit, cursor)
        return Response(
            OfferFeatureCollection.from_page(page),
            media_type=GEOJSON,
            headers={"Cache-Control": "public, max-age=30"},
        )

    @get(
        "/offers/{offer_id:str}",
        operation_id="getOffer",
        opt=PUBLIC_READ,
        summary="One published offer",
        description=(
            "Everything about a published offer, with `places_left` and `is_full`. Sends an ETag; answers 304 "
            "to If-None-Match. `/api/v1/offers/{id}.ics` is a one-off offer as an iCalendar file "
            "(text/calendar; 409 for offers without a date)."
        ),
        responses={
            200: ResponseSpec(data_container=OfferDetail, examples=[Example(value=OFFER_DETAIL_EXAMPLE)]),
            **PROBLEM_RESPONSES,
        },
    )
    async def get_offer(
        self,
        request: AnyRequest,
        offer_service: NamedDependency[OfferService],
        offer_id: Annotated[str, PathParameter(description="The offer's UUID.",
                                            examples=[Example(value=OFFER_DETAIL_EXAMPLE["id"])])],
    ) -> Response[bytes]:
        # `{id}.ics` shares this route: a path parameter always spans a whole segment.
        if offer_id.endswith(ICS_SUFFIX):
            offer = await offer_service.published(parse_uuid(offer_id.removesuffix(ICS_SUFFIX), "offer_id"))
            return Response(
                offer_calendar(offer, offer_service.settings),
                media_type="text/calendar; charset=utf-8",
                headers={"Cache-Control": "public, max-age=60",
                         "Content-Disposition": f'attachment; filename="{offer.id}.ics"'},
            )
        offer = await offer_service.published(parse_uuid(offer_id, "offer_id"))
        return cacheable_json(request, offer, max_age=60)
