"""Grids: a municipality x service heatmap and a region x service gap status matrix."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from evaldash.charts.theme import (
    GAP_COLOURS,
    HIDDEN_GREY,
    SEQUENTIAL,
    TEMPLATE,
    category_ticks,
    require_columns,
    wrap,
)


def collation_key(text: str) -> tuple[str, str]:
    """Sort names as a reader expects: "Ērgļu" with the E's, not after "Zilupes"."""
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return plain.casefold(), text


TURN_AT = 8
"""With more services than this (and than rows), a grid has services as rows."""


def _many_columns(grid: pd.DataFrame) -> bool:
    """Whether a grid has more than :data:`TURN_AT` columns, and more than rows: it turns."""
    return grid.shape[1] > TURN_AT and grid.shape[1] > grid.shape[0]


# A grid's column names above it, upright where they fit and turned where they would touch.
_COLUMNS_ON_TOP = {
    "side": "top",
    "autotickangles": [0, 90],
    "automargin": True,
    "showgrid": False,
    "ticks": "",
    "showline": False,
    "tickfont": {"size": 12},
}


def heatmap(
    df: pd.DataFrame,
    *,
    x: str = "service_code",
    y: str = "municipality_code",
    z: str = "participants",
    names: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    title: str = "",
    z_title: str = "",
    z_format: str = "",
    hidden_text: str = "",
) -> go.Figure:
    """A municipality x service grid of ``z`` (empty cells: nobody).

    A row of ``df`` whose ``z`` is missing (hidden for the audience) is a grey cell whose
    hover says ``hidden_text``, never a value: summed, a missing value would read 0.
    ``z_format`` is the scale's number format (``.0%`` for shares).
    Services are columns, most used first; with more than :data:`TURN_AT` of them (and more
    than rows) they become the rows, as in :func:`status_matrix`.
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
    if _many_columns(grid):
        grid, hidden = grid.T, hidden.T
    xs, x_ticks = category_ticks(list(grid.columns), names, labels)
    ys, y_ticks = category_ticks(list(grid.index), names, labels)
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=xs,
            y=ys,
            colorscale=SEQUENTIAL,
            zmin=0,
            xgap=2,
            ygap=2,
            # Under the grid, across: beside it, the scale took a phone's columns.
            colorbar={
                "title": {"text": wrap(z_title), "side": "top"},
                "orientation": "h",
                "x": 0,
                "xanchor": "left",
                "y": 0,
                "yanchor": "top",
                "ypad": 20,
                "len": 0.6,
                "thickness": 12,
                "tickformat": z_format,
            },
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
        height=max(360, 28 * len(grid.index) + 220),
        margin={"l": 10, "r": 10},
        xaxis={**x_ticks, **_COLUMNS_ON_TOP},
        yaxis={**y_ticks, "automargin": True, "autorange": "reversed", "showgrid": False},
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
    labels: Mapping[str, str] | None = None,
    status_names: Mapping[str, str] | None = None,
    title: str = "",
    text_title: str = "",
) -> go.Figure:
    """A grid of cells coloured by gap status (no provider / under-delivered / ok).

    ``x`` (services) are columns; with more than :data:`TURN_AT` of them, and more than rows,
    the grid turns: services become rows, which stay readable however many there are. Axes
    show ``labels`` (short names) and label every row and column; the hover names each cell
    in full. ``text`` names a column written in the cells, ``text_title`` says what it is
    (the legend's title). Statuses are a legend, not a colour bar: they are categories.
    """
    require_columns(df, [x, y, status] + ([text] if text else []))
    names, status_names = names or {}, status_names or {}
    levels = list(GAP_COLOURS)
    rank = {s: i for i, s in enumerate(levels)}
    grid = df.pivot_table(index=y, columns=x, values=status, aggfunc=lambda v: min(v, key=rank.get))
    cells = df.pivot_table(index=y, columns=x, values=text, aggfunc="first") if text else None
    if cells is not None:  # rows or columns without any label must still line up
        cells = cells.reindex(index=grid.index, columns=grid.columns)
    if _many_columns(grid):
        grid = grid.T
        cells = cells.T if cells is not None else None
    # Rows and columns in the order of what they show (codes sort a language's names apart).
    shown = {**names, **(labels or {})}
    grid = grid.loc[
        sorted(grid.index, key=lambda c: collation_key(shown.get(c, c))),
        sorted(grid.columns, key=lambda c: collation_key(shown.get(c, c))),
    ]
    if cells is not None:
        cells = cells.loc[grid.index, grid.columns]
    z = grid.apply(lambda col: col.map(rank)).to_numpy(dtype=float)
    scale = []
    for i, level in enumerate(levels):
        scale += [
            [i / len(levels), GAP_COLOURS[level]],
            [(i + 1) / len(levels), GAP_COLOURS[level]],
        ]
    words = grid.apply(
        lambda col: col.map(lambda s: status_names.get(s, s) if isinstance(s, str) else "")
    )
    xs, x_ticks = category_ticks(list(grid.columns), names, labels)
    ys, y_ticks = category_ticks(list(grid.index), names, labels)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=xs,
            y=ys,
            zmin=-0.5,
            zmax=len(levels) - 0.5,
            colorscale=scale,
            showscale=False,
            xgap=2,
            ygap=2,
            hoverongaps=False,
            customdata=words.to_numpy(),
            text=cells.fillna("").to_numpy() if cells is not None else None,
            texttemplate="%{text}" if cells is not None else None,
            textfont={"size": 12},
            hovertemplate="%{y} · %{x}: %{customdata}"
            + (" (%{text})" if cells is not None else "")
            + "<extra></extra>",
        )
    )
    for level in levels:  # one legend entry per status, as squares
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={"symbol": "square", "size": 14, "color": GAP_COLOURS[level]},
                name=status_names.get(level, level),
                hoverinfo="skip",
            )
        )
    fig.update_layout(
        template=TEMPLATE,
        title=title,
        height=max(320, 28 * len(grid.index) + 230),
        margin={"l": 10, "r": 10},
        legend={"y": 0, "yanchor": "top", "title": {"text": wrap(text_title), "side": "top"}},
        xaxis={**x_ticks, **_COLUMNS_ON_TOP},
        yaxis={**y_ticks, "automargin": True, "autorange": "reversed", "showgrid": False},
        plot_bgcolor="white",
    )
    return fig
