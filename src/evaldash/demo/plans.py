"""Support plans: the services each participant chose, by priority, and the units planned."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from evaldash.demo.participants import _DAY, Calendar, _as_day
from evaldash.demo.pilots import PilotSpec, PlanQuota
from evaldash.demo.reference import _PLANNED_UNITS, SERVICE_UNITS, _price_range


def _weighted_order(
    services: Sequence[str], weights: Mapping[str, float], rng: np.random.Generator
) -> list[str]:
    """Order services as a weighted draw without replacement would (heavier ones first)."""
    weight = np.array([weights.get(s, 0.05) for s in services])
    keys = rng.exponential(size=len(services)) / weight
    return [services[i] for i in np.argsort(keys, kind="stable")]


def _assign_quota(counts: Mapping[str, int], n: int, rng: np.random.Generator) -> list[list[str]]:
    """Give each quota service to exactly its number of participants, least-loaded first."""
    chosen: list[list[str]] = [[] for _ in range(n)]
    for service, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        load = np.array([len(c) for c in chosen])
        for i in np.lexsort((rng.random(n), load))[:count]:
            chosen[i].append(service)
    return chosen


def _fill_plans(
    chosen: list[list[str]],
    sizes: np.ndarray,
    quota: PlanQuota,
    weights: Mapping[str, float],
    rng: np.random.Generator,
) -> None:
    """Top plans up to their size with non-quota services, each used at most ``fill_cap`` times."""
    others = [s for s in weights if s not in quota.counts]
    used: Counter[str] = Counter()
    for plan, size in zip(chosen, sizes, strict=True):
        for service in _weighted_order(others, weights, rng):
            if len(plan) >= size:
                break
            if used[service] < quota.fill_cap:
                plan.append(service)
                used[service] += 1


def _first_plans(
    spec: PilotSpec, municipality: str, n: int, rng: np.random.Generator
) -> list[list[str]]:
    """Return the round-1 services of ``n`` participants of one municipality, by priority."""
    weights = {**spec.service_weights, **spec.local_weights.get(municipality, {})}
    sizes = rng.choice(list(spec.plan_sizes), size=n, p=list(spec.plan_sizes.values()))
    quota = spec.quotas.get(municipality)
    if quota is None:
        return [_weighted_order(list(weights), weights, rng)[:size] for size in sizes]
    chosen = _assign_quota(quota.counts, n, rng)
    _fill_plans(chosen, sizes, quota, weights, rng)
    return [_weighted_order(plan, weights, rng) for plan in chosen]


def _revise_plan(
    services: Sequence[str], weights: Mapping[str, float], rng: np.random.Generator
) -> list[str]:
    """Return a reassessment's plan: mostly the same services, maybe one dropped or added."""
    plan = list(services)
    if len(plan) > 3 and rng.random() < 0.35:
        plan.pop()  # the least important one
    candidates = [s for s in weights if s not in plan]
    if len(plan) < 8 and candidates and rng.random() < 0.45:
        plan.append(_weighted_order(candidates, weights, rng)[0])
    position = np.arange(len(plan)) + rng.normal(0.0, 1.0, size=len(plan))
    return [plan[i] for i in np.argsort(position, kind="stable")]


def _planned_units(
    services: Sequence[str], target_eur: float, rng: np.random.Generator
) -> np.ndarray:
    """Split a plan's money over its services by priority and convert it to units."""
    share = np.arange(1, len(services) + 1) ** -0.8 * rng.lognormal(0.0, 0.3, len(services))
    share /= share.sum()
    mid_price = np.array([sum(_price_range(s)) / 2 for s in services])
    low, high = np.array([_PLANNED_UNITS[SERVICE_UNITS[s]] for s in services]).T
    return np.clip(np.rint(share * target_eur / mid_price), low, high)


def _plan_starts(spec: PilotSpec, assessed: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Return when each plan round's services start (NaT where the round was missed)."""
    column = {round_.number: i for i, round_ in enumerate(spec.rounds)}
    days = assessed[:, [column[k] for k in spec.plan_rounds]]
    after_assessment = days + rng.integers(7, 15, size=days.shape) * _DAY
    earliest = _as_day(spec.services_from) + rng.integers(0, 11, size=days.shape) * _DAY
    return np.maximum(after_assessment, earliest)  # NaT stays NaT


def _participant_plans(
    spec: PilotSpec,
    first: list[str],
    starts: np.ndarray,
    budget: float,
    weights: Mapping[str, float],
    rng: np.random.Generator,
) -> list[dict]:
    """Return one participant's plan items with the period each plan covers.

    The budget is shared between the plans in proportion to the time each covers.
    """
    rounds = [k for k, start in zip(spec.plan_rounds, starts, strict=True) if not np.isnat(start)]
    begins = [s for s in starts if not np.isnat(s)]
    horizon = _as_day(spec.end) + _DAY
    ends = [*begins[1:], horizon]
    total_days = (horizon - begins[0]) / _DAY
    items: list[dict] = []
    services = first
    for k, (number, begin, end) in enumerate(zip(rounds, begins, ends, strict=True)):
        services = services if k == 0 else _revise_plan(services, weights, rng)
        target = budget * (end - begin) / _DAY / total_days * rng.uniform(0.95, 1.12)
        units = _planned_units(services, target, rng)
        items.extend(
            {
                "round": number,
                "service": s,
                "planned_units": u,
                "priority": p,
                "begin": begin,
                "end": end,
            }
            for p, (s, u) in enumerate(zip(services, units, strict=True), start=1)
        )
    return items


def _plans(
    spec: PilotSpec, roster: pd.DataFrame, calendar: Calendar, rng: np.random.Generator
) -> list[dict]:
    """Return all plan items of a pilot; ``row`` is the participant's roster position."""
    starts = _plan_starts(spec, calendar.assessed, rng)
    budgets = roster["budget_eur"].to_numpy()
    items: list[dict] = []
    for municipality in spec.municipalities:
        rows = np.flatnonzero(roster["municipality"].to_numpy() == municipality)
        weights = {**spec.service_weights, **spec.local_weights.get(municipality, {})}
        for i, first in zip(rows, _first_plans(spec, municipality, len(rows), rng), strict=True):
            plan = _participant_plans(spec, first, starts[i], budgets[i], weights, rng)
            items.extend({**item, "row": i} for item in plan)
    return items
