"""Notifications (views/me/notifications.js and the service worker, pwa/sw.js) in headless Chromium against the
real stack: opt-in after the explaining button, the device tied to the account (signed in) or to an area
(without one), a test notification, switching off, the account's devices. No browser push service is in reach
here, so only `PushManager.subscribe` (and `getSubscription`, which must then return what it made) is replaced:
by a subscription of the local push service (devtools/push_service.py), whose keys the test holds. The stack's
real worker encrypts; the push service decrypts; the decrypted message goes to the service worker through the
DevTools protocol, and the notification it shows is read back. The service worker's click routing and its
re-subscription are tested as functions in the service worker, since headless Chromium can neither click a
notification nor fire `pushsubscriptionchange`."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from playwright.sync_api import Page, Worker, expect

from api.domain.push.channels import get_channels
from tests.e2e.checks import assert_accessible, screenshot, service_worker_push, shown_notifications
from tests.e2e.conftest import Stack
from tests.e2e.test_accounts_ui import check, h1, main, sign_in
from tests.integration.volunteers.profiles import insert_profiles
from tests.support.accounts import Person, make_person
from tests.support.accounts import sign_in as sign_in_client
from tests.support.factories import make_organisation
from tests.support.moderation_desk import claim, post, submitted
from tests.support.push_service import PushServiceClient

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

OpenPage = Callable[..., Page]
HOME = (52.0302, 8.5311)  # Bielefeld-Mitte, north of the Jahnplatz
TITLE = "Notifications"

# Replaces the browser's push service by the local one: subscribe() hands out the subscription the test made
# (its endpoint and keys), getSubscription() returns it while it is subscribed (kept across reloads).
FAKE_PUSH_MANAGER = """
(subscription => {
  const KEY = "test:push-subscribed";
  const made = () => ({
    endpoint: subscription.endpoint, expirationTime: null, options: { userVisibleOnly: true },
    toJSON: () => ({ endpoint: subscription.endpoint, expirationTime: null, keys: subscription.keys }),
    unsubscribe: async () => { localStorage.removeItem(KEY); return true; },
  });
  PushManager.prototype.subscribe = async function () { localStorage.setItem(KEY, "1"); return made(); };
  PushManager.prototype.getSubscription = async function () { return localStorage.getItem(KEY) ? made() : null; };
})(%s)
"""


def with_fake_push(open_page: OpenPage, push_service: PushServiceClient, **options: Any) -> tuple[Page, dict[str, Any]]:
    subscription = push_service.subscribe(get_channels()["volumap"].public_key)
    page = open_page(permissions=["notifications"], **options)
    page.add_init_script(FAKE_PUSH_MANAGER % json.dumps(
        {"endpoint": subscription["endpoint"], "keys": subscription["keys"]}))
    return page, subscription


def signed_in(page: Page, person: Person) -> None:
    page.goto("/#/anmelden?weiter=%23%2Fbenachrichtigungen")
    sign_in(page, person.email, person.password)
    expect(h1(page, "Benachrichtigungen")).to_be_visible()


def service_worker(page: Page) -> Worker:
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    [worker] = page.context.service_workers
    return worker


def test_signed_in_resident_opts_in_and_an_approved_offer_arrives_as_a_notification(
    open_page: OpenPage, stack: Stack, push_service: PushServiceClient, db: psycopg.Connection, client
) -> None:
    person = make_person(db)
    insert_profiles(db, [{"user_id": person.id, "lat": HOME[0], "lon": HOME[1], "radius_km": 5, "interests": [5]}])
    page, subscription = with_fake_push(open_page, push_service)
    signed_in(page, person)
    expect(main(page)).to_contain_text("Was du bekommst, richtet sich nach deinem Profil")
    check(page, "benachrichtigungen-aus", english=TITLE)

    main(page).get_by_role("button", name="Benachrichtigungen auf diesem Gerät einschalten").click()
    expect(main(page).get_by_role("status").filter(has_text="Benachrichtigungen sind eingeschaltet")).to_be_focused()
    expect(main(page).get_by_role("heading", name="Dieses Gerät bekommt Benachrichtigungen")).to_be_visible()
    expect(main(page)).to_contain_text("Es ist mit deinem Konto verbunden")
    [(bound_to,)] = db.execute("SELECT user_id FROM push_subscription WHERE endpoint = %s",
                               (subscription["endpoint"],)).fetchall()
    assert bound_to == person.id
    devices = main(page).get_by_role("region", name="Deine Geräte mit Benachrichtigungen")
    expect(devices.get_by_role("listitem")).to_have_count(1)
    expect(devices).to_contain_text("(dieses Gerät)")
    check(page, "benachrichtigungen-an", english=TITLE)

    # An offer near the person, approved by a moderator through the API: the worker sends it.
    organisation = make_organisation(db, name="Umweltwerkstatt Mitte")
    offer = submitted(db, organisation, 5, title="Obstbäume schneiden am Bürgerpark", category_ids=[5],
                      lat=HOME[0] + 0.005, lon=HOME[1])
    sign_in_client(client, make_person(db, moderator=True))
    assert claim(client, "offers", offer["id"]).status_code == 200
    assert post(client, f"/api/v1/moderation/offers/{offer['id']}/approve").status_code == 200
    [message] = push_service.wait_for_messages(subscription["id"], timeout=45)
    payload = message["payload"]
    assert payload["body"].startswith("Obstbäume schneiden am Bürgerpark · Umwelt und Naturschutz ·")
    assert payload["url"].endswith(f"/#/angebot/{offer['id']}")

    push = service_worker_push(page, stack.base_url)
    push(payload)
    notifications = shown_notifications(page, lambda shown: any(n["tag"] == payload["tag"] for n in shown),
                                        redeliver=lambda: push(payload))
    [shown] = [n for n in notifications if n["tag"] == payload["tag"]]
    assert (shown["title"], shown["body"]) == (payload["title"], payload["body"])

    # The test notification: through the worker to this device only.
    main(page).get_by_role("button", name="Testbenachrichtigung senden").click()
    expect(main(page).get_by_role("status").filter(has_text="Testbenachrichtigung ist unterwegs")).to_be_focused()
    messages = push_service.wait_for_messages(subscription["id"], count=2, timeout=45)
    assert messages[-1]["payload"]["tag"] == "volumap-test"
    check(page, "benachrichtigungen-test", english=TITLE)

    # Removed from the list of devices: gone at the API and on this device.
    devices.get_by_role("button", name=re.compile(r"\(dieses Gerät\) entfernen$")).click()
    expect(main(page).get_by_role("status").filter(has_text="bekommt keine Benachrichtigungen mehr")).to_be_focused()
    expect(devices).to_contain_text("Noch kein Gerät bekommt Benachrichtigungen.")
    assert db.execute("SELECT count(*) FROM push_subscription WHERE user_id = %s", (person.id,)).fetchone() == (0,)
    expect(main(page).get_by_role("button", name="Benachrichtigungen auf diesem Gerät einschalten")).to_be_visible()
    db.execute("DELETE FROM organisation WHERE id = %s", (organisation["id"],))


def test_without_an_account_the_device_listens_around_a_place_and_switches_off(
    open_page: OpenPage, push_service: PushServiceClient, db: psycopg.Connection
) -> None:
    page, subscription = with_fake_push(open_page, push_service)
    page.goto("/#/benachrichtigungen")
    expect(h1(page, "Benachrichtigungen")).to_be_visible()
    main(page).get_by_role("button", name="Benachrichtigungen einschalten").click()
    expect(main(page).get_by_role("alert")).to_contain_text("Gib einen Ort oder eine Postleitzahl ein")
    check(page, "benachrichtigungen-ohne-konto-fehler")

    main(page).get_by_role("textbox", name="Ort oder Postleitzahl").fill("33602")
    main(page).get_by_role("combobox", name="Umkreis").select_option("5")
    main(page).get_by_role("checkbox", name="Umwelt und Naturschutz").check()
    main(page).get_by_role("button", name="Benachrichtigungen einschalten").click()
    expect(main(page).get_by_role("status").filter(has_text="Benachrichtigungen sind eingeschaltet")).to_be_focused()
    expect(main(page)).to_contain_text("Neue Angebote im Umkreis von 5 km um 33602 Bielefeld.")
    [(user_id, radius, interests)] = db.execute(
        "SELECT user_id, radius_km, interests FROM push_subscription WHERE endpoint = %s",
        (subscription["endpoint"],)).fetchall()
    assert (user_id, radius, interests) == (None, 5, [5])
    check(page, "benachrichtigungen-ohne-konto-an", english=TITLE)

    page.reload()
    expect(main(page).get_by_role("heading", name="Dieses Gerät bekommt Benachrichtigungen")).to_be_visible()
    main(page).get_by_role("button", name="Auf diesem Gerät ausschalten").click()
    expect(main(page).get_by_role("status").filter(has_text="ausgeschaltet")).to_be_focused()
    assert db.execute("SELECT count(*) FROM push_subscription WHERE endpoint = %s",
                      (subscription["endpoint"],)).fetchone() == (0,)
    expect(main(page).get_by_role("textbox", name="Ort oder Postleitzahl")).to_be_visible()


def test_a_push_service_out_of_reach_and_a_refusal_are_said_clearly(open_page: OpenPage) -> None:
    page = open_page(permissions=["notifications"])
    page.add_init_script("PushManager.prototype.subscribe = () => Promise.reject("
                         "new DOMException('Registration failed - push service error', 'AbortError'));")
    page.goto("/#/benachrichtigungen")
    main(page).get_by_role("textbox", name="Ort oder Postleitzahl").fill("Mitte")
    main(page).get_by_role("button", name="Benachrichtigungen einschalten").click()
    unreachable = main(page).get_by_role("alert").filter(has_text="Der Benachrichtigungsdienst deines Browsers")
    expect(unreachable).to_be_focused()
    check(page, "benachrichtigungen-dienst-fehlt", english=TITLE)

    refused = open_page()  # no permission granted: headless Chromium refuses when asked
    refused.add_init_script("Notification.requestPermission = async () => 'denied';")
    refused.goto("/#/benachrichtigungen")
    main(refused).get_by_role("textbox", name="Ort oder Postleitzahl").fill("Mitte")
    main(refused).get_by_role("button", name="Benachrichtigungen einschalten").click()
    expect(main(refused).get_by_role("alert").filter(has_text="Benachrichtigungen sind blockiert")).to_be_focused()
    assert_accessible(refused, "benachrichtigungen-blockiert (de)")


def test_on_an_iphone_outside_the_home_screen_the_rule_is_explained(open_page: OpenPage) -> None:
    page = open_page(user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                                "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")
    page.goto("/#/benachrichtigungen")
    expect(main(page).get_by_text("Füge VoluMap zuerst zum Home-Bildschirm hinzu")).to_be_visible()
    expect(main(page).get_by_role("button", name="Benachrichtigungen einschalten")).to_have_count(0)
    expect(main(page).get_by_role("region", name="Auf dem iPhone und iPad")).to_contain_text("Zum Home-Bildschirm")
    assert_accessible(page, "benachrichtigungen-iphone (de)")
    screenshot(page, "benachrichtigungen-iphone")


def test_service_worker_routes_a_notification_click_to_its_screen(open_page: OpenPage, stack: Stack) -> None:
    page = open_page()
    page.goto("/")
    worker = service_worker(page)
    result = worker.evaluate("""async (base) => {
      const calls = [];
      const win = (url, focused) => ({ url, focused, focus: async function () { calls.push(['focus', this.url]);
        return this; }, postMessage(message) { calls.push(['post', this.url, message.url]); } });
      const clients = (windows) => ({ matchAll: async () => windows,
        openWindow: async (url) => { calls.push(['open', url]); return null; } });
      const offer = base + '/#/angebot/42';
      // No window of the app: a new one, at the offer.
      await openFromNotification({ url: offer }, clients([win('https://elsewhere.example/', true)]));
      // A window already at the offer: focused, not moved.
      await openFromNotification({ url: offer }, clients([win(base + '/#/', true), win(offer, false)]));
      // Windows elsewhere in the app: the focused one is focused and told where to go.
      await openFromNotification({ url: offer }, clients([win(base + '/#/konto', false), win(base + '/#/', true)]));
      // A link to another site opens the app's start page instead.
      await openFromNotification({ url: 'https://evil.example/' }, clients([]));
      return calls;
    }""", stack.base_url)
    offer = f"{stack.base_url}/#/angebot/42"
    assert result == [
        ["open", offer],
        ["focus", offer],
        ["focus", f"{stack.base_url}/#/"], ["post", f"{stack.base_url}/#/", offer],
        ["open", f"{stack.base_url}/"],
    ]

    # The app, told by the service worker, shows the screen.
    page.evaluate("navigator.serviceWorker.controller ?? navigator.serviceWorker.ready")
    worker.evaluate("""async (url) => { const [win] = await self.clients.matchAll({ type: 'window' });
      win.postMessage({ type: 'volumap:navigate', url }); }""", f"{stack.base_url}/#/barrierefreiheit")
    expect(h1(page, "Erklärung zur Barrierefreiheit")).to_be_visible()


def test_service_worker_subscribes_again_and_moves_the_subscription_on_pushsubscriptionchange(
    open_page: OpenPage, push_service: PushServiceClient, db: psycopg.Connection
) -> None:
    page, old = with_fake_push(open_page, push_service)
    page.goto("/#/benachrichtigungen")
    main(page).get_by_role("textbox", name="Ort oder Postleitzahl").fill("Schildesche")
    main(page).get_by_role("button", name="Benachrichtigungen einschalten").click()
    expect(main(page).get_by_role("heading", name="Dieses Gerät bekommt Benachrichtigungen")).to_be_visible()
    new = push_service.subscribe(get_channels()["volumap"].public_key)
    worker = service_worker(page)

    endpoint = worker.evaluate("""async ([oldSub, newSub]) => {
      const asSubscription = (s) => ({ endpoint: s.endpoint, options: {}, toJSON: () => ({ endpoint: s.endpoint,
        keys: s.keys }) });
      // The browser handed over no new subscription: the worker subscribes again itself.
      const pushManager = { subscribe: async (options) => {
        self.__subscribedWith = options;
        return asSubscription(newSub);
      } };
      return renewSubscription(asSubscription(oldSub), null, { pushManager });
    }""", [{"endpoint": old["endpoint"], "keys": old["keys"]}, {"endpoint": new["endpoint"], "keys": new["keys"]}])
    assert endpoint == new["endpoint"]
    rows = db.execute("SELECT endpoint, radius_km FROM push_subscription WHERE endpoint = ANY(%s)",
                      ([old["endpoint"], new["endpoint"]],)).fetchall()
    assert rows == [(new["endpoint"], 10)]
    assert worker.evaluate("self.__subscribedWith.userVisibleOnly") is True
    # The device's record follows, so the app still proves the subscription it now has.
    record = page.evaluate("caches.open('volumap-device').then(c => c.match('/__volumap/push-device'))"
                           ".then(r => r.json())")
    assert record["endpoint"] == new["endpoint"] and record["auth"] == new["keys"]["auth"]
