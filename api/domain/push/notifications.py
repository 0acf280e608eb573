"""What a notification says, in German or English, and how it is written into the outbox.

Events of the table of docs/architecture.md ("Notifications"), by outbox kind:
- `offer.published` (api/lib/outbox.py): a new offer near the people and devices it reaches, rendered per
  recipient at delivery (language, distance); only outside their quiet hours and under their daily cap.
- `push.notify`: a message to named people, at once: a new applicant (to the organisation's members), an
  application accepted or declined (to the applicant), a reminder 24 h before a one-off offer starts (to
  accepted volunteers), an offer approved or rejected and an organisation verified (to its members). The
  texts are written in both languages when the event is; `user_ids` is removed once the deliveries exist.
- `push.test`: a test notification to the one device that asked for it (POST /api/v1/push/test), at once:
  it ignores quiet hours and does not count against the daily cap (the person is waiting for it).

Every payload is JSON {type, title, body, url, tag} of at most 2 KB; `url` points into the subscription's
channel app, `tag` equals the Topic header, so a repeated message replaces the earlier one on the device.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.dialects.postgresql import Insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.lib import app_links
from api.lib.distances import format_distance
from api.lib.outbox import PUSH, PUSH_TEST, event_insert

BERLIN = ZoneInfo("Europe/Berlin")
TITLE_CHARS = 120
BODY_CHARS = 300
DAY_S = 24 * 3600


@dataclass(frozen=True, slots=True)
class Delivery:
    """How a kind of notification travels: its lifetime on the push service, urgency, the link's path."""

    ttl_s: int
    urgency: str


NEW_OFFER = Delivery(ttl_s=DAY_S, urgency="low")
KINDS: dict[str, Delivery] = {
    "application.new": Delivery(ttl_s=3 * DAY_S, urgency="normal"),
    "application.accepted": Delivery(ttl_s=7 * DAY_S, urgency="normal"),
    "application.declined": Delivery(ttl_s=7 * DAY_S, urgency="low"),
    "offer.reminder": Delivery(ttl_s=DAY_S, urgency="high"),
    "offer.approved": Delivery(ttl_s=7 * DAY_S, urgency="normal"),
    "offer.rejected": Delivery(ttl_s=7 * DAY_S, urgency="normal"),
    "organisation.verified": Delivery(ttl_s=7 * DAY_S, urgency="normal"),
    # Worth nothing once the person has stopped waiting for it.
    PUSH_TEST: Delivery(ttl_s=600, urgency="high"),
}
TEST_TAG = "volumap-test"

_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "offer.published": {
        "de": ("Neues Ehrenamt in deiner Nähe", "{title} · {category} · {distance}"),
        "en": ("New volunteering near you", "{title} · {category} · {distance}"),
    },
    "application.new": {
        "de": ("Neue Bewerbung: {title}", "Jemand möchte bei „{title}“ helfen. Jetzt ansehen und antworten."),
        "en": ("New applicant: {title}", "Someone wants to help with “{title}”. Have a look and answer."),
    },
    "application.accepted": {
        "de": ("Du bist dabei: {title}", "{organisation} hat deine Bewerbung angenommen."),
        "en": ("You're in: {title}", "{organisation} accepted your application."),
    },
    "application.declined": {
        "de": ("Absage: {title}", "{organisation} kann dich diesmal leider nicht einplanen."),
        "en": ("Not this time: {title}", "{organisation} cannot take you on this time."),
    },
    "offer.reminder": {
        "de": ("Morgen: {title}", "Beginn {starts} · {organisation}"),
        "en": ("Tomorrow: {title}", "Starts {starts} · {organisation}"),
    },
    "offer.approved": {
        "de": ("Veröffentlicht: {title}", "Euer Angebot ist jetzt öffentlich."),
        "en": ("Published: {title}", "Your offer is now public."),
    },
    "offer.rejected": {
        "de": ("Nicht freigegeben: {title}", "Bitte überarbeiten: {reason}"),
        "en": ("Not approved: {title}", "Please revise: {reason}"),
    },
    "organisation.verified": {
        "de": ("{organisation} ist bestätigt", "Ihr könnt jetzt Angebote zur Prüfung einreichen."),
        "en": ("{organisation} is verified", "You can now submit offers for review."),
    },
    PUSH_TEST: {
        "de": ("VoluMap: Testnachricht", "Benachrichtigungen funktionieren auf diesem Gerät."),
        "en": ("VoluMap: test notification", "Notifications work on this device."),
    },
}


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def topic(prefix: str, record_id: uuid.UUID | str) -> str:
    """A Topic header (RFC 8030 §5.4: at most 32 base64url characters): the prefix and the id's 22."""
    raw = uuid.UUID(str(record_id)).bytes
    return f"{prefix}-{base64.urlsafe_b64encode(raw).rstrip(b'=').decode()}"


def texts(kind: str, **values: str) -> dict[str, dict[str, str]]:
    """The title and body in both languages."""
    return {
        language: {"title": _clip(title.format(**values), TITLE_CHARS),
                   "body": _clip(body.format(**values), BODY_CHARS)}
        for language, (title, body) in _TEXTS[kind].items()
    }


def starts_text(starts_at: datetime, language: str) -> str:
    local = starts_at.astimezone(BERLIN)
    return local.strftime("%d.%m. %H:%M Uhr") if language == "de" else local.strftime("%d %b, %H:%M")


def payload(kind: str, title: str, body: str, url: str, tag: str) -> bytes:
    return json.dumps({"type": kind, "title": title, "body": body, "url": url, "tag": tag},
                      ensure_ascii=False, separators=(",", ":")).encode()


def new_offer_texts(language: str, *, title: str, category: str, distance_m: float | None) -> dict[str, str]:
    heading, line = _TEXTS["offer.published"][language]
    distance = format_distance(distance_m, language) if distance_m is not None else ""
    body = line.format(title=title, category=category, distance=distance).rstrip(" ·")
    return {"title": heading, "body": _clip(body, BODY_CHARS)}


def people_payload(
    kind: str,
    user_ids: list[uuid.UUID],
    *,
    path: str,
    tag: str,
    values: dict[str, str] | None = None,
    text_values: dict[str, dict[str, str]] | None = None,
) -> dict[str, Any]:
    """A `push.notify` event's payload: the texts in both languages from `values`, or as given."""
    delivery = KINDS[kind]
    return {
        "type": kind,
        "user_ids": [str(user_id) for user_id in dict.fromkeys(user_ids)],
        "path": path,
        "tag": tag,
        "ttl": delivery.ttl_s,
        "urgency": delivery.urgency,
        "texts": text_values or texts(kind, **(values or {})),
    }


def people_insert(kind: str, user_ids: list[uuid.UUID], *, dedupe_key: str | None = None, **fields: Any) -> Insert:
    """The outbox row for a `push.notify` event, for code on a synchronous connection (workers)."""
    return event_insert(PUSH, people_payload(kind, user_ids, **fields), dedupe_key)


def notification_test_insert(subscription_id: uuid.UUID) -> Insert:
    """The outbox row for a test notification to one device (`push.test`)."""
    delivery = KINDS[PUSH_TEST]
    return event_insert(PUSH_TEST, {
        "type": PUSH_TEST,
        "subscription_id": str(subscription_id),
        "path": app_links.notification_settings(),
        "tag": TEST_TAG,
        "ttl": delivery.ttl_s,
        "urgency": delivery.urgency,
        "texts": texts(PUSH_TEST),
    })


async def notify_people(session: AsyncSession, kind: str, user_ids: list[uuid.UUID], **fields: Any) -> None:
    """Writes a `push.notify` event in the caller's transaction; nothing when nobody is to be told."""
    if user_ids:
        await session.execute(people_insert(kind, user_ids, **fields))


_ACTIVE_MEMBER_IDS = text(
    "SELECT m.user_id FROM membership m JOIN user_account u ON u.id = m.user_id"
    " WHERE m.organisation_id = :organisation_id AND u.status = 'active' ORDER BY m.user_id"
)


async def notify_members(session: AsyncSession, organisation_id: uuid.UUID, kind: str, **fields: Any) -> None:
    """The same, to every active member of an organisation."""
    members = await session.execute(_ACTIVE_MEMBER_IDS, {"organisation_id": organisation_id})
    await notify_people(session, kind, list(members.scalars()), **fields)
