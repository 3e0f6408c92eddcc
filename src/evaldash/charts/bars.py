"""Rows of services and statuses: rankings, delivered-of-planned dots, gap status counts."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from evaldash.charts.theme import (
    CATEGORY_COLOURS,
    GAP_COLOURS,
    INK,
    OTHER_COLOUR,
    TEMPLATE,
    _axis_title,
    category_ticks,
    require_columns,
)
from evaldash.measures import DEFAULT_THRESHOLD


def ranking_bars(
    df: pd.DataFrame,
    *,
    x: str,
    y: str = "service_code",
    color: str = "category",
    names: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    title: str = "",
    x_title: str = "",
    text: str | None = None,
    top: int = 15,
) -> go.Figure:
    """Horizontal bars of the ``top`` rows by ``x``, largest on top, coloured by category.

    ``text`` names a column of ready-made labels shown at the bar ends (e.g. "12 (40 %)").
    The axis shows ``labels`` (short names), the hover the full ``names``.
    """
    require_columns(df, [x, y, color] + ([text] if text else []))
    data = df.nlargest(top, x).iloc[::-1]
    full, ticks = category_ticks(list(data[y]), names or {}, labels)
    fig = go.Figure(
        go.Bar(
            x=data[x],
            y=full,
            orientation="h",
            marker_color=[CATEGORY_COLOURS.get(c, OTHER_COLOUR) for c in data[color]],
            text=data[text] if text else None,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:,.1f}<extra></extra>",
        )
    )
    fig.update_layout(
        template=TEMPLATE,
        title=title,
        showlegend=False,
        height=max(320, 28 * len(data) + 140),
        xaxis={
            "title": _axis_title(x_title),
            "automargin": True,
            "rangemode": "tozero",
            "showgrid": True,
            "gridcolor": "#E5E5E5",
        },
        yaxis={**ticks, "automargin": True, "gridcolor": "rgba(0,0,0,0)"},
        margin={"l": 20, "r": 80},
    )
    return fig


def delivery_ratio(
    df: pd.DataFrame,
    *,
    ratio: str = "delivery_ratio",
    y: str = "service_code",
    hover: str | None = None,
    names: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    title: str = "",
    x_title: str = "",
    threshold_label: str = "",
) -> go.Figure:
    """Delivered as a share of planned, one dot per service, with the threshold marked.

    A ratio compares each service with its own plan, so services with different units can
    stand side by side. ``hover`` names a column of ready-made hover texts.
    """
    require_columns(df, [ratio, y] + ([hover] if hover else []))
    data = df.dropna(subset=[ratio]).sort_values(ratio, ascending=False)
    full, ticks = category_ticks(list(data[y]), names or {}, labels)
    colours = [
        GAP_COLOURS["under_delivered"] if r < threshold else GAP_COLOURS["ok"] for r in data[ratio]
    ]
    fig = go.Figure(
        go.Scatter(
            x=data[ratio],
            y=full,
            mode="markers",
            marker={"color": colours, "size": 12, "line": {"color": INK, "width": 0.5}},
            text=data[hover] if hover else None,
            hovertemplate=("%{text}" if hover else "%{y}: %{x:.0%}") + "<extra></extra>",
        )
    )
    fig.add_vline(
        x=threshold,
        line_dash="dash",
        line_color=INK,
        annotation_text=threshold_label,
        annotation_position="top",
    )
    fig.update_layout(
        template=TEMPLATE,
        title=title,
        showlegend=False,
        height=max(320, 26 * len(data) + 140),
        xaxis={
            "title": _axis_title(x_title),
            "automargin": True,
            "tickformat": ".0%",
            "rangemode": "tozero",
            "showgrid": True,
            "gridcolor": "#E5E5E5",
        },
        yaxis={**ticks, "automargin": True, "autorange": "reversed"},
        margin={"l": 20, "r": 40},
    )
    return fig


def status_counts(
    df: pd.DataFrame,
    *,
    status: str = "status",
    status_names: Mapping[str, str] | None = None,
    title: str = "",
) -> go.Figure:
    """How many rows (e.g. region x service cells) have each gap status."""
    require_columns(df, [status])
    status_names = status_names or {}
    counts = df[status].value_counts()
    levels = [s for s in GAP_COLOURS if s in counts.index]
    fig = go.Figure(
        go.Bar(
            x=[int(counts[s]) for s in levels],
            y=[status_names.get(s, s) for s in levels],
            orientation="h",
            marker_color=[GAP_COLOURS[s] for s in levels],
            text=[int(counts[s]) for s in levels],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_layout(
        template=TEMPLATE,
        title=title,
        showlegend=False,
        yaxis={"automargin": True, "autorange": "reversed"},
        xaxis={"rangemode": "tozero"},
    )
    return fig
