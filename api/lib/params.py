from __future__ import annotations

from uuid import UUID

from api.lib.errors import InvalidInputError, InvalidParam


def parse_uuid(value: str, name: str) -> UUID:
    """Path ids are parsed here, so a malformed one is a 400 naming it rather than a bare 404."""
    try:
        return UUID(value)
    except ValueError:
        raise InvalidInputError(InvalidParam(name, "must be a UUID", "path")) from None
