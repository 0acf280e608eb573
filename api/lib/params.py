from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from litestar.enums import RequestEncodingType
from litestar.openapi.spec import Example
from litestar.params import Body, BodyKwarg

from api.lib.errors import InvalidInputError, InvalidParam
from api.lib.messages import msg


def parse_uuid(value: str, name: str) -> UUID:
    """Path ids are parsed here, so a malformed one is a 400 naming it rather than a bare 404."""
    try:
        return UUID(value)
    except ValueError:
        raise InvalidInputError(InvalidParam(name, msg("must be a UUID"), "path")) from None


def json_body(example: dict[str, Any]) -> BodyKwarg:
    """The marker for a JSON request body, with an example for the OpenAPI document."""
    # Body() is annotated as returning Any; it builds a BodyKwarg.
    return cast(BodyKwarg, Body(media_type=RequestEncodingType.JSON, examples=[Example(value=example)]))
