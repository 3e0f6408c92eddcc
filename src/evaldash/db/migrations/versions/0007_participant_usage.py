"""participant_usage: services received, their cost and the delivered share per participant.

Made empty here: migration 0015, after the plans' summaries it reads, fills it
(evaldash.db.summary.refresh_participants, as every later import fills it).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('participant_usage',
    sa.Column('participant_key', sa.Integer(), nullable=False),
    sa.Column('services', sa.Integer(), nullable=False),
    sa.Column('cost_eur', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('has_plan', sa.Boolean(), nullable=False),
    sa.Column('delivered_share', sa.Float(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table('participant_usage')
