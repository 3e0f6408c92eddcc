"""pair_change: the pairs of rounds' scores counted per change and cell of participants.

The progress summaries of a selection add up these rows instead of classifying every pair
of scores (a national pilot's pair of rounds: about 27,000 rows instead of 400,000). Made
here and filled from assessment_pair by evaldash.db.summary.refresh_pair_changes, as every
later import fills it.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""

from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'pair_change',
        sa.Column('round_from', sa.SmallInteger(), nullable=False),
        sa.Column('round_to', sa.SmallInteger(), nullable=False),
        sa.Column('domain_code', sa.String(length=64), nullable=False),
        sa.Column('pilot_id', sa.String(length=64), nullable=False),
        sa.Column('municipality_code', sa.String(length=6), nullable=False),
        sa.Column('sex', sa.String(length=1), nullable=True),
        sa.Column('age_group', sa.String(length=8), nullable=True),
        sa.Column('change', sa.Float(), nullable=True),
        sa.Column('pairs', sa.Integer(), nullable=False),
        sa.Column('score_from_sum', sa.Float(), nullable=False),
        sa.Column('score_to_sum', sa.Float(), nullable=True),
    )
    from evaldash.db import summary

    summary.refresh_pair_changes(op.get_bind())
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ANALYZE pair_change')  # the planner's statistics, as after an import


def downgrade() -> None:
    op.drop_table('pair_change')
