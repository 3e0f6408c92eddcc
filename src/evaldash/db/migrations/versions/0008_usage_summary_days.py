"""usage_summary: the first and last delivery per participant and service.

The filters' date range and the services a pilot used are read from usage_summary instead of
every delivery. The table holds only sums of service_usage, so it is made anew and filled.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

def _columns() -> list:
    return [
    sa.Column('participant_key', sa.Integer(), nullable=False),
    sa.Column('service_code', sa.String(length=40), nullable=False),
    sa.Column('deliveries', sa.Integer(), nullable=False),
    sa.Column('units', sa.Float(), nullable=False),
    sa.Column('cost_eur', sa.Numeric(precision=14, scale=2), nullable=True),
    ]


def upgrade() -> None:
    op.drop_table('usage_summary')
    op.create_table('usage_summary',
    *_columns(),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    )
    op.execute(
        "INSERT INTO usage_summary (participant_key, service_code, deliveries, units, cost_eur, "
        "first_day, last_day) SELECT participant_key, service_code, count(*), sum(units), "
        "sum(cost_eur), min(delivered_on), max(delivered_on) FROM service_usage "
        "GROUP BY participant_key, service_code"
    )


def downgrade() -> None:
    op.drop_table('usage_summary')
    op.create_table('usage_summary', *_columns())
    op.execute(
        "INSERT INTO usage_summary (participant_key, service_code, deliveries, units, cost_eur) "
        "SELECT participant_key, service_code, count(*), sum(units), sum(cost_eur) "
        "FROM service_usage GROUP BY participant_key, service_code"
    )
