"""Monthly charts: spending by service group against the budget, and people served."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from evaldash.charts.theme import (
    BUDGET_COLOUR,
    CATEGORY_COLOURS,
    INK,
    MUTED,
    OTHER_COLOUR,
    TEMPLATE,
    _month_step,
    require_columns,
    top_categories,
)


def spend_over_time(
    df: pd.DataFrame,
    *,
    x: str = "month",
    y: str = "cost_eur",
    color: str = "category",
    budget: float | None = None,
    title: str = "",
    labels: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
    keep: int = 7,
    month_format: str = "%m.%Y",
    separators: str = ".,",
) -> go.Figure:
    """Stacked monthly spending by category with the cumulative total against the budget.

    ``labels`` may hold axis and legend texts under the keys ``x``, ``y``, ``cumulative``,
    ``budget`` and ``other``; ``names`` maps category codes to display names. The ``keep``
    largest categories are drawn, the rest as "other". ``month_format`` is a d3 time format
    for the month ticks (Latvian ``%m.%Y``, English ``%Y-%m``); ``separators`` are plotly's
    decimal and thousands separators (Latvian ``", "``, English ``".,"``).
    """
    require_columns(df, [x, y, color])
    labels = {
        "x": "",
        "y": y,
        "cumulative": "cumulative",
        "budget": "budget",
        "other": "other",
        **(labels or {}),
    }
    names = names or {}
    data = top_categories(df, color, y, keep)
    by_month = data.groupby([x, color], as_index=False)[y].sum()
    order = by_month.groupby(color)[y].sum().sort_values(ascending=False).index.tolist()
    if "other" in order:
        order = [c for c in order if c != "other"] + ["other"]
    fig = go.Figure()
    for category in order:
        part = by_month[by_month[color] == category]
        label = labels["other"] if category == "other" else names.get(category, category)
        fig.add_bar(
            x=part[x],
            y=part[y],
            name=label,
            marker_color=CATEGORY_COLOURS.get(category, OTHER_COLOUR),
            hovertemplate="%{x}: %{y:,.0f} EUR<extra>" + label + "</extra>",
        )
    _add_cumulative(fig, by_month, x, y, budget, labels)
    fig.update_traces(xhoverformat=month_format)
    fig.update_layout(
        template=TEMPLATE,
        separators=separators,
        barmode="stack",
        title=title,
        # Tall enough that the plot keeps its height when the legend takes many rows (phone).
        height=620,
        xaxis={
            "title": labels["x"],
            "dtick": _month_step(by_month[x].nunique()),
            "tickformat": month_format,
        },
        yaxis={"title": labels["y"], "rangemode": "tozero"},
        yaxis2={
            "title": labels["cumulative"],
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
            "showgrid": False,
            "tickmode": "auto",  # round amounts, not the left axis's grid carried over
        },
    )
    return fig


def _add_cumulative(
    fig: go.Figure,
    by_month: pd.DataFrame,
    x: str,
    y: str,
    budget: float | None,
    labels: Mapping[str, str],
) -> None:
    totals = by_month.groupby(x)[y].sum().sort_index().cumsum()
    fig.add_scatter(
        x=totals.index,
        y=totals.to_numpy(),
        name=labels["cumulative"],
        yaxis="y2",
        mode="lines+markers",
        line={"color": INK, "width": 2.5},
        hovertemplate="%{x}: %{y:,.0f} EUR<extra></extra>",
    )
    if budget and budget > 0 and len(totals):
        fig.add_scatter(
            x=[totals.index.min(), totals.index.max()],
            y=[budget, budget],
            yaxis="y2",
            name=labels["budget"],
            mode="lines",
            line={"color": BUDGET_COLOUR, "dash": "dash", "width": 2},
            hovertemplate="%{y:,.0f} EUR<extra></extra>",
        )


def people_trend(
    df: pd.DataFrame,
    *,
    x: str = "month",
    y: str = "participants",
    average: str = "average",
    title: str = "",
    labels: Mapping[str, str] | None = None,
    month_format: str = "%m.%Y",
    separators: str = ".,",
) -> go.Figure:
    """People served per month, with the period's monthly average as a dashed line."""
    require_columns(df, [x, y, average])
    labels = {"y": y, "average": average, **(labels or {})}
    fig = go.Figure()
    fig.add_bar(
        x=df[x],
        y=df[y],
        name=labels["y"],
        marker_color=MUTED[1],
        hovertemplate="%{x}: %{y}<extra></extra>",
    )
    fig.add_scatter(
        x=df[x],
        y=df[average],
        name=labels["average"],
        mode="lines",
        line={"color": INK, "dash": "dash", "width": 2},
        hovertemplate="%{y:,.1f}<extra></extra>",
    )
    fig.update_traces(xhoverformat=month_format)
    fig.update_layout(
        template=TEMPLATE,
        title=title,
        separators=separators,
        xaxis={"tickformat": month_format, "dtick": _month_step(df[x].nunique())},
        yaxis={"title": labels["y"], "rangemode": "tozero"},
    )
    return fig
