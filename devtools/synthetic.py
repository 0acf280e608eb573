"""Synthetic published offers over North Rhine-Westphalia, for load tests of search and matching.

Offers cluster around the big cities like real ones do (a gaussian per city, wider for larger cities),
with a thin uniform layer over the state, so radius searches see both dense and empty areas.
Rows are generated cheaply and streamed to COPY in committed batches: a million take minutes.
"""

from __future__ import annotations

import bisect
import json
import math
import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import accumulate, islice

import psycopg
from tqdm import tqdm

# west, south, east, north: the synthetic offers stay inside, so searches anywhere in NRW find some.
NRW_BBOX = (5.9, 50.3, 9.5, 52.5)
ORGANISATION_SLUG_PREFIX = "synthetic-"
ORGANISATION_COUNT = 500
BATCH_SIZE = 50_000
# Serialises concurrent runs: each run derives its ids from the row count it saw, so two runs that
# saw the same count would generate the same ids.
_ADVISORY_LOCK = 0x766F_6C75_0002

# name, lat, lon, population
CITIES = [
    ("Köln", 50.9375, 6.9603, 1_084_000),
    ("Düsseldorf", 51.2277, 6.7735, 629_000),
    ("Dortmund", 51.5136, 7.4653, 595_000),
    ("Essen", 51.4556, 7.0116, 584_000),
    ("Duisburg", 51.4344, 6.7623, 503_000),
    ("Bochum", 51.4818, 7.2162, 366_000),
    ("Wuppertal", 51.2562, 7.1508, 359_000),
    ("Bielefeld", 52.0302, 8.5325, 338_000),
    ("Bonn", 50.7374, 7.0982, 336_000),
    ("Münster", 51.9607, 7.6261, 320_000),
    ("Mönchengladbach", 51.1805, 6.4428, 268_000),
    ("Gelsenkirchen", 51.5177, 7.0857, 263_000),
    ("Aachen", 50.7753, 6.0839, 252_000),
    ("Krefeld", 51.3388, 6.5853, 228_000),
    ("Oberhausen", 51.4963, 6.8638, 210_000),
    ("Hagen", 51.3671, 7.4633, 190_000),
    ("Hamm", 51.6739, 7.8150, 180_000),
    ("Mülheim an der Ruhr", 51.4275, 6.8825, 172_000),
    ("Leverkusen", 51.0459, 6.9853, 167_000),
    ("Solingen", 51.1652, 7.0671, 160_000),
    ("Herne", 51.5380, 7.2257, 157_000),
    ("Neuss", 51.2042, 6.6879, 155_000),
    ("Paderborn", 51.7189, 8.7575, 153_000),
    ("Bottrop", 51.5247, 6.9229, 117_000),
    ("Remscheid", 51.1787, 7.1897, 113_000),
    ("Bergisch Gladbach", 50.9856, 7.1326, 112_000),
    ("Recklinghausen", 51.6141, 7.1979, 111_000),
    ("Moers", 51.4516, 6.6408, 104_000),
    ("Siegen", 50.8748, 8.0243, 102_000),
    ("Gütersloh", 51.9032, 8.3858, 101_000),
    ("Minden", 52.2894, 8.9168, 82_000),
    ("Detmold", 51.9387, 8.8793, 75_000),
    ("Herford", 52.1152, 8.6734, 67_000),
]
UNIFORM_SHARE = 0.10
REMOTE_SHARE = 0.03

# Per category: (title, what the volunteer does). Category ids as in migration 0002.
ACTIVITIES = {
    1: [("Helfende Hände bei der Lebensmittelausgabe", "Lebensmittel sortieren und an Gäste ausgeben"),
        ("Mitarbeit in der Kleiderkammer", "Kleiderspenden annehmen, sortieren und ausgeben"),
        ("Unterstützung beim Mittagstisch", "Essen ausgeben und mit den Gästen ins Gespräch kommen")],
    2: [("Hausaufgabenhilfe für Grundschulkinder", "Kinder bei den Hausaufgaben begleiten"),
        ("Betreuung im Jugendtreff", "Spiele, Ausflüge und Projekte mit Jugendlichen gestalten"),
        ("Vorlesen in der Kita", "Kindern vorlesen und gemeinsam Bilderbücher entdecken")],
    3: [("Besuchsdienst für ältere Menschen", "Ältere Menschen besuchen, zuhören und gemeinsam spazieren gehen"),
        ("Mithilfe im Seniorencafé", "Kaffee und Kuchen servieren und Spielenachmittage begleiten"),
        ("Einkaufsbegleitung für Seniorinnen und Senioren", "Ältere Menschen zum Einkaufen begleiten")],
    4: [("Sprachcafé für Geflüchtete", "Mit neu Zugezogenen Deutsch im Gespräch üben"),
        ("Begleitung zu Behördenterminen", "Geflüchtete zu Ämtern begleiten und beim Ausfüllen von Formularen helfen"),
        ("Patenschaft für eine neu zugezogene Familie", "Eine Familie beim Ankommen im Alltag unterstützen")],
    5: [("Müllsammelaktion am Bachufer", "Ufer und Wege von Müll befreien"),
        ("Pflege einer Streuobstwiese", "Obstbäume pflegen, mähen und ernten"),
        ("Mitgärtnern im Gemeinschaftsgarten", "Beete anlegen, gießen und gemeinsam ernten")],
    6: [("Übungsleitung im Kinderturnen", "Turnstunden für Kinder vorbereiten und anleiten"),
        ("Streckenposten beim Stadtlauf", "Läuferinnen und Läufer an der Strecke versorgen und anfeuern"),
        ("Bewegungstreff für Ältere", "Leichte Gymnastik und Spaziergänge für Ältere begleiten")],
    7: [("Lesepatenschaft an einer Grundschule", "Mit Kindern lesen und ihre Freude an Büchern wecken"),
        ("Mitarbeit in der Stadtteilbibliothek", "Bücher ausleihen, einsortieren und Lesende beraten"),
        ("Einlass und Kasse bei Kulturveranstaltungen",
         "Gäste begrüßen, Karten kontrollieren und den Saal vorbereiten")],
    8: [("Ehrenamtliche Hospizbegleitung", "Schwerkranke Menschen und ihre Angehörigen begleiten"),
        ("Begleitung von Menschen mit Demenz", "Zeit mit Menschen mit Demenz verbringen und Angehörige entlasten"),
        ("Helfen beim Blutspendetermin", "Spenderinnen und Spender empfangen und nach der Spende versorgen")],
    9: [("Gassigehen mit Tierheimhunden", "Mit Hunden aus dem Tierheim spazieren gehen"),
        ("Katzenpflege im Tierheim", "Katzen füttern, Gehege reinigen und mit scheuen Tieren spielen"),
        ("Mithilfe auf dem Gnadenhof", "Ställe misten, Tiere füttern und Weiden pflegen")],
    10: [("Sanitätsdienst bei Veranstaltungen", "Erste Hilfe bei Festen und Sportveranstaltungen leisten"),
         ("Betreuung der Jugendfeuerwehr", "Übungsabende der Jugendfeuerwehr mitgestalten"),
         ("Verpflegung im Katastrophenschutz", "Einsatzkräfte bei Übungen und Einsätzen verpflegen")],
    11: [("Organisation des Nachbarschaftsfests", "Stände planen, aufbauen und das Fest begleiten"),
         ("Patenschaft für den Bücherschrank", "Den offenen Bücherschrank ordnen und sauber halten"),
         ("Redaktion der Stadtteilzeitung", "Artikel schreiben, fotografieren und Termine sammeln")],
    12: [("Smartphone-Sprechstunde für Ältere", "Älteren Menschen Fragen rund um Smartphone und Tablet beantworten"),
         ("Pflege der Vereinswebsite", "Die Website eines Vereins aktuell halten"),
         ("Online-Nachhilfe in Mathematik", "Schülerinnen und Schüler per Videocall in Mathematik unterstützen")],
}

COMMITMENT_SENTENCES = {
    "one_off": "Ein einmaliger Einsatz, ideal zum Reinschnuppern.",
    "regular": "Regelmäßig zu festen Zeiten, ein paar Stunden pro Woche.",
    "flexible": "Du teilst dir deine Zeit frei ein.",
}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SLOT_TIMES = (("09:00", "11:00", 2.0), ("10:00", "13:00", 3.0), ("14:00", "16:00", 2.0),
              ("16:00", "18:00", 2.0), ("17:30", "19:30", 2.0), ("18:00", "21:00", 3.0))
LANGUAGE_SETS = (["de"],) * 14 + (["de", "en"], ["de", "en"], ["de", "tr"], ["de", "ar"], ["de", "uk"])
SKILLS = ("Geduld", "Zuverlässigkeit", "Organisationstalent", "Führerschein", "Teamgeist", "Erste Hilfe",
          "Handwerkliches Geschick", "Kommunikation", "Sprachkenntnisse", "Computerkenntnisse")
STREETS = ("Hauptstraße", "Bahnhofstraße", "Kirchstraße", "Schulstraße", "Gartenstraße", "Lindenweg",
           "Marktplatz", "Am Stadtpark", "Mühlenweg", "Bergstraße")
ORGANISATION_KINDS = ("Förderverein", "Bürgerverein", "Nachbarschaftshilfe", "Sportverein", "Naturschutzgruppe",
                      "Tierschutzverein", "Kulturverein", "Flüchtlingshilfe", "Seniorenhilfe", "Jugendwerk")

_OFFER_COLUMNS = (
    "id", "organisation_id", "title", "summary", "description", "category_ids", "skills", "languages", "geog",
    "address", "district", "is_remote", "commitment", "starts_at", "ends_at", "weekly_pattern",
    "hours_per_week", "capacity", "min_age", "accessible", "contact_email", "status", "created_at",
    "updated_at", "submitted_at", "published_at", "expires_at",
)
_COPY_OFFERS = f"COPY offer ({', '.join(_OFFER_COLUMNS)}) FROM STDIN"


def seed_synthetic_offers(dsn: str, n: int, *, random_seed: int) -> int:
    """Add n published offers; the same seed on a table of the same size yields the same rows."""
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (_ADVISORY_LOCK,))
        organisation_ids = _ensure_organisations(connection)
        existing = connection.execute("SELECT count(*) FROM offer").fetchone()[0]
        rng = random.Random(f"{random_seed}:{existing}")
        rows = _offer_rows(rng, organisation_ids, datetime.now(UTC))
        with tqdm(total=n, desc="synthetic offers", unit=" offers", unit_scale=True, smoothing=0.1) as progress:
            remaining = n
            while remaining:
                batch = min(BATCH_SIZE, remaining)
                with connection.transaction(), connection.cursor().copy(_COPY_OFFERS) as copy:
                    for written, row in enumerate(islice(rows, batch), 1):
                        copy.write_row(row)
                        if written % 1000 == 0:
                            progress.update(1000)
                progress.update(batch % 1000)
                remaining -= batch
        # The planner's row estimates drive the KNN-versus-sort choice; a million new rows would mislead it.
        connection.execute("ANALYZE offer")
    return n


def _ensure_organisations(connection: psycopg.Connection) -> list[uuid.UUID]:
    """The synthetic organisations, created on first use with fixed ids so later runs reuse them."""
    rng = random.Random("volumap synthetic organisations")
    now = datetime.now(UTC)
    organisations = []
    for number in range(1, ORGANISATION_COUNT + 1):
        organisation_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        city, lat, lon = nrw_point(rng)
        kind = rng.choice(ORGANISATION_KINDS)
        slug = f"{ORGANISATION_SLUG_PREFIX}{number:04d}"
        organisations.append((
            organisation_id, f"{kind} {city or 'NRW'} {number}", slug,
            f"{kind} für Menschen in {city or 'Nordrhein-Westfalen'}. Synthetische Testdaten.",
            f"info@{slug}.example.org", city, f"SRID=4326;POINT({lon:.6f} {lat:.6f})", now,
        ))
    with connection.transaction(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO organisation (id, name, slug, description, contact_email, district, geog, "
            "legal_form, verification_status, verified_at) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, 'eingetragener Verein', 'verified', %s) "
            "ON CONFLICT (slug) DO NOTHING",
            organisations,
        )
    return [row[0] for row in connection.execute(
        "SELECT id FROM organisation WHERE slug LIKE %s ORDER BY slug", (ORGANISATION_SLUG_PREFIX + "%",)
    )]


_CITY_CUMULATIVE = list(accumulate(population for *_, population in CITIES))
_CITY_SPREAD_DEG = [
    # Larger cities sprawl further: sigma grows with the square root of the population.
    (2.5 * math.sqrt(population / 100_000) / 111.32, math.cos(math.radians(lat))) for _, lat, _, population in CITIES
]


def nrw_point(rng: random.Random) -> tuple[str | None, float, float]:
    """A city (None in the countryside) and a point in NRW's bounding box."""
    west, south, east, north = NRW_BBOX
    if rng.random() < UNIFORM_SHARE:
        return None, rng.uniform(south, north), rng.uniform(west, east)
    index = bisect.bisect_right(_CITY_CUMULATIVE, rng.random() * _CITY_CUMULATIVE[-1])
    name, lat, lon, _ = CITIES[index]
    sigma, cos_lat = _CITY_SPREAD_DEG[index]
    lat = min(max(rng.gauss(lat, sigma), south), north)
    lon = min(max(rng.gauss(lon, sigma / cos_lat), west), east)
    return name, lat, lon


def _offer_rows(
    rng: random.Random, organisation_ids: list[uuid.UUID], now: datetime
) -> Iterator[tuple[object, ...]]:
    activities = [(category, title, task) for category, pairs in ACTIVITIES.items() for title, task in pairs]
    descriptions = {
        (title, commitment): f"<p>Wir suchen Verstärkung: {task} – gemeinsam mit einem freundlichen Team.</p>"
        "<ul><li>Einarbeitung durch erfahrene Ehrenamtliche</li><li>Versicherungsschutz während des Einsatzes</li>"
        f"<li>Erstattung deiner Auslagen</li></ul><p><strong>{sentence}</strong></p>"
        for _, title, task in activities
        for commitment, sentence in COMMITMENT_SENTENCES.items()
    }
    patterns = []
    for days in ((0,), (1,), (2,), (3,), (4,), (5,), (6,), (0, 3), (1, 4), (2, 5)):
        for start, end, hours in SLOT_TIMES:
            slots = [{"day": WEEKDAYS[day], "start": start, "end": end} for day in days]
            patterns.append((json.dumps(slots), hours * len(days)))
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    sixty_days = 60 * 86400.0
    while True:
        category, title, task = rng.choice(activities)
        category_ids = {category}
        if rng.random() < 0.5:
            category_ids.add(rng.randint(1, 12))
            if rng.random() < 0.3:
                category_ids.add(rng.randint(1, 12))
        city, lat, lon = nrw_point(rng)
        is_remote = rng.random() < REMOTE_SHARE
        draw = rng.random()
        commitment = "one_off" if draw < 0.25 else "regular" if draw < 0.75 else "flexible"
        starts_at = ends_at = pattern = hours_per_week = None
        if commitment == "one_off":
            starts_at = today + timedelta(days=rng.randint(2, 60), hours=rng.choice((9, 10, 14, 17)))
            ends_at = starts_at + timedelta(hours=rng.choice((2, 3, 4, 6)))
        elif commitment == "regular":
            pattern, hours_per_week = rng.choice(patterns)
        else:
            hours_per_week = rng.choice((None, 1.0, 2.0, 4.0))
        published_at = now - timedelta(seconds=rng.random() * sixty_days)
        submitted_at = published_at - timedelta(seconds=rng.uniform(3600.0, 259200.0))
        place = f" in {city}" if city else ""
        yield (
            uuid.UUID(int=rng.getrandbits(128), version=4),
            organisation_ids[rng.randrange(len(organisation_ids))],
            f"{title}{place}",
            f"In {city}: {task}. {COMMITMENT_SENTENCES[commitment]}" if city
            else f"{task}. {COMMITMENT_SENTENCES[commitment]}",
            descriptions[title, commitment],
            sorted(category_ids),
            rng.sample(SKILLS, 2),
            rng.choice(LANGUAGE_SETS),
            f"SRID=4326;POINT({lon:.6f} {lat:.6f})",
            f"{rng.choice(STREETS)} {rng.randint(1, 120)}, {city}" if city and not is_remote else None,
            city,
            is_remote,
            commitment,
            starts_at,
            ends_at,
            pattern,
            hours_per_week,
            rng.choice((None, 2, 4, 6, 10, 20)),
            rng.choice((None, None, 14, 16, 18)),
            rng.random() < 0.4,
            "kontakt@example.org",
            "published",
            submitted_at - timedelta(days=1),
            published_at,
            submitted_at,
            published_at,
            published_at + timedelta(days=90),
        )
