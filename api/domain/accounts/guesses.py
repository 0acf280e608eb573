"""Password guesses: what every operation that checks a password counts, and when it refuses to check
(docs/security.md "Password guesses and lock-out").

Before the hash is computed, a check is refused (429) while a wrong-password ceiling is reached; otherwise it
counts against the account's and the client address's allowance of checks. A wrong password then counts
against the account and address together, the account alone (a higher ceiling) and the address alone; a right
one clears the first. A refused request counts nothing, so an address that is refused cannot use up the
account's allowance for the people still allowed to try.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass

from api.lib import rate_limits
from api.lib.auth import AnyConnection
from api.lib.client_address import client_address
from api.settings import Settings

CHECK = "login"
FAILURE = "password-failure"


@dataclass(frozen=True, slots=True)
class PasswordGuesses:
    settings: Settings
    account: str
    """The account's e-mail address in lower case, whether or not an account has it: sign-in counts the
    address typed, so an unknown one behaves like a known one."""
    address: str

    @classmethod
    def of(cls, connection: AnyConnection, settings: Settings, email: str) -> PasswordGuesses:
        return cls(settings, email.strip().lower(), client_address(connection))

    def _pair(self) -> tuple[str, str]:
        return (self.settings.rate_limit_password_failures_per_account_and_address,
                f"account:{self.account} ip:{self.address}")

    def _account(self) -> tuple[str, str]:
        return self.settings.rate_limit_password_failures_per_account, f"account:{self.account}"

    def _failures(self) -> tuple[tuple[str, str], ...]:
        return (self._pair(), self._account(),
                (self.settings.rate_limit_password_failures_per_address, f"ip:{self.address}"))

    def _checks(self) -> tuple[tuple[str, str], ...]:
        return ((self.settings.rate_limit_login, f"account:{self.account}"),
                (self.settings.rate_limit_login_per_address, f"ip:{self.address}"))

    @asynccontextmanager
    async def counted(self, wrong_password: type[Exception]) -> AsyncIterator[None]:
        """Around one password check, which raises `wrong_password` when the password is wrong. Raises
        TooManyRequestsError before it while a limit is reached."""
        await rate_limits.check(FAILURE, *self._failures())
        # Checked first and counted only when none is reached: `hit` would count the account's allowance
        # for a request the address's allowance refuses.
        await rate_limits.check(CHECK, *self._checks())
        await rate_limits.hit(CHECK, *self._checks())
        try:
            yield
        except wrong_password:
            # Over a ceiling meanwhile (a concurrent guess): the next check is refused; this answer stands.
            with suppress(rate_limits.TooManyRequestsError):
                await rate_limits.hit(FAILURE, *self._failures())
            raise
        await rate_limits.clear(FAILURE, self._pair())

    async def forget(self) -> None:
        """After a password reset: the guesses were at the old password, and the person, proven by the link
        to the account's mailbox, can sign in at once with the new one from here."""
        await rate_limits.clear(FAILURE, self._pair(), self._account())
