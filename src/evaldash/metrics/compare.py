"""Compare municipalities: indicators per municipality, ranks and confidence-based ratings.

Built the way public-health and local-government benchmarking tools do it: each indicator
has a *polarity* (higher is better, lower is better, or no judgement); a municipality is
rated ``better`` or ``worse`` only when a two-sided test at the 5 % level says it differs
from its comparison group, ``similar`` when it does not, and ``not_rated`` when fewer than
:data:`MIN_RATED` people stand behind the value, the indicator has no polarity or the value
is not a sample. One rule, in two forms:

- shares of people (``proportion``): outside the funnel plot's 95 % exact binomial limits
  around the group's pooled share (:func:`rate_proportion`), the very test the funnel draws;
- means and ratios, which have no funnel: the 95 % interval of the value wholly above or
  below the group median (:func:`rate`), the same test in its interval form;
- register facts (``no_provider_services``, ``median_km_to_provider``) and counts are not
  samples: no interval, ranked but ``not_rated``.

A rated value reads ``better`` or ``worse`` by chance alone with probability at most 5 %, so
among 20 ratings about one is expected to by chance (:func:`chance_ratings`). Pilots have
about 10 participants per municipality, so most differences are ``similar``: that is the
honest answer, not a flaw.

The indicators (:data:`INDICATORS`; ``improved_share.<domain>`` once per assessment domain):

- ``participants``: selected participants living there (no judgement).
- ``services_per_participant``: mean number of different services a participant received
  (no judgement; interval of the mean).
- ``spend_per_participant``: mean cost of the services a participant received, EUR (no
  judgement; interval of the mean).
- ``budget_spent_share``: cost of the services received / sum of the participants'
  individual budgets, over participants with a budget (higher is better: an individual
  budget left unspent is support not received; interval of the ratio).
- ``delivered_share``: mean over participants with a plan of their share of planned units
  delivered, each planned service counted up to 100 % (so units of different services are
  never added, and over-delivery of one service does not hide another); higher is better;
  interval of the mean.
- ``improved_share``: participants reassessed in at least one domain who improved (by the
  domain's minimal important difference, as on the Progress page) in more domains than they
  declined in; higher is better; exact interval, rated by the funnel's test.
- ``improved_share.<domain>``: the same for one domain (improved / pairs in the domain).
- ``missing_reassessment_share``: participants assessed in the earlier round without any
  score in the later one; lower is better; exact interval, rated by the funnel's test.
- ``no_provider_services``: services in the participants' plans with no provider in the
  municipality's planning region (as on the Provider gaps page); lower is better. A register
  fact, not a sample: no interval, not rated.
- ``median_km_to_provider``: median over the participants' planned services of the km to the
  nearest municipality with a provider (as on the Provider gaps page); lower is better. A
  register fact too: no interval, not rated.

Intervals: the t interval for means (:func:`evaldash.stats.mean_ci`), Fieller's for the ratio
(:func:`~evaldash.stats.ratio_ci`), both shown by seeded simulation to hold about 95 % at 10
people, and the exact (Clopper-Pearson) interval for shares
(:func:`~evaldash.stats.exact_interval`), at least 95 % by construction. None resamples, so a
national roll-out's thousands of people per municipality cost no more than a pilot's ten.
Rounds are the first and last of the selection unless given. Counts, sums and means are
computed in SQL; the intervals need the individual values (one row per participant, never
raw service records), which are fetched and handed to :mod:`evaldash.stats`.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.sql import FromClause, Subquery

from evaldash import measures, stats
from evaldash.db import schema, summary
from evaldash.filters import Filters
from evaldash.metrics import delivered, gaps, memoized, progress, query

MIN_RATED = 5
"""Fewer people than this behind a value and it is ``not_rated``."""

GROUPS = ("pilot", "region")
"""Comparison groups: all municipalities of the pilot, or those of the same planning region."""

POLARITIES = ("higher", "lower", "none")
RATINGS = ("better", "similar", "worse", "not_rated")
KINDS = ("count", "mean", "ratio", "proportion", "register")
FUNNEL_LEVELS = (0.95, 0.998)
"""Control limits of the funnel plots: about 2 and 3 standard deviations."""

RATING_LEVEL = FUNNEL_LEVELS[0]
"""Ratings are two-sided tests at this level: a rated value reads ``better`` or ``worse`` by
chance alone with probability at most ``1 - RATING_LEVEL`` (see :func:`chance_ratings`)."""


@dataclass(frozen=True)
class Indicator:
    """What an indicator is: its code, how it is estimated, and which direction is better.

    ``kind`` is one of ``count`` (people, no sampling interval), ``mean`` (t interval),
    ``ratio`` (of sums; Fieller interval), ``proportion`` (events of n; exact interval, rated
    by the funnel plot's exact binomial test) or ``register`` (a fact from the provider
    register, not a sample: no interval, ranked but never rated); ``unit`` one of ``people``,
    ``services``, ``eur``, ``share``, ``km``.
    """

    code: str
    kind: str
    polarity: str
    unit: str


def _defined(code: str, kind: str) -> Indicator:
    """An indicator whose direction and unit are its :mod:`evaldash.measures` definition's."""
    m = measures.measure(code)
    return Indicator(code, kind, m.direction, m.unit)


INDICATORS: tuple[Indicator, ...] = (
    _defined("participants", "count"),
    _defined("services_per_participant", "mean"),
    _defined("spend_per_participant", "mean"),
    _defined("budget_spent_share", "ratio"),
    _defined("delivered_share", "mean"),
    _defined("improved_share", "proportion"),
    _defined("missing_reassessment_share", "proportion"),
    _defined("no_provider_services", "register"),
    _defined("median_km_to_provider", "register"),
)
"""The indicators in display order; ``improved_share.<domain>`` follow ``improved_share``."""

DOMAIN_PREFIX = "improved_share."

INDICATOR_DTYPES: dict[str, str] = {
    "municipality_code": "str",
    "region": "str",
    "indicator": "str",
    "kind": "str",
    "polarity": "str",
    "value": "float64",
    "n": "int64",
    "events": "float64",
    "ci_low": "float64",
    "ci_high": "float64",
}
"""Columns of :func:`indicators`, in order."""

COMPARE_DTYPES: dict[str, str] = {
    **INDICATOR_DTYPES,
    "group_size": "int64",
    "group_median": "float64",
    "group_proportion": "float64",
    "rank": "Int64",
    "ranked": "int64",
    "rating": "str",
}
"""Columns of :func:`compare`, in order."""


def indicator_info(code: str) -> Indicator:
    """Return the :class:`Indicator` of a code, including ``improved_share.<domain>``.

    Raises:
        ValueError: for an unknown code.
    """
    if code.startswith(DOMAIN_PREFIX):
        return Indicator(code, "proportion", "higher", "share")
    for indicator in INDICATORS:
        if indicator.code == code:
            return indicator
    known = [i.code for i in INDICATORS] + [f"{DOMAIN_PREFIX}<domain>"]
    raise ValueError(f"unknown indicator {code!r}; expected one of {known}")


def peers(f: Filters) -> Filters:
    """Return ``f`` without its region and municipality choice: every municipality counts.

    The comparison group, not the sidebar, decides which municipalities stand side by side.
    """
    return dataclasses.replace(f, regions=(), municipalities=())


@memoized  # rated() for the pilot and for the regions of one page reads it once
def indicators(
    engine: Engine,
    f: Filters,
    round_from: int | None = None,
    round_to: int | None = None,
) -> pd.DataFrame:
    """Return every indicator for every municipality of the pilot with selected participants.

    ``f``'s regions and municipalities are ignored (see :func:`peers`); its period, service
    groups, sex and age groups apply. Progress indicators compare ``round_from`` with
    ``round_to`` (default: the first and last round of the selection) and are absent with
    fewer than two rounds.

    One row per municipality and indicator, ordered by municipality, then as
    :data:`INDICATORS`. Columns (:data:`INDICATOR_DTYPES`): municipality_code, region (codes);
    indicator (code), kind, polarity (see :class:`Indicator`); value (float64; NaN when
    nobody is behind it, e.g. no one reassessed); n (int64, the people behind the value:
    participants, those with a budget, with a plan, reassessed, assessed in the earlier
    round); events (float64, the count of a proportion, else NaN); ci_low, ci_high (float64,
    the 95 % interval; NaN without one: for fewer than 2 people, and always for counts and
    register facts, which are not samples).
    """
    f = peers(f)
    window = _window(engine, f, round_from, round_to)
    people = _participant_values(engine, f, window)
    if people.empty:
        return _empty(INDICATOR_DTYPES)
    places = people.groupby("municipality_code", sort=True)["region"].first()
    columns = {c: people[c].to_numpy() for c in people.columns if c not in _PLACE}
    rows: list[dict[str, object]] = []
    for code, at in people.groupby("municipality_code", sort=True).indices.items():
        mine = {c: values[at] for c, values in columns.items()}
        rows += _people_rows(str(code), places[code], mine, window is not None)
    frame = pd.DataFrame(rows)
    if window is not None:
        frame = pd.concat([frame, _domain_rows(engine, f, window, places)], ignore_index=True)
    planned = people[people["has_plan"]].groupby("municipality_code").size()
    frame = pd.concat([frame, _provider_rows(engine, f, planned)], ignore_index=True)
    return _ordered(frame)


def compare(table: pd.DataFrame, group: str = "pilot") -> pd.DataFrame:
    """Rank and rate each municipality's indicators against its comparison group.

    ``table`` is the result of :func:`indicators`. With ``group="pilot"`` every municipality
    is compared with all municipalities of the table; with ``"region"`` with those of its own
    planning region. Adds (:data:`COMPARE_DTYPES`):

    - group_size (int64): municipalities of the group with a value;
    - group_median (float64): the median of their values (the group value that ratings of
      means and ratios use);
    - group_proportion (float64): for proportions, the group's pooled events / n (the centre
      of the funnel plot, which their ratings use); NaN otherwise;
    - rank (Int64): 1 = best by polarity among the group's values, ties sharing the better
      rank (1, 2, 2, 4); missing for indicators without polarity or without a value;
    - ranked (int64): how many values were ranked;
    - rating (str): ``better`` / ``similar`` / ``worse`` / ``not_rated``: proportions by
      :func:`rate_proportion` (outside the funnel's 95 % limits), means and ratios by
      :func:`rate` (95 % interval against the group median), counts and register facts
      ``not_rated``.

    Raises:
        ValueError: for an unknown ``group``.
    """
    if group not in GROUPS:
        raise ValueError(f"unknown comparison group {group!r}; expected one of {list(GROUPS)}")
    if table.empty:
        return _empty(COMPARE_DTYPES)
    keys = ["indicator"] if group == "pilot" else ["indicator", "region"]
    parts = [_compare_group(rows) for _, rows in table.groupby(keys, sort=False)]
    return _ordered(pd.concat(parts, ignore_index=True), COMPARE_DTYPES)


def rated(
    engine: Engine,
    f: Filters,
    group: str = "pilot",
    round_from: int | None = None,
    round_to: int | None = None,
) -> pd.DataFrame:
    """Return :func:`compare` of :func:`indicators`: every benchmark from the complete data.

    Suppression for an audience is applied to this output afterwards
    (:func:`evaldash.privacy.read`), never to its input, so a municipality's value, group
    median, rank and rating are the same for every audience that may see them.
    """
    return compare(indicators(engine, f, round_from, round_to), group)


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
    (from the complete data); an indicator whose median is withheld is left out.
    """
    rows = []
    for row in mine.itertuples(index=False):
        values = group.loc[group["indicator"] == row.indicator, "value"].dropna()
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
            }
        )
    columns = ["indicator", "polarity", "rating", "value", "group_min", "group_q1"]
    columns += ["group_median", "group_q3", "group_max", "position", "q1_position"]
    columns += ["q3_position"]
    return pd.DataFrame(rows, columns=columns)


# --- building blocks ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Window:
    round_from: int
    round_to: int


def _window(
    engine: Engine, f: Filters, round_from: int | None, round_to: int | None
) -> _Window | None:
    """The two rounds progress indicators compare, or None when the selection has < 2."""
    if round_from is None or round_to is None:
        default = progress.default_rounds(progress.rounds(engine, f))
        if default is None:
            return None
        round_from = default[0] if round_from is None else round_from
        round_to = default[1] if round_to is None else round_to
    return _Window(*progress._check_rounds(round_from, round_to))


def _participant_values(engine: Engine, f: Filters, window: _Window | None) -> pd.DataFrame:
    """One row per selected participant with what the indicators need.

    Columns: municipality_code, region (str); services (int64, different services received);
    cost_eur, budget_eur (float64; budget NaN when not recorded); delivered_share (float64,
    mean capped share of planned units delivered; NaN without a plan or with nothing
    planned); has_plan (bool, any planned service of the filters); assessed_from,
    reassessed (bool); paired, improved, declined (int64, domains).
    """
    p, m = schema.participant, schema.municipality
    source = p.join(m, m.c.municipality_code == p.c.municipality_code)
    if f.period_from or f.period_to or f.categories:
        sums = _usage_and_plans(engine, f)
        services, cost, share = sums.c.services, sums.c.cost_eur, sums.c.delivered_share
        has_plan = sa.func.coalesce(sums.c.has_plan, False)
        source = source.outerjoin(sums, sums.c.participant_key == p.c.participant_key)
    else:  # everything stored: summed up per participant when it was written
        pu = schema.participant_usage
        services, cost, share = pu.c.services, pu.c.cost_eur, pu.c.delivered_share
        has_plan = sa.func.coalesce(pu.c.has_plan, False)
        source = source.outerjoin(pu, pu.c.participant_key == p.c.participant_key)
    columns = [
        p.c.municipality_code,
        m.c.region_code.label("region"),
        sa.func.coalesce(services, 0).label("services"),
        sa.cast(sa.func.coalesce(cost, 0), sa.Float).label("cost_eur"),
        sa.cast(p.c.budget_eur, sa.Float).label("budget_eur"),
        sa.cast(share, sa.Float).label("delivered_share"),
        has_plan.label("has_plan"),
    ]
    if window is not None:
        outcome = _outcomes(window)
        source = source.outerjoin(outcome, outcome.c.participant_key == p.c.participant_key)
        columns += [
            outcome.c.participant_key.is_not(None).label("assessed_from"),
            sa.func.coalesce(outcome.c.reassessed, False).label("reassessed"),
            *(sa.func.coalesce(outcome.c[c], 0).label(c) for c in _OUTCOME_COUNTS),
        ]
    stmt = (
        sa.select(*columns)
        .select_from(source)
        .where(*f.participant_clauses())
        .order_by(p.c.municipality_code, p.c.participant_code)
    )
    dtypes = {
        "municipality_code": "str",
        "region": "str",
        "services": "int64",
        "cost_eur": "float64",
        "budget_eur": "float64",
        "delivered_share": "float64",
        "has_plan": "bool",
    }
    if window is not None:
        dtypes |= {"assessed_from": "bool", "reassessed": "bool"}
        dtypes |= {c: "int64" for c in _OUTCOME_COUNTS}
    return query(engine, stmt, dtypes)


_OUTCOME_COUNTS = ("paired", "improved", "declined")


def _usage_and_plans(engine: Engine, f: Filters) -> FromClause:
    """Per participant: services received, their cost and the share of the plan delivered.

    The share is the mean over the participant's planned services of
    :func:`~evaldash.metrics.delivered.plan_delivery`'s share of planned units delivered.
    """
    planned = delivered.plan_delivery(engine, f)
    return summary.participant_sums(delivered.by_person_and_service(engine, f), planned, "sums")


def _outcomes(window: _Window) -> Subquery:
    """Per participant assessed in the earlier round: reassessed?, paired/improved/declined."""
    po = schema.participant_outcome
    return (
        sa.select(po.c.participant_key, po.c.reassessed, *(po.c[c] for c in _OUTCOME_COUNTS))
        .where(po.c.round_from == window.round_from, po.c.round_to == window.round_to)
        .subquery("outcome")
    )


_PLACE = ("municipality_code", "region")


def _people_rows(
    code: str, region: str, people: dict[str, np.ndarray], has_rounds: bool
) -> list[dict[str, object]]:
    """The indicators computed from one municipality's participant values.

    ``people`` holds the columns of :func:`_participant_values` (but the place) as arrays.
    """
    row = {"municipality_code": code, "region": region}
    n = len(people["services"])
    budget = people["budget_eur"]
    budgeted = budget > 0  # a missing budget (NaN) is not above 0
    share = people["delivered_share"]
    out = [
        {**row, **_count("participants", n, n)},
        {**row, **_mean("services_per_participant", people["services"])},
        {**row, **_mean("spend_per_participant", people["cost_eur"])},
        {
            **row,
            **_ratio("budget_spent_share", people["cost_eur"][budgeted], budget[budgeted]),
        },
        {**row, **_mean("delivered_share", share[~np.isnan(share)])},
    ]
    if has_rounds:
        paired = people["paired"] > 0
        improved = int((people["improved"][paired] > people["declined"][paired]).sum())
        assessed = people["assessed_from"]
        missing = int((~people["reassessed"][assessed]).sum())
        out.append({**row, **_proportion("improved_share", improved, int(paired.sum()))})
        out.append(
            {**row, **_proportion("missing_reassessment_share", missing, int(assessed.sum()))}
        )
    return out


def _domain_rows(engine: Engine, f: Filters, window: _Window, places: pd.Series) -> pd.DataFrame:
    """``improved_share.<domain>`` for every municipality and domain with pairs."""
    counts = progress.municipality_counts(engine, f, window.round_from, window.round_to)
    rows = [
        {
            "municipality_code": r.municipality_code,
            "region": places[r.municipality_code],
            **_proportion(DOMAIN_PREFIX + r.domain, int(r.improved), int(r.n_pairs)),
        }
        for r in counts.itertuples(index=False)
        if r.municipality_code in places.index and r.n_pairs > 0
    ]
    return pd.DataFrame(rows)


def _provider_rows(engine: Engine, f: Filters, planned_people: pd.Series) -> pd.DataFrame:
    """``no_provider_services`` and ``median_km_to_provider`` from the gaps view.

    ``planned_people`` maps municipality codes to their participants with a plan (the n).
    Both are register facts about where providers are, not samples of people: no interval.
    """
    cells = gaps.municipality_service_gaps(engine, f)
    rows = []
    for (code, region), mine in cells.groupby(["municipality_code", "region"], sort=True):
        if code not in planned_people.index:
            continue
        people = int(planned_people[code])
        missing = int((mine["status"] == "no_provider").sum())
        km = np.repeat(mine["km_to_provider"].to_numpy(), mine["participants_planned"])
        base = {"municipality_code": code, "region": region}
        median_km = float(np.median(km[~np.isnan(km)])) if (~np.isnan(km)).any() else math.nan
        rows.append({**base, **_count("no_provider_services", missing, people)})
        rows.append({**base, **_count("median_km_to_provider", median_km, people)})
    return pd.DataFrame(rows)


def _indicator(code: str) -> dict[str, object]:
    info = indicator_info(code)
    return {"indicator": code, "kind": info.kind, "polarity": info.polarity}


def _count(code: str, value: float, n: int) -> dict[str, object]:
    """A value without a sampling interval: a count of people or a register fact."""
    return {
        **_indicator(code),
        "value": float(value),
        "n": n,
        "events": math.nan,
        "ci_low": math.nan,
        "ci_high": math.nan,
    }


def _mean(code: str, values: np.ndarray) -> dict[str, object]:
    data = np.asarray(values, dtype=float)
    low, high = stats.mean_ci(data)
    value = float(data.mean()) if len(data) else math.nan
    return {
        **_indicator(code),
        "value": value,
        "n": len(data),
        "events": math.nan,
        "ci_low": low,
        "ci_high": high,
    }


def _ratio(code: str, top: np.ndarray, bottom: np.ndarray) -> dict[str, object]:
    total = float(bottom.sum())
    value = float(top.sum()) / total if total > 0 else math.nan
    low, high = stats.ratio_ci(top, bottom)
    return {
        **_indicator(code),
        "value": value,
        "n": len(top),
        "events": math.nan,
        "ci_low": low,
        "ci_high": high,
    }


def _proportion(code: str, events: int, n: int) -> dict[str, object]:
    low, high = stats.exact_interval(events, n)
    value = events / n if n else math.nan
    return {
        **_indicator(code),
        "value": value,
        "n": n,
        "events": float(events),
        "ci_low": low,
        "ci_high": high,
    }


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


def _order(codes: pd.Series) -> pd.Series:
    """Sort key of indicator codes: :data:`INDICATORS` order, domains after improved_share."""
    base = {i.code: 10 * k for k, i in enumerate(INDICATORS)}
    domain_slot = base["improved_share"] + 5
    return codes.map(lambda c: domain_slot if c.startswith(DOMAIN_PREFIX) else base[c])


def _ordered(frame: pd.DataFrame, dtypes: dict[str, str] = INDICATOR_DTYPES) -> pd.DataFrame:
    frame = frame.assign(_slot=_order(frame["indicator"]))
    frame = frame.sort_values(["municipality_code", "_slot", "indicator"], kind="stable")
    return frame[list(dtypes)].reset_index(drop=True).astype(dtypes)


def _empty(dtypes: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})
