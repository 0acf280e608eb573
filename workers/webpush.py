"""The only place that talks to push services.

Each worker process keeps one libcurl multi handle (keep-alive connections to every push service, HTTP/2
multiplexing where offered), many requests in flight, an explicit timeout on each, and one VAPID header per
channel and push-service origin, signed once and reused until an hour before it expires (12 h). Encryption is
pywebpush's `WebPusher` (aes128gcm, RFC 8291); pywebpush's `webpush()` helper is not used: it signs a
new JWT per message, has no timeout and sends TTL 0 (docs/architecture.md, "Notifications").

What each answer means is decided here, once (`classify`); what to do about it is the task's business.
"""

from __future__ import annotations

import enum
import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import certifi
import pycurl
from pywebpush import WebPusher, WebPushException

from api.domain.push.channels import PushChannel

log = logging.getLogger("volumap.push")

VAPID_LIFETIME_S = 12 * 3600
VAPID_RENEW_BEFORE_S = 3600
MAX_PAYLOAD_BYTES = 2048


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

    def __init__(self, contact: str, clock: Callable[[], float] = time.time) -> None:
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
        # between origins (pywebpush #130: the first origin's `aud` stuck to every later push). py_vapid has
        # no type information; sign() returns the Authorization header as a dict of str.
        headers: dict[str, str] = channel.vapid.sign({"aud": origin, "exp": expires, "sub": self.contact})
        self._cache[key] = (expires, headers)
        return headers


class _Subscription(dict[str, object]):
    """What `WebPusher` is given: it deep-copies it and then only replaces the two keys in its copy by bytes.
    A copy of the two levels of strings is what copy.deepcopy makes of them, without walking them in Python:
    `WebPusher()` costs 7 instead of 10 µs (bench/RESULTS.md, "Issue 17: the worker's CPU per send")."""

    def __deepcopy__(self, memo: dict[int, object]) -> dict[str, object]:
        return {"endpoint": self["endpoint"], "keys": dict(self["keys"])}  # type: ignore[call-overload]


class _Slot:
    """One reusable curl handle: its options stay set between pushes, only URL, body and headers change."""

    __slots__ = ("body_parts", "curl", "header_lines", "headers", "push")

    def __init__(self, timeout_ms: int, ca_file: str, proxy: str) -> None:
        self.curl = curl = pycurl.Curl()
        self.header_lines: list[bytes] = []
        self.body_parts: list[bytes] = []
        self.push: Push | None = None
        self.headers: list[str] | None = None
        """The request headers set on the handle last (the same list object: not set again)."""
        curl.setopt(pycurl.NOSIGNAL, 1)
        curl.setopt(pycurl.POST, 1)
        curl.setopt(pycurl.TIMEOUT_MS, timeout_ms)  # connecting, sending and the answer together
        curl.setopt(pycurl.CAINFO, ca_file)
        curl.setopt(pycurl.PROXY, proxy)  # "": no proxy, not even one named in the environment
        curl.setopt(pycurl.PIPEWAIT, 1)  # wait for an HTTP/2 connection to multiplex rather than open another
        curl.setopt(pycurl.PROTOCOLS, pycurl.PROTO_HTTP | pycurl.PROTO_HTTPS)
        # Bound C methods, not Python functions: no Python frame per header line or body chunk.
        curl.setopt(pycurl.HEADERFUNCTION, self.header_lines.append)
        curl.setopt(pycurl.WRITEFUNCTION, self.body_parts.append)

    def answer(self, status: int) -> PushResult:
        """What a push service's answer `status` means for this slot's push."""
        push = self.push
        assert push is not None
        outcome = classify(status)
        if outcome is Outcome.delivered:
            return PushResult(push.delivery_id, outcome, status)
        reason, wait = "", None
        for line in self.header_lines:
            name, _, value = line.decode("latin-1").partition(":")
            if name.startswith("HTTP/"):
                reason = name.split(" ", 2)[2].strip() if name.count(" ") >= 2 else ""
            elif name.strip().lower() == "retry-after":
                wait = retry_after(value, time.time())
        text = b"".join(self.body_parts)[:800].decode("utf-8", "replace")[:200] if outcome is not Outcome.retry else ""
        return PushResult(push.delivery_id, outcome, status, retry_after_s=wait,
                          error=f"HTTP {status} {reason} {text}".strip()[:300])


# How long a full window waits for more answers before recording (PushSender.send_all): each answer waits at
# most this much longer, against push services ~100 ms away; bench/RESULTS.md, "Issue 17: the worker's CPU
# per send", measured it.
GATHER_S = 0.005


class PushSender:
    """Sends many pushes concurrently from one libcurl multi handle (its connection cache is this process's
    HTTP session: keep-alive connections, HTTP/2 multiplexing where the push service offers it). Create one
    per process (`sender()`).

    libcurl rather than aiohttp: bench/push measured aiohttp's per-request machinery and asyncio's scheduling
    at twice the cost of the encryption itself; with libcurl doing the HTTP in C, a push costs little more
    than encrypting it."""

    def __init__(self, channels: dict[str, PushChannel], contact: str, *, timeout_s: float, in_flight: int,
                 answer_batch: int = 1, ca_file: str | None = None, proxy: str = "") -> None:
        self.channels = channels
        self.vapid = VapidHeaders(contact)
        self.timeout_ms = max(1, int(timeout_s * 1000))
        self.in_flight = in_flight
        self.answer_batch = max(1, answer_batch)
        self.ca_file = ca_file or certifi.where()
        self.proxy = proxy
        self.multi = pycurl.CurlMulti()
        self.multi.setopt(pycurl.M_MAX_HOST_CONNECTIONS, in_flight)
        self.multi.setopt(pycurl.M_MAX_TOTAL_CONNECTIONS, in_flight)
        self.multi.setopt(pycurl.M_MAXCONNECTS, in_flight)  # keep that many alive between chunks
        self._idle: list[_Slot] = []

    def close(self) -> None:
        for slot in self._idle:
            slot.curl.close()
        self._idle.clear()
        self.multi.close()

    def send_all(
        self, pushes: Iterable[Push], on_answers: Callable[[list[PushResult]], None] | None = None
    ) -> list[PushResult]:
        """Sends every push; `on_answers` gets the answers to record, `answer_batch` at a time (fewer when
        nothing else is on its way).

        A push counts against `in_flight` from its request until `on_answers` has returned with its answer, not
        only until the answer arrived: so a process killed at any moment has at most `in_flight` pushes a push
        service may have taken without their answer being recorded, whatever the batch size
        (tests/integration/workers/test_push_kill.py measures it)."""
        results: list[PushResult] = []
        unrecorded: list[PushResult] = []
        active: dict[pycurl.Curl, _Slot] = {}
        # The request headers per (channel, origin, TTL, urgency, Topic): a chunk's pushes mostly share one set.
        # Kept for this call only, which ends long before its VAPID header is renewed (an hour before it expires).
        headers: dict[tuple[str, str, int, str, str], list[str]] = {}
        waiting = iter(pushes)
        multi = self.multi

        def answered(result: PushResult) -> None:
            results.append(result)
            if on_answers is not None:
                unrecorded.append(result)

        def record() -> None:
            assert on_answers is not None
            on_answers(unrecorded[:])
            unrecorded.clear()

        def finished(curl: pycurl.Curl) -> _Slot:
            slot = active.pop(curl)
            multi.remove_handle(curl)
            self._idle.append(slot)
            return slot

        try:
            more = True
            gathered = False
            while more or active:
                while more and len(active) + len(unrecorded) < self.in_flight:
                    push = next(waiting, None)
                    if push is None:
                        more = False
                    elif (refused := self._start(push, active, headers)) is not None:
                        answered(refused)
                while multi.perform()[0] == pycurl.E_CALL_MULTI_PERFORM:
                    pass
                while True:
                    queued, done, failed = multi.info_read()
                    for curl in done:
                        status = curl.getinfo(pycurl.RESPONSE_CODE)
                        answered(finished(curl).answer(status))
                    for curl, errno, message in failed:
                        slot = finished(curl)
                        assert slot.push is not None
                        error = "timed out" if errno == pycurl.E_OPERATION_TIMEDOUT else f"curl {errno}: {message}"
                        answered(PushResult(slot.push.delivery_id, Outcome.retry, None, error=error[:300]))
                    if not queued:
                        break
                # Nothing on its way would fill the batch: record what there is, so its slots are free again.
                if unrecorded and (len(unrecorded) >= self.answer_batch or not active):
                    if active and not gathered and len(active) + len(unrecorded) >= self.in_flight:
                        # The window is full: nothing can start before these are recorded, and answers trickle
                        # in one by one. A moment's pause (the kernel keeps what arrives meanwhile) records those
                        # that follow in the same transaction.
                        gathered = True
                        time.sleep(GATHER_S)
                        continue
                    record()
                    gathered = False
                if active and (not more or len(active) + len(unrecorded) >= self.in_flight):
                    wait_ms = multi.timeout()
                    multi.select(1.0 if wait_ms < 0 else min(1.0, wait_ms / 1000))
        finally:
            # A task stopped by its time limit: what is still in flight is abandoned (its lease brings it back).
            for curl in list(active):
                finished(curl)
        if unrecorded:
            record()
        return results

    def _start(self, push: Push, active: dict[pycurl.Curl, _Slot],
               headers: dict[tuple[str, str, int, str, str], list[str]]) -> PushResult | None:
        """Encrypts `push` and hands its request to the multi handle; or the answer, if it cannot be sent.
        `headers`: the header lists made so far in this `send_all`, by what they depend on."""
        channel = self.channels.get(push.channel)
        if channel is None:
            return PushResult(push.delivery_id, Outcome.alert, None, error=f"unknown channel {push.channel!r}")
        if len(push.payload) > MAX_PAYLOAD_BYTES:
            return PushResult(push.delivery_id, Outcome.defect, None,
                              error=f"payload of {len(push.payload)} bytes, over {MAX_PAYLOAD_BYTES}")
        try:
            body = WebPusher(_Subscription(endpoint=push.endpoint, keys={"p256dh": push.p256dh, "auth": push.auth})
                             ).encode(push.payload, "aes128gcm")["body"]
        except (WebPushException, ValueError, TypeError) as exc:
            # Keys that cannot be used (the API checks them; a row written otherwise might not be): this one
            # push fails, the others in its chunk go on.
            return PushResult(push.delivery_id, Outcome.defect, None, error=f"unusable subscription: {exc}"[:300])
        slot = self._idle.pop() if self._idle else _Slot(self.timeout_ms, self.ca_file, self.proxy)
        slot.push = push
        slot.header_lines.clear()
        slot.body_parts.clear()
        curl = slot.curl
        curl.setopt(pycurl.URL, push.endpoint)
        curl.setopt(pycurl.POSTFIELDS, body)
        key = (push.channel, origin_of(push.endpoint), push.ttl, push.urgency, push.topic)
        lines = headers.get(key)
        if lines is None:
            # The request WebPusher.send would make ("Expect:" and "Accept:" drop curl's own).
            lines = headers[key] = [
                *(f"{name}: {value}" for name, value in self.vapid.for_push(channel, push.endpoint).items()),
                "Content-Encoding: aes128gcm", "Content-Type: application/octet-stream", f"TTL: {push.ttl}",
                f"Urgency: {push.urgency}", f"Topic: {push.topic}", "Expect:", "Accept:",
            ]
        if slot.headers is not lines:
            curl.setopt(pycurl.HTTPHEADER, lines)
            slot.headers = lines
        self.multi.add_handle(curl)
        active[curl] = slot
        return None


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
        _SENDER = (os.getpid(), PushSender(get_channels(), settings.vapid_contact, timeout_s=settings.push_timeout_s,
                                           in_flight=settings.push_in_flight,
                                           answer_batch=settings.push_answer_batch,
                                           ca_file=settings.push_ca_file, proxy=settings.push_proxy))
    return _SENDER[1]
