"""Deliveries: the usage events of each plan item, from a provider the family can reach."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from evaldash.demo.participants import _DAY, Calendar, _as_day
from evaldash.demo.pilots import PilotSpec
from evaldash.demo.providers import ProviderNetwork, _provider_options
from evaldash.demo.reference import SERVICE_UNITS


def _business_days(begin: np.datetime64, end: np.datetime64) -> np.ndarray:
    days = np.arange(begin, end, dtype="datetime64[D]")
    return days[np.is_busday(days)]


def _split(total: int, parts: int, rng: np.random.Generator) -> np.ndarray:
    """Split ``total`` whole units into ``parts`` positive amounts."""
    return 1 + rng.multinomial(total - parts, np.full(parts, 1.0 / parts))


def _events(
    unit: str, total: int, begin: np.datetime64, end: np.datetime64, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Spread ``total`` delivered units over delivery events in ``begin..end`` (exclusive).

    Sessions and trips are one unit on a working day, hours are recorded per week, days per
    stay (a run of days starting on a working day).
    """
    if unit == "hour":
        slots = np.arange(begin, end, 7, dtype="datetime64[D]")
        wanted = round(total / rng.uniform(2.0, 6.0))
    elif unit == "day":
        slots = _business_days(begin, end)
        wanted = math.ceil(total / 3)
    else:
        slots = _business_days(begin, end)
        wanted = total
    count = int(min(max(wanted, 1), len(slots), total))
    if count <= 0:
        return np.array([], dtype="datetime64[D]"), np.array([], dtype=float)
    dates = np.sort(rng.choice(slots, size=count, replace=False))
    return dates, _split(total, count, rng).astype(float)


def _delivered_share(travel: bool, rng: np.random.Generator) -> float:
    """Return the share of planned units delivered (less when the family has to travel)."""
    if travel:
        return rng.uniform(0.15, 0.5)
    return rng.uniform(0.6, 1.0) if rng.random() < 0.9 else rng.uniform(0.3, 0.6)


def _deliveries(
    item: Mapping,
    municipality: str,
    stop: np.datetime64,
    network: ProviderNetwork,
    rng: np.random.Generator,
) -> dict | None:
    """Return the delivery events of one plan item as arrays, or None if nothing was delivered.

    ``stop`` is when the participant left (or the day after the pilot ended); deliveries end
    there, so someone who left gets proportionally less than planned.
    """
    service, begin = item["service"], item["begin"]
    providers, travel = _provider_options(network, service, municipality)
    if not providers or (travel and rng.random() < 0.3):
        return None
    end = min(item["end"], stop)
    kept = max(0.0, (end - begin) / (item["end"] - begin))
    total = round(item["planned_units"] * _delivered_share(travel, rng) * kept)
    provider = providers[rng.integers(len(providers))]
    dates, units = _events(SERVICE_UNITS[service], total, begin, end, rng)
    if len(dates) == 0:
        return None
    price = network.price[(provider, service)]
    return {
        "row": np.full(len(dates), item["row"]),
        "service": [service] * len(dates),
        "delivered_on": dates,
        "units": units,
        "cost_eur": np.round(units * price, 2),
        "provider_id": [provider] * len(dates),
    }


def _usage(
    spec: PilotSpec,
    roster: pd.DataFrame,
    calendar: Calendar,
    plans: list[dict],
    network: ProviderNetwork,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Return the delivery events of all plan items of one pilot."""
    stops = np.where(np.isnat(calendar.left), _as_day(spec.end) + _DAY, calendar.left)
    municipalities = roster["municipality"].to_numpy()
    parts = [
        _deliveries(item, municipalities[item["row"]], stops[item["row"]], network, rng)
        for item in plans
    ]
    parts = [part for part in parts if part is not None]
    rows = np.concatenate([part["row"] for part in parts])
    return pd.DataFrame(
        {
            "participant_id": roster["participant_id"].to_numpy()[rows],
            "service": np.concatenate([part["service"] for part in parts]),
            "delivered_on": np.concatenate([part["delivered_on"] for part in parts]).astype(object),
            "units": np.concatenate([part["units"] for part in parts]),
            "cost_eur": np.concatenate([part["cost_eur"] for part in parts]),
            "provider_id": np.concatenate([part["provider_id"] for part in parts]),
        }
    )
