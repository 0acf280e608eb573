"""Calendars: an .ics file for a one-off offer, and each volunteer's private iCal feed of the engagements
they were accepted for.

The feed's address carries a secret token; only its SHA-256 is stored (calendar_feed, one per person).
A new token replaces the old one, and deleting the row revokes the feed at once.

What becomes an event: a one-off offer from its start to its end (times in UTC); a regular offer as one
weekly event per slot of its weekly pattern (RRULE FREQ=WEEKLY;BYDAY=…, in Europe/Berlin time, so it
follows daylight saving), from the week the person was accepted until the offer closes, expires or ends.
Flexible offers have no time and no event.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

from icalendar import Calendar, Event
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.offers import Commitment
from api.domain.applications.emails import BERLIN
from api.domain.applications.schemas import CalendarFeedLink
from api.lib import app_links
from api.lib.errors import NotFoundError
from api.lib.messages import msg
from api.lib.tokens import new_secret_token, token_digest
from api.settings import Settings

FEED_PATH = "/api/v1/calendar"
ICS_SUFFIX = ".ics"
_PRODID = "-//Stadt Bielefeld//VoluMap//DE"
_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_FEED_NAMES = {"de": "VoluMap – meine Einsätze", "en": "VoluMap – my engagements"}

# Labelled as the fields of Engagement.
_ENGAGEMENTS = """
SELECT o.id AS offer_id, o.title, o.summary, org.name AS organisation, o.address, o.is_remote, o.commitment,
       o.starts_at, o.ends_at, o.weekly_pattern, o.updated_at AS changed_at, o.version,
       coalesce(a.decided_at, a.updated_at) AS since, least(o.closed_at, o.expires_at, o.ends_at) AS until
FROM application a
JOIN offer o ON o.id = a.offer_id
JOIN organisation org ON org.id = o.organisation_id
WHERE a.user_id = :user AND a.status = 'accepted' AND o.status IN ('published', 'paused', 'closed', 'expired')
ORDER BY o.starts_at NULLS LAST, o.id"""

_NEW_FEED = """
INSERT INTO calendar_feed (user_id, token_hash) VALUES (:user, :hash)
ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()"""
_REVOKE_FEED = "DELETE FROM calendar_feed WHERE user_id = :user"
_FEED_OWNER = """
SELECT f.user_id, u.locale FROM calendar_feed f JOIN user_account u ON u.id = f.user_id
WHERE f.token_hash = :hash AND u.status = 'active'"""


@dataclass(frozen=True, slots=True)
class Engagement:
    offer_id: uuid.UUID
    title: str
    summary: str
    organisation: str
    address: str | None
    is_remote: bool
    commitment: str
    starts_at: datetime | None
    ends_at: datetime | None
    weekly_pattern: list[dict[str, str]] | None
    changed_at: datetime
    version: int
    since: datetime | None = None
    """Weekly events start in the week of this moment (when the person was accepted)."""
    until: datetime | None = None
    """Weekly events end here (the offer closed, expires or ends)."""


def event_host(settings: Settings) -> str:
    """Event UIDs end in this, so they are unique across all the calendars a person subscribes to."""
    return urlsplit(settings.public_base_url).hostname or "volumap"


def calendar_file(name: str, engagements: Iterable[Engagement], host: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", _PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for engagement in engagements:
        for event in _events(engagement, host):
            calendar.add_component(event)
    # RFC 5545 wants a VTIMEZONE for every TZID used (Europe/Berlin, for the weekly events).
    calendar.add_missing_timezones()
    ical: bytes = calendar.to_ical()  # icalendar leaves to_ical() unannotated
    return ical


def _events(engagement: Engagement, host: str) -> Iterator[Event]:
    if engagement.commitment == Commitment.one_off.value and engagement.starts_at is not None:
        yield _event(
            engagement,
            f"offer-{engagement.offer_id}@{host}",
            engagement.starts_at.astimezone(UTC),
            engagement.ends_at.astimezone(UTC) if engagement.ends_at else None,
        )
    elif engagement.commitment == Commitment.regular.value and engagement.since is not None:
        first_day = max(engagement.since, engagement.starts_at or engagement.since).astimezone(BERLIN).date()
        for slot in engagement.weekly_pattern or []:
            day = _next(first_day, _WEEKDAYS[slot["day"]])
            start = datetime.combine(day, time.fromisoformat(slot["start"]), BERLIN)
            end = datetime.combine(day, time.fromisoformat(slot["end"]), BERLIN)
            rule: dict[str, Any] = {"freq": "weekly", "byday": slot["day"][:2].upper()}
            if engagement.until is not None:
                if engagement.until <= start:
                    continue
                rule["until"] = engagement.until.astimezone(UTC)
            event = _event(
                engagement, f"offer-{engagement.offer_id}-{slot['day']}-{start:%H%M}@{host}", start, end
            )
            event.add("rrule", rule)
            yield event


def _next(day: date, weekday: int) -> date:
    """The first date on or after `day` that falls on `weekday` (Monday = 0)."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _event(engagement: Engagement, uid: str, start: datetime, end: datetime | None) -> Event:
    link = app_links.absolute(app_links.offer(engagement.offer_id))
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", engagement.changed_at.astimezone(UTC))
    event.add("sequence", engagement.version)
    event.add("summary", engagement.title)
    event.add("description", f"{engagement.summary}\n\n{engagement.organisation}\n{link}")
    if engagement.address or engagement.is_remote:
        event.add("location", engagement.address or "Online")
    event.add("url", link)
    event.add("dtstart", start)
    if end is not None:
        event.add("dtend", end)
    return event


class CalendarService:
    def __init__(self, session: AsyncSession, settings: Settings) -> None:
        self.session = session
        self.settings = settings

    async def new_feed(self, user_id: uuid.UUID | None) -> CalendarFeedLink:
        """A new secret address for my feed; the previous one stops working."""
        token, token_hash = new_secret_token()
        await self.session.execute(text(_NEW_FEED), {"user": user_id, "hash": token_hash})
        await self.session.commit()
        base = self.settings.public_base_url.rstrip("/")
        return CalendarFeedLink(url=f"{base}{FEED_PATH}/{token}{ICS_SUFFIX}")

    async def revoke(self, user_id: uuid.UUID | None) -> None:
        await self.session.execute(text(_REVOKE_FEED), {"user": user_id})
        await self.session.commit()

    async def feed(self, token: str) -> bytes:
        """The feed behind a token: the engagements its owner was accepted for."""
        owner = (await self.session.execute(text(_FEED_OWNER), {"hash": token_digest(token)})).first()
        if owner is None:
            raise NotFoundError(msg("No calendar feed at this address: it was replaced or revoked"))
        rows = await self.session.execute(text(_ENGAGEMENTS), {"user": owner.user_id})
        engagements = [Engagement(**row._mapping) for row in rows]
        name = _FEED_NAMES["en" if owner.locale == "en" else "de"]
        return calendar_file(name, engagements, event_host(self.settings))
