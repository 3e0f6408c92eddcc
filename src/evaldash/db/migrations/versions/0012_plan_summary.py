"""plan_summary: the planned units of all plan rounds per participant and service.

The provider gaps, the comparisons and the participants' delivered share read it instead of
grouping every plan. Made and filled here from plan_item, as evaldash.db.summary's refresh
fills it at every later import.

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
        "INSERT INTO plan_summary (participant_key, service_code, planned_units) "
        "SELECT participant_key, service_code, sum(planned_units) FROM plan_item "
        "GROUP BY participant_key, service_code"
    )
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ANALYZE plan_summary')  # the planner's statistics, as after an import


def downgrade() -> None:
    op.drop_table('plan_summary')
