"""Opaque pagination cursors: signed, bound to the query they came from, useless anywhere else."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

import msgspec

from api.lib.errors import InvalidInputError, InvalidParam
from api.lib.messages import Message, msg

_MAC_BYTES = 16


class CursorCodec:
    def __init__(self, secret: str) -> None:
        self._key = hashlib.sha256(b"volumap-cursor:" + secret.encode()).digest()

    def _mac(self, payload: bytes) -> bytes:
        return hmac.new(self._key, payload, hashlib.sha256).digest()[:_MAC_BYTES]

    def encode(self, position: list[Any], query_key: str) -> str:
        payload = msgspec.json.encode([query_key, position])
        return base64.urlsafe_b64encode(self._mac(payload) + payload).rstrip(b"=").decode()

    def decode(self, cursor: str, query_key: str) -> list[Any]:
        """The position stored in `cursor`; a 400 naming `cursor` if it was altered or belongs elsewhere."""
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        except ValueError:
            raise _invalid(msg("is not a valid cursor")) from None
        mac, payload = raw[:_MAC_BYTES], raw[_MAC_BYTES:]
        if len(mac) != _MAC_BYTES or not hmac.compare_digest(mac, self._mac(payload)):
            raise _invalid(msg("is not a valid cursor"))
        position: list[Any]  # encode() wrote [query_key, position], and the MAC shows it was us
        stored_key, position = msgspec.json.decode(payload)
        if stored_key != query_key:
            raise _invalid(msg("belongs to a different search; start again without a cursor"))
        return position


def _invalid(reason: Message) -> InvalidInputError:
    return InvalidInputError(InvalidParam("cursor", reason))
