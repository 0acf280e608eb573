"""A local Web Push service: what a browser vendor's push service (Mozilla autopush, FCM) does for
VoluMap, on 127.0.0.1, for development, tests and benchmarks.

It is honest: every push is checked the way a real push service checks it, and decrypted with the
subscription's private key, so a message in a mailbox proves that the sender signed and encrypted it
correctly. In order, `POST /push/{id}` answers

- 404 for an unknown subscription;
- 401 without `Authorization: vapid t=<JWT>, k=<key>` (RFC 8292 §3), or with a `k` that is no P-256 point;
- 403 when `k` is not the application server key the subscription was created with (RFC 8292 §4.2);
- 401 when the JWT is not ES256, its signature does not verify with `k`, its `aud` is not the endpoint's
  origin, its `exp` has passed or lies more than 24 hours ahead (RFC 8292 §2), or its `sub` is not a
  `mailto:` or `https:` contact (RFC 8292 §2.1). A wrong `aud` is 401 rather than 403: like a bad
  signature it makes the token itself invalid here, whereas 403 means a valid token from the wrong sender;
- 400 without a `TTL` of digits (RFC 8030 §5.2), with an `Urgency` other than very-low, low, normal, high
  (§5.3), or with a `Topic` that is not 1 to 32 characters of the base64url alphabet (§5.4);
- 413 for a body over 4096 bytes (RFC 8030 §7.2, RFC 8291 §4);
- 415 unless `Content-Encoding: aes128gcm` (RFC 8291 §4), so also for the older "aesgcm" draft;
- 400 when the body does not decrypt (RFC 8291 with RFC 8188, by http_ece);
- otherwise the answer configured through the control API, if any, or 201 Created with
  `Location: /message/<id>` (RFC 8030 §5), the message kept in the subscription's mailbox.

Every error answer carries `{"reason": ...}`, which senders usually log.

The mailbox stands for the messages the service holds for a browser that never fetches them: TTL is
recorded but not enforced (messages would otherwise vanish under a test), and a message whose Topic equals
that of a held message replaces it (RFC 8030 §5.4), moving to the end of the mailbox.

The control API (JSON, under `/_control`) lets tests and benchmarks act as the browser and as a failing
service:

    POST   /_control/subscriptions                 {"application_server_key": ..., "count": N?}
    GET    /_control/subscriptions/{id}/messages
    GET    /_control/received                      {id: pushes accepted, replaced ones included}
    PUT    /_control/subscriptions/{id}/answer     {"status": 400|401|403|404|410|413|429|500|502|503|"never",
                                                    "retry_after": s?, "times": n?, "delay_ms": ms?}
    DELETE /_control/subscriptions/{id}/answer
    PUT    /_control/answer                        the same, for every subscription without its own
    DELETE /_control/answer
    GET    /_control/stats
    POST   /_control/reset

A configured answer applies after all checks have passed, to the next `times` pushes (or until deleted);
without a status it only delays acceptance by `delay_ms`. "never" holds the request open until the sender
gives up, or answers 503 when the service stops.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import json
import re
import secrets
import ssl
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import http_ece
import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

MAX_BODY_BYTES = 4096
MAX_TOKEN_LIFETIME_S = 24 * 3600
URGENCIES = frozenset({"very-low", "low", "normal", "high"})
TOPIC = re.compile(r"[A-Za-z0-9_-]{1,32}")
TTL = re.compile(r"[0-9]+")
CONTACT_SCHEMES = ("mailto:", "https:")
# 400, 401 and 403 stand in for a push service that refuses our requests (a VAPID set-up it rejects).
FAILURE_STATUSES = frozenset({400, 401, 403, 404, 410, 413, 429, 500, 502, 503})
NEVER = "never"
# Benchmarks create their subscriptions in one request; this only guards against a typo's worth of keys.
MAX_SUBSCRIPTIONS_PER_REQUEST = 100_000


def _decode_base64url(text: str) -> bytes:
    stripped = text.rstrip("=")
    return base64.urlsafe_b64decode(stripped + "=" * (-len(stripped) % 4))


def _encode_base64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _p256_public_key(raw: bytes) -> ec.EllipticCurvePublicKey:
    """Raises ValueError unless `raw` is an uncompressed P-256 point, the only form RFC 8292 §3.2 allows."""
    if len(raw) != 65 or raw[0] != 0x04:
        raise ValueError("not an uncompressed P-256 point")
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)


class Rejection(Exception):
    """A push the service refuses, with the status a real push service would answer."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class Answer:
    """What the control API told the service to answer instead of accepting a push."""

    status: int | str | None
    retry_after: int | None = None
    times: int | None = None
    delay_ms: float = 0

    @classmethod
    def from_json(cls, body: object) -> Answer:
        if not isinstance(body, dict):
            raise ValueError("the body must be a JSON object")
        status = body.get("status")
        if status is not None and status != NEVER and not (
            _is_count(status, minimum=0) and status in FAILURE_STATUSES
        ):
            raise ValueError(f"status must be one of {sorted(FAILURE_STATUSES)} or {NEVER!r}")
        retry_after = body.get("retry_after")
        if retry_after is not None and (status != 429 or not _is_count(retry_after, minimum=0)):
            raise ValueError("retry_after must be a whole number of seconds, and only with status 429")
        times = body.get("times")
        if times is not None and not _is_count(times, minimum=1):
            raise ValueError("times must be a whole number of at least 1")
        delay_ms = 0 if body.get("delay_ms") is None else body["delay_ms"]
        if isinstance(delay_ms, bool) or not isinstance(delay_ms, int | float) or delay_ms < 0:
            raise ValueError("delay_ms must be a number of milliseconds")
        if status is None and not delay_ms:
            raise ValueError("give a status, a delay_ms or both")
        return cls(status=status, retry_after=retry_after, times=times, delay_ms=delay_ms)

    def use(self) -> bool:
        """Counts one push answered this way; true once the answer has been given `times` times."""
        if self.times is None:
            return False
        self.times -= 1
        return self.times == 0


def _is_count(value: object, minimum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


@dataclass
class PushMessage:
    id: str
    payload: Any
    topic: str | None
    urgency: str
    ttl: int
    received_at: float

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "payload": self.payload,
            "topic": self.topic,
            "urgency": self.urgency,
            "ttl": self.ttl,
            "received_at": self.received_at,
        }


@dataclass
class Subscription:
    """What a browser's `pushManager.subscribe({applicationServerKey})` creates, and its mailbox."""

    id: str
    endpoint_origin: str
    application_server_key: bytes
    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes
    messages: dict[str, PushMessage] = field(default_factory=dict)
    message_id_by_topic: dict[str, str] = field(default_factory=dict)
    answer: Answer | None = None
    received: int = 0
    """Pushes accepted for it, those a later one replaced by its Topic included: what a phone would count."""

    @property
    def endpoint(self) -> str:
        return f"{self.endpoint_origin}/push/{self.id}"

    def as_json(self) -> dict[str, Any]:
        """The shape of the browser's `PushSubscription.toJSON()`, plus the id for the control API."""
        p256dh = self.private_key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        return {
            "id": self.id,
            "endpoint": self.endpoint,
            "keys": {"p256dh": _encode_base64url(p256dh), "auth": _encode_base64url(self.auth_secret)},
        }

    def keep(self, message: PushMessage) -> bool:
        """Puts the message in the mailbox; true when it replaced a held message with the same Topic."""
        replaced_id = None
        if message.topic is not None:
            replaced_id = self.message_id_by_topic.get(message.topic)
            self.message_id_by_topic[message.topic] = message.id
        if replaced_id is not None:
            del self.messages[replaced_id]
        self.messages[message.id] = message
        return replaced_id is not None


@dataclass
class Statistics:
    received: int = 0
    replaced: int = 0
    held: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    answered: Counter[str] = field(default_factory=Counter)
    first_received_at: float | None = None
    last_received_at: float | None = None

    def count_received(self, at: float, replaced: bool) -> None:
        self.received += 1
        if replaced:
            self.replaced += 1
        else:
            self.held += 1
        if self.first_received_at is None:
            self.first_received_at = at
        self.last_received_at = at


class PushService:
    """All state of one running service; `reset` forgets everything but whether it is closing."""

    def __init__(self) -> None:
        self.subscriptions: dict[str, Subscription] = {}
        self.statistics = Statistics()
        self.answer_for_all: Answer | None = None
        self.verified_tokens: dict[tuple[str, bytes, str], dict[str, Any]] = {}
        # Set on shutdown, so that requests held open by a "never" answer let the server stop.
        self.closing = asyncio.Event()

    def reset(self) -> None:
        self.subscriptions = {}
        self.statistics = Statistics()
        self.answer_for_all = None
        self.verified_tokens = {}

    def subscribe(self, endpoint_origin: str, application_server_key: bytes) -> Subscription:
        subscription = Subscription(
            id=secrets.token_urlsafe(16),
            endpoint_origin=endpoint_origin,
            application_server_key=application_server_key,
            private_key=ec.generate_private_key(ec.SECP256R1()),
            auth_secret=secrets.token_bytes(16),
        )
        self.subscriptions[subscription.id] = subscription
        return subscription

    def take_answer(self, subscription: Subscription) -> Answer | None:
        """The configured answer for this push, if any; a subscription's own answer comes first."""
        if subscription.answer is not None:
            answer = subscription.answer
            if answer.use():
                subscription.answer = None
            return answer
        answer = self.answer_for_all
        if answer is not None and answer.use():
            self.answer_for_all = None
        return answer

    def keep(self, subscription: Subscription, message: PushMessage) -> None:
        subscription.received += 1
        self.statistics.count_received(message.received_at, replaced=subscription.keep(message))


PUSH_SERVICE = web.AppKey("push_service", PushService)


# A sender signs one JWT per push service and reuses it for hours (RFC 8292 §2): its signature and audience are
# checked once per (token, key, audience); exp, the 24 h rule and sub are checked on every push.
VERIFIED_TOKENS_KEPT = 1000


def _verify_vapid(authorization: str | None, subscription: Subscription,
                  verified: dict[tuple[str, bytes, str], dict[str, Any]]) -> None:
    scheme, _, credentials = (authorization or "").strip().partition(" ")
    if scheme.lower() != "vapid":
        raise Rejection(401, "Authorization must use the vapid scheme (RFC 8292 §3)")
    parameters = {}
    for parameter in credentials.split(","):
        name, has_value, value = parameter.strip().partition("=")
        if has_value:
            parameters[name.strip().lower()] = value.strip().strip('"')
    token, key = parameters.get("t"), parameters.get("k")
    if not token or not key:
        raise Rejection(401, "the vapid credentials need both t (the JWT) and k (the public key)")
    try:
        raw_key = _decode_base64url(key)
        public_key = _p256_public_key(raw_key)
    except (ValueError, binascii.Error):
        raise Rejection(401, "k is not a base64url uncompressed P-256 public key") from None
    if raw_key != subscription.application_server_key:
        raise Rejection(403, "k is not the application server key this subscription was created with")
    known = verified.get((token, raw_key, subscription.endpoint_origin))
    claims = known if known is not None else _verified_claims(token, public_key, subscription.endpoint_origin)
    if claims["exp"] <= time.time():
        raise Rejection(401, "the JWT has expired (exp)")
    if claims["exp"] > time.time() + MAX_TOKEN_LIFETIME_S:
        raise Rejection(401, "the JWT exp lies more than 24 hours ahead")
    if not str(claims["sub"]).startswith(CONTACT_SCHEMES):
        raise Rejection(401, "the JWT sub must be a mailto: or https: contact")
    if known is None:
        if len(verified) >= VERIFIED_TOKENS_KEPT:
            verified.clear()
        verified[(token, raw_key, subscription.endpoint_origin)] = claims


def _verified_claims(token: str, public_key: Any, audience: str) -> dict[str, Any]:
    try:
        return jwt.decode(
            token,
            public_key,
            algorithms=["ES256"],
            audience=audience,
            options={"require": ["exp", "aud", "sub"]},
        )
    except jwt.InvalidSignatureError:
        raise Rejection(401, "the JWT signature does not verify with k") from None
    except jwt.ExpiredSignatureError:
        raise Rejection(401, "the JWT has expired (exp)") from None
    except jwt.InvalidAudienceError:
        raise Rejection(401, f"the JWT aud must be {audience}") from None
    except jwt.InvalidTokenError as error:
        raise Rejection(401, f"invalid JWT: {error}") from None


def _decoded_payload(plaintext: bytes) -> Any:
    text = plaintext.decode("utf-8", errors="replace")
    try:
        return json.loads(text)
    except ValueError:
        return text


async def _checked_push(request: web.Request, service: PushService) -> tuple[Subscription, PushMessage]:
    subscription = service.subscriptions.get(request.match_info["subscription_id"])
    if subscription is None:
        raise Rejection(404, "no such subscription")
    _verify_vapid(request.headers.get("Authorization"), subscription, service.verified_tokens)

    ttl = request.headers.get("TTL")
    if ttl is None or not TTL.fullmatch(ttl.strip()):
        raise Rejection(400, "the TTL header is required: a whole number of seconds (RFC 8030 §5.2)")
    urgency = request.headers.get("Urgency", "normal").strip().lower()
    if urgency not in URGENCIES:
        raise Rejection(400, f"Urgency must be one of {', '.join(sorted(URGENCIES))} (RFC 8030 §5.3)")
    topic = request.headers.get("Topic")
    if topic is not None and not TOPIC.fullmatch(topic.strip()):
        raise Rejection(400, "Topic must be 1 to 32 characters of the base64url alphabet (RFC 8030 §5.4)")

    too_large = Rejection(413, f"the body exceeds {MAX_BODY_BYTES} bytes")
    if (request.content_length or 0) > MAX_BODY_BYTES:
        raise too_large
    if request.headers.get("Content-Encoding", "").strip().lower() != "aes128gcm":
        raise Rejection(415, "Content-Encoding must be aes128gcm (RFC 8291 §4)")
    body = await request.read()
    if len(body) > MAX_BODY_BYTES:
        raise too_large
    try:
        plaintext = http_ece.decrypt(
            body,
            private_key=subscription.private_key,
            auth_secret=subscription.auth_secret,
            version="aes128gcm",
        )
    except (http_ece.ECEException, ValueError) as error:
        raise Rejection(400, f"the body does not decrypt with this subscription's keys: {error}") from None

    message = PushMessage(
        id=str(uuid.uuid4()),
        payload=_decoded_payload(plaintext),
        topic=topic.strip() if topic is not None else None,
        urgency=urgency,
        ttl=int(ttl),
        received_at=time.time(),
    )
    return subscription, message


def _error_answer(status: int, reason: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response({"reason": reason}, status=status, headers=headers)


async def receive_push(request: web.Request) -> web.Response:
    service = request.app[PUSH_SERVICE]
    try:
        subscription, message = await _checked_push(request, service)
    except Rejection as rejection:
        service.statistics.rejected[str(rejection.status)] += 1
        return _error_answer(rejection.status, rejection.reason)

    answer = service.take_answer(subscription)
    if answer is not None:
        if answer.delay_ms:
            await asyncio.sleep(answer.delay_ms / 1000)
        if answer.status == NEVER:
            service.statistics.answered[NEVER] += 1
            await service.closing.wait()
            return _error_answer(503, "the push service is shutting down")
        if answer.status is not None:
            service.statistics.answered[str(answer.status)] += 1
            headers = {"Retry-After": str(answer.retry_after)} if answer.retry_after is not None else None
            return _error_answer(int(answer.status), "answer configured through the control API", headers)
    service.keep(subscription, message)
    return web.Response(status=201, headers={"Location": f"/message/{message.id}"})


def _control_error(error: type[web.HTTPException], reason: str) -> web.HTTPException:
    return error(text=json.dumps({"reason": reason}), content_type="application/json")


async def _json_body(request: web.Request) -> Any:
    try:
        return await request.json()
    except ValueError:
        raise _control_error(web.HTTPBadRequest, "the body must be JSON") from None


def _subscription(request: web.Request) -> Subscription:
    subscription = request.app[PUSH_SERVICE].subscriptions.get(request.match_info["subscription_id"])
    if subscription is None:
        raise _control_error(web.HTTPNotFound, "no such subscription")
    return subscription


async def create_subscriptions(request: web.Request) -> web.Response:
    body = await _json_body(request)
    if not isinstance(body, dict) or not isinstance(body.get("application_server_key"), str):
        raise _control_error(web.HTTPBadRequest, "give application_server_key, the sender's VAPID public key")
    try:
        application_server_key = _decode_base64url(body["application_server_key"])
        _p256_public_key(application_server_key)
    except (ValueError, binascii.Error):
        raise _control_error(
            web.HTTPBadRequest, "application_server_key must be a base64url uncompressed P-256 public key"
        ) from None
    count = body.get("count")
    if count is not None and not (_is_count(count, minimum=1) and count <= MAX_SUBSCRIPTIONS_PER_REQUEST):
        raise _control_error(web.HTTPBadRequest, f"count must be from 1 to {MAX_SUBSCRIPTIONS_PER_REQUEST}")

    service = request.app[PUSH_SERVICE]
    # The origin the caller reached us by, so that endpoints (and the aud senders derive from them) work.
    origin = f"{request.scheme}://{request.host}"
    if count is None:
        return web.json_response(service.subscribe(origin, application_server_key).as_json(), status=201)
    created = [service.subscribe(origin, application_server_key).as_json() for _ in range(count)]
    return web.json_response(created, status=201)


async def list_messages(request: web.Request) -> web.Response:
    return web.json_response([message.as_json() for message in _subscription(request).messages.values()])


async def _answer_from_request(request: web.Request) -> Answer:
    try:
        return Answer.from_json(await _json_body(request))
    except ValueError as error:
        raise _control_error(web.HTTPBadRequest, str(error)) from None


async def set_answer(request: web.Request) -> web.Response:
    subscription = _subscription(request)
    subscription.answer = await _answer_from_request(request)
    return web.Response(status=204)


async def clear_answer(request: web.Request) -> web.Response:
    _subscription(request).answer = None
    return web.Response(status=204)


async def set_answer_for_all(request: web.Request) -> web.Response:
    request.app[PUSH_SERVICE].answer_for_all = await _answer_from_request(request)
    return web.Response(status=204)


async def clear_answer_for_all(request: web.Request) -> web.Response:
    request.app[PUSH_SERVICE].answer_for_all = None
    return web.Response(status=204)


async def show_statistics(request: web.Request) -> web.Response:
    service = request.app[PUSH_SERVICE]
    statistics = service.statistics
    return web.json_response({
        "received": statistics.received,
        "replaced": statistics.replaced,
        "rejected": dict(statistics.rejected),
        "answered": dict(statistics.answered),
        "mailboxes": statistics.held,
        "subscriptions": len(service.subscriptions),
        "first_received_at": statistics.first_received_at,
        "last_received_at": statistics.last_received_at,
    })


async def show_received(request: web.Request) -> web.Response:
    subscriptions = request.app[PUSH_SERVICE].subscriptions.values()
    return web.json_response({subscription.id: subscription.received for subscription in subscriptions
                              if subscription.received})


async def reset(request: web.Request) -> web.Response:
    request.app[PUSH_SERVICE].reset()
    return web.Response(status=204)


async def _release_held_requests(app: web.Application) -> None:
    app[PUSH_SERVICE].closing.set()


def build_app() -> web.Application:
    app = web.Application()
    app[PUSH_SERVICE] = PushService()
    app.on_shutdown.append(_release_held_requests)
    app.add_routes([
        web.post("/push/{subscription_id}", receive_push),
        web.post("/_control/subscriptions", create_subscriptions),
        web.get("/_control/subscriptions/{subscription_id}/messages", list_messages),
        web.put("/_control/subscriptions/{subscription_id}/answer", set_answer),
        web.delete("/_control/subscriptions/{subscription_id}/answer", clear_answer),
        web.put("/_control/answer", set_answer_for_all),
        web.delete("/_control/answer", clear_answer_for_all),
        web.get("/_control/stats", show_statistics),
        web.get("/_control/received", show_received),
        web.post("/_control/reset", reset),
    ])
    return app


@dataclass(frozen=True)
class RunningPushService:
    base_url: str
    port: int


async def _serve_until(
    host: str, port: int, stop: asyncio.Event, started: Callable[[RunningPushService], None],
    ssl_context: ssl.SSLContext | None = None,
) -> None:
    # handler_cancellation: a sender giving up on a "never" answer must free its handler, as with a real
    # service. The backlog lets a benchmark open hundreds of connections at once.
    runner = web.AppRunner(build_app(), handler_cancellation=True, shutdown_timeout=5)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port, backlog=1024, ssl_context=ssl_context).start()
        bound_port = runner.addresses[0][1]
        scheme = "https" if ssl_context else "http"
        started(RunningPushService(base_url=f"{scheme}://{host}:{bound_port}", port=bound_port))
        await stop.wait()
    finally:
        await runner.cleanup()


@contextmanager
def start_in_thread(port: int = 0, ssl_context: ssl.SSLContext | None = None) -> Iterator[RunningPushService]:
    """Runs the service on 127.0.0.1 (a free port by default) in a thread with its own event loop; over TLS
    with `ssl_context`."""
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    started: Future[RunningPushService] = Future()

    def run() -> None:
        try:
            loop.run_until_complete(_serve_until("127.0.0.1", port, stop, started.set_result, ssl_context))
        except BaseException as error:
            if started.done():
                raise
            started.set_exception(error)
        finally:
            loop.close()

    thread = threading.Thread(target=run, name="local-push-service", daemon=True)
    thread.start()
    running = started.result(timeout=30)
    try:
        yield running
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=30)


def serve(host: str, port: int) -> None:
    """Runs the service until interrupted (Ctrl-C)."""

    def announce(running: RunningPushService) -> None:
        print(f"local push service at {running.base_url} (control API under {running.base_url}/_control)",
              flush=True)

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve_until(host, port, asyncio.Event(), announce))
