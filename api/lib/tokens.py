"""Secrets handed out once (e-mail links, API tokens): random from `secrets`, stored only as SHA-256."""

from __future__ import annotations

import hashlib
import secrets


def new_secret_token(prefix: str = "") -> tuple[str, str]:
    """A fresh token and the hash to store for it."""
    token = prefix + secrets.token_urlsafe(32)
    return token, token_digest(token)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
