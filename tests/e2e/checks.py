"""What every browser test checks the same way: accessibility (axe-core from npm, pinned by package-lock.json),
screenshots at phone size, and reading links out of the e-mails the system really sent."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from tests.support.servers import ROOT

# WCAG 2.1 AA as BITV NRW requires, plus the 2.2 AA rules axe has.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# The README names this folder; `make test` fills it (it is ignored by git).
SCREENSHOTS = Path(os.environ.get("VOLUMAP_SCREENSHOTS", ROOT / "build" / "screenshots"))


@cache
def _axe_source() -> str:
    path = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    assert path.exists(), "axe-core is missing: make node installs it"
    return path.read_text(encoding="utf-8")


def assert_accessible(page: Page, state: str) -> None:
    """No axe violation of the WCAG A/AA rules on the page as it is now. `state` names it in the failure."""
    # Evaluated through the DevTools protocol, so the page's Content-Security-Policy does not stop it.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source() + "\n;0")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary).slice(0, 5)})))",
        AXE_TAGS,
    )
    assert result == [], f"axe violations on {state}:\n{json.dumps(result, indent=2, ensure_ascii=False)}"


def screenshot(page: Page, name: str) -> Path:
    """A full-page screenshot at the page's size (390 × 844 for the phone contexts), named for the screen."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower()).strip('-')}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def service_worker_push(page: Page, origin: str) -> Callable[[dict[str, Any]], None]:
    """A way to hand push messages to the page's service worker through the DevTools protocol (the browser's
    own push service is out of reach here), once the worker controls the page and its registration shows."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    session = page.context.new_cdp_session(page)
    # The app's live registration: the protocol also reports others the browser knows (of earlier pages, or
    # deleted), and delivering to one of those shows nothing.
    live: dict[str, bool] = {}

    def updated(event: dict[str, Any]) -> None:
        for registration in event["registrations"]:
            if registration["scopeURL"] == f"{origin}/":
                live[registration["registrationId"]] = not registration["isDeleted"]

    session.on("ServiceWorker.workerRegistrationUpdated", updated)
    session.send("ServiceWorker.enable")
    for _ in range(100):
        if any(live.values()):
            break
        page.wait_for_timeout(20)
    assert any(live.values()), "the service worker's registration never showed"

    def push(payload: dict[str, Any]) -> None:
        registration = [registration_id for registration_id, alive in live.items() if alive][-1]
        session.send("ServiceWorker.deliverPushMessage",
                     {"origin": origin, "registrationId": registration, "data": json.dumps(payload)})

    return push


SHOWN_NOTIFICATIONS = ("navigator.serviceWorker.ready.then(r => r.getNotifications()).then(ns => ns.map(n =>"
                       " ({title: n.title, body: n.body, tag: n.tag, url: n.data.url})))")


def shown_notifications(page: Page, condition: Callable[[list[dict[str, str]]], bool],
                        redeliver: Callable[[], None] | None = None) -> list[dict[str, str]]:
    """The notifications the service worker shows, as soon as they meet the condition (getNotifications is
    asynchronous, so it is asked again until then). `redeliver` hands the message over again every 5 s: on a
    busy machine the protocol's delivery to a worker being woken was seen lost once (a message with a tag
    replaces its earlier copy, so a second delivery shows nothing twice)."""
    current: list[dict[str, str]] = []
    for attempt in range(300):  # up to 15 s: a busy machine may take a while to wake the service worker
        current = page.evaluate(SHOWN_NOTIFICATIONS)
        if condition(current):
            return current
        if redeliver is not None and attempt % 100 == 99:
            redeliver()
        page.wait_for_timeout(50)
    raise AssertionError(f"the notifications never met the condition: {current}")
