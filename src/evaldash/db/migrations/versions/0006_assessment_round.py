"""assessment_round: participants assessed and first/last date per round and cell.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('assessment_round',
    sa.Column('round', sa.SmallInteger(), nullable=False),
    sa.Column('pilot_id', sa.String(length=64), nullable=False),
    sa.Column('municipality_code', sa.String(length=6), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=True),
    sa.Column('age_group', sa.String(length=8), nullable=True),
    sa.Column('participants', sa.Integer(), nullable=False),
    sa.Column('first_date', sa.Date(), nullable=False),
    sa.Column('last_date', sa.Date(), nullable=False),
    )
    from evaldash.db import summary

    summary.refresh_rounds(op.get_bind())


def downgrade() -> None:
    op.drop_table('assessment_round')
