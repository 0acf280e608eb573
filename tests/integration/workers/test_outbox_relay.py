"""The relay hands each committed event to Celery once, and again only when its task was evidently lost."""

from __future__ import annotations

from api.settings import get_settings
from tests.support.broker import take_queued_tasks
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
    take_queued_tasks()

    outbox.relay()

    queued = take_queued_tasks()
    sent = {args[0] for task, args in queued.values() if task == outbox.deliver_email.name}
    assert {name for name, event_id in ids.items() if event_id in sent} == {"lost", "new"}
    assert queued[f"outbox-{ids['new']}"] == (outbox.deliver_email.name, [ids["new"]])
    lost = db.execute("SELECT attempts, last_error FROM outbox_event WHERE id = %s", [ids["lost"]]).fetchone()
    assert lost == (1, "handed over again: its task was lost")
    assert db.execute("SELECT attempts, last_error FROM outbox_event WHERE id = %s", [ids["new"]]).fetchone() == (
        0, None)


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
