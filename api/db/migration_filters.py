"""What Alembic's autogenerate compares: our tables, not the ones PostGIS brings along."""

from __future__ import annotations

from typing import Any

from geoalchemy2 import alembic_helpers

_FOREIGN_TABLES = {"spatial_ref_sys", "layer", "topology"}


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    if type_ == "table" and name in _FOREIGN_TABLES:
        return False
    # geoalchemy2's alembic_helpers has no annotations (its include_object returns a bool).
    included: bool = alembic_helpers.include_object(obj, name, type_, reflected, compare_to)  # type: ignore[no-untyped-call]
    return included
