"""assessment_pair: an index on the pair of rounds, on PostgreSQL only.

DuckDB finds a pair of rounds by itself (the rows are written in round order); PostgreSQL
would read every row.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.create_index(
            'ix_assessment_pair_rounds', 'assessment_pair', ['round_from', 'round_to']
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_index('ix_assessment_pair_rounds', table_name='assessment_pair')
