"""Engine factory for the two supported databases.

DuckDB (embedded default) allows one writing process per file, so the DuckDB engine holds
the file only while it is in use: connections are not pooled (``NullPool``), and with
``keep_open`` seconds (the dashboard) one extra connection keeps the database open until the
engine has not connected for that long. While it is open, new connections share the open
database and its buffers (no 20 ms open, no re-reading of the columns a query needs); once
it closes, a CLI import can take the file. When another process holds the file, connecting
is retried for ``busy_timeout`` seconds and then fails with a ``DatabaseBusyError`` that
says what to do.

A user clicking through the dashboard would keep the file open for good, so a command that
finds the file held asks for its turn: it writes ``<file>.wanted`` (its process id, touched
every second while it runs; removed when it ends). A dashboard engine that sees a fresh
request closes its anchor, lets the page runs already connected finish, and opens no new
connection until the command is done (or ``busy_timeout`` has passed: then its page says the
database is busy). A request not touched for :data:`STALE_REQUEST` seconds is ignored (its
process died).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import threading
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.pool import NullPool

from evaldash.errors import ConfigError, DatabaseBusyError, DatabaseUnavailableError

_LOCK_PID = re.compile(r"Conflicting lock is held in (?P<prog>\S+) \(PID (?P<pid>\d+)\)")
# scheme://user:password@ -- greedy up to the last "@" of the word, for passwords holding "@"
_CREDENTIALS = re.compile(r"(?P<head>\b[A-Za-z][\w+.\-]*://[^:/@\s]*):\S*@")
KEEP_OPEN = 3.0
"""Seconds the dashboard keeps a DuckDB file open after its last query (see the docstring)."""
STALE_REQUEST = 5.0
"""Seconds after which a command's request for the file (``<file>.wanted``) is ignored."""
SUPPORTED = "duckdb:///path/to/file.duckdb or postgresql+psycopg://user:password@host/dbname"
ENCODE = "write @, :, / and % in a password as %40, %3A, %2F and %25"


def parse_url(url: str) -> URL:
    """Parse and normalise a database URL; raise ``ConfigError`` for unsupported ones.

    Messages never show the URL's password.
    """
    try:
        parsed = make_url(url)
    except (sa.exc.ArgumentError, ValueError):
        shown = redact(url)
        if "@" in shown and "***" not in shown:  # no scheme: hide whatever precedes the host
            shown = "***@" + shown.rsplit("@", 1)[1]
        raise ConfigError(f"{shown!r} is not a database URL. Use {SUPPORTED} ({ENCODE}).") from None
    if parsed.host and "@" in parsed.host:  # an unencoded "@" in the password
        raise ConfigError(f"The database URL {redact(url)!r} cannot be read: {ENCODE}.")
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        if parsed.get_driver_name() not in ("psycopg", "postgresql"):
            raise ConfigError(
                f"PostgreSQL driver {parsed.get_driver_name()!r} is not installed; "
                "use postgresql+psycopg://..."
            )
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "duckdb":
        return parsed
    raise ConfigError(f"Unsupported database {backend!r} in the URL. Use {SUPPORTED}.")


def describe(url: URL | str) -> str:
    """Return the URL with its password hidden, for messages and logs."""
    return redact(url if isinstance(url, str) else url.render_as_string(hide_password=True))


def redact(text: str) -> str:
    """Return ``text`` with the password of every URL in it replaced by ``***``."""
    return _CREDENTIALS.sub(r"\g<head>:***@", text)


def make_engine(url: str, busy_timeout: float = 15.0, keep_open: float = 0.0) -> Engine:
    """Create the engine for ``url`` (DuckDB file or PostgreSQL server).

    A statement's parameters (which may hold participants' codes) are never part of an
    error's text, so a traceback in the server's log does not repeat them.

    ``keep_open``: DuckDB only; seconds the file stays open after the last connection was
    made (0: closed as soon as the last connection closes).
    """
    parsed = parse_url(url)
    if parsed.get_backend_name() == "duckdb":
        return _duckdb_engine(parsed, busy_timeout, keep_open)
    engine = sa.create_engine(
        parsed, pool_pre_ping=True, pool_size=5, max_overflow=5, hide_parameters=True
    )
    sa.event.listen(engine, "do_connect", _postgres_connect)
    return engine


def _duckdb_engine(url: URL, busy_timeout: float, keep_open: float) -> Engine:
    database = url.database or ":memory:"
    if database != ":memory:":
        path = Path(database).expanduser()
        if path.exists() and path.is_dir():
            raise ConfigError(
                f"The DuckDB path {path} is a directory. Point the URL at a file, "
                "e.g. duckdb:///data/evaldash.duckdb."
            )
        if not path.parent.is_dir():
            raise ConfigError(
                f"The folder {path.parent} for the DuckDB file does not exist. "
                "Create it or choose another path in EVALDASH_DB_URL."
            )
    engine = sa.create_engine(url, poolclass=NullPool, hide_parameters=True)
    on_file = database != ":memory:"
    holder = (
        _Holder(keep_open, _Turn(database), busy_timeout) if keep_open > 0 and on_file else None
    )
    turn = _Turn(database) if on_file and holder is None else None

    def connect_with_retry(dialect: Any, _rec: Any, cargs: tuple, cparams: dict) -> Any:
        if holder is None:
            return _duckdb_connect(dialect, cargs, cparams, database, busy_timeout, turn)
        return holder.connect(
            lambda: _duckdb_connect(dialect, cargs, cparams, database, busy_timeout)
        )

    sa.event.listen(engine, "do_connect", connect_with_retry)
    if holder is not None:
        sa.event.listen(engine, "engine_disposed", lambda _engine: holder.close())
        sa.event.listen(engine.pool, "connect", lambda *_: holder.opened())
        sa.event.listen(engine.pool, "close", lambda *_: holder.closed())
    if turn is not None:
        sa.event.listen(engine, "engine_disposed", lambda _engine: turn.release())
    return engine


class _Turn:
    """A command's request for its turn at a DuckDB file the dashboard holds: ``<file>.wanted``.

    The command :meth:`ask` s when it finds the file held, and keeps the request fresh (a
    thread touches it every second) until :meth:`release` (engine disposed, or the process
    ends); the dashboard :meth:`wanted` checks it.
    """

    def __init__(self, database: str) -> None:
        self.path = Path(database + ".wanted")
        self.asked = False
        self.anchor: Any = None
        self.lock = threading.Lock()

    def wanted(self) -> bool:
        """Whether a command asks for the file now (a fresh request of a running process)."""
        try:
            return time.time() - self.path.stat().st_mtime < STALE_REQUEST
        except OSError:
            return False

    def ask(self) -> None:
        """Ask for the file, once per process; the request lasts until :meth:`release`."""
        with self.lock:
            if self.asked:
                return
            try:
                self.path.write_text(str(os.getpid()), encoding="ascii")
            except OSError:
                return  # a read-only folder: wait as before, without asking
            self.asked = True
        atexit.register(self.release)
        threading.Thread(target=self._keep_fresh, name="evaldash-duckdb-turn", daemon=True).start()

    def hold(self, open_connection: Any) -> None:
        """Once the file is ours after asking, keep it open until :meth:`release`.

        The command's later connections share the open database instead of queueing behind
        the dashboard again.
        """
        with self.lock:
            if self.asked and self.anchor is None:
                self.anchor = open_connection()

    def _keep_fresh(self) -> None:
        while self.asked:
            with contextlib.suppress(OSError):
                os.utime(self.path)
            time.sleep(1.0)

    def release(self) -> None:
        """Withdraw the request (the command is done with the file)."""
        with self.lock:
            if self.anchor is not None:
                anchor, self.anchor = self.anchor, None
                anchor.close()
            if self.asked:
                self.asked = False
                with contextlib.suppress(OSError):
                    self.path.unlink()


class _Holder:
    """Keeps one DuckDB connection open while the engine is busy, so the database stays open.

    DuckDB shares an open database between every connection a process makes to the file;
    this one connection is that database's anchor. A watcher thread closes it ``keep_open``
    seconds after the last connection was made (so other processes can write), and the next
    connection opens it again.
    """

    def __init__(self, keep_open: float, turn: _Turn, busy_timeout: float) -> None:
        self.keep_open = keep_open
        self.turn = turn
        self.busy_timeout = busy_timeout
        self.lock = threading.Lock()
        self.anchor: Any = None
        self.last_used = 0.0
        self.live = 0  # connections open besides the anchor (a page run under way)

    def connect(self, open_connection: Any) -> Any:
        self._wait_for_turn()
        with self.lock:
            self.last_used = time.monotonic()
            if self.anchor is None:
                self.anchor = open_connection()
                threading.Thread(
                    target=self._watch, name="evaldash-duckdb-keep", daemon=True
                ).start()
        return open_connection()

    def _wait_for_turn(self) -> None:
        """While a command asks for the file, open no new database: wait until it is done.

        A page run already connected goes on (its next connection shares the open database),
        so that it ends and lets the file go.
        """
        deadline = time.monotonic() + self.busy_timeout
        while self.turn.wanted():
            with self.lock:
                if self.live > 0:
                    return
                self._close_anchor()
            if time.monotonic() >= deadline:
                raise DatabaseBusyError(
                    f"A command (an import, a demo load or a backup) is writing the database "
                    f"file {self.turn.path.with_suffix('')}; waited {self.busy_timeout:g} s. "
                    "Try again when it has finished."
                )
            time.sleep(0.1)

    def opened(self) -> None:
        """A connection of a page run was opened (the anchor is not one: it is no pool's)."""
        with self.lock:
            self.live += 1

    def closed(self) -> None:
        """A connection was closed."""
        with self.lock:
            self.live = max(self.live - 1, 0)

    def _watch(self) -> None:
        while True:
            with self.lock:
                if self.anchor is None:
                    return
                idle = time.monotonic() - self.last_used
                if idle >= self.keep_open or self.turn.wanted():
                    self._close_anchor()
                    return
            time.sleep(min(self.keep_open - idle, 0.2))

    def close(self) -> None:
        with self.lock:
            self._close_anchor()

    def _close_anchor(self) -> None:
        if self.anchor is not None:
            anchor, self.anchor = self.anchor, None
            anchor.close()


def _duckdb_connect(
    dialect: Any,
    cargs: tuple,
    cparams: dict,
    database: str,
    busy_timeout: float,
    turn: _Turn | None = None,
) -> Any:
    import duckdb

    deadline = time.monotonic() + busy_timeout
    delay = 0.05
    while True:
        try:
            connection = dialect.connect(*cargs, **cparams)
        except duckdb.IOException as exc:
            message = str(exc).rstrip("!. ")
            if "lock" not in message.lower():
                raise DatabaseUnavailableError(
                    f"Cannot open the DuckDB file {database}: {message}. If it is not a "
                    "DuckDB database, move it away or point EVALDASH_DB_URL elsewhere."
                ) from None
            if turn is not None:
                turn.ask()  # a dashboard holding the file lets it go for this command
            if time.monotonic() >= deadline:
                raise DatabaseBusyError(_busy_message(database, message, busy_timeout)) from None
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
            continue
        if turn is not None:
            turn.hold(lambda: dialect.connect(*cargs, **cparams))
        return connection


def _busy_message(database: str, message: str, busy_timeout: float) -> str:
    holder = _LOCK_PID.search(message)
    who = f"process {holder['pid']} ({Path(holder['prog']).name})" if holder else "another process"
    return (
        f"The database file {database} is in use by {who}; waited {busy_timeout:g} s. "
        "DuckDB lets one process use a file at a time. If an import or demo load is running, "
        "wait for it to finish and try again (or raise EVALDASH_BUSY_TIMEOUT); if it is the "
        "dashboard under constant use, import through its Data page or stop it for the "
        "import. A shared installation belongs on PostgreSQL (README: Databases)."
    )


POSTGRES_SESSION = {
    "work_mem": "64MB",
    "jit": "off",
    "parallel_setup_cost": "100",
    "parallel_tuple_cost": "0.02",
}
"""Settings of evaldash's own PostgreSQL sessions: its groupings and medians over hundreds of
thousands of rows fit in memory instead of spilling to disk (the server default is 4 MB), and
no query waits for JIT compilation, which costs more than it saves on these (measured: the
overview of a national pilot 1.1 s instead of 2.1). Parallel workers are costed lower than
the server's defaults (1000 and 0.1), which assume a worker costs more than its share of a
scan: the planner does not know how much work reading a period's points out of the running
totals is, and with the defaults ran them on one core (a national pilot's period sums 0.23 s
instead of 0.39 with two workers; the overview's slowest selection 1.15 s instead of 1.32).
An ``options`` query parameter in the URL is added after them, so it wins."""


def _postgres_connect(dialect: Any, _rec: Any, cargs: tuple, cparams: dict) -> Any:
    import psycopg

    ours = " ".join(f"-c {name}={value}" for name, value in POSTGRES_SESSION.items())
    cparams["options"] = f"{ours} {cparams['options']}" if cparams.get("options") else ours
    try:
        return dialect.connect(*cargs, **cparams)
    except psycopg.OperationalError as exc:
        host = cparams.get("host", "localhost")
        dbname = cparams.get("dbname", "")
        reason = redact(" ".join(str(exc).split()) or type(exc).__name__)
        if cparams.get("password"):  # the driver's own words never repeat the password
            reason = reason.replace(str(cparams["password"]), "***")
        raise DatabaseUnavailableError(
            f"Cannot connect to PostgreSQL database {dbname!r} on {host}: {reason}. "
            "Check that the server runs and that EVALDASH_DB_URL (or --db) is right."
        ) from None


def backend(engine: Engine) -> str:
    """Return ``'duckdb'`` or ``'postgresql'``."""
    return engine.dialect.name
