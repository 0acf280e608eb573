"""Feedback from anyone (the accessibility statement's feedback mechanism), kept for the moderators until
`VOLUMAP_FEEDBACK_RETENTION_DAYS` after it was sent.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('feedback',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('kind', sa.Enum('barrier', 'idea', 'problem', 'other', name='feedback_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('page', sa.Text(), nullable=True),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('locale', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('status', sa.Enum('new', 'answered', 'closed', name='feedback_status', native_enum=False, create_constraint=True, length=20), server_default='new', nullable=False),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('handled_by', sa.Uuid(), nullable=True),
    sa.CheckConstraint('char_length(message) BETWEEN 1 AND 5000', name='ck_feedback_message_length'),
    sa.CheckConstraint('char_length(page) <= 500', name='ck_feedback_page_length'),
    sa.ForeignKeyConstraint(['handled_by'], ['user_account.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_feedback_created_at', 'feedback', ['created_at', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_feedback_created_at', table_name='feedback')
    op.drop_table('feedback')
