"""Web Push: subscriptions (bound to a person, or anonymous with an area of their own and a GiST over its
reach box, like volunteer profiles), one delivery row per event and subscription, the daily allowance
behind the cap, and `volumap_quiet_until`, which says when a recipient's quiet hours end.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geography, Geometry

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# When a notification due `at` may go out: `at` itself, or the end of the recipient's quiet hours (local
# time in Bielefeld) if `at` falls inside them. A window may wrap midnight (21:00–08:00); equal ends mean
# no quiet hours.
QUIET_UNTIL = """
CREATE FUNCTION volumap_quiet_until(quiet_start time, quiet_end time, at timestamptz) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN (quiet_start < quiet_end AND local::time >= quiet_start AND local::time < quiet_end)
          OR (quiet_start > quiet_end AND (local::time >= quiet_start OR local::time < quiet_end))
        THEN (date_trunc('day', local) + quiet_end
              + CASE WHEN local::time >= quiet_end THEN interval '1 day' ELSE interval '0' END)
             AT TIME ZONE 'Europe/Berlin'
        ELSE at
    END
    FROM (SELECT at AT TIME ZONE 'Europe/Berlin' AS local) AS berlin
$$
"""


def upgrade() -> None:
    op.create_table('push_allowance',
    sa.Column('recipient_id', sa.Uuid(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('event_ids', sa.ARRAY(sa.BigInteger()), server_default='{}', nullable=False),
    sa.Column('cap', sa.SmallInteger(), nullable=False),
    sa.PrimaryKeyConstraint('recipient_id', 'day')
    )
    op.create_geospatial_table('push_subscription',
    sa.Column('id', sa.Uuid(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('channel', sa.Text(), nullable=False),
    sa.Column('endpoint', sa.Text(), nullable=False),
    sa.Column('p256dh', sa.Text(), nullable=False),
    sa.Column('auth', sa.Text(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('locale', sa.Text(), server_default='de', nullable=False),
    sa.Column('home', Geography(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeogFromText', name='geography'), nullable=True),
    sa.Column('home_location', Geometry(geometry_type='POINT', srid=25832, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), sa.Computed('ST_Transform(home::geometry, 25832)', persisted=True), nullable=True),
    sa.Column('radius_km', sa.Float(), nullable=True),
    sa.Column('interests', sa.ARRAY(sa.Integer()), server_default='{}', nullable=False),
    sa.Column('quiet_start', sa.Time(), server_default='21:00', nullable=False),
    sa.Column('quiet_end', sa.Time(), server_default='08:00', nullable=False),
    sa.Column('daily_cap', sa.SmallInteger(), server_default='3', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('last_success_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failures', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('gone_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('(user_id IS NULL) = (home IS NOT NULL AND radius_km IS NOT NULL)', name='owner_or_area'),
    sa.CheckConstraint('daily_cap >= 0 AND daily_cap <= 50', name='daily_cap_range'),
    sa.CheckConstraint('radius_km IS NULL OR (radius_km >= 1 AND radius_km <= 50)', name='radius_range'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('endpoint')
    )
    op.create_index('ix_push_subscription_reach', 'push_subscription', [sa.literal_column('ST_Expand(home_location, radius_km * 1002.0)')], unique=False, postgresql_using='gist', postgresql_where=sa.text('user_id IS NULL AND gone_at IS NULL'))
    op.create_index(op.f('ix_push_subscription_user_id'), 'push_subscription', ['user_id'], unique=False)
    op.create_table('push_delivery',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('event_id', sa.BigInteger(), nullable=False),
    sa.Column('subscription_id', sa.Uuid(), nullable=False),
    sa.Column('distance_m', sa.Float(), nullable=True),
    sa.Column('status', sa.Enum('pending', 'sending', 'sent', 'gone', 'failed', 'capped', 'skipped', name='push_delivery_status', native_enum=False, create_constraint=True, length=20), server_default='pending', nullable=False),
    sa.Column('not_before', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('queued_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.SmallInteger(), server_default='0', nullable=False),
    sa.Column('last_status', sa.SmallInteger(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['outbox_event.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subscription_id'], ['push_subscription.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id', 'subscription_id', name='uq_push_delivery_event_subscription')
    )
    op.create_index('ix_push_delivery_due', 'push_delivery', ['not_before'], unique=False, postgresql_where=sa.text("status = 'pending'"))
    op.create_index('ix_push_delivery_subscription', 'push_delivery', ['subscription_id'], unique=False)
    op.execute(QUIET_UNTIL)


def downgrade() -> None:
    op.execute("DROP FUNCTION volumap_quiet_until(time, time, timestamptz)")
    op.drop_index('ix_push_delivery_subscription', table_name='push_delivery')
    op.drop_index('ix_push_delivery_due', table_name='push_delivery', postgresql_where=sa.text("status = 'pending'"))
    op.drop_table('push_delivery')
    op.drop_index(op.f('ix_push_subscription_user_id'), table_name='push_subscription')
    op.drop_index('ix_push_subscription_reach', table_name='push_subscription', postgresql_using='gist', postgresql_where=sa.text('user_id IS NULL AND gone_at IS NULL'))
    op.drop_geospatial_table('push_subscription')
    op.drop_table('push_allowance')
