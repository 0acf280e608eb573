from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from api.domain.offers.services import SearchPosition
from api.lib.cursors import CursorCodec
from api.lib.errors import InvalidInputError

codec = CursorCodec("unit-test-secret-0123456789abcdef0123")


def test_cursor_round_trips_a_position() -> None:
    position = SearchPosition(1234.5678901234, [uuid4(), uuid4()])

    decoded = codec.decode(codec.encode(position.dump(), "query-a"), "query-a")

    assert SearchPosition.load(decoded, radius=True) == position


def test_cursor_from_another_key_or_secret_is_refused() -> None:
    cursor = codec.encode([1.0, [uuid4().hex]], "query-a")

    with pytest.raises(InvalidInputError, match="different search"):
        codec.decode(cursor, "query-b")
    with pytest.raises(InvalidInputError, match="not a valid cursor"):
        CursorCodec("another-secret-0123456789abcdef012345").decode(cursor, "query-a")


@pytest.mark.parametrize(
    ("position", "radius"),
    [
        ("just a string", True),
        ([1.0], True),
        ([1.0, []], True),
        (["2026-01-01T00:00:00+00:00", [uuid4().hex]], True),
        ([True, [uuid4().hex]], True),
        ([1.0, ["not-a-uuid"]], True),
        ([1.0, [uuid4().hex]], False),
        (["yesterday", [uuid4().hex]], False),
        ([None, [uuid4().hex]], False),
    ],
)
def test_signed_but_malformed_positions_are_refused(position, radius: bool) -> None:
    decoded = codec.decode(codec.encode(position, "k"), "k")

    with pytest.raises(InvalidInputError):
        SearchPosition.load(decoded, radius=radius)


def test_newest_first_position_keeps_its_time_zone() -> None:
    moment = datetime(2026, 11, 26, 5, 33, 0, 123456, tzinfo=UTC)
    position = SearchPosition(moment, [uuid4()])

    assert SearchPosition.load(position.dump(), radius=False).rank == moment
