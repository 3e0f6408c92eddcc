"""Users with roles and municipality scope; the audit log.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def fk(constraint: sa.ForeignKeyConstraint) -> list:
    """Foreign keys exist on PostgreSQL only (see evaldash.db.schema for why not on DuckDB)."""
    return [] if op.get_bind().dialect.name == "duckdb" else [constraint]


def upgrade() -> None:
    op.execute(sa.schema.CreateSequence(sa.Sequence("audit_id_seq")))
    op.create_table('app_user',
    sa.Column('user_name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('municipality_code', sa.String(length=6), nullable=True),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('failed_logins', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("role IN ('ministry', 'municipality', 'public', 'admin')", name=op.f('ck_app_user_role')),
    sa.CheckConstraint(
        "(role = 'municipality' AND municipality_code IS NOT NULL) "
        "OR (role <> 'municipality' AND municipality_code IS NULL)",
        name=op.f('ck_app_user_scope'),
    ),
    *fk(sa.ForeignKeyConstraint(['municipality_code'], ['municipality.municipality_code'], name=op.f('fk_app_user_municipality_code'))),
    sa.PrimaryKeyConstraint('user_name', name=op.f('pk_app_user')),
    sa.UniqueConstraint('email', name=op.f('uq_app_user_email'))
    )
    op.create_table('audit_log',
    sa.Column('audit_id', sa.Integer(), server_default=sa.text("nextval('audit_id_seq')"), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_name', sa.String(length=100), nullable=True),
    sa.Column('event', sa.String(length=30), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('audit_id', name=op.f('pk_audit_log'))
    )


def downgrade() -> None:
    op.drop_table('audit_log')
    op.drop_table('app_user')
    op.execute(sa.schema.DropSequence(sa.Sequence("audit_id_seq")))
