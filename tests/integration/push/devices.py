"""Browsers as far as the subscriptions API sees them: an endpoint and the keys `toJSON()` gives."""

from __future__ import annotations

import base64
import os
import uuid
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def browser_keys() -> dict[str, str]:
    public = ec.generate_private_key(ec.SECP256R1()).public_key()
    point = public.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return {"p256dh": b64url(point), "auth": b64url(os.urandom(16))}


def device(endpoint: str | None = None, **fields: Any) -> dict[str, Any]:
    """A subscription body for a new device (endpoint on an imaginary push service unless given)."""
    return {
        "endpoint": endpoint or f"https://push.example.net/wpush/v2/{uuid.uuid4().hex}",
        "keys": browser_keys(),
        **fields,
    }


BIELEFELD = {"lat": 52.0302, "lon": 8.5311, "radius_km": 5}
