"""The e-mails that tell an organisation's members about a moderator's decision, in each member's
language (German unless they chose English)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from api.domain.moderation import statements
from api.lib.outbox import enqueue_email

_TEXTS = {
    "offer_approved": {
        "de": (
            "Euer Angebot ist veröffentlicht: {title}",
            "Hallo {name},\n\ndas Angebot „{title}“ ist jetzt auf VoluMap Bielefeld zu sehen:\n{link}",
        ),
        "en": (
            "Your offer is published: {title}",
            "Hello {name},\n\nthe offer “{title}” can now be seen on VoluMap Bielefeld:\n{link}",
        ),
    },
    "revision_approved": {
        "de": (
            "Eure Änderungen sind veröffentlicht: {title}",
            "Hallo {name},\n\ndie Änderungen am Angebot „{title}“ sind geprüft und jetzt zu sehen:\n{link}",
        ),
        "en": (
            "Your changes are published: {title}",
            "Hello {name},\n\nthe changes to the offer “{title}” were reviewed and can now be seen:\n{link}",
        ),
    },
    "offer_rejected": {
        "de": (
            "Euer Angebot wurde abgelehnt: {title}",
            "Hallo {name},\n\ndas Angebot „{title}“ wurde nicht veröffentlicht.\nGrund: {reason}\n\n"
            "Ihr könnt es überarbeiten und erneut einreichen.",
        ),
        "en": (
            "Your offer was rejected: {title}",
            "Hello {name},\n\nthe offer “{title}” was not published.\nReason: {reason}\n\n"
            "You can revise it and submit it again.",
        ),
    },
    "revision_rejected": {
        "de": (
            "Eure Änderungen wurden abgelehnt: {title}",
            "Hallo {name},\n\ndie Änderungen am Angebot „{title}“ wurden nicht übernommen; die bisherige "
            "Fassung bleibt veröffentlicht.\nGrund: {reason}",
        ),
        "en": (
            "Your changes were rejected: {title}",
            "Hello {name},\n\nthe changes to the offer “{title}” were not taken over; the previous version "
            "stays published.\nReason: {reason}",
        ),
    },
    "offer_changes_requested": {
        "de": (
            "Bitte überarbeitet euer Angebot: {title}",
            "Hallo {name},\n\nbevor „{title}“ veröffentlicht wird, bitten wir um Änderungen:\n{reason}",
        ),
        "en": (
            "Please revise your offer: {title}",
            "Hello {name},\n\nbefore “{title}” is published, we ask for changes:\n{reason}",
        ),
    },
    "offer_unpublished": {
        "de": (
            "Euer Angebot wurde aus der Veröffentlichung genommen: {title}",
            "Hallo {name},\n\ndas Angebot „{title}“ ist nach einer Meldung nicht mehr öffentlich.\n"
            "Grund: {reason}",
        ),
        "en": (
            "Your offer was taken down: {title}",
            "Hello {name},\n\nthe offer “{title}” is no longer public after a report.\nReason: {reason}",
        ),
    },
    "organisation_verified": {
        "de": (
            "Eure Organisation ist bestätigt: {title}",
            "Hallo {name},\n\n„{title}“ ist jetzt auf VoluMap Bielefeld bestätigt. Ihr könnt Angebote "
            "anlegen und zur Prüfung einreichen.",
        ),
        "en": (
            "Your organisation is verified: {title}",
            "Hello {name},\n\n“{title}” is now verified on VoluMap Bielefeld. You can create offers and "
            "submit them for review.",
        ),
    },
    "organisation_rejected": {
        "de": (
            "Eure Organisation wurde nicht bestätigt: {title}",
            "Hallo {name},\n\n„{title}“ wurde nicht bestätigt.\nGrund: {reason}",
        ),
        "en": (
            "Your organisation was not verified: {title}",
            "Hello {name},\n\n“{title}” was not verified.\nReason: {reason}",
        ),
    },
    "organisation_suspended": {
        "de": (
            "Eure Organisation wurde gesperrt: {title}",
            "Hallo {name},\n\n„{title}“ wurde gesperrt; ihre Angebote sind nicht mehr öffentlich.\n"
            "Grund: {reason}",
        ),
        "en": (
            "Your organisation was suspended: {title}",
            "Hello {name},\n\n“{title}” was suspended; its offers are no longer public.\nReason: {reason}",
        ),
    },
}


async def tell_members(session: AsyncSession, organisation_id: uuid.UUID, kind: str, **values: str) -> None:
    """One e-mail per active member, through the outbox: sent only if the decision commits."""
    members = await session.execute(statements.ACTIVE_MEMBERS, {"org": organisation_id})
    for member in members:
        subject, body = _TEXTS[kind]["en" if member.locale == "en" else "de"]
        await enqueue_email(session, member.email, subject.format(**values),
                            body.format(name=member.display_name, **values))
