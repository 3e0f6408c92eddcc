"""Command line: ``python -m evaldash init-db|demo ...``.

Every subcommand takes ``--db URL`` (default: ``EVALDASH_DB_URL``, then secrets.toml, then the
embedded DuckDB file). User errors print one line on stderr and exit with 1 (bad data or
state) or 2 (bad usage or settings); there is no traceback for them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

import sqlalchemy as sa

from evaldash import config
from evaldash.db import bootstrap
from evaldash.db.engine import describe, make_engine
from evaldash.errors import EvaldashError

PROG = "python -m evaldash"


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line on stderr, exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        """Print one line naming the problem and where to get help, then exit 2."""
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--seed must be a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"--seed must not be negative, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for all subcommands."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="URL",
        help="database URL, e.g. duckdb:///data/evaldash.duckdb or "
        "postgresql+psycopg://user:password@host/dbname (default: EVALDASH_DB_URL, "
        "then [connections.evaldash] url in .streamlit/secrets.toml, then the embedded file)",
    )
    parser = _Parser(prog=PROG, description="evaldash: evaluate social-service pilot projects.")
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )
    sub.add_parser(
        "init-db",
        parents=[common],
        help="create or upgrade the database schema and load the reference data",
        description="Bring the database to the current schema version and "
        "synchronise the reference data (regions, municipalities, services).",
    )
    demo = sub.add_parser(
        "demo",
        parents=[common],
        help="write the demo pilots (replaces earlier demo data)",
        description="Initialise the database if needed and write the "
        "deterministic demo: the children's and the adults' individual "
        "budget pilots. Earlier demo pilots are replaced; other data stay.",
    )
    demo.add_argument(
        "--seed",
        type=_seed,
        default=None,
        help="random seed (default: 2018); the same seed gives the same data",
    )
    return parser


def _init_db(args: argparse.Namespace, out: Callable[[str], None]) -> int:
    engine = _engine(args)
    result = bootstrap.init_db(engine)
    before = result.revision_before or "empty"
    counts = ", ".join(f"{n} {table}" for table, n in result.reference_rows.items())
    out(
        f"{describe(engine.url)}: schema at revision {result.revision_after} (was: {before}); "
        f"reference data: {counts}"
    )
    return 0


def _demo(args: argparse.Namespace, out: Callable[[str], None]) -> int:
    engine = _engine(args)
    result = bootstrap.install_demo(engine, args.seed)
    counts = ", ".join(f"{n} {table}" for table, n in result.row_counts.items())
    out(f"{describe(engine.url)}: demo written (import {result.import_id}): {counts}")
    return 0


def _engine(args: argparse.Namespace) -> sa.engine.Engine:
    settings = config.load_settings(args.db)
    return make_engine(settings.db_url, settings.busy_timeout)


COMMANDS: dict[str, Callable[[argparse.Namespace, Callable[[str], None]], int]] = {
    "init-db": _init_db,
    "demo": _demo,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args, print)
    except EvaldashError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except sa.exc.DBAPIError as exc:
        reason = " ".join(str(exc.orig).split())
        print(f"{PROG}: error: the database refused the operation: {reason}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; nothing was written by the unfinished step.", file=sys.stderr)
        return 130
