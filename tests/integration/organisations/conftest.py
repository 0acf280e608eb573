"""Organisations with members, arranged straight in the database; the API calls are the tests' own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
import pytest

from tests.support.accounts import Person, make_person
from tests.support.factories import make_organisation


def add_member(db: psycopg.Connection, organisation: dict[str, Any], person: Person, role: str) -> None:
    db.execute("INSERT INTO membership (organisation_id, user_id, role) VALUES (%s, %s, %s)",
               [organisation["id"], person.id, role])


@pytest.fixture()
def organisation_with(db: psycopg.Connection) -> Callable[..., tuple[dict[str, Any], dict[str, Person]]]:
    """An organisation and a new person per role asked for: `organisation_with("owner", "editor")`."""

    def build(*roles: str, **fields: Any) -> tuple[dict[str, Any], dict[str, Person]]:
        organisation = make_organisation(db, **fields)
        people = {}
        for index, role in enumerate(roles):
            person = make_person(db)
            add_member(db, organisation, person, role)
            people[role if role not in people else f"{role}{index}"] = person
        return organisation, people

    return build
