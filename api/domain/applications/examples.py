"""Examples for the OpenAPI document of applications and calendars."""

from __future__ import annotations

import uuid
from typing import Any

from api.lib import app_links

_ORIGIN = "https://volumap.bielefeld.de"
_OFFER_ID = "0b6f3c2e-8d5a-4f61-9a8e-3f1d2c7b9e10"
_APPLICATION_ID = "6a1f0c2d-3b4e-4f50-8a61-7b2c3d4e5f60"

APPLY: dict[str, Any] = {
    "message": "Ich habe samstags Zeit und bringe eigene Gartenhandschuhe mit.",
    "contact": {"name": "Anna", "email": "anna@example.org", "phone": "0521 555 0142"},
}

MY_APPLICATION: dict[str, Any] = {
    "id": _APPLICATION_ID,
    "offer_id": _OFFER_ID,
    "offer_title": "Gartenpflege im Bürgerpark",
    "organisation_name": "Grüne Nachbarschaft Schildesche e. V.",
    "status": "pending",
    "message": APPLY["message"],
    "contact": APPLY["contact"],
    "waiting_position": None,
    "offered_until": None,
    "created_at": "2026-11-27T08:30:00Z",
    "updated_at": "2026-11-27T08:30:00Z",
}

APPLICANT: dict[str, Any] = {
    "id": _APPLICATION_ID,
    "status": "waiting",
    "message": APPLY["message"],
    "contact": {"name": "Anna", "email": "anna@example.org"},
    "waiting_position": 1,
    "offered_until": None,
    "applied_at": "2026-11-27T08:30:00Z",
    "decided_at": None,
    "anonymised": False,
}

APPLICANT_LIST: dict[str, Any] = {
    "offer_id": _OFFER_ID,
    "counts": {"capacity": 8, "accepted": 7, "offered": 1, "waiting": 1, "pending": 0, "places_left": 0},
    "items": [APPLICANT],
    "total": 1,
}

ACCEPTED = {**APPLICANT, "status": "accepted", "waiting_position": None, "decided_at": "2026-11-28T10:00:00Z"}

FEED_LINK = {"url": "https://volumap.bielefeld.de/api/v1/calendar/Q2FsZW5kYXItZmVlZC1leGFtcGxl.ics"}

CALENDAR = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Stadt Bielefeld//VoluMap//DE\r\nCALSCALE:GREGORIAN\r\n"
    "METHOD:PUBLISH\r\nX-WR-CALNAME:VoluMap – meine Einsätze\r\nBEGIN:VEVENT\r\n"
    "SUMMARY:Gartenpflege im Bürgerpark\r\nDTSTART;TZID=Europe/Berlin:20261205T100000\r\n"
    "DTEND;TZID=Europe/Berlin:20261205T120000\r\nDTSTAMP:20261120T091500Z\r\n"
    f"UID:offer-{_OFFER_ID}-sat-1000@volumap.bielefeld.de\r\nRRULE:FREQ=WEEKLY;BYDAY=SA\r\n"
    "SEQUENCE:3\r\nLOCATION:Bürgerpark\\, 33615 Bielefeld\r\n"
    f"URL:{app_links.absolute(app_links.offer(uuid.UUID(_OFFER_ID)), _ORIGIN)}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
