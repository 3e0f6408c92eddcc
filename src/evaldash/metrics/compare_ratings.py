"""Ratings, ranks and comparison groups of the Compare page, and its funnel and spine charts.

How a municipality's indicator is rated against its group (``rate`` for means and ratios,
``rate_proportion`` for shares, by the funnel plot's test) and ranked, which rows form its
comparison group (``GROUPS``, ``group_rows``, ``for_municipality``), and the frames of the
funnel and spine charts. The method is described in :mod:`evaldash.metrics.compare`, which
imports all of this.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd

from evaldash import stats
from evaldash.metrics.compare_indicators import POLARITIES, indicator_info

MIN_RATED = 5
"""Fewer people than this behind a value and it is ``not_rated``."""

GROUPS = ("pilot", "region")
"""Comparison groups: all municipalities of the pilot, or those of the same planning region."""

RATINGS = ("better", "similar", "worse", "not_rated")
FUNNEL_LEVELS = (0.95, 0.998)
"""Control limits of the funnel plots: about 2 and 3 standard deviations."""

RATING_LEVEL = FUNNEL_LEVELS[0]
"""Ratings are two-sided tests at this level: a rated value reads ``better`` or ``worse`` by
chance alone with probability at most ``1 - RATING_LEVEL`` (see :func:`chance_ratings`)."""


def rate(
    value: float, ci_low: float, ci_high: float, n: int, polarity: str, group_value: float
) -> str:
    """Return ``better``, ``similar``, ``worse`` or ``not_rated`` for one value.

    ``not_rated`` when the indicator has no polarity, when ``n`` < :data:`MIN_RATED`, or when
    the value, its interval or the group value is missing. Otherwise ``better`` / ``worse``
    when the whole interval lies above (below) the group value, read by polarity, and
    ``similar`` when the interval contains it.
    """
    if polarity not in POLARITIES:
        raise ValueError(f"unknown polarity {polarity!r}; expected one of {list(POLARITIES)}")
    missing = any(math.isnan(v) for v in (value, ci_low, ci_high, group_value))
    if polarity == "none" or n < MIN_RATED or missing:
        return "not_rated"
    if ci_low > group_value:
        return "better" if polarity == "higher" else "worse"
    if ci_high < group_value:
        return "worse" if polarity == "higher" else "better"
    return "similar"


def rate_proportion(events: float, n: int, polarity: str, group_proportion: float) -> str:
    """Return ``better``, ``similar``, ``worse`` or ``not_rated`` for a proportion.

    The funnel plot's test, so a rating and the funnel never disagree: ``better`` / ``worse``
    exactly when ``events`` lies outside the 95 % exact binomial limits of :func:`funnel`
    around the group's pooled proportion (fewer events than the lower limit's count, or more
    than the upper's; each side has at most a 2.5 % chance for a municipality like its group),
    read by polarity; ``similar`` inside them. ``not_rated`` as in :func:`rate`: no polarity,
    ``n`` < :data:`MIN_RATED`, or a missing value.
    """
    if polarity not in POLARITIES:
        raise ValueError(f"unknown polarity {polarity!r}; expected one of {list(POLARITIES)}")
    missing = any(math.isnan(v) for v in (events, group_proportion))
    if polarity == "none" or n < MIN_RATED or missing:
        return "not_rated"
    lowest, highest = _limit_counts(group_proportion, int(n))
    if events > highest:
        return "better" if polarity == "higher" else "worse"
    if events < lowest:
        return "worse" if polarity == "higher" else "better"
    return "similar"


@functools.lru_cache(maxsize=4096)
def _limit_counts(proportion: float, n: int) -> tuple[int, int]:
    """The funnel's 95 % limits at ``n`` as counts (a group asks the same n many times)."""
    lower, upper = stats.binomial_limits(proportion, [n], RATING_LEVEL)
    return round(float(lower[0]) * n), round(float(upper[0]) * n)


def chance_ratings(rows: pd.DataFrame) -> tuple[int, float]:
    """Return how many of ``rows`` are rated and how many ``better``/``worse`` chance explains.

    ``rows`` are rows of :func:`compare` (e.g. one municipality's indicators as a page shows
    them). A rated value (``better``, ``similar`` or ``worse``) reads ``better`` or ``worse``
    with probability at most ``1 - RATING_LEVEL`` (5 %) when the municipality is in truth like
    its group, so among ``rated`` ratings about ``rated * 5 %`` such readings are expected by
    chance alone (fewer for shares: their exact test stays under 5 %).

    Returns:
        ``(rated, expected)``.
    """
    rated = int(rows["rating"].isin(["better", "similar", "worse"]).sum())
    return rated, rated * (1 - RATING_LEVEL)


def rank_values(values: pd.Series, polarity: str) -> pd.Series:
    """Rank values 1 = best by polarity; ties share the better rank; NaN stays unranked.

    Returns an ``Int64`` series aligned with ``values`` (all missing for polarity ``none``).
    """
    if polarity == "none":
        return pd.Series(pd.NA, index=values.index, dtype="Int64")
    ranks = values.rank(method="min", ascending=polarity == "lower", na_option="keep")
    return ranks.astype("Int64")


def for_municipality(compared: pd.DataFrame, municipality_code: str) -> pd.DataFrame:
    """Return one municipality's rows of :func:`compare`, in indicator order."""
    return compared[compared["municipality_code"] == municipality_code].reset_index(drop=True)


def group_rows(compared: pd.DataFrame, municipality_code: str, group: str) -> pd.DataFrame:
    """Return the rows of ``municipality_code``'s comparison group (itself included)."""
    if group not in GROUPS:
        raise ValueError(f"unknown comparison group {group!r}; expected one of {list(GROUPS)}")
    if group == "pilot":
        return compared.reset_index(drop=True)
    region = compared.loc[compared["municipality_code"] == municipality_code, "region"]
    if region.empty:
        return compared.iloc[0:0].reset_index(drop=True)
    return compared[compared["region"] == region.iloc[0]].reset_index(drop=True)


def funnel(compared: pd.DataFrame, indicator: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the points and control limits of a funnel plot for a proportion indicator.

    ``compared`` holds one group's rows of :func:`compare` (see :func:`group_rows`). Points:
    municipality_code, value, n, events of the municipalities with a value (shown). The centre
    is the group's ``group_proportion``, computed from the complete data. Limits: one row
    per n from 1 to the largest n (at least 10), every n up to :data:`FUNNEL_EVERY_N`, then
    about as many sizes again evenly spaced on a log scale, and each municipality's own n:
    n (int64), centre (the group's pooled proportion) and lower_95, upper_95, lower_998,
    upper_998 (exact binomial limits, :func:`evaldash.stats.binomial_limits`). Both empty
    when no municipality has a value or the centre is missing (withheld for an audience).

    The 95 % limits are those :func:`rate_proportion` rates by.

    Raises:
        ValueError: if ``indicator`` is not a proportion.
    """
    if indicator_info(indicator).kind != "proportion":
        raise ValueError(f"{indicator!r} is not a proportion indicator; a funnel needs one")
    group = compared[compared["indicator"] == indicator]
    rows = group[group["value"].notna()]
    points = rows[["municipality_code", "value", "n", "events"]].reset_index(drop=True)
    columns = ["n", "centre", "lower_95", "upper_95", "lower_998", "upper_998"]
    # The centre is the whole group's, from :func:`compare` (before any suppression), not the
    # pooled share of the points an audience is shown; NaN when it is withheld.
    if "group_proportion" in group:
        centre = float(group["group_proportion"].iloc[0]) if len(group) else math.nan
    else:  # rows not from compare: pool what is there
        centre = float(rows["events"].sum() / rows["n"].sum()) if rows["n"].sum() else math.nan
    if points.empty or math.isnan(centre):
        return points.iloc[0:0], pd.DataFrame({c: pd.Series(dtype="float64") for c in columns})
    sizes = _funnel_sizes(max(int(points["n"].max()), 10), points["n"].to_numpy(int))
    limits = {"n": sizes, "centre": np.full(len(sizes), centre)}
    for level, name in zip(FUNNEL_LEVELS, ("95", "998"), strict=True):
        limits[f"lower_{name}"], limits[f"upper_{name}"] = stats.binomial_limits(
            centre, sizes, level
        )
    return points, pd.DataFrame(limits)


FUNNEL_EVERY_N = 200
"""Funnel limits are computed for every n up to this; beyond it the steps are too fine to see."""


def _funnel_sizes(largest: int, own: np.ndarray) -> np.ndarray:
    """The sample sizes of the funnel limits: see :func:`funnel`."""
    sizes = np.arange(1, min(largest, FUNNEL_EVERY_N) + 1)
    if largest > FUNNEL_EVERY_N:
        spread = np.geomspace(FUNNEL_EVERY_N, largest, FUNNEL_EVERY_N).round().astype(int)
        sizes = np.concatenate([sizes, spread, own])
    return np.unique(sizes)


def spine(mine: pd.DataFrame, group: pd.DataFrame) -> pd.DataFrame:
    """Return one municipality's indicators against its group's range, for a spine chart.

    ``mine`` is :func:`for_municipality`'s rows, ``group`` the group's rows of :func:`compare`.
    One row per indicator with a value and a polarity. Columns: indicator, polarity, rating
    (str); value, group_min, group_q1, group_median, group_q3, group_max (float64, in the
    indicator's own unit); and the same placed on 0..1 with the worst end at 0, the group
    median at 0.5 and the best end at 1 (position, q1_position, q3_position; the range ends
    are 0 and 1 by construction), so indicators of different units share one axis. The range
    and quartiles are those of the values shown, the median is the row's ``group_median``
    (from the complete data); an indicator whose median is withheld is left out. n (float64)
    is the people behind my value, group_n (float64) those behind the group's values shown
    (the sum of their n; NaN when any of those is withheld).
    """
    rows = []
    for row in mine.itertuples(index=False):
        drawn = group[(group["indicator"] == row.indicator) & group["value"].notna()]
        values = drawn["value"]
        median = getattr(row, "group_median", math.nan)
        if row.polarity == "none" or math.isnan(row.value) or values.empty or math.isnan(median):
            continue
        q = values.quantile([0, 0.25, 0.5, 0.75, 1]).to_numpy(copy=True)
        # the median is the whole group's (hidden values too), as in the table
        q[2], q[0], q[4] = median, min(q[0], median), max(q[4], median)
        worst_first = q if row.polarity == "higher" else q[::-1]
        place = lambda v, w=worst_first: _spine_position(v, w)  # noqa: E731
        rows.append(
            {
                "indicator": row.indicator,
                "polarity": row.polarity,
                "rating": row.rating,
                "value": row.value,
                "group_min": q[0],
                "group_q1": q[1],
                "group_median": q[2],
                "group_q3": q[3],
                "group_max": q[4],
                "position": place(row.value),
                "q1_position": min(place(q[1]), place(q[3])),
                "q3_position": max(place(q[1]), place(q[3])),
                "n": row.n,
                "group_n": drawn["n"].sum(min_count=len(drawn)),
            }
        )
    columns = ["indicator", "polarity", "rating", "value", "group_min", "group_q1"]
    columns += ["group_median", "group_q3", "group_max", "position", "q1_position"]
    columns += ["q3_position", "n", "group_n"]
    return pd.DataFrame(rows, columns=columns).astype({"n": "float64", "group_n": "float64"})


def _compare_group(rows: pd.DataFrame) -> pd.DataFrame:
    """Group median, pooled proportion, ranks and ratings within one indicator and group."""
    polarity = rows["polarity"].iloc[0]
    values = rows["value"]
    median = float(values.median()) if values.notna().any() else math.nan
    proportion = math.nan
    if rows["kind"].iloc[0] == "proportion" and rows["n"].sum() > 0:
        proportion = float(rows["events"].sum() / rows["n"].sum())
    ratings = [_rating(r, median, proportion) for r in rows.itertuples(index=False)]
    return rows.assign(
        group_size=int(values.notna().sum()),
        group_median=median,
        group_proportion=proportion,
        rank=rank_values(values, polarity),
        ranked=int(values.notna().sum()) if polarity != "none" else 0,
        rating=ratings,
    )


def _rating(row: object, median: float, proportion: float) -> str:
    """One row's rating by its kind: see :func:`compare`."""
    kind = row.kind  # type: ignore[attr-defined]
    if kind == "proportion":
        return rate_proportion(row.events, row.n, row.polarity, proportion)  # type: ignore[attr-defined]
    if kind in ("count", "register"):
        return "not_rated"
    return rate(row.value, row.ci_low, row.ci_high, row.n, row.polarity, median)  # type: ignore[attr-defined]


def _spine_position(value: float, worst_first: np.ndarray) -> float:
    """Place ``value`` on 0..1: worst end 0, group median 0.5, best end 1 (piecewise linear)."""
    worst, median, best = worst_first[0], worst_first[2], worst_first[4]
    if worst == best:
        return 0.5
    if (value - median) * (best - worst) >= 0:  # on the better side of the median
        span = best - median
        return 0.5 + 0.5 * ((value - median) / span if span else 0.0)
    span = median - worst
    return 0.5 - 0.5 * ((median - value) / span if span else 0.0)
