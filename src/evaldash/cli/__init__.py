"""Command line: ``python -m evaldash init-db|demo ...``, or ``evaldash ...`` once installed.

Every subcommand takes ``--db URL`` (default: ``EVALDASH_DB_URL``, then secrets.toml, then the
embedded DuckDB file). User errors print one line on stderr and exit with 1 (bad data or
state) or 2 (bad usage or settings); there is no traceback for them.

One module per job, each with its subcommands' options and handlers: ``database`` (init-db,
demo, import, dump, backup, restore), ``accounts`` (user), ``reports`` (report, export;
``selection`` reads their pilot, filters and audience), ``benchmarks`` (bench), ``serve``
(run: the dashboard); ``common`` holds what they share.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

import sqlalchemy as sa

from evaldash.cli.accounts import _add_user, _user
from evaldash.cli.benchmarks import _add_bench, _bench
from evaldash.cli.common import PROG, _Parser
from evaldash.cli.database import (
    _add_database,
    _backup,
    _demo,
    _dump,
    _import,
    _init_db,
    _restore,
)
from evaldash.cli.reports import REPORTS, _add_export, _add_report, _export, _report
from evaldash.cli.serve import _add_run, _run
from evaldash.db.engine import redact
from evaldash.errors import EvaldashError

__all__ = ["COMMANDS", "PROG", "REPORTS", "build_parser", "main"]


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
    _add_database(sub, common)
    _add_bench(sub, common)
    _add_report(sub, common)
    _add_export(sub, common)
    _add_user(sub, common)
    _add_run(sub, common)
    return parser


COMMANDS: dict[str, Callable[[argparse.Namespace, Callable[[str], None]], int]] = {
    "init-db": _init_db,
    "demo": _demo,
    "import": _import,
    "dump": _dump,
    "backup": _backup,
    "restore": _restore,
    "bench": _bench,
    "report": _report,
    "export": _export,
    "user": _user,
    "run": _run,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "run":  # only run passes options on (to streamlit run)
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.streamlit = extra
    try:
        return COMMANDS[args.command](args, print)
    except EvaldashError as exc:
        print(f"{PROG}: error: {redact(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except sa.exc.DBAPIError as exc:
        reason = redact(" ".join(str(exc.orig).split()))
        print(f"{PROG}: error: the database refused the operation: {reason}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; nothing was written by the unfinished step.", file=sys.stderr)
        return 130
