"""The map: municipality centres as bubbles on longitude/latitude axes, no tiles."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from evaldash.charts.theme import GAP_COLOURS, TEMPLATE, require_columns

LON_RANGE, LAT_RANGE = (20.8, 28.4), (55.6, 58.2)
LON_SCALE = 0.54  # 1 degree of longitude is cos(57°) ≈ 0.54 of a degree of latitude here
NARROW_PX = 330  # the map's width on a phone: labels placed to fit it fit every screen
LABEL_PX = (6.2, 14)  # an 11 px label: width of a character, height of a line
POSITIONS = ("top center", "bottom center", "middle right", "middle left")


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

    Names label the largest bubbles where a label touches no other label or bubble even on a
    phone (:func:`place_labels`); every bubble names itself in its hover.

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
    points = df.assign(
        _name=[names.get(c, c) for c in df[label]],
        _size=10 + 22 * (df[size] / largest) ** 0.5,
    ).reset_index(drop=True)
    placed = place_labels(points[lon], points[lat], points["_size"], points["_name"])
    points = points.assign(_text=[p[0] for p in placed], _position=[p[1] for p in placed])
    for level, colour in GAP_COLOURS.items():
        part = points[points[status] == level]
        fig.add_scatter(
            x=part[lon],
            y=part[lat],
            mode="markers+text",
            name=status_names.get(level, level),
            text=part["_text"],
            textposition=list(part["_position"]),
            textfont={"size": 11},
            hovertext=part["_name"],
            customdata=part[size],
            marker={
                "size": part["_size"],
                "color": colour,
                "opacity": 0.8,
                "line": {"color": "white", "width": 1},
            },
            hovertemplate="%{hovertext}: %{customdata}<extra>"
            + status_names.get(level, level)
            + "</extra>",
        )
    fig.update_layout(
        template=TEMPLATE,
        title=title,
        height=480,
        margin={"l": 10, "r": 10},
        xaxis={"range": list(LON_RANGE), "showgrid": False, "visible": False},
        yaxis={
            "range": list(LAT_RANGE),
            "scaleanchor": "x",
            "scaleratio": 1 / LON_SCALE,
            "showgrid": False,
            "visible": False,
        },
    )
    return fig


Box = tuple[float, float, float, float]  # left, top, right, bottom in pixels


def place_labels(
    lon: pd.Series, lat: pd.Series, size: pd.Series, text: pd.Series, width: int = NARROW_PX
) -> list[tuple[str, str]]:
    """Choose which bubbles are labelled, and where: (text or "", plotly text position).

    Largest bubble first, each label tries above, below, right and left of its bubble and
    takes the first place inside the map that overlaps no label placed before and no other
    bubble, on a map ``width`` pixels wide (a phone's: on wider screens bubbles and labels
    keep their pixel sizes while the places spread out, so nothing comes to overlap). A
    bubble without a place is named in its hover only.
    """
    per_lon = width / (LON_RANGE[1] - LON_RANGE[0])
    per_lat = per_lon / LON_SCALE
    xs = [(v - LON_RANGE[0]) * per_lon for v in lon]
    ys = [(LAT_RANGE[1] - v) * per_lat for v in lat]
    radii = [s / 2 for s in size]
    height = (LAT_RANGE[1] - LAT_RANGE[0]) * per_lat
    taken: list[Box] = []
    result = [("", "top center")] * len(xs)
    for i in sorted(range(len(xs)), key=lambda k: -radii[k]):
        w, h = LABEL_PX[0] * len(str(text.iloc[i])), LABEL_PX[1]
        for position in POSITIONS:
            box = _label_box(xs[i], ys[i], radii[i], w, h, position)
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height
            clear = not any(_overlaps(box, other) for other in taken) and not any(
                j != i and _touches(box, xs[j], ys[j], radii[j]) for j in range(len(xs))
            )
            if inside and clear:
                taken.append(box)
                result[i] = (str(text.iloc[i]), position)
                break
    return result


def _label_box(x: float, y: float, r: float, w: float, h: float, position: str) -> Box:
    gap = r + 2
    if position == "top center":
        return (x - w / 2, y - gap - h, x + w / 2, y - gap)
    if position == "bottom center":
        return (x - w / 2, y + gap, x + w / 2, y + gap + h)
    if position == "middle right":
        return (x + gap, y - h / 2, x + gap + w, y + h / 2)
    return (x - gap - w, y - h / 2, x - gap, y + h / 2)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _touches(box: Box, x: float, y: float, r: float) -> bool:
    """Whether a circle of radius ``r`` at (x, y) reaches into ``box``."""
    nearest_x = min(max(x, box[0]), box[2])
    nearest_y = min(max(y, box[1]), box[3])
    return (nearest_x - x) ** 2 + (nearest_y - y) ** 2 < r * r
