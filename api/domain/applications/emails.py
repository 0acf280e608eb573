"""The e-mails an applicant gets (accepted, declined, a place offered from the waiting list), in their
language: German unless they chose English."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from api.lib import app_links

BERLIN = ZoneInfo("Europe/Berlin")

_TEXTS = {
    "accepted": {
        "de": (
            "Du bist dabei: {title}",
            "Hallo {name},\n\n{organisation} hat deine Bewerbung für „{title}“ angenommen und freut sich "
            "auf dich.\n{link}\n\nWenn du doch nicht kannst, sag bitte in VoluMap ab: dann bekommt "
            "jemand von der Warteliste deinen Platz.",
        ),
        "en": (
            "You're in: {title}",
            "Hello {name},\n\n{organisation} accepted your application for “{title}” and looks forward "
            "to meeting you.\n{link}\n\nIf you can't make it after all, please withdraw in VoluMap: "
            "someone from the waiting list then gets your place.",
        ),
    },
    "declined": {
        "de": (
            "Absage: {title}",
            "Hallo {name},\n\n{organisation} kann dich bei „{title}“ diesmal leider nicht einplanen. "
            "Danke für dein Interesse! Weitere Angebote in deiner Nähe findest du hier:\n{home}",
        ),
        "en": (
            "Not this time: {title}",
            "Hello {name},\n\n{organisation} cannot take you on for “{title}” this time. Thank you for "
            "your interest! Find more offers near you here:\n{home}",
        ),
    },
    "place_offered": {
        "de": (
            "Ein Platz ist frei: {title}",
            "Hallo {name},\n\nbei „{title}“ ({organisation}) ist ein Platz frei geworden, und du bist als "
            "Nächste*r auf der Warteliste. Wir halten ihn bis {deadline} für dich. Hier nimmst du ihn an:\n"
            "{link}\n\nDer Link funktioniert einmal. Wenn du nicht mehr möchtest, musst du nichts tun: "
            "nach Ablauf der Frist bekommt die nächste Person den Platz.",
        ),
        "en": (
            "A place is free: {title}",
            "Hello {name},\n\na place has become free for “{title}” ({organisation}), and you are next on "
            "the waiting list. We hold it for you until {deadline}. Take it here:\n{link}\n\n"
            "The link works once. If you no longer want it, do nothing: after that time the next person "
            "gets the place.",
        ),
    },
}


def _language(locale: str) -> str:
    return "en" if locale == "en" else "de"


def deadline_text(moment: datetime, locale: str) -> str:
    """A deadline in Bielefeld's local time, written as people there read it."""
    local = moment.astimezone(BERLIN)
    if _language(locale) == "en":
        return f"{local:%-d %b %Y, %H:%M} (Berlin time)"
    return f"{local:%-d.%-m.%Y, %H:%M} Uhr"


def application_email(kind: str, locale: str, **values: object) -> tuple[str, str]:
    """(subject, text) of an e-mail to an applicant."""
    subject, body = _TEXTS[kind][_language(locale)]
    home = app_links.absolute(app_links.home())
    return subject.format(**values), body.format(home=home, **values)
