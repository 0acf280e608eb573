"""The resident's side: volunteer profiles (coarsened home point, radius, interests, availability,
notification preferences) with a GiST over each profile's reach box for reverse matching, the matches a
published offer found, applications with their waiting list, and private calendar feeds.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geography, Geometry
from sqlalchemy.dialects import postgresql

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('calendar_feed',
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('token_hash', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id'),
    sa.UniqueConstraint('token_hash')
    )
    op.create_geospatial_table('volunteer_profile',
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('home', Geography(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeogFromText', name='geography', nullable=False), nullable=False),
    sa.Column('home_location', Geometry(geometry_type='POINT', srid=25832, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), sa.Computed('ST_Transform(home::geometry, 25832)', persisted=True), nullable=True),
    sa.Column('radius_km', sa.Float(), nullable=False),
    sa.Column('interests', sa.ARRAY(sa.Integer()), server_default='{}', nullable=False),
    sa.Column('skills', sa.ARRAY(sa.Text()), server_default='{}', nullable=False),
    sa.Column('languages', sa.ARRAY(sa.Text()), server_default='{de}', nullable=False),
    sa.Column('availability', sa.Integer(), server_default='0', nullable=False),
    sa.Column('notify_new_offers', sa.Boolean(), server_default='true', nullable=False),
    sa.Column('quiet_start', sa.Time(), server_default='21:00', nullable=False),
    sa.Column('quiet_end', sa.Time(), server_default='08:00', nullable=False),
    sa.Column('daily_cap', sa.SmallInteger(), server_default='3', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('availability >= 0 AND availability < 2097152', name='availability_21_slots'),
    sa.CheckConstraint('daily_cap >= 0 AND daily_cap <= 50', name='daily_cap_range'),
    sa.CheckConstraint('radius_km >= 1 AND radius_km <= 50', name='radius_range'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id')
    )
    op.create_index('ix_volunteer_profile_reach', 'volunteer_profile', [sa.literal_column('ST_Expand(home_location, radius_km * 1002.0)')], unique=False, postgresql_using='gist')
    op.create_table('application',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('offer_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('status', sa.Enum('pending', 'accepted', 'declined', 'withdrawn', 'waiting', 'offered', 'lapsed', name='application_status', native_enum=False, create_constraint=True, length=20), server_default='pending', nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('shared_contact', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('waiting_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('offered_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('offer_token_hash', sa.Text(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('anonymised_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("status <> 'offered' OR offered_until IS NOT NULL", name='offered_has_deadline'),
    sa.ForeignKeyConstraint(['offer_id'], ['offer.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('offer_id', 'user_id', name='uq_application_offer_user'),
    sa.UniqueConstraint('offer_token_hash')
    )
    op.create_index('ix_application_offer_status', 'application', ['offer_id', 'status'], unique=False)
    op.create_index('ix_application_offered_until', 'application', ['offered_until'], unique=False, postgresql_where=sa.text("status = 'offered'"))
    op.create_index(op.f('ix_application_user_id'), 'application', ['user_id'], unique=False)
    op.create_index('ix_application_waiting_list', 'application', ['offer_id', 'waiting_since'], unique=False, postgresql_where=sa.text("status = 'waiting'"))
    op.create_table('offer_match',
    sa.Column('offer_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('distance_m', sa.Float(), nullable=False),
    sa.Column('matched_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['offer.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('offer_id', 'user_id')
    )
    op.create_index(op.f('ix_offer_match_user_id'), 'offer_match', ['user_id'], unique=False)
    op.create_index('ix_offer_published_remote_newest', 'offer', [sa.text('published_at DESC'), sa.text('id DESC')], unique=False, postgresql_where=sa.text("status = 'published' AND is_remote"))
    op.create_index('ix_user_account_inactive', 'user_account', ['id'], unique=False, postgresql_where=sa.text("status <> 'active'"))
    # Account deletion (Art. 17) must leave no e-mail address behind. Invitation entries of the audit log
    # named the invitee's address until now, and sent e-mails kept their text; both are dropped from the
    # rows written so far (the code no longer writes them). The audit log's trigger is lifted for this one
    # statement, by the migration alone; nothing about who did what changes. There is no way back.
    op.execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_change")
    op.execute(
        "UPDATE audit_entry SET before = before - 'email', after = after - 'email' - 'invited_email'"
        " WHERE action IN ('organisation.member_invited', 'organisation.invitation_revoked',"
        " 'organisation.invitation_accepted')"
    )
    op.execute("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_change")
    op.execute(
        "UPDATE outbox_event SET payload = jsonb_build_object('to', payload->'to')"
        " WHERE kind = 'email' AND completed_at IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_index('ix_offer_published_remote_newest', table_name='offer', postgresql_where=sa.text("status = 'published' AND is_remote"))
    op.drop_index('ix_user_account_inactive', table_name='user_account', postgresql_where=sa.text("status <> 'active'"))
    op.drop_index(op.f('ix_offer_match_user_id'), table_name='offer_match')
    op.drop_table('offer_match')
    op.drop_index('ix_application_waiting_list', table_name='application', postgresql_where=sa.text("status = 'waiting'"))
    op.drop_index(op.f('ix_application_user_id'), table_name='application')
    op.drop_index('ix_application_offered_until', table_name='application', postgresql_where=sa.text("status = 'offered'"))
    op.drop_index('ix_application_offer_status', table_name='application')
    op.drop_table('application')
    op.drop_index('ix_volunteer_profile_reach', table_name='volunteer_profile', postgresql_using='gist')
    op.drop_geospatial_table('volunteer_profile')
    op.drop_table('calendar_feed')
