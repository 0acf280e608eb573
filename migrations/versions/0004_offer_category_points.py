"""Nearest first within a category: a row per (category, published offer) with a GiST over both,
kept by a trigger, instead of the GiST over the category array.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

import geoalchemy2
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.create_table(
        "offer_category_point",
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Uuid(), sa.ForeignKey("offer.id", ondelete="CASCADE"), nullable=False),
        sa.Column("location", geoalchemy2.Geometry("POINT", srid=25832, spatial_index=False), nullable=False),
        sa.PrimaryKeyConstraint("category_id", "offer_id"),
    )
    op.execute(
        """
        CREATE FUNCTION offer_category_point_sync() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                IF NEW.status IS NOT DISTINCT FROM OLD.status
                   AND NEW.category_ids IS NOT DISTINCT FROM OLD.category_ids
                   AND NEW.location IS NOT DISTINCT FROM OLD.location THEN
                    RETURN NULL;
                END IF;
                DELETE FROM offer_category_point WHERE offer_id = OLD.id;
            END IF;
            IF NEW.status = 'published' AND NEW.location IS NOT NULL THEN
                INSERT INTO offer_category_point (category_id, offer_id, location)
                SELECT DISTINCT category_id, NEW.id, NEW.location FROM unnest(NEW.category_ids) AS category_id;
            END IF;
            RETURN NULL;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER offer_category_point_sync AFTER INSERT OR UPDATE ON offer "
        "FOR EACH ROW EXECUTE FUNCTION offer_category_point_sync()"
    )
    op.execute(
        "INSERT INTO offer_category_point (category_id, offer_id, location) "
        "SELECT DISTINCT unnest(category_ids), id, location FROM offer "
        "WHERE status = 'published' AND location IS NOT NULL"
    )
    op.execute(
        "CREATE INDEX ix_offer_category_point_knn ON offer_category_point USING gist (category_id, location)"
    )
    op.create_index("ix_offer_category_point_offer", "offer_category_point", ["offer_id"])
    op.drop_index("ix_offer_published_category_location", table_name="offer")


def downgrade() -> None:
    op.execute(
        "CREATE INDEX ix_offer_published_category_location ON offer "
        "USING gist (category_ids gist__int_ops, location) WHERE status = 'published'"
    )
    op.execute("DROP TRIGGER offer_category_point_sync ON offer")
    op.execute("DROP FUNCTION offer_category_point_sync()")
    op.drop_table("offer_category_point")
    op.execute("DROP EXTENSION IF EXISTS btree_gist")
