"""Tables and charts behind the pages: ``report`` and ``export``."""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from evaldash import auth
from evaldash.cli.progress import Bar, add_quiet
from evaldash.cli.selection import _selected, _selection
from evaldash.errors import EvaldashError
from evaldash.filters import Filters
from evaldash.i18n import LANGUAGES, t


def _add_report(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """The subcommand ``report``."""
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


def _add_export(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from evaldash.export import FORMATS
    from evaldash.site import chart_pages

    exp = sub.add_parser(
        "export",
        parents=[common],
        help="write the charts of a view as PowerPoint, PDF, Excel or images",
        description="Write the charts of one or more pages for a pilot and filters: a 16:9 "
        "PowerPoint, an A4 PDF report, an Excel workbook of the tables behind the charts, or a "
        "zip of PNG/SVG images. Charts are drawn by a Chrome or Chromium of this computer "
        "(EVALDASH_BROWSER, else BROWSER_PATH, else one installed in a usual place); nothing "
        "is downloaded.",
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
    add_quiet(exp)


def _export(args: argparse.Namespace, out: Callable[[str], None]) -> int:
    from evaldash import export, site, views
    from evaldash.metrics import catalog

    engine, lang, f, scope = _selected(args)
    pilots = catalog.pilots(engine).set_index("pilot_id")
    pages = args.page or list(site.chart_pages())
    view = views.View.direct(engine, f, lang, scope)
    with Bar(quiet=args.quiet) as bar:
        deck = export.deck(view, str(pilots.loc[f.pilot_id, "name"]), pages, progress=bar)
        data = export.write(deck, args.format, progress=bar)
    auth.audit_export(engine, getpass.getuser(), args.format, pages, f, args.audience)
    partial = args.output.with_name(args.output.name + ".partial")
    try:
        partial.write_bytes(data)
        partial.replace(args.output)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise EvaldashError(f"Cannot write {args.output}: {exc.strerror}") from exc
    charts = t("count.charts", "en", n=len(deck.panels))  # the command line speaks English
    out(f"{args.output}: {charts} of {', '.join(pages)} ({args.format})")
    return 0


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
