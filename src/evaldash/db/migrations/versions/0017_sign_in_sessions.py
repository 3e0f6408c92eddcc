"""sign_in_attempt and app_session: unknown names lock like accounts; sign-ins kept by a cookie.

``sign_in_attempt`` counts wrong tries of a typed name that is no account under a keyed hash of
the name (the audit log never holds the typed text), so an unknown name is locked after five
tries as an account is and the answers do not tell them apart. ``app_session`` holds the
built-in sign-ins that a browser keeps in a signed, expiring cookie (its random id hashed), so
a refresh or a new tab stays signed in until the cookie expires or the user signs out.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sign_in_attempt',
    sa.Column('name_key', sa.String(length=64), nullable=False),
    sa.Column('failed_logins', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('last_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name_key', name=op.f('pk_sign_in_attempt'))
    )
    op.create_table('app_session',
    sa.Column('session_key', sa.String(length=64), nullable=False),
    sa.Column('user_name', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('session_key', name=op.f('pk_app_session'))
    )


def downgrade() -> None:
    op.drop_table('app_session')
    op.drop_table('sign_in_attempt')
