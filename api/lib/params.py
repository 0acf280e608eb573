from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar.enums import RequestEncodingType
from litestar.openapi.spec import Example
from litestar.params import Body

from api.lib.errors import InvalidInputError, InvalidParam


def parse_uuid(value: str, name: str) -> UUID:
    """Path ids are parsed here, so a malformed one is a 400 naming it rather than a bare 404."""
    try:
        return UUID(value)
    except ValueError:
        raise InvalidInputError(InvalidParam(name, "must be a UUID", "path")) from None


def json_body(example: dict[str, Any]) -> Body:
    """The marker for a JSON request body, with an example for the OpenAPI document."""
    return Body(media_type=RequestEncodingType.JSON, examples=[Example(value=example)])
