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
