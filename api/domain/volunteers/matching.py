"""Reverse matching: who should hear about a published offer.

A reach source is a table whose rows each have a home point (`home`, geography; `home_location`, the
same point in EPSG:25832), a `radius_km` and `interests` (category ids), and a GiST index over
REACH_BOX_SQL. A row is reached by an offer when

- the offer's point lies within the row's own radius, measured geodesically (on the WGS84 spheroid), and
- the row's interests share a category with the offer, or the row has no interests: a profile without
  interests wants to hear about every category.

Remote offers without a point reach nobody. Each row has its own radius, so the distance test alone
cannot use an index (docs/architecture.md, "Matching"); the reach-box prefilter can, because it is written exactly as
the index expression. Volunteer profiles are the first source; anonymous push subscriptions with an area of
their own are the second (`ANONYMOUS_DEVICES`), joined by UNION ALL.

Matching runs in the worker when an offer is first published (`workers/tasks/matching.py` executes
MATCH_INSERT_SQL, then DELIVERIES_INSERT_SQL); `stream_reach` serves the same rows to the API side in batches.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from functools import lru_cache
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.volunteers import REACH_BOX_SQL


@dataclass(frozen=True, slots=True)
class ReachSource:
    """One table of reachable rows, aliased `reach` in the query."""

    kind: str
    """What the recipient id names, e.g. "volunteer" (a user id)."""
    table: str
    recipient_id: str
    joins: str = ""
    conditions: tuple[str, ...] = ()


VOLUNTEERS = ReachSource(
    kind="volunteer",
    table="volunteer_profile",
    recipient_id="reach.user_id",
    # Asked as "no inactive account" rather than joined with every matched person's account: the partial
    # index over the few inactive accounts answers in one cached page (a join cost ~6 µs per match).
    conditions=(
        "NOT EXISTS (SELECT 1 FROM user_account inactive"
        " WHERE inactive.id = reach.user_id AND inactive.status <> 'active')",
    ),
)
# For notifications: only people who asked to hear about new offers. Quiet hours and the daily cap are
# the delivery's business (they depend on when it is sent), not the match's.
VOLUNTEERS_TO_NOTIFY = replace(VOLUNTEERS, conditions=(*VOLUNTEERS.conditions, "reach.notify_new_offers"))
# Devices without an account that asked for new offers in an area; the conditions are the predicate of
# their partial reach index (ix_push_subscription_reach), so the planner can use it.
ANONYMOUS_DEVICES = ReachSource(
    kind="device",
    table="push_subscription",
    recipient_id="reach.id",
    conditions=("reach.user_id IS NULL", "reach.gone_at IS NULL"),
)

# The offer, if it is published and has a point. `location` is its EPSG:25832 twin, which the reach box
# index compares with.
_TARGET = (
    "target AS (\n"
    "    SELECT geog, location, category_ids FROM offer\n"
    "    WHERE id = :offer_id AND status = 'published' AND location IS NOT NULL\n"
    ")"
)


# UTM 32N distances are within 0.9996 and 1.0002 times the geodesic ones across NRW (the service area), so
# the planar test with 0.1 % to spare settles every row but those within 0.1 % of their radius; only those
# pay for the exact test on the spheroid (PostgreSQL evaluates OR from the left and stops at true).
# The template (str.format) names a home's metric point and geography, its radius and the target's two.
WITHIN_REACH = (
    "ST_DWithin({point}, {target_point}, {radius_km} * 1001.0)"
    " AND (ST_DWithin({point}, {target_point}, {radius_km} * 999.0)"
    " OR ST_DWithin({geog}, {target_geog}, {radius_km} * 1000.0))"
)
_WITHIN_REACH = WITHIN_REACH.format(point="reach.home_location", geog="reach.home", radius_km="reach.radius_km",
                                    target_point="target.location", target_geog="target.geog")


def _branch(source: ReachSource) -> str:
    conditions = [
        _WITHIN_REACH,
        "(cardinality(reach.interests) = 0 OR reach.interests && target.category_ids)",
        *source.conditions,
    ]
    # REACH_BOX_SQL names its columns unqualified, as in the index; only the source has such columns.
    return (
        f"SELECT '{source.kind}' AS kind, {source.recipient_id} AS recipient_id,"
        # Planar, within 0.05 % of the geodesic distance: enough to say "1,2 km", and cheaper per match.
        " ST_Distance(reach.home_location, target.location) AS distance_m\n"
        f"FROM target JOIN {source.table} reach ON {REACH_BOX_SQL} && target.location\n"
        f"{source.joins}\n"
        "WHERE " + "\n  AND ".join(conditions)
    )


@lru_cache(maxsize=8)
def reach_sql(*sources: ReachSource) -> str:
    """Rows (kind, recipient_id, distance_m) of every source reached by the offer `:offer_id`; the
    distance in metres (UTM 32N, within 0.05 % of the geodesic one). Unordered: order costs a sort over
    every match."""
    return f"WITH {_TARGET}\n" + "\nUNION ALL\n".join(_branch(source) for source in sources)


# One statement, never row by row through Python: the cost grows with the matches (about 3 µs each,
# docs/architecture.md), and a repeated run (a redelivered event) adds nothing.
MATCH_INSERT_SQL = (
    "INSERT INTO offer_match (offer_id, user_id, distance_m)\n"
    "SELECT CAST(:offer_id AS uuid), recipient_id, distance_m\n"
    f"FROM ({reach_sql(VOLUNTEERS_TO_NOTIFY)}) AS reached\n"
    "ON CONFLICT DO NOTHING"
)


# The deliveries of an "offer.published" event, after MATCH_INSERT_SQL in the same transaction: every live
# device of each matched volunteer, and every anonymous device the offer reaches, each due at once or at the
# end of its recipient's quiet hours. A repeated run adds nothing (one row per event and subscription).
DELIVERIES_INSERT_SQL = (
    "INSERT INTO push_delivery (event_id, subscription_id, distance_m, not_before)\n"
    "SELECT :event_id, device.id, match.distance_m,"
    " volumap_quiet_until(profile.quiet_start, profile.quiet_end, now())\n"
    "FROM offer_match match\n"
    "JOIN volunteer_profile profile ON profile.user_id = match.user_id\n"
    "JOIN push_subscription device ON device.user_id = match.user_id AND device.gone_at IS NULL\n"
    "WHERE match.offer_id = :offer_id\n"
    "UNION ALL\n"
    "SELECT :event_id, device.id, reached.distance_m,"
    " volumap_quiet_until(device.quiet_start, device.quiet_end, now())\n"
    f"FROM ({reach_sql(ANONYMOUS_DEVICES)}) AS reached\n"
    "JOIN push_subscription device ON device.id = reached.recipient_id\n"
    "ON CONFLICT (event_id, subscription_id) DO NOTHING"
)


@dataclass(frozen=True, slots=True)
class Reach:
    kind: str
    recipient_id: UUID
    distance_m: float


async def stream_reach(
    session: AsyncSession,
    offer_id: UUID,
    *,
    batch_size: int = 1000,
    sources: tuple[ReachSource, ...] = (VOLUNTEERS_TO_NOTIFY,),
) -> AsyncIterator[list[Reach]]:
    """Everyone the offer reaches, in batches of at most `batch_size`, each once. A server-side cursor
    keeps memory flat however many match; the session's transaction stays open until the last batch."""
    result = await session.stream(
        text(reach_sql(*sources)), {"offer_id": offer_id}, execution_options={"yield_per": batch_size}
    )
    async for rows in result.partitions(batch_size):
        yield [Reach(**row._mapping) for row in rows]
