"""service.name_short_lv/_en: short service names that label charts.

The full names (up to 200 characters) squash a chart's axis; the short ones label it and the
full name stays in hovers and tables. The shipped catalogue's short names are written by the
reference sync that follows every migration; services added by imports get theirs from the
package (optional) or a shortened full name when charts are drawn.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('service', sa.Column('name_short_lv', sa.String(length=40), nullable=True))
    op.add_column('service', sa.Column('name_short_en', sa.String(length=40), nullable=True))


def downgrade() -> None:
    op.drop_column('service', 'name_short_en')
    op.drop_column('service', 'name_short_lv')
