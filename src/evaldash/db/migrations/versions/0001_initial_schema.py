"""Initial schema: reference data, pilots, participants, assessments, plans, providers, usage.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


SEQUENCES = ("participant_key_seq", "import_id_seq")


def fk(constraint: sa.ForeignKeyConstraint) -> list:
    """Foreign keys exist on PostgreSQL only (see evaldash.db.schema for why not on DuckDB)."""
    return [] if op.get_bind().dialect.name == "duckdb" else [constraint]


def upgrade() -> None:
    for name in SEQUENCES:
        op.execute(sa.schema.CreateSequence(sa.Sequence(name)))
    op.create_table('assessment_domain',
    sa.Column('domain_code', sa.String(length=64), nullable=False),
    sa.Column('name_lv', sa.String(length=200), nullable=True),
    sa.Column('name_en', sa.String(length=200), nullable=True),
    sa.Column('scale_min', sa.Float(), nullable=False),
    sa.Column('scale_max', sa.Float(), nullable=False),
    sa.Column('higher_is_better', sa.Boolean(), nullable=False),
    sa.Column('mid', sa.Float(), server_default=sa.text('1'), nullable=False),
    sa.CheckConstraint('mid > 0', name=op.f('ck_assessment_domain_mid')),
    sa.CheckConstraint('scale_max > scale_min', name=op.f('ck_assessment_domain_scale')),
    sa.PrimaryKeyConstraint('domain_code', name=op.f('pk_assessment_domain'))
    )
    op.create_table('import_log',
    sa.Column('import_id', sa.Integer(), server_default=sa.text("nextval('import_id_seq')"), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('user_name', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('row_counts', sa.Text(), nullable=True),
    sa.Column('message', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('import_id', name=op.f('pk_import_log'))
    )
    op.create_table('pilot',
    sa.Column('pilot_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('target_group', sa.String(length=200), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('is_demo', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.PrimaryKeyConstraint('pilot_id', name=op.f('pk_pilot'))
    )
    op.create_table('planning_region',
    sa.Column('region_code', sa.String(length=3), nullable=False),
    sa.Column('short_lv', sa.String(length=40), nullable=False),
    sa.Column('short_en', sa.String(length=40), nullable=False),
    sa.Column('name_lv', sa.String(length=80), nullable=False),
    sa.Column('name_en', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('region_code', name=op.f('pk_planning_region'))
    )
    op.create_table('provider',
    sa.Column('provider_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('provider_id', name=op.f('pk_provider'))
    )
    op.create_table('service_category',
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('name_lv', sa.String(length=80), nullable=False),
    sa.Column('name_en', sa.String(length=80), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('category', name=op.f('pk_service_category'))
    )
    op.create_table('service_usage',
    sa.Column('participant_key', sa.Integer(), nullable=False),
    sa.Column('service_code', sa.String(length=40), nullable=False),
    sa.Column('provider_id', sa.String(length=64), nullable=True),
    sa.Column('delivered_on', sa.Date(), nullable=False),
    sa.Column('month_only', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('units', sa.Float(), nullable=False),
    sa.Column('cost_eur', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('cost_eur >= 0', name=op.f('ck_service_usage_cost')),
    sa.CheckConstraint('units >= 0', name=op.f('ck_service_usage_units'))
    )
    op.create_table('municipality',
    sa.Column('municipality_code', sa.String(length=6), nullable=False),
    sa.Column('name_lv', sa.String(length=80), nullable=False),
    sa.Column('name_en', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('admin_centre', sa.String(length=40), nullable=False),
    sa.Column('region_code', sa.String(length=3), nullable=False),
    sa.Column('centre_lat', sa.Float(), nullable=False),
    sa.Column('centre_lon', sa.Float(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    *fk(sa.ForeignKeyConstraint(['region_code'], ['planning_region.region_code'], name=op.f('fk_municipality_region_code'))),
    sa.PrimaryKeyConstraint('municipality_code', name=op.f('pk_municipality'))
    )
    op.create_table('service',
    sa.Column('service_code', sa.String(length=40), nullable=False),
    sa.Column('name_lv', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=True),
    sa.Column('category', sa.String(length=40), nullable=True),
    sa.Column('unit', sa.String(length=10), nullable=False),
    sa.Column('in_catalogue', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.CheckConstraint("unit IN ('session', 'hour', 'day', 'trip')", name=op.f('ck_service_unit')),
    *fk(sa.ForeignKeyConstraint(['category'], ['service_category.category'], name=op.f('fk_service_category'))),
    sa.PrimaryKeyConstraint('service_code', name=op.f('pk_service'))
    )
    op.create_table('municipality_alias',
    sa.Column('alias', sa.String(length=80), nullable=False),
    sa.Column('municipality_code', sa.String(length=6), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=True),
    *fk(sa.ForeignKeyConstraint(['municipality_code'], ['municipality.municipality_code'], name=op.f('fk_municipality_alias_municipality_code'))),
    sa.PrimaryKeyConstraint('alias', name=op.f('pk_municipality_alias'))
    )
    op.create_table('participant',
    sa.Column('participant_key', sa.Integer(), server_default=sa.text("nextval('participant_key_seq')"), nullable=False),
    sa.Column('pilot_id', sa.String(length=64), nullable=False),
    sa.Column('participant_code', sa.String(length=64), nullable=False),
    sa.Column('municipality_code', sa.String(length=6), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=True),
    sa.Column('birth_year', sa.SmallInteger(), nullable=True),
    sa.Column('enrolled_on', sa.Date(), nullable=True),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('budget_eur', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("sex IN ('F', 'M')", name=op.f('ck_participant_sex')),
    sa.CheckConstraint('budget_eur >= 0', name=op.f('ck_participant_budget')),
    *fk(sa.ForeignKeyConstraint(['municipality_code'], ['municipality.municipality_code'], name=op.f('fk_participant_municipality_code'))),
    *fk(sa.ForeignKeyConstraint(['pilot_id'], ['pilot.pilot_id'], name=op.f('fk_participant_pilot_id'))),
    sa.PrimaryKeyConstraint('participant_key', name=op.f('pk_participant')),
    sa.UniqueConstraint('pilot_id', 'participant_code', name='uq_participant_pilot_code')
    )
    op.create_table('provider_service',
    sa.Column('provider_id', sa.String(length=64), nullable=False),
    sa.Column('service_code', sa.String(length=40), nullable=False),
    sa.Column('municipality_code', sa.String(length=6), nullable=False),
    sa.Column('outreach', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    *fk(sa.ForeignKeyConstraint(['municipality_code'], ['municipality.municipality_code'], name=op.f('fk_provider_service_municipality_code'))),
    *fk(sa.ForeignKeyConstraint(['provider_id'], ['provider.provider_id'], name=op.f('fk_provider_service_provider_id'))),
    *fk(sa.ForeignKeyConstraint(['service_code'], ['service.service_code'], name=op.f('fk_provider_service_service_code'))),
    sa.PrimaryKeyConstraint('provider_id', 'service_code', 'municipality_code', name=op.f('pk_provider_service'))
    )
    op.create_table('assessment',
    sa.Column('participant_key', sa.Integer(), nullable=False),
    sa.Column('round', sa.SmallInteger(), nullable=False),
    sa.Column('domain_code', sa.String(length=64), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('"round" >= 1', name=op.f('ck_assessment_round')),
    *fk(sa.ForeignKeyConstraint(['domain_code'], ['assessment_domain.domain_code'], name=op.f('fk_assessment_domain_code'))),
    *fk(sa.ForeignKeyConstraint(['participant_key'], ['participant.participant_key'], name=op.f('fk_assessment_participant_key'))),
    sa.PrimaryKeyConstraint('participant_key', 'round', 'domain_code', name=op.f('pk_assessment'))
    )
    op.create_table('plan_item',
    sa.Column('participant_key', sa.Integer(), nullable=False),
    sa.Column('round', sa.SmallInteger(), nullable=False),
    sa.Column('service_code', sa.String(length=40), nullable=False),
    sa.Column('planned_units', sa.Float(), nullable=False),
    sa.Column('priority', sa.SmallInteger(), nullable=True),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('"round" >= 1', name=op.f('ck_plan_item_round')),
    sa.CheckConstraint('planned_units >= 0', name=op.f('ck_plan_item_planned_units')),
    *fk(sa.ForeignKeyConstraint(['participant_key'], ['participant.participant_key'], name=op.f('fk_plan_item_participant_key'))),
    *fk(sa.ForeignKeyConstraint(['service_code'], ['service.service_code'], name=op.f('fk_plan_item_service_code'))),
    sa.PrimaryKeyConstraint('participant_key', 'round', 'service_code', name=op.f('pk_plan_item'))
    )


def downgrade() -> None:
    op.drop_table('plan_item')
    op.drop_table('assessment')
    op.drop_table('provider_service')
    op.drop_table('participant')
    op.drop_table('municipality_alias')
    op.drop_table('service')
    op.drop_table('municipality')
    op.drop_table('service_usage')
    op.drop_table('service_category')
    op.drop_table('provider')
    op.drop_table('planning_region')
    op.drop_table('pilot')
    op.drop_table('import_log')
    op.drop_table('assessment_domain')
    for name in SEQUENCES:
        op.execute(sa.schema.DropSequence(sa.Sequence(name)))
