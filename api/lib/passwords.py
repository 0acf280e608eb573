"""Password hashing (Argon2id through argon2-cffi) and the password rules of NIST SP 800-63B:
at least 10 characters, not a known common password, no composition rules."""

from __future__ import annotations

import secrets
import threading
from functools import lru_cache
from importlib.resources import files

import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from api.lib.messages import Message, msg
from api.settings import get_settings

MIN_LENGTH = 10
# Argon2 hashes whatever it is given; a cap keeps a megabyte "password" from costing a core.
MAX_LENGTH = 256
_COMMON = files("api.lib") / "data" / "common_passwords.txt"

# Each hash takes 64 MiB and ~50 ms of a core (the parameters of api/settings.py, argon2-cffi's defaults): one
# at a time per process keeps a worker's memory bounded (two at once would pass the 200 MB budget) and a burst
# of log-ins queues instead of thrashing.
_one_at_a_time = threading.BoundedSemaphore(1)


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    """Argon2id with the configured cost; the tests configure a cheap one (tests/conftest.py)."""
    settings = get_settings()
    return PasswordHasher(
        time_cost=settings.password_hash_time_cost,
        memory_cost=settings.password_hash_memory_kib,
        parallelism=settings.password_hash_parallelism,
    )


def hash_password(password: str) -> str:
    with _one_at_a_time:
        return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    with _one_at_a_time:
        try:
            return _hasher().verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """A hash of nothing anyone can type, with today's parameters: verified when an address has no account,
    so that the answer takes as long as for one that has."""
    return hash_password(secrets.token_urlsafe(32))


async def hash_password_off_loop(password: str) -> str:
    """For request handlers: the event loop keeps serving other requests while Argon2 works."""
    return await anyio.to_thread.run_sync(hash_password, password)


async def verify_password_off_loop(password_hash: str, password: str) -> bool:
    return await anyio.to_thread.run_sync(verify_password, password_hash, password)


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    lines = _COMMON.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, *, email: str | None = None) -> Message | None:
    """Why this password is not acceptable, or None."""
    if len(password) < MIN_LENGTH:
        return msg("must be at least {count} characters long", count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return msg("must be at most {count} characters long", count=MAX_LENGTH)
    lowered = password.lower()
    if lowered in _common_passwords():
        return msg("is too common; choose a less guessable one (a few words together work well)")
    if email and lowered in {email.lower(), email.split("@")[0].lower()}:
        return msg("must not be your e-mail address")
    return None
