"""Assembly: ``generate(seed)`` puts both pilots' tables together in the package format."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from evaldash import datapackage
from evaldash.demo.deliveries import _usage
from evaldash.demo.participants import _assessments, _calendar, _roster
from evaldash.demo.pilots import PILOTS, PilotSpec
from evaldash.demo.plans import _plans
from evaldash.demo.providers import ProviderNetwork, _provider_network
from evaldash.demo.reference import DOMAINS

DEMO_SEED = 2018
_OWN_PILOT = ("pilots", "participants")

# The demo writes every package table but "services" (it uses the shipped catalogue). Its
# participant codes are unique across pilots, so facts leave out their optional pilot_id.
COLUMNS: dict[str, tuple[str, ...]] = {
    t.name: tuple(c for c in t.column_names if c != "pilot_id" or t.name in _OWN_PILOT)
    for t in datapackage.TABLES
    if t.name != "services"
}
"""Columns of each table of the data package, in order."""


_SORT_KEYS: dict[str, tuple[str, ...]] = {
    "pilots": ("pilot_id",),
    "participants": ("pilot_id", "participant_id"),
    "domains": ("domain",),
    "assessments": ("participant_id", "round", "domain"),
    "plans": ("participant_id", "round", "priority"),
    "usage": ("participant_id", "service", "delivered_on", "provider_id"),
    "providers": ("provider_id", "service", "municipality"),
}


def _pilot_tables(
    spec: PilotSpec, network: ProviderNetwork, rng: np.random.Generator
) -> dict[str, pd.DataFrame]:
    """Generate participants, assessments, plans and usage of one pilot."""
    roster = _roster(spec, rng)
    calendar = _calendar(spec, roster["municipality"].to_numpy(), rng)
    assessments = _assessments(spec, roster, calendar, rng)
    items = _plans(spec, roster, calendar, rng)
    usage = _usage(spec, roster, calendar, items, network, rng)
    participants = roster.assign(
        enrolled_on=calendar.enrolled.astype(object), left_on=calendar.left.astype(object)
    )
    plans = pd.DataFrame(items)
    plans = plans.assign(
        participant_id=roster["participant_id"].to_numpy()[plans["row"]],
        round=plans["round"].astype("int64"),
        priority=plans["priority"].astype("int64"),
        planned_units=plans["planned_units"].astype(float),
    )
    return {
        "participants": participants,
        "assessments": assessments,
        "plans": plans,
        "usage": usage,
    }


def _pilots_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "pilot_id": [p.pilot_id for p in PILOTS],
            "name": [p.name for p in PILOTS],
            "target_group": [p.target_group for p in PILOTS],
            "start_date": pd.Series([p.start for p in PILOTS], dtype=object),
            "end_date": pd.Series([p.end for p in PILOTS], dtype=object),
        }
    )


def _domains_frame() -> pd.DataFrame:
    frame = pd.DataFrame([dataclasses.asdict(d) for d in DOMAINS])
    frame = frame.rename(columns={"code": "domain"})
    return frame.astype(
        {"scale_min": float, "scale_max": float, "mid": float, "higher_is_better": bool}
    )


def _finish(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Keep the package columns in order, sort deterministically, reset the index."""
    columns = list(COLUMNS[name])
    return frame[columns].sort_values(list(_SORT_KEYS[name]), kind="stable").reset_index(drop=True)


def generate(seed: int = DEMO_SEED) -> dict[str, pd.DataFrame]:
    """Generate the synthetic demo data package for both pilots.

    Args:
        seed: seed for ``numpy.random.default_rng``; the same seed gives identical frames.
            Other seeds change the numbers but keep the pilots, municipalities, domains and
            the provider gaps.

    Returns:
        Frames keyed ``pilots``, ``participants``, ``domains``, ``assessments``, ``plans``,
        ``usage`` and ``providers`` with the columns listed in ``COLUMNS`` (dates as
        ``datetime.date`` in object columns, ``left_on`` None for those who stayed), each
        sorted by its key columns with a fresh ``RangeIndex``.
    """
    rng = np.random.default_rng(seed)
    network_rng, *pilot_rngs = rng.spawn(1 + len(PILOTS))
    network = _provider_network(network_rng)
    parts = [_pilot_tables(spec, network, r) for spec, r in zip(PILOTS, pilot_rngs, strict=True)]
    tables = {
        "pilots": _pilots_frame(),
        "domains": _domains_frame(),
        "providers": network.frame,
        **{
            name: pd.concat([part[name] for part in parts], ignore_index=True)
            for name in ("participants", "assessments", "plans", "usage")
        },
    }
    return {name: _finish(name, tables[name]) for name in COLUMNS}
