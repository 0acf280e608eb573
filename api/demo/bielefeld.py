"""The Bielefeld demo city: about forty organisations and 300 published offers that read like real ones.

Organisations and people are invented; streets and Stadtteile are real, house numbers drawn at random.
Mail addresses are on example.org/example.de and phone numbers in the fictional 0521 555 range.
Offers are composed from per-activity templates, so a Tafel posts food distributions and a Tierheim
dog walks, and each offer varies in place, time, tasks and conditions. A fixed random seed builds the
same rows every time; dates are relative to the moment of seeding, so a fresh demo shows upcoming events.

The content is data, read at import from the JSON files in `api/demo/data/`; this module only composes it:

- `districts.json`: per Stadtbezirk its share of the offers (roughly by population), the centre offers
  scatter around, its localities with how a title says "there", and streets with their postcodes.
- `activities.json`: the templates offers are composed from, and the defaults for what an activity leaves out.
- `organisations.json`: the organisations, their home district, the activities they post and where else.
- `vocabulary.json`: contact first names and initials, mailboxes, language sets, benefits, accessibility
  notes, capacities, flexible schedules and the German weekday and month names.

A value listed twice is drawn twice as often. Editing the files changes the demo, not its determinism.
"""

from __future__ import annotations

import html
import json
import math
import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

import psycopg

from api.lib.clock import now

RANDOM_SEED = "volumap bielefeld demo"
# Seeding is all or nothing, so this organisation's presence means the whole demo is there.
MARKER_SLUG = "tafel-am-kesselbrink"
# Held until commit: a second run waits, then sees the marker instead of inserting everything twice.
_ADVISORY_LOCK = 0x766F_6C75_0001
BIELEFELD = ZoneInfo("Europe/Berlin")
SCATTER_RADIUS_M = 1500.0
PUBLISHED_WITHIN = timedelta(days=60)
# One-off events are announced closer to the day, and must not expire before they take place.
ONE_OFF_PUBLISHED_WITHIN = timedelta(days=30)
EXPIRES_AFTER = timedelta(days=90)
# The day codes of weekly patterns and of the data files, in date.weekday() order.
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class District:
    centre: tuple[float, float]
    # (name, how a title says "there"): "Altstadt" is "in der Altstadt", "Heepen" is "in Heepen".
    localities: tuple[tuple[str, str], ...]
    streets: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Activity:
    """What a volunteer does, as text blocks an offer is composed from.

    Titles may say where with `{place}` ("in Heepen") or `{locality}` ("Heepen"). A remote activity is
    done from home: its offers have no place, and its titles name none.
    """

    categories: tuple[int, ...]
    titles: tuple[str, ...]
    summary: str
    intro: str
    tasks: tuple[str, ...]
    skills: tuple[str, ...]
    commitments: tuple[str, ...]
    days: tuple[str, ...]
    times: tuple[tuple[str, str], ...]
    # For regular offers: how many of `days` a week, drawn from this (texts saying "einmal pro Woche" pin it).
    days_per_week: tuple[int, ...]
    requirements: tuple[str, ...]
    min_age: int | None
    outdoor: bool
    remote: bool
    # The language sets its offers draw from; empty means the general mix (mostly German only).
    languages: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    name: str
    legal_form: str
    district: str
    description: str
    # Keys of ACTIVITIES; one listed twice is posted twice as often.
    activities: tuple[str, ...]
    # Other districts it also posts offers in (a Tafel with several distribution points).
    also_in: tuple[str, ...] = ()


def _load(name: str) -> Any:
    """A data file with its arrays as tuples, the immutable sequences the dataclasses hold."""
    return _tuples(json.loads((resources.files("api.demo") / "data" / name).read_text(encoding="utf-8")))


def _tuples(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_tuples(item) for item in value)
    if isinstance(value, dict):
        return {key: _tuples(item) for key, item in value.items()}
    return value


_districts = _load("districts.json")
DISTRICTS = {
    name: District(
        district["centre"], tuple(district["localities"].items()), tuple(district["streets"].items())
    )
    for name, district in _districts.items()
}
OFFERS_PER_DISTRICT = {name: district["offers"] for name, district in _districts.items()}

_activities = _load("activities.json")
ACTIVITIES = {
    key: Activity(**(_activities["defaults"] | fields)) for key, fields in _activities["activities"].items()
}

ORGANISATIONS = tuple(DemoOrganisation(**fields) for fields in _load("organisations.json"))
# Without it seed_demo would not notice a finished demo and would try to insert it all again.
if MARKER_SLUG not in {organisation.slug for organisation in ORGANISATIONS}:
    raise ValueError(f"organisations.json lacks the marker organisation {MARKER_SLUG!r}")

_vocabulary = _load("vocabulary.json")
WEEKDAY_NAMES = _vocabulary["weekday_names"]
MONTH_NAMES = _vocabulary["month_names"]
FIRST_NAMES = _vocabulary["first_names"]
LAST_INITIALS = _vocabulary["last_initials"]
MAILBOXES = _vocabulary["mailboxes"]
LANGUAGE_NAMES = _vocabulary["language_names"]
GENERAL_LANGUAGES = _vocabulary["general_languages"]
BENEFITS = _vocabulary["benefits"]
ACCESSIBILITY_NOTES = _vocabulary["accessibility_notes"]
FLEXIBLE_SUMMARIES = _vocabulary["flexible_summaries"]
CAPACITIES = _vocabulary["capacities"]


def seed_demo(dsn: str) -> bool:
    """Insert the demo in one transaction; False (and nothing written) if it is already there."""
    with psycopg.connect(dsn, autocommit=True) as connection, connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (_ADVISORY_LOCK,))
        if connection.execute("SELECT 1 FROM organisation WHERE slug = %s", (MARKER_SLUG,)).fetchone():
            return False
        organisations, offers = build_demo(now())
        with connection.cursor() as cursor:
            _copy(cursor, "organisation", organisations)
            _copy(cursor, "offer", offers)
        # Fresh statistics: otherwise the first searches are planned for the table as it was (usually empty).
        connection.execute("ANALYZE organisation, offer")
    return True


def build_demo(now: datetime) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The organisation and offer rows by column name; the same on every call but for `now`."""
    rng = random.Random(RANDOM_SEED)
    homes = {}
    organisations = []
    for number, organisation in enumerate(ORGANISATIONS, 1):
        home = homes[organisation.slug] = _Home.for_organisation(rng, organisation, number)
        created_at = now - timedelta(days=rng.randint(150, 900), minutes=rng.randint(0, 1439))
        organisations.append({
            "id": home.id,
            "name": organisation.name,
            "slug": organisation.slug,
            "description": organisation.description,
            "website": f"https://{organisation.slug}.example.org",
            "contact_email": home.email,
            "contact_phone": home.phone,
            "address": home.address,
            "district": organisation.district,
            "geog": _ewkt(home.point),
            "legal_form": organisation.legal_form,
            "verification_status": "verified",
            "created_at": created_at,
            "verified_at": created_at + timedelta(days=rng.randint(1, 14), hours=rng.randint(1, 8)),
        })

    offers = []
    titles_taken: set[tuple[str, str]] = set()
    for district, quota in OFFERS_PER_DISTRICT.items():
        active_here = [o for o in ORGANISATIONS if district in (o.district, *o.also_in)]
        offers += [_offer(rng, now, district, active_here, homes, titles_taken) for _ in range(quota)]
    return organisations, offers


@dataclass(frozen=True)
class _Home:
    """Where an organisation sits and who answers; offers at home share its address and point."""

    id: uuid.UUID
    address: str
    point: tuple[float, float]
    domain: str
    email: str
    phone: str
    contacts: tuple[str, ...]

    @classmethod
    def for_organisation(cls, rng: random.Random, organisation: DemoOrganisation, number: int) -> _Home:
        district = DISTRICTS[organisation.district]
        domain = f"{organisation.slug}.example.{'de' if number % 3 == 0 else 'org'}"
        return cls(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            address=_address(rng, district),
            point=_scatter(rng, district.centre),
            domain=domain,
            email=f"{rng.choice(MAILBOXES)}@{domain}",
            phone=f"0521 555-{100 + 10 * number}",
            contacts=tuple(f"{first} {rng.choice(LAST_INITIALS)}." for first in rng.sample(FIRST_NAMES, 2)),
        )


def _offer(
    rng: random.Random,
    now: datetime,
    district_name: str,
    active_here: list[DemoOrganisation],
    homes: dict[str, _Home],
    titles_taken: set[tuple[str, str]],
) -> dict[str, object]:
    district = DISTRICTS[district_name]
    # A few draws keep an organisation from posting the same title twice; a repeat after that is
    # real enough (a second weekday of the same food distribution).
    for _ in range(5):
        organisation = rng.choice(active_here)
        activity = ACTIVITIES[rng.choice(organisation.activities)]
        locality, place = rng.choice(district.localities)
        title = rng.choice(activity.titles).format(place=place, locality=locality)
        if (organisation.slug, title) not in titles_taken:
            break
    titles_taken.add((organisation.slug, title))
    home = homes[organisation.slug]

    if activity.remote:
        point = address = None
    elif organisation.district == district_name and rng.random() < 0.4:
        point, address = home.point, home.address
    else:
        point, address = _scatter(rng, district.centre), _address(rng, district)
    commitment = rng.choice(activity.commitments)
    schedule = _schedule(rng, now, activity, commitment)
    languages = list(rng.choice(activity.languages or GENERAL_LANGUAGES))
    min_age = activity.min_age if activity.min_age is not None else rng.choice((None, None, None, 14, 16))
    accessible = rng.random() < 0.4
    setting = "remote" if activity.remote else "outdoor" if activity.outdoor else "indoor"
    contact_name = rng.choice(home.contacts)
    first_name, initial = contact_name.rstrip(".").split()
    published_within = ONE_OFF_PUBLISHED_WITHIN if commitment == "one_off" else PUBLISHED_WITHIN
    published_at = now - published_within * rng.random()
    submitted_at = published_at - timedelta(hours=rng.uniform(4, 48))
    return {
        "id": uuid.UUID(int=rng.getrandbits(128), version=4),
        "organisation_id": home.id,
        "title": title,
        "summary": f"{activity.summary} {schedule.summary}",
        "description": _description(
            rng, activity, schedule, languages, min_age, contact_name, organisation.name
        ),
        "category_ids": list(activity.categories),
        "skills": rng.sample(activity.skills, min(len(activity.skills), rng.randint(2, 3))),
        "languages": languages,
        "geog": _ewkt(point) if point else None,
        "address": address,
        "district": None if activity.remote else district_name,
        "is_remote": activity.remote,
        "commitment": commitment,
        "starts_at": schedule.starts_at,
        "ends_at": schedule.ends_at,
        "weekly_pattern": json.dumps(schedule.weekly_pattern) if schedule.weekly_pattern else None,
        "hours_per_week": schedule.hours_per_week,
        "capacity": rng.choice(CAPACITIES[commitment]),
        "min_age": min_age,
        "accessible": accessible,
        "accessibility_notes": rng.choice(ACCESSIBILITY_NOTES[setting]) if accessible else None,
        "contact_name": contact_name,
        "contact_email": f"{first_name.lower()}.{initial.lower()}@{home.domain}",
        "contact_phone": home.phone if rng.random() < 0.5 else None,
        "status": "published",
        "created_at": submitted_at - timedelta(hours=rng.uniform(1, 240)),
        "updated_at": published_at,
        "submitted_at": submitted_at,
        "published_at": published_at,
        "expires_at": published_at + EXPIRES_AFTER,
    }


@dataclass(frozen=True)
class _Schedule:
    summary: str
    details: str
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    weekly_pattern: list[dict[str, str]] | None = None
    hours_per_week: float | None = None


def _schedule(rng: random.Random, now: datetime, activity: Activity, commitment: str) -> _Schedule:
    start, end = rng.choice(activity.times)
    span = f"{_clock(start)}–{_clock(end)} Uhr"
    if commitment == "one_off":
        today = now.astimezone(BIELEFELD).date()
        day = rng.choice([day for day in (today + timedelta(days=n) for n in range(7, 57))
                          if WEEKDAYS[day.weekday()] in activity.days])
        weekday = WEEKDAY_NAMES[WEEKDAYS[day.weekday()]]
        return _Schedule(
            summary=f"Termin: {weekday}, {_date(day)}, {span}.",
            details=f"Am {weekday}, {_date(day)}, von {_clock(start)} bis {_clock(end)} Uhr. "
                    "Treffpunkt und Ablauf schicken wir dir vorher.",
            starts_at=_local(day, start),
            ends_at=_local(day, end),
        )
    if commitment == "regular":
        count = min(rng.choice(activity.days_per_week), len(activity.days))
        days = sorted(rng.sample(activity.days, count), key=WEEKDAYS.index)
        per_week = (_minutes(end) - _minutes(start)) / 60 * len(days)
        return _Schedule(
            summary=f"{' und '.join(WEEKDAY_NAMES[d] + 's' for d in days).capitalize()}, {span}.",
            details=f"Jeden {' und '.join(WEEKDAY_NAMES[d] for d in days)} von {_clock(start)} bis "
                    f"{_clock(end)} Uhr, also etwa {_hours(per_week)} pro Woche. Wenn du mal nicht kannst, "
                    "sag einfach kurz Bescheid.",
            weekly_pattern=[{"day": d, "start": start, "end": end} for d in days],
            hours_per_week=per_week,
        )
    flexible_per_week = rng.choice((None, 1.0, 2.0, 3.0, 4.0))
    return _Schedule(
        summary=rng.choice(FLEXIBLE_SUMMARIES),
        details="Wann und wie oft du hilfst, sprechen wir gemeinsam ab. "
                + (f"Rechne mit etwa {_hours(flexible_per_week)} pro Woche." if flexible_per_week
                   else "Auch ein paar Stunden im Monat helfen schon."),
        hours_per_week=flexible_per_week,
    )


def _description(
    rng: random.Random,
    activity: Activity,
    schedule: _Schedule,
    languages: list[str],
    min_age: int | None,
    contact_name: str,
    organisation_name: str,
) -> str:
    """Simple HTML: only <p>, <ul>/<li>, <strong> and <em>, the tags an offer description may contain."""
    needs = list(activity.requirements)
    if min_age:
        needs.append(f"Du bist mindestens {min_age} Jahre alt")
    extra_languages = [LANGUAGE_NAMES[code] for code in languages if code != "de"]
    if extra_languages:
        needs.append(f"Kenntnisse in {' oder '.join(extra_languages)} sind sehr willkommen")
    parts = [
        _paragraph(activity.intro),
        "<p><strong>Deine Aufgaben</strong></p>",
        _list(rng.sample(activity.tasks, min(len(activity.tasks), rng.randint(3, 4)))),
        f"<p><strong>Wann?</strong> {html.escape(schedule.details)}</p>",
    ]
    if needs:
        parts += ["<p><strong>Das bringst du mit</strong></p>", _list(needs)]
    else:
        parts.append("<p><em>Vorkenntnisse brauchst du keine – wir zeigen dir alles.</em></p>")
    parts += [
        "<p><strong>Was wir dir bieten</strong></p>",
        _list(rng.sample(BENEFITS, 3)),
        _paragraph(f"Fragen? {contact_name} ({organisation_name}) freut sich auf deine Nachricht."),
    ]
    return "".join(parts)


def _paragraph(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"


def _list(entries: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(entry)}</li>" for entry in entries) + "</ul>"


def _copy(cursor: psycopg.Cursor, table: str, rows: list[dict[str, object]]) -> None:
    columns = list(next(iter(rows)))  # every row of a table has the same keys, its columns
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[column] for column in columns])


def _scatter(rng: random.Random, centre: tuple[float, float]) -> tuple[float, float]:
    """A point uniformly within SCATTER_RADIUS_M of the centre, as (lat, lon)."""
    lat, lon = centre
    distance = SCATTER_RADIUS_M * math.sqrt(rng.random())
    bearing = rng.uniform(0, 2 * math.pi)
    metres_per_degree = 111_320.0
    return (lat + distance * math.cos(bearing) / metres_per_degree,
            lon + distance * math.sin(bearing) / (metres_per_degree * math.cos(math.radians(lat))))


def _address(rng: random.Random, district: District) -> str:
    street, postcode = rng.choice(district.streets)
    return f"{street} {rng.randint(1, 140)}, {postcode} Bielefeld"


def _ewkt(point: tuple[float, float]) -> str:
    lat, lon = point
    return f"SRID=4326;POINT({lon:.6f} {lat:.6f})"


def _local(day: date, clock: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=BIELEFELD)


def _minutes(clock: str) -> int:
    hour, minute = clock.split(":")
    return int(hour) * 60 + int(minute)


def _clock(value: str) -> str:
    """"09:00" as "9", "14:30" as "14:30": how German running text writes times."""
    hour, minute = value.split(":")
    return str(int(hour)) if minute == "00" else f"{int(hour)}:{minute}"


def _hours(value: float) -> str:
    amount = f"{value:g}".replace(".", ",")
    return f"{amount} Stunde" if value == 1 else f"{amount} Stunden"


def _date(day: date) -> str:
    return f"{day.day}. {MONTH_NAMES[day.month - 1]}"
