"""The only place that talks to push services.

Each worker process keeps one event loop and one aiohttp session (keep-alive connections to every push
service), many requests in flight, an explicit timeout on each, and one VAPID header per channel and
push-service origin, signed once and reused until an hour before it expires (12 h). Encryption is
pywebpush's `WebPusher` (aes128gcm, RFC 8291); pywebpush's `webpush()` helper is not used: it signs a
new JWT per message, has no timeout and sends TTL 0 (DESIGN.md, "Notifications").

What each answer means is decided here, once (`classify`); what to do about it is the task's business.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import aiohttp
from pywebpush import WebPusher, WebPushException

from api.domain.push.channels import PushChannel

log = logging.getLogger("volumap.push")

VAPID_LIFETIME_S = 12 * 3600
VAPID_RENEW_BEFORE_S = 3600
MAX_PAYLOAD_BYTES = 2048
# Answers are handed over for recording in batches this large: what a killed worker leaves in doubt is what
# was in flight plus at most one batch, not its whole chunk.
ANSWER_BATCH = 50


class Outcome(enum.StrEnum):
    delivered = "delivered"  # 201 (or another 2xx)
    gone = "gone"  # 404, 410: the subscription no longer exists; retire it
    defect = "defect"  # 413: our payload is too large; a bug of ours, not worth retrying
    alert = "alert"  # 400, 401, 403: our request or VAPID set-up is wrong; keep the subscription
    retry = "retry"  # 429, 5xx, a timeout, a broken connection: try again later
    refused = "refused"  # any other answer


@dataclass(frozen=True, slots=True)
class Push:
    delivery_id: int
    channel: str
    endpoint: str
    p256dh: str
    auth: str
    payload: bytes
    ttl: int
    urgency: str
    topic: str


@dataclass(frozen=True, slots=True)
class PushResult:
    delivery_id: int
    outcome: Outcome
    status: int | None
    retry_after_s: float | None = None
    error: str | None = None


def classify(status: int) -> Outcome:
    if 200 <= status < 300:
        return Outcome.delivered
    if status in (404, 410):
        return Outcome.gone
    if status == 413:
        return Outcome.defect
    if status in (400, 401, 403):
        return Outcome.alert
    if status == 429 or status >= 500:
        return Outcome.retry
    return Outcome.refused


def retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def origin_of(endpoint: str) -> str:
    """`scheme://host[:port]` of an endpoint (validated as an http(s) URL when it was subscribed)."""
    slash = endpoint.find("/", endpoint.find("//") + 2)
    return endpoint if slash < 0 else endpoint[:slash]


class VapidHeaders:
    """One signed VAPID Authorization header per (channel, push-service origin), renewed early."""

    def __init__(self, contact: str, clock=time.time) -> None:
        self.contact = contact
        self.clock = clock
        self._cache: dict[tuple[str, str], tuple[float, dict[str, str]]] = {}

    def for_push(self, channel: PushChannel, endpoint: str) -> dict[str, str]:
        origin = origin_of(endpoint)
        key = (channel.name, origin)
        now = self.clock()
        cached = self._cache.get(key)
        if cached is not None and cached[0] - now > VAPID_RENEW_BEFORE_S:
            return cached[1]
        expires = int(now) + VAPID_LIFETIME_S
        # A fresh dict each time: py_vapid's sign() keeps no state, but the claims must not be shared
        # between origins (pywebpush #130: the first origin's `aud` stuck to every later push).
        headers = channel.vapid.sign({"aud": origin, "exp": expires, "sub": self.contact})
        self._cache[key] = (expires, headers)
        return headers


class PushSender:
    """Sends many pushes concurrently over one session. Create one per process (`sender()`)."""

    def __init__(self, channels: dict[str, PushChannel], contact: str, *, timeout_s: float, in_flight: int) -> None:
        self.channels = channels
        self.vapid = VapidHeaders(contact)
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)
        self.in_flight = in_flight
        self.loop = asyncio.new_event_loop()
        self._session: aiohttp.ClientSession | None = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                loop=self.loop,
                connector=aiohttp.TCPConnector(limit=self.in_flight, limit_per_host=self.in_flight, loop=self.loop),
            )
        return self._session

    def close(self) -> None:
        if self._session is not None and not self._session.closed:
            self.loop.run_until_complete(self._session.close())
        self.loop.close()

    def send_all(
        self, pushes: Sequence[Push], on_answers: Callable[[list[PushResult]], None] | None = None
    ) -> list[PushResult]:
        """Sends every push; `on_answers` gets the answers in batches of ANSWER_BATCH as they come in, so a
        caller can record them before the last push of a long list is answered."""
        return self.loop.run_until_complete(self._send_all(pushes, on_answers))

    async def _send_all(
        self, pushes: Sequence[Push], on_answers: Callable[[list[PushResult]], None] | None
    ) -> list[PushResult]:
        session = self._http()
        gate = asyncio.Semaphore(self.in_flight)
        unrecorded: list[PushResult] = []

        def hand_over() -> None:
            if on_answers is not None and unrecorded:
                on_answers(unrecorded.copy())
                unrecorded.clear()

        async def one(push: Push) -> PushResult:
            async with gate:
                result = await self._send(session, push)
            unrecorded.append(result)
            if len(unrecorded) >= ANSWER_BATCH:
                hand_over()
            return result

        results = list(await asyncio.gather(*(one(push) for push in pushes)))
        hand_over()
        return results

    async def _send(self, session: aiohttp.ClientSession, push: Push) -> PushResult:
        channel = self.channels.get(push.channel)
        if channel is None:
            return PushResult(push.delivery_id, Outcome.alert, None, error=f"unknown channel {push.channel!r}")
        if len(push.payload) > MAX_PAYLOAD_BYTES:
            return PushResult(push.delivery_id, Outcome.defect, None,
                              error=f"payload of {len(push.payload)} bytes, over {MAX_PAYLOAD_BYTES}")
        try:
            body = WebPusher({"endpoint": push.endpoint, "keys": {"p256dh": push.p256dh, "auth": push.auth}}
                             ).encode(push.payload, "aes128gcm")["body"]
        except (WebPushException, ValueError, TypeError) as exc:
            # Keys that cannot be used (the API checks them; a row written otherwise might not be): this one
            # push fails, the others in its chunk go on.
            return PushResult(push.delivery_id, Outcome.defect, None, error=f"unusable subscription: {exc}"[:300])
        # The request WebPusher.send_async would make, without its per-message header dictionaries and
        # without reading the (empty) answer of a delivered push.
        headers = {**self.vapid.for_push(channel, push.endpoint), "Content-Encoding": "aes128gcm",
                   "TTL": str(push.ttl), "Urgency": push.urgency, "Topic": push.topic}
        try:
            async with session.post(push.endpoint, data=body, headers=headers, timeout=self.timeout) as response:
                outcome = classify(response.status)
                if outcome is Outcome.delivered:
                    return PushResult(push.delivery_id, outcome, response.status)
                text = (await response.text(errors="replace"))[:200] if outcome is not Outcome.retry else ""
                return PushResult(push.delivery_id, outcome, response.status,
                                  retry_after_s=retry_after(response.headers.get("Retry-After"), time.time()),
                                  error=f"HTTP {response.status} {response.reason or ''} {text}".strip()[:300])
        except (TimeoutError, asyncio.TimeoutError):
            return PushResult(push.delivery_id, Outcome.retry, None, error="timed out")
        except (aiohttp.ClientError, OSError) as exc:
            return PushResult(push.delivery_id, Outcome.retry, None, error=f"{type(exc).__name__}: {exc}"[:300])


_SENDER: tuple[int, PushSender] | None = None


def reset_sender() -> None:
    """Closes this process's sender; the next `sender()` makes a new one from the settings as they are now."""
    global _SENDER
    if _SENDER is not None and _SENDER[0] == os.getpid():
        _SENDER[1].close()
    _SENDER = None


def sender() -> PushSender:
    """This process's sender; a forked worker child makes its own (sockets and loops do not survive a fork)."""
    global _SENDER
    if _SENDER is None or _SENDER[0] != os.getpid():
        from api.domain.push.channels import get_channels
        from api.settings import get_settings

        settings = get_settings()
        _SENDER = (os.getpid(), PushSender(get_channels(), settings.vapid_contact,
                                           timeout_s=settings.push_timeout_s, in_flight=settings.push_in_flight))
    return _SENDER[1]
