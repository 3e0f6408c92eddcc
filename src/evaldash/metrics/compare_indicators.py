"""The indicators of the Compare page: what each one is, and its values per municipality.

``Indicator`` and ``INDICATORS`` (kind, polarity and unit of each), the columns of
:func:`evaldash.metrics.compare.indicators` and :func:`~evaldash.metrics.compare.compare`, and
the building blocks that read one row per participant in SQL and turn it into one row per
municipality and indicator, with the 95 % intervals of :mod:`evaldash.stats`. The method is
described in :mod:`evaldash.metrics.compare`, which imports all of this.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.sql import FromClause, Subquery

from evaldash import measures, stats
from evaldash.columns import spec
from evaldash.db import schema, summary
from evaldash.filters import Filters
from evaldash.metrics import delivered, gaps, progress, query

POLARITIES = ("higher", "lower", "none")
KINDS = ("count", "mean", "ratio", "proportion", "register")


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

INDICATOR_DTYPES: dict[str, str] = spec(
    "municipality_code",
    "region",
    "indicator",
    "kind",
    "polarity",
    "value",
    "n",
    "events",
    "ci_low",
    "ci_high",
)
"""Columns of :func:`indicators`, in order."""

COMPARE_DTYPES: dict[str, str] = INDICATOR_DTYPES | spec(
    "group_size", "group_median", "group_proportion", "rank", "ranked", "rating"
)
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
    dtypes = spec(
        "municipality_code",
        "region",
        "services",
        "cost_eur",
        "budget_eur",
        "delivered_share",
        "has_plan",
    )
    if window is not None:
        dtypes |= spec("assessed_from", "reassessed")
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
