"""The relay hands each committed event to Celery once, and again only when its task was evidently lost."""

from __future__ import annotations

from typing import Any

from api.settings import get_settings
from workers.tasks import outbox


def test_an_event_dispatched_long_ago_and_never_completed_is_handed_over_again(db, monkeypatch) -> None:
    monkeypatch.setattr(get_settings(), "outbox_redispatch_after_s", 900)
    ids = {}
    for name, dispatched, completed, attempts in (
        ("lost", "now() - interval '20 minutes'", "NULL", 0),
        ("running", "now() - interval '1 minute'", "NULL", 0),
        ("done", "now() - interval '20 minutes'", "now()", 1),
        ("given up", "now() - interval '20 minutes'", "NULL", outbox.MAX_ATTEMPTS),
        ("new", "NULL", "NULL", 0),
    ):
        [(ids[name],)] = db.execute(
            "INSERT INTO outbox_event (kind, payload, attempts, dispatched_at, completed_at)"
            f" VALUES ('email', '{{}}', %s, {dispatched}, {completed}) RETURNING id", [attempts]).fetchall()
    sent: list[Any] = []
    monkeypatch.setattr(outbox.deliver_email, "apply_async", lambda args, task_id: sent.append(args[0]))

    outbox.relay()

    # (Events of other tests may be handed over too; these five are the ones that tell.)
    assert {name for name, event_id in ids.items() if event_id in sent} == {"lost", "new"}
    lost = db.execute("SELECT attempts, last_error FROM outbox_event WHERE id = %s", [ids["lost"]]).fetchone()
    assert lost == (1, "handed over again: its task was lost")
    assert db.execute("SELECT attempts, last_error FROM outbox_event WHERE id = %s", [ids["new"]]).fetchone() == (
        0, None)
    db.execute("DELETE FROM outbox_event WHERE id = ANY(%s)", [list(ids.values())])


def test_completed_mail_and_push_events_lose_their_payload_after_the_retention(db, monkeypatch) -> None:
    """Data minimisation: an address and a text are kept 30 days after sending, not for ever; the row stays
    (its dedupe key still holds), and events not yet sent or of other kinds keep theirs."""
    monkeypatch.setattr(get_settings(), "outbox_retention_days", 30)
    ids = {}
    for name, kind, completed, dedupe in (
        ("old mail", "email", "now() - interval '31 days'", "verify:1"),
        ("old push", "push.notify", "now() - interval '40 days'", None),
        ("recent mail", "email", "now() - interval '29 days'", None),
        ("unsent mail", "email", "NULL", None),
        ("old new offer", "offer.published", "now() - interval '90 days'", None),
    ):
        [(ids[name],)] = db.execute(
            "INSERT INTO outbox_event (kind, payload, attempts, dedupe_key, dispatched_at, completed_at)"
            f" VALUES (%s, %s, 1, %s, now() - interval '100 days', {completed}) RETURNING id",
            [kind, '{"to": "anna@example.org", "texts": "Hallo Anna", "offer_id": "x"}', dedupe]).fetchall()

    emptied = outbox.redact_completed()

    payloads = dict(db.execute("SELECT id, payload FROM outbox_event WHERE id = ANY(%s)",
                               [list(ids.values())]).fetchall())
    assert {name for name, event_id in ids.items() if payloads[event_id] == {}} == {"old mail", "old push"}
    assert emptied >= 2
    assert db.execute("SELECT dedupe_key FROM outbox_event WHERE id = %s", [ids["old mail"]]).fetchone() == (
        "verify:1",)
    assert outbox.redact_completed() == 0  # nothing left to empty
    db.execute("DELETE FROM outbox_event WHERE id = ANY(%s)", [list(ids.values())])
