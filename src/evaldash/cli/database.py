"""Database commands: ``init-db``, ``demo``, ``import``, ``dump``, ``backup`` and ``restore``."""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Callable
from pathlib import Path

from evaldash import bootstrap, config
from evaldash.cli.common import _engine, _positive
from evaldash.cli.progress import Bar, add_quiet
from evaldash.db.engine import describe, make_engine
from evaldash.errors import EvaldashError
from evaldash.i18n import LANGUAGES


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--seed must be a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"--seed must not be negative, got {value}")
    return value


_people = _positive("--participants")


def _add_database(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """The subcommands ``init-db``, ``demo``, ``import``, ``dump``, ``backup`` and ``restore``."""
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
        "budget pilots, or with --scale national one synthetic national roll-out "
        "(NAT-DEMO: 43 municipalities, 50,000 participants, 4 rounds x 8 domains, about "
        "5,000,000 deliveries over 2023-2025) for benchmarks. Earlier data of the same "
        "demo pilots are replaced; other data stay.",
    )
    demo.add_argument(
        "--seed",
        type=_seed,
        default=None,
        help="random seed (default: 2018, national: 1); the same seed gives the same data",
    )
    demo.add_argument(
        "--scale",
        choices=["pilots", "national"],
        default="pilots",
        help="pilots (default): the two individual budget pilots; national: NAT-DEMO",
    )
    demo.add_argument(
        "--participants",
        type=_people,
        default=None,
        help="participants of --scale national (default 50000; about 100 deliveries each)",
    )
    add_quiet(demo)
    imp = sub.add_parser(
        "import",
        parents=[common],
        help="check and import a data package (xlsx/csv)",
        description="Check a data package (an .xlsx workbook with one sheet per table, "
        "<table>.csv files, or folders holding them) and import it all or nothing. "
        "Exit 0: imported; 1: the package has errors (the database is unchanged); 2: usage.",
    )
    imp.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    imp.add_argument("--dry-run", action="store_true", help="only check the package; write nothing")
    imp.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="language of the report (default: EVALDASH_LANG or lv)",
    )
    add_quiet(imp)
    dump = sub.add_parser(
        "dump",
        parents=[common],
        help="write the whole database as a data package",
        description="Write every table as a data package that `import` reads back: "
        "<table>.csv files in a folder, or one .xlsx workbook.",
    )
    dump.add_argument("--output", required=True, type=Path, metavar="DIR|FILE.xlsx")
    backup = sub.add_parser(
        "backup",
        parents=[common],
        help="write the whole database (pilots, imports, accounts, audit log) to one file",
        description="Write every table (reference data, pilots and their data, the import "
        "log, the accounts with their password hashes, the audit log) to one zip file, from "
        "one consistent snapshot. `restore` reads it into an empty database of either kind.",
    )
    backup.add_argument("--output", required=True, type=Path, metavar="FILE.zip")
    restore = sub.add_parser(
        "restore",
        parents=[common],
        help="restore a backup into an empty database",
        description="Create the schema if the database has none, then restore a backup made "
        "by `backup`, all or nothing. A database that holds pilots, imports, accounts or "
        "audit entries is refused.",
    )
    restore.add_argument("path", type=Path, metavar="FILE.zip")


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
    if args.participants is not None and args.scale != "national":
        raise EvaldashError("--participants goes with --scale national")
    if args.scale == "national":
        with Bar(quiet=args.quiet) as bar:
            result = bootstrap.install_national(engine, args.seed, args.participants, bar)
    else:
        result = bootstrap.install_demo(engine, args.seed)
    counts = ", ".join(f"{n} {table}" for table, n in result.row_counts.items())
    out(f"{describe(engine.url)}: demo written (import {result.import_id}): {counts}")
    return 0


def _import(args: argparse.Namespace, out: Callable[[str], None]) -> int:
    from evaldash import auth
    from evaldash.ingest import import_files

    settings = config.load_settings(args.db)
    lang = args.lang or settings.lang
    engine = make_engine(settings.db_url, settings.busy_timeout)
    bootstrap.ensure_ready(engine, auto_demo=False)  # an empty database gets the schema
    user_name = getpass.getuser()
    with Bar(quiet=args.quiet) as bar:
        result = import_files(
            engine, args.paths, dry_run=args.dry_run, user_name=user_name, progress=bar
        )
    auth.audit_import(engine, user_name, result, "cli", dry_run=args.dry_run)
    for line in result.report.lines(lang):
        out(line)
    out(result.summary(lang))
    return 0 if result.status in ("ok", "checked") else 1


def _dump(args: argparse.Namespace, out: Callable[[str], None]) -> int:
    from evaldash.ingest.dump import dump

    engine = _engine(args)
    counts = dump(engine, args.output)
    written = ", ".join(f"{n} {table}" for table, n in counts.items())
    out(f"{args.output}: {written}")
    return 0


def _backup(args: argparse.Namespace, out: Callable[[str], None]) -> int:
    from evaldash.db.backup import backup

    counts = backup(_engine(args), args.output)
    written = ", ".join(f"{n} {table}" for table, n in counts.items() if n)
    out(f"{args.output}: {written}")
    return 0


def _restore(args: argparse.Namespace, out: Callable[[str], None]) -> int:
    from evaldash.db.backup import read_manifest, restore

    read_manifest(args.path)  # not a backup: said before the database is touched
    engine = _engine(args)
    bootstrap.ensure_ready(engine, auto_demo=False)  # an empty database gets the schema
    counts = restore(engine, args.path)
    written = ", ".join(f"{n} {table}" for table, n in counts.items() if n)
    out(f"{describe(engine.url)}: restored from {args.path}: {written}")
    return 0
