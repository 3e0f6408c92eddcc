"""Tables for ``python -m evaldash report``: the pages' metrics with fixed, documented columns.

The columns are a public interface (see the README). Names (service, category, unit, region,
domain) are in the requested language; numbers use ``.`` as the decimal point. Every table is
read as the audience's :class:`~evaldash.auth.Scope` may see it (:func:`evaldash.privacy.read`);
for a suppressed audience a last column ``suppressed`` says why a row's empty cells are empty.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.engine import Engine

from evaldash import columns, csvsafe, privacy
from evaldash.auth import Scope
from evaldash.errors import EvaldashError
from evaldash.filters import Filters
from evaldash.i18n import t
from evaldash.metrics import catalog, compare, gaps, progress, services

COLUMNS = {
    "services": [
        "service_code",
        "service",
        "category",
        "unit",
        "participants",
        "participants_share",
        "units",
        "cost_eur",
        "planned_participants",
        "planned_units",
        "delivered_units",
        "delivery_ratio",
    ],
    "progress": list(progress.SUMMARY_PUBLISHED),
    "gaps": [
        "region",
        "service_code",
        "service",
        "participants_planned",
        "planned_units",
        "delivered_units",
        "delivery_ratio",
        "providers",
        "median_km_to_provider",
        "status",
    ],
    "compare": [
        "municipality",
        "region",
        "indicator",
        "value",
        "n",
        "group_median",
        "rank",
        "rating",
    ],
}


@dataclass(frozen=True)
class Rounds:
    """The evaluation rounds a progress report compares (None: first and last)."""

    round_from: int | None = None
    round_to: int | None = None


def _columns(kind: str, scope: Scope, f: Filters) -> list[str]:
    """The report's columns, with ``suppressed`` last for a suppressed audience."""
    return COLUMNS[kind] + ([privacy.MARKER] if privacy.restricted(scope, f) else [])


def _finish(table: pd.DataFrame, kind: str, scope: Scope, f: Filters) -> pd.DataFrame:
    """The report's columns in order, counts as whole numbers (empty where suppressed)."""
    out = table[_columns(kind, scope, f)].reset_index(drop=True)
    for column in columns.whole_numbers(COLUMNS[kind]):  # suppressed: empty, never 12.0
        if out[column].dtype.kind == "f":
            out[column] = out[column].round().astype("Int64")
    return out


def services_table(engine: Engine, scope: Scope, f: Filters, lang: str) -> pd.DataFrame:
    """The services report: one row per service planned or delivered."""
    ranking = privacy.read(engine, scope, services.ranking, f)
    names = catalog.names(engine, lang)
    table = ranking.assign(
        service=ranking["service_code"].map(names),
        category=ranking["category"].map(names),
        unit=ranking["unit"].map(lambda u: t(f"unit.{u}", lang)),
    )
    return _finish(table, "services", scope, f)


def progress_table(
    engine: Engine, scope: Scope, f: Filters, lang: str, rounds: Rounds
) -> pd.DataFrame:
    """The progress report: one row per domain, between two rounds (default first and last)."""
    available = privacy.read(engine, scope, progress.rounds, f)
    chosen = progress.default_rounds(available)
    if chosen is None:
        raise EvaldashError(
            f"Pilot {f.pilot_id} has fewer than two evaluation rounds in this selection; "
            "progress needs an assessment and a reassessment."
        )
    round_from = rounds.round_from or chosen[0]
    round_to = rounds.round_to or chosen[1]
    known = set(available["round"])
    for value in (round_from, round_to):
        if value not in known:
            raise EvaldashError(f"No round {value} in this selection; rounds: {sorted(known)}")
    if round_from >= round_to:
        raise EvaldashError(f"--round-from ({round_from}) must be before --round-to ({round_to})")
    summary = privacy.read(engine, scope, progress.domain_summary, f, round_from, round_to)
    names = catalog.domain_names(engine, lang)
    return _finish(summary.assign(domain=summary["domain"].map(names)), "progress", scope, f)


def gaps_table(engine: Engine, scope: Scope, f: Filters, lang: str) -> pd.DataFrame:
    """The gaps report: one row per planning region and planned service."""
    table = privacy.read(engine, scope, gaps.region_service_gaps, f)
    names = catalog.names(engine, lang)
    table = table.assign(
        region=table["region"].map(names), service=table["service_code"].map(names)
    )
    return _finish(table, "gaps", scope, f)


def compare_table(
    engine: Engine, scope: Scope, f: Filters, lang: str, municipality: str | None, group: str
) -> pd.DataFrame:
    """The compare report: one row per municipality and indicator, rated against its group.

    ``f``'s region, when given, keeps that region's municipalities in the output (the group
    is still ``group``); ``municipality`` keeps only that one. Indicators are codes (see
    :mod:`evaldash.metrics.compare`); municipality and region are names in ``lang``. Group
    medians, ranks and ratings come from the complete data (:func:`compare.rated`); the
    audience's suppression is applied to them afterwards.
    """
    rated = privacy.read(engine, scope, compare.rated, compare.peers(f), group)
    if rated.empty:
        raise EvaldashError(f"Pilot {f.pilot_id} has no participant in this selection.")
    if municipality is not None:
        if municipality not in set(rated["municipality_code"]):
            raise EvaldashError(
                f"Municipality {municipality} has no participant of pilot {f.pilot_id} in this "
                "selection; leave out --municipality to see all of them."
            )
        rated = compare.for_municipality(rated, municipality)
    if f.regions:
        rated = rated[rated["region"].isin(f.regions)]
    names = catalog.names(engine, lang)
    rated = rated.assign(
        municipality=rated["municipality_code"].map(names), region=rated["region"].map(names)
    )
    return _finish(rated, "compare", scope, compare.peers(f))


def write(table: pd.DataFrame, fmt: str) -> str:
    """Return the table as CSV (header, ``.`` decimals) or JSON (a list of records)."""
    if fmt == "json":
        return table.to_json(orient="records", force_ascii=False, indent=2, date_format="iso")
    return csvsafe.neutralised(table).to_csv(index=False, lineterminator="\n")
