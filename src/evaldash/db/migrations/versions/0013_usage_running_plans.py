"""usage_running: the planned units of each pair, and the services planned but not delivered.

What a participant got of the plan over a period (the comparisons, the provider gaps) is then
one pass over usage_running instead of the period's sums joined to every plan. PostgreSQL
only, as the table. Filled here by evaldash.db.summary.refresh_running, as every later import
fills it (after plan_summary, migration 0012, which it reads).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04
"""

from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.add_column('usage_running', sa.Column('planned_units', sa.Float(), nullable=True))
        from evaldash.db import summary

        summary.refresh_running(op.get_bind())
        op.execute('ANALYZE usage_running')  # the planner's statistics, as after an import


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DELETE FROM usage_running WHERE cardinality(days) = 0')
        op.drop_column('usage_running', 'planned_units')
