"""Bring a database to a usable state: schema, reference data, and the demo on first start.

The database part (migrations, reference data) is :mod:`evaldash.db.bootstrap`; this module
adds writing the demo pilots (:mod:`evaldash.demo`) and the national-scale demo
(:mod:`evaldash.national`), which sit above the database layer. The app and the command line
use this module; ``init_db`` and ``check_schema`` are the database layer's, offered here too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pandas as pd
from sqlalchemy.engine import Engine

from evaldash.db.bootstrap import InitResult, check_schema, ensure_schema, has_pilots, init_db
from evaldash.db.load import LoadResult, replace_pilots, replace_pilots_in_chunks
from evaldash.progress import Progress, silent

__all__ = [
    "InitResult",
    "check_schema",
    "ensure_ready",
    "has_pilots",
    "init_db",
    "install_demo",
    "install_national",
]


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
    engine: Engine,
    seed: int | None = None,
    participants: int | None = None,
    progress: Progress = silent,
) -> LoadResult:
    """Initialise the database if needed and (re)write the national-scale demo pilot.

    Generated and written in chunks of participants, so memory stays bounded; ``progress``
    hears the participants whose facts are written (``demo``) after each chunk.
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
        _counted(national.facts(head.participants, head.providers, seed), people, progress),
        kind="demo",
        source=f"evaldash demo --scale national --seed {seed} --participants {people}",
        is_demo=True,
    )


def _counted(
    chunks: Iterable[dict[str, pd.DataFrame]], people: int, progress: Progress
) -> Iterator[dict[str, pd.DataFrame]]:
    """Pass the chunks on; after each has been written, tell ``progress`` how far it got."""
    from evaldash import national

    progress("demo", 0, people)
    for number, chunk in enumerate(chunks, start=1):
        yield chunk  # the writer asks for the next chunk once this one is written
        progress("demo", min(number * national.CHUNK, people), people)


def ensure_ready(engine: Engine, auto_demo: bool) -> bool:
    """Prepare the database for the app; return True when the demo was loaded just now.

    An empty database gets the schema, the reference data and (if ``auto_demo``) the demo.
    An outdated schema is not migrated behind the operator's back: that needs ``init-db``.
    """
    ensure_schema(engine)
    if auto_demo and not has_pilots(engine):
        install_demo(engine)
        return True
    return False
