"""Enable PostGIS and the index extensions the search needs.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    # intarray: GiST over category id arrays, so "category + nearest first" walks one index.
    op.execute("CREATE EXTENSION IF NOT EXISTS intarray")


def downgrade() -> None:
    op.execute("DROP EXTENSION IF EXISTS intarray")
    op.execute("DROP EXTENSION IF EXISTS postgis")
