"""Fast, transactional writes of DataFrames (bulk insert and upsert).

Both functions take an open ``Connection`` inside the caller's transaction, so several
tables land together or not at all. Table and column names come from ``schema``; values
always travel as data (a registered DataFrame, COPY rows or bound parameters).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

_CHUNK = 5_000
MERGE_MEMORY = "400MB"  # DuckDB's memory for merging a large fact table


def _records(df: pd.DataFrame) -> list[dict]:
    """Return rows as dicts with Python scalars and None for missing values."""
    clean = df.astype(object).where(df.notna(), None)
    return clean.to_dict(orient="records")


def _chunks(df: pd.DataFrame, size: int = _CHUNK) -> Iterator[pd.DataFrame]:
    for start in range(0, len(df), size):
        yield df.iloc[start : start + size]


def bulk_insert(conn: Connection, table: sa.Table, df: pd.DataFrame) -> int:
    """Append ``df`` (columns named as in ``table``) and return the number of rows."""
    if df.empty:
        return 0
    unknown = [c for c in df.columns if c not in table.c]
    if unknown:
        raise ValueError(
            f"{unknown} are not columns of table {table.name}; "
            f"expected some of {list(table.c.keys())}"
        )
    if conn.dialect.name == "duckdb":
        _duckdb_insert(conn, table, df)
    elif conn.dialect.name == "postgresql":
        _postgres_copy(conn, table, df)
    else:  # pragma: no cover - only the two supported databases exist
        for chunk in _chunks(df):
            conn.execute(table.insert(), _records(chunk))
    return len(df)


def _duckdb_insert(conn: Connection, table: sa.Table, df: pd.DataFrame) -> None:
    raw = conn.connection.dbapi_connection
    view = f"_evaldash_insert_{table.name}"
    cols = ", ".join(f'"{c}"' for c in df.columns)
    casts = ", ".join(f'CAST("{c}" AS {_duck_type(table.c[c])}) AS "{c}"' for c in df.columns)
    raw.register(view, df)
    try:
        # Only identifiers from schema.py are formatted in; the values stay in the DataFrame.
        insert = f'INSERT INTO "{table.name}" ({cols}) SELECT {casts} FROM {view}'  # noqa: S608
        conn.exec_driver_sql(insert)
    finally:
        raw.unregister(view)


def _duck_type(column: sa.Column, dialect: str = "duckdb") -> str:
    """Return the SQL type of ``column`` for casts and staging tables.

    DuckDB reads FLOAT as a 4-byte REAL, so Float columns (DOUBLE in its tables) must be cast
    to DOUBLE or they lose precision (57.246 would come back as 57.24599838).
    """
    if dialect == "duckdb" and isinstance(column.type, sa.Float):
        return "DOUBLE"
    return column.type.compile(dialect=sa.dialects.postgresql.dialect())


def _postgres_copy(conn: Connection, table: sa.Table, df: pd.DataFrame) -> None:
    import psycopg

    df = _whole_numbers(table, df)
    cols = ", ".join(f'"{c}"' for c in df.columns)
    statement = f'COPY "{table.name}" ({cols}) FROM STDIN'
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        with cursor.copy(statement) as copy:
            for chunk in _chunks(df, 50_000):
                values = chunk.astype(object).where(chunk.notna(), None).to_numpy()
                for row in values:
                    copy.write_row(tuple(_py(v) for v in row))
    except psycopg.Error as exc:
        # Raise what SQLAlchemy raises for the same error on a normal statement.
        raise sa.exc.DBAPIError.instance(statement, None, exc, psycopg.Error) from exc


def _whole_numbers(table: sa.Table, df: pd.DataFrame) -> pd.DataFrame:
    """Return ``df`` with its integer columns as ``Int64``.

    A frame built from records turns whole numbers with a gap into floats, and COPY refuses
    ``1980.0`` for a smallint.
    """
    floats = [
        c
        for c in df.columns
        if isinstance(table.c[c].type, sa.Integer) and pd.api.types.is_float_dtype(df[c])
    ]
    return df.astype({c: "Int64" for c in floats}) if floats else df


def _py(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


@dataclass(frozen=True)
class Merged:
    """What a merge did: rows new to the table, rows changed, rows already as given."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        """Return the counts by name."""
        return {"inserted": self.inserted, "updated": self.updated, "unchanged": self.unchanged}


def upsert(conn: Connection, table: sa.Table, df: pd.DataFrame) -> int:
    """Insert new rows of ``df`` and update stored rows whose values differ; return len(df).

    The row identity is the primary key. See ``merge_rows``.
    """
    merge_rows(conn, table, df)
    return len(df)


def merge_rows(
    conn: Connection,
    table: sa.Table,
    df: pd.DataFrame,
    keys: list[str] | None = None,
    stamp: dict[str, object] | None = None,
) -> Merged:
    """Merge a small frame into ``table`` by ``keys`` (default: the primary key).

    Meant for dimension tables. Only changed columns of changed rows are updated: DuckDB
    rewrites an update of an indexed column as delete + insert, which its foreign keys refuse
    while other rows refer to the row, so unchanged rows must not be touched. ``stamp``
    columns (e.g. ``import_id``) are written on inserted and updated rows only.
    """
    if df.empty:
        return Merged()
    keys = keys or [c.name for c in table.primary_key.columns]
    missing = [k for k in keys if k not in df.columns]
    if missing:
        raise ValueError(f"merge into {table.name} needs the key columns {missing}")
    stamp = stamp or {}
    stored = _stored_rows(conn, table, list(df.columns), keys)
    new_rows, changes, unchanged = [], [], 0
    for row in _records(df):
        key = tuple(_comparable(row[k]) for k in keys)
        if key not in stored:
            new_rows.append({**row, **stamp})
            continue
        changed = {c: v for c, v in row.items() if c not in keys and not _same(stored[key][c], v)}
        if changed:
            changes.append((key, {**changed, **stamp}))
        else:
            unchanged += 1
    if new_rows:
        bulk_insert(conn, table, pd.DataFrame(new_rows))
    for key, changed in changes:
        where = [table.c[k] == v for k, v in zip(keys, key, strict=True)]
        conn.execute(table.update().where(*where).values(**changed))
    return Merged(len(new_rows), len(changes), unchanged)


def _stored_rows(
    conn: Connection, table: sa.Table, columns: list[str], keys: list[str]
) -> dict[tuple, dict]:
    result = conn.execute(sa.select(*(table.c[c] for c in columns)))
    rows = (dict(r._mapping) for r in result)
    return {tuple(_comparable(r[k]) for k in keys): r for r in rows}


def _comparable(value: object) -> object:
    """Return a value in the form stored and given values are compared in."""
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):  # pandas Timestamps too: a midnight is a date
        return value.date() if value.time() == time(0) else value.replace(tzinfo=None)
    if isinstance(value, np.generic):
        return value.item()
    return value


def _same(stored: object, given: object) -> bool:
    a, b = _comparable(stored), _comparable(given)
    if isinstance(a, float) and isinstance(b, float | int):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a))
    return a == b


@contextlib.contextmanager
def bounded_memory(conn: Connection, limit: str) -> Iterator[None]:
    """Within the block DuckDB uses at most ``limit`` (e.g. ``"768MB"``) and spills beyond it.

    DuckDB would otherwise take up to 80 % of the RAM for a large grouping or join. The limit
    holds for the whole database while the block runs and is reset to DuckDB's default after
    it (evaldash sets no other; blocks do not nest); other databases are left alone.
    """
    if conn.dialect.name != "duckdb":
        yield
        return
    conn.exec_driver_sql(f"SET memory_limit = '{limit}'")
    try:
        yield
    except BaseException:
        # A statement that failed (running out of this very memory, say) has aborted the
        # transaction, which then refuses even the RESET, and that refusal would hide the
        # error. A second connection to the same database resets the limit instead.
        other = conn.connection.dbapi_connection.duplicate()
        try:
            other.execute("RESET memory_limit")
        finally:
            other.close()
        raise
    conn.exec_driver_sql("RESET memory_limit")


def merge_facts(conn: Connection, table: sa.Table, df: pd.DataFrame, keys: list[str]) -> Merged:
    """Merge a large frame into a fact table by ``keys``, in the database.

    The frame is staged in a temporary table; stored rows with the same key but other values
    are deleted, and staged rows whose key is not stored (any more) are inserted. Rows given
    exactly as stored are left alone, so importing the same package twice changes nothing.
    """
    if df.empty:
        return Merged()
    if "participant_key" in keys and not _any_stored(conn, table, df["participant_key"]):
        # Nothing stored for these participants yet (a new pilot): no rows to compare.
        return Merged(bulk_insert(conn, table, df), 0, 0)
    stage = f"_evaldash_stage_{table.name}"
    # The joins below may spill to disk rather than grow the process past its budget.
    with bounded_memory(conn, MERGE_MEMORY):
        _stage(conn, table, df, stage)
        values = [c for c in df.columns if c not in keys and c != "import_id"]
        nullable = {c.name for c in table.columns if c.nullable}
        match = " AND ".join(
            f't."{k}" IS NOT DISTINCT FROM s."{k}"' if k in nullable else f't."{k}" = s."{k}"'
            for k in keys
        )
        same = " AND ".join(f't."{v}" IS NOT DISTINCT FROM s."{v}"' for v in values) or "TRUE"
        cols = ", ".join(f'"{c}"' for c in df.columns)
        # Identifiers come from schema.py; values stay in the staged table.
        unchanged = conn.exec_driver_sql(
            f"SELECT count(*) FROM {stage} s WHERE EXISTS "  # noqa: S608
            f'(SELECT 1 FROM "{table.name}" t WHERE {match} AND {same})'
        ).scalar_one()
        updated = conn.exec_driver_sql(
            f'DELETE FROM "{table.name}" t USING {stage} s WHERE {match} AND NOT ({same})'  # noqa: S608
        ).rowcount
        inserted = conn.exec_driver_sql(
            f'INSERT INTO "{table.name}" ({cols}) SELECT {cols} FROM {stage} s '  # noqa: S608
            f'WHERE NOT EXISTS (SELECT 1 FROM "{table.name}" t WHERE {match})'
        ).rowcount
        conn.exec_driver_sql(f"DROP TABLE {stage}")
    return Merged(inserted - updated, updated, int(unchanged))


def _any_stored(conn: Connection, table: sa.Table, keys: pd.Series) -> bool:
    """Return True when ``table`` may hold rows of these participants (checked by key range)."""
    low, high = int(keys.min()), int(keys.max())
    column = table.c.participant_key
    stmt = sa.select(sa.exists().where(column.between(low, high)))
    return bool(conn.execute(stmt).scalar_one())


def _stage(conn: Connection, table: sa.Table, df: pd.DataFrame, stage: str) -> None:
    columns = ", ".join(f'"{c}" {_duck_type(table.c[c], conn.dialect.name)}' for c in df.columns)
    conn.exec_driver_sql(f"CREATE TEMPORARY TABLE {stage} ({columns})")
    staged = sa.Table(stage, sa.MetaData(), *(sa.Column(c, table.c[c].type) for c in df.columns))
    bulk_insert(conn, staged, df)
