"""The two pilots as specs: who takes part where, when rounds are, what plans hold.

A bigger demo needs only other specs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

CHILDREN_PILOT = "IB-BERNI-2018"
ADULTS_PILOT = "IB-GRT-2019"


@dataclass(frozen=True)
class RoundSpec:
    """When one assessment round takes place.

    Each municipality gets one assessment day drawn from ``first..last`` (or its ``pinned``
    date); participants are seen on that day or up to ``jitter_days`` later (not if pinned).
    """

    number: int
    first: dt.date
    last: dt.date
    jitter_days: int = 2
    pinned: Mapping[str, dt.date] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanQuota:
    """Exact numbers of participants per service in one municipality's round-1 plans.

    Attributes:
        counts: service -> number of participants whose plan includes it.
        fill_cap: plans are topped up to their drawn size with other services, each for at
            most this many participants; 0 keeps plans to the quota services only.
    """

    counts: Mapping[str, int]
    fill_cap: int = 0


@dataclass(frozen=True)
class PilotSpec:
    """Everything that makes one pilot's demo data; a bigger demo needs only other specs."""

    pilot_id: str
    name: str
    target_group: str
    start: dt.date
    end: dt.date
    prefix: str
    municipalities: tuple[str, ...]
    per_municipality: int
    birth_years: tuple[int, int]
    male_share: float
    budget_eur: tuple[float, float]
    domains: tuple[str, ...]
    enrol_window: tuple[dt.date, dt.date]
    rounds: tuple[RoundSpec, ...]
    plan_rounds: tuple[int, ...]
    services_from: dt.date
    service_weights: Mapping[str, float]
    plan_sizes: Mapping[int, float]
    dropouts: tuple[int, int]
    dropout_window: tuple[dt.date, dt.date]
    skips: tuple[int, int]
    local_weights: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    quotas: Mapping[str, PlanQuota] = field(default_factory=dict)


CHILDREN = PilotSpec(
    pilot_id=CHILDREN_PILOT,
    name="Individuālā budžeta modelis bērniem ar funkcionāliem traucējumiem",
    target_group="Bērni ar funkcionāliem traucējumiem un viņu ģimenes",
    start=dt.date(2018, 9, 1),
    end=dt.date(2019, 10, 31),
    prefix="B",
    municipalities=(
        "LV-097",
        "LV-LPX",
        "LV-099",
        "LV-REZ",
        "LV-113",
        "LV-JEL",
        "LV-067",
        "LV-050",
        "LV-007",
        "LV-RIX",
    ),
    per_municipality=10,
    birth_years=(2001, 2016),  # aged 2-17 in 2018
    male_share=0.6,
    budget_eur=(1500.0, 3500.0),
    domains=("communication", "self_care", "social_skills", "mobility"),
    enrol_window=(dt.date(2018, 9, 1), dt.date(2018, 9, 7)),
    rounds=(
        RoundSpec(1, dt.date(2018, 9, 10), dt.date(2018, 9, 21), jitter_days=5),
        RoundSpec(
            2, dt.date(2019, 2, 4), dt.date(2019, 2, 22), pinned={"LV-097": dt.date(2019, 2, 10)}
        ),
        RoundSpec(3, dt.date(2019, 10, 1), dt.date(2019, 10, 18)),
    ),
    plan_rounds=(1, 2),
    services_from=dt.date(2018, 9, 15),
    service_weights={
        "FIZIO": 0.60,
        "LOGO": 0.55,
        "SPEC_PED": 0.35,
        "ERGO": 0.35,
        "MASAZA": 0.30,
        "PSIH": 0.30,
        "TRANSPORTS": 0.28,
        "REIT": 0.25,
        "FIZIO_POOL": 0.20,
        "ABA": 0.15,
        "MUZ_TER": 0.15,
        "APRUPE_BERNAM": 0.15,
        "SMILSU": 0.12,
        "KANIS": 0.12,
        "ATELPA": 0.12,
        "DAC_BERNI": 0.10,
        "MIKROLOGO": 0.10,
        "AUDLOGO": 0.08,
    },
    plan_sizes={3: 0.25, 4: 0.30, 5: 0.22, 6: 0.13, 7: 0.06, 8: 0.04},
    dropouts=(2, 3),
    dropout_window=(dt.date(2018, 11, 15), dt.date(2019, 9, 15)),
    skips=(4, 6),
    # Talsi families want what is missing locally (domain notes).
    quotas={
        "LV-097": PlanQuota(
            {"ERGO": 4, "REIT": 4, "ABA": 3, "MIKROLOGO": 3, "AUDLOGO": 2}, fill_cap=6
        )
    },
)

ADULTS = PilotSpec(
    pilot_id=ADULTS_PILOT,
    name="Individuālā budžeta modelis pilngadīgām personām ar garīga rakstura traucējumiem",
    target_group="Pilngadīgas personas ar garīga rakstura traucējumiem",
    start=dt.date(2019, 11, 1),
    end=dt.date(2021, 1, 31),
    prefix="A",
    municipalities=(
        "LV-JEL",
        "LV-016",
        "LV-LPX",
        "LV-097",
        "LV-111",
        "LV-015",
        "LV-022",
        "LV-033",
        "LV-099",
        "LV-113",
    ),
    per_municipality=10,
    birth_years=(1955, 2001),  # aged 18-64 in 2019
    male_share=0.5,
    budget_eur=(2000.0, 4500.0),
    domains=("home_living", "community_living", "health_safety", "goal_attainment"),
    enrol_window=(dt.date(2019, 8, 1), dt.date(2019, 8, 16)),
    rounds=(
        RoundSpec(1, dt.date(2019, 8, 19), dt.date(2019, 10, 11), jitter_days=14),
        RoundSpec(2, dt.date(2021, 1, 4), dt.date(2021, 1, 20), jitter_days=5),
    ),
    plan_rounds=(1,),
    services_from=dt.date(2019, 11, 1),
    service_weights={
        "ATB_PERS": 1.0,
        "FIZIO": 0.7,
        "APRUPE_MAJAS": 0.45,
        "PAVADONIS": 0.38,
        "PSIH": 0.32,
        "DAC_GRT": 0.27,
        "MUZ_TER": 0.2,
        "TRANSPORTS": 0.17,
        "ERGO": 0.14,
        "ATB_GRUPA": 0.12,
        "ATELPA": 0.1,
        "MAKSL_TER": 0.05,
        "MASAZA": 0.04,
        "GRUPU_MAJA": 0.02,
    },
    plan_sizes={3: 0.10, 4: 0.20, 5: 0.25, 6: 0.20, 7: 0.15, 8: 0.10},
    dropouts=(3, 4),
    dropout_window=(dt.date(2020, 2, 1), dt.date(2020, 11, 30)),
    skips=(5, 7),
    quotas={
        "LV-097": PlanQuota({"ATB_PERS": 10, "ATB_GRUPA": 7, "PSIH": 6, "DAC_GRT": 6}, fill_cap=4),
        "LV-022": PlanQuota(
            {
                "FIZIO": 10,
                "ATB_PERS": 8,
                "DEJU_TER": 7,
                "PSIH": 4,
                "ERGO": 4,
                "MUZ_TER": 4,
                "MAKSL_TER": 4,
                "UZTURS": 3,
                "AUDLOGO": 2,
                "APRUPE_MAJAS": 1,
                "SPEC_PED": 1,
                "MONTESSORI": 1,
                "KANIS": 1,
                "PAVADONIS": 1,
            }
        ),
    },
)

PILOTS: tuple[PilotSpec, ...] = (CHILDREN, ADULTS)
