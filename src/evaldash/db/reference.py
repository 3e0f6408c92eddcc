"""Reference data shipped in ``data/``: planning regions, municipalities, aliases, services.

``sync`` writes the shipped files into a database (insert new rows, update changed ones). It
never deletes: services added by an import (``in_catalogue`` false) and municipalities that
participants refer to stay. Reading the files (``read``) is :mod:`evaldash.reference_data`'s.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from evaldash.db import schema
from evaldash.db.write import upsert
from evaldash.reference_data import FILES, read

__all__ = ["FILES", "read", "sync"]


def sync(conn: Connection) -> dict[str, int]:
    """Upsert every reference table in dependency order; return rows per table."""
    counts = {}
    for table in schema.REFERENCE_TABLES:
        df = read(table.name)
        counts[table.name] = upsert(conn, table, df)
    return counts
