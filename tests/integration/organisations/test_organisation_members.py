"""Members: owners change roles and remove people, anyone may leave, and an organisation always keeps an owner,
also when two owners act at the same moment."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.support.accounts import Person, csrf_headers, make_person, sign_in

ORGANISATIONS = "/api/v1/organisations"


def _members_url(organisation, person: Person | None = None) -> str:
    base = f"{ORGANISATIONS}/{organisation['id']}/members"
    return f"{base}/{person.id}" if person else base


def _roles(db, organisation) -> dict:
    return dict(db.execute("SELECT user_id, role FROM membership WHERE organisation_id = %s",
                           [organisation["id"]]).fetchall())


def test_owner_lists_promotes_and_demotes_members(client, db, organisation_with) -> None:
    organisation, people = organisation_with("owner", "editor")
    sign_in(client, people["owner"])

    listed = client.get(_members_url(organisation))
    promoted = client.put(_members_url(organisation, people["editor"]), json={"role": "owner"},
                          headers=csrf_headers(client))
    demoted = client.put(_members_url(organisation, people["owner"]), json={"role": "editor"},
                         headers=csrf_headers(client))

    assert {(m["user_id"], m["role"]) for m in listed.json()} == {
        (str(people["owner"].id), "owner"), (str(people["editor"].id), "editor")}
    assert promoted.status_code == 200 and promoted.json()["role"] == "owner"
    assert demoted.status_code == 200 and demoted.json()["role"] == "editor"
    assert _roles(db, organisation) == {people["owner"].id: "editor", people["editor"].id: "owner"}
    actions = [row[0] for row in db.execute("SELECT action FROM audit_entry WHERE record_id = %s ORDER BY id",
                                            [organisation["id"]])]
    assert actions == ["organisation.member_role_changed"] * 2


def test_the_last_owner_can_neither_step_down_nor_leave_nor_be_removed(client, db, organisation_with) -> None:
    organisation, people = organisation_with("owner", "editor")
    sign_in(client, people["owner"])

    demote = client.put(_members_url(organisation, people["owner"]), json={"role": "editor"},
                        headers=csrf_headers(client))
    leave = client.delete(_members_url(organisation, people["owner"]), headers=csrf_headers(client))

    assert demote.status_code == 409 and "at least one owner" in demote.json()["detail"]
    assert leave.status_code == 409
    assert _roles(db, organisation)[people["owner"].id] == "owner"


def test_owner_removes_a_member_and_an_editor_may_leave(client, db, organisation_with) -> None:
    organisation, people = organisation_with("owner", "editor", "editor")
    sign_in(client, people["owner"])
    removed = client.delete(_members_url(organisation, people["editor"]), headers=csrf_headers(client))
    sign_in(client, people["editor2"])
    left = client.delete(_members_url(organisation, people["editor2"]), headers=csrf_headers(client))

    assert removed.status_code == left.status_code == 204
    assert _roles(db, organisation) == {people["owner"].id: "owner"}
    actions = sorted(row[0] for row in db.execute("SELECT action FROM audit_entry WHERE record_id = %s",
                                                  [organisation["id"]]))
    assert actions == ["organisation.member_left", "organisation.member_removed"]


def test_editors_cannot_manage_members(client, db, organisation_with) -> None:
    organisation, people = organisation_with("owner", "editor", "editor")
    sign_in(client, people["editor"])

    assert client.put(_members_url(organisation, people["editor2"]), json={"role": "owner"},
                      headers=csrf_headers(client)).status_code == 403
    assert client.delete(_members_url(organisation, people["owner"]),
                         headers=csrf_headers(client)).status_code == 403
    assert client.get(_members_url(organisation)).status_code == 200


def test_bad_role_and_unknown_member_are_refused(client, db, organisation_with) -> None:
    organisation, people = organisation_with("owner")
    sign_in(client, people["owner"])

    bad_role = client.put(_members_url(organisation, people["owner"]), json={"role": "king"},
                          headers=csrf_headers(client))
    stranger = client.put(_members_url(organisation, make_person(db)), json={"role": "editor"},
                          headers=csrf_headers(client))
    bad_id = client.put(f"{_members_url(organisation)}/not-a-uuid", json={"role": "editor"},
                        headers=csrf_headers(client))

    assert bad_role.status_code == 400 and bad_role.json()["invalid-params"][0]["name"] == "role"
    assert stranger.status_code == 404
    assert bad_id.status_code in {400, 404}


def _session_headers(client, person: Person) -> dict[str, str]:
    """A signed-in browser's cookies and CSRF token as headers, so that threads share no cookie jar."""
    sign_in(client, person)
    csrf = csrf_headers(client)
    cookie = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
    return {**csrf, "Cookie": cookie}


def _at_once(client, *requests: tuple[str, str, dict, dict | None]) -> list[tuple[int, str]]:
    """Status and body of each request, all sent at the same moment."""
    client.cookies.clear()
    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        futures = [pool.submit(client.request, method, url, headers=headers, json=body)
                   for method, url, headers, body in requests]
        return sorted((response.status_code, response.text) for response in (f.result() for f in futures))


def test_two_owners_demoting_each_other_at_once_leave_exactly_one_owner(client, db, organisation_with) -> None:
    for _ in range(5):
        organisation, people = organisation_with("owner", "owner")
        first, second = people["owner"], people["owner1"]
        first_headers, second_headers = _session_headers(client, first), _session_headers(client, second)

        statuses = _at_once(
            client,
            ("PUT", _members_url(organisation, second), first_headers, {"role": "editor"}),
            ("PUT", _members_url(organisation, first), second_headers, {"role": "editor"}),
        )

        assert statuses[0][0] == 200 and statuses[1][0] in {403, 409}, statuses
        assert sorted(_roles(db, organisation).values()) == ["editor", "owner"]


def test_two_owners_leaving_at_once_leave_exactly_one_owner(client, db, organisation_with) -> None:
    for _ in range(5):
        organisation, people = organisation_with("owner", "owner")
        first, second = people["owner"], people["owner1"]
        first_headers, second_headers = _session_headers(client, first), _session_headers(client, second)

        statuses = _at_once(
            client,
            ("DELETE", _members_url(organisation, first), first_headers, None),
            ("DELETE", _members_url(organisation, second), second_headers, None),
        )

        assert [status for status, _ in statuses] == [204, 409], statuses
        assert list(_roles(db, organisation).values()) == ["owner"]
