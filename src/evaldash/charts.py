"""Charts: DataFrame and column names in, plotly Figure out. No Streamlit, no I/O.

One template (``TEMPLATE``) is used on screen and in exports. Colours come from Paul Tol's
colour-blind-safe "muted" and "light" schemes; each service category keeps its colour in
every chart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from evaldash.measures import DEFAULT_THRESHOLD

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
# Gap status colours (Tol's "bright" red / yellow / green are told apart by colour-blind eyes
# as well; the status is also always written out in tables and hover texts).
GAP_COLOURS = {"no_provider": "#CC3311", "under_delivered": "#EE7733", "ok": "#009988"}
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


def _axis_title(text: str) -> dict:
    """An axis title kept clear of the tick labels."""
    return {"text": text, "standoff": 14}


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


def ranking_bars(
    df: pd.DataFrame,
    *,
    x: str,
    y: str = "service_code",
    color: str = "category",
    names: Mapping[str, str] | None = None,
    title: str = "",
    x_title: str = "",
    text: str | None = None,
    top: int = 15,
) -> go.Figure:
    """Horizontal bars of the ``top`` rows by ``x``, largest on top, coloured by category.

    ``text`` names a column of ready-made labels shown at the bar ends (e.g. "12 (40 %)").
    """
    require_columns(df, [x, y, color] + ([text] if text else []))
    names = names or {}
    data = df.nlargest(top, x).iloc[::-1]
    labels = [names.get(code, code) for code in data[y]]
    fig = go.Figure(
        go.Bar(
            x=data[x],
            y=labels,
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
        yaxis={"automargin": True, "gridcolor": "rgba(0,0,0,0)"},
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
    names = names or {}
    data = df.dropna(subset=[ratio]).sort_values(ratio, ascending=False)
    colours = [
        GAP_COLOURS["under_delivered"] if r < threshold else GAP_COLOURS["ok"] for r in data[ratio]
    ]
    fig = go.Figure(
        go.Scatter(
            x=data[ratio],
            y=[names.get(c, c) for c in data[y]],
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
        yaxis={"automargin": True, "autorange": "reversed"},
        margin={"l": 20, "r": 40},
    )
    return fig


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


def heatmap(
    df: pd.DataFrame,
    *,
    x: str = "service_code",
    y: str = "municipality_code",
    z: str = "participants",
    names: Mapping[str, str] | None = None,
    title: str = "",
    z_title: str = "",
    hidden_text: str = "",
) -> go.Figure:
    """A municipality x service grid of ``z`` (empty cells: nobody).

    A row of ``df`` whose ``z`` is missing (hidden for the audience) is a grey cell whose
    hover says ``hidden_text``, never a value: summed, a missing value would read 0.
    """
    require_columns(df, [x, y, z])
    names = names or {}
    cells = df.groupby([y, x], sort=False)[z]
    grid = cells.sum(min_count=1).unstack()
    present = cells.size().unstack().notna()
    order = grid.sum().sort_values(ascending=False).index
    grid = grid[order]
    grid = grid.loc[sorted(grid.index, key=lambda code: names.get(code, code))]
    hidden = present.reindex(index=grid.index, columns=grid.columns, fill_value=False)
    hidden = hidden & grid.isna()
    xs = [names.get(c, c) for c in grid.columns]
    ys = [names.get(r, r) for r in grid.index]
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=xs,
            y=ys,
            colorscale=SEQUENTIAL,
            zmin=0,
            xgap=2,
            ygap=2,
            colorbar={"title": {"text": z_title}},
            hoverongaps=False,
            hovertemplate="%{y} · %{x}: %{z}<extra></extra>",
        )
    )
    if hidden.to_numpy().any():
        fig.add_trace(
            go.Heatmap(
                z=hidden.astype(float).where(hidden).to_numpy(),
                x=xs,
                y=ys,
                colorscale=[[0, HIDDEN_GREY], [1, HIDDEN_GREY]],
                showscale=False,
                xgap=2,
                ygap=2,
                hoverongaps=False,
                hovertemplate=f"%{{y}} · %{{x}}: {hidden_text}<extra></extra>",
            )
        )
    fig.update_layout(
        template=TEMPLATE,
        title=title,
        height=max(360, 30 * len(grid.index) + 220),
        xaxis={"tickangle": -40, "automargin": True, "showgrid": False},
        yaxis={"automargin": True, "autorange": "reversed", "showgrid": False},
    )
    return fig


HIDDEN_GREY = "#DDDDDD"
"""A cell hidden from the audience."""


OUTCOME_COLOURS = {"improved": "#009988", "unchanged": "#BBBBBB", "declined": "#CC3311"}


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
) -> go.Figure:
    """One line per participant from the earlier to the later score, coloured by outcome."""
    require_columns(df, [label, start, end, status])
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
    return fig


def radar(
    df: pd.DataFrame,
    *,
    theta: str = "domain",
    first: str = "first_position",
    latest: str = "latest_position",
    names: Mapping[str, str] | None = None,
    labels: tuple[str, str] = ("first", "latest"),
    title: str = "",
) -> go.Figure:
    """One participant's domains on a 0..1 scale (1 = best end), first against latest round."""
    require_columns(df, [theta, first, latest])
    names = names or {}
    axes = [names.get(v, v) for v in df[theta]]
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
        polar={"radialaxis": {"range": [0, 1], "tickformat": ".0%"}},
    )
    return fig


def status_matrix(
    df: pd.DataFrame,
    *,
    x: str = "service_code",
    y: str = "region",
    status: str = "status",
    text: str | None = None,
    names: Mapping[str, str] | None = None,
    status_names: Mapping[str, str] | None = None,
    title: str = "",
) -> go.Figure:
    """A grid of cells coloured by gap status (no provider / under-delivered / ok)."""
    require_columns(df, [x, y, status] + ([text] if text else []))
    names, status_names = names or {}, status_names or {}
    levels = list(GAP_COLOURS)
    rank = {s: i for i, s in enumerate(levels)}
    grid = df.pivot_table(index=y, columns=x, values=status, aggfunc=lambda v: min(v, key=rank.get))
    labels = df.pivot_table(index=y, columns=x, values=text, aggfunc="first") if text else None
    if labels is not None:  # rows or columns without any label must still line up
        labels = labels.reindex(index=grid.index, columns=grid.columns)
    z = grid.apply(lambda col: col.map(rank)).to_numpy(dtype=float)
    scale = []
    for i, level in enumerate(levels):
        scale += [
            [i / len(levels), GAP_COLOURS[level]],
            [(i + 1) / len(levels), GAP_COLOURS[level]],
        ]
    cells = grid.apply(
        lambda col: col.map(lambda s: status_names.get(s, s) if isinstance(s, str) else "")
    )
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[names.get(c, c) for c in grid.columns],
            y=[names.get(r, r) for r in grid.index],
            zmin=-0.5,
            zmax=len(levels) - 0.5,
            colorscale=scale,
            xgap=2,
            ygap=2,
            hoverongaps=False,
            customdata=cells.to_numpy(),
            text=labels.fillna("").to_numpy() if labels is not None else None,
            texttemplate="%{text}" if labels is not None else None,
            hovertemplate="%{y} · %{x}: %{customdata}<extra></extra>",
            colorbar={
                "tickvals": list(range(len(levels))),
                "ticktext": [status_names.get(s, s) for s in levels],
            },
        )
    )
    fig.update_layout(
        template=TEMPLATE,
        title=title,
        height=max(320, 34 * len(grid) + 260),
        xaxis={"tickangle": -40, "automargin": True, "showgrid": False},
        yaxis={"automargin": True, "autorange": "reversed", "showgrid": False},
    )
    return fig


def bubble_map(
    df: pd.DataFrame,
    *,
    lat: str = "lat",
    lon: str = "lon",
    size: str = "participants_planned",
    status: str = "worst_status",
    label: str = "municipality_code",
    names: Mapping[str, str] | None = None,
    status_names: Mapping[str, str] | None = None,
    title: str = "",
    background: pd.DataFrame | None = None,
) -> go.Figure:
    """Municipality centres as bubbles sized by demand and coloured by worst status.

    ``background`` (columns ``lat``, ``lon``) adds every municipality centre as a faint dot,
    which outlines the country.

    Drawn on plain longitude/latitude axes (scaled for Latvia's latitude), so nothing is
    downloaded: no map tiles, no topojson.
    """
    require_columns(df, [lat, lon, size, status, label])
    names, status_names = names or {}, status_names or {}
    fig = go.Figure()
    if background is not None:
        require_columns(background, [lat, lon])
        fig.add_scatter(
            x=background[lon],
            y=background[lat],
            mode="markers",
            showlegend=False,
            marker={"size": 7, "color": "#DDDDDD"},
            hoverinfo="skip",
        )
    largest = max(float(df[size].max()), 1.0) if len(df) else 1.0
    for level, colour in GAP_COLOURS.items():
        part = df[df[status] == level]
        fig.add_scatter(
            x=part[lon],
            y=part[lat],
            mode="markers+text",
            name=status_names.get(level, level),
            text=[names.get(c, c) for c in part[label]],
            textposition="top center",
            textfont={"size": 11},
            customdata=part[size],
            marker={
                "size": 12 + 38 * (part[size] / largest) ** 0.5,
                "color": colour,
                "opacity": 0.8,
                "line": {"color": "white", "width": 1},
            },
            hovertemplate="%{text}: %{customdata}<extra>"
            + status_names.get(level, level)
            + "</extra>",
        )
    fig.update_layout(
        template=TEMPLATE,
        title=title,
        height=560,
        xaxis={"range": [20.8, 28.4], "showgrid": False, "visible": False},
        # 1 degree of longitude is cos(57°) ≈ 0.54 of a degree of latitude here.
        yaxis={
            "range": [55.6, 58.2],
            "scaleanchor": "x",
            "scaleratio": 1 / 0.54,
            "showgrid": False,
            "visible": False,
        },
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


def small(fig: go.Figure, height: int = 300) -> go.Figure:
    """Return ``fig`` sized for a card: lower, tighter margins, smaller title."""
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 30, "t": 50, "b": 20},
        title={"font": {"size": 14}},
        showlegend=False,
        xaxis={"nticks": 4, "tickangle": 0},
    )
    return fig


# Ratings against the comparison group: Paul Tol's "high contrast" blue / yellow / red, told
# apart by colour-blind eyes and in greyscale; the rating is also always written out.
RATING_COLOURS = {
    "better": "#004488",
    "similar": "#DDAA33",
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
PEER_COLOUR = "#88CCEE"


def bold(text: str) -> str:
    """Wrap a label in plotly's bold tag (used for "my municipality")."""
    return f"<b>{text}</b>"


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
        fig.add_scatter(
            x=rows[x],
            y=rows[y],
            mode="markers+text" if is_mine else "markers",
            text=[bold(t) for t in texts] if is_mine else texts,
            textposition="top left",
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
        legend={"y": -0.2, "entrywidth": 0, "entrywidthmode": "pixels"},
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
            "y": -0.16,
        },
        height=max(320, 34 * len(df) + 180),
        xaxis={
            "range": [-0.02, 1.02],
            "showticklabels": False,
            "title": _axis_title(x_title),
            "showgrid": False,
        },
        yaxis={"automargin": True, "autorange": "reversed", "showgrid": False},
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
