"""A synchronous client for the local push service's control API (devtools/push_service.py)."""

from __future__ import annotations

import ssl
import time
from typing import Any

import httpx


class PushServiceClient:
    def __init__(self, base_url: str, verify: ssl.SSLContext | bool = True) -> None:
        self.base_url = base_url
        self._http = httpx.Client(base_url=f"{base_url}/_control", timeout=30, verify=verify)

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = self._http.request(method, path, json=body)
        response.raise_for_status()
        return response.json() if response.content else None

    def subscribe(self, application_server_key: str) -> dict[str, Any]:
        """A browser's subscription (`endpoint`, `keys`), bound to the sender's VAPID public key."""
        return self._call("POST", "/subscriptions", {"application_server_key": application_server_key})

    def subscribe_many(self, application_server_key: str, count: int) -> list[dict[str, Any]]:
        return self._call(
            "POST", "/subscriptions", {"application_server_key": application_server_key, "count": count}
        )

    def messages(self, subscription_id: str) -> list[dict[str, Any]]:
        return self._call("GET", f"/subscriptions/{subscription_id}/messages")

    def wait_for_messages(
        self, subscription_id: str, count: int = 1, timeout: float = 30
    ) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(received := self.messages(subscription_id)) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(received) >= count, f"expected {count} push message(s), got {len(received)}"
        return received

    def answer(
        self,
        subscription_id: str,
        status: int | str | None = None,
        retry_after: int | None = None,
        times: int | None = None,
        delay_ms: float | None = None,
    ) -> None:
        """The next `times` pushes to the subscription (all of them without `times`) get this answer."""
        self._call("PUT", f"/subscriptions/{subscription_id}/answer",
                   _answer(status, retry_after, times, delay_ms))

    def answer_all(
        self,
        status: int | str | None = None,
        retry_after: int | None = None,
        times: int | None = None,
        delay_ms: float | None = None,
    ) -> None:
        self._call("PUT", "/answer", _answer(status, retry_after, times, delay_ms))

    def normal(self, subscription_id: str) -> None:
        self._call("DELETE", f"/subscriptions/{subscription_id}/answer")

    def normal_for_all(self) -> None:
        self._call("DELETE", "/answer")

    def received(self) -> dict[str, int]:
        """Per subscription id, how many pushes the service accepted (replaced ones included); none: absent."""
        return self._call("GET", "/received")

    def stats(self) -> dict[str, Any]:
        return self._call("GET", "/stats")

    def reset(self) -> None:
        self._call("POST", "/reset")


def _answer(
    status: int | str | None, retry_after: int | None, times: int | None, delay_ms: float | None
) -> dict[str, Any]:
    given = {"status": status, "retry_after": retry_after, "times": times, "delay_ms": delay_ms}
    return {name: value for name, value in given.items() if value is not None}
