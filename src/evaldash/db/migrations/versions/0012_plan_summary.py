"""plan_summary: the planned units of all plan rounds per participant and service.

The provider gaps, the comparisons and the participants' delivered share read it instead of
grouping every plan. Made here and filled with the planned units of plan_item; migration 0015
adds the units delivered of them and fills it again (evaldash.db.summary.refresh_plans, as
every later import fills it, writes all of today's columns).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'plan_summary',
        sa.Column('participant_key', sa.Integer(), nullable=False),
        sa.Column('service_code', sa.String(length=40), nullable=False),
        sa.Column('planned_units', sa.Float(), nullable=False),
    )
    op.execute(
        'INSERT INTO plan_summary (participant_key, service_code, planned_units) '
        'SELECT participant_key, service_code, SUM(planned_units) '
        'FROM plan_item GROUP BY participant_key, service_code'
    )
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ANALYZE plan_summary')  # the planner's statistics, as after an import


def downgrade() -> None:
    op.drop_table('plan_summary')
