from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast
from uuid import UUID

from litestar.enums import RequestEncodingType
from litestar.openapi.spec import Example
from litestar.params import Body, BodyKwarg

from api.lib.errors import InvalidInputError, InvalidParam
from api.lib.messages import msg

# Points in time the API takes. Beyond the calendar's ends an offset cannot even be turned into UTC (Python's
# datetime stops at year 9999), and near them turning UTC into Berlin time for a calendar or a notification
# would fail; no offer starts before 1900 or after 2999.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2999, 12, 31, 23, 59, 59, tzinfo=UTC)
OUT_OF_CALENDAR = msg("must be between {min} and {max}", min="1900-01-01T00:00:00Z", max="2999-12-31T23:59:59Z")


def parse_uuid(value: str, name: str, location: str = "path") -> UUID:
    """Ids are parsed here, so a malformed one is a 400 naming it rather than a bare 404."""
    try:
        return UUID(value)
    except ValueError:
        raise InvalidInputError(InvalidParam(name, msg("must be a UUID"), location)) from None


def json_body(example: dict[str, Any]) -> BodyKwarg:
    """The marker for a JSON request body, with an example for the OpenAPI document."""
    # Body() is annotated as returning Any; it builds a BodyKwarg.
    return cast(BodyKwarg, Body(media_type=RequestEncodingType.JSON, examples=[Example(value=example)]))


def within_calendar(moment: datetime) -> bool:
    """Whether `moment` (without an offset: UTC, as the API reads it) lies between EARLIEST and LATEST."""
    if moment.tzinfo is None:
        return EARLIEST <= moment.replace(tzinfo=UTC) <= LATEST
    try:
        return EARLIEST <= moment.astimezone(UTC) <= LATEST
    except OverflowError:
        return False
