"""Volunteer profiles and the offers ranked for them ("for you").

The home point is coarsened by PostGIS before it is stored (api/lib/home_area.py, as the push devices' areas
are): the exact point never reaches a table, a log line or the audit log; the coarsened one is shown to its
owner only. Profile changes are not audited: the audit log is append-only, and a resident's own settings in
it would outlive the deletion of their account.
"""

from __future__ import annotations

from datetime import time
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import Row, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.db.engine import fetch_nearest_first
from api.domain.applications.waiting_list import PLACES_LEFT_SQL
from api.domain.categories.services import CategoryCatalogue, cached_catalogue, get_catalogue
from api.domain.offers.services import CUTOFF_FACTOR, SUMMARY_COLUMNS, NamedRow, offer_summary
from api.domain.volunteers import ranking
from api.domain.volunteers.matching import WITHIN_REACH
from api.domain.volunteers.schemas import (
    ForYou,
    NotificationSettings,
    RankedOffer,
    Slot,
    VolunteerProfile,
    VolunteerProfileInput,
)
from api.lib import clock
from api.lib.errors import InvalidInputError, InvalidParam, NotFoundError
from api.lib.home_area import COARSENED_HOME_FROM_PARAMS, check_home_point, coarsened_point, quiet_hours_of
from api.lib.messages import msg
from api.lib.sanitising import plain_text
from api.settings import Settings

NEARBY_CANDIDATES = 200
REMOTE_CANDIDATES = 30
# Remote offers are looked for among this many newest published remote offers (a partial index walks
# them newest first). The interest filter cannot use it, so an unbounded walk would read every remote
# offer for someone whose interests none of them has.
REMOTE_WINDOW = 200
NO_PROFILE = msg("You have no volunteer profile yet: create one with PUT /api/v1/me/volunteer-profile")

_PROFILE_COLUMNS = (
    "ST_Y(home::geometry) AS lat, ST_X(home::geometry) AS lon, radius_km, interests, skills, availability,"
    " languages, notify_new_offers, quiet_start, quiet_end, daily_cap, created_at, updated_at"
)
_PROFILE = f"SELECT {_PROFILE_COLUMNS} FROM volunteer_profile WHERE user_id = :user_id"
_UPSERT = f"""
    INSERT INTO volunteer_profile (user_id, home, radius_km, interests, skills, availability, languages,
                                   notify_new_offers, quiet_start, quiet_end, daily_cap)
    VALUES (:user_id, {COARSENED_HOME_FROM_PARAMS},
            :radius_km, :interests, :skills, :availability, :languages, :notify_new_offers, :quiet_start,
            :quiet_end, :daily_cap)
    ON CONFLICT (user_id) DO UPDATE SET
        home = EXCLUDED.home, radius_km = EXCLUDED.radius_km, interests = EXCLUDED.interests,
        skills = EXCLUDED.skills, availability = EXCLUDED.availability, languages = EXCLUDED.languages,
        notify_new_offers = EXCLUDED.notify_new_offers, quiet_start = EXCLUDED.quiet_start,
        quiet_end = EXCLUDED.quiet_end, daily_cap = EXCLUDED.daily_cap, updated_at = now()
    RETURNING xmax = 0 AS created, {_PROFILE_COLUMNS}
"""
# The profile and the matches it found (nobody is told about offers without a profile).
_DELETE_PROFILE = (
    "DELETE FROM offer_match WHERE user_id = :user_id",
    "DELETE FROM volunteer_profile WHERE user_id = :user_id",
)

# One round trip, ranked in the database: the profile; the nearest published offers within its radius (a
# KNN walk of the offers' GiST, bounded by a box, the shape of the public radius search; within the radius
# geodesically, settled in UTM as reverse matching does; scored by the planar distance, within 0.05 % of the
# geodesic one, which is what the page shows) and the newest remote offers in its interests (among the
# REMOTE_WINDOW newest published remote offers), each candidate with only what its score needs; the score
# (`ranking.score_sql`) and order (`ranking.order_key`) of every candidate; and the shown page with the columns
# of its answer. The profile row comes even without candidates (LEFT JOIN), so no row means no profile. Runs
# on the nearest-first pool, which plans without sorts where it can: the candidates are index walks in order;
# only the ~230 scored ones are sorted, and the page's 20 once more after they are joined with their answer's
# columns. Rows are read by name: a shown offer's SUMMARY_COLUMNS and `distance_m` are what `offer_summary` reads
# (and name its `id`, `category_ids` and `published_at`).
FOR_YOU_SQL = f"""
WITH me AS (
    SELECT home, home_location, radius_km, interests, availability
    FROM volunteer_profile WHERE user_id = :user_id
), nearby AS (
    SELECT walk.* FROM me CROSS JOIN LATERAL (
        SELECT o.id, o.category_ids, o.slot_mask, o.published_at, o.capacity,
               ST_Distance(o.location, me.home_location) AS distance_m  -- planar: enough to score by
        FROM offer o
        WHERE o.status = 'published'
          AND o.location && ST_Expand(me.home_location, me.radius_km * :cutoff_m_per_km)
          AND {WITHIN_REACH.format(point="me.home_location", geog="me.home", radius_km="me.radius_km",
                                   target_point="o.location", target_geog="o.geog")}
        ORDER BY o.location <-> me.home_location
        LIMIT :nearby
    ) AS walk
), remote AS (
    SELECT o.id, o.category_ids, o.slot_mask, o.published_at, o.capacity, NULL::float8 AS distance_m
    FROM me, (SELECT id, category_ids, slot_mask, published_at, capacity FROM offer
              WHERE status = 'published' AND is_remote
              ORDER BY published_at DESC, id DESC LIMIT :remote_window) AS o
    WHERE (cardinality(me.interests) = 0 OR o.category_ids && me.interests)
      AND o.id NOT IN (SELECT id FROM nearby)  -- a remote offer found nearby too (a hashed subplan)
    LIMIT :remote
), candidate AS MATERIALIZED (  -- the places left counted once per candidate, not once per use
    SELECT o.*, {PLACES_LEFT_SQL} AS places_left
    FROM (SELECT * FROM nearby UNION ALL SELECT * FROM remote) AS o
), ranked AS MATERIALIZED (  -- the page, before its rows are joined with their answer's columns
    SELECT c.id, c.distance_m, c.slot_mask, c.places_left, {ranking.score_sql("me", "c")} AS score,
           coalesce(c.places_left <= 0, false) AS is_full
    FROM me, candidate c
    ORDER BY is_full, score DESC, c.distance_m, c.id
    LIMIT :limit
)
SELECT me.radius_km, me.interests, me.availability, shown.*
FROM me LEFT JOIN LATERAL (
    SELECT {SUMMARY_COLUMNS}, CASE WHEN r.distance_m IS NOT NULL THEN ST_Distance(o.geog, me.home) END AS distance_m,
           r.slot_mask, r.places_left, r.score
    FROM ranked r JOIN offer o ON o.id = r.id JOIN organisation org ON org.id = o.organisation_id
    ORDER BY r.is_full, r.score DESC, r.distance_m, r.id
) AS shown ON true
"""


def _profile(row: Row[Any], catalogue: CategoryCatalogue) -> VolunteerProfile:
    return VolunteerProfile(
        home=coarsened_point(row.lat, row.lon),
        radius_km=row.radius_km,
        interests=catalogue.slugs_for(row.interests),
        skills=list(row.skills),
        availability=[Slot(day=day, part=part) for day, part in ranking.slots_of(row.availability)],
        languages=list(row.languages),
        notifications=NotificationSettings(
            new_offers=row.notify_new_offers,
            quiet_hours=quiet_hours_of(row.quiet_start, row.quiet_end),
            daily_cap=row.daily_cap,
        ),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


class VolunteerService:
    """A resident's own profile and the offers ranked for it. Opens a session only where it writes or
    reads the profile alone; "for you" is one query on the nearest-first pool."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], settings: Settings) -> None:
        self.sessions = sessions
        self.settings = settings

    async def _catalogue(self, session: AsyncSession | None = None) -> CategoryCatalogue:
        cached = cached_catalogue()
        if cached is not None:
            return cached
        if session is not None:
            return await get_catalogue(session)
        async with self.sessions() as own:
            return await get_catalogue(own)

    def _check_home(self, data: VolunteerProfileInput) -> None:
        check_home_point(self.settings, data.lat, data.lon, data.radius_km)

    async def profile(self, user_id: UUID) -> VolunteerProfile:
        async with self.sessions() as session:
            row = (await session.execute(text(_PROFILE), {"user_id": user_id})).first()
            if row is None:
                raise NotFoundError(NO_PROFILE)
            return _profile(row, await self._catalogue(session))

    async def put_profile(self, user_id: UUID, data: VolunteerProfileInput) -> tuple[VolunteerProfile, bool]:
        """Creates or replaces the profile; True when it was created."""
        self._check_home(data)
        async with self.sessions() as session:
            catalogue = await self._catalogue(session)
            try:
                interests = catalogue.ids_for(data.interests, param="interests")
            except InvalidInputError as exc:
                raise InvalidInputError(
                    *(InvalidParam(p.name, p.reason, "body") for p in exc.params)) from None
            quiet = data.notifications.quiet_hours
            row = (await session.execute(text(_UPSERT), {
                "user_id": user_id,
                "lat": data.lat,
                "lon": data.lon,
                "radius_km": data.radius_km,
                "interests": interests,
                "skills": list(dict.fromkeys(s for s in (plain_text(skill) for skill in data.skills) if s)),
                "availability": ranking.mask_of([(slot.day, slot.part) for slot in data.availability]),
                "languages": list(dict.fromkeys(data.languages)),
                "notify_new_offers": data.notifications.new_offers,
                "quiet_start": time.fromisoformat(quiet.start),
                "quiet_end": time.fromisoformat(quiet.end),
                "daily_cap": data.notifications.daily_cap,
            })).one()
            await session.commit()
        return _profile(row, catalogue), bool(row.created)

    async def delete_profile(self, user_id: UUID) -> None:
        """The profile and the matches it found (nobody is told about offers without a profile)."""
        async with self.sessions() as session:
            for statement in _DELETE_PROFILE:
                await session.execute(text(statement), {"user_id": user_id})
            await session.commit()

    async def for_you(self, user_id: UUID, locale: str, limit: int) -> ForYou:
        rows = await fetch_nearest_first(FOR_YOU_SQL, {
            "user_id": user_id,
            "cutoff_m_per_km": 1000.0 * CUTOFF_FACTOR,
            "nearby": NEARBY_CANDIDATES,
            "remote": REMOTE_CANDIDATES,
            "remote_window": REMOTE_WINDOW,
            "limit": limit,
        })
        if not rows:
            raise NotFoundError(NO_PROFILE)
        catalogue = await self._catalogue()
        english = locale == "en"
        labels = {row.id: row.label_en if english else row.label_de for row in catalogue.rows}
        # Every row carries the profile; without candidates there is one, whose offer columns are null.
        me = next(iter(rows))
        preferences = ranking.Preferences(radius_m=me["radius_km"] * 1000.0, interests=frozenset(me["interests"]),
                                          availability=me["availability"])
        now = clock.now()
        # Ranked and cut in SQL; only the shown offers need their reasons and their answer's shape.
        return ForYou(items=[
            _ranked_offer(row, catalogue, ranking.reasons(preferences, _candidate(row), now=now, locale=locale,
                                                          labels=labels))
            for row in rows if row["id"] is not None
        ])


def _candidate(row: NamedRow) -> ranking.Candidate:
    return ranking.Candidate(
        category_ids=tuple(row["category_ids"]),
        distance_m=row["distance_m"],
        slots=row["slot_mask"],
        published_at=row["published_at"],
        places_left=row["places_left"],
    )


def _ranked_offer(row: NamedRow, catalogue: CategoryCatalogue, reasons: list[str]) -> RankedOffer:
    summary = offer_summary(row, catalogue)
    return RankedOffer(**msgspec.structs.asdict(summary), score=row["score"], reasons=reasons,
                       places_left=row["places_left"])
