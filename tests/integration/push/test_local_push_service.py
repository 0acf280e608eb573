"""The local push service checks VAPID and decrypts like a browser vendor's push service, and answers as
told through its control API. Pushes are signed with py_vapid and sent with pywebpush, as a sender would."""

from __future__ import annotations

import base64
import re
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

import httpx
import jwt
import pytest
import requests
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from py_vapid import Vapid
from pywebpush import WebPusher

from devtools.push_service import start_in_thread
from tests.support.push_service import PushServiceClient

OFFER_ANNOUNCEMENT = {"title": "Neues Angebot in Sennestadt", "offer_id": 42}


def _base64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def new_sender() -> Vapid:
    # "no-strict" lets py_vapid sign the malformed claims a careless sender might send.
    sender = Vapid(conf={"no-strict": True})
    sender.generate_keys()
    return sender


def application_server_key(sender: Vapid) -> str:
    return _base64url(sender.public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint))


def origin(subscription: dict[str, Any]) -> str:
    endpoint = urlsplit(subscription["endpoint"])
    return f"{endpoint.scheme}://{endpoint.netloc}"


def vapid_headers(sender: Vapid, subscription: dict[str, Any], **claims: Any) -> dict[str, str]:
    return sender.sign({"sub": "mailto:push@volumap.test", "aud": origin(subscription), **claims})


def push(
    subscription: dict[str, Any],
    sender: Vapid,
    payload: str = '{"title": "Neues Angebot"}',
    headers: dict[str, str] | None = None,
    content_encoding: str = "aes128gcm",
    timeout: float = 5,
) -> requests.Response:
    return WebPusher(subscription).send(
        payload,
        headers={**vapid_headers(sender, subscription), **(headers or {})},
        ttl=60,
        content_encoding=content_encoding,
        timeout=timeout,
    )


def reason(response: requests.Response) -> str:
    return response.json()["reason"]


@pytest.fixture()
def sender() -> Vapid:
    return new_sender()


@pytest.fixture()
def subscription(push_service: PushServiceClient, sender: Vapid) -> dict[str, Any]:
    return push_service.subscribe(application_server_key(sender))


def test_push_is_decrypted_into_the_mailbox_with_its_topic_urgency_and_ttl(
    push_service, sender, subscription
):
    response = WebPusher(subscription).send(
        '{"title": "Neues Angebot in Sennestadt", "offer_id": 42}',
        headers={**vapid_headers(sender, subscription), "Topic": "offer-42", "Urgency": "high"},
        ttl=3600,
        content_encoding="aes128gcm",
        timeout=5,
    )

    assert response.status_code == 201, response.text
    location = re.fullmatch(r"/message/([0-9a-f-]{36})", response.headers["Location"])
    assert location
    [message] = push_service.wait_for_messages(subscription["id"])
    assert message["id"] == location.group(1)
    assert message["payload"] == OFFER_ANNOUNCEMENT
    assert (message["topic"], message["urgency"], message["ttl"]) == ("offer-42", "high", 3600)
    stats = push_service.stats()
    assert (stats["received"], stats["mailboxes"]) == (1, 1)
    assert stats["first_received_at"] == stats["last_received_at"] == message["received_at"]


def test_payload_that_is_not_json_is_kept_as_text(push_service, sender, subscription):
    assert push(subscription, sender, payload="Ihre Bewerbung wurde angenommen").status_code == 201

    [message] = push_service.messages(subscription["id"])
    assert message["payload"] == "Ihre Bewerbung wurde angenommen"
    assert (message["topic"], message["urgency"]) == (None, "normal")


def test_subscription_keys_have_the_shape_a_browser_gives(push_service, sender, subscription):
    assert subscription["endpoint"] == f"{push_service.base_url}/push/{subscription['id']}"
    p256dh = base64.urlsafe_b64decode(subscription["keys"]["p256dh"] + "==")
    auth = base64.urlsafe_b64decode(subscription["keys"]["auth"] + "==")
    assert (len(p256dh), p256dh[0], len(auth)) == (65, 0x04, 16)
    assert "=" not in subscription["keys"]["p256dh"] + subscription["keys"]["auth"]


def test_many_subscriptions_are_created_at_once(push_service, sender):
    created = push_service.subscribe_many(application_server_key(sender), 5)

    assert len({subscription["id"] for subscription in created}) == 5
    assert len({subscription["keys"]["p256dh"] for subscription in created}) == 5
    assert push_service.stats()["subscriptions"] == 5
    assert push(created[3], sender).status_code == 201


def test_push_signed_with_another_key_is_forbidden(push_service, subscription):
    response = push(subscription, new_sender())

    assert response.status_code == 403, response.text
    assert "application server key" in reason(response)
    assert push_service.messages(subscription["id"]) == []
    assert push_service.stats()["rejected"] == {"403": 1}


def test_push_without_vapid_authorization_is_unauthorized(push_service, subscription):
    response = WebPusher(subscription).send("Hallo", ttl=60, content_encoding="aes128gcm", timeout=5)

    assert response.status_code == 401
    assert "vapid" in reason(response)
    assert push_service.stats()["rejected"] == {"401": 1}


def test_token_whose_signature_does_not_match_the_key_is_unauthorized(push_service, sender, subscription):
    forged_token = vapid_headers(new_sender(), subscription)["Authorization"].split("t=")[1].split(",")[0]
    authorization = f"vapid t={forged_token}, k={application_server_key(sender)}"

    response = WebPusher(subscription).send(
        "Hallo", headers={"Authorization": authorization}, ttl=60, content_encoding="aes128gcm", timeout=5
    )

    assert response.status_code == 401
    assert "signature" in reason(response)
    assert push_service.messages(subscription["id"]) == []


def test_token_not_signed_with_es256_is_unauthorized(push_service, sender, subscription):
    # The classic algorithm confusion: an HMAC keyed with the public key, which anyone can compute.
    raw_key = sender.public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    claims = {"sub": "mailto:push@volumap.test", "aud": origin(subscription), "exp": int(time.time()) + 600}
    token = jwt.encode(claims, raw_key, algorithm="HS256")

    response = WebPusher(subscription).send(
        "Hallo", headers={"Authorization": f"vapid t={token}, k={application_server_key(sender)}"}, ttl=60,
        content_encoding="aes128gcm", timeout=5,
    )

    assert response.status_code == 401
    assert push_service.messages(subscription["id"]) == []


@pytest.mark.parametrize(
    ("claims", "why"),
    [
        ({"exp": int(time.time()) - 60}, "expired"),
        ({"exp": int(time.time()) + 2 * 24 * 3600}, "24 hours"),
        ({"aud": "https://push.example.net"}, "aud"),
        ({"sub": "push@volumap.test"}, "sub"),
    ],
    ids=["expired", "more-than-24h-ahead", "wrong-aud", "sub-without-mailto-or-https"],
)
def test_token_with_invalid_claims_is_unauthorized(push_service, sender, subscription, claims, why):
    response = WebPusher(subscription).send(
        "Hallo", headers=vapid_headers(sender, subscription, **claims), ttl=60, content_encoding="aes128gcm",
        timeout=5,
    )

    assert response.status_code == 401, response.text
    assert why in reason(response)
    assert push_service.messages(subscription["id"]) == []


def test_push_without_ttl_is_a_bad_request(push_service, sender, subscription):
    # pywebpush always sends a TTL, so this push is built by hand.
    body = WebPusher(subscription).encode(b"Hallo", "aes128gcm")["body"]

    response = requests.post(
        subscription["endpoint"], data=body, timeout=5,
        headers={**vapid_headers(sender, subscription), "Content-Encoding": "aes128gcm"},
    )

    assert response.status_code == 400
    assert "TTL" in reason(response)
    assert push_service.messages(subscription["id"]) == []


@pytest.mark.parametrize(
    ("headers", "why"),
    [
        ({"Urgency": "urgent"}, "Urgency"),
        ({"Topic": "offer 42"}, "Topic"),
        ({"Topic": "o" * 33}, "Topic"),
    ],
    ids=["unknown-urgency", "topic-outside-base64url", "topic-longer-than-32"],
)
def test_push_with_invalid_urgency_or_topic_is_a_bad_request(
    push_service, sender, subscription, headers, why
):
    response = push(subscription, sender, headers=headers)

    assert response.status_code == 400
    assert why in reason(response)
    assert push_service.messages(subscription["id"]) == []


def test_body_over_4096_bytes_is_too_large(push_service, sender, subscription):
    response = push(subscription, sender, payload="x" * 4096)

    assert response.status_code == 413
    assert push_service.messages(subscription["id"]) == []
    assert push_service.stats()["rejected"] == {"413": 1}


def test_largest_payload_that_fits_4096_bytes_is_accepted(push_service, sender, subscription):
    # RFC 8291 §4: 4096 bytes of body leave 3993 of plaintext after the header (86) and tag and padding (17).
    assert push(subscription, sender, payload="x" * 3993).status_code == 201

    assert push_service.messages(subscription["id"])[0]["payload"] == "x" * 3993


def test_push_not_encoded_as_aes128gcm_is_unsupported(push_service, sender, subscription):
    response = push(subscription, sender, content_encoding="aesgcm")

    assert response.status_code == 415
    assert push_service.messages(subscription["id"]) == []


def test_push_encrypted_for_another_subscription_is_a_bad_request(push_service, sender, subscription):
    other = push_service.subscribe(application_server_key(sender))
    encrypted_for_other = {**other, "endpoint": subscription["endpoint"]}

    response = push(encrypted_for_other, sender)

    assert response.status_code == 400
    assert "decrypt" in reason(response)
    assert push_service.messages(subscription["id"]) == []


def test_push_to_an_unknown_subscription_is_not_found(push_service, sender, subscription):
    unknown = {**subscription, "endpoint": f"{push_service.base_url}/push/no-such-subscription"}

    response = push(unknown, sender)

    assert response.status_code == 404
    assert push_service.stats()["rejected"] == {"404": 1}


def test_push_with_the_topic_of_a_held_message_replaces_it(push_service, sender, subscription):
    sent = (("erste Fassung", "offer-42"), ("andere Nachricht", None), ("zweite Fassung", "offer-42"))
    for payload, topic in sent:
        headers = {"Topic": topic} if topic else {}
        assert push(subscription, sender, payload=payload, headers=headers).status_code == 201

    messages = push_service.messages(subscription["id"])
    assert [message["payload"] for message in messages] == ["andere Nachricht", "zweite Fassung"]
    stats = push_service.stats()
    assert (stats["received"], stats["replaced"], stats["mailboxes"]) == (3, 1, 2)


@pytest.mark.parametrize("status", [404, 410, 413, 500])
def test_configured_failure_is_answered_as_often_as_told(push_service, sender, subscription, status):
    push_service.answer(subscription["id"], status, times=2)

    answers = [push(subscription, sender, payload=f"Nachricht {n}").status_code for n in range(3)]

    assert answers == [status, status, 201]
    assert [message["payload"] for message in push_service.messages(subscription["id"])] == ["Nachricht 2"]
    stats = push_service.stats()
    assert stats["answered"] == {str(status): 2}
    assert stats["received"] == 1


def test_configured_429_carries_retry_after_until_normal_service(push_service, sender, subscription):
    push_service.answer(subscription["id"], 429, retry_after=120)

    throttled = [push(subscription, sender) for _ in range(3)]
    push_service.normal(subscription["id"])

    assert [response.status_code for response in throttled] == [429, 429, 429]
    assert all(response.headers["Retry-After"] == "120" for response in throttled)
    assert push(subscription, sender).status_code == 201


def test_configured_never_holds_the_push_until_the_sender_gives_up(push_service, sender, subscription):
    push_service.answer(subscription["id"], "never", times=1)

    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        push(subscription, sender, payload="verloren", timeout=1)

    assert time.monotonic() - started >= 1
    assert push(subscription, sender, payload="angekommen").status_code == 201
    assert [message["payload"] for message in push_service.messages(subscription["id"])] == ["angekommen"]
    assert push_service.stats()["answered"] == {"never": 1}


def test_answer_for_all_applies_to_every_subscription_without_its_own(push_service, sender, subscription):
    other = push_service.subscribe(application_server_key(sender))
    push_service.answer_all(410)
    push_service.answer(other["id"], 500, times=1)

    assert push(subscription, sender).status_code == 410
    assert push(other, sender).status_code == 500
    assert push(other, sender).status_code == 410
    push_service.normal_for_all()
    assert push(subscription, sender).status_code == 201


def test_configured_delay_slows_acceptance(push_service, sender, subscription):
    push_service.answer_all(delay_ms=400)

    started = time.monotonic()
    response = push(subscription, sender)

    assert response.status_code == 201
    assert time.monotonic() - started >= 0.4
    assert len(push_service.messages(subscription["id"])) == 1


def test_control_api_refuses_an_answer_no_push_service_gives(push_service, subscription):
    with pytest.raises(httpx.HTTPStatusError) as refused:
        push_service.answer(subscription["id"], 200)

    assert refused.value.response.status_code == 400


def test_reset_forgets_subscriptions_and_counts(push_service, sender, subscription):
    assert push(subscription, sender).status_code == 201

    push_service.reset()

    assert push(subscription, sender).status_code == 404
    stats = push_service.stats()
    assert (stats["received"], stats["subscriptions"], stats["rejected"]) == (0, 0, {"404": 1})


def test_stopping_the_service_answers_a_held_push_and_returns_promptly(sender):
    with ThreadPoolExecutor(max_workers=1) as pool:
        with start_in_thread() as running:
            control = PushServiceClient(running.base_url)
            subscription = control.subscribe(application_server_key(sender))
            control.answer(subscription["id"], "never")
            held = pool.submit(push, subscription, sender, timeout=20)
            deadline = time.monotonic() + 5
            while control.stats()["answered"].get("never") != 1 and time.monotonic() < deadline:
                time.sleep(0.02)
            control.close()
            stopping = time.monotonic()

        assert time.monotonic() - stopping < 3
        assert held.result(timeout=5).status_code == 503


def test_a_reused_token_is_checked_for_expiry_on_every_push(push_service, sender, subscription):
    """Verified tokens are remembered (a sender reuses one for hours), but not past their exp."""
    headers = vapid_headers(sender, subscription, exp=int(time.time()) + 2)
    first = push(subscription, sender, headers=headers)
    assert first.status_code == 201
    assert push(subscription, sender, headers=headers).status_code == 201

    time.sleep(2.5)
    late = push(subscription, sender, headers=headers)

    assert late.status_code == 401 and "expired" in reason(late)
    assert len(push_service.messages(subscription["id"])) == 2  # the two accepted ones, without a Topic
