"""Charts: DataFrame and column names in, plotly Figure out. No Streamlit, no I/O.

One template (``TEMPLATE``) is used on screen and in exports. Colours come from Paul Tol's
colour-blind-safe "muted" and "light" schemes; each service category keeps its colour in
every chart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

# Streamlit serves "Source Sans" itself; names are quoted because an unquoted CSS family name
# may not contain a word starting with a digit ("Source Sans 3" voids the whole declaration).
FONT = '"Source Sans", "Source Sans Pro", "DejaVu Sans", Arial, sans-serif'
MUTED = (
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
)
LIGHT = ("#77AADD", "#99DDFF", "#44BB99", "#BBCC33", "#AAAA00", "#EEDD88", "#EE8866", "#FFAABB")
OTHER_COLOUR = "#BBBBBB"
INK = "#222222"
BUDGET_COLOUR = "#CC3311"

CATEGORY_ORDER = (
    "rehabilitation_specialist",
    "communication",
    "psychosocial",
    "education_support",
    "behavioural",
    "arts_therapy",
    "sensory",
    "animal_assisted",
    "health_support",
    "care",
    "personal_support",
    "employment_support",
    "respite",
    "day_service",
    "residential_community",
    "residential_short",
    "case_management",
    "family_support",
    "access_support",
)
CATEGORY_COLOURS: dict[str, str] = dict(
    zip(CATEGORY_ORDER, MUTED + LIGHT + ("#DDDDDD", "#555555"), strict=True)
)

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font={"family": FONT, "size": 14, "color": INK},
        title={"font": {"size": 17}, "x": 0, "xanchor": "left"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=list(MUTED),
        xaxis={"showgrid": False, "linecolor": "#888888", "ticks": "outside"},
        yaxis={"gridcolor": "#E5E5E5", "zeroline": False},
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": -0.12,
            "x": 0,
            "entrywidth": 0.25,
            "entrywidthmode": "fraction",
        },
        margin={"l": 80, "r": 80, "t": 70, "b": 40},
        hoverlabel={"font": {"family": FONT}},
    )
)


def require_columns(df: pd.DataFrame, columns: Sequence[str]) -> None:
    """Raise ``ValueError`` naming each missing column and listing the available ones."""
    for column in columns:
        if column not in df.columns:
            raise ValueError(
                f"{column!r} is not the name of a column in the data frame. "
                f"Expected one of {list(df.columns)} but received: {column!r}"
            )


def top_categories(
    df: pd.DataFrame, color: str, value: str, keep: int, other: str = "other"
) -> pd.DataFrame:
    """Replace all but the ``keep`` largest ``color`` values (by total ``value``) by ``other``."""
    totals = df.groupby(color)[value].sum().sort_values(ascending=False)
    kept = set(totals.index[:keep])
    return df.assign(**{color: df[color].where(df[color].isin(kept), other)})


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
        },
    )
    return fig


def _month_step(months: int) -> str:
    """Return a tick step that keeps month labels from overlapping."""
    return "M1" if months <= 8 else "M2" if months <= 16 else "M3" if months <= 36 else "M6"


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
