"""Progress charts: change per domain with intervals, outcome shares, slopes, one radar."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from evaldash.charts.theme import (
    INK,
    MUTED,
    OUTCOME_COLOURS,
    TEMPLATE,
    _axis_title,
    require_columns,
    wrap,
)


def change_interval(
    df: pd.DataFrame,
    *,
    y: str = "domain",
    x: str = "median_change",
    low: str = "ci_low",
    high: str = "ci_high",
    names: Mapping[str, str] | None = None,
    title: str = "",
    x_title: str = "",
    hover: str | None = None,
) -> go.Figure:
    """Median change per row with its interval; zero (no change) marked. Positive = better."""
    require_columns(df, [y, x, low, high] + ([hover] if hover else []))
    names = names or {}
    fig = go.Figure(
        go.Scatter(
            x=df[x],
            y=[names.get(v, v) for v in df[y]],
            mode="markers",
            marker={"size": 12, "color": MUTED[0]},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": df[high] - df[x],
                "arrayminus": df[x] - df[low],
                "color": MUTED[0],
                "thickness": 2,
            },
            text=df[hover] if hover else None,
            hovertemplate=("%{text}" if hover else "%{y}: %{x}") + "<extra></extra>",
        )
    )
    fig.add_vline(x=0, line_color=INK, line_width=1)
    fig.update_layout(
        template=TEMPLATE,
        title=title,
        showlegend=False,
        height=max(300, 60 * len(df) + 140),
        xaxis={
            "title": _axis_title(x_title),
            "automargin": True,
            "zeroline": False,
            "showgrid": True,
            "gridcolor": "#E5E5E5",
        },
        yaxis={"automargin": True, "autorange": "reversed"},
    )
    return fig


def outcome_bars(
    df: pd.DataFrame,
    *,
    y: str = "domain",
    names: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    title: str = "",
) -> go.Figure:
    """Improved / unchanged / declined counts per row, stacked, as shares of the row.

    The row's total is its ``n_pairs`` when the frame has one (a hidden count then leaves a
    gap instead of swelling the others' shares), else the sum of the three.
    """
    outcomes = list(OUTCOME_COLOURS)
    require_columns(df, [y, *outcomes])
    names, labels = names or {}, {**{o: o for o in outcomes}, **(labels or {})}
    total = df["n_pairs"] if "n_pairs" in df else df[outcomes].sum(axis=1)
    total = total.astype("float64").where(lambda s: s > 0)
    fig = go.Figure()
    for outcome in outcomes:
        fig.add_bar(
            x=df[outcome] / total,
            y=[names.get(v, v) for v in df[y]],
            orientation="h",
            name=labels[outcome],
            marker_color=OUTCOME_COLOURS[outcome],
            customdata=df[outcome],
            texttemplate="%{customdata}",
            textposition="inside",
            hovertemplate="%{y}: %{customdata} (%{x:.0%})<extra>" + labels[outcome] + "</extra>",
        )
    fig.update_layout(
        template=TEMPLATE,
        title=title,
        barmode="stack",
        height=max(300, 50 * len(df) + 160),
        xaxis={"tickformat": ".0%", "range": [0, 1]},
        yaxis={"automargin": True, "autorange": "reversed"},
    )
    return fig


def slopegraph(
    df: pd.DataFrame,
    *,
    label: str = "participant_code",
    start: str = "score_from",
    end: str = "score_to",
    status: str = "status",
    x_labels: tuple[str, str] = ("from", "to"),
    status_labels: Mapping[str, str] | None = None,
    title: str = "",
    y_title: str = "",
    better: str | None = None,
    better_text: str = "better",
) -> go.Figure:
    """One line per participant from the earlier to the later score, coloured by outcome.

    Outcomes are oriented (a lower score is an improvement on a lower-is-better scale), so
    ``better`` (``"up"`` or ``"down"``) draws an arrow beside the plot pointing to the better
    end of the score axis, labelled ``better_text``.
    """
    require_columns(df, [label, start, end, status])
    if better not in (None, *BETTER_ARROWS):
        raise ValueError(f"better must be one of {list(BETTER_ARROWS)} or None, not {better!r}")
    status_labels = status_labels or {}
    data = df.dropna(subset=[start, end])
    fig = go.Figure()
    for outcome, colour in OUTCOME_COLOURS.items():
        rows = data[data[status] == outcome]
        xs, ys, texts = [], [], []
        for row in rows.itertuples(index=False):
            name = getattr(row, label)
            xs += [x_labels[0], x_labels[1], None]
            ys += [getattr(row, start), getattr(row, end), None]
            texts += [name, name, None]
        fig.add_scatter(
            x=xs,
            y=ys,
            text=texts,
            mode="lines+markers",
            name=f"{status_labels.get(outcome, outcome)} ({len(rows)})",
            line={"color": colour, "width": 1.5},
            marker={"size": 6},
            opacity=0.75,
            hovertemplate="%{text}: %{y}<extra></extra>",
        )
    fig.update_layout(
        template=TEMPLATE,
        title=title,
        height=520,
        xaxis={"type": "category"},
        yaxis={"title": _axis_title(y_title)},
    )
    if better is not None:
        fig.add_annotation(**BETTER_ARROWS[better], text=better_text)
    return fig


_ARROW = {
    "xref": "paper",
    "yref": "paper",
    "x": 1,
    "xshift": 40,  # in the right margin (80 px), clear of the lines and their markers
    "ax": 0,
    "showarrow": True,
    "arrowhead": 2,
    "arrowsize": 1.2,
    "arrowwidth": 2,
    "arrowcolor": INK,
    "font": {"color": INK},
}
BETTER_ARROWS: dict[str, dict] = {
    "up": {**_ARROW, "y": 1, "ay": 70, "yanchor": "top"},
    "down": {**_ARROW, "y": 0, "ay": -70, "yanchor": "bottom"},
}
"""An arrow beside a score axis, its head at the better end; the text at its tail."""


def radar(
    df: pd.DataFrame,
    *,
    theta: str = "domain",
    first: str = "first_position",
    latest: str = "latest_position",
    names: Mapping[str, str] | None = None,
    labels: tuple[str, str] = ("first", "latest"),
    title: str = "",
    ticks: Mapping[float, str] | None = None,
) -> go.Figure:
    """One participant's domains on a 0..1 scale (1 = best end), first against latest round.

    ``ticks`` (position -> text, e.g. ``{1.0: "100% = best"}``) label the radial axis, which
    then runs between the first two domains' spokes, clear of their names; without them it
    is labelled in percent.
    """
    require_columns(df, [theta, first, latest])
    names = names or {}
    axes = [wrap(names.get(v, v), 12) for v in df[theta]]  # names in lines around the circle
    fig = go.Figure()
    for column, label, colour in ((first, labels[0], MUTED[1]), (latest, labels[1], MUTED[0])):
        values = list(df[column])
        fig.add_scatterpolar(
            r=values + values[:1],
            theta=axes + axes[:1],
            name=label,
            fill="toself",
            opacity=0.6,
            line={"color": colour},
            hovertemplate="%{theta}: %{r:.0%}<extra>" + label + "</extra>",
        )
    fig.update_layout(
        template=TEMPLATE,
        title=title,
        height=460,
        margin={"l": 100, "r": 100},  # room for the domains' names around the circle
        polar={
            # Three rings labelled: five labels along a phone's radius run together.
            # between two domains' spokes, so that no name sits on the scale's labels
            "radialaxis": {
                "range": [0, 1],
                "tickformat": ".0%",
                "dtick": 0.5,
                "angle": 180 / max(len(axes), 1),
                "tickangle": 180 / max(len(axes), 1),
            },
            "angularaxis": {"tickfont": {"size": 12}},
        },
    )
    if ticks:
        between = 180 / max(len(axes), 1)  # halfway to the second spoke (counterclockwise)
        fig.update_polars(
            radialaxis={
                "tickmode": "array",
                "tickvals": list(ticks),
                "ticktext": list(ticks.values()),
                "angle": between,
                "tickangle": between,
            }
        )
    return fig
