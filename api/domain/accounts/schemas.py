from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

import msgspec

Email = Annotated[str, msgspec.Meta(min_length=3, max_length=254, examples=["anna@example.org"])]
Password = Annotated[str, msgspec.Meta(min_length=1, max_length=1024)]
Locale = Literal["de", "en"]


class SignUp(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    password: Password
    display_name: Annotated[str, msgspec.Meta(min_length=1, max_length=80)]
    locale: Locale = "de"


class SignIn(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    password: Password


class TokenConfirmation(msgspec.Struct, forbid_unknown_fields=True):
    token: Annotated[str, msgspec.Meta(min_length=10, max_length=200)]


class VerificationResend(msgspec.Struct, forbid_unknown_fields=True):
    email: Email


class PasswordChange(msgspec.Struct, forbid_unknown_fields=True):
    current_password: Password
    new_password: Password


class PasswordResetRequest(msgspec.Struct, forbid_unknown_fields=True):
    email: Email


class PasswordReset(msgspec.Struct, forbid_unknown_fields=True):
    token: Annotated[str, msgspec.Meta(min_length=10, max_length=200)]
    new_password: Password


class EmailChange(msgspec.Struct, forbid_unknown_fields=True):
    new_email: Email
    password: Password


class ProfileUpdate(msgspec.Struct, forbid_unknown_fields=True):
    display_name: Annotated[str, msgspec.Meta(min_length=1, max_length=80)] | None = None
    locale: Locale | None = None


class Membership(msgspec.Struct):
    organisation_id: UUID
    slug: str
    name: str
    role: str
    verification_status: str


class Me(msgspec.Struct):
    id: UUID
    email: str
    display_name: str
    locale: str
    email_verified: bool
    roles: list[str]
    """"resident" always; "moderator", "admin" as granted."""
    memberships: list[Membership]


class Accepted(msgspec.Struct):
    detail: str


class SessionInfo(msgspec.Struct):
    signed_in: bool
    csrf_header: str = "X-CSRFToken"
    """Send the value of the `csrftoken` cookie in this header with every POST, PUT, PATCH and DELETE."""
