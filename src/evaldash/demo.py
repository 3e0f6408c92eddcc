"""Synthetic demo data for the two individual budget pilots, in the public data package format.

Everything this module produces is **synthetic**: no row describes a real person, plan, payment
or provider contract. It exists so the dashboard, its tests and its screenshots have realistic
data to show. ``generate(seed)`` is pure and deterministic (no database, no files, no
Streamlit); the same seed always gives identical frames.

Facts taken from public reports (Ministry of Welfare individual budget pilots, ESF project
9.2.2.2/16/I/001, as summarised in the project's domain notes):

- the two pilots, their target groups, sizes (100 participants, 10 per municipality) and
  timelines: children from September 2018 with a reassessment after six months (Talsu novads:
  10 February 2019) and the end in October 2019; adults selected in August 2019, support plans
  by November 2019, services November 2019 - January 2021;
- the known municipalities: children - Talsu novads, Liepāja, Tukuma novads; adults -
  Jelgava, Bauskas novads, Liepāja, Talsu novads, Daugavpils novads (now Augšdaugavas novads),
  Balvu novads, Cēsu novads, Gulbenes novads, Tukuma novads;
- which services adults chose most often, the Talsi adults' choices (support person for all
  10) and the Cēsis adults' exact numbers of participants per service;
- the provider gaps: adult respite care practically not provided in Kurzeme; no hippotherapy,
  ABA, micro-speech, audio-speech or occupational therapist in Talsu novads;
- outreach providers (a Cēsis-based provider serving Alūksne) and the kinds of assessment
  scales used in Latvia (ABAS-II, ICF qualifiers, Support Intensity Scale, goal attainment).

Invented choices (not public): the other 7 children's municipalities (Rēzekne, Valmieras
novads, Jelgava, Ogres novads, Kuldīgas novads, Alūksnes novads, Rīga) and the adults' 10th
municipality (Valmieras novads); all participants, scores, budgets, plans, deliveries, prices
and providers (names, seats, outreach areas). Adults' ``enrolled_on`` is their selection date
in August 2019, before the pilot's service start on 1 November 2019.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from evaldash.ingest import spec

__all__ = ["ADULTS_PILOT", "CHILDREN_PILOT", "COLUMNS", "DEMO_SEED", "generate"]

DEMO_SEED = 2018
CHILDREN_PILOT = "IB-BERNI-2018"
ADULTS_PILOT = "IB-GRT-2019"
_OWN_PILOT = ("pilots", "participants")

# The demo writes every package table but "services" (it uses the shipped catalogue). Its
# participant codes are unique across pilots, so facts leave out their optional pilot_id.
COLUMNS: dict[str, tuple[str, ...]] = {
    t.name: tuple(c for c in t.column_names if c != "pilot_id" or t.name in _OWN_PILOT)
    for t in spec.TABLES
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

_DAY = np.timedelta64(1, "D")


# --- reference facts ------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A municipality as the demo needs it (rows of data/municipalities.csv plus two names).

    Attributes:
        code: ISO 3166-2 code, e.g. ``LV-097``.
        short: three letters used in participant codes, e.g. ``TAL``.
        genitive: the name's genitive for provider names, e.g. ``Talsu``.
        region: planning region code (KUR, LAT, RIG, VID, ZEM).
        lat: latitude of the administrative centre.
        lon: longitude of the administrative centre.
        is_city: True for a state city (valstspilsēta).
    """

    code: str
    short: str
    genitive: str
    region: str
    lat: float
    lon: float
    is_city: bool = False

    @property
    def owner(self) -> str:
        """Genitive of the municipality as an institution, e.g. ``Talsu novada``."""
        return f"{self.genitive} {'valstspilsētas' if self.is_city else 'novada'}"


PLACES: dict[str, Place] = {
    place.code: place
    for place in (
        Place("LV-RIX", "RIG", "Rīgas", "RIG", 56.946, 24.106, is_city=True),
        Place("LV-JEL", "JEL", "Jelgavas", "ZEM", 56.650, 23.713, is_city=True),
        Place("LV-LPX", "LIE", "Liepājas", "KUR", 56.505, 21.011, is_city=True),
        Place("LV-REZ", "REZ", "Rēzeknes", "LAT", 56.510, 27.340, is_city=True),
        Place("LV-007", "ALU", "Alūksnes", "VID", 57.422, 27.047),
        Place("LV-015", "BAL", "Balvu", "LAT", 57.131, 27.266),
        Place("LV-016", "BAU", "Bauskas", "ZEM", 56.408, 24.194),
        Place("LV-022", "CES", "Cēsu", "VID", 57.312, 25.275),
        Place("LV-033", "GUL", "Gulbenes", "VID", 57.178, 26.753),
        Place("LV-050", "KUL", "Kuldīgas", "KUR", 56.974, 21.957),
        Place("LV-067", "OGR", "Ogres", "VID", 56.816, 24.614),
        Place("LV-097", "TAL", "Talsu", "KUR", 57.246, 22.581),
        Place("LV-099", "TUK", "Tukuma", "KUR", 56.968, 23.156),
        Place("LV-111", "AUG", "Augšdaugavas", "LAT", 55.883, 26.533),
        Place("LV-113", "VAL", "Valmieras", "VID", 57.541, 25.428),
    )
}
"""The municipalities the demo uses, by ISO code (must agree with data/municipalities.csv)."""

_SERVICES_BY_UNIT = {
    "session": "FIZIO FIZIO_POOL ERGO LOGO AUDLOGO MIKROLOGO PSIH SPEC_PED MONTESSORI ABA "
    "MUZ_TER MAKSL_TER DEJU_TER SMILSU KANIS REIT MASAZA UZTURS ATB_GRUPA",
    "hour": "APRUPE_MAJAS APRUPE_BERNAM PAVADONIS ATB_PERS",
    "day": "ATELPA DAC_BERNI DAC_GRT GRUPU_MAJA",
    "trip": "TRANSPORTS",
}
SERVICE_UNITS: dict[str, str] = {
    code: unit for unit, codes in _SERVICES_BY_UNIT.items() for code in codes.split()
}
"""Unit of each service the demo uses (must agree with data/services.csv)."""

_PRICE_BY_UNIT: dict[str, tuple[float, float]] = {
    "session": (20.0, 45.0),
    "hour": (6.0, 12.0),
    "day": (15.0, 25.0),
    "trip": (5.0, 20.0),
}
_PRICE_BY_SERVICE: dict[str, tuple[float, float]] = {
    "ABA": (40.0, 50.0),
    "ATB_PERS": (9.5, 10.5),
    "ATELPA": (40.0, 60.0),
    "GRUPU_MAJA": (20.0, 30.0),
    "ATB_GRUPA": (15.0, 25.0),
    "MASAZA": (20.0, 30.0),
}
_PLANNED_UNITS: dict[str, tuple[float, float]] = {
    "session": (3.0, 40.0),
    "hour": (10.0, 400.0),
    "day": (2.0, 60.0),
    "trip": (4.0, 40.0),
}

REGION_GAPS: dict[str, frozenset[str]] = {"KUR": frozenset({"ATELPA"})}
"""Services no provider delivers anywhere in a planning region."""

MUNICIPALITY_GAPS: dict[str, frozenset[str]] = {
    "LV-097": frozenset({"ABA", "REIT", "MIKROLOGO", "AUDLOGO", "ERGO"}),
}
"""Services no provider delivers in a municipality (families travel or go without)."""

NO_TRAVEL = frozenset({"ATELPA"})
"""Services nobody travels to another municipality for: without a local provider, none."""


@dataclass(frozen=True)
class Domain:
    """An assessment domain with its scale and the demo's score model.

    Scores start at ``N(baseline_mean, baseline_sd)`` and move by ``gain`` per round in the
    better direction (scaled by each participant's responsiveness) plus ``noise``; they are
    rounded and clipped to the integer scale.
    """

    code: str
    name_lv: str
    name_en: str
    scale_min: float
    scale_max: float
    higher_is_better: bool
    mid: float
    baseline_mean: float
    baseline_sd: float
    gain: float
    noise: float


# fmt: off
DOMAINS: tuple[Domain, ...] = (
    # code, name_lv, name_en, scale_min, scale_max, higher_is_better, mid,
    #   baseline_mean, baseline_sd, gain, noise
    # ABAS-II-like adaptive skills (scaled scores 1..19) and an ICF-like qualifier (0..4)
    Domain("communication", "Komunikācija", "Communication", 1, 19, True, 2,
           6.0, 2.5, 0.9, 1.2),
    Domain("self_care", "Pašaprūpe", "Self-care", 1, 19, True, 2,
           5.5, 2.5, 0.8, 1.2),
    Domain("social_skills", "Sociālās prasmes", "Social skills", 1, 19, True, 2,
           6.5, 2.5, 0.8, 1.2),
    Domain("mobility", "Mobilitāte", "Mobility", 0, 4, False, 1,
           1.9, 1.0, 0.3, 0.45),
    # Support-Intensity-Scale-like standard scores (1..20, higher = more support needed)
    Domain("home_living", "Dzīve mājās", "Home living", 1, 20, False, 2,
           11.0, 2.5, 0.7, 1.2),
    Domain("community_living", "Dzīve kopienā", "Community living", 1, 20, False, 2,
           11.5, 2.5, 0.7, 1.2),
    Domain("health_safety", "Veselība un drošība", "Health and safety", 1, 20, False, 2,
           10.0, 2.5, 0.5, 1.2),
    # individual goal attainment (-2..+2), most goals start one step below the expected outcome
    Domain("goal_attainment", "Mērķu sasniegšana", "Goal attainment", -2, 2, True, 1,
           -1.1, 0.35, 1.3, 0.8),
)
# fmt: on
_DOMAIN_BY_CODE = {domain.code: domain for domain in DOMAINS}


# --- providers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProviderSpec:
    """A provider before ids are given: seat, services, municipalities served by outreach."""

    name: str
    seat: str
    services: tuple[str, ...]
    outreach_to: tuple[str, ...] = ()


_SOCIAL_SERVICES = ("APRUPE_MAJAS", "APRUPE_BERNAM", "ATB_PERS", "PAVADONIS", "TRANSPORTS")
_REHAB_SERVICES = ("FIZIO", "ERGO", "LOGO", "PSIH", "SPEC_PED", "MASAZA")
_REHAB_OPTIONAL = ("MUZ_TER", "SMILSU", "FIZIO_POOL", "MAKSL_TER", "DEJU_TER", "KANIS", "UZTURS")
_DAY_CENTRE_SERVICES = ("DAC_BERNI", "DAC_GRT", "ATB_GRUPA")

HUB_PROVIDERS: tuple[ProviderSpec, ...] = (
    ProviderSpec(
        'SIA "Kustību terapijas centrs"',
        "LV-RIX",
        ("FIZIO", "ERGO", "FIZIO_POOL", "DEJU_TER", "MASAZA"),
        ("LV-067", "LV-JEL"),
    ),
    ProviderSpec(
        'SIA "Uzvedības analīzes centrs"', "LV-RIX", ("ABA",), ("LV-099", "LV-067", "LV-JEL")
    ),
    ProviderSpec(
        'Biedrība "Valodas un dzirdes centrs"',
        "LV-RIX",
        ("LOGO", "MIKROLOGO", "AUDLOGO"),
        ("LV-099", "LV-JEL", "LV-022"),
    ),
    ProviderSpec('Biedrība "Hipoterapijas centrs"', "LV-RIX", ("REIT",), ("LV-067",)),
    ProviderSpec(
        'Biedrība "Kanisterapijas komanda"',
        "LV-RIX",
        ("KANIS",),
        ("LV-067", "LV-113", "LV-JEL", "LV-099"),
    ),
    ProviderSpec(
        'SIA "Mūzikas terapijas studija"', "LV-RIX", ("MUZ_TER", "MAKSL_TER"), ("LV-016", "LV-JEL")
    ),
    ProviderSpec('Biedrība "Zirgu sēta"', "LV-099", ("REIT",)),
    ProviderSpec(
        'SIA "Vidzemes terapijas centrs"',
        "LV-022",
        (
            "FIZIO",
            "ERGO",
            "LOGO",
            "PSIH",
            "SPEC_PED",
            "DEJU_TER",
            "MUZ_TER",
            "MAKSL_TER",
            "MONTESSORI",
            "UZTURS",
            "KANIS",
        ),
        ("LV-007", "LV-033"),
    ),
    ProviderSpec(
        'SIA "Sensorās integrācijas centrs"', "LV-113", ("SMILSU", "ERGO", "ABA"), ("LV-022",)
    ),
    ProviderSpec(
        'Biedrība "Latgales rehabilitācijas centrs"',
        "LV-REZ",
        ("REIT", "ABA", "SMILSU", "MIKROLOGO"),
        ("LV-015", "LV-111"),
    ),
    ProviderSpec(
        'SIA "Zemgales veselības centrs"',
        "LV-JEL",
        ("FIZIO_POOL", "MIKROLOGO", "AUDLOGO", "UZTURS"),
        ("LV-016",),
    ),
    ProviderSpec(
        'Biedrība "Kurzemes bērnu terapijas centrs"',
        "LV-LPX",
        ("ABA", "MIKROLOGO", "AUDLOGO", "SMILSU"),
        ("LV-050",),
    ),
)
"""Specialised and outreach providers, in addition to the local ones of every municipality."""


@dataclass(frozen=True)
class ProviderNetwork:
    """Providers and what the generator needs to pick one for a delivery.

    Attributes:
        frame: the ``providers`` table.
        local: ``(service, municipality)`` -> ids of providers delivering it there.
        price: ``(provider_id, service)`` -> price in EUR per unit.
    """

    frame: pd.DataFrame
    local: dict[tuple[str, str], tuple[str, ...]]
    price: dict[tuple[str, str], float]


def _local_provider_specs(place: Place, rng: np.random.Generator) -> list[ProviderSpec]:
    """Return the usual providers of one municipality; optional therapies vary with ``rng``."""
    optional = tuple(s for s in _REHAB_OPTIONAL if rng.random() < 0.45)
    social = _SOCIAL_SERVICES + (("GRUPU_MAJA",) if rng.random() < 0.4 else ())
    return [
        ProviderSpec(f"{place.owner} Sociālais dienests", place.code, social),
        ProviderSpec(
            f'Biedrība "{place.genitive} rehabilitācijas centrs"',
            place.code,
            _REHAB_SERVICES + optional,
        ),
        ProviderSpec(f"{place.owner} dienas aprūpes centrs", place.code, _DAY_CENTRE_SERVICES),
        ProviderSpec(f'Nodibinājums "{place.genitive} atelpas māja"', place.code, ("ATELPA",)),
    ]


def _is_gap(service: str, municipality: str) -> bool:
    """Tell whether no provider may deliver ``service`` in ``municipality``."""
    region = PLACES[municipality].region
    return service in REGION_GAPS.get(region, frozenset()) or service in MUNICIPALITY_GAPS.get(
        municipality, frozenset()
    )


def _provider_rows(specs: Sequence[ProviderSpec]) -> pd.DataFrame:
    """Explode specs to provider x service x municipality rows, drop gaps, number providers."""
    rows = [
        (index, spec.name, service, municipality, municipality != spec.seat)
        for index, spec in enumerate(specs)
        for service in spec.services
        for municipality in (spec.seat, *spec.outreach_to)
        if not _is_gap(service, municipality)
    ]
    frame = pd.DataFrame(rows, columns=["spec", "name", "service", "municipality", "outreach"])
    numbers = {spec: n for n, spec in enumerate(sorted(frame["spec"].unique()), start=1)}
    frame.insert(0, "provider_id", [f"PRV-{numbers[s]:03d}" for s in frame["spec"]])
    return frame.drop(columns="spec")


def _price_range(service: str) -> tuple[float, float]:
    return _PRICE_BY_SERVICE.get(service, _PRICE_BY_UNIT[SERVICE_UNITS[service]])


def _provider_network(rng: np.random.Generator) -> ProviderNetwork:
    """Build the providers table, a lookup of local providers and each provider's prices."""
    specs = [spec for code in sorted(PLACES) for spec in _local_provider_specs(PLACES[code], rng)]
    frame = _provider_rows([*specs, *HUB_PROVIDERS])
    local: dict[tuple[str, str], tuple[str, ...]] = {
        key: tuple(sorted(ids))
        for key, ids in frame.groupby(["service", "municipality"])["provider_id"].unique().items()
    }
    offers = (
        frame[["provider_id", "service"]].drop_duplicates().sort_values(["provider_id", "service"])
    )
    low, high = np.array([_price_range(s) for s in offers["service"]]).T
    prices = np.round(rng.uniform(low, high) * 2) / 2  # tariffs in steps of 50 cents
    price = dict(
        zip(
            zip(offers["provider_id"], offers["service"], strict=True), prices.tolist(), strict=True
        )
    )
    return ProviderNetwork(frame=frame, local=local, price=price)


def _distance_km(a: Place, b: Place) -> float:
    """Haversine distance between two administrative centres."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _provider_options(
    network: ProviderNetwork, service: str, municipality: str
) -> tuple[tuple[str, ...], bool]:
    """Return the providers a participant can use and whether the family has to travel.

    Local providers (including outreach ones) come first; otherwise the providers of the
    nearest municipality that has the service, unless nobody travels for it.
    """
    local = network.local.get((service, municipality), ())
    if local or service in NO_TRAVEL:
        return local, False
    home = PLACES[municipality]
    served = [m for (s, m) in network.local if s == service]
    if not served:
        return (), False
    nearest = min(served, key=lambda m: (_distance_km(home, PLACES[m]), m))
    return network.local[(service, nearest)], True


# --- pilots -----------------------------------------------------------------------------------


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


# --- participants and their assessment calendar -----------------------------------------------


def _as_day(value: dt.date) -> np.datetime64:
    return np.datetime64(value, "D")


def _random_days(first: dt.date, last: dt.date, size: int, rng: np.random.Generator) -> np.ndarray:
    """Return ``size`` dates drawn uniformly from ``first..last`` (inclusive)."""
    span = (last - first).days + 1
    return _as_day(first) + rng.integers(0, span, size=size) * _DAY


def _roster(spec: PilotSpec, rng: np.random.Generator) -> pd.DataFrame:
    """Return the pilot's participants: code, municipality, sex, birth year and budget."""
    municipalities = np.repeat(spec.municipalities, spec.per_municipality)
    numbers = np.tile(np.arange(1, spec.per_municipality + 1), len(spec.municipalities))
    n = len(municipalities)
    return pd.DataFrame(
        {
            "participant_id": [
                f"{spec.prefix}-{PLACES[m].short}-{k:02d}"
                for m, k in zip(municipalities, numbers, strict=True)
            ],
            "pilot_id": spec.pilot_id,
            "municipality": municipalities,
            "sex": np.where(rng.random(n) < spec.male_share, "M", "F"),
            "birth_year": rng.integers(spec.birth_years[0], spec.birth_years[1] + 1, size=n),
            "budget_eur": np.round(rng.uniform(*spec.budget_eur, size=n), 2),
        }
    )


def _round_dates(
    round_: RoundSpec, municipalities: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Return each participant's assessment date in one round (before any are missed)."""
    names = sorted(set(municipalities))
    drawn = dict(zip(names, _random_days(round_.first, round_.last, len(names), rng), strict=True))
    day = {m: _as_day(round_.pinned[m]) if m in round_.pinned else drawn[m] for m in names}
    jitter = rng.integers(0, round_.jitter_days + 1, size=len(municipalities))
    jitter[np.isin(municipalities, list(round_.pinned))] = 0
    return np.array([day[m] for m in municipalities]) + jitter * _DAY


@dataclass(frozen=True)
class Calendar:
    """Dates of one pilot's participants, aligned with its roster.

    Attributes:
        enrolled: enrolment dates, ``datetime64[D]``.
        left: dates participants left early, NaT for those who stayed.
        assessed: ``(participant, round)`` assessment dates, NaT where a round was missed.
    """

    enrolled: np.ndarray
    left: np.ndarray
    assessed: np.ndarray


def _calendar(spec: PilotSpec, municipalities: np.ndarray, rng: np.random.Generator) -> Calendar:
    """Draw enrolment, assessment and leaving dates, then drop the rounds people missed."""
    n = len(municipalities)
    enrolled = _random_days(*spec.enrol_window, n, rng)
    assessed = np.stack([_round_dates(r, municipalities, rng) for r in spec.rounds], axis=1)
    left = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    leavers = rng.choice(
        n, size=rng.integers(spec.dropouts[0], spec.dropouts[1] + 1), replace=False
    )
    left[leavers] = _random_days(*spec.dropout_window, len(leavers), rng)
    missed = assessed >= left[:, None]  # NaT compares False: those who stay miss nothing yet
    stayers = np.setdiff1d(np.arange(n), leavers)
    skippers = rng.choice(
        stayers, size=rng.integers(spec.skips[0], spec.skips[1] + 1), replace=False
    )
    missed[skippers, rng.integers(1, len(spec.rounds), size=len(skippers))] = True
    assessed[missed] = np.datetime64("NaT")
    return Calendar(enrolled=enrolled, left=left, assessed=assessed)


def _assessments(
    spec: PilotSpec, roster: pd.DataFrame, calendar: Calendar, rng: np.random.Generator
) -> pd.DataFrame:
    """Score every domain of every round each participant attended (vectorised)."""
    domains = [_DOMAIN_BY_CODE[code] for code in spec.domains]
    n, n_rounds = calendar.assessed.shape

    def param(name: str) -> np.ndarray:
        return np.array([getattr(d, name) for d in domains], dtype=float)[None, :, None]

    direction = np.where(param("higher_is_better") > 0, 1.0, -1.0)
    baseline = rng.normal(param("baseline_mean"), param("baseline_sd"), size=(n, len(domains), 1))
    responsiveness = rng.normal(1.0, 0.6, size=(n, 1, 1))  # some participants decline
    steps = direction * (
        param("gain") * responsiveness
        + rng.normal(0.0, param("noise"), size=(n, len(domains), n_rounds - 1))
    )
    latent = np.concatenate([baseline, baseline + np.cumsum(steps, axis=2)], axis=2)
    scores = np.clip(np.rint(latent), param("scale_min"), param("scale_max"))
    attended = np.broadcast_to(~np.isnat(calendar.assessed)[:, None, :], scores.shape)
    person, domain, round_ = np.nonzero(attended)
    return pd.DataFrame(
        {
            "participant_id": roster["participant_id"].to_numpy()[person],
            "round": (round_ + 1).astype("int64"),
            "assessed_on": calendar.assessed[person, round_].astype(object),
            "domain": np.array(spec.domains)[domain],
            "score": scores[person, domain, round_] + 0.0,  # + 0.0 turns -0.0 into 0.0
        }
    )


# --- support plans ------------------------------------------------------------------------------


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


# --- deliveries -------------------------------------------------------------------------------


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


# --- assembly ---------------------------------------------------------------------------------


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
