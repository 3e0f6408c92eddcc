"""Reading the database: the query runner, and the groupings a page's metrics share.

Every metric, check and account lookup reads through :func:`query`. No Streamlit here.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import weakref
from collections.abc import Callable, Hashable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import ParamSpec

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ClauseElement, Executable, FromClause
from sqlalchemy.sql import util as sql_util
from sqlalchemy.sql.compiler import SQLCompiler

_P = ParamSpec("_P")


@dataclass
class _Block:
    """What one :func:`shared` block remembers: frames, kept groupings, their connections."""

    memo: dict = field(default_factory=dict)
    kept: dict[Hashable, sa.Table] = field(default_factory=dict)
    definitions: dict[sa.Table, sa.Select] = field(default_factory=dict)
    metadata: sa.MetaData = field(default_factory=sa.MetaData)
    # per engine: the connection holding the kept tables, and which of them it has built
    connections: dict[Engine, tuple[Connection, set[sa.Table]]] = field(default_factory=dict)
    names: Iterator[int] = field(default_factory=itertools.count)

    def release(self, engine: Engine | None = None) -> None:
        """Close the connections (of ``engine``, or all): their kept tables go with them."""
        for held in [engine] if engine is not None else list(self.connections):
            conn, _built = self.connections.pop(held, (None, None))
            if conn is not None:
                conn.close()


_block: ContextVar[_Block | None] = ContextVar("evaldash_shared", default=None)


@contextlib.contextmanager
def shared() -> Iterator[None]:
    """Within this block, a page's metrics share what they have in common.

    A page asks several metrics that rest on the same grouping (the provider gaps of a
    region, of its municipalities and on the map all start from the planned and delivered
    units per municipality; the ranking, the headline and the gaps of a period all start from
    the period's deliveries per participant and service). Inside ``shared``:

    - a :func:`memoized` building block runs once per distinct call;
    - a :func:`kept` grouping is computed once, into a temporary table of the connection the
      block's queries then share, and read from there by every query that uses it.

    The memory lasts for the block only (one page being built), so nothing outlives a change
    of the data; the kept tables are dropped with their connection when the block ends.
    Outside any block every call reads the database. Each thread has its own.
    """
    block = _Block()
    token = _block.set(block)
    try:
        yield
    finally:
        _block.reset(token)
        block.release()


def memoized(fn: Callable[_P, pd.DataFrame]) -> Callable[_P, pd.DataFrame]:
    """Let ``fn(engine, *args)`` be answered once per :func:`shared` block for equal arguments.

    The arguments must be hashable (engines, :class:`~evaldash.filters.Filters`, strings);
    every caller gets its own copy of the frame.
    """

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> pd.DataFrame:
        block = _block.get()
        if block is None:
            return fn(*args, **kwargs)
        memo = block.memo
        key = (fn.__module__, fn.__qualname__, args, tuple(sorted(kwargs.items())))
        if key not in memo:
            memo[key] = fn(*args, **kwargs)
        return memo[key].copy()

    return wrapper


def kept(engine: Engine, key: Hashable, definition: sa.Select, name: str) -> FromClause:
    """``definition`` as a FROM clause named ``name``; inside :func:`shared`, computed once.

    Outside a block this is ``definition.subquery(name)``. Inside one, it is a temporary table
    that the first :func:`query` needing it fills with ``definition`` (on the connection the
    block's queries on ``engine`` then share); every later query of the block with an equal
    ``key`` reads that table instead of grouping again. The table is dropped when the block
    ends. A PostgreSQL account without the right to create temporary tables gets the subquery.
    """
    block = _block.get()
    if block is None or not _may_keep(engine):
        return definition.subquery(name)
    table = block.kept.get(key)
    if table is None:
        columns = [sa.Column(c.name, c.type) for c in definition.selected_columns]
        table = sa.Table(
            f"evaldash_kept_{next(block.names)}", block.metadata, *columns, prefixes=["TEMPORARY"]
        )
        block.kept[key], block.definitions[table] = table, definition
    return table.alias(name)


_MAY_KEEP: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def _may_keep(engine: Engine) -> bool:
    """Whether ``engine``'s account may create temporary tables (asked once per engine).

    DuckDB always may. On PostgreSQL it is the database's TEMPORARY privilege: granted to
    everyone unless an administrator revoked it (a strictly read-only account).
    """
    if engine not in _MAY_KEEP:
        if engine.dialect.name == "postgresql":
            ask = sa.text("SELECT has_database_privilege(current_database(), 'TEMPORARY')")
            with engine.connect() as conn:
                _MAY_KEEP[engine] = bool(conn.execute(ask).scalar_one())
        else:
            _MAY_KEEP[engine] = True
    return _MAY_KEEP[engine]


def already_kept(engine: Engine, key: Hashable, name: str) -> FromClause | None:
    """The :func:`kept` grouping of ``key`` if this block keeps one on ``engine``, else ``None``.

    For a query that can do without the grouping more cheaply when it would be the only
    reader, but should read it when another of the page's metrics has asked for it.
    """
    block = _block.get()
    table = None if block is None else block.kept.get(key)
    return None if table is None or not _may_keep(engine) else table.alias(name)


@contextlib.contextmanager
def _connection(engine: Engine, stmt: Executable) -> Iterator[Connection]:
    """A connection for ``stmt``: the block's, with the kept tables it reads, or a new one."""
    block = _block.get()
    needed = [] if block is None else _kept_tables(block, stmt)
    if block is None or (not needed and engine not in block.connections):
        with engine.connect() as conn:
            yield conn
        return
    if engine not in block.connections:
        block.connections[engine] = (engine.connect(), set())
    conn, built = block.connections[engine]
    try:
        for table in needed:
            if table not in built:
                conn.execute(_CreateTableAs(table, block.definitions[table]))
                built.add(table)
        yield conn
    except Exception:
        # a failed statement may leave the transaction unusable (PostgreSQL): start afresh
        block.release(engine)
        raise


class _CreateTableAs(Executable, ClauseElement):
    """``CREATE TEMPORARY TABLE table AS definition``: a kept grouping, made and filled.

    One statement rather than CREATE and INSERT ... SELECT: PostgreSQL may fill it with
    parallel workers, which it never uses for an INSERT (a period's sums of a national
    pilot in 0.23 s instead of 0.40 on two cores). The table's columns are the definition's.
    """

    inherit_cache = False

    def __init__(self, table: sa.Table, definition: sa.Select) -> None:
        self.table, self.definition = table, definition


@compiles(_CreateTableAs)
def _create_table_as(element: _CreateTableAs, compiler: SQLCompiler, **kw: object) -> str:
    name = compiler.preparer.format_table(element.table)
    return f"CREATE TEMPORARY TABLE {name} AS {compiler.process(element.definition, **kw)}"


def _kept_tables(block: _Block, stmt: Executable) -> list[sa.Table]:
    if not block.definitions:
        return []
    return [t for t in sql_util.find_tables(stmt) if t in block.definitions]  # type: ignore[arg-type]


def query(engine: Engine, stmt: Executable, dtypes: Mapping[str, str]) -> pd.DataFrame:
    """Run ``stmt`` and return its rows as a DataFrame with exactly ``dtypes``.

    Dates are returned as ``datetime64[s]`` columns when asked for ``"datetime64[s]"``. The
    connection is closed before returning (the embedded database must not stay locked).

    DuckDB hands its result over column by column (``df()``); other drivers' rows are taken
    from the driver's cursor as they are (plain tuples), because pandas probes every
    SQLAlchemy ``Row`` for array attributes, which costs seconds at national scale, and even
    making each ``Row`` a tuple took 0.17 s for 50,000 rows. The driver's values (such as
    ``Decimal`` for NUMERIC) are then converted by ``dtypes``.
    """
    with _connection(engine, stmt) as conn:
        result = conn.execute(stmt)
        keys = list(result.keys())
        if conn.dialect.name == "duckdb":
            df = result.cursor.df()
            df.columns = keys
        else:  # the driver's rows as they are: SQLAlchemy's Row per row took 0.17 s in 50,000
            df = pd.DataFrame.from_records(result.cursor.fetchall(), columns=keys)
            result.close()
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
