"""Web Push: the channel's public key and device subscriptions, under /api/v1/push; a signed-in person's
devices under /api/v1/me/push-subscriptions."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import PathParameter, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from api.domain.push.channels import PWA
from api.domain.push.schemas import (
    DeviceProof,
    MyDevice,
    PushKey,
    QueuedNotification,
    Subscription,
    SubscriptionChange,
    SubscriptionInput,
    SubscriptionRenewal,
)
from api.domain.push.services import PushService
from api.lib import rate_limits
from api.lib.auth import Actor, ActorRequest, AnyRequest, requires_user
from api.lib.client_address import client_address
from api.lib.i18n import negotiate_locale
from api.lib.messages import Message, msg
from api.lib.params import json_body, parse_uuid
from api.lib.problem_types import CONFLICT, NOT_FOUND, TOO_MANY_REQUESTS, UNAUTHORIZED, ProblemType
from api.lib.problems import PROBLEM_JSON, PROBLEM_RESPONSES, ProblemDetails, problem_example
from api.lib.rate_limits import TooManyRequestsError

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
_NEW_ENDPOINT = "https://fcm.googleapis.com/fcm/send/nEwExAmPlE:APA91bH"
_RENEWAL_EXAMPLE = {
    "old": _PROOF_EXAMPLE,
    "new": {
        "endpoint": _NEW_ENDPOINT,
        "expirationTime": None,
        "keys": {
            "p256dh": "BOr3Q0o1iQ7kR-6S8LvYv3j8k2Zp8m6JQbH2p6bqS2zq5Y4o1S3dJvZ9dR3mQ2Jx8q3vN5yQK1m9w2Y0Lk7aHcE",
            "auth": "Xq2cVd0yC4l7mJf1bQ9wZg",
        },
    },
}
_DEVICES_EXAMPLE = [{
    "id": _SUBSCRIPTION_EXAMPLE["id"],
    "device": "Google (Chrome)",
    "endpoint": _ENDPOINT,
    "created_at": "2026-11-26T09:15:00Z",
    "last_notified_at": "2026-11-28T17:02:11Z",
    "expires_at": None,
}]
_PRIVATE = {"Cache-Control": "private, no-store"}


def _problem(description: str, kind: ProblemType, detail: Message) -> ResponseSpec:
    return ResponseSpec(data_container=ProblemDetails, media_type=PROBLEM_JSON, generate_examples=False,
                        description=description, examples=[Example(value=problem_example(kind, detail))])


_SIGNED_OUT_PROBLEM = _problem("Not signed in.", UNAUTHORIZED, UNAUTHORIZED.detail)


def _too_many(description: str) -> ResponseSpec:
    return _problem(description, TOO_MANY_REQUESTS, TooManyRequestsError(540).detail)


class PushController(Controller):
    """Anyone may subscribe a device: signed in, bound to the account; without an account, with an area
    of its own. A channel's back end (the Open Innovation City app) uses its channel token."""

    path = "/api/v1/push"
    tags = ["Push"]

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
        """No sign-in needed. Pass `public_key` as `applicationServerKey` to `pushManager.subscribe()`, then send
        `subscription.toJSON()` to `POST /api/v1/push/subscriptions`. 503 while no VAPID key is configured."""
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
            await rate_limits.hit("push-subscribe", (push_service.settings.rate_limit_push_subscribe_per_address,
                                                     f"ip:{client_address(request)}"))
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

    @post(
        "/test",
        operation_id="sendPushTest",
        summary="Send a test notification to this device (rate-limited)",
        description=(
            "Proves the device by its endpoint and authentication secret, with or without an account, and "
            "queues a real push to it through the usual delivery (outbox, worker, push service): title "
            "„VoluMap: Testnachricht“ (\"VoluMap: test notification\" for an English subscription or account), "
            "a body saying notifications work on this device, `url` to the app's notification settings "
            "(`benachrichtigungen`) and `tag` `volumap-test`, so a second test replaces the first on the device. "
            "It is sent at once even in quiet hours and does not count against the daily cap: the person is "
            "waiting for it. By default at most 3 per 10 minutes per subscription and 20 an hour per "
            "client address (settings `rate_limit_push_test_per_subscription`, `..._per_address`)."
        ),
        status_code=HTTP_202_ACCEPTED,
        responses={
            202: ResponseSpec(data_container=QueuedNotification, description="Queued; it arrives in seconds.",
                              examples=[Example(value={"queued": True})]),
            400: PROBLEM_RESPONSES[400],
            404: _problem("No subscription with this endpoint and secret, or its push service has retired it "
                          "(subscribe again).", NOT_FOUND, msg("No subscription with this endpoint and secret")),
            429: _too_many("Too many tests for this device or from this address; see Retry-After."),
        },
    )
    async def send_test(
        self,
        request: AnyRequest,
        push_service: NamedDependency[PushService],
        data: Annotated[DeviceProof, json_body(_PROOF_EXAMPLE)],
    ) -> Response[QueuedNotification]:
        await rate_limits.hit("push-test", (push_service.settings.rate_limit_push_test_per_address,
                                            f"ip:{client_address(request)}"))
        await push_service.send_test(data.endpoint, data.auth)
        return Response(QueuedNotification(queued=True), status_code=HTTP_202_ACCEPTED, headers=_PRIVATE)

    @post(
        "/subscriptions/renewal",
        operation_id="renewPushSubscription",
        summary="Move a subscription the browser replaced onto its new endpoint (pushsubscriptionchange)",
        description=(
            "For the service worker's `pushsubscriptionchange`: `old` proves the replaced subscription by its "
            "endpoint and authentication secret, `new` is the new `PushSubscription.toJSON()`. Its account, "
            "area, categories, language, quiet hours and cap move to the new endpoint and keys in one "
            "transaction. If the new endpoint is known already, that subscription stays and the old one is "
            "deleted; sending the same renewal again answers with the new subscription. No CSRF token is "
            "needed (a service worker cannot send it): the old device's secret authorises the change. By "
            "default at most 30 an hour per client address (`rate_limit_push_renewal_per_address`)."
        ),
        status_code=HTTP_200_OK,
        opt={"exclude_from_csrf": True},
        responses={
            200: ResponseSpec(data_container=Subscription, examples=[Example(value={
                **_SUBSCRIPTION_EXAMPLE, "endpoint": _NEW_ENDPOINT})]),
            400: PROBLEM_RESPONSES[400],
            404: _problem("Neither the old subscription (endpoint and secret) nor, from an earlier renewal, the "
                          "new one (endpoint and its secret) is known.", NOT_FOUND,
                          msg("No subscription with this endpoint and secret")),
            409: _problem("The new endpoint is registered with other keys, or it was subscribed while this "
                          "request ran.", CONFLICT,
                          msg("The new endpoint is registered with other keys; subscribe again")),
            429: _too_many("Too many renewals from this address; see Retry-After."),
        },
    )
    async def renew(
        self,
        request: AnyRequest,
        push_service: NamedDependency[PushService],
        data: Annotated[SubscriptionRenewal, json_body(_RENEWAL_EXAMPLE)],
    ) -> Response[Subscription]:
        await rate_limits.hit("push-renewal", (push_service.settings.rate_limit_push_renewal_per_address,
                                               f"ip:{client_address(request)}"))
        return Response(await push_service.renew(data), headers=_PRIVATE)


SubscriptionId = Annotated[str, PathParameter(description="The subscription's UUID.", format="uuid")]


class MyDevicesController(Controller):
    """The devices bound to my account on the VoluMap channel (signed-in people only)."""

    path = "/api/v1/me/push-subscriptions"
    tags = ["Push"]
    guards = [requires_user]

    @get(
        "/",
        operation_id="listMyPushSubscriptions",
        summary="My devices that get notifications, newest first",
        description=(
            "Each with a hint which browser's push service it uses, when it was subscribed and last got a "
            "notification, and `expires_at` once its push service has retired it. Never its keys."
        ),
        responses={
            200: ResponseSpec(data_container=list[MyDevice], examples=[Example(value=_DEVICES_EXAMPLE)],
                              generate_examples=False),
            401: _SIGNED_OUT_PROBLEM,
        },
    )
    async def list_devices(
        self, request: ActorRequest, push_service: NamedDependency[PushService]
    ) -> Response[list[MyDevice]]:
        return Response(await push_service.devices(_user_id(request)), headers=_PRIVATE)

    @delete(
        "/{subscription_id:str}",
        operation_id="deleteMyPushSubscription",
        summary="Remove one of my devices: it gets no more notifications",
        status_code=HTTP_204_NO_CONTENT,
        response_headers=_PRIVATE,
        responses={
            400: PROBLEM_RESPONSES[400],
            401: _SIGNED_OUT_PROBLEM,
            404: _problem("None of my devices has this id.", NOT_FOUND,
                          msg("None of your devices has the id {id}", id=_SUBSCRIPTION_EXAMPLE["id"])),
        },
    )
    async def delete_device(
        self, request: ActorRequest, subscription_id: SubscriptionId, push_service: NamedDependency[PushService]
    ) -> None:
        """Signed-in people only; the device gets no more notifications. An id that is not one of the caller's devices
        is 404, whoever's it is. Needs the CSRF header; sent with `Cache-Control: private, no-store`."""
        await push_service.remove_device(_user_id(request), parse_uuid(subscription_id, "subscription_id"))


def _user_id(request: ActorRequest) -> UUID:
    actor: Actor = request.user
    assert actor.user_id is not None  # the controller's requires_user guard made sure
    return actor.user_id
