"""Comparison charts: "my municipality" against its group (funnel plot, spine chart, league)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from evaldash.charts.theme import (
    HIGHLIGHT,
    INK,
    MUTED,
    PEER_COLOUR,
    RATING_COLOURS,
    TEMPLATE,
    _axis_title,
    bold,
    require_columns,
    wrap,
)


def funnel_plot(
    points: pd.DataFrame,
    limits: pd.DataFrame,
    *,
    highlight: str | None = None,
    label: str = "municipality_code",
    x: str = "n",
    y: str = "value",
    names: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    title: str = "",
    x_title: str = "",
    y_title: str = "",
) -> go.Figure:
    """A funnel plot: each municipality's proportion against its n, with control limits.

    ``limits`` has columns n, centre, lower_95, upper_95, lower_998, upper_998 (as
    :func:`evaldash.metrics.compare.funnel` returns); the limits are drawn as steps, since
    counts are whole numbers. ``highlight`` names the row (by ``label``) drawn large, bold and
    in :data:`HIGHLIGHT`. ``labels`` may hold legend texts under ``centre``, ``95``, ``998``
    and ``peers``.
    """
    require_columns(points, [label, x, y])
    require_columns(limits, ["n", "centre", "lower_95", "upper_95", "lower_998", "upper_998"])
    names = names or {}
    labels = {"centre": "group", "95": "95%", "998": "99.8%", "peers": "", **(labels or {})}
    fig = go.Figure()
    for level, dash in (("998", "dot"), ("95", "dash")):
        for side in ("lower", "upper"):
            fig.add_scatter(
                x=limits["n"],
                y=limits[f"{side}_{level}"],
                mode="lines",
                line={"color": "#777777", "dash": dash, "width": 1.5, "shape": "hv"},
                name=labels[level],
                legendgroup=level,
                showlegend=side == "lower",
                hoverinfo="skip",
            )
    fig.add_scatter(
        x=limits["n"],
        y=limits["centre"],
        mode="lines",
        line={"color": INK, "width": 1.5},
        name=labels["centre"],
        hovertemplate="%{y:.0%}<extra></extra>",
    )
    mine = points[label] == highlight
    for rows, is_mine in ((points[~mine], False), (points[mine], True)):
        texts = [names.get(c, c) for c in rows[label]]
        # My municipality is named by the legend and the hover, not on the plot: a name
        # beside its dot ran into the axis's labels on a phone.
        fig.add_scatter(
            x=rows[x],
            y=rows[y],
            mode="markers",
            text=texts,
            cliponaxis=False,
            name=bold(texts[0]) if is_mine and texts else labels["peers"],
            showlegend=is_mine or bool(labels["peers"]),
            marker={
                "size": 16 if is_mine else 10,
                "color": HIGHLIGHT if is_mine else PEER_COLOUR,
                "line": {"color": INK, "width": 1.5 if is_mine else 0.5},
            },
            hovertemplate="%{text}: %{y:.0%} (n = %{x})<extra></extra>",
        )
    fig.update_layout(
        template=TEMPLATE,
        title=title,
        height=480,
        legend={"entrywidth": 0, "entrywidthmode": "pixels"},
        xaxis={
            "title": _axis_title(x_title),
            "range": [0, float(limits["n"].max()) * 1.05 + 0.5] if len(limits) else None,
            "showgrid": True,
            "gridcolor": "#E5E5E5",
        },
        yaxis={"title": _axis_title(y_title), "tickformat": ".0%", "range": [-0.03, 1.05]},
    )
    return fig


def spine_chart(
    df: pd.DataFrame,
    *,
    y: str = "indicator",
    hover: str | None = None,
    names: Mapping[str, str] | None = None,
    rating_names: Mapping[str, str] | None = None,
    title: str = "",
    x_title: str = "",
    mine: str = "",
) -> go.Figure:
    """One municipality across indicators against the group: range, quartiles, median.

    ``df`` is :func:`evaldash.metrics.compare.spine`'s frame: every indicator placed on 0..1
    (worst end 0, group median 0.5, best end 1). The light bar is the group's range, the
    darker one its middle half; the dot is ``mine``'s value, coloured by its rating.
    """
    require_columns(df, [y, "position", "q1_position", "q3_position", "rating"])
    if hover:
        require_columns(df, [hover])
    names, rating_names = names or {}, rating_names or {}
    labels = [names.get(c, c) for c in df[y]]
    fig = go.Figure()
    fig.add_bar(
        x=[1.0] * len(df),
        y=labels,
        orientation="h",
        marker_color="#EEEEEE",
        hoverinfo="skip",
        showlegend=False,
    )
    fig.add_bar(
        x=df["q3_position"] - df["q1_position"],
        base=df["q1_position"],
        y=labels,
        orientation="h",
        marker_color="#BBBBBB",
        hoverinfo="skip",
        showlegend=False,
    )
    for rating, colour in RATING_COLOURS.items():
        rows = df[df["rating"] == rating]
        fig.add_scatter(
            x=rows["position"],
            y=[names.get(c, c) for c in rows[y]],
            mode="markers",
            name=rating_names.get(rating, rating),
            marker={
                "size": 15,
                "color": colour,
                "line": {"color": INK, "width": 1.5},
                "symbol": "diamond" if rating == "not_rated" else "circle",
            },
            text=rows[hover] if hover else None,
            hovertemplate=("%{text}" if hover else "%{y}") + "<extra></extra>",
        )
    fig.add_vline(x=0.5, line_color=INK, line_width=2)
    fig.update_layout(
        template=TEMPLATE,
        title=title,
        barmode="overlay",
        bargap=0.45,
        legend={
            "title": {"text": bold(mine)} if mine else None,
            "entrywidth": 0,
            "entrywidthmode": "pixels",
        },
        height=max(320, 50 * len(df) + 180),  # room for names in up to three lines
        xaxis={
            "range": [-0.02, 1.02],
            "showticklabels": False,
            "title": {"text": wrap(x_title, 26), "standoff": 14},
            "showgrid": False,
        },
        # Indicator names in lines that leave a phone's chart room for the spines.
        yaxis={
            "automargin": True,
            "autorange": "reversed",
            "showgrid": False,
            "tickmode": "array",
            "tickvals": labels,
            "ticktext": [wrap(label, 22) for label in labels],
            "tickfont": {"size": 13},
        },
    )
    return fig


def league(
    df: pd.DataFrame,
    *,
    highlight: str | None = None,
    label: str = "municipality_code",
    x: str = "value",
    low: str = "ci_low",
    high: str = "ci_high",
    hover: str | None = None,
    names: Mapping[str, str] | None = None,
    group_value: float | None = None,
    group_label: str = "",
    title: str = "",
    x_title: str = "",
    tickformat: str = "",
) -> go.Figure:
    """Every municipality's value of one indicator with its interval, in the given order.

    ``highlight`` names the row drawn bold and in :data:`HIGHLIGHT`; ``group_value`` adds the
    group median as a vertical line. Rows without an interval show the dot alone.
    """
    require_columns(df, [label, x, low, high] + ([hover] if hover else []))
    names = names or {}
    is_mine = df[label] == highlight
    ys = [
        bold(names.get(c, c)) if m else names.get(c, c)
        for c, m in zip(df[label], is_mine, strict=True)
    ]
    fig = go.Figure(
        go.Scatter(
            x=df[x],
            y=ys,
            mode="markers",
            marker={
                "size": [16 if m else 11 for m in is_mine],
                "color": [HIGHLIGHT if m else MUTED[0] for m in is_mine],
                "line": {"color": INK, "width": 1},
            },
            error_x={
                "type": "data",
                "symmetric": False,
                "array": (df[high] - df[x]).fillna(0),
                "arrayminus": (df[x] - df[low]).fillna(0),
                "color": "#777777",
                "thickness": 1.5,
            },
            text=df[hover] if hover else None,
            hovertemplate=("%{text}" if hover else "%{y}: %{x}") + "<extra></extra>",
        )
    )
    if group_value is not None and not pd.isna(group_value):
        fig.add_vline(
            x=group_value,
            line_dash="dash",
            line_color=INK,
            annotation_text=group_label,
            annotation_position="top",
        )
    fig.update_layout(
        template=TEMPLATE,
        title=title,
        showlegend=False,
        height=max(320, 30 * len(df) + 160),
        xaxis={
            "title": _axis_title(x_title),
            "automargin": True,
            "showgrid": True,
            "gridcolor": "#E5E5E5",
            "tickformat": tickformat,
        },
        yaxis={"automargin": True, "autorange": "reversed"},
    )
    return fig
