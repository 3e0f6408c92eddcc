"""The ``bench`` command: run the benchmarks of :mod:`evaldash.bench` and print their figures."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from evaldash import bootstrap, config
from evaldash.cli.common import _positive
from evaldash.cli.selection import _pilot_or_fail
from evaldash.db.engine import KEEP_OPEN, make_engine
from evaldash.errors import EvaldashError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

_rows = _positive("--rows")


def _add_bench(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """The subcommand ``bench``."""
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
        help="Chrome or Chromium for the browser benchmark (default: the one chart images use: "
        "$EVALDASH_BROWSER, $BROWSER_PATH, else one installed in a usual place)",
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
