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

This module holds the metric functions (:func:`indicators`, :func:`compare`, :func:`rated`,
:func:`peers`). The indicators' definitions and the SQL behind their values are in
:mod:`evaldash.metrics.compare_indicators`; ratings, ranks, comparison groups and the frames
of the funnel and spine charts in :mod:`evaldash.metrics.compare_ratings`. Both are imported
from here, as before.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
from sqlalchemy.engine import Engine

from evaldash.filters import Filters
from evaldash.metrics import memoized
from evaldash.metrics.compare_indicators import (
    _PLACE,
    COMPARE_DTYPES,
    DOMAIN_PREFIX,
    INDICATOR_DTYPES,
    INDICATORS,
    KINDS,
    POLARITIES,
    Indicator,
    _domain_rows,
    _empty,
    _ordered,
    _participant_values,
    _people_rows,
    _provider_rows,
    _window,
    indicator_info,
)
from evaldash.metrics.compare_ratings import (
    FUNNEL_EVERY_N,
    FUNNEL_LEVELS,
    GROUPS,
    MIN_RATED,
    RATING_LEVEL,
    RATINGS,
    _compare_group,
    chance_ratings,
    for_municipality,
    funnel,
    group_rows,
    rank_values,
    rate,
    rate_proportion,
    spine,
)

# The metric functions stay defined here: privacy's rules and the caches key on them and on
# their module and name. The rest is imported from compare_indicators and compare_ratings.
__all__ = [
    "COMPARE_DTYPES",
    "DOMAIN_PREFIX",
    "FUNNEL_EVERY_N",
    "FUNNEL_LEVELS",
    "GROUPS",
    "INDICATORS",
    "INDICATOR_DTYPES",
    "KINDS",
    "MIN_RATED",
    "POLARITIES",
    "RATINGS",
    "RATING_LEVEL",
    "Indicator",
    "chance_ratings",
    "compare",
    "for_municipality",
    "funnel",
    "group_rows",
    "indicator_info",
    "indicators",
    "peers",
    "rank_values",
    "rate",
    "rate_proportion",
    "rated",
    "spine",
]


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
