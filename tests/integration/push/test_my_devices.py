"""A signed-in person's devices: listed without their keys, removed one by one; nobody else's are seen."""

from __future__ import annotations

import uuid

from tests.integration.push.devices import BIELEFELD, device
from tests.support.accounts import csrf_headers, make_person, sign_in

SUBSCRIPTIONS = "/api/v1/push/subscriptions"
MINE = "/api/v1/me/push-subscriptions"


def _subscribe(client, body) -> dict:
    response = client.post(SUBSCRIPTIONS, json=body, headers=csrf_headers(client))
    assert response.status_code == 201, response.text
    return response.json()


def test_i_see_only_my_devices_with_a_hint_of_their_browser_and_never_their_keys(client, db) -> None:
    me, someone_else = make_person(db), make_person(db)
    client.cookies.clear()
    anonymous = _subscribe(client, device(area=BIELEFELD))
    sign_in(client, someone_else)
    theirs = _subscribe(client, device("https://fcm.googleapis.com/fcm/send/theirs"))
    sign_in(client, me)
    chrome = _subscribe(client, device("https://fcm.googleapis.com/fcm/send/mine-1:APA91"))
    firefox = _subscribe(client, device("https://updates.push.services.mozilla.com/wpush/v2/mine-2"))
    safari = _subscribe(client, device("https://web.push.apple.com/QGuQyavXutnMH-mine-3"))
    other = _subscribe(client, device("https://push.example.net/wpush/mine-4"))
    db.execute("UPDATE push_subscription SET last_success_at = now() WHERE id = %s", [chrome["id"]])
    db.execute("UPDATE push_subscription SET gone_at = now() WHERE id = %s", [other["id"]])

    response = client.get(MINE)

    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "private, no-store"
    devices = {entry["id"]: entry for entry in response.json()}
    assert set(devices) == {chrome["id"], firefox["id"], safari["id"], other["id"]}
    assert anonymous["id"] not in devices and theirs["id"] not in devices
    assert {entry["device"] for entry in devices.values()} == {
        "Google (Chrome)", "Mozilla (Firefox)", "Apple (Safari)", "push.example.net"}
    for entry in devices.values():
        assert set(entry) == {"id", "device", "endpoint", "created_at", "last_notified_at", "expires_at"}
    assert devices[chrome["id"]]["endpoint"] == "https://fcm.googleapis.com/fcm/send/mine-1:APA91"
    assert devices[chrome["id"]]["last_notified_at"] is not None
    assert devices[firefox["id"]]["last_notified_at"] is None
    # Retired by its push service: it says when it goes.
    assert devices[other["id"]]["expires_at"] is not None and devices[chrome["id"]]["expires_at"] is None


def test_signed_out_my_devices_are_401(client) -> None:
    client.cookies.clear()

    listed = client.get(MINE)
    removed = client.delete(f"{MINE}/{uuid.uuid4()}", headers=csrf_headers(client))

    assert listed.status_code == removed.status_code == 401
    assert listed.headers["content-type"].startswith("application/problem+json")


def test_i_remove_my_device_but_nobody_elses(client, db) -> None:
    me, someone_else = make_person(db), make_person(db)
    client.cookies.clear()
    anonymous = _subscribe(client, device(area=BIELEFELD))
    sign_in(client, someone_else)
    theirs = _subscribe(client, device())
    sign_in(client, me)
    phone, laptop = _subscribe(client, device()), _subscribe(client, device())

    removed = client.delete(f"{MINE}/{phone['id']}", headers=csrf_headers(client))
    not_mine = [client.delete(f"{MINE}/{other}", headers=csrf_headers(client))
                for other in (theirs["id"], anonymous["id"], uuid.uuid4(), phone["id"])]
    malformed = client.delete(f"{MINE}/not-a-uuid", headers=csrf_headers(client))

    assert removed.status_code == 204 and removed.headers["cache-control"] == "private, no-store"
    assert [response.status_code for response in not_mine] == [404, 404, 404, 404]
    assert all(response.headers["content-type"].startswith("application/problem+json") for response in not_mine)
    assert malformed.status_code == 400
    assert [entry["id"] for entry in client.get(MINE).json()] == [laptop["id"]]
    left = {str(row[0]) for row in db.execute("SELECT id FROM push_subscription")}
    assert left == {anonymous["id"], theirs["id"], laptop["id"]}
