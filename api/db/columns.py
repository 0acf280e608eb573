from __future__ import annotations

import enum

from sqlalchemy import Enum


def str_enum(cls: type[enum.Enum], name: str) -> Enum:
    """A Python enum stored as its values in VARCHAR with a CHECK, so new states need no ALTER TYPE."""
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda members: [m.value for m in members],
    )
