"""usage_month: people served, deliveries and cost per month and cell of participants.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('usage_month',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('pilot_id', sa.String(length=64), nullable=False),
    sa.Column('municipality_code', sa.String(length=6), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=True),
    sa.Column('age_group', sa.String(length=8), nullable=True),
    sa.Column('all_categories', sa.Boolean(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=True),
    sa.Column('participants', sa.Integer(), nullable=False),
    sa.Column('deliveries', sa.Integer(), nullable=False),
    sa.Column('cost_eur', sa.Numeric(precision=14, scale=2), nullable=True),
    )
    from evaldash.db import summary

    summary.refresh_months(op.get_bind())


def downgrade() -> None:
    op.drop_table('usage_month')
