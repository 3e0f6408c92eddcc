"""The shared look of every chart: colours, the plotly template and small helpers.

One template (``TEMPLATE``) is used on screen and in exports. Colours come from Paul Tol's
colour-blind-safe schemes, darkened where needed to WCAG AA contrast on white; each service
category keeps its colour in every chart. The helpers check columns, fold small categories
into "other", space month ticks, title axes, shrink a figure for a card and bold a label.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

# Streamlit serves "Source Sans" itself; names are quoted because an unquoted CSS family name
# may not contain a word starting with a digit ("Source Sans 3" voids the whole declaration).
FONT = '"Source Sans", "Source Sans Pro", "DejaVu Sans", Arial, sans-serif'
# Every colour that marks something on the white background has at least WCAG's 3:1 contrast
# for graphical objects (1.4.11), text at least 4.5:1 (tests/test_charts.py checks both). Tol's
# "muted" scheme, its light members darkened to 3:1 with their hue kept:
MUTED = (
    "#332288",
    "#1F9AD8",  # Tol #88CCEE
    "#40A191",  # Tol #44AA99
    "#117733",
    "#999933",
    "#A69129",  # Tol #DDCC77
    "#CC6677",
    "#882255",
    "#AA4499",
)
# Ten more for the service groups, dark enough on white and apart from the nine above and
# from one another (CIE Lab distance at least 10; the muted scheme's own closest pair is 6).
LIGHT = (
    "#5566BB",
    "#225555",
    "#0077BB",
    "#667700",
    "#B05F00",
    "#663333",
    "#EA6D44",
    "#E0457B",
    "#7B3294",
    "#444444",
)
OTHER_COLOUR = "#8A8A8A"
# Gap status colours (Tol's "bright" red and green, an orange darkened to 3:1; told apart by
# colour-blind eyes as well; the status is also always written out in tables and hover texts).
GAP_COLOURS = {"no_provider": "#CC3311", "under_delivered": "#C46A00", "ok": "#009988"}
SEQUENTIAL = ["#E3EEF9", "#9ECAE1", "#4292C6", "#2171B5", "#08306B"]
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
CATEGORY_COLOURS: dict[str, str] = dict(zip(CATEGORY_ORDER, MUTED + LIGHT, strict=True))

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font={"family": FONT, "size": 14, "color": INK},
        title={"font": {"size": 17}, "x": 0, "xanchor": "left"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=list(MUTED),
        # Axes make room for their labels; a label that does not fit turns upright (never
        # slanted: a slanted label's box covers its neighbours').
        xaxis={
            "showgrid": False,
            "linecolor": "#888888",
            "ticks": "outside",
            "automargin": True,
            "autotickangles": [0, 90],
        },
        yaxis={"gridcolor": "#E5E5E5", "zeroline": False, "automargin": True},
        # Above the plot: below it, the legend met rotated tick labels; entries keep their
        # own width and wrap onto more rows on a narrow screen instead of overprinting.
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.02,
            "x": 0,
            "xanchor": "left",
        },
        margin={"l": 80, "r": 80, "t": 70, "b": 40},
        hoverlabel={"font": {"family": FONT}},
    )
)


HIDDEN_GREY = "#DDDDDD"
"""A cell hidden from the audience."""

OUTCOME_COLOURS = {"improved": "#009988", "unchanged": "#8A8A8A", "declined": "#CC3311"}


# Ratings against the comparison group: Paul Tol's "high contrast" blue / yellow (darkened to
# 3:1) / red, told apart by colour-blind eyes and in greyscale; the rating is also always
# written out. "not_rated" is an empty marker drawn with a dark outline.
RATING_COLOURS = {
    "better": "#004488",
    "similar": "#B7891E",
    "worse": "#BB5566",
    "not_rated": "#FFFFFF",
}
# Table cells: Tol's "pale" blue / yellow / red, dark text stays legible on them.
RATING_CELL_COLOURS = {
    "better": "#BBCCEE",
    "similar": "#EEEEBB",
    "worse": "#FFCCCC",
    "not_rated": "#FFFFFF",
}
HIGHLIGHT = "#AA3377"  # "my municipality" in every comparison chart
HIGHLIGHT_CELL = "#F6E3EE"  # and in tables
PEER_COLOUR = "#1F9AD8"


def _axis_title(text: str) -> dict:
    """An axis title kept clear of the tick labels, in lines that fit a phone's chart."""
    return {"text": wrap(text), "standoff": 14}


def wrap(text: str, width: int = 40) -> str:
    """Break ``text`` into lines of at most about ``width`` characters (plotly's ``<br>``).

    Plotly never wraps a title or a legend's title: on a phone a long one is cut.
    """
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def category_ticks(
    codes: Sequence[str], names: Mapping[str, str], labels: Mapping[str, str] | None
) -> tuple[list[str], dict]:
    """Positions named in full and their axis labels: short ones where the name is long.

    Returns the category values (full names: unique, and what the hover shows) and the axis
    settings that label every one of them (``tickvals``/``ticktext``: plotly never skips one).
    """
    full = [names.get(c, c) for c in codes]
    shown = [(labels or {}).get(c) or names.get(c, c) for c in codes]
    return full, {"tickmode": "array", "tickvals": full, "ticktext": shown}


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


def _month_step(months: int) -> str:
    """Return a tick step that keeps month labels from overlapping."""
    return "M1" if months <= 8 else "M2" if months <= 16 else "M3" if months <= 36 else "M6"


def small(fig: go.Figure, height: int = 300) -> go.Figure:
    """Return ``fig`` sized for a card: lower, tighter margins, smaller title.

    Its legend stays (a stacked bar needs it); its axes take the room their labels need.
    """
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 30, "t": 50, "b": 20},
        title={"font": {"size": 14}},
        xaxis={"nticks": 4, "tickangle": 0, "automargin": True},
        yaxis={"automargin": True},
    )
    return fig


def bold(text: str) -> str:
    """Wrap a label in plotly's bold tag (used for "my municipality")."""
    return f"<b>{text}</b>"


def localize(fig: go.Figure, lang: str, separators: str) -> go.Figure:
    """Write ``fig``'s numbers as ``lang`` does, on every axis, in place.

    Plotly abbreviates large numbers ("294k") and writes percentages without the space
    Latvian puts before "%". Here a numeric axis without a format shows whole numbers with
    the language's separators ("294 000"), and in Latvian a percentage axis is labelled
    "80 %" (its ticks written out, since d3's formats have no space before "%").
    """
    fig.update_layout(separators=separators)
    if lang == "lv":
        _percent_scales(fig)
    named = [k for k in fig.layout.to_plotly_json() if k.startswith(("xaxis", "yaxis"))]
    for name in sorted({"xaxis", "yaxis", *named}):
        axis = fig.layout[name]
        values = _axis_values(fig, name)
        if axis.tickmode == "array" or axis.type in ("date", "category") or values is None:
            continue
        if not axis.tickformat:  # whole numbers where the values are large
            large = max((abs(v) for v in values), default=0) >= 100
            axis.tickformat = ",.0f" if large else ",~f"
        elif axis.tickformat.endswith("%") and lang == "lv":
            low, high = axis.range or (min(0.0, min(values, default=0.0)), max(values, default=1.0))
            ticks = _percent_ticks(float(low), float(high))
            axis.update(
                tickmode="array",
                tickvals=ticks,
                ticktext=_percent_texts(ticks),
            )
    return fig


def _percent_scales(fig: go.Figure) -> None:
    """Label a polar chart's percentage scale and heatmaps' percentage colour bars "80 %"."""
    radial = fig.layout.polar.radialaxis
    own = radial.tickmode == "array"  # labels written by the chart stay
    if (radial.tickformat or "").endswith("%") and radial.range and not own:
        low, high = map(float, radial.range)
        step = float(radial.dtick or 0)
        ticks = (
            [round(low + i * step, 4) for i in range(int((high - low) / step + 1e-9) + 1)]
            if step
            else _percent_ticks(low, high)
        )
        radial.update(tickmode="array", tickvals=ticks, ticktext=_percent_texts(ticks))
    for trace in fig.data:
        bar = getattr(trace, "colorbar", None)
        if trace.type == "heatmap" and bar is not None and (bar.tickformat or "").endswith("%"):
            ticks = _percent_ticks(float(trace.zmin or 0), float(trace.zmax or 1))
            bar.update(tickmode="array", tickvals=ticks, ticktext=_percent_texts(ticks))


def _percent_texts(ticks: Sequence[float]) -> list[str]:
    return [f"{round(v * 100):d}\u00a0%" for v in ticks]


def _axis_values(fig: go.Figure, name: str) -> list[float] | None:
    """The numbers drawn on axis ``name`` (``xaxis``, ``yaxis2``...), None if any is not one."""
    letter = name[0]
    ref = letter + name[5:]
    values: list[float] = []
    for trace in fig.data:
        if trace.type == "heatmap":
            return None
        on_axis = (getattr(trace, f"{letter}axis", None) or letter) == ref
        data = getattr(trace, letter, None) if trace.type in ("scatter", "bar") else None
        if not on_axis or data is None:
            continue
        column = pd.Series(list(data), dtype=object).dropna()
        if column.map(lambda v: isinstance(v, bool)).any():
            return None
        numbers = pd.to_numeric(column, errors="coerce")
        if numbers.isna().any():
            return None
        values += numbers.tolist()
    return values


def _percent_ticks(low: float, high: float) -> list[float]:
    """Round percentage ticks from ``low`` to ``high``: about five, which fit a phone."""
    span = max(high - low, 0.01)
    step = next(s for s in (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0) if span / s <= 4)
    first = math.ceil(low / step - 1e-9) * step
    ticks, value = [], first
    while value < high + step - 1e-9:  # one tick past the largest value: the axis runs on
        ticks.append(round(value, 4))
        value += step
    return ticks
