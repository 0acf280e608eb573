"""E-mail leaves through the outbox: committed events are relayed to a real worker and sent once."""

from __future__ import annotations

import time

import pytest
from psycopg.types.json import Jsonb

from tests.support.accounts import PASSWORD, csrf_headers, unique_email
from tests.support.mailbox import link_token
from tests.support.servers import worker
from workers.tasks.outbox import MAX_ATTEMPTS, deliver_email


@pytest.mark.slow  # a real worker with its scheduler: about 6 s
def test_sign_up_mail_goes_through_relay_and_worker(client, db, mailbox, tmp_path) -> None:
    email = unique_email("relay")
    with worker(tmp_path, "outbox", pool="solo"):
        response = client.post("/api/v1/accounts", json={"email": email, "password": PASSWORD, "display_name": "R"},
                               headers=csrf_headers(client))
        assert response.status_code == 202
        [message] = mailbox.wait_for(email, timeout=45)
        assert link_token(message)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and db.execute(
            "SELECT completed_at FROM outbox_event WHERE payload->>'to' = %s", [email]
        ).fetchone()[0] is None:
            time.sleep(0.1)
        completed, dispatched = db.execute(
            "SELECT completed_at, dispatched_at FROM outbox_event WHERE payload->>'to' = %s", [email]
        ).fetchone()
        assert completed is not None and dispatched is not None


def test_a_redelivered_event_is_sent_once(db, mailbox) -> None:
    email = unique_email("einmal")
    [event_id] = db.execute(
        "INSERT INTO outbox_event (kind, payload, attempts) VALUES ('email', %s, 0) RETURNING id",
        [Jsonb({"to": email, "subject": "Hallo", "text": "Einmal, bitte."})],
    ).fetchone()

    first, second = deliver_email(event_id), deliver_email(event_id)

    assert (first, second) == (True, False)
    assert len(mailbox.wait_for(email)) == 1
    time.sleep(0.3)
    assert len(mailbox.to(email)) == 1


def test_an_unreachable_mail_server_is_retried_then_kept_for_inspection(db, monkeypatch) -> None:
    from api.settings import get_settings

    db.execute("INSERT INTO outbox_event (kind, payload, attempts) VALUES "
               "('email', '{\"to\": \"x@example.org\", \"subject\": \"s\", \"text\": \"t\"}', 0)")
    [event_id] = db.execute("SELECT max(id) FROM outbox_event").fetchone()
    monkeypatch.setattr(get_settings(), "smtp_port", 1)  # nothing listens there

    # Eagerly, Celery runs the retries at once instead of after their backoff.
    result = deliver_email.apply(args=[event_id], throw=False)

    attempts, last_error, completed = db.execute(
        "SELECT attempts, last_error, completed_at FROM outbox_event WHERE id = %s", [event_id]).fetchone()
    assert result.result is False
    assert attempts == MAX_ATTEMPTS and "ConnectionRefused" in last_error and completed is None
