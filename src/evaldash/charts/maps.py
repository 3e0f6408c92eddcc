"""The map: municipality centres as bubbles on longitude/latitude axes, no tiles."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from evaldash.charts.theme import GAP_COLOURS, TEMPLATE, require_columns


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
