"""Query functions: engine and Filters in, documented DataFrame out. No Streamlit here."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from typing import ParamSpec

import pandas as pd
from sqlalchemy.engine import Engine
from sqlalchemy.sql import Executable

_P = ParamSpec("_P")
_memo: ContextVar[dict | None] = ContextVar("evaldash_shared", default=None)


@contextlib.contextmanager
def shared() -> Iterator[None]:
    """Within this block, a :func:`memoized` building block runs once per distinct call.

    A page asks several metrics that rest on the same grouping (the provider gaps of a
    region, of its municipalities and on the map all start from the planned and delivered
    units per municipality); inside ``shared`` that grouping is read from the database once.
    The memory lasts for the block only (one page being built), so nothing outlives a change
    of the data; outside any block every call reads the database. Each thread has its own.
    """
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def memoized(fn: Callable[_P, pd.DataFrame]) -> Callable[_P, pd.DataFrame]:
    """Let ``fn(engine, *args)`` be answered once per :func:`shared` block for equal arguments.

    The arguments must be hashable (engines, :class:`~evaldash.filters.Filters`, strings);
    every caller gets its own copy of the frame.
    """

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> pd.DataFrame:
        memo = _memo.get()
        if memo is None:
            return fn(*args, **kwargs)
        key = (fn.__module__, fn.__qualname__, args, tuple(sorted(kwargs.items())))
        if key not in memo:
            memo[key] = fn(*args, **kwargs)
        return memo[key].copy()

    return wrapper


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
