"""Finding published offers: radius search (nearest first), newest first, and single offers.

All SQL about reading offers lives here. The radius search keeps the shape measured in docs/architecture.md
("Matching"): KNN order on the metric point (`location <-> :p`) with an index-bound cutoff, so its cost
stays flat as the table grows. The metric distance only orders and bounds the walk; membership and the
reported `distance_m` are geodesic (PostGIS geography on the WGS84 spheroid).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, NamedTuple, Protocol
from uuid import UUID

import msgspec
from sqlalchemy import (
    ARRAY,
    Boolean,
    ColumnElement,
    Float,
    Integer,
    Select,
    and_,
    any_,
    bindparam,
    cast,
    func,
    literal_column,
    not_,
    select,
    text,
    true,
    tuple_,
)
from sqlalchemy.dialects.postgresql.base import PGDialect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.db.engine import fetch_nearest_first
from api.db.offers import METRIC_SRID, Commitment, Offer, OfferCategoryPoint
from api.db.organisations import Organisation
from api.domain.applications.waiting_list import PLACES_LEFT_SQL
from api.domain.categories.services import CategoryCatalogue, cached_catalogue, get_catalogue
from api.domain.offers.schemas import (
    GeoPoint,
    OfferDetail,
    OfferPage,
    OfferSummary,
    OrganisationRef,
    WeeklySlot,
)
from api.lib.cursors import CursorCodec
from api.lib.errors import InvalidInputError, InvalidParam, NotFoundError
from api.lib.messages import msg
from api.lib.params import OUT_OF_CALENDAR, within_calendar
from api.lib.sanitising import sanitise_html
from api.settings import Settings

# The metric CRS stretches distances by at most ~1 % anywhere the search area reaches; walking the
# index a little past the radius keeps every geodesic match, the exact filter drops the rest.
CUTOFF_FACTOR = 1.02
# Points farther than this (in degrees) outside the service area cannot reach any offer within the
# maximum radius; they are answered without a query (and UTM 32N is meaningless far from its zone).
SERVICE_AREA_MARGIN_DEG = 2.0

# What every list of offers shows (OfferSummary), named as `offer_summary` reads them; a statement adds the
# distance (`distance_m`, NULL without a point) and, for a search, the `rank` its cursor continues from.
SUMMARY_COLUMNS = """
    o.id, o.title, o.summary, org.slug AS organisation_slug, org.name AS organisation_name, o.category_ids,
    o.commitment, o.starts_at, o.ends_at, o.district, o.is_remote, o.accessible,
    ST_Y(o.geog::geometry) AS lat, ST_X(o.geog::geometry) AS lon, o.published_at"""


@dataclass(frozen=True, slots=True)
class OfferSearch:
    """A validated search. Build it with `OfferSearch.parse`; every rule about the parameters is there."""

    lat: float | None = None
    lon: float | None = None
    radius_km: float = 10.0
    category_ids: list[int] = field(default_factory=list)
    commitment: Commitment | None = None
    starts_after: datetime | None = None
    starts_before: datetime | None = None
    remote: bool | None = None
    accessible: bool | None = None
    q: str | None = None
    limit: int = 20

    @property
    def is_radius_search(self) -> bool:
        return self.lat is not None

    @classmethod
    def parse(
        cls,
        settings: Settings,
        catalogue: CategoryCatalogue,
        *,
        lat: float | None,
        lon: float | None,
        radius_km: float | None,
        categories: list[str] | None,
        commitment: Commitment | None,
        starts_after: datetime | None,
        starts_before: datetime | None,
        remote: bool | None,
        accessible: bool | None,
        q: str | None,
        limit: int | None,
    ) -> OfferSearch:
        problems: list[InvalidParam] = []
        for name, value in (("lat", lat), ("lon", lon), ("radius_km", radius_km)):
            if value is not None and not math.isfinite(value):
                problems.append(InvalidParam(name, msg("must be a finite number")))
        if lat is not None and math.isfinite(lat) and not -90 <= lat <= 90:
            problems.append(InvalidParam("lat", msg("must be between {min} and {max}", min=-90, max=90)))
        if lon is not None and math.isfinite(lon) and not -180 <= lon <= 180:
            problems.append(InvalidParam("lon", msg("must be between {min} and {max}", min=-180, max=180)))
        if (lat is None) != (lon is None):
            problems.append(InvalidParam("lat" if lat is None else "lon", msg("lat and lon go together")))
        if radius_km is not None:
            if lat is None and lon is None:
                problems.append(InvalidParam("radius_km", msg("needs lat and lon")))
            elif math.isfinite(radius_km) and not 0 < radius_km <= settings.search_max_radius_km:
                maximum = settings.search_max_radius_km
                problems.append(InvalidParam("radius_km", msg("must be above 0 and at most {max}", max=maximum)))
        if limit is not None and not 1 <= limit <= settings.search_max_limit:
            problems.append(InvalidParam("limit", msg("must be between {min} and {max}", min=1,
                                                      max=settings.search_max_limit)))
        outside = [name for name, moment in (("starts_after", starts_after), ("starts_before", starts_before))
                   if moment is not None and not within_calendar(moment)]
        problems.extend(InvalidParam(name, OUT_OF_CALENDAR) for name in outside)
        if not outside and starts_after and starts_before and _aware(starts_after) > _aware(starts_before):
            problems.append(InvalidParam("starts_after", msg("must not be later than starts_before")))
        query = (q or "").strip()
        if len(query) > 200:
            problems.append(InvalidParam("q", msg("must be at most {count} characters", count=200)))
        if "\x00" in query:  # PostgreSQL text cannot hold it: a 400 here, not an error from the database
            problems.append(InvalidParam("q", msg("must not contain NUL characters")))
        slugs = [slug.strip() for entry in categories or [] for slug in entry.split(",") if slug.strip()]
        try:
            category_ids = catalogue.ids_for(slugs)
        except InvalidInputError as exc:
            problems.extend(exc.params)
            category_ids = []
        if problems:
            raise InvalidInputError(*problems)
        return cls(
            lat=lat,
            lon=lon,
            radius_km=radius_km if radius_km is not None else settings.search_default_radius_km,
            category_ids=category_ids,
            commitment=commitment,
            starts_after=_aware(starts_after) if starts_after else None,
            starts_before=_aware(starts_before) if starts_before else None,
            remote=remote,
            accessible=accessible,
            q=query or None,
            limit=limit or settings.search_default_limit,
        )

    def key(self) -> str:
        """Identifies the result set (not the page size): a cursor only continues the search it came from."""
        fields = [self.lat, self.lon, self.radius_km if self.is_radius_search else None, self.category_ids,
                  self.commitment, self.starts_after, self.starts_before, self.remote, self.accessible, self.q]
        return hashlib.blake2b(msgspec.json.encode(fields), digest_size=8).hexdigest()


def _aware(moment: datetime) -> datetime:
    """Times without an offset are read as UTC (the API documents this)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class SearchPosition:
    """Where a page ended: the last rank (distance or publication time) and the offers sent at it."""

    rank: float | datetime
    ids: list[UUID]

    def dump(self) -> list[Any]:
        rank = self.rank.isoformat() if isinstance(self.rank, datetime) else self.rank
        return [rank, [offer_id.hex for offer_id in self.ids]]

    @classmethod
    def load(cls, position: Any, *, radius: bool) -> SearchPosition:
        """A signed cursor can still come from an older release: check its shape before trusting it."""
        invalid = InvalidInputError(InvalidParam("cursor", msg("is not a valid cursor")))
        match position:
            case list([rank, list() as ids]):
                pass
            case _:
                raise invalid
        try:
            parsed_ids = [UUID(hex=offer_id) for offer_id in ids]
            if radius and isinstance(rank, (int, float)) and not isinstance(rank, bool):
                parsed_rank: float | datetime = float(rank)
            elif not radius and isinstance(rank, str):
                parsed_rank = datetime.fromisoformat(rank)
            else:
                raise invalid
        except (TypeError, ValueError):
            raise invalid from None
        if not parsed_ids:
            raise invalid
        return cls(parsed_rank, parsed_ids)


@dataclass(slots=True)
class SearchStatement:
    """One search exactly as the API runs it (the plan test and the benchmark use it too). Nearest-first
    statements run on their own pool, planned without sorts (`api.db.engine.NEAREST_FIRST_SETTINGS`)."""

    sql: str
    params: dict[str, Any]
    nearest_first: bool
    merge_by_rank: bool = False
    """Rows come as several nearest-first runs (one per wanted category) to merge and dedupe by rank."""


class SearchShape(NamedTuple):
    """Which optional parts a search has: the statement's text depends on these alone (values are bound), so
    each shape is composed and compiled once (`_search_sql`). A named tuple: built on every search, and a
    frozen dataclass costs twice as much to build and hash."""

    radius: bool
    categories: bool
    commitment: bool
    starts_after: bool
    starts_before: bool
    remote: bool
    accessible: bool
    q: bool
    after: bool


def build_search(search: OfferSearch, after: SearchPosition | None = None) -> SearchStatement:
    shape = SearchShape(
        radius=search.is_radius_search, categories=bool(search.category_ids),
        commitment=search.commitment is not None, starts_after=search.starts_after is not None,
        starts_before=search.starts_before is not None, remote=search.remote is not None,
        accessible=search.accessible is not None, q=bool(search.q), after=after is not None,
    )
    params: dict[str, Any] = {
        "limit": search.limit + 1,
        "commitment": search.commitment.value if search.commitment is not None else None,
        "starts_after": search.starts_after,
        "starts_before": search.starts_before,
        "remote": search.remote,
        "accessible": search.accessible,
        "q": search.q,
        "category_ids": search.category_ids,
    }
    if search.is_radius_search:
        radius_m = search.radius_km * 1000.0
        params.update(lat=search.lat, lon=search.lon, radius_m=radius_m, cutoff_m=radius_m * CUTOFF_FACTOR)
        if after is not None:
            params.update(after_rank=after.rank, after_ids=after.ids)
    elif after is not None:
        params.update(after_rank=after.rank, after_id=after.ids[0])
    sql, names = _search_sql(shape)
    return SearchStatement(sql, {name: params[name] for name in names}, nearest_first=shape.radius,
                           merge_by_rank=shape.radius and len(search.category_ids) > 1)


# The search's statements are composed with SQLAlchemy Core and compiled to text with `:name` parameters,
# which the nearest-first pool (api/db/engine.py, `fetch_nearest_first`), a session's `text()` and the
# benchmark's pgbench script all read. Constants stay literals: the partial KNN index only matches a query
# that says `status = 'published'` itself.
# The base dialect: no driver-specific casts on parameters.
_NAMED = PGDialect(paramstyle="named")  # type: ignore[no-untyped-call]
_O = Offer.__table__.alias("o")  # type: ignore[attr-defined]
_ORG = Organisation.__table__.alias("org")  # type: ignore[attr-defined]
_OCP = OfferCategoryPoint.__table__.alias("ocp")  # type: ignore[attr-defined]
_OFFERS = _O.join(_ORG, _ORG.c.id == _O.c.organisation_id)
_CATEGORY_POINTS = _OCP.join(_O, _O.c.id == _OCP.c.offer_id).join(_ORG, _ORG.c.id == _O.c.organisation_id)
_SUMMARY: ColumnElement[Any] = literal_column(SUMMARY_COLUMNS)
_WGS84: ColumnElement[Any] = literal_column("4326")


def _point() -> ColumnElement[Any]:
    return func.ST_SetSRID(func.ST_MakePoint(bindparam("lon"), bindparam("lat")), _WGS84)


def _category_ids() -> ColumnElement[Any]:
    return cast(bindparam("category_ids"), ARRAY(Integer))


def _matches(o: Any, operator: str, other: ColumnElement[Any]) -> ColumnElement[bool]:
    return o.op(operator, return_type=Boolean)(other)  # type: ignore[no-any-return]


@lru_cache(maxsize=512)
def _search_sql(shape: SearchShape) -> tuple[str, tuple[str, ...]]:
    """The statement's text and the names of the parameters it binds."""
    o = _O
    conditions: list[ColumnElement[bool]] = [o.c.status == literal_column("'published'")]
    if shape.commitment:
        conditions.append(o.c.commitment == bindparam("commitment"))
    if shape.starts_after:
        conditions.append(o.c.starts_at >= bindparam("starts_after"))
    if shape.starts_before:
        conditions.append(o.c.starts_at < bindparam("starts_before"))
    if shape.remote:
        conditions.append(o.c.is_remote == bindparam("remote"))
    if shape.accessible:
        conditions.append(o.c.accessible == bindparam("accessible"))
    if shape.q:
        query = func.websearch_to_tsquery(literal_column("'german'"), bindparam("q"))
        conditions.append(_matches(o.c.search_vector, "@@", query))
    if shape.radius:
        statement = _nearest_first(shape, conditions)
    else:
        if shape.categories:
            conditions.append(_matches(o.c.category_ids, "&&", _category_ids()))
        if shape.after:
            position = tuple_(bindparam("after_rank"), bindparam("after_id"))
            conditions.append(tuple_(o.c.published_at, o.c.id) < position)
        statement = (
            select(_SUMMARY, literal_column("NULL::float8").label("distance_m"), o.c.published_at.label("rank"))
            .select_from(_OFFERS)
            .where(*conditions)
            .order_by(o.c.published_at.desc(), o.c.id.desc())
            .limit(bindparam("limit"))
        )
    compiled = statement.compile(dialect=_NAMED)
    return compiled.string, tuple(compiled.params)


def _nearest_first(shape: SearchShape, conditions: list[ColumnElement[bool]]) -> Select[Any]:
    """Nearest first, by a KNN walk of a GiST index: over all published offers, or, with categories,
    over each wanted category's rows in offer_category_point (the page's worth of each, merged)."""
    o = _O
    point = _OCP.c.location if shape.categories else o.c.location
    metric_point = func.ST_Transform(_point(), literal_column(str(METRIC_SRID)))
    rank = point.op("<->", return_type=Float)(metric_point)
    distance = func.ST_Distance(o.c.geog, func.geography(_point()))
    # A bounding-box test (not ST_DWithin) bounds the index walk: PostGIS estimates `&&` well from its
    # statistics, while stacked ST_DWithin estimates collapse to one row and tip the planner into
    # bitmap scan + sort. The geodesic test is a plain filter for the same reason.
    near = _matches(point, "&&", func.ST_Expand(metric_point, bindparam("cutoff_m")))
    conditions = [*conditions, near, distance <= bindparam("radius_m")]
    if shape.after:
        # Ordered by distance alone (a second sort key would defeat the KNN index scan); offers at exactly
        # the same distance are told apart by the ids the cursor says were already sent.
        after_rank: ColumnElement[Any] = bindparam("after_rank")
        conditions += [rank >= after_rank, not_(and_(rank == after_rank, o.c.id == any_(bindparam("after_ids"))))]
    nearest = select(_SUMMARY, distance.label("distance_m"), rank.label("rank")).order_by(rank).limit(
        bindparam("limit"))
    if not shape.categories:
        return nearest.select_from(_OFFERS).where(*conditions)
    # Each wanted category's own nearest page. Every offer of the overall page is among the nearest of one
    # of its categories, so these rows suffice; the service merges them (an offer in two wanted
    # categories comes twice). Merging in SQL would need a sort, which this pool's planner avoids at
    # all costs (NEAREST_FIRST_SETTINGS).
    wanted = func.unnest(_category_ids()).table_valued("category_id").render_derived(name="wanted")
    per_category = nearest.select_from(_CATEGORY_POINTS).where(_OCP.c.category_id == wanted.c.category_id,
                                                               *conditions).lateral("nearest")
    return select(literal_column("nearest.*")).select_from(wanted.join(per_category, true()))


class NamedRow(Protocol):
    """A result row read by column name: an asyncpg Record or a SQLAlchemy RowMapping."""

    def __getitem__(self, name: str, /) -> Any: ...


def _merged(rows: Sequence[NamedRow]) -> list[NamedRow]:
    """Nearest-first runs as one, each offer once (rank, then id, as a total order)."""
    seen: set[UUID] = set()
    merged = []
    for row in sorted(rows, key=lambda row: (row["rank"], row["id"])):
        if row["id"] not in seen:
            seen.add(row["id"])
            merged.append(row)
    return merged


def offer_summary(row: NamedRow, catalogue: CategoryCatalogue) -> OfferSummary:
    """An offer as lists show it, from a row with SUMMARY_COLUMNS and `distance_m`."""
    lat, lon, distance_m = row["lat"], row["lon"], row["distance_m"]
    return OfferSummary(
        id=row["id"],
        title=row["title"],
        summary=row["summary"],
        organisation=OrganisationRef(slug=row["organisation_slug"], name=row["organisation_name"]),
        categories=catalogue.slugs_for(row["category_ids"]),
        commitment=row["commitment"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        district=row["district"],
        is_remote=row["is_remote"],
        accessible=row["accessible"],
        location=GeoPoint(lat=lat, lon=lon) if lat is not None else None,
        published_at=row["published_at"],
        distance_m=round(distance_m, 1) if distance_m is not None else None,
    )


_PUBLISHED_OFFER = text(
    f"SELECT {SUMMARY_COLUMNS}, NULL::float8 AS distance_m, o.description, o.skills, o.languages,"
    " o.address, o.weekly_pattern, o.hours_per_week, o.capacity, o.min_age, o.accessibility_notes,"
    " o.contact_name, o.contact_email, o.contact_phone, o.expires_at, o.updated_at, o.version,"
    f" {PLACES_LEFT_SQL} AS places_left"
    " FROM offer o JOIN organisation org ON org.id = o.organisation_id"
    " WHERE o.id = :id AND o.status = 'published'"
)
_ORGANISATION_OFFERS = text(
    f"SELECT {SUMMARY_COLUMNS}, NULL::float8 AS distance_m FROM offer o"
    " JOIN organisation org ON org.id = o.organisation_id"
    " WHERE o.organisation_id = :org AND o.status = 'published'"
    " ORDER BY o.published_at DESC, o.id DESC LIMIT :limit"
)


class OfferService:
    """Public reads. It opens a session only for a query that needs one: the radius search runs on the
    nearest-first pool and the catalogue is cached, so most searches never touch SQLAlchemy (a session
    per request cost the search ~76 µs of CPU; bench/RESULTS.md, "Profiling")."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], settings: Settings, cursors: CursorCodec) -> None:
        self.sessions = sessions
        self.settings = settings
        self.cursors = cursors

    async def catalogue(self) -> CategoryCatalogue:
        cached = cached_catalogue()
        if cached is not None:
            return cached
        async with self.sessions() as session:
            return await get_catalogue(session)

    def _outside_service_area(self, search: OfferSearch) -> bool:
        west, south, east, north = self.settings.service_area
        m = SERVICE_AREA_MARGIN_DEG
        assert search.lat is not None and search.lon is not None
        return not (south - m <= search.lat <= north + m and west - m <= search.lon <= east + m)

    async def search(self, search: OfferSearch, cursor: str | None) -> OfferPage:
        key = search.key()
        after = (
            SearchPosition.load(self.cursors.decode(cursor, key), radius=search.is_radius_search)
            if cursor
            else None
        )
        if search.is_radius_search and self._outside_service_area(search):
            return OfferPage(items=[], next_cursor=None)
        statement = build_search(search, after)
        rows: Sequence[NamedRow]
        if statement.nearest_first:
            rows = await fetch_nearest_first(statement.sql, statement.params)
            if statement.merge_by_rank:
                rows = _merged(rows)
        else:
            async with self.sessions() as session:
                rows = (await session.execute(text(statement.sql), statement.params)).mappings().all()
        page_rows = rows[: search.limit]
        catalogue = await self.catalogue()
        items = [offer_summary(row, catalogue) for row in page_rows]
        if len(rows) <= search.limit:
            return OfferPage(items=items, next_cursor=None)
        last = rows[search.limit - 1]  # the page's last row: a statement reads one row past the page
        rank = last["rank"]
        if search.is_radius_search:
            ids = [row["id"] for row in page_rows if row["rank"] == rank]
            if after is not None and after.rank == rank:
                ids = after.ids + ids
        else:
            ids = [last["id"]]
        return OfferPage(items=items, next_cursor=self.cursors.encode(SearchPosition(rank, ids).dump(), key))

    async def published(self, offer_id: UUID) -> OfferDetail:
        async with self.sessions() as session:
            result = await session.execute(_PUBLISHED_OFFER, {"id": offer_id})
            row = result.mappings().first()
        if row is None:
            raise NotFoundError(msg("No published offer with id {id}", id=offer_id))
        summary = offer_summary(row, await self.catalogue())
        return OfferDetail(
            **{f: getattr(summary, f) for f in OfferSummary.__struct_fields__},
            # Written text is sanitised on the way in as well; here it is once more on the way out, so no
            # row, however it got into the table, reaches a reader with active content.
            description=sanitise_html(row["description"]),
            skills=row["skills"],
            languages=row["languages"],
            address=row["address"],
            weekly_pattern=(
                msgspec.convert(row["weekly_pattern"], list[WeeklySlot]) if row["weekly_pattern"] is not None else None
            ),
            hours_per_week=row["hours_per_week"],
            capacity=row["capacity"],
            min_age=row["min_age"],
            accessibility_notes=row["accessibility_notes"],
            contact_name=row["contact_name"],
            contact_email=row["contact_email"],
            contact_phone=row["contact_phone"],
            expires_at=row["expires_at"],
            updated_at=row["updated_at"],
            version=row["version"],
            places_left=row["places_left"],
            is_full=row["places_left"] == 0,
        )

    async def published_by_organisation(self, organisation_id: UUID, limit: int = 100) -> list[OfferSummary]:
        async with self.sessions() as session:
            rows = (
                await session.execute(_ORGANISATION_OFFERS, {"org": organisation_id, "limit": limit})
            ).mappings().all()
        catalogue = await self.catalogue()
        return [offer_summary(row, catalogue) for row in rows]
