"""After `pushsubscriptionchange`: the service worker moves the old subscription onto the browser's new one,
authorised by the old device's secret (it cannot send the CSRF header)."""

from __future__ import annotations

from api.domain.push.channels import get_channels
from api.lib.outbox import PUSH_TEST
from api.settings import get_settings
from tests.integration.push.audience import delivery_ids
from tests.integration.push.devices import BIELEFELD, device
from tests.support.accounts import csrf_headers, make_person, sign_in
from workers.tasks import push as push_tasks
from workers.webpush import reset_sender

SUBSCRIPTIONS = "/api/v1/push/subscriptions"
RENEWAL = "/api/v1/push/subscriptions/renewal"


def _subscribe(client, body) -> dict:
    response = client.post(SUBSCRIPTIONS, json=body, headers=csrf_headers(client))
    assert response.status_code == 201, response.text
    return response.json()


def _renewal(old: dict, new: dict) -> dict:
    return {"old": {"endpoint": old["endpoint"], "auth": old["keys"]["auth"]},
            "new": {"endpoint": new["endpoint"], "expirationTime": None, "keys": new["keys"]}}


def _renew(client, old: dict, new: dict):  # type: ignore[no-untyped-def]
    """As a service worker sends it: no CSRF header."""
    return client.post(RENEWAL, json=_renewal(old, new))


def test_an_anonymous_subscription_moves_with_its_settings_without_a_csrf_token(client, db) -> None:
    client.cookies.clear()
    old = device(area={**BIELEFELD, "radius_km": 7}, categories=["environment"], locale="en",
                 quiet_hours={"start": "22:00", "end": "07:00"}, daily_cap=5)
    before = _subscribe(client, old)
    new = device()
    client.cookies.clear()

    response = _renew(client, old, new)

    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "private, no-store"
    after = response.json()
    assert after == {**before, "endpoint": new["endpoint"]}
    stored = db.execute("SELECT endpoint, p256dh, auth FROM push_subscription").fetchall()
    assert stored == [(new["endpoint"], new["keys"]["p256dh"], new["keys"]["auth"])]


def test_a_persons_device_stays_bound_to_them(client, db) -> None:
    person = make_person(db)
    sign_in(client, person)
    old = device()
    before = _subscribe(client, old)
    new = device()
    client.cookies.clear()

    response = _renew(client, old, new)

    assert response.status_code == 200, response.text
    assert response.json()["bound_to_account"] is True and response.json()["id"] == before["id"]
    assert db.execute("SELECT user_id FROM push_subscription WHERE endpoint = %s",
                      [new["endpoint"]]).fetchone() == (person.id,)
    sign_in(client, person)
    assert [d["endpoint"] for d in client.get("/api/v1/me/push-subscriptions").json()] == [new["endpoint"]]


def test_renewing_twice_is_fine(client, db) -> None:
    client.cookies.clear()
    old, new = device(area=BIELEFELD), device()
    _subscribe(client, old)

    first, again = _renew(client, old, new), _renew(client, old, new)

    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert db.execute("SELECT endpoint FROM push_subscription").fetchall() == [(new["endpoint"],)]


def test_a_new_endpoint_known_already_stays_and_the_old_one_goes(client, db) -> None:
    client.cookies.clear()
    old, new = device(area=BIELEFELD, daily_cap=1), device(area={**BIELEFELD, "radius_km": 20})
    _subscribe(client, old)
    known = _subscribe(client, new)

    response = _renew(client, old, new)

    assert response.status_code == 200, response.text
    assert response.json() == known
    assert db.execute("SELECT endpoint FROM push_subscription").fetchall() == [(new["endpoint"],)]


def test_an_unknown_old_subscription_or_a_wrong_secret_is_404(client, db) -> None:
    client.cookies.clear()
    old = device(area=BIELEFELD)
    _subscribe(client, old)
    stranger = device()
    wrong_secret = {**old, "keys": {**old["keys"], "auth": "AAAAAAAAAAAAAAAAAAAAAA"}}

    unknown = _renew(client, stranger, device())
    guessed = _renew(client, wrong_secret, device())

    assert unknown.status_code == guessed.status_code == 404
    assert unknown.headers["content-type"].startswith("application/problem+json")
    assert db.execute("SELECT endpoint FROM push_subscription").fetchall() == [(old["endpoint"],)]


def test_bad_input_is_a_400_naming_the_field(client) -> None:
    client.cookies.clear()
    old = device(area=BIELEFELD)
    _subscribe(client, old)
    body = _renewal(old, device("ftp://push.example.net/x"))

    bad_endpoint = client.post(RENEWAL, json=body)
    no_keys = client.post(RENEWAL, json={"old": body["old"], "new": {"endpoint": "https://push.example.net/y"}})

    assert bad_endpoint.status_code == no_keys.status_code == 400
    assert {p["name"] for p in bad_endpoint.json()["invalid-params"]} == {"endpoint"}


def test_renewals_are_limited_per_address(client, monkeypatch) -> None:
    monkeypatch.setattr(get_settings(), "rate_limit_push_renewal_per_address", "2/7minutes")
    client.cookies.clear()

    answers = [_renew(client, device(), device()) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [404, 404, 429]
    assert int(answers[2].headers["retry-after"]) > 0


def test_the_renewed_subscription_gets_its_notifications_at_the_new_endpoint(client, db, push_service) -> None:
    key = get_channels()["volumap"].public_key
    old, new = push_service.subscribe(key), push_service.subscribe(key)
    client.cookies.clear()
    _subscribe(client, {"endpoint": old["endpoint"], "keys": old["keys"], "area": BIELEFELD})
    assert _renew(client, old, new).status_code == 200

    test = client.post("/api/v1/push/test", json={"endpoint": new["endpoint"], "auth": new["keys"]["auth"]},
                       headers=csrf_headers(client))
    assert test.status_code == 202, test.text
    [(event_id,)] = db.execute("SELECT id FROM outbox_event WHERE kind = %s", [PUSH_TEST]).fetchall()
    reset_sender()
    push_tasks.fan_out_to_device(event_id)
    assert push_tasks.deliver(delivery_ids(db, event_id)) == 1

    assert [m["payload"]["tag"] for m in push_service.messages(new["id"])] == ["volumap-test"]
    assert push_service.messages(old["id"]) == []
