"""Demo log-ins, one per role, so a newcomer can try VoluMap as a resident, as an association and as
the Digitalisierungsbüro's moderation at once. Made for the demo only: the passwords are public."""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

from api.demo.bielefeld import MARKER_SLUG
from api.lib.home_area import coarsened_home_sql
from api.lib.passwords import hash_password


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str
    display_name: str
    is_moderator: bool = False
    owns: str | None = None
    """The slug of the demo organisation this account owns."""
    volunteers: bool = False
    """Gets a volunteer profile (Bielefeld Mitte, 10 km, a few interests), so "for you" works at once."""


DEMO_ACCOUNTS = (
    DemoAccount("resident", "resident@demo.volumap.example", "Sparrenburg Sonntag Spaziergang", "Rieke Demo",
                volunteers=True),
    DemoAccount("association owner", "association@demo.volumap.example", "Kesselbrink Gemüse Kiste",
                "Olaf Demo", owns=MARKER_SLUG),
    DemoAccount("moderator", "moderator@demo.volumap.example", "Rathaus Stempel Kaffee", "Mira Demo",
                is_moderator=True),
)


def seed_demo_accounts(dsn: str) -> tuple[DemoAccount, ...]:
    """Creates the demo accounts (verified) and the owner's membership if missing; an account that is
    already there keeps its password and settings."""
    with psycopg.connect(dsn, autocommit=True) as connection, connection.transaction():
        for account in DEMO_ACCOUNTS:
            exists = connection.execute("SELECT 1 FROM user_account WHERE lower(email) = lower(%s)",
                                        (account.email,)).fetchone()
            if not exists:
                connection.execute(
                    "INSERT INTO user_account (id, email, password_hash, display_name, locale, email_verified_at,"
                    " is_moderator) VALUES (gen_random_uuid(), %s, %s, %s, 'de', now(), %s)"
                    " ON CONFLICT DO NOTHING",
                    (account.email, hash_password(account.password), account.display_name, account.is_moderator),
                )
            if account.owns:
                connection.execute(
                    "INSERT INTO membership (organisation_id, user_id, role) SELECT o.id, u.id, 'owner'"
                    " FROM organisation o, user_account u WHERE o.slug = %s AND lower(u.email) = lower(%s)"
                    " ON CONFLICT DO NOTHING",
                    (account.owns, account.email),
                )
            if account.volunteers:
                connection.execute(_DEMO_PROFILE, (account.email,))
    return DEMO_ACCOUNTS


# The Jahnplatz in the middle of Bielefeld, in EPSG:25832: the demo's home point (coarsened when stored).
JAHNPLATZ = "ST_Transform(ST_SetSRID(ST_MakePoint(8.5333, 52.0220), 4326), 25832)"

# Near the Jahnplatz; environment, neighbourhood and digital help; Saturday mornings and weekday evenings.
_DEMO_PROFILE = f"""
    INSERT INTO volunteer_profile (user_id, home, radius_km, interests, availability)
    SELECT u.id, {coarsened_home_sql(JAHNPLATZ)},
           10, '{{5,11,12}}', (1 << (5 * 3)) | (1 << 2) | (1 << 5) | (1 << 8) | (1 << 11) | (1 << 14)
    FROM user_account u WHERE lower(u.email) = lower(%s)
    ON CONFLICT (user_id) DO NOTHING
"""


def log_ins(accounts: tuple[DemoAccount, ...]) -> str:
    """The accounts as the seed command prints them."""
    width = max(len(account.role) for account in accounts)
    lines = ["demo log-ins (e-mail / password):"]
    lines += [f"  {account.role:<{width}}  {account.email} / {account.password}" for account in accounts]
    return "\n".join(lines)
