"""Reference facts of the demo: municipalities, service units and prices, gaps, domains.

Places and services must agree with the shipped reference tables (data/municipalities.csv,
data/services.csv); the gaps are the public reports' provider gaps.
"""

from __future__ import annotations

from dataclasses import dataclass


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


def _price_range(service: str) -> tuple[float, float]:
    return _PRICE_BY_SERVICE.get(service, _PRICE_BY_UNIT[SERVICE_UNITS[service]])
