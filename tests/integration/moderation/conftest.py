"""Fixtures of the moderation desk's tests."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from litestar.testing import TestClient

from tests.support.accounts import Person, sign_in
from tests.support.factories import make_organisation
from tests.support.moderation_desk import named_moderator


@pytest.fixture()
def moderator(db: psycopg.Connection) -> Person:
    return named_moderator(db, "Mara Moderatorin")


@pytest.fixture()
def as_moderator(client: TestClient, moderator: Person) -> Person:
    sign_in(client, moderator)
    return moderator


@pytest.fixture()
def organisation(db: psycopg.Connection) -> dict[str, Any]:
    return make_organisation(db)
