"""Push channels: an app with its own origin and VAPID key pair. Every subscription belongs to one; its
pushes are signed with that channel's key (a push service refuses any other: RFC 8292 §4) and its
notifications link into that channel's app.

- `volumap`: the VoluMap PWA at `public_base_url`, always there.
- `oic`: the city's Open Innovation City app, on when `oic_app_url` and its key are set. Its back end
  registers its users' subscriptions with a channel token (`Authorization: Bearer …`).
"""

from __future__ import annotations

import base64
import hmac
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid

from api.lib import app_links
from api.lib.tokens import token_digest
from api.settings import Settings, get_settings

PWA = "volumap"
OPEN_INNOVATION_CITY = "oic"


class PushNotConfiguredError(RuntimeError):
    """A channel's private key is missing or unreadable: an operator's mistake, named at start-up."""


@dataclass(frozen=True, slots=True)
class PushChannel:
    name: str
    app_url: str
    vapid: Vapid
    public_key: str
    """The VAPID public key as browsers take it (`applicationServerKey`): base64url, uncompressed P-256."""
    token_digest: str | None = None

    def link(self, path: str) -> str:
        """A link (api/lib/app_links.py) into this channel's app."""
        return app_links.absolute(path, self.app_url)


def _read_key(name: str, pem: str, path: str) -> Vapid:
    if path:
        try:
            pem = Path(path).read_text()
        except OSError as exc:
            raise PushNotConfiguredError(f"the {name} channel's VAPID key file cannot be read: {exc}") from exc
    if not pem.strip():
        raise PushNotConfiguredError(
            f"the {name} channel has no VAPID private key: run `volumap vapid generate` and set its file"
        )
    try:
        return Vapid.from_pem(pem.strip().encode())
    except Exception as exc:  # py_vapid raises bare exceptions of several kinds for a bad key
        raise PushNotConfiguredError(f"the {name} channel's VAPID key is not a P-256 private key in PEM") from exc


def public_key_of(vapid: Vapid) -> str:
    raw = vapid.public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _channel(name: str, app_url: str, pem: str, path: str, token: str = "") -> PushChannel:
    vapid = _read_key(name, pem, path)
    return PushChannel(
        name=name,
        app_url=app_url,
        vapid=vapid,
        public_key=public_key_of(vapid),
        token_digest=token_digest(token) if token else None,
    )


def configured_channels(settings: Settings) -> dict[str, PushChannel]:
    channels = {
        PWA: _channel(PWA, settings.public_base_url, settings.vapid_private_key, settings.vapid_private_key_file)
    }
    if settings.oic_app_url:
        channels[OPEN_INNOVATION_CITY] = _channel(
            OPEN_INNOVATION_CITY,
            settings.oic_app_url,
            settings.oic_vapid_private_key,
            settings.oic_vapid_private_key_file,
            settings.oic_channel_token,
        )
    return channels


@lru_cache(maxsize=1)
def get_channels() -> dict[str, PushChannel]:
    return configured_channels(get_settings())


def channel_for_token(token: str) -> PushChannel | None:
    """The channel whose back end holds this bearer token, compared in constant time."""
    try:
        channels = get_channels()
    except PushNotConfiguredError:
        return None
    digest = token_digest(token)
    for channel in channels.values():
        if channel.token_digest is not None and hmac.compare_digest(channel.token_digest, digest):
            return channel
    return None
