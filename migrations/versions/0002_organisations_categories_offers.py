"""Organisations, the translated category taxonomy, and offers with their search indexes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import geoalchemy2
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

CATEGORIES = [
    (1, "social", "Soziales", "Social"),
    (2, "children-youth", "Kinder und Jugend", "Children and youth"),
    (3, "seniors", "Seniorinnen und Senioren", "Seniors"),
    (4, "refugees-integration", "Geflüchtete und Integration", "Refugees and integration"),
    (5, "environment", "Umwelt und Naturschutz", "Environment"),
    (6, "sport", "Sport und Bewegung", "Sport"),
    (7, "culture-education", "Kultur und Bildung", "Culture and education"),
    (8, "health-care", "Gesundheit und Pflege", "Health and care"),
    (9, "animals", "Tierschutz", "Animals"),
    (10, "civil-protection", "Bevölkerungsschutz", "Civil protection"),
    (11, "neighbourhood", "Nachbarschaft", "Neighbourhood"),
    (12, "digital-help", "Digitale Hilfe", "Digital help"),
]

PUBLISHED = "status = 'published'"


def upgrade() -> None:
    category = op.create_table(
        "category",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("slug", sa.String(length=40), nullable=False, unique=True),
        sa.Column("label_de", sa.String(length=80), nullable=False),
        sa.Column("label_en", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.bulk_insert(
        category,
        [{"id": i, "slug": s, "label_de": de, "label_en": en, "position": i} for i, s, de, en in CATEGORIES],
    )

    op.create_table(
        "organisation",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False, unique=True),
        sa.Column("description", sa.Text(), nullable=False, server_default=""),
        sa.Column("website", sa.String(length=300)),
        sa.Column("contact_email", sa.String(length=254)),
        sa.Column("contact_phone", sa.String(length=40)),
        sa.Column("address", sa.String(length=300)),
        sa.Column("district", sa.String(length=80)),
        sa.Column("geog", geoalchemy2.Geography("POINT", srid=4326, spatial_index=False)),
        sa.Column("legal_form", sa.String(length=80)),
        sa.Column(
            "verification_status",
            sa.Enum("pending", "verified", "rejected", "suspended", name="verification_status",
                    native_enum=False, create_constraint=True, length=20),
            nullable=False,
            server_default="pending",
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("verified_at", sa.DateTime(timezone=True)),
    )

    op.create_table(
        "offer",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("organisation_id", sa.Uuid(), sa.ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False),
        sa.Column("title", sa.String(length=140), nullable=False),
        sa.Column("summary", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("category_ids", postgresql.ARRAY(sa.Integer()), nullable=False, server_default="{}"),
        sa.Column("skills", postgresql.ARRAY(sa.Text()), nullable=False, server_default="{}"),
        sa.Column("languages", postgresql.ARRAY(sa.Text()), nullable=False, server_default="{de}"),
        sa.Column("geog", geoalchemy2.Geography("POINT", srid=4326, spatial_index=False)),
        sa.Column(
            "location",
            geoalchemy2.Geometry("POINT", srid=25832, spatial_index=False),
            sa.Computed("ST_Transform(geog::geometry, 25832)", persisted=True),
        ),
        sa.Column("address", sa.String(length=300)),
        sa.Column("district", sa.String(length=80)),
        sa.Column("is_remote", sa.Boolean(), nullable=False, server_default="false"),
        sa.Column(
            "commitment",
            sa.Enum("one_off", "regular", "flexible", name="commitment",
                    native_enum=False, create_constraint=True, length=20),
            nullable=False,
        ),
        sa.Column("starts_at", sa.DateTime(timezone=True)),
        sa.Column("ends_at", sa.DateTime(timezone=True)),
        sa.Column("weekly_pattern", postgresql.JSONB()),
        sa.Column("hours_per_week", sa.Float()),
        sa.Column("capacity", sa.Integer()),
        sa.Column("min_age", sa.Integer()),
        sa.Column("accessible", sa.Boolean(), nullable=False, server_default="false"),
        sa.Column("accessibility_notes", sa.String(length=500)),
        sa.Column("contact_name", sa.String(length=120)),
        sa.Column("contact_email", sa.String(length=254)),
        sa.Column("contact_phone", sa.String(length=40)),
        sa.Column(
            "status",
            sa.Enum("draft", "in_review", "published", "paused", "closed", "expired", "rejected",
                    name="offer_status", native_enum=False, create_constraint=True, length=20),
            nullable=False,
            server_default="draft",
        ),
        sa.Column("rejection_reason", sa.Text()),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("submitted_at", sa.DateTime(timezone=True)),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("paused_at", sa.DateTime(timezone=True)),
        sa.Column("closed_at", sa.DateTime(timezone=True)),
        sa.Column("expires_at", sa.DateTime(timezone=True)),
        sa.Column(
            "search_vector",
            postgresql.TSVECTOR(),
            sa.Computed(
                "setweight(to_tsvector('german', coalesce(title, '')), 'A') || "
                "setweight(to_tsvector('german', coalesce(summary, '')), 'B') || "
                "setweight(to_tsvector('german', coalesce(description, '')), 'C')",
                persisted=True,
            ),
        ),
        sa.CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        sa.CheckConstraint("min_age IS NULL OR min_age BETWEEN 0 AND 99", name="min_age_range"),
        sa.CheckConstraint("ends_at IS NULL OR starts_at IS NULL OR ends_at >= starts_at", name="ends_after_start"),
        sa.CheckConstraint("is_remote OR geog IS NOT NULL", name="located_or_remote"),
        sa.CheckConstraint("published_at IS NOT NULL OR status <> 'published'", name="published_has_timestamp"),
    )
    op.create_index("ix_offer_organisation_id", "offer", ["organisation_id"])
    # Nearest first over published offers: KNN on the metric point.
    op.execute(f"CREATE INDEX ix_offer_published_location ON offer USING gist (location) WHERE {PUBLISHED}")
    # Nearest first within categories: one GiST over (category ids, point) so the walk skips other categories.
    op.execute(
        "CREATE INDEX ix_offer_published_category_location ON offer "
        f"USING gist (category_ids gist__int_ops, location) WHERE {PUBLISHED}"
    )
    op.execute(
        f"CREATE INDEX ix_offer_published_newest ON offer (published_at DESC, id DESC) WHERE {PUBLISHED}"
    )
    op.execute("CREATE INDEX ix_offer_search_vector ON offer USING gin (search_vector)")


def downgrade() -> None:
    op.drop_table("offer")
    op.drop_table("organisation")
    op.drop_table("category")
