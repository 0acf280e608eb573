"""A real SMTP server (aiosmtpd) for the tests, keeping every message it receives."""

from __future__ import annotations

import re
import time
from email import message_from_bytes
from email.message import Message
from email.policy import default

from aiosmtpd.controller import Controller


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802  (aiosmtpd's hook name)
        self.messages.append(message_from_bytes(envelope.original_content or envelope.content, policy=default))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"].lower() == address.lower()]

    def wait_for(self, address: str, count: int = 1, timeout: float = 20.0) -> list[Message]:
        deadline = time.monotonic() + timeout
        while len(self.to(address)) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        found = self.to(address)
        assert len(found) >= count, f"expected {count} message(s) to {address}, got {len(found)}"
        return found


def body(message: Message) -> str:
    return message.get_content()


def link_token(message: Message) -> str:
    match = re.search(r"[?&]token=([A-Za-z0-9_\-]+)", body(message))
    assert match, body(message)
    return match.group(1)


def start(port: int) -> tuple[Controller, Mailbox]:
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, mailbox
