"""The e-mail that brings feedback to the moderators, in each one's language (German unless they chose
English)."""

from __future__ import annotations

_KINDS = {
    "de": {"barrier": "Barriere", "idea": "Idee", "problem": "Problem", "other": "Sonstiges"},
    "en": {"barrier": "Barrier", "idea": "Idea", "problem": "Problem", "other": "Other"},
}

_NONE = {"de": "(keine Angabe)", "en": "(none given)"}

_TEXTS = {
    "de": (
        "VoluMap-Rückmeldung: {kind}",
        "Hallo,\n\nüber das Rückmeldeformular von VoluMap Bielefeld ist eine Rückmeldung gekommen.\n\n"
        "Art: {kind}\nSeite: {page}\nAntwortadresse: {email}\nSprache: {locale}\nNummer: {id}\n\n"
        "Nachricht:\n{message}\n\n"
        "Die Rückmeldung ist in der Moderation gespeichert (GET /api/v1/moderation/feedback). Wenn eine "
        "Antwortadresse angegeben ist, antworte bitte an diese Adresse und setze danach den Status auf "
        "„answered“. Nach {days} Tagen wird die Rückmeldung mit der Adresse gelöscht.",
    ),
    "en": (
        "VoluMap feedback: {kind}",
        "Hello,\n\nsomeone sent feedback through the feedback form of VoluMap Bielefeld.\n\n"
        "Kind: {kind}\nPage: {page}\nReply address: {email}\nLanguage: {locale}\nNumber: {id}\n\n"
        "Message:\n{message}\n\n"
        "The feedback is kept on the moderation desk (GET /api/v1/moderation/feedback). If a reply address is "
        "given, please answer to it and then set the status to “answered”. The feedback and the address are "
        "deleted after {days} days.",
    ),
}


def feedback_email(
    locale: str, *, feedback_id: str, kind: str, message: str, page: str | None, email: str | None,
    sender_locale: str, retention_days: int,
) -> tuple[str, str]:
    """(subject, text) of the e-mail to a moderator."""
    language = "en" if locale == "en" else "de"
    subject, body = _TEXTS[language]
    kind_name = _KINDS[language][kind]
    return subject.format(kind=kind_name), body.format(
        kind=kind_name, page=page or _NONE[language], email=email or _NONE[language], locale=sender_locale,
        id=feedback_id, message=message, days=retention_days,
    )
