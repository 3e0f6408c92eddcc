"""usage_summary: service usage added up per participant and service.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('usage_summary',
    sa.Column('participant_key', sa.Integer(), nullable=False),
    sa.Column('service_code', sa.String(length=40), nullable=False),
    sa.Column('deliveries', sa.Integer(), nullable=False),
    sa.Column('units', sa.Float(), nullable=False),
    sa.Column('cost_eur', sa.Numeric(precision=14, scale=2), nullable=True),
    )
    op.execute(
        "INSERT INTO usage_summary (participant_key, service_code, deliveries, units, cost_eur) "
        "SELECT participant_key, service_code, count(*), sum(units), sum(cost_eur) "
        "FROM service_usage GROUP BY participant_key, service_code"
    )


def downgrade() -> None:
    op.drop_table('usage_summary')
