"""Schema versions (Alembic): bring any database to the current version."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

MIGRATIONS = Path(__file__).with_name("migrations")


def _config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """Return the newest schema revision this version of evaldash knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "no migrations found"  # noqa: S101 - packaging invariant
    return head


def known_revisions() -> set[str]:
    """Return every schema revision this version of evaldash knows."""
    return {s.revision for s in ScriptDirectory.from_config(_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    """Return the database's schema revision, or None for an empty database."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply all pending migrations in one transaction."""
    with engine.begin() as conn:
        command.upgrade(_config(conn), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Revert migrations down to ``revision`` (``"base"`` drops everything)."""
    with engine.begin() as conn:
        command.downgrade(_config(conn), revision)


def revision(message: str, engine: Engine) -> None:
    """Autogenerate a new migration from the difference between schema.py and ``engine``.

    A developer tool: review the generated file before committing it.
    """
    with engine.begin() as conn:
        command.revision(_config(conn), message=message, autogenerate=True)
