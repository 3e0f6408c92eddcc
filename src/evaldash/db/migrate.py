"""Schema versions (Alembic): bring any database to the current version.

Alembic is imported only to migrate: the app's start checks the revision with plain SQL
against :data:`HEAD_REVISION`, which spares a new server's first page the import.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")

HEAD_REVISION = "0017"
"""The newest migration's revision, :func:`head_revision` without reading the migrations (a
test holds the two together: a new migration changes both)."""

VERSION_TABLE = "alembic_version"


def _config(connection: Connection | None = None) -> Config:
    # duckdb_sqlalchemy registers its Alembic support on import only when Alembic is there
    # already, which it no longer is when the engine is made.
    import duckdb_sqlalchemy.alembic_impl  # noqa: F401
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """Return the newest schema revision this version of evaldash knows, from the migrations."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "no migrations found"  # noqa: S101 - packaging invariant
    return head


def known_revisions() -> set[str]:
    """Return every schema revision this version of evaldash knows."""
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    """Return the database's schema revision, or None for an empty database."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table(VERSION_TABLE):
            return None
        version = sa.table(VERSION_TABLE, sa.column("version_num", sa.String))
        return conn.execute(sa.select(version.c.version_num)).scalar_one_or_none()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply all pending migrations in one transaction."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_config(conn), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Revert migrations down to ``revision`` (``"base"`` drops everything)."""
    from alembic import command

    with engine.begin() as conn:
        command.downgrade(_config(conn), revision)


def revision(message: str, engine: Engine) -> None:
    """Autogenerate a new migration from the difference between schema.py and ``engine``.

    A developer tool: review the generated file before committing it.
    """
    from alembic import command

    with engine.begin() as conn:
        command.revision(_config(conn), message=message, autogenerate=True)
