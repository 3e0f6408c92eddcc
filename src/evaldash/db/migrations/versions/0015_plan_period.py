"""plan_period and plan_summary.delivered_units: plan rounds in time, deliveries per round.

A plan round is in force from its assessment date to the next round's, so a period's planned
units are each round's prorated by its days in the period, and deliveries count up to the
plan of the round in force when they were delivered. Filled here (with participant_usage,
whose delivered share now reads them) as every later import fills them.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'plan_period',
        sa.Column('participant_key', sa.Integer(), nullable=False),
        sa.Column('round', sa.SmallInteger(), nullable=False),
        sa.Column('service_code', sa.String(length=40), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=True),
        sa.Column('ends_on', sa.Date(), nullable=True),
        sa.Column('planned_units', sa.Float(), nullable=False),
    )
    op.add_column('plan_summary', sa.Column('delivered_units', sa.Float(), nullable=True))
    from evaldash.db import summary

    conn = op.get_bind()
    summary.refresh_plans(conn)
    summary.refresh_participants(conn)
    if conn.dialect.name == 'postgresql':
        op.execute('ANALYZE plan_period, plan_summary, participant_usage')


def downgrade() -> None:
    op.drop_column('plan_summary', 'delivered_units')
    op.drop_table('plan_period')
