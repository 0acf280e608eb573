"""Each offer's time slots as a stored bit mask (`offer.slot_mask`), so "for you" scores its candidates in
SQL instead of reading every candidate's weekly pattern in Python.

Bit `day * 3 + part` (Monday = 0; morning, afternoon, evening = 0, 1, 2; the afternoon starts at 12:00,
the evening at 17:00) is set for every part of the day the offer takes: a regular offer's weekly slots
(a slot from 11:00 to 13:00 takes morning and afternoon; its end is exclusive), a one-off offer's start in
Europe/Berlin. NULL: the offer fits any time (flexible, or no pattern or start). The same rules as
`api.domain.volunteers.ranking.offer_slots`, which a test holds them to.

`volumap_slot_mask` is declared IMMUTABLE so that a generated column can use it, though the one-off case
reads the Europe/Berlin time zone rules: should those rules change, a one-off offer's mask is right again
at its next edit.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

DAY_PART = """
CREATE FUNCTION volumap_day_part(minutes integer) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN minutes < 720 THEN 0 WHEN minutes < 1020 THEN 1 ELSE 2 END
$$
"""

SLOT_MASK = """
CREATE FUNCTION volumap_slot_mask(commitment text, starts_at timestamptz, weekly_pattern jsonb)
RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN commitment = 'regular' AND jsonb_typeof(weekly_pattern) = 'array'
             AND jsonb_array_length(weekly_pattern) > 0 THEN (
            SELECT bit_or(((1 << (last_part - first_part + 1)) - 1) << (day * 3 + first_part))
            FROM (
                SELECT array_position(ARRAY['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], slot->>'day') - 1
                           AS day,
                       volumap_day_part(start_m) AS first_part,
                       volumap_day_part(CASE WHEN end_m > start_m THEN end_m - 1 ELSE start_m END) AS last_part
                FROM jsonb_array_elements(weekly_pattern) AS slot,
                     LATERAL (SELECT substr(slot->>'start', 1, 2)::int * 60 + substr(slot->>'start', 4, 2)::int
                                         AS start_m,
                                     substr(slot->>'end', 1, 2)::int * 60 + substr(slot->>'end', 4, 2)::int
                                         AS end_m) AS minutes
            ) AS parts)
        WHEN commitment = 'one_off' AND starts_at IS NOT NULL THEN (
            SELECT 1 << ((extract(isodow FROM local)::int - 1) * 3
                         + volumap_day_part(extract(hour FROM local)::int * 60 + extract(minute FROM local)::int))
            FROM (SELECT starts_at AT TIME ZONE 'Europe/Berlin' AS local) AS berlin)
    END
$$
"""


def upgrade() -> None:
    op.execute(DAY_PART)
    op.execute(SLOT_MASK)
    op.add_column('offer', sa.Column(
        'slot_mask', sa.Integer(),
        sa.Computed('volumap_slot_mask(commitment::text, starts_at, weekly_pattern)', persisted=True),
        nullable=True))


def downgrade() -> None:
    op.drop_column('offer', 'slot_mask')
    op.execute("DROP FUNCTION volumap_slot_mask(text, timestamptz, jsonb)")
    op.execute("DROP FUNCTION volumap_day_part(integer)")
