"""Fast, transactional writes of DataFrames (bulk insert and upsert).

Both functions take an open ``Connection`` inside the caller's transaction, so several
tables land together or not at all. Table and column names come from ``schema``; values
always travel as data (a registered DataFrame, COPY rows or bound parameters).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

_CHUNK = 5_000


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


def _duck_type(column: sa.Column) -> str:
    return column.type.compile(dialect=sa.dialects.postgresql.dialect())


def _postgres_copy(conn: Connection, table: sa.Table, df: pd.DataFrame) -> None:
    import psycopg

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


def _py(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def upsert(conn: Connection, table: sa.Table, df: pd.DataFrame) -> int:
    """Insert new rows of ``df`` and update stored rows whose values differ; return len(df).

    Meant for small dimension tables. Only changed columns of changed rows are updated:
    DuckDB rewrites an update of an indexed column as delete + insert, which its foreign
    keys refuse while other rows refer to the row, so unchanged rows must not be touched.
    """
    if df.empty:
        return 0
    keys = [c.name for c in table.primary_key.columns]
    missing = [k for k in keys if k not in df.columns]
    if missing:
        raise ValueError(f"upsert into {table.name} needs the key columns {missing}")
    stored = _stored_rows(conn, table, list(df.columns), keys)
    new_rows, changes = [], []
    for row in _records(df):
        key = tuple(row[k] for k in keys)
        if key not in stored:
            new_rows.append(row)
            continue
        changed = {c: v for c, v in row.items() if c not in keys and stored[key][c] != v}
        if changed:
            changes.append((key, changed))
    if new_rows:
        bulk_insert(conn, table, pd.DataFrame(new_rows, columns=df.columns))
    for key, changed in changes:
        where = [table.c[k] == v for k, v in zip(keys, key, strict=True)]
        conn.execute(table.update().where(*where).values(**changed))
    return len(df)


def _stored_rows(
    conn: Connection, table: sa.Table, columns: list[str], keys: list[str]
) -> dict[tuple, dict]:
    result = conn.execute(sa.select(*(table.c[c] for c in columns)))
    rows = (dict(r._mapping) for r in result)
    return {tuple(r[k] for k in keys): r for r in rows}
