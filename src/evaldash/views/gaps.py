"""The Provider gaps page's panels.

Where planned services have no provider or are under-delivered, by planning region, on the
map and in one region's detail.
"""

from __future__ import annotations

import pandas as pd

from evaldash import charts, privacy
from evaldash.i18n import (
    fmt_number,
    t,
)
from evaldash.measures import DEFAULT_THRESHOLD
from evaldash.metrics import gaps
from evaldash.views.base import Panel, View, localized
from evaldash.views.texts import filter_period, statuses


@localized
def gaps_matrix(v: View, threshold: float = DEFAULT_THRESHOLD) -> Panel | None:
    """Planning region x service, coloured by status, with the share delivered."""
    table = v.fetch(gaps.region_service_gaps, v.f, threshold)
    if table.empty:
        return None
    lang = v.lang
    points = v.fetch(gaps.map_points, v.f, threshold)
    n = int(points["participants_planned"].sum())
    title = t("gaps.matrix_title", lang, period=filter_period(v.f, lang), n=n)
    fig = charts.status_matrix(
        gap_cells(table, lang),
        text="cell",
        names=v.names,
        labels=v.labels,
        status_names=statuses(lang),
        title=title,
        text_title=t("gaps.cell_legend", lang),
    )
    return Panel("gaps_matrix", title, fig, gap_table(table), gaps_takeaway(v, table))


@localized
def gaps_map(v: View, threshold: float = DEFAULT_THRESHOLD) -> Panel | None:
    """Municipality centres sized by demand, coloured by their worst status."""
    points = v.fetch(gaps.map_points, v.f, threshold)
    if points.empty:
        return None
    lang = v.lang
    n = int(points["participants_planned"].sum())
    title = t("gaps.map_title", lang, period=filter_period(v.f, lang), n=n)
    fig = charts.bubble_map(
        points, names=v.names, status_names=statuses(lang), title=title, background=v.centres
    )
    missing = int((points["worst_status"] == "no_provider").sum())
    takeaway = t("takeaway.map", lang, missing=missing, n=len(points))
    return Panel("gaps_map", title, fig, points, takeaway, (t("gaps.map_note", lang),))


def gaps_regions(v: View, threshold: float = DEFAULT_THRESHOLD) -> list[str]:
    """The regions with demand, for the drill-down choice."""
    table = v.fetch(gaps.region_service_gaps, v.f, threshold)
    return sorted(table["region"].unique())


@localized
def gaps_detail(
    v: View, threshold: float = DEFAULT_THRESHOLD, region: str | None = None
) -> Panel | None:
    """One region by municipality and service (default: the first region with demand)."""
    regions = gaps_regions(v, threshold)
    if not regions:
        return None
    region = region if region in regions else regions[0]
    detail = v.fetch(gaps.municipality_service_gaps, v.f, threshold, region)
    lang = v.lang
    name = v.names.get(region, region)
    points = v.fetch(gaps.map_points, v.f, threshold)
    n = int(points.loc[points["region"] == region, "participants_planned"].sum())
    title = t("gaps.drill_title", lang, region=name, period=filter_period(v.f, lang), n=n)
    fig = charts.status_matrix(
        gap_cells(detail, lang),
        y="municipality_code",
        text="cell",
        names=v.names,
        labels=v.labels,
        status_names=statuses(lang),
        title=title,
        text_title=t("gaps.cell_legend", lang),
    )
    worst = gaps.worst_gaps(detail, 1)
    if worst.empty:
        takeaway = t("takeaway.detail_ok", lang, region=name)
    else:
        row = worst.iloc[0]
        takeaway = t(
            "takeaway.detail",
            lang,
            region=name,
            service=v.names.get(row["service_code"], row["service_code"]),
            place=v.names.get(row["municipality_code"], row["municipality_code"]),
            status=t(f"status.{row['status']}", lang),
        )
    return Panel("gaps_detail", title, fig, gap_table(detail), takeaway)


def panels(v: View, *, threshold: float, region: str | None) -> list[Panel | None]:
    """The page's charts: the matrix, the map, the detail of ``region``."""
    return [
        gaps_matrix(v, threshold),
        gaps_map(v, threshold),
        gaps_detail(v, threshold, region),
    ]


def gaps_takeaway(v: View, table: pd.DataFrame) -> str:
    """How many cells of ``table`` have each status, in one sentence."""
    counts = table["status"].value_counts()
    return t(
        "takeaway.gaps",
        v.lang,
        cells=len(table),
        **{s: int(counts.get(s, 0)) for s in gaps.STATUS_ORDER},
    )


def gap_cells(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return gap rows with a cell label: the percentage delivered, or "–" without a provider.

    The number stands alone (the legend says it is a percentage): "100" fits a cell of a
    phone's matrix where "100 %" would not.
    """
    cells = ["–" if pd.isna(r) else fmt_number(r * 100, lang) for r in table["delivery_ratio"]]
    return table.assign(cell=cells)


GAP_COLUMNS = (
    "region",
    "municipality_code",
    "service_code",
    "participants_planned",
    "planned_units",
    "delivered_units",
    "unit",
    "delivery_ratio",
    "providers",
    "median_km_to_provider",
    "km_to_provider",
    "status",
    privacy.MARKER,
)
"""The columns of a gaps table behind a chart, in order (those the table has)."""


def gap_table(table: pd.DataFrame) -> pd.DataFrame:
    """The gaps rows behind a chart: codes and raw values, as every chart's table.

    "Show data" writes them for people (:func:`~evaldash.views.texts.display_table`); the
    CSV download and the Excel export keep them as they are.
    """
    return table[[c for c in GAP_COLUMNS if c in table.columns]].reset_index(drop=True)
