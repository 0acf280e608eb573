"""The audit log: searchable by record and by actor, exportable as CSV, and append-only in the database."""

from __future__ import annotations

import csv
import io
import uuid

import psycopg
import pytest

from tests.support.accounts import make_person, sign_in
from tests.support.factories import make_organisation
from tests.support.moderation_desk import claim, named_moderator, post, submitted

AUDIT = "/api/v1/moderation/audit"


def _decide_three(client, db, organisation):  # type: ignore[no-untyped-def]
    offers = [submitted(db, organisation, 10 + n) for n in range(3)]
    for offer in offers:
        claim(client, "offers", offer["id"])
        assert post(client, f"/api/v1/moderation/offers/{offer['id']}/approve").status_code == 200
    return offers


def test_the_log_is_searchable_by_record_and_by_actor_newest_first_page_by_page(
    client, db, organisation
) -> None:
    anna = named_moderator(db, "Anna Erste")
    sign_in(client, anna)
    offers = _decide_three(client, db, organisation)

    by_record = client.get(AUDIT, params={"record_type": "offer", "record_id": str(offers[1]["id"])}).json()
    first = client.get(AUDIT, params={"actor_id": str(anna.id), "limit": 2}).json()
    second = client.get(
        AUDIT, params={"actor_id": str(anna.id), "limit": 2, "cursor": first["next_cursor"]}
    ).json()

    assert [(e["record_id"], e["action"], e["actor_name"]) for e in by_record["items"]] == [
        (str(offers[1]["id"]), "offer.approve", "Anna Erste")
    ]
    assert [e["record_id"] for e in first["items"] + second["items"]] == [
        str(o["id"]) for o in reversed(offers)
    ]
    assert second["next_cursor"] is None
    assert first["items"][0]["before"]["status"] == "in_review"


def test_a_cursor_is_bound_to_its_search(client, db, organisation) -> None:
    anna = named_moderator(db, "Anna Erste")
    sign_in(client, anna)
    _decide_three(client, db, organisation)
    cursor = client.get(AUDIT, params={"actor_id": str(anna.id), "limit": 1}).json()["next_cursor"]

    response = client.get(AUDIT, params={"record_type": "offer", "cursor": cursor})

    assert response.status_code == 400 and response.json()["invalid-params"][0]["name"] == "cursor"


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"record_id": "x"}, "record_id"),
        ({"actor_id": "1"}, "actor_id"),
        ({"limit": "0"}, "limit"),
        ({"limit": "ten"}, "limit"),
    ],
)
def test_bad_audit_filters_are_refused_naming_them(client, as_moderator, params, name) -> None:
    response = client.get(AUDIT, params=params)

    assert response.status_code == 400
    assert name in [p["name"] for p in response.json()["invalid-params"]]


def test_the_csv_export_parses_and_holds_the_filtered_entries(client, db, organisation) -> None:
    anna = named_moderator(db, "Anna Erste")
    sign_in(client, anna)
    offers = _decide_three(client, db, organisation)
    pending = make_organisation(db, verification_status="pending")
    claim(client, "organisations", pending["id"])
    post(client, f"/api/v1/moderation/organisations/{pending['id']}/reject", {"reason": "other"})
    troublemaker = make_person(db)
    post(client, f"/api/v1/moderation/users/{troublemaker.id}/suspend", {"reason": '=HYPERLINK("http://x")'})

    response = client.get(f"{AUDIT}.csv", params={"actor_id": str(anna.id)})
    rows = list(csv.DictReader(io.StringIO(response.text)))
    empty = client.get(f"{AUDIT}.csv", params={"record_id": str(uuid.uuid4())})

    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert [row["record_id"] for row in rows] == [str(troublemaker.id), str(pending["id"])] + [
        str(o["id"]) for o in reversed(offers)
    ]
    assert {row["actor_email"] for row in rows} == {anna.email}
    assert rows[2]["action"] == "offer.approve" and '"status": "published"' in rows[2]["after"]
    assert rows[0]["reason"] == '\'=HYPERLINK("http://x")'  # a spreadsheet shows it as text, never runs it
    assert list(csv.reader(io.StringIO(empty.text))) == [
        [
            "id",
            "created_at",
            "actor_id",
            "actor_email",
            "action",
            "record_type",
            "record_id",
            "reason",
            "before",
            "after",
        ]
    ]


def test_the_audit_log_refuses_update_and_delete_even_from_the_applications_role(
    client, db, database, organisation
) -> None:
    sign_in(client, named_moderator(db, "Anna Erste"))
    [offer, *_] = _decide_three(client, db, organisation)

    with psycopg.connect(database, autocommit=True) as connection:  # the role the API connects with
        for statement in (
            "UPDATE audit_entry SET reason = 'rewritten' WHERE record_id = %s",
            "DELETE FROM audit_entry WHERE record_id = %s",
        ):
            with pytest.raises((psycopg.errors.InsufficientPrivilege, psycopg.errors.RaiseException)):
                connection.execute(statement, [offer["id"]])
        with pytest.raises((psycopg.errors.InsufficientPrivilege, psycopg.errors.RaiseException)):
            connection.execute("TRUNCATE audit_entry")
        assert connection.execute(
            "SELECT count(*) FROM audit_entry WHERE record_id = %s AND reason IS NULL", [offer["id"]]
        ).fetchone() == (1,)
