"""What a browser (or a channel's back end) sends to subscribe a device to Web Push, and what it gets."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from api.lib.home_area import CoarsenedPoint, QuietHours

Base64Url = Annotated[str, msgspec.Meta(pattern="^[A-Za-z0-9_-]+={0,2}$", max_length=200)]
Slug = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
Endpoint = Annotated[str, msgspec.Meta(min_length=10, max_length=2048)]


class SubscriptionKeys(msgspec.Struct, forbid_unknown_fields=True):
    """As `PushSubscription.toJSON().keys` gives them: base64url."""

    p256dh: Base64Url
    """The browser's P-256 public key, uncompressed (65 bytes)."""
    auth: Base64Url
    """The browser's authentication secret (16 bytes)."""


class Area(msgspec.Struct, forbid_unknown_fields=True):
    """Where an anonymous device wants to hear about new offers; the point is coarsened to 250 m."""

    lat: Annotated[float, msgspec.Meta(ge=-90, le=90)]
    lon: Annotated[float, msgspec.Meta(ge=-180, le=180)]
    radius_km: Annotated[float, msgspec.Meta(ge=1, le=50)] = 10.0


class SubscriptionInput(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A device's subscription. Signed in: bound to me (what I hear about follows my profile), no area.
    Without an account: `area` (and optionally `categories`) say which new offers to announce."""

    endpoint: Endpoint
    keys: SubscriptionKeys
    channel: str | None = None
    """Only a channel's back end names it (it is implied by its token); browsers leave it out."""
    area: Area | None = None
    categories: Annotated[list[Slug], msgspec.Meta(max_length=20)] = msgspec.field(default_factory=list)
    """Category slugs; none means every category. Anonymous subscriptions only."""
    locale: Literal["de", "en"] | None = None
    """The notifications' language; default: my account's, or the request's Accept-Language."""
    quiet_hours: QuietHours | None = None
    """Anonymous subscriptions only; default 21:00–08:00 (a person's come from their profile)."""
    daily_cap: Annotated[int, msgspec.Meta(ge=0, le=50)] | None = None
    """Anonymous subscriptions only; at most this many new offers a day, default 3."""


class DeviceProof(msgspec.Struct, forbid_unknown_fields=True):
    """Who may change or remove a subscription: its device, which alone knows the endpoint and the secret."""

    endpoint: Endpoint
    auth: Base64Url


class RenewedSubscription(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """The browser's replacement subscription, as `PushSubscription.toJSON()` gives it."""

    endpoint: Endpoint
    keys: SubscriptionKeys
    expiration_time: float | None = msgspec.field(default=None, name="expirationTime")
    """Accepted as browsers send it; not stored (a retired subscription is noticed when a push fails)."""


class SubscriptionRenewal(msgspec.Struct, forbid_unknown_fields=True):
    """After `pushsubscriptionchange`: the old subscription's proof and the new subscription."""

    old: DeviceProof
    new: RenewedSubscription


class SubscriptionChange(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Changes to an anonymous subscription; fields left out stay as they are."""

    endpoint: Endpoint
    auth: Base64Url
    area: Area | None = None
    categories: Annotated[list[Slug], msgspec.Meta(max_length=20)] | None = None
    locale: Literal["de", "en"] | None = None
    quiet_hours: QuietHours | None = None
    daily_cap: Annotated[int, msgspec.Meta(ge=0, le=50)] | None = None


class AreaOut(msgspec.Struct):
    centre: CoarsenedPoint
    radius_km: float


class Subscription(msgspec.Struct):
    id: str
    channel: str
    endpoint: str
    bound_to_account: bool
    locale: str
    area: AreaOut | None
    categories: list[str]
    quiet_hours: QuietHours | None
    daily_cap: int | None
    created_at: datetime
    expires_at: datetime | None
    """Anonymous subscriptions end this long after their last delivery (GDPR: no data kept unused)."""


class MyDevice(msgspec.Struct):
    """A device bound to my account. Its keys are never shown."""

    id: str
    device: str
    """A hint from the push service's host: "Google (Chrome)", "Mozilla (Firefox)", "Apple (Safari)",
    "Microsoft (Edge)", else the host itself."""
    endpoint: str
    created_at: datetime
    last_notified_at: datetime | None
    """When a push service last accepted a notification for it; null before the first."""
    expires_at: datetime | None
    """Set once its push service has retired the subscription: it gets nothing more and is deleted then."""


class QueuedNotification(msgspec.Struct):
    queued: bool


class PushKey(msgspec.Struct):
    channel: str
    public_key: str
    """Pass as `applicationServerKey` to `pushManager.subscribe()`."""
