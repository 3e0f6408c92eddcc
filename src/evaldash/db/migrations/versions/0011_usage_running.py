"""usage_running: running totals per participant and service by day, on PostgreSQL only.

A period's deliveries per participant and service are then two points of the running totals
instead of every delivery of the period grouped (2.5 million for half of a national pilot).
DuckDB groups them fast enough by itself and gets no table. Made empty here: migration 0013
adds the planned units and fills it (evaldash.db.summary.refresh_running, as every later
import fills it, writes all of today's columns).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.create_table(
            'usage_running',
            sa.Column('participant_key', sa.Integer(), nullable=False),
            sa.Column('service_code', sa.String(length=40), nullable=False),
            sa.Column('days', postgresql.ARRAY(sa.Date()), nullable=False),
            sa.Column('deliveries', postgresql.ARRAY(sa.Integer()), nullable=False),
            sa.Column('units', postgresql.ARRAY(sa.Numeric()), nullable=False),
            sa.Column('costed', postgresql.ARRAY(sa.Integer()), nullable=False),
            sa.Column('cost_eur', postgresql.ARRAY(sa.Numeric()), nullable=False),
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_table('usage_running')
