"""Database setup: the schema (migrations) and the reference data.

Writing the demo pilots on first start lives above the database layer, in
:mod:`evaldash.bootstrap`.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from evaldash.db import migrate, reference, schema
from evaldash.db.engine import describe
from evaldash.errors import SchemaOutdatedError


@dataclass(frozen=True)
class InitResult:
    """What ``init_db`` did."""

    revision_before: str | None
    revision_after: str
    reference_rows: dict[str, int]


def init_db(engine: Engine) -> InitResult:
    """Migrate ``engine``'s database to the current schema and synchronise reference data."""
    before = migrate.current_revision(engine)
    head = migrate.head_revision()
    if before is not None and before not in migrate.known_revisions():
        raise SchemaOutdatedError(
            f"The database {describe(engine.url)} has schema revision {before!r}, which this "
            f"version of evaldash does not know (newest: {head!r}). Upgrade evaldash."
        )
    migrate.upgrade(engine)
    with engine.begin() as conn:
        counts = reference.sync(conn)
    return InitResult(before, head, counts)


def check_schema(engine: Engine) -> str | None:
    """Return the schema revision; raise ``SchemaOutdatedError`` if it is not the current one.

    ``None`` means the database is empty (no evaldash schema yet).
    """
    current = migrate.current_revision(engine)
    if current is not None and current != migrate.HEAD_REVISION:
        raise SchemaOutdatedError(
            f"The database {describe(engine.url)} has schema revision {current!r}; this version "
            f"of evaldash needs {migrate.HEAD_REVISION!r}. Run: python -m evaldash init-db"
        )
    return current


def has_pilots(engine: Engine) -> bool:
    """Return True when at least one pilot is stored."""
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(schema.pilot)).scalar_one() > 0


def ensure_schema(engine: Engine) -> None:
    """Give an empty database the schema and the reference data; check any other's schema.

    An outdated schema is not migrated behind the operator's back: that needs ``init-db``.
    """
    if check_schema(engine) is None:
        init_db(engine)
