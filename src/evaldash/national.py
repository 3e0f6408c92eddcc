"""A synthetic national roll-out for benchmarks: ``python -m evaldash demo --scale national``.

Everything here is **synthetic**. One pilot, ``NAT-DEMO``: participants in all 43
municipalities (Rīga and the state cities larger), assessed in 4 yearly rounds in the 8 demo
domains, support plans from the service catalogue, about 100 deliveries a participant over
3 years (2023-2025: about 5,000,000 usage rows for 50,000 participants), and providers in
every planning region with some gaps. No Streamlit, no database: :func:`generate` yields the
package in chunks of participants, so memory stays bounded whatever the size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evaldash import demo, reference_data

PILOT = "NAT-DEMO"
PARTICIPANTS = 50_000
DELIVERIES = 100
"""Deliveries a participant gets over the three years, on average."""
ROUNDS = 4
FIRST_DAY = dt.date(2023, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
CHUNK = 5_000
"""Participants generated together (about 500,000 usage rows)."""
_DAYS = (LAST_DAY - FIRST_DAY).days + 1
_CITY_WEIGHT = {"LV-RIX": 12.0}


@dataclass(frozen=True)
class Head:
    """The tables that are small at any size: pilot, domains, participants, providers."""

    pilots: pd.DataFrame
    domains: pd.DataFrame
    participants: pd.DataFrame
    providers: pd.DataFrame


def municipalities() -> pd.DataFrame:
    """The 43 municipalities (code, region, kind) with a weight for their share of people."""
    places = reference_data.read("municipality")[["municipality_code", "region_code", "kind"]]
    weight = np.where(places["kind"] == "state_city", 3.0, 1.0)
    weight = weight * places["municipality_code"].map(_CITY_WEIGHT).fillna(1.0).to_numpy()
    return places.assign(weight=weight / weight.sum()).reset_index(drop=True)


def head(participants: int = PARTICIPANTS, seed: int = 1) -> Head:
    """The pilot, the domains, the participants and the providers."""
    rng = np.random.default_rng([seed, 0])
    places = municipalities()
    where = rng.choice(places["municipality_code"].to_numpy(), participants, p=places["weight"])
    enrolled = [FIRST_DAY + dt.timedelta(days=int(d)) for d in rng.integers(0, 60, participants)]
    people = pd.DataFrame(
        {
            "participant_id": [f"N-{i:06d}" for i in range(1, participants + 1)],
            "pilot_id": PILOT,
            "municipality": where,
            "sex": rng.choice(np.array(["F", "M"]), participants),
            "birth_year": rng.integers(1950, 2020, participants),
            "enrolled_on": enrolled,
            "left_on": None,
            "budget_eur": np.round(rng.uniform(1_500, 9_000, participants), 2),
        }
    )
    pilots = pd.DataFrame(
        {
            "pilot_id": [PILOT],
            "name": ["Valsts mēroga izmēģinājums (sintētisks)"],
            "target_group": ["Visas mērķa grupas (sintētiski dati slodzes testiem)"],
            "start_date": [FIRST_DAY],
            "end_date": [LAST_DAY],
        }
    )
    domains = demo._domains_frame()[list(demo.COLUMNS["domains"])]
    return Head(pilots, domains, people, _providers(places, rng))


def _providers(places: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Providers seated across each region, serving 1-4 municipalities of it; some gaps."""
    rows = []
    number = 0
    for region, members in places.groupby("region_code"):
        codes = members["municipality_code"].to_numpy()
        for service in sorted(demo.SERVICE_UNITS):
            if rng.random() < 0.08:  # no provider for this service in the region
                continue
            for _ in range(int(rng.integers(1, 4))):
                number += 1
                served = rng.choice(codes, min(len(codes), int(rng.integers(1, 5))), replace=False)
                rows += [
                    (
                        f"NAT-{number:04d}",
                        f"Pakalpojumu sniedzējs {number} ({region})",
                        service,
                        str(code),
                        bool(i > 0),
                    )
                    for i, code in enumerate(served)
                ]
    return pd.DataFrame(
        rows, columns=["provider_id", "name", "service", "municipality", "outreach"]
    )


def facts(
    people: pd.DataFrame, providers: pd.DataFrame, seed: int = 1, chunk: int = CHUNK
) -> Iterator[dict[str, pd.DataFrame]]:
    """Assessments, plans and usage for ``chunk`` participants at a time."""
    by_place = providers.groupby(["municipality", "service"])["provider_id"].first()
    services = np.array(sorted(demo.SERVICE_UNITS))
    popularity = np.random.default_rng([seed, 0, 1]).dirichlet(np.full(len(services), 0.8))
    for start in range(0, len(people), chunk):
        rng = np.random.default_rng([seed, 1 + start // chunk])
        part = people.iloc[start : start + chunk]
        plans = _plans(part, services, popularity, rng)
        yield {
            "assessments": _assessments(part, rng),
            "plans": plans,
            "usage": _usage(part, plans, by_place, rng),
        }


def _assessments(part: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Every participant in round 1; 94 % come back to each later round; 8 domains each time."""
    n = len(part)
    present = np.ones((n, ROUNDS), dtype=bool)
    for r in range(1, ROUNDS):
        present[:, r] = present[:, r - 1] & (rng.random(n) < 0.94)
    frames = []
    responsive = rng.normal(1.0, 0.5, n)
    for domain in demo.DOMAINS:
        base = rng.normal(domain.baseline_mean, domain.baseline_sd, n)
        sign = 1 if domain.higher_is_better else -1
        for r in range(ROUNDS):
            keep = present[:, r]
            score = base + sign * domain.gain * r * responsive + rng.normal(0, domain.noise, n)
            score = np.clip(np.round(score), domain.scale_min, domain.scale_max)
            day = np.array([FIRST_DAY + dt.timedelta(days=30 + 350 * r)] * n, dtype=object)
            frames.append(
                pd.DataFrame(
                    {
                        "participant_id": part["participant_id"].to_numpy()[keep],
                        "round": r + 1,
                        "assessed_on": day[keep],
                        "domain": domain.code,
                        "score": score[keep],
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)


def _plans(
    part: pd.DataFrame, services: np.ndarray, popularity: np.ndarray, rng: np.random.Generator
) -> pd.DataFrame:
    """3 to 6 services a participant (more popular ones more often), planned in round 1."""
    how_many = rng.integers(3, 7, len(part))
    chosen = [rng.choice(services, k, replace=False, p=popularity) for k in how_many]
    who = np.repeat(part["participant_id"].to_numpy(), how_many)
    flat = np.concatenate(chosen)
    return pd.DataFrame(
        {
            "participant_id": who,
            "round": 1,
            "service": flat,
            "planned_units": np.round(rng.uniform(20, 60, len(flat))),
            "priority": np.concatenate([np.arange(1, k + 1) for k in how_many]),
        }
    )


def _usage(
    part: pd.DataFrame, plans: pd.DataFrame, by_place: pd.Series, rng: np.random.Generator
) -> pd.DataFrame:
    """About :data:`DELIVERIES` a participant, on distinct days for each planned service."""
    per_plan = plans.groupby("participant_id")["service"].transform("size").to_numpy()
    count = np.clip(rng.poisson(DELIVERIES / per_plan), 1, _DAYS).astype(int)
    item = np.repeat(np.arange(len(plans)), count)
    # the j-th of c deliveries falls on a random day of the j-th c-th of the period: distinct
    j = np.arange(len(item)) - np.repeat(np.cumsum(count) - count, count)
    c = count[item]
    begin, end = (j * _DAYS) // c, ((j + 1) * _DAYS) // c  # bins of >= 1 day, disjoint
    offset = begin + (rng.random(len(item)) * (end - begin)).astype(int)
    service = plans["service"].to_numpy()[item]
    who = plans["participant_id"].to_numpy()[item]
    home = part.set_index("participant_id")["municipality"].reindex(who).to_numpy()
    prices = {code: demo._price_range(code) for code in np.unique(service)}
    low = np.array([prices[code][0] for code in service])
    high = np.array([prices[code][1] for code in service])
    units = rng.integers(1, 4, len(item)).astype(float)
    local = by_place.rename("provider_id").reset_index()
    provider = (
        pd.DataFrame({"municipality": home, "service": service})
        .merge(local, on=["municipality", "service"], how="left")["provider_id"]
        .to_numpy()
    )
    return pd.DataFrame(
        {
            "participant_id": who,
            "service": service,
            "delivered_on": (np.datetime64(FIRST_DAY) + offset.astype("timedelta64[D]")).astype(
                "datetime64[s]"
            ),
            "units": units,
            "cost_eur": np.round(units * rng.uniform(low, high), 2),
            "provider_id": provider,
        }
    )
