"""Subscribing devices: validated, deduplicated by endpoint, bound to a person or with an area of their own
(coarsened like a home point), capped per person, changed and removed only by the device itself."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from py_vapid import Vapid

from api.domain.push.channels import public_key_of
from api.settings import get_settings
from tests.integration.push.devices import BIELEFELD, b64url, browser_keys, device
from tests.support.accounts import csrf_headers, make_person, sign_in
from tests.support.factories import make_organisation
from tests.support.offer_members import api_token

PATH = "/api/v1/push/subscriptions"


def _post(client, body, **headers):
    return client.post(PATH, json=body, headers={**csrf_headers(client), **headers})


def _invalid(response) -> set[str]:
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return {param["name"] for param in response.json().get("invalid-params", [])}


def test_the_key_endpoint_gives_each_channels_own_public_key(client) -> None:
    settings = get_settings()
    pwa = client.get("/api/v1/push/key")
    oic = client.get("/api/v1/push/key", params={"channel": "oic"})

    assert pwa.status_code == oic.status_code == 200
    with open(settings.vapid_private_key_file, "rb") as pem:
        assert pwa.json() == {"channel": "volumap", "public_key": public_key_of(Vapid.from_pem(pem.read()))}
    with open(settings.oic_vapid_private_key_file, "rb") as pem:
        assert oic.json()["public_key"] == public_key_of(Vapid.from_pem(pem.read()))
    assert len(base64.urlsafe_b64decode(pwa.json()["public_key"] + "=")) == 65
    assert client.get("/api/v1/push/key", params={"channel": "fax"}).status_code == 404


def test_an_anonymous_device_subscribes_with_a_coarsened_area(client, db) -> None:
    client.cookies.clear()
    body = device(area={"lat": 52.0212418, "lon": 8.5333121, "radius_km": 7}, categories=["environment"])

    response = _post(client, body, **{"Accept-Language": "en"})

    assert response.status_code == 201, response.text
    subscription = response.json()
    stored = db.execute(
        "SELECT ST_Y(home::geometry), ST_X(home::geometry), ST_X(home_location), ST_Y(home_location), radius_km,"
        " user_id, locale, channel FROM push_subscription WHERE endpoint = %s", [body["endpoint"]]).fetchone()
    lat, lon, x, y, radius_km, user_id, locale, channel = stored
    # The centre of its 250 m cell in UTM 32N, not the point sent.
    assert (x - 125) % 250 == pytest.approx(0, abs=1e-6) and (y - 125) % 250 == pytest.approx(0, abs=1e-6)
    assert (lat, lon) != (52.0212418, 8.5333121)
    assert subscription["area"]["centre"] == {"lat": round(lat, 6), "lon": round(lon, 6), "coarsened_to_m": 250}
    assert (radius_km, user_id, locale, channel) == (7.0, None, "en", "volumap")
    assert subscription["categories"] == ["environment"]
    assert subscription["bound_to_account"] is False
    created = subscription["created_at"]
    assert subscription["expires_at"] > created
    from datetime import datetime
    assert datetime.fromisoformat(subscription["expires_at"]) - datetime.fromisoformat(created) == timedelta(days=180)


def test_the_same_endpoint_again_renews_the_one_subscription(client, db) -> None:
    client.cookies.clear()
    body = device(area=BIELEFELD)
    assert _post(client, body).status_code == 201
    db.execute("UPDATE push_subscription SET gone_at = now(), failures = 3 WHERE endpoint = %s", [body["endpoint"]])
    renewed = {**body, "keys": browser_keys(), "area": {**BIELEFELD, "radius_km": 20}}

    response = _post(client, renewed)

    assert response.status_code == 200
    rows = db.execute("SELECT p256dh, radius_km, gone_at, failures FROM push_subscription WHERE endpoint = %s",
                      [body["endpoint"]]).fetchall()
    assert rows == [(renewed["keys"]["p256dh"], 20.0, None, 0)]


def test_a_signed_in_device_is_bound_to_the_person(client, db) -> None:
    person = make_person(db, locale="en")
    sign_in(client, person)
    body = device()

    response = _post(client, body)

    assert response.status_code == 201, response.text
    assert response.json()["bound_to_account"] is True and response.json()["area"] is None
    assert db.execute("SELECT user_id, locale, home FROM push_subscription WHERE endpoint = %s",
                      [body["endpoint"]]).fetchone() == (person.id, "en", None)
    # A person's area, quiet hours and cap come from their volunteer profile.
    assert _invalid(_post(client, device(area=BIELEFELD, daily_cap=1))) == {"area", "daily_cap"}


def test_a_person_has_at_most_the_configured_number_of_devices(client, db, monkeypatch) -> None:
    monkeypatch.setattr(get_settings(), "push_max_subscriptions_per_user", 2)
    person = make_person(db)
    sign_in(client, person)
    first, second = device(), device()
    assert _post(client, first).status_code == 201
    assert _post(client, second).status_code == 201

    third = _post(client, device())
    again = _post(client, {**first, "keys": browser_keys()})

    assert third.status_code == 409 and "2 devices" in third.json()["detail"]
    assert again.status_code == 200  # a known device renews without counting twice
    assert db.execute("SELECT count(*) FROM push_subscription WHERE user_id = %s", [person.id]).fetchone() == (2,)


def test_without_an_account_an_area_is_required(client) -> None:
    client.cookies.clear()
    assert _invalid(_post(client, device())) == {"area"}


@pytest.mark.parametrize(("endpoint", "reason"), [
    ("http://push.example.net/wpush/abc", "plain http outside the allowed hosts"),
    ("ftp://push.example.net/wpush/abc", "not http"),
    ("https:///wpush/abc", "no host"),
    ("https://user:pw@push.example.net/wpush/abc", "credentials"),
    ("https://push.example.net:99999/x", "port out of range"),
    ("not a url at all", "garbage"),
])
def test_a_bad_endpoint_is_refused(client, db, endpoint: str, reason: str) -> None:
    client.cookies.clear()
    response = _post(client, device(endpoint, area=BIELEFELD))
    assert _invalid(response) == {"endpoint"}, reason
    assert db.execute("SELECT count(*) FROM push_subscription WHERE endpoint = %s", [endpoint]).fetchone() == (0,)


def test_the_local_push_service_host_may_be_plain_http(client) -> None:
    client.cookies.clear()
    assert _post(client, device("http://127.0.0.1:8070/push/abc", area=BIELEFELD)).status_code == 201


@pytest.mark.parametrize(("keys", "field"), [
    ({"p256dh": b64url(b"\x04" + b"\x01" * 64), "auth": b64url(b"a" * 16)}, "keys.p256dh"),  # not on the curve
    ({"p256dh": b64url(b"\x04" + b"\x01" * 30), "auth": b64url(b"a" * 16)}, "keys.p256dh"),  # too short
    ({"p256dh": browser_keys()["p256dh"], "auth": b64url(b"a" * 15)}, "keys.auth"),
    ({"p256dh": browser_keys()["p256dh"], "auth": "a"}, "keys.auth"),
])
def test_bad_keys_are_refused(client, keys: dict[str, str], field: str) -> None:
    client.cookies.clear()
    assert _invalid(_post(client, {**device(area=BIELEFELD), "keys": keys})) == {field}


@pytest.mark.parametrize("body", [
    {"keys": browser_keys(), "area": BIELEFELD},
    {**device(area=BIELEFELD), "keys": {"p256dh": "not base64!", "auth": "x"}},
    {**device(), "area": {"lat": 95, "lon": 8.5, "radius_km": 5}},
    {**device(), "area": {**BIELEFELD, "radius_km": 51}},
    {**device(), "area": {"lat": 48.1, "lon": 11.6, "radius_km": 5}},  # Munich: outside the service area
    {**device(area=BIELEFELD), "categories": ["knitting"]},
    {**device(area=BIELEFELD), "surprise": True},
    {**device(area=BIELEFELD), "daily_cap": -1},
])
def test_malformed_subscriptions_are_a_400_naming_the_field(client, db, body) -> None:
    client.cookies.clear()
    before = db.execute("SELECT count(*) FROM push_subscription").fetchone()
    response = _post(client, body)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert db.execute("SELECT count(*) FROM push_subscription").fetchone() == before


def test_the_second_channel_registers_with_its_token_only(client, db) -> None:
    client.cookies.clear()
    token = {"Authorization": f"Bearer {get_settings().oic_channel_token}"}
    body = device(area=BIELEFELD, locale="de")

    as_browser = client.post(PATH, json={**body, "channel": "oic"}, headers=csrf_headers(client))
    client.cookies.clear()
    with_token = client.post(PATH, json=body, headers=token)
    wrong_channel = client.post(PATH, json={**device(area=BIELEFELD), "channel": "volumap"}, headers=token)
    no_area = client.post(PATH, json=device(), headers=token)
    elsewhere = client.get("/api/v1/me/volunteer-profile", headers=token)

    assert as_browser.status_code == 403
    assert with_token.status_code == 201 and with_token.json()["channel"] == "oic"
    assert db.execute("SELECT channel FROM push_subscription WHERE endpoint = %s",
                      [body["endpoint"]]).fetchone() == ("oic",)
    assert wrong_channel.status_code == 403
    assert _invalid(no_area) == {"area"}
    assert elsewhere.status_code == 401  # the channel token opens nothing else


def test_an_organisations_api_token_cannot_subscribe(client, db) -> None:
    organisation = make_organisation(db)
    client.cookies.clear()
    response = client.post(PATH, json=device(area=BIELEFELD), headers=api_token(db, organisation, "offers:write"))
    assert response.status_code == 403


def test_only_the_device_changes_its_area(client, db) -> None:
    client.cookies.clear()
    body = device(area=BIELEFELD)
    assert _post(client, body).status_code == 201
    change = {"endpoint": body["endpoint"], "area": {"lat": 51.95, "lon": 8.55, "radius_km": 12},
              "categories": ["sport"], "quiet_hours": {"start": "22:00", "end": "07:00"}, "daily_cap": 5}

    stranger = client.patch(PATH, json={**change, "auth": browser_keys()["auth"]}, headers=csrf_headers(client))
    owner = client.patch(PATH, json={**change, "auth": body["keys"]["auth"]}, headers=csrf_headers(client))

    assert stranger.status_code == 404
    assert owner.status_code == 200, owner.text
    changed = owner.json()
    assert (changed["area"]["radius_km"], changed["categories"], changed["quiet_hours"], changed["daily_cap"]) == (
        12.0, ["sport"], {"start": "22:00", "end": "07:00"}, 5)
    assert abs(changed["area"]["centre"]["lat"] - 51.95) < 0.002
    x, y = db.execute("SELECT ST_X(home_location), ST_Y(home_location) FROM push_subscription WHERE endpoint = %s",
                      [body["endpoint"]]).fetchone()
    assert (x - 125) % 250 == pytest.approx(0, abs=1e-6) and (y - 125) % 250 == pytest.approx(0, abs=1e-6)
    assert _invalid(client.patch(PATH, json={"endpoint": body["endpoint"], "auth": body["keys"]["auth"],
                                            "area": {"lat": 40, "lon": 8.5, "radius_km": 5}},
                                 headers=csrf_headers(client))) == {"area.lat"}


def test_a_change_touches_only_what_it_sends(client, db) -> None:
    client.cookies.clear()
    body = device(area=BIELEFELD)
    created = _post(client, body).json()
    own = {"endpoint": body["endpoint"], "auth": body["keys"]["auth"]}

    language = client.patch(PATH, json={**own, "locale": "en"}, headers=csrf_headers(client))
    nothing = client.patch(PATH, json=own, headers=csrf_headers(client))
    cap = client.patch(PATH, json={**own, "daily_cap": 0}, headers=csrf_headers(client))

    assert language.status_code == nothing.status_code == cap.status_code == 200
    unchanged = {k: v for k, v in created.items() if k != "locale"}
    assert {k: v for k, v in language.json().items() if k != "locale"} == unchanged
    assert language.json()["locale"] == "en" and nothing.json() == language.json()
    assert cap.json() == {**language.json(), "daily_cap": 0}


def test_a_persons_device_is_changed_through_the_profile(client, db) -> None:
    sign_in(client, make_person(db))
    body = device()
    assert _post(client, body).status_code == 201
    response = client.patch(PATH, json={"endpoint": body["endpoint"], "auth": body["keys"]["auth"], "daily_cap": 9},
                            headers=csrf_headers(client))
    assert response.status_code == 409


def test_only_the_device_unsubscribes(client, db) -> None:
    client.cookies.clear()
    body = device(area=BIELEFELD)
    assert _post(client, body).status_code == 201

    stranger = client.request("DELETE", PATH, json={"endpoint": body["endpoint"], "auth": browser_keys()["auth"]},
                              headers=csrf_headers(client))
    assert stranger.status_code == 404
    assert db.execute("SELECT count(*) FROM push_subscription WHERE endpoint = %s",
                      [body["endpoint"]]).fetchone() == (1,)

    owner = client.request("DELETE", PATH, json={"endpoint": body["endpoint"], "auth": body["keys"]["auth"]},
                           headers=csrf_headers(client))
    assert owner.status_code == 204
    assert db.execute("SELECT count(*) FROM push_subscription WHERE endpoint = %s",
                      [body["endpoint"]]).fetchone() == (0,)
    again = client.request("DELETE", PATH, json={"endpoint": body["endpoint"], "auth": body["keys"]["auth"]},
                           headers=csrf_headers(client))
    assert again.status_code == 404


def test_anonymous_subscribing_is_rate_limited_per_address(client, monkeypatch) -> None:
    monkeypatch.setattr(get_settings(), "rate_limit_push_subscribe_per_address", "2/minute")
    client.cookies.clear()
    codes = [_post(client, device(area=BIELEFELD)).status_code for _ in range(3)]
    assert codes[:2] == [201, 201] and codes[2] == 429
