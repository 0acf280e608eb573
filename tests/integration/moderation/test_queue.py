"""The review queue: what is in it, in which order, and its filters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from psycopg.types.json import Jsonb

from tests.support.accounts import make_person, sign_in
from tests.support.factories import make_offer, make_organisation
from tests.support.moderation_desk import claim, named_moderator, submitted

QUEUE = "/api/v1/moderation/queue"


def _ids(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_queue_holds_offers_in_review_revisions_and_pending_organisations_oldest_first(
    client, db, as_moderator, organisation
) -> None:
    now = datetime.now(UTC)
    newest = submitted(db, organisation, 5)
    oldest = submitted(db, organisation, 120)
    revision = make_offer(
        db,
        organisation,
        submitted_at=now - timedelta(minutes=60),
        pending_revision=Jsonb({"title": "Neuer Titel"}),
    )
    pending = make_organisation(db, verification_status="pending", created_at=now - timedelta(minutes=30))
    make_offer(db, organisation)  # published, no revision
    make_offer(db, organisation, status="draft")
    make_offer(db, organisation, status="rejected")
    make_organisation(db, verification_status="rejected")
    suspended = make_organisation(db, verification_status="suspended")
    submitted(db, suspended, 200)  # a suspended organisation's offers wait for nobody

    response = client.get(QUEUE)

    assert _ids(response) == [str(oldest["id"]), str(revision["id"]), str(pending["id"]), str(newest["id"])]
    items = {item["id"]: item for item in response.json()["items"]}
    assert items[str(revision["id"])]["is_revision"] is True
    assert items[str(oldest["id"])]["organisation"]["name"] == organisation["name"]
    assert (
        items[str(pending["id"])]["kind"] == "organisation"
        and items[str(pending["id"])]["organisation"] is None
    )


def test_queue_filters_by_kind_category_district_and_flags(client, db, as_moderator, organisation) -> None:
    flagged = submitted(
        db,
        organisation,
        10,
        category_ids=[5],
        district="Schildesche",
        precheck_flags=Jsonb([{"check": "phone_number", "detail": "0521 123456"}]),
    )
    plain = submitted(db, organisation, 20, category_ids=[1], district="Mitte")
    pending = make_organisation(db, verification_status="pending", district="Mitte")

    assert _ids(client.get(QUEUE, params={"kind": "organisation"})) == [str(pending["id"])]
    assert _ids(client.get(QUEUE, params={"kind": "offer"})) == [str(plain["id"]), str(flagged["id"])]
    assert _ids(client.get(QUEUE, params={"category": "environment"})) == [str(flagged["id"])]
    assert set(_ids(client.get(QUEUE, params={"district": "Mitte"}))) == {
        str(plain["id"]),
        str(pending["id"]),
    }
    flagged_only = client.get(QUEUE, params={"flagged": "true"})
    assert _ids(flagged_only) == [str(flagged["id"])]
    assert flagged_only.json()["items"][0]["precheck_flags"] == [
        {"check": "phone_number", "detail": "0521 123456"}
    ]


def test_queue_shows_claims_and_filters_mine_and_unclaimed(client, db, as_moderator, organisation) -> None:
    mine = submitted(db, organisation, 30)
    theirs = submitted(db, organisation, 20)
    free = submitted(db, organisation, 10)
    expired = submitted(db, organisation, 5)
    other = named_moderator(db, "Otto Anders")
    db.execute(
        "UPDATE offer SET review_claimed_by = %s, review_claimed_at = now() WHERE id = %s",
        [other.id, theirs["id"]],
    )
    db.execute(
        "UPDATE offer SET review_claimed_by = %s, review_claimed_at = now() - interval '31 minutes'"
        " WHERE id = %s",
        [other.id, expired["id"]],
    )
    assert claim(client, "offers", mine["id"]).status_code == 200

    everything = {item["id"]: item for item in client.get(QUEUE).json()["items"]}

    assert everything[str(theirs["id"])]["claimed_by"]["display_name"] == "Otto Anders"
    assert everything[str(mine["id"])]["claimed_by"]["display_name"] == "Mara Moderatorin"
    assert everything[str(expired["id"])]["claimed_by"] is None  # an expired claim counts for nothing
    assert _ids(client.get(QUEUE, params={"claimed": "mine"})) == [str(mine["id"])]
    assert _ids(client.get(QUEUE, params={"claimed": "unclaimed"})) == [str(free["id"]), str(expired["id"])]


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"kind": "volunteer"}, "kind"),
        ({"claimed": "yours"}, "claimed"),
        ({"limit": "0"}, "limit"),
        ({"category": "astrology"}, "category"),
        ({"flagged": "maybe"}, "flagged"),
    ],
)
def test_queue_refuses_bad_filters_naming_them(client, as_moderator, params, name) -> None:
    response = client.get(QUEUE, params=params)

    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert name in [param["name"] for param in response.json()["invalid-params"]]


def test_the_desk_is_for_moderators_and_admins_only(client, db) -> None:
    client.cookies.clear()
    assert client.get(QUEUE).status_code == 401
    sign_in(client, make_person(db))
    assert client.get(QUEUE).status_code == 403
    for path in (
        "/api/v1/moderation/reports",
        "/api/v1/moderation/audit",
        "/api/v1/moderation/audit.csv",
        "/api/v1/moderation/figures",
    ):
        assert client.get(path).status_code == 403, path
    sign_in(client, make_person(db, admin=True))
    assert client.get(QUEUE).status_code == 200
