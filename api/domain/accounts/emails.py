"""The texts of account e-mails, in the recipient's language (German unless they chose English)."""

from __future__ import annotations

_TEXTS = {
    "verify": {
        "de": ("Bitte bestätige deine E-Mail-Adresse",
               "Hallo {name},\n\nbitte bestätige deine E-Mail-Adresse für VoluMap Bielefeld:\n{link}\n\n"
               "Der Link gilt {hours} Stunden. Wenn du dich nicht angemeldet hast, ignoriere diese E-Mail."),
        "en": ("Please confirm your e-mail address",
               "Hello {name},\n\nplease confirm your e-mail address for VoluMap Bielefeld:\n{link}\n\n"
               "The link is valid for {hours} hours. If you did not sign up, ignore this e-mail."),
    },
    "already_registered": {
        "de": ("Du hast schon ein Konto",
               "Hallo,\n\njemand wollte mit dieser Adresse ein neues Konto bei VoluMap Bielefeld anlegen. "
               "Du hast bereits eins. Passwort vergessen? {link}"),
        "en": ("You already have an account",
               "Hello,\n\nsomeone tried to sign up for VoluMap Bielefeld with this address. You already have "
               "an account. Forgot your password? {link}"),
    },
    "reset": {
        "de": ("Neues Passwort für VoluMap",
               "Hallo {name},\n\nhier kannst du ein neues Passwort setzen:\n{link}\n\n"
               "Der Link gilt {minutes} Minuten und nur einmal. Wenn du das nicht warst, ignoriere diese E-Mail."),
        "en": ("New password for VoluMap",
               "Hello {name},\n\nset a new password here:\n{link}\n\n"
               "The link is valid for {minutes} minutes and works once. If this wasn't you, ignore this e-mail."),
    },
    "change_email": {
        "de": ("Bitte bestätige deine neue E-Mail-Adresse",
               "Hallo {name},\n\nbitte bestätige deine neue E-Mail-Adresse für VoluMap Bielefeld:\n{link}\n\n"
               "Der Link gilt {hours} Stunden."),
        "en": ("Please confirm your new e-mail address",
               "Hello {name},\n\nplease confirm your new e-mail address for VoluMap Bielefeld:\n{link}\n\n"
               "The link is valid for {hours} hours."),
    },
}


def account_email(kind: str, locale: str, **values: object) -> tuple[str, str]:
    """(subject, text) of an account e-mail."""
    subject, body = _TEXTS[kind]["en" if locale == "en" else "de"]
    return subject, body.format(**values)
