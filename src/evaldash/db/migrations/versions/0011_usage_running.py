"""usage_running: running totals per participant and service by day, on PostgreSQL only.

A period's deliveries per participant and service are then two points of the running totals
instead of every delivery of the period grouped (2.5 million for half of a national pilot).
DuckDB groups them fast enough by itself and gets no table. Filled here from service_usage
as evaldash.db.summary.refresh_running fills it (which every later import does).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


FILL = """
INSERT INTO usage_running (participant_key, service_code, days, deliveries, units, costed, cost_eur)
SELECT participant_key, service_code, array_agg(day ORDER BY day),
    array_agg(deliveries ORDER BY day)::int[], array_agg(units ORDER BY day),
    array_agg(costed ORDER BY day)::int[], array_agg(cost_eur ORDER BY day)
FROM (
    SELECT participant_key, service_code, day,
        sum(deliveries) OVER up_to AS deliveries, sum(units) OVER up_to AS units,
        sum(costed) OVER up_to AS costed, sum(cost_eur) OVER up_to AS cost_eur
    FROM (
        SELECT participant_key, service_code, delivered_on AS day, count(*) AS deliveries,
            sum(units::numeric) AS units, count(cost_eur) AS costed,
            coalesce(sum(cost_eur), 0) AS cost_eur
        FROM service_usage
        GROUP BY participant_key, service_code, delivered_on
    ) AS per_day
    WINDOW up_to AS (
        PARTITION BY participant_key, service_code ORDER BY day ROWS UNBOUNDED PRECEDING
    )
) AS running
GROUP BY participant_key, service_code
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.create_table(
            'usage_running',
            sa.Column('participant_key', sa.Integer(), nullable=False),
            sa.Column('service_code', sa.String(length=40), nullable=False),
            sa.Column('days', postgresql.ARRAY(sa.Date()), nullable=False),
            sa.Column('deliveries', postgresql.ARRAY(sa.Integer()), nullable=False),
            sa.Column('units', postgresql.ARRAY(sa.Numeric()), nullable=False),
            sa.Column('costed', postgresql.ARRAY(sa.Integer()), nullable=False),
            sa.Column('cost_eur', postgresql.ARRAY(sa.Numeric()), nullable=False),
        )
        op.execute(FILL)
        op.execute('ANALYZE usage_running')  # the planner's statistics, as after an import


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_table('usage_running')
