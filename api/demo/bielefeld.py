"""The Bielefeld demo city: about forty organisations and 300 published offers that read like real ones.

Organisations and people are invented; streets and Stadtteile are real, house numbers drawn at random.
Mail addresses are on example.org/example.de and phone numbers in the fictional 0521 555 range.
Offers are composed from per-activity templates, so a Tafel posts food distributions and a Tierheim
dog walks, and each offer varies in place, time, tasks and conditions. A fixed random seed builds the
same rows every time; dates are relative to the moment of seeding, so a fresh demo shows upcoming events.
"""

from __future__ import annotations

import html
import json
import math
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import psycopg

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


@dataclass(frozen=True)
class District:
    centre: tuple[float, float]
    # (name, how a title says "there"): "Altstadt" is "in der Altstadt", "Heepen" is "in Heepen".
    localities: tuple[tuple[str, str], ...]
    streets: tuple[tuple[str, str], ...]


def _in(*names: str) -> tuple[tuple[str, str], ...]:
    return tuple((name, f"in {name}") for name in names)


DISTRICTS = {
    "Mitte": District(
        (52.0215, 8.5325),
        (("Altstadt", "in der Altstadt"), ("Innenstadt", "in der Innenstadt"),
         ("Bielefeld-West", "im Bielefelder Westen"), ("Kesselbrink", "am Kesselbrink"),
         ("Siegfriedplatz", "am Siegfriedplatz")),
        (("Niederwall", "33602"), ("Herforder Straße", "33602"), ("August-Bebel-Straße", "33602"),
         ("Teutoburger Straße", "33604"), ("Stapenhorststraße", "33615"), ("Heeper Straße", "33607")),
    ),
    "Schildesche": District(
        (52.0500, 8.5150),
        (*_in("Schildesche", "Gellershagen", "Sudbrack"), ("Obersee", "am Obersee")),
        (("Westerfeldstraße", "33611"), ("Beckhausstraße", "33611"), ("Engersche Straße", "33611"),
         ("Apfelstraße", "33613"), ("Talbrückenstraße", "33611")),
    ),
    "Gadderbaum": District(
        (52.0050, 8.5080),
        (*_in("Gadderbaum", "Bethel"), ("Sparrenberg", "am Sparrenberg")),
        (("Artur-Ladebeck-Straße", "33617"), ("Quellenhofweg", "33617"), ("Bethelweg", "33617"),
         ("Kantensiek", "33617")),
    ),
    "Brackwede": District(
        (51.9950, 8.4980),
        _in("Brackwede", "Quelle", "Ummeln", "Holtkamp"),
        (("Hauptstraße", "33647"), ("Treppenstraße", "33647"), ("Cheruskerstraße", "33647"),
         ("Germanenstraße", "33647"), ("Gütersloher Straße", "33649"), ("Carl-Severing-Straße", "33649")),
    ),
    "Dornberg": District(
        (52.0400, 8.4600),
        _in("Dornberg", "Babenhausen", "Großdornberg", "Hoberge-Uerentrup", "Kirchdornberg"),
        (("Wittebreite", "33619"), ("Dornberger Straße", "33619"), ("Babenhauser Straße", "33619"),
         ("Deppendorfer Straße", "33619")),
    ),
    "Jöllenbeck": District(
        (52.0950, 8.5150),
        _in("Jöllenbeck", "Vilsendorf", "Theesen"),
        (("Amtsstraße", "33739"), ("Dorfstraße", "33739"), ("Vilsendorfer Straße", "33739"),
         ("Spenger Straße", "33739")),
    ),
    "Heepen": District(
        (52.0380, 8.6100),
        _in("Heepen", "Altenhagen", "Oldentrup", "Brake", "Milse", "Baumheide"),
        (("Salzufler Straße", "33719"), ("Altenhagener Straße", "33729"), ("Milser Straße", "33729"),
         ("Brönninghauser Straße", "33729")),
    ),
    "Stieghorst": District(
        (52.0050, 8.6000),
        _in("Stieghorst", "Sieker", "Hillegossen", "Ubbedissen", "Lämershagen"),
        (("Stieghorster Straße", "33605"), ("Lipper Hellweg", "33605"), ("Detmolder Straße", "33699"),
         ("Ubbedisser Straße", "33699")),
    ),
    "Sennestadt": District(
        (51.9450, 8.5900),
        _in("Sennestadt", "Eckardtsheim", "Dalbke"),
        (("Elbeallee", "33689"), ("Reichowplatz", "33689"), ("Paderborner Straße", "33689"),
         ("Travestraße", "33689")),
    ),
    "Senne": District(
        (51.9550, 8.5200),
        _in("Senne", "Windelsbleiche", "Buschkamp", "Windflöte"),
        (("Windelsbleicher Straße", "33659"), ("Senner Hellweg", "33659"), ("Buschkampstraße", "33659"),
         ("Krackser Straße", "33659")),
    ),
}

# Roughly by population: the centre has the most going on, Gadderbaum the least.
OFFERS_PER_DISTRICT = {
    "Mitte": 60, "Schildesche": 36, "Gadderbaum": 18, "Brackwede": 34, "Dornberg": 20,
    "Jöllenbeck": 22, "Heepen": 38, "Stieghorst": 28, "Sennestadt": 22, "Senne": 22,
}

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_NAMES = dict(zip(WEEKDAYS, ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag",
                                    "Sonntag")))
MONTH_NAMES = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
               "November", "Dezember")
WORKDAYS = WEEKDAYS[:5]
AFTERNOONS = (("14:00", "16:00"), ("15:00", "17:00"), ("16:00", "18:00"))
DAYTIME = (("09:00", "12:00"), ("10:00", "12:00"), ("14:00", "17:00"), ("16:00", "18:00"))
EVENINGS = (("17:00", "19:00"), ("18:00", "20:00"), ("18:30", "21:00"))
SATURDAY_MORNINGS = (("09:00", "12:00"), ("10:00", "13:00"), ("10:00", "14:00"))

CHILD_PROTECTION = "Ein erweitertes Führungszeugnis (die Gebühr übernehmen wir)"


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
    days: tuple[str, ...] = WEEKDAYS
    times: tuple[tuple[str, str], ...] = DAYTIME
    # For regular offers: how many of `days` a week, drawn from this (texts saying "einmal pro Woche" pin it).
    days_per_week: tuple[int, ...] = (1, 1, 1, 2)
    requirements: tuple[str, ...] = ()
    min_age: int | None = None
    outdoor: bool = False
    remote: bool = False
    # The language sets its offers draw from; empty means the general mix (mostly German only).
    languages: tuple[tuple[str, ...], ...] = ()


ACTIVITIES = {
    # 1 Soziales
    "lebensmittelausgabe": Activity(
        (1,),
        ("Helfende Hände für die Lebensmittelausgabe {place}",
         "Lebensmittelausgabe {locality}: Verstärkung gesucht",
         "Mitmachen bei der Tafel-Ausgabe {place}"),
        "Du sortierst gespendete Lebensmittel und gibst sie freundlich an unsere Gäste aus.",
        "Jede Woche kommen Menschen mit kleinem Einkommen zu unserer Ausgabestelle. Was Supermärkte und "
        "Bäckereien nicht mehr verkaufen, landet so nicht im Müll, sondern bei Familien, Alleinerziehenden "
        "und Rentnerinnen und Rentnern auf dem Tisch.",
        ("Obst, Gemüse und Backwaren sortieren und auf Frische prüfen", "Lebensmittel an die Gäste ausgeben",
         "Ausgabetische aufbauen und hinterher aufräumen",
         "Gäste am Empfang begrüßen und Kundenkarten prüfen",
         "Leere Kisten für die nächste Abholung stapeln"),
        ("Freundlichkeit", "Belastbarkeit", "Teamgeist", "Zuverlässigkeit"),
        ("regular", "regular", "one_off"),
        days=("tue", "thu", "sat"), times=(("09:00", "12:00"), ("13:00", "16:00")), min_age=16,
    ),
    "abholtour": Activity(
        (1, 5),
        ("Fahrerin oder Fahrer für die Lebensmittelabholung gesucht",
         "Abholtour {locality}: Lebensmittel retten"),
        "Mit unserem Kühltransporter holst du Lebensmittelspenden bei Märkten und Bäckereien ab und bringst "
        "sie zur Ausgabestelle.",
        "Ohne unsere Fahrerinnen und Fahrer gäbe es keine Ausgabe: Jeden Morgen holen wir ab, was nicht mehr "
        "verkauft wird, aber noch gut ist – mehrere Tonnen in der Woche.",
        ("Eine feste Tour zu Supermärkten und Bäckereien fahren", "Kisten ein- und ausladen",
         "Mengen auf dem Lieferschein notieren", "Das Fahrzeug nach der Tour sauber abstellen"),
        ("Führerschein Klasse B", "Pünktlichkeit", "Körperliche Fitness"),
        ("regular",),
        days=WEEKDAYS[:6], times=(("07:30", "10:30"), ("08:00", "11:00")),
        requirements=("Führerschein Klasse B seit mindestens zwei Jahren",), min_age=21,
    ),
    "kleiderkammer": Activity(
        (1, 4),
        ("Mitarbeit in der Kleiderkammer {place}", "Kleiderspenden sortieren {place}",
         "Kleiderkammer {locality} sucht Unterstützung"),
        "Du nimmst Kleiderspenden an, sortierst sie nach Größe und Jahreszeit und hilfst unseren "
        "Besucherinnen und Besuchern bei der Auswahl.",
        "In unserer Kleiderkammer finden Menschen in schwierigen Lebenslagen gut erhaltene Kleidung, Schuhe "
        "und Bettwäsche – kostenlos und ohne lange Formulare.",
        ("Spendensäcke auspacken und Kleidung prüfen",
         "Kleidung nach Größen und Jahreszeit in die Regale sortieren",
         "Besucherinnen und Besucher bei der Auswahl beraten",
         "Den Wechsel von Sommer- auf Winterware vorbereiten"),
        ("Ordnungssinn", "Freundlichkeit", "Teamgeist"),
        ("regular", "regular", "flexible", "one_off"),
        days=WORKDAYS, times=(("09:30", "12:30"), ("14:00", "17:00")),
    ),
    "mittagstisch": Activity(
        (1, 3),
        ("Offener Mittagstisch {place}: Kochen und Servieren", "Unterstützung für den Mittagstisch {place}"),
        "Beim offenen Mittagstisch hilfst du in der Küche, gibst warmes Essen aus und hast ein offenes Ohr "
        "für unsere Gäste.",
        "Für viele unserer Gäste ist der Mittagstisch die einzige warme Mahlzeit des Tages – und oft auch "
        "die einzige Gelegenheit, mit anderen ins Gespräch zu kommen.",
        ("Gemüse schnippeln und beim Kochen helfen", "Essen und Getränke ausgeben",
         "Tische eindecken und abräumen", "Mit den Gästen ins Gespräch kommen"),
        ("Freude am Kochen", "Hygienebewusstsein", "Freundlichkeit"),
        ("regular",),
        days=WORKDAYS, times=(("11:00", "14:00"), ("11:30", "14:30")), min_age=16,
        requirements=("Eine Belehrung nach dem Infektionsschutzgesetz (organisieren wir mit dir)",),
    ),
    # 2 Kinder und Jugend
    "hausaufgabenhilfe": Activity(
        (2, 7),
        ("Hausaufgabenhilfe für Grundschulkinder {place}", "Lernbegleitung am Nachmittag {place}",
         "Hausaufgaben-Treff {locality} sucht Verstärkung"),
        "Du begleitest Kinder der Klassen 1 bis 4 bei den Hausaufgaben, erklärst geduldig und machst Mut, "
        "wenn es mal hakt.",
        "Nicht jedes Kind hat zu Hause jemanden, der bei Mathe oder Deutsch helfen kann. In unserem "
        "Hausaufgaben-Treff lernen Kinder in kleinen Gruppen – mit Zeit, Ruhe und Ermutigung.",
        ("Kinder bei den Hausaufgaben unterstützen", "Lesen und Rechnen spielerisch üben",
         "Mit den Lehrkräften der Schule in Kontakt bleiben", "Nach dem Lernen gemeinsam spielen"),
        ("Geduld", "Einfühlungsvermögen", "Zuverlässigkeit"),
        ("regular",),
        days=WORKDAYS[:4], times=AFTERNOONS, requirements=(CHILD_PROTECTION,), min_age=16,
    ),
    "jugendtreff": Activity(
        (2, 11),
        ("Mitarbeit im offenen Jugendtreff {place}", "Jugendtreff {locality}: Ideen und Zeit gesucht"),
        "Im offenen Treff bist du Ansprechperson für Jugendliche zwischen 12 und 18, planst Aktionen mit und "
        "sorgst für eine gute Atmosphäre.",
        "Unser Jugendtreff ist ein Ort, an dem Jugendliche einfach sein dürfen: kickern, kochen, Musik "
        "machen, reden. Hauptamtliche und Ehrenamtliche gestalten das Programm gemeinsam mit ihnen.",
        ("Beim offenen Treff ansprechbar sein", "Koch-, Spiele- oder Musikabende anleiten",
         "Ausflüge mitplanen und begleiten", "Eigene Hobbys und Ideen einbringen"),
        ("Offenheit", "Humor", "Kreativität", "Verlässlichkeit"),
        ("regular", "regular", "one_off"),
        days=WORKDAYS, times=(("16:00", "19:00"), *EVENINGS[:2]), requirements=(CHILD_PROTECTION,),
        min_age=18,
    ),
    "ferienspiele": Activity(
        (2, 6),
        ("Betreuerteam für die Ferienspiele {place}", "Ferienspiele {locality}: Spiel, Spaß und Bewegung"),
        "Für unsere Ferienspiele suchen wir Menschen, die mit Kindern basteln, toben und Ausflüge machen.",
        "In den Ferien bieten wir Kindern von 6 bis 12 Jahren ein buntes Tagesprogramm. Gerade für Familien, "
        "die sich keinen Urlaub leisten können, ist das eine große Entlastung.",
        ("Spiel- und Bastelstationen betreuen", "Kinder bei Ausflügen begleiten", "Beim Mittagessen helfen",
         "Beim Auf- und Abbau mit anpacken"),
        ("Spaß an der Arbeit mit Kindern", "Teamgeist", "Erste Hilfe", "Kreativität"),
        ("one_off",),
        days=WORKDAYS, times=(("09:00", "13:00"), ("09:30", "14:30")), requirements=(CHILD_PROTECTION,),
        min_age=16, outdoor=True,
    ),
    "vorlesen_kita": Activity(
        (2, 7),
        ("Vorlesen in der Kita {place}", "Vorlesepatenschaft für Kita-Kinder {place}"),
        "Einmal pro Woche liest du einer kleinen Gruppe von Kita-Kindern vor und entdeckst mit ihnen "
        "Bilderbücher.",
        "Wer früh Geschichten hört, lernt leichter sprechen und lesen. Unsere Vorlesepatinnen und -paten "
        "bringen Bücher und Zeit mit – die Kinder bringen ihre Neugier mit.",
        ("Bilderbücher vorlesen und gemeinsam anschauen", "Über die Geschichten ins Gespräch kommen",
         "Bücher in der Stadtbibliothek mit auswählen"),
        ("Freude am Vorlesen", "Geduld", "Gute Deutschkenntnisse"),
        ("regular",),
        days=WORKDAYS, times=(("09:30", "10:30"), ("10:00", "11:00"), ("15:00", "16:00")), days_per_week=(1,),
        requirements=(CHILD_PROTECTION,),
    ),
    # 3 Seniorinnen und Senioren
    "besuchsdienst": Activity(
        (3, 11),
        ("Besuchsdienst für ältere Menschen {place}",
         "Zeit schenken: Besuche bei Seniorinnen und Senioren {place}"),
        "Du besuchst regelmäßig einen älteren Menschen, der allein lebt: für ein Gespräch, einen Spaziergang "
        "oder eine Runde Mensch ärgere dich nicht.",
        "Viele ältere Menschen in unserem Stadtteil leben allein und bekommen selten Besuch. Eine feste "
        "Bezugsperson, die einmal pro Woche vorbeikommt, macht für sie einen großen Unterschied.",
        ("Eine Seniorin oder einen Senior regelmäßig besuchen",
         "Gemeinsam spazieren gehen, erzählen oder spielen",
         "Bei Bedarf zum Arzt oder zum Friseur begleiten",
         "Sich monatlich mit den anderen Besuchenden austauschen"),
        ("Einfühlungsvermögen", "Zuhören", "Geduld", "Zuverlässigkeit"),
        ("regular", "flexible"),
        times=(("10:00", "12:00"), ("14:00", "16:00"), ("15:00", "17:00")), days_per_week=(1,),
    ),
    "seniorencafe": Activity(
        (3, 11),
        ("Mithilfe im Seniorencafé {place}", "Kaffee, Kuchen und gute Gespräche: Seniorentreff {locality}"),
        "Im Seniorencafé deckst du Tische, schenkst Kaffee aus und begleitest Spiele- und Singnachmittage "
        "für ältere Nachbarinnen und Nachbarn.",
        "Jede Woche treffen sich bei uns ältere Menschen aus dem Viertel zu Kaffee, Kuchen und guten "
        "Gesprächen. Für viele ist das ein fester Termin im Kalender.",
        ("Tische eindecken und Kuchen anschneiden", "Kaffee und Tee servieren",
         "Spielenachmittage oder den Singkreis begleiten", "Gästen mit Rollator beim Platznehmen helfen"),
        ("Gastfreundschaft", "Geduld", "Teamgeist"),
        ("regular", "regular", "one_off"),
        days=("tue", "wed", "thu", "sun"), times=(("14:30", "17:00"), ("15:00", "17:30")),
    ),
    "einkaufsbegleitung": Activity(
        (3, 11),
        ("Einkaufsbegleitung für Seniorinnen und Senioren {place}",
         "Gemeinsam einkaufen: Begleitung für Ältere {place}"),
        "Du begleitest ältere Menschen zum Wochenmarkt oder in den Supermarkt, trägst die Taschen und hast "
        "Zeit für einen Plausch.",
        "Mit dem Rollator ist der Weg zum Supermarkt für manche Ältere kaum noch zu schaffen. Mit Begleitung "
        "bleiben sie selbstständig – und kommen unter Leute.",
        ("Zum Einkaufen oder auf den Wochenmarkt begleiten", "Einkäufe tragen und beim Einräumen helfen",
         "Kleine Besorgungen in Apotheke oder Post erledigen"),
        ("Hilfsbereitschaft", "Zuverlässigkeit", "Führerschein"),
        ("flexible", "regular"),
        days=WEEKDAYS[:6], times=(("09:00", "11:00"), ("10:00", "12:00")),
    ),
    "telefonpatenschaft": Activity(
        (3, 11),
        ("Telefonpatenschaft gegen Einsamkeit im Alter", "Telefonpatin oder Telefonpate für ältere Menschen"),
        "Du rufst einmal pro Woche einen älteren Menschen an – für ein gutes Gespräch, ganz bequem von zu "
        "Hause aus.",
        "Einsamkeit im Alter ist verbreiteter, als viele denken. Ein regelmäßiger Anruf gibt Halt, Freude "
        "und das Gefühl, nicht vergessen zu sein.",
        ("Einmal pro Woche zur verabredeten Zeit anrufen", "Zuhören, erzählen und gemeinsam lachen",
         "Bei Sorgen auf passende Beratungsstellen hinweisen"),
        ("Zuhören", "Verschwiegenheit", "Zuverlässigkeit"),
        ("regular", "flexible"),
        times=(("10:00", "11:00"), ("17:00", "18:00"), ("18:00", "19:00")), days_per_week=(1,), remote=True,
    ),
    # 4 Geflüchtete und Integration
    "sprachcafe": Activity(
        (4, 7),
        ("Sprachcafé {place}: Deutsch im Gespräch üben",
         "Gesprächspartnerinnen und -partner fürs Sprachcafé {place}"),
        "Im Sprachcafé unterhältst du dich mit Menschen, die Deutsch lernen – über Alltag, Arbeit und alles, "
        "was sie gerade beschäftigt.",
        "Im Kurs lernt man Grammatik, im Sprachcafé lernt man reden. Bei Tee und Keksen üben Menschen aus "
        "Syrien, der Ukraine, Afghanistan und vielen anderen Ländern mit Bielefelderinnen und Bielefeldern.",
        ("An einem Tisch mit zwei bis vier Lernenden ins Gespräch kommen",
         "Alltagssituationen wie Arztbesuch oder Wohnungssuche durchspielen",
         "Spiele und Bildkarten einsetzen"),
        ("Geduld", "Offenheit", "Deutliche Aussprache"),
        ("regular",),
        days=WORKDAYS, times=(("16:00", "18:00"), ("17:00", "19:00"), ("10:00", "12:00")),
        languages=(("de",), ("de", "en"), ("de", "ar"), ("de", "uk"), ("de", "tr")),
    ),
    "behoerdenbegleitung": Activity(
        (4, 1),
        ("Begleitung zu Behördenterminen {place}", "Lotsin oder Lotse für Ämter und Formulare {place}"),
        "Du begleitest Geflüchtete zu Terminen bei Jobcenter, Ausländerbehörde oder Arztpraxis und hilfst, "
        "Briefe und Formulare zu verstehen.",
        "Behördendeutsch ist selbst für Muttersprachler schwer. Unsere Lotsinnen und Lotsen sorgen dafür, "
        "dass niemand wegen eines missverstandenen Briefes eine Frist verpasst.",
        ("Zu Terminen bei Ämtern und Ärzten begleiten", "Briefe gemeinsam lesen und erklären",
         "Beim Ausfüllen von Anträgen helfen", "Bei Bedarf an Fachberatungsstellen weitervermitteln"),
        ("Organisationstalent", "Verschwiegenheit", "Gute Deutschkenntnisse"),
        ("flexible",),
        languages=(("de",), ("de", "en"), ("de", "ar"), ("de", "tr")),
    ),
    "familienpatenschaft": Activity(
        (4, 2, 11),
        ("Patenschaft für eine neu zugezogene Familie {place}",
         "Ankommen erleichtern: Familienpatenschaft {place}"),
        "Als Patin oder Pate hilfst du einer geflüchteten Familie beim Ankommen – vom Schulstart der Kinder "
        "bis zur Frage, wo es günstige Fahrräder gibt.",
        "Eine neue Stadt, eine neue Sprache, unzählige neue Regeln: Wer jemanden an der Seite hat, der sich "
        "auskennt, findet sich viel schneller zurecht.",
        ("Die Familie regelmäßig treffen und Fragen des Alltags klären",
         "Bei der Suche nach Kita- und Schulplätzen helfen",
         "Gemeinsam den Stadtteil, Vereine und Angebote entdecken"),
        ("Offenheit", "Geduld", "Interkulturelle Kompetenz"),
        ("regular", "flexible"),
        times=(("15:00", "17:00"), ("17:00", "19:00")),
        languages=(("de",), ("de", "en"), ("de", "ar"), ("de", "uk")),
    ),
    "sprachmittlung": Activity(
        (4, 12),
        ("Sprachmittlung per Telefon und Video (von zu Hause)",
         "Dolmetschen für Geflüchtete – auch von unterwegs"),
        "Du sprichst Arabisch, Ukrainisch oder Türkisch? Dann hilfst du per Telefon oder Videocall bei "
        "Gesprächen und übersetzt kurze Schreiben.",
        "In Arztpraxen, Schulen und Beratungsstellen scheitern Gespräche oft an der Sprache. Mit einem Anruf "
        "bei dir ist die Verständigung in wenigen Minuten geklärt.",
        ("Kurze Gespräche per Telefon oder Video dolmetschen", "Briefe und Aushänge übersetzen",
         "Bei Elternabenden digital zugeschaltet werden"),
        ("Sprachkenntnisse", "Verschwiegenheit", "Spontaneität"),
        ("flexible",),
        remote=True, languages=(("de", "ar"), ("de", "uk"), ("de", "tr"), ("de", "ar", "en")),
    ),
    # 5 Umwelt und Naturschutz
    "muellsammeln": Activity(
        (5, 11),
        ("Müllsammelaktion {place}", "Gemeinsam aufräumen: Bachufer und Wege {place}",
         "Sauberes Grün {place}: Mach mit!"),
        "Mit Greifzange und Handschuhen befreien wir Bachufer, Wege und Grünflächen von Müll. Material "
        "stellen wir, du bringst gute Laune mit.",
        "Bielefeld hat viel Grün – und leider auch viel, was achtlos weggeworfen wird. Bei unseren "
        "Aufräumaktionen kommen in zwei Stunden oft mehr als zwanzig Säcke zusammen.",
        ("Müll an Ufern, Wegen und Wiesen sammeln", "Fundstücke trennen und für die Abholung bereitstellen",
         "Neue Mitmachende einweisen"),
        ("Freude an der Arbeit im Freien", "Wetterfestigkeit", "Teamgeist"),
        ("one_off",),
        days=("sat", "sun"), times=SATURDAY_MORNINGS, outdoor=True,
    ),
    "streuobstwiese": Activity(
        (5,),
        ("Pflege der Streuobstwiese {place}", "Obstbaumschnitt und Ernte auf der Streuobstwiese {place}"),
        "Du hilfst beim Schneiden, Mähen und Ernten auf unserer Streuobstwiese – und nimmst am Ende Äpfel "
        "mit nach Hause.",
        "Streuobstwiesen gehören zu den artenreichsten Lebensräumen Mitteleuropas. Ohne Pflege verbuschen "
        "sie; deshalb treffen wir uns regelmäßig mit Säge, Sense und Leiter.",
        ("Obstbäume unter Anleitung schneiden", "Wiese mähen und Schnittgut abräumen",
         "Äpfel und Birnen ernten",
         "Nistkästen kontrollieren"),
        ("Handwerkliches Geschick", "Körperliche Fitness", "Naturverbundenheit"),
        ("regular", "one_off"),
        days=("sat",), times=SATURDAY_MORNINGS, outdoor=True,
    ),
    "gemeinschaftsgarten": Activity(
        (5, 11),
        ("Mitgärtnern im Gemeinschaftsgarten {place}", "Gemeinschaftsgarten {locality} sucht grüne Daumen"),
        "Im Gemeinschaftsgarten legst du mit anderen Beete an, gießt, erntest und lernst nebenbei viel über "
        "Gemüse, Kräuter und Kompost.",
        "Unser Garten ist für alle offen: Nachbarinnen und Nachbarn jeden Alters gärtnern hier gemeinsam, "
        "tauschen Saatgut und feiern im Herbst das Erntefest.",
        ("Beete anlegen und pflegen", "In den Gießdienst einsteigen", "Kompost umsetzen",
         "Kinder beim Pflanzen anleiten"),
        ("Freude an Gartenarbeit", "Teamgeist", "Geduld"),
        ("regular", "flexible"),
        days=("wed", "sat"), times=(("10:00", "12:00"), ("17:00", "19:00")), outdoor=True,
    ),
    "biotoppflege": Activity(
        (5, 9),
        ("Biotoppflege {place}: Hecken, Teiche und Blühstreifen",
         "Arbeitseinsatz im Naturschutzgebiet {place}"),
        "Bei unseren Arbeitseinsätzen pflegst du Hecken, Kleingewässer und Blühstreifen, damit Kröten, "
        "Libellen und Wildbienen Lebensraum finden.",
        "Viele Tiere und Pflanzen sind auf offene, gepflegte Flächen angewiesen. Wir kümmern uns in "
        "Absprache mit der Unteren Naturschutzbehörde um mehrere kleine Biotope.",
        ("Gehölze zurückschneiden und Schnittgut abtransportieren", "Teichufer von Bewuchs befreien",
         "Blühstreifen einsäen", "Bei Zählungen von Amphibien und Vögeln helfen"),
        ("Naturverbundenheit", "Körperliche Fitness", "Wetterfestigkeit"),
        ("one_off", "regular"),
        days=("sat",), times=SATURDAY_MORNINGS, outdoor=True,
    ),
    "imkerei": Activity(
        (5, 9),
        ("Mithilfe am Lehrbienenstand {place}", "Bienen und Blühflächen {place}: Imkern lernen und helfen"),
        "Du unterstützt uns am Lehrbienenstand, betreust Führungen für Schulklassen und pflegst die "
        "Blühflächen rund um die Völker.",
        "Honigbienen und Wildbienen brauchen Menschen, die sich um sie kümmern. An unserem Lehrbienenstand "
        "zeigen wir Kindern und Erwachsenen, wie Imkern funktioniert.",
        ("Bei der Durchsicht der Völker assistieren", "Schulklassen über das Gelände führen",
         "Blühflächen anlegen und pflegen", "Beim Honigschleudern helfen"),
        ("Naturverbundenheit", "Ruhe", "Freude am Erklären"),
        ("regular", "one_off"),
        days=("wed", "sat"), times=(("10:00", "12:00"), ("15:00", "17:00")), outdoor=True,
    ),
    # 6 Sport und Bewegung
    "kinderturnen": Activity(
        (6, 2),
        ("Übungsleitung im Kinderturnen {place}", "Kinderturnen {locality}: Helferin oder Helfer gesucht"),
        "Du bereitest Turnstunden für Kinder von 3 bis 10 Jahren vor, baust Bewegungslandschaften auf und "
        "leitest Spiele an.",
        "Toben, klettern, balancieren: Im Kinderturnen lernen Kinder ihren Körper kennen. Unsere Gruppen "
        "sind beliebt, die Wartelisten lang – mit dir können wir eine weitere Gruppe öffnen.",
        ("Turnstunden mitplanen und anleiten", "Geräte und Bewegungslandschaften aufbauen",
         "Kinder beim Turnen sichern", "Eltern bei Fragen ansprechen"),
        ("Spaß an Bewegung", "Geduld", "Erste Hilfe"),
        ("regular",),
        days=WORKDAYS, times=AFTERNOONS,
        requirements=(CHILD_PROTECTION,
                      "Eine Übungsleiterlizenz ist willkommen, die Ausbildung bezahlen wir auch"),
        min_age=16,
    ),
    "fussballtraining": Activity(
        (6, 2),
        ("Jugendtrainerin oder Jugendtrainer Fußball {place}",
         "Co-Trainer für unsere F-Jugend {place} gesucht"),
        "Du trainierst mit einem erfahrenen Coach eine Jugendmannschaft und begleitest sie zu den Spielen am "
        "Wochenende.",
        "Bei uns spielen über 200 Kinder und Jugendliche Fußball. Damit jede Mannschaft zwei Trainerinnen "
        "oder Trainer hat, suchen wir Verstärkung – Erfahrung im Verein ist keine Voraussetzung.",
        ("Zweimal pro Woche das Training mitgestalten", "Die Mannschaft zu Spielen begleiten",
         "Fahrgemeinschaften mit den Eltern organisieren", "Auf Fairplay und Spaß achten"),
        ("Fußballbegeisterung", "Teamgeist", "Verlässlichkeit"),
        ("regular",),
        days=("mon", "tue", "wed", "thu"), times=(("17:00", "18:30"), ("17:30", "19:00")), days_per_week=(2,),
        outdoor=True,
        requirements=(CHILD_PROTECTION,), min_age=16,
    ),
    "laufveranstaltung": Activity(
        (6,),
        ("Streckenposten beim Volkslauf {place}", "Helferteam für den Stadtteillauf {place}"),
        "Beim Lauf versorgst du die Läuferinnen und Läufer an der Strecke, sicherst Kreuzungen oder gibst "
        "Startunterlagen aus.",
        "Einmal im Jahr laufen bei uns Hunderte durch den Stadtteil – vom Bambinilauf bis zum Halbmarathon. "
        "Das klappt nur mit vielen Helferinnen und Helfern.",
        ("Startunterlagen ausgeben", "Getränke an der Verpflegungsstation reichen",
         "Als Streckenposten Kreuzungen sichern", "Beim Abbau anpacken"),
        ("Freundlichkeit", "Wetterfestigkeit", "Teamgeist"),
        ("one_off",),
        days=("sat", "sun"), times=(("08:00", "12:00"), ("09:00", "13:00")), outdoor=True,
    ),
    "bewegungstreff": Activity(
        (6, 3),
        ("Spaziergruppe für Ältere {place}", "Bewegungstreff für Seniorinnen und Senioren {place}"),
        "Du leitest einmal pro Woche einen gemütlichen Spaziergang oder leichte Gymnastik für ältere "
        "Menschen an.",
        "Wer sich regelmäßig bewegt, bleibt länger selbstständig. In der Gruppe fällt es leichter, und "
        "Gesellschaft gibt es gratis dazu.",
        ("Spaziergänge im Stadtteil planen und leiten",
         "Leichte Gymnastik- und Gleichgewichtsübungen anleiten",
         "Auf das Tempo aller achten", "Zum Abschluss gemeinsam Kaffee trinken"),
        ("Freude an Bewegung", "Geduld", "Erste Hilfe"),
        ("regular",),
        days=WORKDAYS, times=(("10:00", "11:30"), ("14:30", "16:00")), days_per_week=(1,), outdoor=True,
    ),
    "vereinsheim": Activity(
        (6, 11),
        ("Rund ums Vereinsheim {place}: Platzpflege und kleine Reparaturen",
         "Anpacken auf unserer Sportanlage {place}"),
        "Du hilfst uns, Sportplatz, Umkleiden und Vereinsheim in Schuss zu halten – wann es dir passt.",
        "Unsere Anlage wird fast ausschließlich ehrenamtlich gepflegt. Jede helfende Hand spart dem Verein "
        "Geld, das direkt in die Jugendarbeit fließt.",
        ("Kleine Reparaturen in Umkleiden und Vereinsheim erledigen", "Hecken schneiden und Wege fegen",
         "Beim jährlichen Arbeitseinsatz mitmachen", "Das Vereinsheim für Feiern vorbereiten"),
        ("Handwerkliches Geschick", "Selbstständigkeit", "Teamgeist"),
        ("flexible", "one_off"),
        days=("sat",), times=SATURDAY_MORNINGS, outdoor=True,
    ),
    "inklusionssport": Activity(
        (6, 8),
        ("Assistenz beim inklusiven Sport {place}", "Inklusive Sportgruppe {locality} sucht Unterstützung"),
        "In unserer inklusiven Sportgruppe unterstützt du Menschen mit und ohne Behinderung beim gemeinsamen "
        "Training.",
        "Sport verbindet – wenn alle mitmachen können. In unserer Gruppe trainieren Menschen mit und ohne "
        "Behinderung zusammen, und jede und jeder bringt ein, was möglich ist.",
        ("Teilnehmende beim Umziehen und auf dem Weg zur Halle begleiten", "Übungen anpassen und mitmachen",
         "Spiele anleiten, bei denen alle mitspielen können"),
        ("Einfühlungsvermögen", "Geduld", "Spaß an Bewegung"),
        ("regular",),
        days=WORKDAYS, times=(("16:00", "17:30"), ("18:00", "19:30")),
    ),
    # 7 Kultur und Bildung
    "lesepatenschaft": Activity(
        (7, 2),
        ("Lesepatin oder Lesepate an einer Grundschule {place}",
         "Lesen macht stark: Lesepatenschaft {place}"),
        "Du liest einmal pro Woche mit einzelnen Grundschulkindern und weckst ihre Freude an Büchern.",
        "Lesen ist der Schlüssel zu jedem anderen Fach. In der Eins-zu-eins-Zeit mit einer Lesepatin oder "
        "einem Lesepaten trauen sich auch zurückhaltende Kinder, laut zu lesen.",
        ("Mit einem Kind gemeinsam lesen und über das Gelesene sprechen",
         "Bücher aussuchen, die neugierig machen",
         "Kleine Fortschritte festhalten und mit der Lehrkraft teilen"),
        ("Geduld", "Freude am Lesen", "Zuverlässigkeit"),
        ("regular",),
        days=WORKDAYS, times=(("08:30", "10:00"), ("10:00", "11:30"), ("11:30", "13:00")), days_per_week=(1,),
        requirements=(CHILD_PROTECTION,),
    ),
    "buecherstube": Activity(
        (7, 11),
        ("Ehrenamtliche Bücherstube {place}", "Ausleihe und Leseecke {locality}: Team gesucht"),
        "In unserer ehrenamtlichen Bücherstube leihst du Bücher aus, sortierst Spenden und berätst Lesende.",
        "Seit es vor Ort keine Bücherei mehr gibt, betreiben wir eine kleine Bücherstube – mit Romanen, "
        "Kinderbüchern und einer gemütlichen Leseecke.",
        ("Bücher ausleihen und zurücknehmen", "Spenden sichten und einsortieren",
         "Vorlesenachmittage vorbereiten"),
        ("Freude an Büchern", "Ordnungssinn", "Freundlichkeit"),
        ("regular",),
        days=("tue", "thu", "sat"), times=(("10:00", "12:00"), ("15:00", "18:00")),
    ),
    "kulturabend": Activity(
        (7, 11),
        ("Einlass, Kasse und Bar bei Konzerten {place}", "Helferteam für unsere Kulturabende {place}"),
        "Bei Konzerten, Lesungen und Theaterabenden begrüßt du die Gäste, kontrollierst Karten oder stehst "
        "am Tresen.",
        "Unsere Bühne lebt vom Ehrenamt: Von der Kasse bis zur Bar wird jeder Abend von Freiwilligen "
        "getragen. Dafür bist du bei den Veranstaltungen kostenlos dabei.",
        ("Gäste am Einlass begrüßen und Karten kontrollieren", "Abendkasse betreuen",
         "Getränke am Tresen ausgeben", "Den Saal vorbereiten und aufräumen"),
        ("Freundlichkeit", "Teamgeist", "Spontaneität"),
        ("one_off",),
        days=("thu", "fri", "sat"), times=(("18:30", "23:00"), ("19:00", "23:00")), min_age=18,
    ),
    "stadtteilarchiv": Activity(
        (7, 11),
        ("Stadtteilgeschichte bewahren: Mitarbeit im Heimatarchiv {place}",
         "Fotos und Geschichten {place} sammeln"),
        "Du hilfst, alte Fotos, Dokumente und Erinnerungen aus dem Stadtteil zu sichten, zu beschreiben und "
        "für alle zugänglich zu machen.",
        "In Kellern und auf Dachböden schlummert die Geschichte unseres Stadtteils. Wir sammeln sie, bevor "
        "sie verloren geht, und zeigen sie in Ausstellungen und Stadtteilrundgängen.",
        ("Fotos und Dokumente scannen und beschreiben", "Gespräche mit Zeitzeuginnen und Zeitzeugen führen",
         "Ausstellungen und Rundgänge vorbereiten"),
        ("Interesse an Geschichte", "Sorgfalt", "Computerkenntnisse"),
        ("flexible", "regular"),
        days=("tue", "thu"), times=(("10:00", "12:00"), ("15:00", "17:00")),
    ),
    # 8 Gesundheit und Pflege
    "hospizbegleitung": Activity(
        (8, 3),
        ("Ehrenamtliche Hospizbegleitung {place}", "Da sein am Lebensende: Hospizbegleitung {place}"),
        "Du begleitest schwerkranke und sterbende Menschen und ihre Angehörigen – zu Hause, im Pflegeheim "
        "oder im Krankenhaus.",
        "Niemand soll am Ende seines Lebens allein sein. Unsere Hospizbegleiterinnen und -begleiter schenken "
        "Zeit, Ruhe und Zuwendung und entlasten die Familien.",
        ("Schwerkranke Menschen regelmäßig besuchen", "Zuhören, vorlesen, einfach da sein",
         "Angehörigen eine Pause ermöglichen", "An Supervision und Gruppenabenden teilnehmen"),
        ("Einfühlungsvermögen", "Belastbarkeit", "Verschwiegenheit"),
        ("regular", "flexible"),
        times=(("10:00", "12:00"), ("15:00", "17:00")),
        requirements=("Die Teilnahme an unserem kostenlosen Vorbereitungskurs",), min_age=18,
    ),
    "trauercafe": Activity(
        (8, 1),
        ("Gastgeberin oder Gastgeber im Trauercafé {place}",
         "Trauercafé {locality}: Zeit und ein offenes Ohr"),
        "Im Trauercafé empfängst du Menschen, die einen Angehörigen verloren haben, bei Kaffee und "
        "Gesprächen.",
        "Trauer braucht Raum. In unserem Trauercafé treffen sich Hinterbliebene in geschützter Atmosphäre – "
        "begleitet von geschulten Ehrenamtlichen.",
        ("Den Raum vorbereiten und Gäste empfangen", "Gespräche begleiten und zuhören",
         "Bei Bedarf auf weitere Hilfsangebote hinweisen"),
        ("Einfühlungsvermögen", "Zuhören", "Verschwiegenheit"),
        ("regular",),
        days=("wed", "sun"), times=(("15:00", "17:00"),), min_age=18,
    ),
    "demenzcafe": Activity(
        (8, 3),
        ("Begleitung im Demenz-Café {place}", "Zeit für Menschen mit Demenz {place}"),
        "Im Demenz-Café verbringst du einen Nachmittag mit Menschen mit Demenz, während ihre Angehörigen "
        "durchatmen können.",
        "Pflegende Angehörige sind oft rund um die Uhr gefordert. Unser Café gibt ihnen ein paar freie "
        "Stunden und den Gästen einen schönen Nachmittag mit Musik, Erinnerungen und Kuchen.",
        ("Mit den Gästen singen, spielen und erzählen", "Kaffee und Kuchen servieren",
         "Kleine Spaziergänge begleiten", "Sich mit den Fachkräften abstimmen"),
        ("Einfühlungsvermögen", "Geduld", "Humor"),
        ("regular",),
        days=("mon", "wed", "fri"), times=(("14:30", "17:30"),),
        requirements=("Die Teilnahme an einer kurzen Schulung zum Umgang mit Demenz (kostenlos)",),
    ),
    "therapeutisches_reiten": Activity(
        (9, 8, 2),
        ("Pferdepflege und Führhilfe beim therapeutischen Reiten {place}", "Helfen im Reitstall {place}"),
        "Du putzt und sattelst unsere Therapiepferde und führst sie während der Reitstunden für Kinder mit "
        "Beeinträchtigung.",
        "Auf dem Pferderücken erleben Kinder mit Beeinträchtigung Bewegung, Vertrauen und Stolz. Damit die "
        "Stunden gelingen, braucht jedes Pferd eine ruhige Hand am Führstrick.",
        ("Pferde putzen, satteln und nach der Stunde versorgen", "Pferde während der Therapiestunde führen",
         "Stall und Reitplatz in Ordnung halten"),
        ("Erfahrung mit Pferden", "Ruhe", "Zuverlässigkeit"),
        ("regular",),
        days=WORKDAYS, times=AFTERNOONS, outdoor=True, min_age=14,
    ),
    "blutspende": Activity(
        (8, 10),
        ("Helfen beim Blutspendetermin {place}", "Empfang und Imbiss beim Blutspenden {place}"),
        "Beim Blutspendetermin empfängst du die Spenderinnen und Spender, betreust die Anmeldung oder "
        "versorgst sie nach der Spende mit einem Imbiss.",
        "Jede Blutspende kann Leben retten. Damit die Termine reibungslos laufen, unterstützen Ehrenamtliche "
        "das medizinische Team bei allem, was nicht medizinisch ist.",
        ("Spenderinnen und Spender begrüßen und zur Anmeldung leiten", "Den Imbiss vorbereiten und ausgeben",
         "Nach der Spende ein Auge auf das Wohlbefinden haben"),
        ("Freundlichkeit", "Ruhe", "Teamgeist"),
        ("one_off",),
        days=("mon", "wed", "fri"), times=(("15:00", "19:30"), ("16:00", "20:00")), min_age=16,
    ),
    # 9 Tierschutz
    "gassigehen": Activity(
        (9,),
        ("Gassigehen mit Tierheimhunden {place}", "Hundeausführerin oder Hundeausführer {place} gesucht"),
        "Du gehst mit Hunden aus dem Tierheim spazieren, damit sie Bewegung bekommen und an Menschen gewöhnt "
        "bleiben.",
        "Im Tierheim warten viele Hunde auf ein neues Zuhause. Bis es so weit ist, brauchen sie Auslauf, "
        "Abwechslung und Menschen, die sich Zeit für sie nehmen.",
        ("Hunde nach einer Einweisung ausführen", "Kleine Trainingseinheiten mit den Tieren üben",
         "Beobachtungen für die Tierpflegerinnen notieren"),
        ("Erfahrung mit Hunden", "Zuverlässigkeit", "Wetterfestigkeit"),
        ("regular", "flexible"),
        days=WEEKDAYS, times=(("10:00", "12:00"), ("14:00", "16:00")), outdoor=True, min_age=16,
    ),
    "katzenpflege": Activity(
        (9,),
        ("Katzenpflege {place}: füttern, putzen, schmusen", "Unterstützung in der Katzenstation {place}"),
        "Du fütterst unsere Katzen, reinigst Gehege und Katzenklos und nimmst dir Zeit für scheue Tiere.",
        "Viele unserer Katzen haben Schlimmes erlebt. Mit Geduld und regelmäßiger Zuwendung lernen sie "
        "wieder, Menschen zu vertrauen – und werden vermittelbar.",
        ("Futter vorbereiten und verteilen", "Gehege und Katzenklos reinigen",
         "Mit scheuen Katzen spielen und sie an Menschen gewöhnen"),
        ("Tierliebe", "Geduld", "Sorgfalt"),
        ("regular",),
        days=WEEKDAYS, times=(("08:00", "10:00"), ("17:00", "19:00")), min_age=16,
    ),
    "tierheimfest": Activity(
        (9, 11),
        ("Helfen beim Tag der offenen Tür {place}", "Sommerfest im Tierheim {locality}: Helfende gesucht"),
        "Beim Tag der offenen Tür betreust du einen Stand, verkaufst Kuchen oder führst Besucherinnen und "
        "Besucher über das Gelände.",
        "Einmal im Jahr öffnen wir alle Türen: Besucherinnen und Besucher lernen unsere Tiere kennen, und "
        "mit dem Erlös aus Flohmarkt und Kuchenbuffet finanzieren wir Tierarztkosten.",
        ("Kuchenbuffet oder Flohmarktstand betreuen", "Führungen über das Gelände begleiten",
         "Auf- und Abbau unterstützen"),
        ("Freundlichkeit", "Teamgeist", "Tierliebe"),
        ("one_off",),
        days=("sat", "sun"), times=(("11:00", "15:00"), ("13:00", "17:00")), outdoor=True,
    ),
    "pflegestelle": Activity(
        (9,),
        ("Pflegestelle auf Zeit für Katzen und Kleintiere {place}", "Zuhause auf Zeit: Pflegestelle {place}"),
        "Du nimmst ein Tier vorübergehend bei dir auf – zum Beispiel eine Katzenmutter mit Kitten – bis es "
        "ein festes Zuhause findet.",
        "Manche Tiere kommen im Tierheim nicht zur Ruhe: Kitten, alte oder kranke Tiere. In einer "
        "Pflegestelle erholen sie sich und zeigen, wie sie wirklich sind.",
        ("Ein Tier für einige Wochen bei dir zu Hause betreuen", "Mit dem Tier zu Tierarztterminen fahren",
         "Bei der Vermittlung von deinen Erfahrungen erzählen"),
        ("Tierliebe", "Erfahrung mit Tieren", "Verantwortungsbewusstsein"),
        ("flexible",),
        requirements=("Eine Wohnung, in der Haustiere erlaubt sind",), min_age=18,
    ),
    # 10 Bevölkerungsschutz
    "wasserrettung": Activity(
        (10, 6),
        ("Wachdienst als Rettungsschwimmerin oder Rettungsschwimmer {place}",
         "Wasserrettung {locality}: Wachdienst am See"),
        "Du übernimmst Wachdienste an Badestellen und bei Veranstaltungen am Wasser und bist da, wenn jemand "
        "Hilfe braucht.",
        "Jeden Sommer sichern wir Badestellen und Wassersportveranstaltungen. Wer bei uns Wachdienst macht, "
        "trainiert regelmäßig und ist Teil einer starken Gemeinschaft.",
        ("Wachdienste an Badestellen übernehmen", "Erste Hilfe leisten", "Rettungsgeräte prüfen und pflegen",
         "Beim wöchentlichen Training mitmachen"),
        ("Sicheres Schwimmen", "Erste Hilfe", "Verantwortungsbewusstsein"),
        ("one_off", "regular"),
        days=("sat", "sun"), times=(("10:00", "14:00"), ("13:00", "18:00")), outdoor=True,
        requirements=("Das Rettungsschwimmabzeichen Silber – wir bilden dich auch aus",), min_age=16,
    ),
    "schwimmausbildung": Activity(
        (10, 6, 2),
        ("Schwimmausbildung für Kinder {place}", "Helferin oder Helfer im Anfängerschwimmen {place}"),
        "Du hilfst beim Anfängerschwimmen, damit Kinder sicher schwimmen lernen und das Seepferdchen "
        "schaffen.",
        "Immer weniger Kinder können sicher schwimmen. In unseren Kursen lernen sie es mit Spaß – und "
        "brauchen dafür genug Menschen im und am Becken.",
        ("Kinder im Wasser unterstützen und sichern", "Übungen und Spiele mit Schwimmhilfen anleiten",
         "Beim Umziehen und Abholen den Überblick behalten"),
        ("Sicheres Schwimmen", "Geduld", "Spaß an der Arbeit mit Kindern"),
        ("regular",),
        days=("mon", "wed", "fri"), times=(("16:00", "17:30"), ("17:00", "18:30")),
        requirements=(CHILD_PROTECTION,
                      "Das Rettungsschwimmabzeichen Bronze oder die Bereitschaft, es zu machen"),
        min_age=16,
    ),
    "sanitaetsdienst": Activity(
        (10, 8),
        ("Sanitätsdienst bei Veranstaltungen {place}", "Erste Hilfe beim Stadtteilfest {place}"),
        "Als Sanitäterin oder Sanitäter sicherst du Feste, Konzerte und Sportveranstaltungen ab und leistest "
        "Erste Hilfe.",
        "Wo viele Menschen zusammenkommen, passiert auch mal etwas. Unsere Sanitätsdienste sorgen dafür, "
        "dass dann schnell und kompetent geholfen wird.",
        ("Veranstaltungen sanitätsdienstlich absichern", "Erste Hilfe leisten und Verletzte versorgen",
         "Material und Fahrzeuge vorbereiten"),
        ("Erste Hilfe", "Ruhe in Stresssituationen", "Teamgeist"),
        ("one_off",),
        days=("fri", "sat", "sun"), times=(("10:00", "15:00"), ("14:00", "19:00"), ("18:00", "23:00")),
        requirements=("Eine Sanitätsausbildung – die bieten wir kostenlos an",), min_age=16, outdoor=True,
    ),
    "jugendfeuerwehr": Activity(
        (10, 2),
        ("Betreuung der Jugendfeuerwehr {place}",
         "Jugendfeuerwehr {locality}: Betreuerin oder Betreuer gesucht"),
        "Du gestaltest die Übungsabende der Jugendfeuerwehr mit: Technik, Erste Hilfe, Zeltlager und "
        "Teamgeist.",
        "In der Jugendfeuerwehr lernen Zehn- bis Siebzehnjährige, wie Brandschutz funktioniert – und dass "
        "man sich aufeinander verlassen kann. Die Betreuerinnen und Betreuer sind dafür unverzichtbar.",
        ("Übungsabende vorbereiten und begleiten", "Ausflüge und das Zeltlager mitorganisieren",
         "Als Ansprechperson für die Jugendlichen da sein"),
        ("Teamgeist", "Verantwortungsbewusstsein", "Technisches Interesse"),
        ("regular",),
        days=("tue", "thu"), times=(("18:00", "20:00"),), requirements=(CHILD_PROTECTION,), min_age=18,
    ),
    "einsatzverpflegung": Activity(
        (10,),
        ("Verpflegungstrupp im Katastrophenschutz {place}",
         "Kochen für Einsatzkräfte: Verpflegung {locality}"),
        "Im Verpflegungstrupp kochst du bei Übungen und Einsätzen für Einsatzkräfte – aus der Feldküche für "
        "bis zu 300 Personen.",
        "Bei langen Einsätzen, etwa nach Unwettern, brauchen Einsatzkräfte warmes Essen. Unser "
        "Verpflegungstrupp übt dafür regelmäßig und rückt im Ernstfall aus.",
        ("Bei Übungen mit der Feldküche kochen", "Essen an Einsatzkräfte ausgeben",
         "Vorräte und Material pflegen"),
        ("Freude am Kochen", "Belastbarkeit", "Teamgeist"),
        ("regular", "one_off"),
        days=("wed", "sat"), times=(("18:00", "20:00"), ("09:00", "13:00")), min_age=18,
    ),
    # 11 Nachbarschaft
    "nachbarschaftsfest": Activity(
        (11,),
        ("Nachbarschaftsfest {place}: Helfende Hände gesucht", "Mit anpacken beim Stadtteilfest {place}"),
        "Du hilfst beim Aufbau, betreust einen Stand oder das Kinderprogramm – und feierst mit deinen "
        "Nachbarinnen und Nachbarn.",
        "Einmal im Jahr wird bei uns die Straße zum Festplatz: mit Flohmarkt, Musik, Kinderschminken und "
        "Essen aus aller Welt. Ein Fest von Nachbarn für Nachbarn.",
        ("Zelte, Bänke und Stände aufbauen", "Einen Stand betreuen oder Kuchen verkaufen",
         "Beim Kinderprogramm mitmachen", "Nach dem Fest mit aufräumen"),
        ("Teamgeist", "Organisationstalent", "Freundlichkeit"),
        ("one_off",),
        days=("sat", "sun"), times=(("11:00", "15:00"), ("14:00", "18:00")), outdoor=True,
    ),
    "buecherschrank": Activity(
        (11, 7),
        ("Patenschaft für den offenen Bücherschrank {place}",
         "Bücherschrank {locality} sucht Patin oder Paten"),
        "Du schaust regelmäßig nach dem offenen Bücherschrank, sortierst aus und hältst ihn sauber.",
        "Unser Bücherschrank ist ein beliebter Treffpunkt: Hier wechseln jede Woche Dutzende Bücher den "
        "Besitzer. Damit das so bleibt, braucht er jemanden, der sich kümmert.",
        ("Den Schrank ein- bis zweimal pro Woche durchsehen", "Beschädigte Bücher aussortieren",
         "Den Schrank sauber halten und Schäden melden"),
        ("Ordnungssinn", "Zuverlässigkeit"),
        ("flexible",),
        outdoor=True,
    ),
    "stadtteilzeitung": Activity(
        (11, 7),
        ("Redaktion der Stadtteilzeitung {place}",
         "Schreiben und Fotografieren für die Stadtteilzeitung {locality}"),
        "Du schreibst Artikel, fotografierst bei Veranstaltungen oder sammelst Termine für unsere "
        "Stadtteilzeitung.",
        "Viermal im Jahr erscheint unsere Stadtteilzeitung – mit Neuigkeiten aus Vereinen, Schulen und "
        "Geschäften. Sie wird komplett ehrenamtlich gemacht.",
        ("Artikel und kurze Porträts schreiben", "Bei Veranstaltungen fotografieren",
         "Termine sammeln und Korrektur lesen", "An den Redaktionssitzungen teilnehmen"),
        ("Freude am Schreiben", "Neugier", "Fotografie"),
        ("flexible",),
    ),
    "nachbarschaftshilfe": Activity(
        (11, 3),
        ("Nachbarschaftshilfe {place}: kleine Hilfen im Alltag",
         "Hilfe für Nachbarn {place}: Zeit gegen Dankeschön"),
        "Du hilfst Nachbarinnen und Nachbarn bei kleinen Dingen: eine Glühbirne wechseln, den Rasen mähen, "
        "einen Brief zur Post bringen.",
        "Manchmal fehlt nur eine helfende Hand. Unsere Nachbarschaftshilfe vermittelt Menschen, die "
        "Unterstützung brauchen, an Nachbarn, die gerade Zeit haben.",
        ("Kleine Reparaturen und Handgriffe im Haushalt", "Einkäufe und Besorgungen erledigen",
         "Bei Gartenarbeiten helfen", "Einfach mal auf einen Kaffee vorbeischauen"),
        ("Hilfsbereitschaft", "Handwerkliches Geschick", "Zuverlässigkeit"),
        ("flexible",),
    ),
    "repair_cafe": Activity(
        (11, 5),
        ("Reparieren statt wegwerfen: Repair-Café {place}",
         "Tüftlerinnen und Tüftler fürs Repair-Café {place}"),
        "Im Repair-Café reparierst du gemeinsam mit Besucherinnen und Besuchern Toaster, Fahrräder, Kleidung "
        "und Lampen – oder empfängst die Gäste am Kaffeetresen.",
        "Einmal im Monat verwandeln wir unseren Raum in eine offene Werkstatt. Rund zwei Drittel der Geräte "
        "laufen danach wieder – und die Besitzerinnen und Besitzer haben dabei etwas gelernt.",
        ("Elektrogeräte, Fahrräder oder Textilien gemeinsam mit den Gästen reparieren",
         "Gäste empfangen und Reparaturzettel ausfüllen", "Kaffee und Kuchen anbieten",
         "Werkzeug und Ersatzteile in Ordnung halten"),
        ("Handwerkliches Geschick", "Elektrokenntnisse", "Geduld"),
        ("one_off",),
        days=("sat",), times=(("14:00", "17:00"), ("10:00", "13:00")),
    ),
    # 12 Digitale Hilfe
    "smartphone_sprechstunde": Activity(
        (12, 3),
        ("Smartphone-Sprechstunde für Ältere {place}",
         "Digitalpatin oder Digitalpate {place}: Tablet und Handy erklären"),
        "In der Sprechstunde beantwortest du Älteren Fragen zu Smartphone und Tablet – vom Videoanruf mit "
        "den Enkeln bis zum Bahnticket.",
        "Immer mehr im Alltag läuft über das Handy: Arzttermine, Tickets, Fotos der Familie. Wer keine Hilfe "
        "hat, bleibt schnell außen vor. In unserer Sprechstunde ist keine Frage zu klein.",
        ("Fragen zu Smartphone und Tablet geduldig beantworten", "Messenger, Videoanrufe und Apps erklären",
         "Auf Sicherheit im Netz aufmerksam machen"),
        ("Computerkenntnisse", "Geduld", "Einfache Sprache"),
        ("regular", "regular", "one_off"),
        days=WORKDAYS, times=(("10:00", "12:00"), ("15:00", "17:00")),
    ),
    "computerkurs": Activity(
        (12, 7),
        ("Computerkurs für Einsteigerinnen und Einsteiger {place}",
         "PC-Treff {locality}: Kursleitung gesucht"),
        "Du leitest einen kleinen Computerkurs für Menschen, die mit E-Mail, Textverarbeitung und "
        "Online-Formularen anfangen.",
        "Bewerbungen, Anträge, Kontakt zur Schule – ohne Computer geht heute wenig. In unseren Kursen üben "
        "Erwachsene in kleinen Gruppen in ihrem Tempo.",
        ("Kursstunden für vier bis sechs Teilnehmende gestalten", "Übungen vorbereiten",
         "Einzelne Teilnehmende beim Üben begleiten"),
        ("Computerkenntnisse", "Geduld", "Freude am Erklären"),
        ("regular",),
        days=WORKDAYS, times=(("10:00", "12:00"), ("17:00", "19:00")),
    ),
    "online_nachhilfe": Activity(
        (12, 2, 7),
        ("Online-Nachhilfe in Mathe und Englisch",
         "Lernbegleitung per Videocall für Schülerinnen und Schüler"),
        "Per Videocall unterstützt du Schülerinnen und Schüler der Klassen 5 bis 10 in Mathe, Englisch oder "
        "Deutsch.",
        "Nachhilfe ist teuer, und viele Familien können sie sich nicht leisten. Online geht es trotzdem: "
        "Eine Stunde pro Woche am Bildschirm kann über eine Versetzung entscheiden.",
        ("Einmal pro Woche per Videocall mit einer Schülerin oder einem Schüler lernen",
         "Hausaufgaben und Klassenarbeiten gemeinsam vorbereiten", "Lernfortschritte im Blick behalten"),
        ("Geduld", "Fachkenntnisse in Mathe oder Englisch", "Computerkenntnisse"),
        ("regular",),
        days=WORKDAYS, times=(("16:00", "17:00"), ("17:00", "18:00"), ("18:00", "19:00")), days_per_week=(1,),
        requirements=(CHILD_PROTECTION,), remote=True, min_age=16,
    ),
    "vereinswebsite": Activity(
        (12,),
        ("Pflege unserer Vereinswebsite (von zu Hause)", "Website und Newsletter: Unterstützung gesucht"),
        "Du hältst unsere Website aktuell, stellst Termine ein und verschickst den monatlichen Newsletter – "
        "bequem von zu Hause aus.",
        "Wer sich für uns interessiert, schaut zuerst auf die Website. Damit dort nicht die Termine vom "
        "letzten Jahr stehen, suchen wir jemanden, der sich digital um uns kümmert.",
        ("Termine und Neuigkeiten auf der Website einstellen",
         "Den Newsletter zusammenstellen und verschicken",
         "Fotos für das Web bearbeiten"),
        ("Computerkenntnisse", "Selbstständigkeit", "Sorgfalt"),
        ("flexible",),
        remote=True,
    ),
    "social_media": Activity(
        (12, 7),
        ("Social Media für unseren Verein (von zu Hause)",
         "Instagram und Co.: Unterstützung für unsere Öffentlichkeitsarbeit"),
        "Du erzählst auf Instagram und in anderen Kanälen, was bei uns passiert, und erreichst so neue "
        "Menschen.",
        "Viele, die sich engagieren möchten, finden uns über soziale Medien. Damit wir dort sichtbar sind, "
        "suchen wir jemanden mit einem Händchen für Bilder und kurze Texte.",
        ("Beiträge planen und veröffentlichen", "Fotos und kurze Videos auswählen und bearbeiten",
         "Kommentare und Nachrichten beantworten"),
        ("Social Media", "Kreativität", "Freude am Schreiben"),
        ("flexible",),
        remote=True,
    ),
}


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


VEREIN = "eingetragener Verein"
INITIATIVE = "Initiative"
GGMBH = "gGmbH"
ALL_DISTRICTS = tuple(DISTRICTS)

ORGANISATIONS = (
    DemoOrganisation(
        MARKER_SLUG, "Tafel am Kesselbrink e. V.", VEREIN, "Mitte",
        "Wir retten Lebensmittel vor der Tonne und geben sie an Menschen mit wenig Geld weiter – in der "
        "Innenstadt und an vier Ausgabestellen in den Stadtbezirken.",
        ("lebensmittelausgabe", "lebensmittelausgabe", "abholtour"),
        also_in=("Brackwede", "Heepen", "Stieghorst", "Sennestadt"),
    ),
    DemoOrganisation(
        "kleiderkammer-altstadt", "Kleiderkammer Altstadt", INITIATIVE, "Mitte",
        "Ökumenische Initiative dreier Kirchengemeinden der Altstadt: Kleidung, Schuhe und Bettwäsche für "
        "alle, die sie brauchen, dazu ein offener Mittagstisch.",
        ("kleiderkammer", "mittagstisch"),
    ),
    DemoOrganisation(
        "lesefuechse-bielefeld", "Lesefüchse Bielefeld e. V.", VEREIN, "Mitte",
        "Unsere Lesepatinnen und Lesepaten lesen in Kitas und Grundschulen in ganz Bielefeld – damit jedes "
        "Kind Freude an Büchern findet.",
        ("lesepatenschaft", "lesepatenschaft", "vorlesen_kita", "online_nachhilfe"),
        also_in=tuple(d for d in ALL_DISTRICTS if d != "Mitte"),
    ),
    DemoOrganisation(
        "repair-cafe-bielefeld-west", "Repair-Café Bielefeld-West", INITIATIVE, "Mitte",
        "Tüftlerinnen, Näher und Fahrradschrauber aus dem Westen, die einmal im Monat gemeinsam mit ihren "
        "Gästen reparieren, was andere wegwerfen würden.",
        ("repair_cafe", "repair_cafe", "vereinswebsite"),
    ),
    DemoOrganisation(
        "hospizdienst-lebensweg", "Ambulanter Hospizdienst Lebensweg e. V.", VEREIN, "Mitte",
        "Wir begleiten schwerkranke und sterbende Menschen und ihre Angehörigen in ganz Bielefeld – "
        "kostenlos, unabhängig von Religion und Herkunft.",
        ("hospizbegleitung", "hospizbegleitung", "trauercafe"),
        also_in=("Schildesche", "Brackwede", "Heepen", "Sennestadt"),
    ),
    DemoOrganisation(
        "digitalpaten-owl", "Digitalpaten Ostwestfalen e. V.", VEREIN, "Mitte",
        "Wir helfen Menschen, die mit Smartphone, Computer und Internet noch fremdeln – mit Sprechstunden, "
        "Kursen und viel Geduld.",
        ("smartphone_sprechstunde", "computerkurs", "online_nachhilfe", "vereinswebsite"),
        also_in=("Jöllenbeck", "Dornberg", "Stieghorst", "Senne"),
    ),
    DemoOrganisation(
        "kulturwerkstatt-siegfriedplatz", "Kulturwerkstatt am Siegfriedplatz e. V.", VEREIN, "Mitte",
        "Konzerte, Lesungen und Kleinkunst im Bielefelder Westen, organisiert von Ehrenamtlichen für den "
        "Stadtteil.",
        ("kulturabend", "kulturabend", "social_media"),
    ),
    DemoOrganisation(
        "buergerverein-schildesche", "Bürgerverein Schildesche e. V.", VEREIN, "Schildesche",
        "Seit Jahrzehnten setzen wir uns für ein lebendiges Schildesche ein: mit Stadtteilfest, "
        "Bücherschrank, Stadtteilzeitung und Heimatarchiv.",
        ("nachbarschaftsfest", "buecherschrank", "stadtteilzeitung", "stadtteilarchiv"),
    ),
    DemoOrganisation(
        "tsv-obersee-schildesche", "TSV Obersee Schildesche e. V.", VEREIN, "Schildesche",
        "Breitensport für alle Generationen: Kinderturnen, Laufgruppen, Gymnastik und der jährliche "
        "Oberseelauf.",
        ("kinderturnen", "laufveranstaltung", "vereinsheim", "bewegungstreff"),
    ),
    DemoOrganisation(
        "naturschutzgruppe-johannisbachaue", "Naturschutzgruppe Johannisbachaue", INITIATIVE, "Schildesche",
        "Wir pflegen Ufer, Hecken und Feuchtwiesen rund um den Johannisbach und laden alle zum Mitmachen "
        "ein.",
        ("muellsammeln", "biotoppflege"),
    ),
    DemoOrganisation(
        "seniorentreff-stiftsgarten", "Seniorentreff Stiftsgarten e. V.", VEREIN, "Schildesche",
        "Ein Treffpunkt für ältere Menschen in Schildesche: Café, Besuchsdienst und Hilfe rund ums "
        "Smartphone.",
        ("seniorencafe", "besuchsdienst", "smartphone_sprechstunde"),
    ),
    DemoOrganisation(
        "tierschutzverein-teutoburger-wald", "Tierschutzverein Teutoburger Wald e. V.", VEREIN, "Gadderbaum",
        "Wir betreiben ein kleines Tierheim am Rand des Teutoburger Waldes und vermitteln jedes Jahr über "
        "dreihundert Hunde, Katzen und Kleintiere.",
        ("gassigehen", "gassigehen", "katzenpflege", "tierheimfest", "pflegestelle"),
    ),
    DemoOrganisation(
        "nachbarschaftsnetz-gadderbaum", "Nachbarschaftsnetz Gadderbaum", INITIATIVE, "Gadderbaum",
        "Nachbarinnen und Nachbarn, die einander im Alltag helfen – vom Einkauf bis zum Besuch auf einen "
        "Kaffee.",
        ("nachbarschaftshilfe", "einkaufsbegleitung", "besuchsdienst"),
    ),
    DemoOrganisation(
        "gemeinschaftsgarten-lutterquelle", "Gemeinschaftsgarten an der Lutterquelle", INITIATIVE,
        "Gadderbaum",
        "Ein offener Garten mit Gemüsebeeten, Bienenstöcken und viel Platz für Nachbarschaft.",
        ("gemeinschaftsgarten", "imkerei", "muellsammeln"),
    ),
    DemoOrganisation(
        "wasserrettung-brackwede", "Wasserrettung Ortsgruppe Brackwede e. V.", VEREIN, "Brackwede",
        "Wir bringen Kindern das Schwimmen bei, bilden Rettungsschwimmerinnen und Rettungsschwimmer aus und "
        "sichern Badestellen und Veranstaltungen ab.",
        ("wasserrettung", "schwimmausbildung", "schwimmausbildung", "sanitaetsdienst"),
    ),
    DemoOrganisation(
        "willkommensinitiative-brackwede", "Willkommensinitiative Brackwede", INITIATIVE, "Brackwede",
        "Seit 2015 begleiten wir Geflüchtete in Brackwede beim Ankommen: mit Sprachcafé, Patenschaften und "
        "Lotsendiensten.",
        ("sprachcafe", "behoerdenbegleitung", "familienpatenschaft", "sprachmittlung"),
    ),
    DemoOrganisation(
        "turnerschaft-brackwede-sued", "Turnerschaft Brackwede-Süd 1898 e. V.", VEREIN, "Brackwede",
        "Turnen, Tanzen und inklusiver Sport für rund 900 Mitglieder – und jeden Sommer Ferienspiele für den "
        "Stadtteil.",
        ("kinderturnen", "inklusionssport", "ferienspiele"),
    ),
    DemoOrganisation(
        "quartierswerkstatt-brackwede", "Quartierswerkstatt Brackwede gGmbH", GGMBH, "Brackwede",
        "Gemeinnütziges Stadtteilzentrum mit Mittagstisch, Jugendtreff und offener Werkstatt.",
        ("mittagstisch", "jugendtreff", "repair_cafe"),
    ),
    DemoOrganisation(
        "heimatverein-dornberg", "Heimat- und Bürgerverein Dornberg e. V.", VEREIN, "Dornberg",
        "Wir bewahren die Geschichte der Dornberger Dörfer und bringen Alt und Neu zusammen – beim "
        "Erntefest, im Archiv und am Bücherschrank.",
        ("stadtteilarchiv", "nachbarschaftsfest", "buecherschrank"),
    ),
    DemoOrganisation(
        "streuobstwiesen-babenhausen", "Streuobstwiesen-Initiative Babenhausen", INITIATIVE, "Dornberg",
        "Wir pflegen alte Obstwiesen am Rand von Babenhausen und machen aus ihren Äpfeln Saft für den "
        "Stadtteil.",
        ("streuobstwiese", "streuobstwiese", "biotoppflege"),
    ),
    DemoOrganisation(
        "therapeutisches-reiten-dornberg", "Verein für therapeutisches Reiten Dornberg e. V.", VEREIN,
        "Dornberg",
        "Mit sechs ausgebildeten Therapiepferden ermöglichen wir Kindern mit Beeinträchtigung "
        "heilpädagogisches Reiten.",
        ("therapeutisches_reiten", "ferienspiele"),
    ),
    DemoOrganisation(
        "foerderverein-loeschzug-grossdornberg", "Förderverein Löschzug Großdornberg e. V.", VEREIN,
        "Dornberg",
        "Wir unterstützen die Freiwillige Feuerwehr in Großdornberg, ihre Jugendfeuerwehr und den "
        "Verpflegungstrupp.",
        ("jugendfeuerwehr", "einsatzverpflegung", "nachbarschaftsfest"),
    ),
    DemoOrganisation(
        "joellenbecker-nachbarschaftshilfe", "Jöllenbecker Nachbarschaftshilfe e. V.", VEREIN, "Jöllenbeck",
        "Nachbarn helfen Nachbarn: Besorgungen, kleine Reparaturen, Telefonpatenschaften und Hilfe am "
        "Smartphone.",
        ("nachbarschaftshilfe", "einkaufsbegleitung", "telefonpatenschaft", "smartphone_sprechstunde"),
    ),
    DemoOrganisation(
        "sc-vilsendorf-theesen", "SC Vilsendorf-Theesen e. V.", VEREIN, "Jöllenbeck",
        "Fußball, Laufen und Gymnastik im Bielefelder Norden – mit einer großen Jugendabteilung.",
        ("fussballtraining", "fussballtraining", "vereinsheim", "laufveranstaltung", "vereinswebsite"),
    ),
    DemoOrganisation(
        "naturfreunde-muehlenbach", "Naturfreunde am Jöllenbecker Mühlenbach", INITIATIVE, "Jöllenbeck",
        "Wir kümmern uns um Bachlauf, Teiche und Blühflächen im Norden Bielefelds und halten eigene "
        "Bienenvölker.",
        ("biotoppflege", "muellsammeln", "imkerei"),
    ),
    DemoOrganisation(
        "fluechtlingshilfe-heepen", "Flüchtlingshilfe Heepen-Altenhagen e. V.", VEREIN, "Heepen",
        "Wir unterstützen geflüchtete Menschen im Bielefelder Osten beim Deutschlernen, bei Behördengängen "
        "und in der Schule.",
        ("sprachcafe", "behoerdenbegleitung", "familienpatenschaft", "hausaufgabenhilfe"),
    ),
    DemoOrganisation(
        "buergerverein-heepen", "Bürgerverein Heepen e. V.", VEREIN, "Heepen",
        "Für ein schönes und lebendiges Heepen: Stadtteilfest, Bücherschrank, Stadtteilzeitung und "
        "Nachbarschaft.",
        ("nachbarschaftsfest", "stadtteilzeitung", "buecherschrank"),
    ),
    DemoOrganisation(
        "jugendzentrum-baumheide", "Kinder- und Jugendzentrum Baumheide gGmbH", GGMBH, "Heepen",
        "Offene Kinder- und Jugendarbeit in Baumheide: Treff, Hausaufgabenhilfe und Ferienprogramm.",
        ("jugendtreff", "hausaufgabenhilfe", "ferienspiele"),
    ),
    DemoOrganisation(
        "sportfreunde-oldentrup", "Sportfreunde Oldentrup e. V.", VEREIN, "Heepen",
        "Fußball, Reha-Sport und eine inklusive Sportgruppe – Sport im Verein für alle im Bielefelder Osten.",
        ("fussballtraining", "bewegungstreff", "inklusionssport"),
    ),
    DemoOrganisation(
        "nachbarschaftszentrum-sieker", "Nachbarschaftszentrum Sieker e. V.", VEREIN, "Stieghorst",
        "Ein Haus für alle im Quartier: Sprachcafé, Hausaufgabenhilfe, Mittagstisch und Computerkurse.",
        ("sprachcafe", "hausaufgabenhilfe", "mittagstisch", "computerkurs"),
    ),
    DemoOrganisation(
        "demenzcafe-hillegossen", "Demenz-Café Hillegossen", INITIATIVE, "Stieghorst",
        "Nachmittage für Menschen mit Demenz und freie Stunden für ihre Angehörigen.",
        ("demenzcafe", "demenzcafe", "besuchsdienst"),
    ),
    DemoOrganisation(
        "imkerverein-ubbedissen", "Imkerverein Ubbedissen e. V.", VEREIN, "Stieghorst",
        "Dreißig Imkerinnen und Imker, ein Lehrbienenstand und viele Blühwiesen im Südosten der Stadt.",
        ("imkerei", "imkerei", "biotoppflege"),
    ),
    DemoOrganisation(
        "kleiderstube-stieghorst", "Kleiderstube Stieghorst", INITIATIVE, "Stieghorst",
        "Gut erhaltene Kleidung für kleines Geld – getragen von Ehrenamtlichen aus dem Stadtteil.",
        ("kleiderkammer",),
    ),
    DemoOrganisation(
        "familienzentrum-sennestadt", "Familienzentrum Sennestadt gGmbH", GGMBH, "Sennestadt",
        "Kita, Familienberatung und Treffpunkt für Familien aus aller Welt in Sennestadt.",
        ("vorlesen_kita", "familienpatenschaft", "ferienspiele"),
    ),
    DemoOrganisation(
        "buergergemeinschaft-sennestadt", "Bürgergemeinschaft Sennestadt e. V.", VEREIN, "Sennestadt",
        "Wir feiern, bewahren und gestalten die Sennestadt – vom Stadtteilfest über Konzerte bis zum Archiv.",
        ("nachbarschaftsfest", "stadtteilarchiv", "kulturabend", "social_media"),
    ),
    DemoOrganisation(
        "sv-bullerbach-sennestadt", "SV Bullerbach Sennestadt e. V.", VEREIN, "Sennestadt",
        "Fußball, Turnen und der Bullerbachlauf: Vereinssport im Süden Bielefelds.",
        ("fussballtraining", "kinderturnen", "laufveranstaltung"),
    ),
    DemoOrganisation(
        "sanitaetsdienst-bielefeld-sued", "Sanitätsdienst Bielefeld-Süd e. V.", VEREIN, "Sennestadt",
        "Sanitätsdienste, Blutspendetermine und Katastrophenschutz im Bielefelder Süden.",
        ("sanitaetsdienst", "blutspende", "einsatzverpflegung"),
        also_in=("Senne", "Brackwede"),
    ),
    DemoOrganisation(
        "naturschutzgruppe-sennelandschaft", "Naturschutzgruppe Sennelandschaft e. V.", VEREIN, "Senne",
        "Heide, Sandmagerrasen und Obstwiesen: Wir schützen die besondere Landschaft der Senne.",
        ("biotoppflege", "muellsammeln", "streuobstwiese"),
    ),
    DemoOrganisation(
        "seniorenbegleitung-windelsbleiche", "Seniorenbegleitung Windelsbleiche", INITIATIVE, "Senne",
        "Besuche, Begleitung und Gesellschaft für ältere Menschen in Windelsbleiche und Umgebung.",
        ("besuchsdienst", "einkaufsbegleitung", "seniorencafe", "telefonpatenschaft"),
    ),
    DemoOrganisation(
        "pfadfinderstamm-windelsbleiche", "Pfadfinderstamm Windelsbleiche e. V.", VEREIN, "Senne",
        "Gruppenstunden, Zeltlager und Naturerlebnisse für Kinder und Jugendliche von 7 bis 20.",
        ("jugendtreff", "ferienspiele", "muellsammeln"),
    ),
    DemoOrganisation(
        "katzenhilfe-senne", "Katzenhilfe Senne e. V.", VEREIN, "Senne",
        "Wir versorgen Fundkatzen, kastrieren Streuner und suchen für jedes Tier ein gutes Zuhause.",
        ("katzenpflege", "pflegestelle"),
    ),
)

FIRST_NAMES = ("Anna", "Jonas", "Sabine", "Mehmet", "Olena", "Thomas", "Fatma", "Lukas", "Birgit", "Karim",
               "Marie", "Heike", "Stefan", "Leonie", "Ahmad", "Ursula", "Jan", "Svetlana", "Petra", "Emre",
               "Katrin", "Dirk", "Nadia", "Paul", "Helga", "Yusuf", "Julia", "Wolfgang", "Elif", "Tobias")
LAST_INITIALS = "ABDEFGHKLMNPRSTWZ"
MAILBOXES = ("info", "kontakt", "engagement", "ehrenamt", "mitmachen")
LANGUAGE_NAMES = {"en": "Englisch", "tr": "Türkisch", "ar": "Arabisch", "uk": "Ukrainisch"}
GENERAL_LANGUAGES = ((("de",),) * 12 + (("de", "en"),) * 3 + (("de", "tr"), ("de", "ar"), ("de", "uk")))
BENEFITS = ("Eine gründliche Einarbeitung und eine feste Ansprechperson",
            "Versicherungsschutz während deines Einsatzes", "Erstattung deiner Fahrtkosten",
            "Regelmäßige Treffen zum Austausch mit anderen Ehrenamtlichen", "Kostenlose Fortbildungen",
            "Einen Nachweis über dein Engagement, zum Beispiel für Bewerbungen",
            "Kaffee, Tee und ein herzliches Team", "Ein Sommerfest und eine Weihnachtsfeier als Dankeschön")
ACCESSIBILITY_NOTES = {
    "indoor": ("Stufenloser Zugang und barrierefreies WC vorhanden.",
               "Die Räume liegen im Erdgeschoss und sind mit dem Rollstuhl erreichbar.",
               "Aufzug vorhanden; die Tätigkeit ist auch im Sitzen möglich.",
               "Ebenerdiger Eingang, höhenverstellbare Tische und ein ruhiger Rückzugsraum."),
    "outdoor": ("Befestigte, ebene Wege; Sitzgelegenheiten und ein barrierefreies WC in der Nähe.",
                "Der Treffpunkt ist stufenlos erreichbar, die Aufgaben gehen auch ohne schweres Heben.",
                "Wir stimmen die Aufgaben gern auf deine Möglichkeiten ab; die Bushaltestelle ist 100 m "
                "entfernt."),
    "remote": ("Die Tätigkeit ist vollständig von zu Hause aus möglich.",
               "Alles läuft per Telefon oder Computer; Bildschirmleser und große Schrift sind kein Problem."),
}
FLEXIBLE_SUMMARIES = ("Zeit frei einteilbar.", "Termine nach Absprache.", "Ganz nach deinem Kalender.")
CAPACITIES = {
    "one_off": (None, 5, 8, 10, 12, 15, 20, 30),
    "regular": (None, 1, 2, 2, 3, 4, 6),
    "flexible": (None, None, 2, 3, 5, 10),
}


def seed_demo(dsn: str) -> bool:
    """Insert the demo in one transaction; False (and nothing written) if it is already there."""
    with psycopg.connect(dsn, autocommit=True) as connection, connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (_ADVISORY_LOCK,))
        if connection.execute("SELECT 1 FROM organisation WHERE slug = %s", (MARKER_SLUG,)).fetchone():
            return False
        organisations, offers = build_demo(datetime.now(UTC))
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
    per_week = rng.choice((None, 1.0, 2.0, 3.0, 4.0))
    return _Schedule(
        summary=rng.choice(FLEXIBLE_SUMMARIES),
        details="Wann und wie oft du hilfst, sprechen wir gemeinsam ab. "
                + (f"Rechne mit etwa {_hours(per_week)} pro Woche." if per_week
                   else "Auch ein paar Stunden im Monat helfen schon."),
        hours_per_week=per_week,
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
    columns = list(rows[0])
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
