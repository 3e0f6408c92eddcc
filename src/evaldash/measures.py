"""The measures: one definition each, read by the code that computes them and by the texts.

Each :class:`Measure` says its name, what is counted, the formula in words, the unit, which
direction is better and what a period or the filters do to it, in Latvian and English. The
metrics take their direction and unit from here (Compare's indicators), the tables their
column headers, the app's *Definitions* tab and every export's notes their text: a measure is
described once. Below them, the SQL expressions that the summary tables and the metrics
share (a change's direction and status, a share of plan, the age groups), each written once.
Only :mod:`evaldash.stats` (its tolerance) from the rest of evaldash: this is the ground floor.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from evaldash.stats import MID_TOLERANCE

DEFAULT_THRESHOLD = 0.8
"""The share of planned units delivered below which a service counts as under-delivered
(Services' line, Provider gaps' status and slider default)."""

DIRECTIONS = ("higher", "lower", "none")
UNITS = ("share", "units", "people", "services", "eur", "km")

Text = tuple[str, str]
"""Latvian and English."""


@dataclass(frozen=True)
class Measure:
    """One measure: ``code`` is its column or indicator code wherever it is shown."""

    code: str
    name: Text
    counted: Text
    formula: Text
    unit: str
    direction: str
    period: Text

    def __post_init__(self) -> None:
        if self.direction not in DIRECTIONS or self.unit not in UNITS:
            raise ValueError(
                f"measure {self.code}: direction must be one of {list(DIRECTIONS)} and unit "
                f"one of {list(UNITS)}, got {self.direction!r} and {self.unit!r}"
            )


_PLAN_PERIOD: Text = (
    "Plāna kārta ir spēkā no dalībnieka šīs kārtas izvērtēšanas datuma (bez tā: no "
    "pilotprojekta sākuma) līdz nākamās kārtas izvērtēšanai, pēdējā līdz aiziešanai vai "
    "pilotprojekta beigām. Laika posmā katra kārta skaitās proporcionāli tās dienām posmā, "
    "un skaitās tikai šajā posmā saņemtais. Atlases filtri izvēlas dalībniekus un "
    "pakalpojumu grupas.",
    "A plan round is in force from the participant's assessment date of that round (without "
    "one: the pilot's start) to the next round's assessment, the last until they left or the "
    "pilot ended. In a period each round counts in proportion to its days in the period, and "
    "only what was delivered in the period counts. The filters choose the participants and "
    "service groups.",
)
_DELIVERIES_PERIOD: Text = (
    "Skaitās tikai laika posmā saņemtais; filtri izvēlas dalībniekus un pakalpojumu grupas.",
    "Only deliveries within the period count; the filters choose the participants and "
    "service groups.",
)
_PEOPLE_FILTERS: Text = (
    "Laika posms nemaina; filtri izvēlas dalībniekus.",
    "The period does not change it; the filters choose the participants.",
)
_COMPARE_FILTERS: Text = (
    "Laika posms, pakalpojumu grupa, dzimums un vecums izvēlas; reģions un pašvaldība ne "
    "(to dara salīdzināmā grupa). Progresa rādītāji salīdzina divas izvērtēšanas kārtas.",
    "The period, service group, sex and age group apply; region and municipality do not (the "
    "comparison group does). Progress indicators compare two evaluation rounds.",
)

MEASURES: tuple[Measure, ...] = (
    Measure(
        "delivery_ratio",
        ("Saņemtā daļa no plānotā apjoma", "Share of planned units delivered"),
        (
            "dalībnieku plānotie pakalpojumi: katram dalībniekam saņemtais skaitās līdz viņa "
            "plānotajam apjomam; pakalpojums bez plāna neskaitās.",
            "the participants' planned services: each person's deliveries count up to their "
            "own planned units; a service without a plan does not count.",
        ),
        (
            "saņemts plāna ietvaros / plānots, saskaitot dalībniekus (viena pakalpojuma "
            "mērvienībās).",
            "delivered up to plan / planned units, added up over the participants (in one "
            "service's unit).",
        ),
        "share",
        "higher",
        _PLAN_PERIOD,
    ),
    Measure(
        "delivered_units",
        ("Saņemts plāna ietvaros", "Delivered, up to plan"),
        (
            "katra dalībnieka plānotā pakalpojuma saņemtās vienības, katrā plāna kārtā līdz "
            "tās plānotajam apjomam.",
            "units delivered of each participant's planned service, in each plan round up to "
            "that round's planned units.",
        ),
        (
            "summa pa dalībniekiem un kārtām no min(saņemts, plānots).",
            "sum over participants and rounds of min(delivered, planned).",
        ),
        "units",
        "higher",
        _PLAN_PERIOD,
    ),
    Measure(
        "planned_units",
        ("Plānots", "Planned units"),
        (
            "dalībnieku atbalsta plānos plānotās vienības.",
            "units planned in the participants' support plans.",
        ),
        (
            "summa pa dalībniekiem un plāna kārtām; laika posmā katra kārta × tās dienas posmā "
            "/ tās dienas.",
            "sum over participants and plan rounds; in a period each round × its days in the "
            "period / its days.",
        ),
        "units",
        "none",
        _PLAN_PERIOD,
    ),
    Measure(
        "units",
        ("Saņemtais apjoms (viss)", "Units delivered (all)"),
        (
            "visas saņemtās pakalpojuma vienības, arī cilvēkiem bez šī pakalpojuma plānā; "
            "apjoms, nevis daļa no plāna.",
            "all units of the service delivered, also to people without it in a plan; a "
            "volume, never a share of the plan.",
        ),
        ("saņemto vienību summa.", "sum of the units delivered."),
        "units",
        "none",
        _DELIVERIES_PERIOD,
    ),
    Measure(
        "participants",
        ("Dalībnieki", "Participants"),
        (
            "atlasītie dalībnieki (salīdzinājumā: kas dzīvo pašvaldībā; pakalpojumam: kas to "
            "saņēma).",
            "selected participants (in Compare: living in the municipality; for a service: "
            "those who received it).",
        ),
        ("dažādu personu skaits.", "count of distinct people."),
        "people",
        "none",
        _DELIVERIES_PERIOD,
    ),
    Measure(
        "cost_eur",
        ("Izmaksas, EUR", "Cost, EUR"),
        ("saņemto pakalpojumu izmaksas.", "cost of the services delivered."),
        ("izmaksu summa.", "sum of the costs."),
        "eur",
        "none",
        _DELIVERIES_PERIOD,
    ),
    Measure(
        "services_per_participant",
        ("Dažādi pakalpojumi vienam dalībniekam", "Different services per participant"),
        (
            "vidējais dažādo saņemto pakalpojumu skaits vienam dalībniekam.",
            "mean number of different services a participant received.",
        ),
        ("pakalpojumi / dalībnieki.", "services / participants."),
        "services",
        "none",
        _COMPARE_FILTERS,
    ),
    Measure(
        "spend_per_participant",
        ("Izmaksas vienam dalībniekam", "Spending per participant"),
        (
            "saņemto pakalpojumu vidējās izmaksas vienam dalībniekam, EUR.",
            "mean cost of the services a participant received, EUR.",
        ),
        ("izmaksas / dalībnieki.", "cost / participants."),
        "eur",
        "none",
        _COMPARE_FILTERS,
    ),
    Measure(
        "budget_spent_share",
        ("Izlietotā budžeta daļa", "Share of budget spent"),
        (
            "saņemto pakalpojumu izmaksas pret dalībnieku individuālo budžetu summu; "
            "neizlietots budžets ir nesaņemts atbalsts.",
            "cost of the services received against the sum of the participants' individual "
            "budgets; budget left unspent is support not received.",
        ),
        ("izmaksas / budžetu summa.", "cost / sum of budgets."),
        "share",
        "higher",
        _COMPARE_FILTERS,
    ),
    Measure(
        "delivered_share",
        (
            "Saņemtā daļa no plāna, dalībnieku vidējā",
            "Share of plan delivered, mean per participant",
        ),
        (
            "katra dalībnieka saņemtā daļa no plānotā apjoma (katrs pakalpojums līdz 100 %, "
            "plāna kārtas laikā), vidēji; dažādu pakalpojumu mērvienības netiek saskaitītas.",
            "each participant's share of planned units delivered (each service up to 100 %, "
            "plan rounds in time), averaged; units of different services are never added.",
        ),
        (
            "dalībnieku vidējais no viņu plānoto pakalpojumu vidējās daļas (saņemts plāna "
            "ietvaros / plānots).",
            "mean over participants of the mean over their planned services of delivered up "
            "to plan / planned.",
        ),
        "share",
        "higher",
        _COMPARE_FILTERS,
    ),
    Measure(
        "improved_share",
        ("Uzlabojās (kopumā)", "Improved (overall)"),
        (
            "atkārtoti izvērtētie dalībnieki, kas uzlabojās (pēc minimālās nozīmīgās "
            "atšķirības) vairākās jomās, nekā pasliktinājās; pa jomām: uzlabojušies no pāriem.",
            "reassessed participants who improved (by the minimal important difference) in "
            "more domains than they declined in; per domain: improved of the pairs.",
        ),
        ("uzlabojušies / atkārtoti izvērtētie.", "improved / reassessed."),
        "share",
        "higher",
        _COMPARE_FILTERS,
    ),
    Measure(
        "missing_reassessment_share",
        ("Bez atkārtota izvērtējuma", "Missing reassessment"),
        (
            "agrākajā kārtā izvērtētie dalībnieki bez neviena vērtējuma vēlākajā kārtā.",
            "participants assessed in the earlier round without any score in the later one.",
        ),
        ("bez vērtējuma / izvērtētie agrāk.", "without a score / assessed earlier."),
        "share",
        "lower",
        _COMPARE_FILTERS,
    ),
    Measure(
        "no_provider_services",
        (
            "Plānoti pakalpojumi bez sniedzēja reģionā",
            "Planned services without a provider in the region",
        ),
        (
            "dalībnieku plānos esoši pakalpojumi, kuriem reģionā nav neviena sniedzēja; fakts no "
            "sniedzēju reģistra, nevis izlase: bez intervāla un bez vērtējuma.",
            "services in the participants' plans with no provider in the planning region; a fact "
            "from the provider register, not a sample: no interval and no rating.",
        ),
        ("pakalpojumu skaits.", "count of services."),
        "services",
        "lower",
        _COMPARE_FILTERS,
    ),
    Measure(
        "median_km_to_provider",
        ("Km līdz sniedzējam (mediāna)", "Km to provider (median)"),
        (
            "plānoto pakalpojumu attāluma līdz tuvākajai pašvaldībai ar sniedzēju mediāna; "
            "reģistra fakts, nevis izlase: bez intervāla un bez vērtējuma.",
            "median km from the municipality to the nearest one with a provider, over the "
            "planned services; a register fact, not a sample: no interval and no rating.",
        ),
        (
            "mediāna no km starp pašvaldību centriem.",
            "median of the km between municipality centres.",
        ),
        "km",
        "lower",
        _COMPARE_FILTERS,
    ),
)
"""Every measure, in the order the Definitions list them."""

_BY_CODE = {m.code: m for m in MEASURES}

PLAN_MEASURES = ("delivery_ratio", "delivered_units", "planned_units", "units")
"""The columns of what was planned and delivered, in Services, Provider gaps and ``report``."""

DIRECTION_NAMES: dict[str, Text] = {
    "higher": ("augstāks ir labāk", "higher is better"),
    "lower": ("zemāks ir labāk", "lower is better"),
    "none": ("bez vērtējuma", "no judgement"),
}
UNIT_NAMES: dict[str, Text] = {
    "share": ("daļa (%)", "share (%)"),
    "units": ("pakalpojuma mērvienības", "the service's units"),
    "people": ("personas", "people"),
    "services": ("pakalpojumi", "services"),
    "eur": ("EUR", "EUR"),
    "km": ("km", "km"),
}
HEADERS: dict[str, Text] = {
    "name": ("Rādītājs", "Measure"),
    "code": ("Kods", "Code"),
    "counted": ("Ko skaita", "What is counted"),
    "formula": ("Formula", "Formula"),
    "unit": ("Mērvienība", "Unit"),
    "direction": ("Virziens", "Direction"),
    "period": ("Laika posms un filtri", "Period and filters"),
}
"""Column headers of :func:`definitions`."""


def measure(code: str) -> Measure:
    """Return the measure of ``code``.

    Raises:
        ValueError: for an unknown code, listing the known ones.
    """
    try:
        return _BY_CODE[code]
    except KeyError:
        raise ValueError(f"unknown measure {code!r}; expected one of {list(_BY_CODE)}") from None


def _pick(text: Text, lang: str) -> str:
    return text[0] if lang == "lv" else text[1]


def definitions(lang: str, codes: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Return every measure's definition in ``lang`` (``lv`` or ``en``), one row each.

    Columns (headers in ``lang``, :data:`HEADERS`): name, code, what is counted, formula in
    words, unit, direction, what a period and the filters do to it. With ``codes``, only
    those measures, in that order.
    """
    rows = [
        {
            "name": _pick(m.name, lang),
            "code": m.code,
            "counted": _pick(m.counted, lang),
            "formula": _pick(m.formula, lang),
            "unit": _pick(UNIT_NAMES[m.unit], lang),
            "direction": _pick(DIRECTION_NAMES[m.direction], lang),
            "period": _pick(m.period, lang),
        }
        for m in (MEASURES if codes is None else [measure(c) for c in codes])
    ]
    frame = pd.DataFrame(rows, columns=list(HEADERS))
    return frame.rename(columns={k: _pick(v, lang) for k, v in HEADERS.items()})


def strings() -> dict[str, dict[str, str]]:
    """The measures' texts as :mod:`evaldash.i18n` strings.

    ``indicator.<code>`` is the name, ``define.<code>`` what is counted.
    """
    out: dict[str, dict[str, str]] = {}
    for m in MEASURES:
        out[f"indicator.{m.code}"] = {"lv": m.name[0], "en": m.name[1]}
        out[f"define.{m.code}"] = {"lv": m.counted[0], "en": m.counted[1]}
    return out


def column_names(codes: tuple[str, ...]) -> dict[str, Text]:
    """The names of the measures ``codes`` as column headers (lower case, as in the tables)."""
    return {c: (_lower(measure(c).name[0]), _lower(measure(c).name[1])) for c in codes}


def _lower(name: str) -> str:
    return name[:1].lower() + name[1:]


# --- SQL expressions shared by the summary tables and the metrics ------------------------------

AGE_GROUPS: tuple[tuple[str, int, int], ...] = (
    ("0-6", 0, 6),
    ("7-12", 7, 12),
    ("13-17", 13, 17),
    ("18-29", 18, 29),
    ("30-44", 30, 44),
    ("45-64", 45, 64),
    ("65+", 65, 200),
)
"""Age groups by age in completed years at enrolment: (code, lowest age, highest age)."""


def age_at(enrolled_on: sa.ColumnElement, birth_year: sa.ColumnElement) -> sa.ColumnElement:
    """SQL: the age at enrolment, the enrolment year minus the birth year (NULL without one)."""
    return sa.extract("year", enrolled_on) - birth_year


def oriented_change(
    score_from: sa.ColumnElement, score_to: sa.ColumnElement, higher_is_better: sa.ColumnElement
) -> sa.ColumnElement:
    """SQL: the change from one score to the next, positive = better (NULL without the next)."""
    return sa.case(
        (higher_is_better, score_to - score_from),
        else_=score_from - score_to,
    )


def change_status(change: sa.ColumnElement, mid: sa.ColumnElement) -> sa.ColumnElement:
    """SQL twin of :func:`evaldash.stats.classify`: improved, unchanged, declined or missing."""
    return sa.case(
        (change.is_(None), "missing"),
        (change >= mid - MID_TOLERANCE, "improved"),
        (change <= -mid + MID_TOLERANCE, "declined"),
        else_="unchanged",
    )


def age_group(enrolled_on: sa.ColumnElement, birth_year: sa.ColumnElement) -> sa.ColumnElement:
    """SQL: the age group code (:data:`AGE_GROUPS`) at enrolment, or NULL."""
    age = age_at(enrolled_on, birth_year)
    return sa.case(*((age.between(low, high), code) for code, low, high in AGE_GROUPS))


def share_of_plan(delivered: sa.ColumnElement, planned: sa.ColumnElement) -> sa.ColumnElement:
    """``delivered`` / ``planned`` units up to 1; NULL when nothing (or 0) is planned.

    Both floats: a NULLIF of unknown type would be cast to NUMERIC, whose division takes
    PostgreSQL 0.1 s more for a national pilot's 225,126 services. (``least`` alone ignores
    a NULL: a service planned with 0 units would count as all delivered.)
    """
    ratio = delivered / sa.cast(planned, sa.Float)
    return sa.case((planned > 0, sa.func.least(ratio, 1.0)))
