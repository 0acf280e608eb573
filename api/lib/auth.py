"""Who is calling: a signed-in person (server-side session in Redis behind an HttpOnly cookie), an
organisation's system (API token in `Authorization: Bearer`), or nobody. Guards say who may do what."""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeAlias, cast

from litestar import Litestar, Request
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie, MutableScopeHeaders, State
from litestar.enums import ScopeType
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.middleware.csrf import CSRFMiddleware
from litestar.middleware.session.server_side import ServerSideSessionBackend, ServerSideSessionConfig
from litestar.stores.base import Store
from litestar.types import ASGIApp, Empty, Message, Receive, Scope, ScopeSession, Send
from redis.asyncio import Redis
from sqlalchemy import text

from api.db.engine import fetch_row_from_primary, get_engine
from api.lib import clock
from api.lib.origins import check_origin
from api.lib.tokens import token_digest
from api.settings import get_settings

SESSION_USER = "user_id"
SESSION_FINGERPRINT = "fp"
SESSION_COOKIE = "session"
SESSION_STORE = "sessions"
_ROTATE = "volumap_rotate_session"
_LOADED = "volumap_session_loaded"
_RENEWED = "renewed_at"
SESSION_RENEW_AFTER_S = 3600
_USER_SESSIONS = "volumap:user-sessions:"


@dataclass(frozen=True, slots=True)
class Actor:
    """The caller. `user_id` for people; `organisation_id` and `scopes` for an organisation's API token."""

    user_id: uuid.UUID | None = None
    email: str | None = None
    display_name: str | None = None
    locale: str = "de"
    email_verified: bool = False
    is_moderator: bool = False
    is_admin: bool = False
    organisation_id: uuid.UUID | None = None
    token_id: uuid.UUID | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)
    channel: str | None = None
    """A push channel's back end (the Open Innovation City app): it may only register subscriptions."""

    @property
    def is_token(self) -> bool:
        return self.token_id is not None


# What route handlers get as `request`. VolumapAuthenticationMiddleware puts the Actor (or None) in the
# scope's "user" and how it was recognised ("session", "token", "channel"; None for nobody) in its "auth".
AnyRequest: TypeAlias = Request[Actor | None, str | None, State]
"""A request from anyone, signed in or not."""
ActorRequest: TypeAlias = Request[Actor, str, State]
"""A request to a route behind requires_user, requires_actor, requires_moderator or requires_admin: the guard
let it through only with an Actor."""
AnyConnection: TypeAlias = ASGIConnection[Any, Any, Any, Any]
"""Any HTTP request or websocket, for helpers that serve guarded and open routes alike."""


def password_fingerprint(password_hash: str) -> str:
    """Kept in the session: a password change (new hash) ends every other session of the account."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


class NamedChannel(Protocol):
    name: str


class VolumapAuthenticationMiddleware(AbstractAuthenticationMiddleware):
    """Who is calling: a push channel's back end, an organisation's API token, or a person's session.
    `channel_for_token` finds the push channel a bearer token belongs to; api/core.py passes the push area's
    (api/domain/push/channels.py), so that this module depends on no domain area."""

    def __init__(
        self, app: ASGIApp, *, channel_for_token: Callable[[str], NamedChannel | None], **options: Any
    ) -> None:
        super().__init__(app, **options)
        self._channel_for_token = channel_for_token

    async def authenticate_request(self, connection: AnyConnection) -> AuthenticationResult:
        authorization = connection.headers.get("authorization", "")
        if authorization.lower().startswith("bearer "):
            token = authorization[7:].strip()
            channel = self._channel_for_token(token)
            if channel is not None:
                return AuthenticationResult(user=Actor(channel=channel.name, locale="de"), auth="channel")
            return AuthenticationResult(user=await _token_actor(token), auth="token")
        session = connection.scope.get("session")
        if not isinstance(session, dict) or not session.get(SESSION_USER):
            return AuthenticationResult(user=None, auth=None)
        actor = await _session_actor(session[SESSION_USER], session.get(SESSION_FINGERPRINT))
        if actor is None:
            connection.scope["session"] = {}  # stale: the account is gone, suspended or its password changed
        return AuthenticationResult(user=actor, auth="session" if actor else None)


async def _session_actor(user_id: str, fingerprint: str | None) -> Actor | None:
    # On every signed-in request: straight on the driver, on the primary (a suspension or a password change
    # counts at once).
    row = await fetch_row_from_primary(
        "SELECT id, email, display_name, locale, email_verified_at IS NOT NULL AS email_verified, is_moderator,"
        " is_admin, password_hash FROM user_account WHERE id = :id AND status = 'active'",
        {"id": uuid.UUID(user_id)},
    )
    if row is None or password_fingerprint(row["password_hash"]) != fingerprint:
        return None
    return Actor(user_id=row["id"], email=row["email"], display_name=row["display_name"], locale=row["locale"],
                 email_verified=row["email_verified"], is_moderator=row["is_moderator"], is_admin=row["is_admin"])


# A live token of an organisation that is not suspended; marks it used.
_USE_TOKEN = text(
    "UPDATE api_token t SET last_used_at = :now FROM organisation o"
    " WHERE t.token_hash = :hash AND t.revoked_at IS NULL AND o.id = t.organisation_id"
    " AND o.verification_status <> 'suspended'"
    " RETURNING t.id, t.organisation_id, t.scopes"
)


async def _token_actor(token: str) -> Actor:
    async with get_engine().begin() as connection:
        row = (
            await connection.execute(
                _USE_TOKEN, {"hash": token_digest(token), "now": clock.now()},
            )
        ).first()
    if row is None:
        raise NotAuthorizedException("The API token is unknown or revoked")
    return Actor(token_id=row.id, organisation_id=row.organisation_id, scopes=frozenset(row.scopes))


def current_actor(connection: AnyConnection) -> Actor | None:
    # Only VolumapAuthenticationMiddleware sets the scope's "user": an Actor or None.
    return cast("Actor | None", connection.scope.get("user"))


# Guards are coroutines: Litestar runs a plain function guard in a worker thread, a thread hop on every
# guarded request (seen in a py-spy profile of "for you"; tests/integration/test_write_routes_are_guarded.py).


def _signed_in_person(connection: AnyConnection) -> Actor:
    actor = current_actor(connection)
    if actor is None or actor.user_id is None:
        raise NotAuthorizedException("Sign in first")
    return actor


async def requires_user(connection: AnyConnection, _: BaseRouteHandler) -> None:
    """A signed-in person (not an API token)."""
    _signed_in_person(connection)


async def requires_actor(connection: AnyConnection, _: BaseRouteHandler) -> None:
    """A signed-in person or an organisation's API token (not a push channel's back end)."""
    actor = current_actor(connection)
    if actor is None or actor.channel is not None:
        raise NotAuthorizedException("Sign in or send an API token")


async def requires_moderator(connection: AnyConnection, _: BaseRouteHandler) -> None:
    actor = _signed_in_person(connection)
    if not (actor.is_moderator or actor.is_admin):
        raise PermissionDeniedException("Only moderators may do this")


async def requires_admin(connection: AnyConnection, _: BaseRouteHandler) -> None:
    actor = _signed_in_person(connection)
    if not actor.is_admin:
        raise PermissionDeniedException("Only administrators may do this")


def rotate_session(connection: AnyConnection) -> None:
    """Sign-in gets a new session id, so an id planted before sign-in is worth nothing after it."""
    connection.scope.setdefault("state", {})[_ROTATE] = True


def current_session_id(connection: AnyConnection) -> str | None:
    return connection.cookies.get(SESSION_COOKIE)


class UserSessions:
    """The open sessions of each person: a Redis set per account next to the sessions themselves, added
    at sign-in and removed at sign-out. Deleting the account or changing the password ends all of them at
    once; without the index a session would only be refused when next used, its data kept until it expires."""

    def __init__(self, redis: Redis, store: Store, max_age_s: int) -> None:
        self.redis = redis
        self.store = store
        self.max_age_s = max_age_s

    @classmethod
    def of(cls, app: Litestar) -> UserSessions:
        return cls(app.state.redis, app.stores.get(SESSION_STORE), get_settings().session_max_age_s)

    async def add(self, user_id: str, session_id: str) -> None:
        key = _USER_SESSIONS + user_id
        async with self.redis.pipeline(transaction=True) as pipeline:
            pipeline.sadd(key, session_id)
            # No session outlives its max age, so neither need the index.
            pipeline.expire(key, self.max_age_s)
            await pipeline.execute()

    async def discard(self, user_id: str, session_id: str) -> None:
        await self.redis.srem(_USER_SESSIONS + user_id, session_id)

    async def end_all(self, user_id: uuid.UUID, keep: str | None = None) -> int:
        """Deletes every session of the person except `keep`; returns how many ended."""
        key = _USER_SESSIONS + str(user_id)
        ended = [session_id for member in await self.redis.smembers(key) if (session_id := _text(member)) != keep]
        for session_id in ended:
            await self.store.delete(session_id)
        if ended:
            await self.redis.srem(key, *ended)
        return len(ended)


def _text(member: bytes | str) -> str:
    """A Redis reply as text: bytes from our clients (no decode_responses), str from one that decodes."""
    return member.decode() if isinstance(member, bytes) else member


class VolumapSessionBackend(ServerSideSessionBackend):
    """Litestar's server-side sessions, with four changes: nobody gets a session (a Redis key and a
    cookie) until something is stored in it; sign-in rotates the session id and ends the session it
    replaces; every session with a person in it is listed in UserSessions; and a session is written back
    (Redis and Set-Cookie) only when it changed or was last renewed more than SESSION_RENEW_AFTER_S ago,
    not on every response (that write was a tenth of an authenticated request's CPU). A session therefore
    ends between its max age and that much earlier after its last use."""

    async def load_from_connection(self, connection: AnyConnection) -> dict[str, Any]:
        data = await super().load_from_connection(connection)
        connection.scope.setdefault("state", {})[_LOADED] = dict(data)
        return data

    def _unchanged_and_fresh(self, scope_session: dict[str, Any], connection: AnyConnection) -> bool:
        loaded = connection.scope.get("state", {}).get(_LOADED)
        renewed = scope_session.get(_RENEWED)
        return (loaded == scope_session and isinstance(renewed, (int, float))
                and 0 <= time.time() - renewed < SESSION_RENEW_AFTER_S)

    async def store_in_message(self, scope_session: ScopeSession, message: Message, connection: AnyConnection) -> None:
        app = connection.scope["app"]
        cookie_id = connection.cookies.get(self.config.key)
        if scope_session is Empty or not scope_session:
            if cookie_id:  # emptied (signed out or stale): delete it and expire the cookie
                await self._unlist(app, cookie_id)
                await self.delete(cookie_id, self.config.get_store_from_app(app))
                MutableScopeHeaders.from_message(message).add("Set-Cookie", self._expired_cookie())
            return
        # VoluMap only ever stores a dict in the session (request.set_session({...}), load_from_connection).
        session = cast("dict[str, Any]", scope_session)
        rotating = connection.scope.get("state", {}).get(_ROTATE)
        if not rotating and cookie_id and self._unchanged_and_fresh(session, connection):
            return
        session[_RENEWED] = int(time.time())
        if rotating and cookie_id:
            await self._unlist(app, cookie_id)
            await self.delete(cookie_id, self.config.get_store_from_app(app))
        await super().store_in_message(session, message, connection)
        user_id = session.get(SESSION_USER)
        if rotating and user_id:
            await UserSessions.of(app).add(user_id, self.get_session_id(connection))

    def _expired_cookie(self) -> str:
        """The session cookie with its attributes and Max-Age=0: the browser deletes it. (Litestar's own
        sends "null" with the configured Max-Age, which the browser then keeps and sends for two weeks.)"""
        cookie = Cookie(key=self.config.key, value="", path=self.config.path, domain=self.config.domain,
                        secure=self.config.secure, httponly=self.config.httponly, samesite=self.config.samesite,
                        max_age=0, expires=0)
        return cookie.to_header(header="")

    async def _unlist(self, app: Litestar, session_id: str) -> None:
        stored = await self.get(session_id, self.config.get_store_from_app(app))
        user_id = self.deserialize_data(stored).get(SESSION_USER) if stored else None
        if user_id:
            await UserSessions.of(app).discard(user_id, session_id)

    def get_session_id(self, connection: AnyConnection) -> str:
        state = connection.scope.get("state", {})
        if state.get(_ROTATE):
            session_id: str = state.setdefault("volumap_new_session_id", self.generate_session_id())
            return session_id
        return super().get_session_id(connection)


@dataclass
class VolumapSessionConfig(ServerSideSessionConfig):
    _backend_class = VolumapSessionBackend

    key: str = SESSION_COOKIE
    store: str = SESSION_STORE


_SESSION_COOKIE_NAME = SESSION_COOKIE.encode()


def _has_session_cookie(cookie_header: bytes) -> bool:
    return any(part.split(b"=", 1)[0].strip() == _SESSION_COOKIE_NAME for part in cookie_header.split(b";"))


class TokenAwareCSRFMiddleware(CSRFMiddleware):
    """Double-submit CSRF protection for browsers. Requests that carry an API token and no session
    cookie are exempt: a cross-site page can make a browser send cookies, never an Authorization header.
    Writes that carry the session cookie must also come from VoluMap's own pages (api.lib.origins), unless
    the route is excluded from CSRF protection by `opt={"exclude_from_csrf": True}` (VoluMap excludes routes
    that way only, never by CSRFConfig.exclude)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == ScopeType.HTTP:
            raw_headers = scope.get("headers", [])
            headers = dict(raw_headers)
            with_session = _has_session_cookie(b";".join(value for name, value in raw_headers if name == b"cookie"))
            has_token = headers.get(b"authorization", b"").lower().startswith(b"bearer ")
            if has_token and not with_session:
                await self.app(scope, receive, send)
                return
            handler = scope.get("route_handler")
            excluded = handler is not None and handler.opt.get(self.config.exclude_from_csrf_key)
            if with_session and not excluded and scope.get("method") not in self.config.safe_methods:
                check_origin(headers)
        await super().__call__(scope, receive, send)
