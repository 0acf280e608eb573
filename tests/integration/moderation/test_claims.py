"""Claims: a moderator claims an item so that two never review the same one."""

from __future__ import annotations

import asyncio
import threading
import uuid

import psycopg
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from api.domain.moderation import schemas
from api.domain.moderation.services import ModerationService
from api.lib.cursors import CursorCodec
from api.lib.errors import ConflictError
from api.settings import get_settings
from tests.support.accounts import csrf_headers, sign_in
from tests.support.factories import make_organisation
from tests.support.moderation_desk import claim, named_moderator, submitted


def test_of_two_moderators_claiming_one_offer_the_second_learns_who_holds_it(
    client, db, organisation
) -> None:
    offer = submitted(db, organisation, 10)
    anna, ben = named_moderator(db, "Anna Erste"), named_moderator(db, "Ben Zweiter")

    sign_in(client, anna)
    first = claim(client, "offers", offer["id"])
    sign_in(client, ben)
    second = claim(client, "offers", offer["id"])

    assert first.status_code == 200 and first.json()["claimed_by"]["display_name"] == "Anna Erste"
    assert second.status_code == 409
    assert "Anna Erste" in second.json()["detail"]
    holder = db.execute("SELECT review_claimed_by FROM offer WHERE id = %s", [offer["id"]]).fetchone()
    assert holder == (anna.id,)


def test_an_organisation_claim_is_exclusive_too_and_can_be_released(client, db) -> None:
    pending = make_organisation(db, verification_status="pending")
    anna, ben = named_moderator(db, "Anna Erste"), named_moderator(db, "Ben Zweiter")

    sign_in(client, anna)
    assert claim(client, "organisations", pending["id"]).status_code == 200
    assert claim(client, "organisations", pending["id"]).status_code == 200  # claiming again renews it
    sign_in(client, ben)
    assert claim(client, "organisations", pending["id"]).status_code == 409
    refused_release = client.delete(
        f"/api/v1/moderation/organisations/{pending['id']}/claim", headers=csrf_headers(client)
    )
    sign_in(client, anna)
    released = client.delete(
        f"/api/v1/moderation/organisations/{pending['id']}/claim", headers=csrf_headers(client)
    )
    sign_in(client, ben)

    assert refused_release.status_code == 409
    assert released.status_code == 204
    assert claim(client, "organisations", pending["id"]).status_code == 200


def test_an_expired_claim_can_be_taken_over(client, db, organisation) -> None:
    offer = submitted(db, organisation, 10)
    anna, ben = named_moderator(db, "Anna Erste"), named_moderator(db, "Ben Zweiter")
    db.execute(
        "UPDATE offer SET review_claimed_by = %s, review_claimed_at = now() - interval '31 minutes'"
        " WHERE id = %s",
        [anna.id, offer["id"]],
    )

    sign_in(client, ben)

    assert claim(client, "offers", offer["id"]).status_code == 200


def test_claiming_what_is_not_awaiting_review_is_a_conflict_naming_its_state(
    client, db, as_moderator, organisation
) -> None:
    draft = submitted(db, organisation, 1, status="draft")
    verified = make_organisation(db)

    offer_answer = claim(client, "offers", draft["id"])
    organisation_answer = claim(client, "organisations", verified["id"])
    missing = claim(client, "offers", uuid.uuid4())
    malformed = claim(client, "offers", "not-a-uuid")

    assert offer_answer.status_code == 409 and "draft" in offer_answer.json()["detail"]
    assert organisation_answer.status_code == 409 and "verified" in organisation_answer.json()["detail"]
    assert missing.status_code == 404
    assert malformed.status_code == 400 and malformed.json()["invalid-params"][0]["name"] == "offer_id"


def test_concurrent_claims_in_separate_transactions_let_exactly_one_win(db, database, organisation) -> None:
    """Both claims wait on a row lock held by a third transaction, then race for the row at once."""
    offer = submitted(db, organisation, 10)
    moderators = [named_moderator(db, f"Parallel {n}") for n in range(2)]
    outcomes: list[str] = []
    ready = threading.Barrier(3)

    async def attempt(moderator_id: uuid.UUID) -> str:
        engine = create_async_engine(get_settings().database_url, pool_size=1)
        try:
            async with async_sessionmaker(engine, expire_on_commit=False)() as session:
                service = ModerationService(session, get_settings(), CursorCodec(get_settings().secret_key))
                ready.wait()
                try:
                    await service.claim(
                        "offer", offer["id"], schemas.Moderator(id=moderator_id, display_name="x")
                    )
                    return "won"
                except ConflictError:
                    return "refused"
        finally:
            await engine.dispose()

    threads = [
        threading.Thread(target=lambda m=m: outcomes.append(asyncio.run(attempt(m.id)))) for m in moderators
    ]
    with psycopg.connect(database) as blocker:
        blocker.execute("SELECT 1 FROM offer WHERE id = %s FOR UPDATE", [offer["id"]])
        for thread in threads:
            thread.start()
        ready.wait()
        blocker.execute("SELECT pg_sleep(0.5)")
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["refused", "won"]
