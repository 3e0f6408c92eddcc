"""Grids: a municipality x service heatmap and a region x service gap status matrix."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from evaldash.charts.theme import (
    GAP_COLOURS,
    HIDDEN_GREY,
    SEQUENTIAL,
    TEMPLATE,
    require_columns,
)


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
