"""Outbox retention: handled events are deleted after `VOLUMAP_OUTBOX_RETENTION_DAYS`; their dedupe keys
stay in a compact table of their own, written by a trigger in the same insert as the event, so a deleted
event's key is still refused.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('outbox_dedupe_key',
    sa.Column('key', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.execute("INSERT INTO outbox_dedupe_key (key) SELECT dedupe_key FROM outbox_event WHERE dedupe_key IS NOT NULL")
    # The key's row is taken first: of two inserts with the same key at the same moment, the second waits for
    # the first's transaction and then adds nothing (or goes ahead if the first rolled back). Returning NULL
    # from a BEFORE trigger skips the row, as ON CONFLICT DO NOTHING would.
    op.execute("""
        CREATE FUNCTION outbox_event_dedupe() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO outbox_dedupe_key (key) VALUES (NEW.dedupe_key) ON CONFLICT DO NOTHING;
            IF NOT FOUND THEN
                RETURN NULL;
            END IF;
            RETURN NEW;
        END
        $$
    """)
    op.execute(
        "CREATE TRIGGER outbox_event_dedupe BEFORE INSERT ON outbox_event "
        "FOR EACH ROW WHEN (NEW.dedupe_key IS NOT NULL) EXECUTE FUNCTION outbox_event_dedupe()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER outbox_event_dedupe ON outbox_event")
    op.execute("DROP FUNCTION outbox_event_dedupe()")
    op.drop_table('outbox_dedupe_key')
