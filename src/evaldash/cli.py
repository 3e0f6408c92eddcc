"""Command line: ``python -m evaldash init-db|demo ...``.

Every subcommand takes ``--db URL`` (default: ``EVALDASH_DB_URL``, then secrets.toml, then the
embedded DuckDB file). User errors print one line on stderr and exit with 1 (bad data or
state) or 2 (bad usage or settings); there is no traceback for them.
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import sqlalchemy as sa

from evaldash import auth, config, privacy
from evaldash.db import bootstrap
from evaldash.db.engine import KEEP_OPEN, describe, make_engine, redact
from evaldash.errors import EvaldashError
from evaldash.filters import Filters
from evaldash.i18n import LANGUAGES

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


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
    dump = sub.add_parser(
        "dump",
        parents=[common],
        help="write the whole database as a data package",
        description="Write every table as a data package that `import` reads back: "
        "<table>.csv files in a folder, or one .xlsx workbook.",
    )
    dump.add_argument("--output", required=True, type=Path, metavar="DIR|FILE.xlsx")
    bench = sub.add_parser(
        "bench",
        parents=[common],
        help="run the benchmarks and print their figures",
        description="views: each view's data for 5 fixed random filter combinations of the "
        "newest pilot, new (cold) and again from the cache (warm), on the database (--db or "
        "the configured one). suppression: each view's data for the public and for a "
        "municipality looking at the whole pilot, with no suppression worked out yet and "
        "again. sessions: 10 sessions at once, each opening every page for its "
        "own new filter combination (latency p50/p95/max, errors). import: a generated package "
        "with --rows usage rows (Latvian formats, 50,000 participants), imported twice (a "
        "first import and the same package again) into a new temporary DuckDB file, or into "
        "--db. browser: the app started on the database and opened in Chromium (driven by "
        "Playwright): start to first chart, then a region, a sex and clearing the filters on "
        "every page, each timed from the click to the charts redrawn. Then this process's peak "
        "memory.",
    )
    bench.add_argument(
        "--only",
        choices=["all", "views", "suppression", "sessions", "import", "browser"],
        default="all",
        help="which benchmark to run (default: all: views, suppression, sessions, import, "
        "then browser)",
    )
    bench.add_argument(
        "--browser",
        default=os.environ.get("EVALDASH_BROWSER", "/usr/bin/chromium"),
        help="Chromium for the browser benchmark (default: $EVALDASH_BROWSER or /usr/bin/chromium)",
    )
    bench.add_argument(
        "--rows",
        type=_rows,
        default=5_000_000,
        help="usage rows in the generated package (default: 5000000)",
    )
    bench.add_argument(
        "--sessions",
        type=_positive("--sessions"),
        default=10,
        help="sessions at once in the sessions benchmark (default: 10)",
    )
    bench.add_argument("--json", action="store_true", help="print JSON instead of a table")
    rep = sub.add_parser(
        "report",
        parents=[common],
        help="print a table behind a page (services, progress, gaps, compare)",
        description="Print the table behind a page for a pilot and filters: CSV with a header "
        "row and '.' as the decimal point (default), or JSON. Names are Latvian unless "
        "--lang en.",
    )
    rep.add_argument(
        "kind",
        choices=sorted(REPORTS),
        metavar="KIND",
        help=f"one of: {', '.join(sorted(REPORTS))}",
    )
    _selection(rep)
    rep.add_argument("--round-from", type=int, metavar="N", help="progress: earlier round")
    rep.add_argument("--round-to", type=int, metavar="N", help="progress: later round")
    rep.add_argument(
        "--group",
        choices=["pilot", "region"],
        default="pilot",
        help="compare: rate each municipality against all of the pilot's (default) or those "
        "of its planning region",
    )
    rep.add_argument("--format", choices=["csv", "json"], default="csv")
    rep.add_argument("--output", type=Path, metavar="FILE", help="write here, not to stdout")
    rep.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="language of names (default: EVALDASH_LANG or lv)",
    )
    _add_export(sub, common)
    _add_user(sub, common)
    return parser


def _add_user(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from evaldash.auth import ROLES

    user = sub.add_parser(
        "user",
        parents=[common],
        help="manage the dashboard's accounts: add, remove, list, set-role",
        description="Manage built-in accounts (passwords are stored as argon2id hashes) and "
        "the single sign-on e-mails mapped to a role. Roles: " + ", ".join(ROLES) + ".",
    )
    actions = user.add_subparsers(
        dest="action", required=True, metavar="ACTION", parser_class=_Parser
    )
    add = actions.add_parser("add", parents=[common], help="create an account")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--municipality", metavar="NAME", help="own municipality (role municipality)")
    add.add_argument("--email", metavar="ADDRESS", help="single sign-on identity (e-mail)")
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input instead of asking for it",
    )
    remove = actions.add_parser("remove", parents=[common], help="delete an account")
    remove.add_argument("name", metavar="NAME")
    actions.add_parser("list", parents=[common], help="list the accounts (never passwords)")
    role = actions.add_parser("set-role", parents=[common], help="change an account's role")
    role.add_argument("name", metavar="NAME")
    role.add_argument("role", choices=ROLES, metavar="ROLE", help=", ".join(ROLES))
    role.add_argument("--municipality", metavar="NAME", help="own municipality (role municipality)")


def _user(args: argparse.Namespace, out: Callable[[str], None]) -> int:
    from evaldash import auth

    engine = _engine(args)
    bootstrap.ensure_ready(engine, auto_demo=False)  # an empty database gets the schema
    by = getpass.getuser()
    if args.action == "list":
        users = auth.list_users(engine)
        if users.empty:
            out("no accounts: the dashboard runs as one local ministry session on this computer")
        for row in users.itertuples(index=False):
            where = f" ({row.municipality_code})" if row.municipality_code else ""
            login = ", ".join(x for x in ("password" if row.password else "", row.email or "") if x)
            locked = " locked" if pd.notna(row.locked_until) else ""
            out(f"{row.user_name}\t{row.role}{where}\t{login}{locked}")
        return 0
    municipality = getattr(args, "municipality", None)
    code = _municipality(engine, municipality) if municipality else None
    if args.action == "add":
        password = _new_password(args)
        auth.add_user(
            engine, args.name, args.role, municipality_code=code, password=password,
            email=args.email, by=by,
        )  # fmt: skip
        out(f"account {args.name} added: {args.role}" + (f" of {code}" if code else ""))
    elif args.action == "remove":
        auth.remove_user(engine, args.name, by=by)
        out(f"account {args.name} removed")
    else:
        auth.set_role(engine, args.name, args.role, code, by=by)
        out(f"account {args.name}: {args.role}" + (f" of {code}" if code else ""))
    return 0


def _new_password(args: argparse.Namespace) -> str | None:
    """The new account's password: from stdin, asked twice, or none for single sign-on."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if args.email and not sys.stdin.isatty():
        return None
    if not sys.stdin.isatty():
        raise EvaldashError(
            "No terminal to ask for the password: pipe it with --password-stdin, or give "
            "--email for a single sign-on account."
        )
    first = getpass.getpass("Password (at least 12 characters): ")
    if not first and args.email:
        return None
    if getpass.getpass("The same password again: ") != first:
        raise EvaldashError("The two passwords differ; nothing was changed.")
    return first


def _selection(parser: argparse.ArgumentParser) -> None:
    """The options that choose a pilot and filters (report and export)."""
    parser.add_argument("--pilot", metavar="ID", help="pilot id (default: the newest pilot)")
    parser.add_argument("--region", metavar="NAME", help="planning region, e.g. Kurzeme or KUR")
    parser.add_argument(
        "--municipality",
        metavar="NAME",
        help="municipality: name, pre-2021 name or ISO code (e.g. Talsi, LV-097); for compare "
        "also 'my municipality'",
    )
    parser.add_argument(
        "--from",
        dest="period_from",
        type=_date,
        metavar="DATE",
        help="first day, 2019-02-10 or 10.02.2019",
    )
    parser.add_argument("--to", dest="period_to", type=_date, metavar="DATE", help="last day")
    parser.add_argument(
        "--audience",
        default="ministry",
        metavar="WHO",
        help="who the output is for: ministry (everything, the default), public (small numbers "
        "suppressed) or municipality:NAME (NAME in full, the others suppressed); exactly what "
        "the app shows that role",
    )


def _add_export(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from evaldash.export import FORMATS
    from evaldash.site import chart_pages

    exp = sub.add_parser(
        "export",
        parents=[common],
        help="write the charts of a view as PowerPoint, PDF, Excel or images",
        description="Write the charts of one or more pages for a pilot and filters: a 16:9 "
        "PowerPoint, an A4 PDF report, an Excel workbook of the tables behind the charts, or a "
        "zip of PNG/SVG images. Charts are drawn by the system's Chromium (BROWSER_PATH, "
        "default /usr/bin/chromium); nothing is downloaded.",
    )
    exp.add_argument("--format", required=True, choices=FORMATS)
    exp.add_argument("--output", required=True, type=Path, metavar="FILE")
    exp.add_argument(
        "--page",
        action="append",
        choices=chart_pages(),
        help="a page to export (repeat for several; default: all of them, in order)",
    )
    _selection(exp)
    exp.add_argument("--lang", choices=LANGUAGES, default=None, help="language (default: lv)")


def _export(args: argparse.Namespace, out: Callable[[str], None]) -> int:
    from evaldash import export, site, views
    from evaldash.metrics import catalog

    engine, lang, f, scope = _selected(args)
    pilots = catalog.pilots(engine).set_index("pilot_id")
    pages = args.page or list(site.chart_pages())
    deck = export.deck(
        views.View.direct(engine, f, lang, scope), str(pilots.loc[f.pilot_id, "name"]), pages
    )
    data = export.write(deck, args.format)
    auth.audit_export(engine, getpass.getuser(), args.format, pages, f, args.audience)
    partial = args.output.with_name(args.output.name + ".partial")
    try:
        partial.write_bytes(data)
        partial.replace(args.output)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise EvaldashError(f"Cannot write {args.output}: {exc.strerror}") from exc
    out(f"{args.output}: {len(deck.panels)} charts of {', '.join(pages)} ({args.format})")
    return 0


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
        result = bootstrap.install_national(engine, args.seed, args.participants)
    else:
        result = bootstrap.install_demo(engine, args.seed)
    counts = ", ".join(f"{n} {table}" for table, n in result.row_counts.items())
    out(f"{describe(engine.url)}: demo written (import {result.import_id}): {counts}")
    return 0


def _engine(args: argparse.Namespace) -> sa.engine.Engine:
    settings = config.load_settings(args.db)
    return make_engine(settings.db_url, settings.busy_timeout)


def _import(args: argparse.Namespace, out: Callable[[str], None]) -> int:
    from evaldash import auth
    from evaldash.ingest import import_files

    settings = config.load_settings(args.db)
    lang = args.lang or settings.lang
    engine = make_engine(settings.db_url, settings.busy_timeout)
    bootstrap.ensure_ready(engine, auto_demo=False)  # an empty database gets the schema
    user_name = getpass.getuser()
    result = import_files(engine, args.paths, dry_run=args.dry_run, user_name=user_name)
    auth.audit_import(engine, user_name, result, "cli", dry_run=args.dry_run)
    for line in result.report.lines(lang):
        out(line)
    out(result.summary(lang))
    return 0 if result.report.ok else 1


def _positive(option: str) -> Callable[[str], int]:
    """An argparse type: a whole number of at least 1 (``_`` allowed), named ``option``."""

    def parse(text: str) -> int:
        try:
            value = int(text.replace("_", ""))
        except ValueError:
            message = f"{option} must be a whole number, got {text!r}"
            raise argparse.ArgumentTypeError(message) from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"{option} must be at least 1, got {value}")
        return value

    return parse


_rows = _positive("--rows")
_people = _positive("--participants")


def _bench(args: argparse.Namespace, out: Callable[[str], None]) -> int:
    import json

    from evaldash import bench

    figures: dict[str, object] = {}
    ok = True
    settings = config.load_settings(args.db)
    if args.only in ("all", "views", "suppression", "sessions", "browser"):
        # as the dashboard opens it: the file stays open between the queries of a page
        engine = make_engine(settings.db_url, settings.busy_timeout, keep_open=KEEP_OPEN)
        bootstrap.ensure_ready(engine, auto_demo=False)
        _pilot_or_fail(engine, None)
        if args.only in ("all", "views"):
            figures["views"] = _bench_views(engine, args, out)
        if args.only in ("all", "suppression"):
            figures["suppression"] = _bench_suppression(engine, args, out)
        if args.only in ("all", "sessions"):
            figures["sessions"] = _bench_sessions(engine, args, out)
            ok = not figures["sessions"]["errors"]
        engine.dispose()  # the app started by the browser benchmark opens the file itself
    if args.only in ("all", "import"):
        figures["import"] = _bench_import(args, out)
        ok = ok and all(run["exit_code"] == 0 for run in figures["import"]["runs"])
    if args.only in ("all", "browser"):
        try:
            seen = bench.bench_browser(settings.db_url, args.browser)
        except FileNotFoundError as exc:
            raise EvaldashError(str(exc)) from None
        figures["browser"] = {**dataclasses.asdict(seen), **seen.summary()}
        if not args.json:
            _print_browser(seen, out)
    figures["peak_rss_mb"] = bench.peak_rss_mb()
    if args.json:
        out(json.dumps(figures, indent=2))
    else:
        out(f"peak memory of this process: {figures['peak_rss_mb']} MB")
    return 0 if ok else 1


def _bench_views(engine: Engine, args: argparse.Namespace, out: Callable[[str], None]) -> list:
    from evaldash import bench

    runs = bench.bench_views(engine)
    if not args.json:
        _print_views(runs, out)
    return bench.as_dicts(runs)


def _bench_suppression(
    engine: Engine, args: argparse.Namespace, out: Callable[[str], None]
) -> list:
    from evaldash import bench

    runs = bench.bench_suppression(engine)
    if not args.json:
        out("suppression: the whole pilot for a restricted audience (seconds)")
        out(f"  {'audience':<22} {'view':<10} {'first':>8} {'again':>8}")
        for run in runs:
            out(f"  {run.audience:<22} {run.view:<10} {run.first_s:8.3f} {run.again_s:8.3f}")
    return bench.as_dicts(runs)


def _bench_sessions(engine: Engine, args: argparse.Namespace, out: Callable[[str], None]) -> dict:
    from evaldash import bench

    together = bench.bench_sessions(engine, args.sessions)
    if not args.json:
        _print_sessions(together, out)
    return dataclasses.asdict(together)


def _bench_import(args: argparse.Namespace, out: Callable[[str], None]) -> dict:
    from evaldash import bench

    runs = bench.bench_import(args.rows, args.db)
    if not args.json:
        out(f"import of {args.rows:,} usage rows")
        for run in runs:
            out(
                f"  {run.label:<20} {run.seconds:8.2f} s   peak {run.peak_rss_mb:8.1f} MB"
                f"   exit {run.exit_code}"
            )
    return {"rows": args.rows, "runs": bench.as_dicts(runs)}


def _print_browser(run: Any, out: Callable[[str], None]) -> None:
    out(
        f"browser: server up in {run.server_s:.2f} s, first chart drawn {run.first_chart_s:.2f} s "
        f"and the first page complete {run.first_page_s:.2f} s after the start"
    )
    out(
        "  a page opened in a new session: "
        + ", ".join(f"{k} {v:.2f} s" for k, v in run.opens.items())
    )
    for change in run.changes:
        out(
            f"  {change['page']:<10} {change['change']:<16} {change['seconds']:7.3f} s"
            f"   {change['charts']} charts"
        )
    summary = run.summary()
    out(
        f"  filter changes: median {summary['change_median_s']:.3f} s, max "
        f"{summary['change_max_s']:.3f} s; cached {summary['cached_median_s']:.3f} s"
    )


def _print_sessions(run: Any, out: Callable[[str], None]) -> None:
    out(
        f"{run.sessions} sessions at once, {run.pages} pages: p50 {run.p50_s:.3f} s, "
        f"p95 {run.p95_s:.3f} s, max {run.max_s:.3f} s, all done in {run.wall_s:.1f} s, "
        f"{len(run.errors)} errors"
    )
    for error in run.errors[:5]:
        out(f"  {error}")


def _print_views(runs: list, out: Callable[[str], None]) -> None:
    out(f"views, {runs[0].combinations if runs else 0} new filter combinations each (seconds)")
    out(f"  {'view':<10} {'cold median':>12} {'cold max':>10} {'warm median':>12}")
    for run in runs:
        out(
            f"  {run.view:<10} {run.cold_median_s:12.3f} {run.cold_max_s:10.3f}"
            f" {run.warm_median_s:12.4f}"
        )


def _date(text: str) -> date:
    from evaldash.ingest.parse import parse_date

    parsed = parse_date(pd.Series([text], dtype=object))
    if parsed.bad.iloc[0] or pd.isna(parsed.values.iloc[0]):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; use 2019-02-10 or 10.02.2019"
        ) from None
    return parsed.values.iloc[0].date()


def _report(args: argparse.Namespace, out: Callable[[str], None]) -> int:
    from evaldash import report

    engine, lang, f, scope = _selected(args)
    table = REPORTS[args.kind](engine, scope, f, lang, args)
    text = report.write(table, args.format)
    page = f"report {args.kind}"
    auth.audit_export(engine, getpass.getuser(), args.format, page, f, args.audience)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        out(text.rstrip("\n"))
    return 0


def _selected(
    args: argparse.Namespace,
) -> tuple[sa.engine.Engine, str, Filters, auth.Scope]:
    """What ``report`` and ``export`` read: engine, language, selection and audience."""
    settings = config.load_settings(args.db)
    engine = make_engine(settings.db_url, settings.busy_timeout)
    f = _report_filters(engine, args)
    scope = _audience(engine, args.audience, settings.min_group, f)
    return engine, args.lang or settings.lang, f, scope


def _report_filters(engine: sa.engine.Engine, args: argparse.Namespace) -> Filters:

    pilot = _pilot_or_fail(engine, args.pilot)
    if args.period_from and args.period_to and args.period_from > args.period_to:
        raise EvaldashError(f"--from {args.period_from} is after --to {args.period_to}")
    return Filters(
        pilot,
        regions=(_region(engine, args.region),) if args.region else (),
        municipalities=(_municipality(engine, args.municipality),) if args.municipality else (),
        period_from=args.period_from,
        period_to=args.period_to,
    )


CLI_PARTS = {"period": "--from/--to", "municipalities": "--municipality", "regions": "--region"}


def _audience(engine: sa.engine.Engine, text: str, k: int, f: Filters) -> auth.Scope:
    """The scope of ``--audience`` (ministry, public, municipality:NAME) for selection ``f``.

    Raises:
        EvaldashError: for an unknown audience, or filters the audience may not use.
    """
    role, _, name = text.partition(":")
    if role not in ("ministry", "public", "municipality") or bool(name) != (role == "municipality"):
        raise EvaldashError(
            f"--audience {text!r} is not an audience; use ministry, public or "
            "municipality:NAME (e.g. municipality:Talsi)"
        )
    scope = auth.Scope(role, _municipality(engine, name) if name else None, k=k)
    dropped = privacy.released(scope, f)[1]
    if dropped:
        options = ", ".join(CLI_PARTS.get(part, part) for part in dropped)
        raise EvaldashError(
            f"{options} cannot be used for audience {text}: outside the ministry those filters "
            "apply to one's own municipality only, so that small groups cannot be worked out "
            "by comparing selections. Leave them out."
        )
    return scope


def _pilot_or_fail(engine: sa.engine.Engine, pilot: str | None) -> str:
    """``pilot``, or the newest pilot when None; an error when there is none or no such one."""
    from evaldash.metrics import catalog

    pilots = catalog.pilots(engine)
    if pilots.empty:
        raise EvaldashError(
            "The database holds no pilot; import one or run: python -m evaldash demo"
        )
    chosen = pilot or str(pilots["pilot_id"].iloc[0])
    if chosen not in set(pilots["pilot_id"]):
        known = ", ".join(pilots["pilot_id"])
        raise EvaldashError(f"No pilot {chosen!r} in the database; known pilots: {known}")
    return chosen


def _region(engine: sa.engine.Engine, name: str) -> str:
    from evaldash.db import schema

    r = schema.planning_region
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(r.c.region_code, r.c.short_lv, r.c.short_en, r.c.name_lv, r.c.name_en)
        ).all()
    return _resolve(name, {s: row[0] for row in rows for s in row}, "planning region")


def _municipality(engine: sa.engine.Engine, name: str) -> str:
    from evaldash.ingest.validate import load_stored

    stored = load_stored(engine)
    return _resolve(name, stored.municipalities, "municipality", stored.municipality_names)


def _resolve(
    name: str, spellings: dict[str, str], what: str, display: dict[str, str] | None = None
) -> str:
    from evaldash.ingest.parse import Resolver

    resolver = Resolver(spellings, display or {c: c for c in spellings.values()}, what)
    parsed = resolver.resolve(pd.Series([name], dtype=object))
    if parsed.bad.iloc[0]:
        near = resolver.suggest(name)
        hint = f" Did you mean: {', '.join(near)}?" if near else ""
        raise EvaldashError(f"Unknown {what} {name!r}.{hint}")
    return str(parsed.values.iloc[0])


def _services_report(
    engine: sa.engine.Engine, scope: auth.Scope, f: Filters, lang: str, args: argparse.Namespace
) -> pd.DataFrame:
    from evaldash import report

    return report.services_table(engine, scope, f, lang)


def _progress_report(
    engine: sa.engine.Engine, scope: auth.Scope, f: Filters, lang: str, args: argparse.Namespace
) -> pd.DataFrame:
    from evaldash import report

    rounds = report.Rounds(args.round_from, args.round_to)
    return report.progress_table(engine, scope, f, lang, rounds)


def _gaps_report(
    engine: sa.engine.Engine, scope: auth.Scope, f: Filters, lang: str, args: argparse.Namespace
) -> pd.DataFrame:
    from evaldash import report

    return report.gaps_table(engine, scope, f, lang)


def _compare_report(
    engine: sa.engine.Engine, scope: auth.Scope, f: Filters, lang: str, args: argparse.Namespace
) -> pd.DataFrame:
    from evaldash import report

    # --municipality names "my municipality" here; it does not narrow the participants.
    mine = f.municipalities[0] if f.municipalities else scope.municipality_code
    peers = replace(f, municipalities=())
    return report.compare_table(engine, scope, peers, lang, mine, args.group)


REPORTS: dict[str, Callable[..., pd.DataFrame]] = {
    "services": _services_report,
    "progress": _progress_report,
    "gaps": _gaps_report,
    "compare": _compare_report,
}


def _dump(args: argparse.Namespace, out: Callable[[str], None]) -> int:
    from evaldash.ingest.dump import dump

    engine = _engine(args)
    counts = dump(engine, args.output)
    written = ", ".join(f"{n} {table}" for table, n in counts.items())
    out(f"{args.output}: {written}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, Callable[[str], None]], int]] = {
    "init-db": _init_db,
    "demo": _demo,
    "import": _import,
    "dump": _dump,
    "bench": _bench,
    "report": _report,
    "export": _export,
    "user": _user,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    args = build_parser().parse_args(argv)
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
