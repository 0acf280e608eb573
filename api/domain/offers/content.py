"""An offer's content: what members write, in the shape of the offer's columns.

The same shape is stored in `offer.pending_revision` while edits of a published (or paused) offer wait
for review. It is a JSON object with exactly the keys of `CONTENT_FIELDS`:

    title, summary, description (sanitised HTML), category_ids [int], skills [str], languages [str],
    lat, lon (WGS84 floats, both null for a remote offer without a place), is_remote, address, district,
    commitment ("one_off" | "regular" | "flexible"), starts_at, ends_at (ISO 8601 with offset or null),
    weekly_pattern ([{"day", "start", "end"}] or null), hours_per_week, capacity, min_age, accessible,
    accessibility_notes, contact_name, contact_email, contact_phone

Moderation approves a revision with `apply_revision(offer)` and rejects it with `discard_revision(offer)`.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import Any

import nh3
from geoalchemy2 import WKTElement

from api.db.offers import Commitment, Offer
from api.lib.errors import InvalidInputError, InvalidParam
from api.lib.messages import Message, msg
from api.lib.params import OUT_OF_CALENDAR, within_calendar
from api.lib.sanitising import plain_text, sanitise_html
from api.settings import Settings

CONTENT_FIELDS: tuple[str, ...] = (
    "title",
    "summary",
    "description",
    "category_ids",
    "skills",
    "languages",
    "lat",
    "lon",
    "is_remote",
    "address",
    "district",
    "commitment",
    "starts_at",
    "ends_at",
    "weekly_pattern",
    "hours_per_week",
    "capacity",
    "min_age",
    "accessible",
    "accessibility_notes",
    "contact_name",
    "contact_email",
    "contact_phone",
)
# The columns a revision writes; lat/lon become `geog`.
COLUMN_FIELDS: tuple[str, ...] = tuple(f for f in CONTENT_FIELDS if f not in {"lat", "lon"})
PLAIN_TEXT_FIELDS = ("title", "summary", "address", "district", "accessibility_notes", "contact_name")
DESCRIPTION_MAX = 10_000
_DATETIMES = ("starts_at", "ends_at")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()/.\-]{2,38}$")
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def clean(changes: dict[str, Any]) -> dict[str, Any]:
    """Sanitises the text of (some) content fields; the rest passes through."""
    cleaned = dict(changes)
    for name in PLAIN_TEXT_FIELDS:
        if isinstance(cleaned.get(name), str):
            cleaned[name] = plain_text(cleaned[name]) or None
    if isinstance(cleaned.get("description"), str):
        cleaned["description"] = sanitise_html(_CONTROL.sub("", cleaned["description"])).strip()
    for name in ("skills", "languages"):
        if isinstance(cleaned.get(name), list):
            cleaned[name] = list(dict.fromkeys(t for t in (plain_text(v) for v in cleaned[name]) if t))
    for name in ("contact_email", "contact_phone"):
        if isinstance(cleaned.get(name), str):
            cleaned[name] = cleaned[name].strip() or None
    for name in _DATETIMES:
        if isinstance(cleaned.get(name), datetime):
            cleaned[name] = _aware(cleaned[name])
    return cleaned


def validate(content: dict[str, Any], settings: Settings) -> None:
    """The rules across fields, over a complete content; every problem is named at once."""
    problems: list[InvalidParam] = []

    def problem(name: str, reason: Message) -> None:
        problems.append(InvalidParam(name, reason, "body"))

    for name, label in (("title", "title"), ("summary", "summary")):
        if not content.get(name):
            problem(label, msg("must contain text"))
    description = content.get("description") or ""
    if not nh3.clean(description, tags=set()).strip():
        problem("description", msg("must contain text"))
    elif len(description) > DESCRIPTION_MAX:
        problem("description", msg("must be at most {count} characters after cleaning", count=DESCRIPTION_MAX))
    if not content.get("category_ids"):
        problem("categories", msg("needs at least one category"))
    lat, lon = content.get("lat"), content.get("lon")
    if lat is None or lon is None:
        if not content.get("is_remote"):
            problem("location", msg("is required unless the offer is remote"))
    else:
        west, south, east, north = settings.service_area
        if not (math.isfinite(lat) and math.isfinite(lon) and south <= lat <= north and west <= lon <= east):
            problem("location", msg("must lie within the service area (lon {west}–{east}, lat {south}–{north})",
                                    west=west, east=east, south=south, north=north))
    commitment = content.get("commitment")
    for name in _DATETIMES:
        if content.get(name) is not None and not within_calendar(content[name]):
            problem(name, OUT_OF_CALENDAR)
            content = {**content, name: None}
    starts_at, ends_at = content.get("starts_at"), content.get("ends_at")
    if commitment == Commitment.one_off.value and starts_at is None:
        problem("starts_at", msg("is required for a one-off offer"))
    if commitment == Commitment.regular.value and not (
        content.get("weekly_pattern") or content.get("hours_per_week")
    ):
        problem("weekly_pattern", msg("a regular offer needs a weekly pattern or hours_per_week"))
    if commitment != Commitment.regular.value and content.get("weekly_pattern"):
        problem("weekly_pattern", msg("only regular offers have a weekly pattern"))
    if starts_at is not None and ends_at is not None and ends_at < starts_at:
        problem("ends_at", msg("must not be before starts_at"))
    for slot in content.get("weekly_pattern") or []:
        if slot["end"] <= slot["start"]:
            problem("weekly_pattern", msg("{day} {start}–{end}: the end must follow the start",
                                          day=slot["day"], start=slot["start"], end=slot["end"]))
            break
    hours = content.get("hours_per_week")
    if hours is not None and not (math.isfinite(hours) and 0 < hours <= 60):
        problem("hours_per_week", msg("must be above 0 and at most {max}", max=60))
    email = content.get("contact_email")
    if email is not None and not _EMAIL.match(email):
        problem("contact_email", msg("is not an e-mail address"))
    phone = content.get("contact_phone")
    if phone is not None and not _PHONE.match(phone):
        problem("contact_phone", msg("may hold digits, spaces, + ( ) / . - only"))
    if problems:
        raise InvalidInputError(*problems)


def to_json(content: dict[str, Any]) -> dict[str, Any]:
    """The content as stored in `pending_revision` (and in audit entries)."""
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in content.items()}


def from_json(stored: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (datetime.fromisoformat(v) if k in _DATETIMES and isinstance(v, str) else v)
        for k, v in stored.items()
        if k in CONTENT_FIELDS
    }


def geog_value(lat: float | None, lon: float | None) -> WKTElement | None:
    return WKTElement(f"POINT({lon!r} {lat!r})", srid=4326) if lat is not None and lon is not None else None


def apply_revision(offer: Offer) -> dict[str, Any]:
    """Moves the pending revision into the offer's columns (the moderator's approval of an edit of a
    published offer) and returns what was applied, for the audit entry. The caller bumps `version`,
    sets `updated_at` and commits; with no pending revision nothing changes and {} is returned."""
    if not offer.pending_revision:
        return {}
    revision = from_json(offer.pending_revision)
    for name in COLUMN_FIELDS:
        if name in revision:
            setattr(offer, name, revision[name])
    if "lat" in revision or "lon" in revision:
        offer.geog = geog_value(revision.get("lat"), revision.get("lon"))
    offer.pending_revision = None
    return to_json(revision)


def discard_revision(offer: Offer) -> dict[str, Any]:
    """Drops the pending revision (a rejected edit); the published content stays. Returns what was dropped."""
    dropped, offer.pending_revision = offer.pending_revision or {}, None
    return dropped
