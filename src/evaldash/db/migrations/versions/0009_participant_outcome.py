"""participant_outcome: reassessed, and domains paired, improved, declined per participant.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('participant_outcome',
    sa.Column('round_from', sa.SmallInteger(), nullable=False),
    sa.Column('round_to', sa.SmallInteger(), nullable=False),
    sa.Column('participant_key', sa.Integer(), nullable=False),
    sa.Column('reassessed', sa.Boolean(), nullable=False),
    sa.Column('paired', sa.Integer(), nullable=False),
    sa.Column('improved', sa.Integer(), nullable=False),
    sa.Column('declined', sa.Integer(), nullable=False),
    )
    from evaldash.db import summary

    summary.refresh_outcomes(op.get_bind())


def downgrade() -> None:
    op.drop_table('participant_outcome')
