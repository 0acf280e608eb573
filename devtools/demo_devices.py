"""Demo devices on the local push service, so that `make run` shows notifications without a browser vendor's
push service: the demo resident's phone (bound to the account: new offers near the profile, answers to
applications) and an anonymous device with an area around the Jahnplatz.

The local push service keeps its subscriptions in memory, so every start makes new ones and removes the demo
devices of the previous start (those whose endpoint is on the local push service)."""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass

import psycopg

from api.demo.accounts import DEMO_ACCOUNTS, JAHNPLATZ
from api.domain.push.channels import get_channels
from api.lib.home_area import coarsened_home_sql


@dataclass(frozen=True)
class DemoDevice:
    name: str
    mailbox_url: str


def _subscribe(push_service_url: str, application_server_key: str) -> dict[str, object]:
    request = urllib.request.Request(
        f"{push_service_url.rstrip('/')}/_control/subscriptions",
        data=json.dumps({"application_server_key": application_server_key}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def seed_demo_devices(dsn: str, push_service_url: str) -> list[DemoDevice]:
    key = get_channels()["volumap"].public_key
    resident = next(account for account in DEMO_ACCOUNTS if account.volunteers)
    phone, kiosk = _subscribe(push_service_url, key), _subscribe(push_service_url, key)
    base = push_service_url.rstrip("/")
    with psycopg.connect(dsn, autocommit=True) as connection, connection.transaction():
        connection.execute("DELETE FROM push_subscription WHERE endpoint LIKE %s", (f"{base}/%",))
        connection.execute(
            "INSERT INTO push_subscription (channel, endpoint, p256dh, auth, user_id, locale)"
            " SELECT 'volumap', %s, %s, %s, u.id, u.locale FROM user_account u WHERE lower(u.email) = lower(%s)",
            (phone["endpoint"], phone["keys"]["p256dh"], phone["keys"]["auth"], resident.email),
        )
        connection.execute(
            "INSERT INTO push_subscription (channel, endpoint, p256dh, auth, home, radius_km)"
            f" VALUES ('volumap', %s, %s, %s, {coarsened_home_sql(JAHNPLATZ)}, 15)",
            (kiosk["endpoint"], kiosk["keys"]["p256dh"], kiosk["keys"]["auth"]),
        )
    return [
        DemoDevice(f"{resident.email}'s phone", f"{base}/_control/subscriptions/{phone['id']}/messages"),
        DemoDevice("a device without an account (15 km around the Jahnplatz, every category)",
                   f"{base}/_control/subscriptions/{kiosk['id']}/messages"),
    ]
