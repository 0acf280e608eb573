"""Web Push: the channel's public key and device subscriptions, under /api/v1/push."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, delete, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from api.db.engine import get_sessionmaker
from api.domain.push.channels import PWA
from api.domain.push.schemas import DeviceProof, PushKey, Subscription, SubscriptionChange, SubscriptionInput
from api.domain.push.services import PushService
from api.lib import rate_limits
from api.lib.auth import Actor, AnyRequest
from api.lib.i18n import negotiate_locale
from api.lib.params import json_body
from api.lib.problems import PROBLEM_RESPONSES
from api.settings import get_settings

_ENDPOINT = "https://fcm.googleapis.com/fcm/send/eXaMpLe:APA91bH"
_KEYS = {
    "p256dh": "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
    "auth": "tBHItJI5svbpez7KI4CCXg",
}
_ANONYMOUS_EXAMPLE = {
    "endpoint": _ENDPOINT,
    "keys": _KEYS,
    "area": {"lat": 52.0302, "lon": 8.5311, "radius_km": 5},
    "categories": ["environment"],
    "locale": "de",
}
_SUBSCRIPTION_EXAMPLE = {
    "id": "0f8e7a54-5b59-4c51-9d0e-5a1c2b3d4e5f",
    "channel": "volumap",
    "endpoint": _ENDPOINT,
    "bound_to_account": False,
    "locale": "de",
    "area": {"centre": {"lat": 52.031318, "lon": 8.531722, "coarsened_to_m": 250}, "radius_km": 5.0},
    "categories": ["environment"],
    "quiet_hours": {"start": "21:00", "end": "08:00"},
    "daily_cap": 3,
    "created_at": "2026-11-26T09:15:00Z",
    "expires_at": "2027-05-25T09:15:00Z",
}
_PROOF_EXAMPLE = {"endpoint": _ENDPOINT, "auth": _KEYS["auth"]}
_NOT_FOUND = ResponseSpec(None, description="No subscription with this endpoint and secret.")


def provide_push_service() -> PushService:
    return PushService(get_sessionmaker(), get_settings())


class PushController(Controller):
    """Anyone may subscribe a device: signed in, bound to the account; without an account, with an area
    of its own. A channel's back end (the Open Innovation City app) uses its channel token."""

    path = "/api/v1/push"
    tags = ["Push"]
    dependencies = {"push_service": Provide(provide_push_service, sync_to_thread=False)}

    @get(
        "/key",
        operation_id="getPushKey",
        summary="The VAPID public key to subscribe with (applicationServerKey)",
        cache_control=None,
        responses={
            200: ResponseSpec(data_container=PushKey, examples=[Example(value={
                "channel": "volumap",
                "public_key": "BOr3Q0o1iQ7kR-6S8LvYv3j8k2Zp8m6JQbH2p6bqS2zq5Y4o1S3dJvZ9dR3mQ2Jx8q3vN5y"
                              "QK1m9w2Y0Lk7aHcE"})]),
            404: PROBLEM_RESPONSES[404],
            503: ResponseSpec(None, description="No VAPID key is configured."),
        },
    )
    async def key(
        self,
        push_service: NamedDependency[PushService],
        channel: Annotated[str, QueryParameter(max_length=40, description="The channel; default the PWA's.",
                                               examples=[Example(value=PWA)])] = PWA,
    ) -> Response[PushKey]:
        return Response(push_service.key(channel), headers={"Cache-Control": "public, max-age=3600"})

    @post(
        "/subscriptions",
        operation_id="createPushSubscription",
        summary="Subscribe this device to notifications (rate-limited)",
        description=(
            "Send `PushSubscription.toJSON()`. Signed in: the device is bound to your account and hears what "
            "your account and volunteer profile ask for. Without an account: give `area` (coarsened to 250 m "
            "before it is stored) and optionally `categories`; the subscription ends 180 days after its last "
            "notification. 201 when new, 200 when the endpoint was known (renewed)."
        ),
        responses={
            200: ResponseSpec(data_container=Subscription, examples=[Example(value=_SUBSCRIPTION_EXAMPLE)]),
            201: ResponseSpec(data_container=Subscription, examples=[Example(value=_SUBSCRIPTION_EXAMPLE)]),
            400: PROBLEM_RESPONSES[400],
            403: ResponseSpec(None, description="Another channel's subscription, or an organisation's API token."),
            409: ResponseSpec(None, description="Too many devices on this account."),
            429: ResponseSpec(None, description="Too many subscriptions from this address; see Retry-After."),
        },
    )
    async def subscribe(
        self,
        request: AnyRequest,
        push_service: NamedDependency[PushService],
        data: Annotated[SubscriptionInput, json_body(_ANONYMOUS_EXAMPLE)],
    ) -> Response[Subscription]:
        actor: Actor | None = request.user
        if actor is None:
            address = request.client.host if request.client else "unknown"
            await rate_limits.hit("push-subscribe",
                                  (push_service.settings.rate_limit_push_subscribe_per_address, f"ip:{address}"))
        subscription, created = await push_service.subscribe(actor, data, negotiate_locale(request))
        return Response(subscription, status_code=HTTP_201_CREATED if created else HTTP_200_OK,
                        headers={"Cache-Control": "private, no-store"})

    @patch(
        "/subscriptions",
        operation_id="changePushSubscription",
        summary="Change an anonymous subscription's area, categories, language, quiet hours or cap",
        description="Proves the device by its endpoint and authentication secret; fields left out stay.",
        responses={
            200: ResponseSpec(data_container=Subscription, examples=[Example(value=_SUBSCRIPTION_EXAMPLE)]),
            400: PROBLEM_RESPONSES[400],
            404: _NOT_FOUND,
            409: ResponseSpec(None, description="The subscription belongs to an account."),
        },
    )
    async def change(
        self,
        push_service: NamedDependency[PushService],
        data: Annotated[SubscriptionChange, json_body({**_PROOF_EXAMPLE, "area": {"lat": 52.02, "lon": 8.53,
                                                                                   "radius_km": 10}})],
    ) -> Response[Subscription]:
        return Response(await push_service.change(data), headers={"Cache-Control": "private, no-store"})

    @delete(
        "/subscriptions",
        operation_id="deletePushSubscription",
        summary="Unsubscribe this device",
        description="Proves the device by its endpoint and authentication secret (both in the body).",
        status_code=HTTP_204_NO_CONTENT,
        responses={400: PROBLEM_RESPONSES[400], 404: _NOT_FOUND},
    )
    async def unsubscribe(
        self,
        push_service: NamedDependency[PushService],
        data: Annotated[DeviceProof, json_body(_PROOF_EXAMPLE)],
    ) -> None:
        await push_service.unsubscribe(data.endpoint, data.auth)
