"""The "for you" score and its reasons: pure functions over one profile and one candidate offer.

score = 0.35 · distance + 0.25 · interests + 0.20 · availability + 0.10 · freshness + 0.10 · places,
each part in [0, 1], so the score is in [0, 1]:

- distance: exp(−d / (radius / 2)): 1 at the door, 0.37 at half the radius, 0.14 at its edge.
  Remote offers (no distance) get 0.5.
- interests: the share of the offer's categories among the profile's interests; 0.5 for a profile
  without interests (it matches everything, so this part tells offers nothing apart).
- availability: the share of the offer's time slots (day × morning/afternoon/evening) the profile has
  free. Regular offers: the slots of their weekly pattern; one-off offers: the slot of their start in
  Europe/Berlin. Flexible offers, and regular ones with hours but no pattern, fit anyone: 1. A profile
  without availability gets 0.5.
- freshness: 0.5 ^ (days since publishing / 14), a half-life of two weeks.
- places: 1 without a capacity; otherwise min(places left, 3) / 3, and 0 when full (places left as the
  waiting list counts them, api/domain/applications/waiting_list.py).

A full offer ranks after every offer with a place left, whatever its score (it stays in the list: its
waiting list is open). Morning ends at 12:00, afternoon at 17:00; the evening is the rest of the day.

The reasons, in the account's language: the categories shared with the interests (the offer's first
without interests), the distance ("1,2 km") or "ortsunabhängig", the first free slot that fits
("Samstagvormittag"), "neu" for three days after publishing, and the places left for offers with a
capacity ("noch 2 Plätze frei", "ausgebucht, Warteliste").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from api.lib.distances import format_distance

if TYPE_CHECKING:
    from api.domain.volunteers.schemas import Day, Part

WEIGHTS = {"distance": 0.35, "interests": 0.25, "availability": 0.20, "freshness": 0.10, "places": 0.10}
NEUTRAL = 0.5
FRESHNESS_HALF_LIFE_DAYS = 14.0
NEW_FOR = timedelta(days=3)
PLENTY_OF_PLACES = 3
MAX_CATEGORY_REASONS = 2

BERLIN = ZoneInfo("Europe/Berlin")
DAYS: tuple[Day, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_INDEX: dict[str, int] = {day: index for index, day in enumerate(DAYS)}
PARTS: tuple[Part, ...] = ("morning", "afternoon", "evening")
AFTERNOON_FROM = 12 * 60  # minutes after midnight
EVENING_FROM = 17 * 60
SLOT_COUNT = len(DAYS) * len(PARTS)

_DAY_NAMES = {
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_PART_NAMES = {"de": ("vormittag", "nachmittag", "abend"), "en": ("morning", "afternoon", "evening")}
_TEXTS = {
    "de": {"remote": "ortsunabhängig", "new": "neu", "full": "ausgebucht, Warteliste",
           "one_place": "noch 1 Platz frei", "places": "noch {n} Plätze frei"},
    "en": {"remote": "remote", "new": "new", "full": "full, waiting list",
           "one_place": "1 place left", "places": "{n} places left"},
}


def slot_bit(day: int, part: int) -> int:
    """The availability mask's bit for a weekday (Monday = 0) and a part of the day (morning = 0)."""
    return 1 << (day * len(PARTS) + part)


def mask_of(slots: list[tuple[str, str]]) -> int:
    mask = 0
    for day, part in slots:
        mask |= slot_bit(DAYS.index(day), PARTS.index(part))
    return mask


def slots_of(mask: int) -> list[tuple[Day, Part]]:
    """The (day, part) pairs of a mask, in week order."""
    return [(DAYS[bit // 3], PARTS[bit % 3]) for bit in range(SLOT_COUNT) if mask >> bit & 1]


def _part_at(minute: int) -> int:
    return 0 if minute < AFTERNOON_FROM else 1 if minute < EVENING_FROM else 2


def _minutes(clock: str) -> int:
    """"HH:MM" (as offers store their weekly pattern) in minutes after midnight."""
    return int(clock[:2]) * 60 + int(clock[3:5])


def _pattern_mask(weekly_pattern: list[dict[str, str]]) -> int:
    """Every part of the day a weekly slot touches: 11:00–13:00 on Saturday is Saturday morning and
    afternoon."""
    mask = 0
    for slot in weekly_pattern:
        start, end = _minutes(slot["start"]), _minutes(slot["end"])
        first = _part_at(start)
        # The end is exclusive: a slot until 12:00 is over before the afternoon begins.
        last = _part_at(end - 1) if end > start else first
        # The bits first..last of the day, at once (this runs for every candidate of every request).
        mask |= ((1 << (last - first + 1)) - 1) << (_DAY_INDEX[slot["day"]] * len(PARTS) + first)
    return mask


def offer_slots(commitment: str, starts_at: datetime | None, weekly_pattern: list[dict[str, str]] | None
                ) -> int | None:
    """The offer's time slots as a mask, or None when it fits any time (flexible, or no pattern or start)."""
    if commitment == "regular" and weekly_pattern:
        return _pattern_mask(weekly_pattern)
    if commitment == "one_off" and starts_at is not None:
        local = starts_at.astimezone(BERLIN)
        return slot_bit(local.weekday(), _part_at(local.hour * 60 + local.minute))
    return None


def slot_name(bit: int, locale: str) -> str:
    """"Samstagvormittag" / "Saturday morning" for the mask's bit number."""
    language = "en" if locale == "en" else "de"
    day, part = _DAY_NAMES[language][bit // 3], _PART_NAMES[language][bit % 3]
    return f"{day} {part}" if language == "en" else f"{day}{part}"


def format_places(places_left: int, locale: str) -> str:
    texts = _TEXTS["en" if locale == "en" else "de"]
    if places_left <= 0:
        return texts["full"]
    return texts["one_place"] if places_left == 1 else texts["places"].format(n=places_left)


@dataclass(frozen=True, slots=True)
class Preferences:
    """What ranking needs of a volunteer profile."""

    radius_m: float
    interests: frozenset[int]
    availability: int


@dataclass(frozen=True, slots=True)
class Candidate:
    """What ranking needs of an offer."""

    category_ids: tuple[int, ...]
    distance_m: float | None
    slots: int | None
    """`offer_slots` of the offer (stored as `offer.slot_mask`); None: it fits any time."""
    published_at: datetime | None
    places_left: int | None
    """None: no capacity, so no limit."""


@dataclass(frozen=True, slots=True)
class Score:
    score: float
    full: bool


def _shared_categories(preferences: Preferences, candidate: Candidate) -> list[int]:
    return [c for c in candidate.category_ids if c in preferences.interests]


def score(preferences: Preferences, candidate: Candidate, *, now: datetime) -> Score:
    """The candidate's score (see the module's documentation) and whether it is full."""
    categories = candidate.category_ids
    if not preferences.interests:
        interests = NEUTRAL
    else:
        interests = len(_shared_categories(preferences, candidate)) / len(categories) if categories else 0.0

    if candidate.distance_m is None:
        distance = NEUTRAL
    else:
        distance = math.exp(-candidate.distance_m / (preferences.radius_m / 2))

    slots = candidate.slots
    if slots is None:
        availability = 1.0
    elif not preferences.availability:
        availability = NEUTRAL
    else:
        availability = (slots & preferences.availability).bit_count() / slots.bit_count()

    if candidate.published_at is None:
        freshness = 0.0
    else:
        age_days = max(now - candidate.published_at, timedelta(0)) / timedelta(days=1)
        freshness = 0.5 ** (age_days / FRESHNESS_HALF_LIFE_DAYS)

    left = candidate.places_left
    places = 1.0 if left is None else max(0, min(left, PLENTY_OF_PLACES)) / PLENTY_OF_PLACES

    total = (WEIGHTS["distance"] * distance + WEIGHTS["interests"] * interests
             + WEIGHTS["availability"] * availability + WEIGHTS["freshness"] * freshness
             + WEIGHTS["places"] * places)
    return Score(score=round(min(max(total, 0.0), 1.0), 4), full=left is not None and left <= 0)


def reasons(preferences: Preferences, candidate: Candidate, *, now: datetime, locale: str,
            labels: dict[int, str]) -> list[str]:
    """What to show about the candidate, in the locale ("de" unless "en"); `labels` maps category ids to
    their names in that locale. Only the shown offers need these, so they are apart from the score."""
    texts = _TEXTS["en" if locale == "en" else "de"]
    if preferences.interests:
        shown = _shared_categories(preferences, candidate)
    else:  # every category is welcome; the offer's first one says what it is about
        shown = list(candidate.category_ids[:1])
    said = [labels[c] for c in shown[:MAX_CATEGORY_REASONS] if c in labels]
    if candidate.distance_m is None:
        said.append(texts["remote"])
    else:
        said.append(format_distance(candidate.distance_m, locale))
    free = (candidate.slots or 0) & preferences.availability
    if free:
        said.append(slot_name((free & -free).bit_length() - 1, locale))
    if candidate.published_at is not None and now - candidate.published_at < NEW_FOR:
        said.append(texts["new"])
    if candidate.places_left is not None:
        said.append(format_places(candidate.places_left, locale))
    return said


def score_sql(me: str, offer: str) -> str:
    """`score` as an SQL expression (float8, rounded to four places), for the query that ranks candidates:
    `me` is a row with radius_km, interests (int[]) and availability (the mask), `offer` a row with
    distance_m, category_ids, slot_mask, published_at and places_left. The Python function stays the
    reference: a test holds the two together."""
    w = WEIGHTS
    return f"""round(LEAST(GREATEST(
        {w["distance"]} * CASE WHEN {offer}.distance_m IS NULL THEN {NEUTRAL}
                             -- at least a millimetre: PostgreSQL raises an error where a float underflows
                             ELSE exp(-GREATEST({offer}.distance_m, 0.001) / ({me}.radius_km * 500.0)) END
      + {w["interests"]} * CASE WHEN cardinality({me}.interests) = 0 THEN {NEUTRAL}
                              WHEN cardinality({offer}.category_ids) = 0 THEN 0.0
                              -- intarray's intersection (an offer names each category once)
                              ELSE cardinality({offer}.category_ids & {me}.interests)::float8
                                   / cardinality({offer}.category_ids) END
      + {w["availability"]} * CASE WHEN {offer}.slot_mask IS NULL THEN 1.0
                                 WHEN {me}.availability = 0 THEN {NEUTRAL}
                                 ELSE bit_count(({offer}.slot_mask & {me}.availability)::bit({SLOT_COUNT}))::float8
                                      / bit_count({offer}.slot_mask::bit({SLOT_COUNT})) END
      + {w["freshness"]} * CASE WHEN {offer}.published_at IS NULL THEN 0.0
                              ELSE power(0.5::float8, LEAST(1000.0,
                                         GREATEST(extract(epoch FROM now() - {offer}.published_at)::float8, 0.0)
                                         / 86400.0 / {FRESHNESS_HALF_LIFE_DAYS})) END
      + {w["places"]} * CASE WHEN {offer}.places_left IS NULL THEN 1.0
                           ELSE GREATEST(LEAST({offer}.places_left, {PLENTY_OF_PLACES}), 0)::float8
                                / {PLENTY_OF_PLACES} END,
        0.0), 1.0)::numeric, 4)::float8"""


def order_key(result: Score, distance_m: float | None, tie: str) -> tuple[bool, float, float, str]:
    """Full offers last, then the best score first; the nearer offer, then `tie` (the id), break ties, so
    the order is stable."""
    return result.full, -result.score, distance_m if distance_m is not None else math.inf, tie
