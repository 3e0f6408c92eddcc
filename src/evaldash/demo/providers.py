"""The demo's providers: local and outreach ones, their prices, and whom a family can use."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evaldash.demo.reference import (
    MUNICIPALITY_GAPS,
    NO_TRAVEL,
    PLACES,
    REGION_GAPS,
    Place,
    _price_range,
)


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
