"""Choosing a pilot, filters and an audience for ``report`` and ``export``.

Names of regions and municipalities are resolved as the import resolves them.
"""

from __future__ import annotations

import argparse
from datetime import date

import pandas as pd
import sqlalchemy as sa

from evaldash import auth, config, privacy
from evaldash.db.engine import make_engine
from evaldash.errors import EvaldashError
from evaldash.filters import Filters


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


def _date(text: str) -> date:
    from evaldash.ingest.parse import parse_date

    parsed = parse_date(pd.Series([text], dtype=object))
    if parsed.bad.iloc[0] or pd.isna(parsed.values.iloc[0]):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; use 2019-02-10 or 10.02.2019"
        ) from None
    return parsed.values.iloc[0].date()


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
