"""A home area: a point coarsened to its 250 m grid cell and a radius around it, with the quiet hours of
whoever is told about offers there. Volunteer profiles (api/domain/volunteers/) and anonymous push devices
(api/domain/push/) keep the same personal data the same way, so it is coarsened, checked and shown in one place.

The point is coarsened by PostGIS before it is stored: to ETRS89 / UTM 32N, the centre of its 250 m grid cell,
back to WGS84. The exact point never reaches a table, a log line or the audit log.
"""

from __future__ import annotations

import math
from datetime import time
from typing import Annotated

import msgspec

from api.db.offers import METRIC_SRID
from api.lib.errors import InvalidInputError, InvalidParam
from api.lib.messages import msg
from api.settings import Settings

GRID_M = 250
# Six decimals are about 0.1 m: the cell centre as stored, without pretending more.
HOME_DECIMALS = 6

ClockTime = Annotated[str, msgspec.Meta(pattern="^([01][0-9]|2[0-3]):[0-5][0-9]$", examples=["21:00"])]


class QuietHours(msgspec.Struct, forbid_unknown_fields=True):
    """Local time in Europe/Berlin; no notifications from `start` to `end`. Equal times: no quiet hours."""

    start: ClockTime = "21:00"
    end: ClockTime = "08:00"


def quiet_hours_of(start: time, end: time) -> QuietHours:
    """Quiet hours as stored (two `time` columns) in the answer's "HH:MM"."""
    return QuietHours(start=start.strftime("%H:%M"), end=end.strftime("%H:%M"))


class CoarsenedPoint(msgspec.Struct):
    """The centre of the 250 m grid cell (ETRS89 / UTM 32N) the sent point fell in: the exact point is
    never stored, and this one is shown to nobody but the profile's owner."""

    lat: float
    lon: float
    coarsened_to_m: int = GRID_M


def coarsened_point(lat: float, lon: float) -> CoarsenedPoint:
    """The stored (already coarsened) point as its owner sees it."""
    return CoarsenedPoint(lat=round(lat, HOME_DECIMALS), lon=round(lon, HOME_DECIMALS))


def check_home_point(settings: Settings, lat: float, lon: float, radius_km: float, prefix: str = "") -> None:
    """A home point (or a device's area) must be finite and inside the service area; names each field at
    fault as `prefix + name` in the body."""
    problems = [InvalidParam(f"{prefix}{name}", msg("must be a finite number"), "body")
                for name, value in (("lat", lat), ("lon", lon), ("radius_km", radius_km))
                if not math.isfinite(value)]
    if problems:
        raise InvalidInputError(*problems)
    west, south, east, north = settings.service_area
    if not south <= lat <= north:
        problems.append(InvalidParam(
            f"{prefix}lat", msg("must be in the service area, {min} to {max}", min=south, max=north), "body"
        ))
    if not west <= lon <= east:
        problems.append(InvalidParam(
            f"{prefix}lon", msg("must be in the service area, {min} to {max}", min=west, max=east), "body"
        ))
    if problems:
        raise InvalidInputError(*problems)


_METRIC_POINT = f"ST_Transform(ST_SetSRID(ST_MakePoint(:lon, :lat), 4326), {METRIC_SRID})"


def coarsened_home_sql(metric_point: str) -> str:
    """SQL for the home point as stored: the centre of the 250 m cell (floor(x / 250) * 250 + 125, the same
    for y, in metres of UTM 32N) that `metric_point` (an EPSG:25832 expression) falls in, as geography.
    The one place that coarsens, for the API, the demo and the synthetic seeders alike."""
    return (
        f"ST_Transform(ST_SetSRID(ST_MakePoint("
        f"floor(ST_X({metric_point}) / {GRID_M}) * {GRID_M} + {GRID_M / 2},"
        f" floor(ST_Y({metric_point}) / {GRID_M}) * {GRID_M} + {GRID_M / 2}), {METRIC_SRID}), 4326)::geography"
    )


# The coarsened point of the :lat/:lon parameters, for any statement that stores one (profiles, push areas).
COARSENED_HOME_FROM_PARAMS = (
    f"(SELECT {coarsened_home_sql('metric.point')} FROM (SELECT {_METRIC_POINT} AS point) AS metric)"
)
