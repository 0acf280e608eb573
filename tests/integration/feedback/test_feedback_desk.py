"""Moderators read the feedback, newest first, and mark it answered or closed; nobody else sees it."""

from __future__ import annotations

import uuid

import pytest

from tests.support.accounts import csrf_headers, make_person, sign_in

DESK = "/api/v1/moderation/feedback"


def _feedback(db, message: str, minutes_ago: int, status: str = "new", email: str | None = None) -> uuid.UUID:
    [feedback_id] = db.execute(
        "INSERT INTO feedback (id, created_at, kind, message, email, locale, status)"
        " VALUES (%s, now() - make_interval(mins => %s), 'barrier', %s, %s, 'de', %s) RETURNING id",
        [uuid.uuid4(), minutes_ago, message, email, status],
    ).fetchone()
    return feedback_id


def test_moderators_page_through_the_feedback_newest_first(client, db) -> None:
    for n in range(5):
        _feedback(db, f"Meldung {n}", minutes_ago=n)
    sign_in(client, make_person(db, moderator=True))

    first = client.get(DESK, params={"limit": 2})
    second = client.get(DESK, params={"limit": 2, "cursor": first.json()["next_cursor"]})
    last = client.get(DESK, params={"limit": 2, "cursor": second.json()["next_cursor"]})

    assert first.status_code == second.status_code == last.status_code == 200
    pages = [[item["message"] for item in page.json()["items"]] for page in (first, second, last)]
    assert pages == [["Meldung 0", "Meldung 1"], ["Meldung 2", "Meldung 3"], ["Meldung 4"]]
    assert last.json()["next_cursor"] is None
    item = first.json()["items"][0]
    assert set(item) == {"id", "created_at", "kind", "message", "page", "email", "locale", "status", "handled_at",
                         "handled_by"}


def test_moderators_filter_the_feedback_by_status(client, db) -> None:
    _feedback(db, "Offen", minutes_ago=1)
    closed = _feedback(db, "Erledigt", minutes_ago=2, status="closed")
    sign_in(client, make_person(db, admin=True))

    response = client.get(DESK, params={"status": "closed"})

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [str(closed)]
    bad = client.get(DESK, params={"status": "erledigt"})
    assert bad.status_code == 400 and bad.json()["invalid-params"][0]["name"] == "status"
    assert client.get(DESK, params={"limit": 0}).json()["invalid-params"][0]["name"] == "limit"
    foreign = client.get(DESK, params={"cursor": "bm90LWEtY3Vyc29y"})
    assert foreign.status_code == 400 and foreign.json()["invalid-params"][0]["name"] == "cursor"


def test_a_moderator_marks_feedback_answered_and_the_audit_log_says_who(client, db) -> None:
    feedback_id = _feedback(db, "Bitte größere Schrift", minutes_ago=5, email="anna@example.org")
    moderator = make_person(db, moderator=True)
    sign_in(client, moderator)

    answered = client.patch(f"{DESK}/{feedback_id}", json={"status": "answered"}, headers=csrf_headers(client))

    assert answered.status_code == 200, answered.text
    assert answered.json()["status"] == "answered" and answered.json()["handled_by"] == str(moderator.id)
    assert answered.json()["handled_at"] is not None
    row = db.execute("SELECT status, handled_by, handled_at FROM feedback WHERE id = %s", [feedback_id]).fetchone()
    assert row[:2] == ("answered", moderator.id) and row[2] is not None
    audit = db.execute("SELECT actor_id, action, before, after FROM audit_entry WHERE record_type = 'feedback'"
                       " AND record_id = %s", [feedback_id]).fetchall()
    assert audit == [(moderator.id, "feedback.status_changed", {"status": "new"}, {"status": "answered"})]

    reopened = client.patch(f"{DESK}/{feedback_id}", json={"status": "new"}, headers=csrf_headers(client))

    assert reopened.status_code == 200
    assert (reopened.json()["status"], reopened.json()["handled_by"], reopened.json()["handled_at"]) == (
        "new", None, None)


@pytest.mark.parametrize(("path", "body", "status", "field"), [
    (f"{DESK}/{uuid.uuid4()}", {"status": "closed"}, 404, None),
    (f"{DESK}/nicht-eine-uuid", {"status": "closed"}, 400, "feedback_id"),
])
def test_updating_unknown_or_malformed_ids(client, db, path: str, body: dict, status: int, field: str | None) -> None:
    sign_in(client, make_person(db, moderator=True))

    response = client.patch(path, json=body, headers=csrf_headers(client))

    assert response.status_code == status, response.text
    if field:
        assert response.json()["invalid-params"][0]["name"] == field


def test_an_unknown_status_is_a_400(client, db) -> None:
    feedback_id = _feedback(db, "Hallo", minutes_ago=1)
    sign_in(client, make_person(db, moderator=True))

    response = client.patch(f"{DESK}/{feedback_id}", json={"status": "gelesen"}, headers=csrf_headers(client))

    assert response.status_code == 400
    assert response.json()["invalid-params"][0]["name"] == "status"


def test_anonymous_callers_get_401_and_residents_403(client, db) -> None:
    feedback_id = _feedback(db, "Hallo", minutes_ago=1)
    calls = [("GET", DESK, None), ("PATCH", f"{DESK}/{feedback_id}", {"status": "closed"})]

    client.cookies.clear()
    anonymous = [client.request(method, path, json=body, headers=csrf_headers(client)).status_code
                 for method, path, body in calls]
    sign_in(client, make_person(db))
    resident = [client.request(method, path, json=body, headers=csrf_headers(client)).status_code
                for method, path, body in calls]

    assert anonymous == [401, 401]
    assert resident == [403, 403]
    assert db.execute("SELECT status FROM feedback WHERE id = %s", [feedback_id]).fetchone() == ("new",)
