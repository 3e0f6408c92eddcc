"""Charts: DataFrame and column names in, plotly Figure out. No Streamlit, no I/O.

One template (``TEMPLATE``) is used on screen and in exports. Colours come from Paul Tol's
colour-blind-safe "muted" and "light" schemes; each service category keeps its colour in
every chart.

The charts live in one module per kind, all re-exported here (``charts.heatmap``):

- :mod:`~evaldash.charts.theme`: colours, the template and the shared helpers;
- :mod:`~evaldash.charts.trends`: spending and people served per month;
- :mod:`~evaldash.charts.bars`: service rankings, delivered of planned, gap status counts;
- :mod:`~evaldash.charts.grids`: the municipality x service heatmap, the gap status matrix;
- :mod:`~evaldash.charts.maps`: the bubble map of municipality centres;
- :mod:`~evaldash.charts.progress`: change intervals, outcome bars, slopegraph, radar;
- :mod:`~evaldash.charts.compare`: funnel plot, spine chart, league table.
"""

from __future__ import annotations

from evaldash.charts.bars import delivery_ratio, ranking_bars, status_counts
from evaldash.charts.compare import funnel_plot, league, spine_chart
from evaldash.charts.grids import heatmap, status_matrix
from evaldash.charts.maps import bubble_map
from evaldash.charts.progress import change_interval, outcome_bars, radar, slopegraph
from evaldash.charts.theme import (
    BUDGET_COLOUR,
    CATEGORY_COLOURS,
    CATEGORY_ORDER,
    FONT,
    GAP_COLOURS,
    HIDDEN_GREY,
    HIGHLIGHT,
    HIGHLIGHT_CELL,
    INK,
    LIGHT,
    MUTED,
    OTHER_COLOUR,
    OUTCOME_COLOURS,
    PEER_COLOUR,
    RATING_CELL_COLOURS,
    RATING_COLOURS,
    SEQUENTIAL,
    TEMPLATE,
    bold,
    category_ticks,
    localize,
    require_columns,
    small,
    top_categories,
    wrap,
)
from evaldash.charts.trends import people_trend, spend_over_time

__all__ = [
    "BUDGET_COLOUR",
    "CATEGORY_COLOURS",
    "CATEGORY_ORDER",
    "FONT",
    "GAP_COLOURS",
    "HIDDEN_GREY",
    "HIGHLIGHT",
    "HIGHLIGHT_CELL",
    "INK",
    "LIGHT",
    "MUTED",
    "OTHER_COLOUR",
    "OUTCOME_COLOURS",
    "PEER_COLOUR",
    "RATING_CELL_COLOURS",
    "RATING_COLOURS",
    "SEQUENTIAL",
    "TEMPLATE",
    "bold",
    "bubble_map",
    "category_ticks",
    "change_interval",
    "delivery_ratio",
    "funnel_plot",
    "heatmap",
    "league",
    "localize",
    "outcome_bars",
    "people_trend",
    "radar",
    "ranking_bars",
    "require_columns",
    "slopegraph",
    "small",
    "spend_over_time",
    "spine_chart",
    "status_counts",
    "status_matrix",
    "top_categories",
    "wrap",
]
