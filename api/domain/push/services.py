"""Web Push subscriptions: validated, deduplicated by endpoint, capped per person.

A subscription is bound to a signed-in person (what they hear about follows their account and volunteer
profile) or anonymous, with an area and categories of its own. Anonymous areas are personal data like a
home point: the centre is coarsened to 250 m by PostGIS before it is stored (api/lib/home_area.py), and the
row is deleted 180 days after its last delivery (workers/tasks/push.py). Changing, testing, renewing or
removing a subscription needs what only its device knows: the endpoint and the authentication secret; a
signed-in person may also list and remove the devices bound to their account.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import logging
from datetime import time, timedelta
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.domain.categories.services import CategoryCatalogue, cached_catalogue, get_catalogue
from api.domain.push.channels import PWA, PushChannel, PushNotConfiguredError, get_channels
from api.domain.push.notifications import notification_test_insert
from api.domain.push.schemas import (
    Area,
    AreaOut,
    MyDevice,
    PushKey,
    Subscription,
    SubscriptionChange,
    SubscriptionInput,
    SubscriptionKeys,
    SubscriptionRenewal,
)
from api.lib import rate_limits
from api.lib.auth import Actor
from api.lib.errors import (
    ConflictError,
    DomainError,
    ForbiddenError,
    InvalidInputError,
    InvalidParam,
    NotFoundError,
)
from api.lib.home_area import (
    COARSENED_HOME_FROM_PARAMS,
    QuietHours,
    check_home_point,
    coarsened_point,
    quiet_hours_of,
)
from api.lib.messages import msg
from api.settings import Settings

P256_POINT_BYTES = 65
AUTH_SECRET_BYTES = 16
_NOT_FOUND = msg("No subscription with this endpoint and secret")
# A subscription its push service retired is deleted this long after (workers/tasks/push.py, expire).
RETIRED_KEPT = timedelta(days=7)
# Push services by host, for naming a device to its owner: (host or parent domain, name).
_PUSH_SERVICES = (
    ("googleapis.com", "Google (Chrome)"),
    ("push.services.mozilla.com", "Mozilla (Firefox)"),
    ("push.apple.com", "Apple (Safari)"),
    ("notify.windows.com", "Microsoft (Edge)"),
)
logger = logging.getLogger("volumap.push")


class PushUnavailableError(DomainError):
    status_code = 503
    title = msg("Push notifications are not configured")


# What a subscription's answer is made of (PushService._subscription reads them by these names).
_COLUMNS = (
    "id, channel, endpoint, user_id IS NOT NULL AS bound, locale, ST_Y(home::geometry) AS lat,"
    " ST_X(home::geometry) AS lon, radius_km, interests, quiet_start, quiet_end, daily_cap, created_at,"
    " coalesce(last_success_at, created_at) AS last_active"
)
_UPSERT = text(f"""
    INSERT INTO push_subscription (channel, endpoint, p256dh, auth, user_id, locale, home, radius_km, interests,
                                   quiet_start, quiet_end, daily_cap)
    VALUES (:channel, :endpoint, :p256dh, :auth, :user_id, :locale,
            CASE WHEN CAST(:lat AS float8) IS NULL THEN NULL ELSE {COARSENED_HOME_FROM_PARAMS} END,
            :radius_km, :interests, :quiet_start, :quiet_end, :daily_cap)
    ON CONFLICT (endpoint) DO UPDATE SET
        channel = EXCLUDED.channel, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth, user_id = EXCLUDED.user_id,
        locale = EXCLUDED.locale, home = EXCLUDED.home, radius_km = EXCLUDED.radius_km,
        interests = EXCLUDED.interests, quiet_start = EXCLUDED.quiet_start, quiet_end = EXCLUDED.quiet_end,
        daily_cap = EXCLUDED.daily_cap, created_at = now(), last_success_at = NULL, failures = 0,
        last_error = NULL, gone_at = NULL
    RETURNING xmax = 0 AS created, {_COLUMNS}
""")
# A device's own changes (`PushService.change`): a field not sent is NULL here and stays as it is.
_CHANGE = text(f"""
    UPDATE push_subscription SET
        home = CASE WHEN CAST(:lat AS float8) IS NULL THEN home ELSE {COARSENED_HOME_FROM_PARAMS} END,
        radius_km = coalesce(:radius_km, radius_km), interests = coalesce(:interests, interests),
        locale = coalesce(:locale, locale), quiet_start = coalesce(:quiet_start, quiet_start),
        quiet_end = coalesce(:quiet_end, quiet_end), daily_cap = coalesce(:daily_cap, daily_cap)
    WHERE endpoint = :endpoint
    RETURNING {_COLUMNS}
""")
# Serialises one person's subscribing, so two devices at once cannot both pass the cap.
_LOCK_ACCOUNT = text("SELECT 1 FROM user_account WHERE id = :id FOR NO KEY UPDATE")
_OTHER_LIVE_DEVICES = text(
    "SELECT count(*) FROM push_subscription WHERE user_id = :id AND gone_at IS NULL AND endpoint <> :endpoint"
)
_BY_ENDPOINT = "SELECT auth, user_id, id, gone_at FROM push_subscription WHERE endpoint = :endpoint"
_BY_ENDPOINT_READ, _BY_ENDPOINT_LOCKED = text(_BY_ENDPOINT), text(_BY_ENDPOINT + " FOR UPDATE")
_KEYS_BY_ENDPOINT_LOCKED = text("SELECT id, auth FROM push_subscription WHERE endpoint = :endpoint FOR UPDATE")
_SUBSCRIPTION = text(f"SELECT {_COLUMNS} FROM push_subscription WHERE id = :id")
_MOVE = text(
    "UPDATE push_subscription SET endpoint = :endpoint, p256dh = :p256dh, auth = :auth,"
    f" gone_at = NULL, failures = 0, last_error = NULL WHERE id = :id RETURNING {_COLUMNS}"
)
_DELETE_BY_ENDPOINT = text("DELETE FROM push_subscription WHERE endpoint = :endpoint")
_DELETE = text("DELETE FROM push_subscription WHERE id = :id")
_MY_DEVICES = text(
    "SELECT id, endpoint, created_at, last_success_at, gone_at FROM push_subscription"
    " WHERE user_id = :user_id AND channel = :channel ORDER BY created_at DESC, id"
)
_DELETE_MY_DEVICE = text(
    "DELETE FROM push_subscription WHERE id = :id AND user_id = :user_id AND channel = :channel RETURNING id"
)


def _decoded(value: str, name: str, length: int) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != length:
        raise InvalidInputError(InvalidParam(name, msg("must be {count} bytes in base64url", count=length), "body"))
    return raw


def check_keys(keys: SubscriptionKeys) -> None:
    point = _decoded(keys.p256dh, "keys.p256dh", P256_POINT_BYTES)
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except ValueError:
        raise InvalidInputError(
            InvalidParam("keys.p256dh", msg("must be an uncompressed point on P-256"), "body")) from None
    _decoded(keys.auth, "keys.auth", AUTH_SECRET_BYTES)


def device_hint(endpoint: str) -> str:
    """Which browser's push service an endpoint belongs to, else its host."""
    host = (urlsplit(endpoint).hostname or "").lower()
    for domain, name in _PUSH_SERVICES:
        if host == domain or host.endswith("." + domain):
            return name
    return host


def check_endpoint(endpoint: str, insecure_hosts: list[str]) -> None:
    try:
        parts = urlsplit(endpoint)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018  (raises ValueError for a port out of range)
    except ValueError:
        raise InvalidInputError(InvalidParam("endpoint", msg("must be a URL"), "body")) from None
    secure = parts.scheme == "https" or (parts.scheme == "http" and host in insecure_hosts)
    if not secure or not host or parts.username or parts.password or parts.fragment:
        raise InvalidInputError(InvalidParam("endpoint", msg("must be an https:// URL of a push service"), "body"))


class PushService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], settings: Settings) -> None:
        self.sessions = sessions
        self.settings = settings

    def channels(self) -> dict[str, PushChannel]:
        try:
            return get_channels()
        except PushNotConfiguredError as exc:
            # The reason names key files and settings: for the operators' log, not for the caller.
            logger.warning("push is unavailable: %s", exc)
            raise PushUnavailableError(
                msg("This server has no usable VAPID key, so push notifications are off")
            ) from None

    def key(self, channel: str) -> PushKey:
        channels = self.channels()
        if channel not in channels:
            raise NotFoundError(msg("No push channel {channel}; there are: {channels}", channel=repr(channel),
                                    channels=", ".join(channels)))
        return PushKey(channel=channel, public_key=channels[channel].public_key)

    def _channel_for(self, actor: Actor | None, asked: str | None) -> str:
        channels = self.channels()
        own = actor.channel if actor is not None else None
        if own is not None:
            if asked not in (None, own):
                raise ForbiddenError(msg("This token registers subscriptions for the {channel} channel only",
                                         channel=repr(own)))
            return own
        if asked not in (None, PWA):
            raise ForbiddenError(msg("Subscriptions for the {channel} channel come from that app's back end",
                                     channel=repr(asked)))
        assert PWA in channels
        return PWA

    def _check_area(self, area: Area) -> None:
        check_home_point(self.settings, area.lat, area.lon, area.radius_km, prefix="area.")

    async def _catalogue(self, session: AsyncSession) -> CategoryCatalogue:
        return cached_catalogue() or await get_catalogue(session)

    async def subscribe(
        self, actor: Actor | None, data: SubscriptionInput, request_locale: str
    ) -> tuple[Subscription, bool]:
        """Creates the subscription, or renews the one with the same endpoint (a browser subscribes again
        with the same endpoint after losing its state); True when it is new."""
        if actor is not None and actor.is_token:
            raise ForbiddenError(msg("An organisation's API token cannot subscribe to push notifications"))
        channel = self._channel_for(actor, data.channel)
        check_endpoint(data.endpoint, self.settings.push_insecure_host_list)
        check_keys(data.keys)
        person = actor.user_id if actor is not None else None
        if person is not None:
            extras = [name for name, value in (("area", data.area), ("quiet_hours", data.quiet_hours),
                                               ("daily_cap", data.daily_cap)) if value is not None]
            if data.categories:
                extras.append("categories")
            if extras:
                raise InvalidInputError(*(InvalidParam(
                    name, msg("not for a signed-in person: what you hear about follows your volunteer profile"),
                    "body") for name in extras))
        elif data.area is None:
            raise InvalidInputError(InvalidParam(
                "area", msg("required without an account: where should new offers be announced?"), "body"))
        else:
            self._check_area(data.area)
        quiet = data.quiet_hours or QuietHours()
        locale = data.locale or (actor.locale if actor is not None and person is not None else request_locale)
        async with self.sessions() as session:
            catalogue = await self._catalogue(session)
            interests = self._interests(catalogue, data.categories)
            if person is not None:
                await self._check_device_count(session, person, data.endpoint)
            row = (await session.execute(_UPSERT, {
                "channel": channel,
                "endpoint": data.endpoint,
                "p256dh": data.keys.p256dh,
                "auth": data.keys.auth,
                "user_id": person,
                "locale": locale,
                "lat": data.area.lat if data.area else None,
                "lon": data.area.lon if data.area else None,
                "radius_km": data.area.radius_km if data.area else None,
                "interests": interests,
                "quiet_start": time.fromisoformat(quiet.start),
                "quiet_end": time.fromisoformat(quiet.end),
                "daily_cap": data.daily_cap if data.daily_cap is not None else 3,
            })).one()
            await session.commit()
        return self._subscription(row, catalogue), bool(row.created)

    @staticmethod
    def _interests(catalogue: CategoryCatalogue, slugs: list[str]) -> list[int]:
        try:
            return catalogue.ids_for(slugs, param="categories")
        except InvalidInputError as exc:
            raise InvalidInputError(*(InvalidParam(p.name, p.reason, "body") for p in exc.params)) from None

    async def _check_device_count(self, session: AsyncSession, user_id: UUID, endpoint: str) -> None:
        await session.execute(_LOCK_ACCOUNT, {"id": user_id})
        count = (await session.execute(_OTHER_LIVE_DEVICES, {"id": user_id, "endpoint": endpoint})).scalar_one()
        cap = self.settings.push_max_subscriptions_per_user
        if count >= cap:
            raise ConflictError(
                msg("At most {cap} devices per account get notifications; unsubscribe one first", cap=cap)
            )

    async def _own_row(self, session: AsyncSession, endpoint: str, auth: str, *, lock: bool) -> Any:
        row = await self._proven_row(session, endpoint, auth, lock=lock)
        if row is None:
            raise NotFoundError(_NOT_FOUND)
        return row

    @staticmethod
    async def _proven_row(session: AsyncSession, endpoint: str, auth: str, *, lock: bool) -> Any:
        """The subscription (`auth`, `user_id`, `id`, `gone_at`) if `auth` is its secret, else None."""
        statement = _BY_ENDPOINT_LOCKED if lock else _BY_ENDPOINT_READ
        row = (await session.execute(statement, {"endpoint": endpoint})).first()
        if row is None or not hmac.compare_digest(row.auth.encode(), auth.encode()):
            return None
        return row

    async def change(self, data: SubscriptionChange) -> Subscription:
        if data.area is not None:
            self._check_area(data.area)
        async with self.sessions() as session:
            row = await self._own_row(session, data.endpoint, data.auth, lock=True)
            if row.user_id is not None:
                raise ConflictError(
                    msg("This subscription belongs to an account: change your volunteer profile instead")
                )
            catalogue = await self._catalogue(session)
            area, quiet = data.area, data.quiet_hours
            params = {
                "endpoint": data.endpoint,
                "lat": area.lat if area else None,
                "lon": area.lon if area else None,
                "radius_km": area.radius_km if area else None,
                "interests": self._interests(catalogue, data.categories) if data.categories is not None else None,
                "locale": data.locale,
                "quiet_start": time.fromisoformat(quiet.start) if quiet else None,
                "quiet_end": time.fromisoformat(quiet.end) if quiet else None,
                "daily_cap": data.daily_cap,
            }
            updated = (await session.execute(_CHANGE, params)).one()
            await session.commit()
        return self._subscription(updated, catalogue)

    async def unsubscribe(self, endpoint: str, auth: str) -> None:
        async with self.sessions() as session:
            await self._own_row(session, endpoint, auth, lock=True)
            await session.execute(_DELETE_BY_ENDPOINT, {"endpoint": endpoint})
            await session.commit()

    async def send_test(self, endpoint: str, auth: str) -> None:
        """Queues a test notification to the device (rate-limited per subscription). It is sent at once,
        whatever the quiet hours, and does not count against the daily cap."""
        async with self.sessions() as session:
            row = await self._own_row(session, endpoint, auth, lock=False)
            if row.gone_at is not None:
                raise NotFoundError(msg("The push service no longer accepts this subscription; subscribe again"))
            await rate_limits.hit("push-test", (self.settings.rate_limit_push_test_per_subscription,
                                                f"subscription:{row.id}"))
            await session.execute(notification_test_insert(row.id))
            await session.commit()

    async def renew(self, data: SubscriptionRenewal) -> Subscription:
        """Moves the old subscription (account or area, categories, language, quiet hours, cap) onto the
        browser's new endpoint and keys. If the new endpoint is known already, that one stays and the old one
        goes; once moved, the same request again finds the new one by its secret and answers with it."""
        new = data.new
        check_endpoint(new.endpoint, self.settings.push_insecure_host_list)
        check_keys(new.keys)
        async with self.sessions() as session:
            catalogue = await self._catalogue(session)
            old = await self._proven_row(session, data.old.endpoint, data.old.auth, lock=True)
            known = (await session.execute(_KEYS_BY_ENDPOINT_LOCKED, {"endpoint": new.endpoint})).first()
            if known is not None and (old is None or known.id != old.id):
                if not hmac.compare_digest(known.auth.encode(), new.keys.auth.encode()):
                    if old is None:
                        raise NotFoundError(_NOT_FOUND)
                    raise ConflictError(msg("The new endpoint is registered with other keys; subscribe again"))
                if old is not None:
                    await session.execute(_DELETE, {"id": old.id})
                kept = (await session.execute(_SUBSCRIPTION, {"id": known.id})).one()
                await session.commit()
                return self._subscription(kept, catalogue)
            if old is None:
                raise NotFoundError(_NOT_FOUND)
            try:
                moved = (await session.execute(_MOVE, {"id": old.id, "endpoint": new.endpoint,
                                                       "p256dh": new.keys.p256dh, "auth": new.keys.auth})).one()
                await session.commit()
            except IntegrityError:
                # The new endpoint was subscribed in the moment between our look and the move.
                raise ConflictError(msg("The subscription changed while this request ran; try again")) from None
        return self._subscription(moved, catalogue)

    async def devices(self, user_id: UUID) -> list[MyDevice]:
        """The devices bound to the person on the PWA's channel, newest first."""
        async with self.sessions() as session:
            rows = (await session.execute(_MY_DEVICES, {"user_id": user_id, "channel": PWA})).all()
        return [MyDevice(id=str(row.id), device=device_hint(row.endpoint), endpoint=row.endpoint,
                         created_at=row.created_at, last_notified_at=row.last_success_at,
                         expires_at=row.gone_at + RETIRED_KEPT if row.gone_at is not None else None)
                for row in rows]

    async def remove_device(self, user_id: UUID, subscription_id: UUID) -> None:
        async with self.sessions() as session:
            removed = (await session.execute(
                _DELETE_MY_DEVICE, {"id": subscription_id, "user_id": user_id, "channel": PWA}
            )).first()
            if removed is None:
                raise NotFoundError(msg("None of your devices has the id {id}", id=subscription_id))
            await session.commit()

    def _subscription(self, row: Any, catalogue: CategoryCatalogue) -> Subscription:
        """A subscription's answer from a row of `_COLUMNS`."""
        anonymous = not row.bound
        return Subscription(
            id=str(row.id),
            channel=row.channel,
            endpoint=row.endpoint,
            bound_to_account=row.bound,
            locale=row.locale,
            area=AreaOut(
                centre=coarsened_point(row.lat, row.lon),
                radius_km=row.radius_km,
            ) if anonymous else None,
            categories=catalogue.slugs_for(row.interests) if anonymous else [],
            quiet_hours=quiet_hours_of(row.quiet_start, row.quiet_end) if anonymous else None,
            daily_cap=row.daily_cap if anonymous else None,
            created_at=row.created_at,
            expires_at=row.last_active + timedelta(days=self.settings.push_anonymous_expiry_days)
            if anonymous else None,
        )
