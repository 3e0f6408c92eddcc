"""Bring a database to a usable state: schema, reference data, and the demo on first start."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from evaldash.db import migrate, reference, schema
from evaldash.db.engine import describe
from evaldash.db.load import LoadResult, replace_pilots, replace_pilots_in_chunks
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


def install_demo(engine: Engine, seed: int | None = None) -> LoadResult:
    """Initialise the database if needed and (re)write the demo pilots."""
    from evaldash import demo

    seed = demo.DEMO_SEED if seed is None else seed
    init_db(engine)
    return replace_pilots(
        engine,
        demo.generate(seed),
        kind="demo",
        source=f"evaldash demo --seed {seed}",
        is_demo=True,
    )


def install_national(
    engine: Engine, seed: int | None = None, participants: int | None = None
) -> LoadResult:
    """Initialise the database if needed and (re)write the national-scale demo pilot.

    Generated and written in chunks of participants, so memory stays bounded.
    """
    from evaldash import national

    seed = 1 if seed is None else seed
    people = national.PARTICIPANTS if participants is None else participants
    init_db(engine)
    head = national.head(people, seed)
    return replace_pilots_in_chunks(
        engine,
        {
            "pilots": head.pilots,
            "domains": head.domains,
            "participants": head.participants,
            "providers": head.providers,
        },
        national.facts(head.participants, head.providers, seed),
        kind="demo",
        source=f"evaldash demo --scale national --seed {seed} --participants {people}",
        is_demo=True,
    )


def ensure_ready(engine: Engine, auto_demo: bool) -> bool:
    """Prepare the database for the app; return True when the demo was loaded just now.

    An empty database gets the schema, the reference data and (if ``auto_demo``) the demo.
    An outdated schema is not migrated behind the operator's back: that needs ``init-db``.
    """
    if check_schema(engine) is None:
        init_db(engine)
    if auto_demo and not has_pilots(engine):
        install_demo(engine)
        return True
    return False
