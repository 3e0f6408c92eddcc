"""assessment_pair: every score with the same participant's score in each later round.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('assessment_pair',
    sa.Column('round_from', sa.SmallInteger(), nullable=False),
    sa.Column('round_to', sa.SmallInteger(), nullable=False),
    sa.Column('participant_key', sa.Integer(), nullable=False),
    sa.Column('domain_code', sa.String(length=64), nullable=False),
    sa.Column('score_from', sa.Float(), nullable=False),
    sa.Column('score_to', sa.Float(), nullable=True),
    )
    op.execute(
        "INSERT INTO assessment_pair "
        "(round_from, round_to, participant_key, domain_code, score_from, score_to) "
        "SELECT b.round, r.round, b.participant_key, b.domain_code, b.score, a.score "
        "FROM assessment b JOIN participant p ON p.participant_key = b.participant_key "
        "JOIN (SELECT DISTINCT p2.pilot_id, a2.round FROM assessment a2 "
        "JOIN participant p2 ON p2.participant_key = a2.participant_key) r "
        "ON r.pilot_id = p.pilot_id AND r.round > b.round "
        "LEFT JOIN assessment a ON a.participant_key = b.participant_key "
        "AND a.domain_code = b.domain_code AND a.round = r.round "
        "ORDER BY b.round, r.round, b.participant_key, b.domain_code"
    )


def downgrade() -> None:
    op.drop_table('assessment_pair')
