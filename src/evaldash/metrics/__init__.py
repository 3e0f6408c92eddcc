"""Query functions: engine and Filters in, documented DataFrame out. No Streamlit here."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from sqlalchemy.engine import Engine
from sqlalchemy.sql import Executable


def query(engine: Engine, stmt: Executable, dtypes: Mapping[str, str]) -> pd.DataFrame:
    """Run ``stmt`` and return its rows as a DataFrame with exactly ``dtypes``.

    Dates are returned as ``datetime64[s]`` columns when asked for ``"datetime64[s]"``. The
    connection is closed before returning (the embedded database must not stay locked).

    DuckDB hands its result over column by column (``df()``); other drivers' rows are made
    plain tuples first, because pandas probes every SQLAlchemy ``Row`` for array attributes,
    which costs seconds at national scale.
    """
    with engine.connect() as conn:
        result = conn.execute(stmt)
        keys = list(result.keys())
        if conn.dialect.name == "duckdb":
            df = result.cursor.df()
            df.columns = keys
        else:
            df = pd.DataFrame.from_records([tuple(r) for r in result], columns=keys)
    missing = [c for c in dtypes if c not in df.columns]
    if missing:
        raise ValueError(f"query returned no column {missing}; it returned {list(df.columns)}")
    out = df[list(dtypes)].copy()
    for column, dtype in dtypes.items():
        if dtype.startswith("datetime64"):
            out[column] = pd.to_datetime(out[column]).astype(dtype)
        else:
            out[column] = out[column].astype(dtype)
    return out
