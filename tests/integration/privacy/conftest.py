from __future__ import annotations

import pytest

from tests.integration.privacy.residents import Resident, make_resident


@pytest.fixture()
def resident(client, db, mailbox) -> Resident:  # type: ignore[no-untyped-def]
    """A resident with a record in every table that can hold something about a person; signed in."""
    return make_resident(client, db, mailbox)
