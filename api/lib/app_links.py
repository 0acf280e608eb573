"""Every link the back end sends into the app: in e-mails, push notifications and calendar files.

The app routes by the hash (`/#/angebot/<id>`), so each function returns the path and hash part; `absolute()`
puts the app's origin in front. pwa/routes.js maps each route to a screen, and tests/e2e/test_app_shell.py
opens one link of every kind from `examples()` in a browser. No other module writes a `#/` link itself
(tests/unit/test_app_links.py looks through the source): a route renamed here is renamed for every sender.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

from api.settings import get_settings

Audience = Literal["anyone", "resident", "member", "moderator"]


@dataclass(frozen=True, slots=True)
class AppLink:
    kind: str
    """The name of the function that builds it."""
    path: str
    audience: Audience
    """Who the link is sent to: "anyone" needs no account; the others sign in to see the screen."""


def _token(token: str) -> str:
    return quote(token, safe="")


def home() -> str:
    """The start page: searching offers near you."""
    return "/"


def offer(offer_id: uuid.UUID) -> str:
    return f"/#/angebot/{offer_id}"


def confirm_account(token: str) -> str:
    return f"/#/konto/bestaetigen?token={_token(token)}"


def forgot_password() -> str:
    return "/#/passwort-vergessen"


def reset_password(token: str) -> str:
    return f"/#/passwort-neu?token={_token(token)}"


def confirm_email_change(token: str) -> str:
    return f"/#/konto/email-bestaetigen?token={_token(token)}"


def take_place(token: str) -> str:
    """A place offered from the waiting list, taken with the link's one-time token."""
    return f"/#/platz-annehmen?token={_token(token)}"


def my_engagements() -> str:
    return "/#/meine-einsaetze"


def notification_settings() -> str:
    """Where a device's notifications are set up, tested and its other devices listed."""
    return "/#/benachrichtigungen"


def invitation(token: str) -> str:
    """An invitation into an organisation."""
    return f"/#/einladung?token={_token(token)}"


def organisation_management() -> str:
    """Where members manage their organisation."""
    return "/#/verwaltung"


def offer_management(offer_id: uuid.UUID) -> str:
    """Where members manage an offer (after a moderator approved or rejected it)."""
    return f"/#/verwaltung/angebot/{offer_id}"


def offer_applications(offer_id: uuid.UUID) -> str:
    """The applications for an offer, as its organisation's members decide on them."""
    return f"/#/verwaltung/angebot/{offer_id}/bewerbungen"


def absolute(path: str, base_url: str | None = None) -> str:
    """The link with the app's origin: `public_base_url`, or another app's (a push channel's) `base_url`."""
    return (base_url if base_url is not None else get_settings().public_base_url).rstrip("/") + path


_EXAMPLE_ID = uuid.UUID("3f2b8c1e-5a7d-4e9f-8b6a-1c2d3e4f5a6b")
_EXAMPLE_TOKEN = "k3Jx9tQ-example-token_0123456789"


def examples() -> list[AppLink]:
    """One link of every kind, with a made-up id or token, and who it is sent to."""
    return [
        AppLink("home", home(), "anyone"),
        AppLink("offer", offer(_EXAMPLE_ID), "anyone"),
        AppLink("confirm_account", confirm_account(_EXAMPLE_TOKEN), "anyone"),
        AppLink("forgot_password", forgot_password(), "anyone"),
        AppLink("reset_password", reset_password(_EXAMPLE_TOKEN), "anyone"),
        AppLink("confirm_email_change", confirm_email_change(_EXAMPLE_TOKEN), "anyone"),
        AppLink("take_place", take_place(_EXAMPLE_TOKEN), "resident"),
        AppLink("my_engagements", my_engagements(), "resident"),
        AppLink("notification_settings", notification_settings(), "anyone"),
        AppLink("invitation", invitation(_EXAMPLE_TOKEN), "member"),
        AppLink("organisation_management", organisation_management(), "member"),
        AppLink("offer_management", offer_management(_EXAMPLE_ID), "member"),
        AppLink("offer_applications", offer_applications(_EXAMPLE_ID), "member"),
    ]

