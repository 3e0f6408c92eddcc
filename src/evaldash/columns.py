"""Every column a metric returns, declared once: its dtype, its role and its header.

A column name means one thing wherever it appears (``participants`` is always distinct
people, ``delivery_ratio`` always the measure of :mod:`evaldash.measures`), so each is declared
here once and a metric lists the names it returns (:func:`spec`). From these declarations come
the metrics' dtypes, ``report``'s whole-number columns, the privacy layer's check that every
people count of a released metric is protected, and the Latvian and English headers of the
tables behind the charts (a measure's column takes the measure's name).
"""

from __future__ import annotations

from dataclasses import dataclass

from evaldash import measures

ROLES = ("key", "people", "share", "statistic", "value", "text")
"""``key``: identifies a row (codes, rounds, months); ``people``: a count of people (what
small-number suppression protects); ``share``: a share of a people count (``share_of``);
``statistic``: computed from people's values (medians, intervals, tests); ``value``: other
numbers, dates and flags; ``text``: words and codes that do not identify the row."""


SHOWN = (
    "int",
    "share",
    "eur",
    "km",
    "month",
    "date",
    "decimal1",
    "decimal2",
    "decimal4",
    "p",
    "indicator",
)
"""How a number is written in a table for people, in the language's format: whole number,
percentage, euro with cents, km with one decimal, month, day, 1, 2 or 4 decimals, a
p-value, or in the unit of the row's indicator (Compare's mixed columns)."""


@dataclass(frozen=True)
class Column:
    """One column of a metric's output.

    ``dtype`` is pandas'; ``role`` one of :data:`ROLES`; ``header`` in Latvian and English
    (None: a measure's column takes the measure's name, another is shown as it is named);
    ``share_of`` the people count a share is a share of.
    """

    name: str
    dtype: str
    role: str
    header: tuple[str, str] | None = None
    share_of: str | None = None
    shown: str = ""
    """How a table shows it (:data:`SHOWN`); empty: as it is (words, codes, flags)."""

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(
                f"column {self.name}: role must be one of {list(ROLES)}, not {self.role!r}"
            )
        if self.shown and self.shown not in SHOWN:
            raise ValueError(f"column {self.name}: shown must be one of {list(SHOWN)}")
        if (self.role == "share") != (self.share_of is not None):
            raise ValueError(
                f"column {self.name}: a share names its count (share_of), nothing else does"
            )


COLUMNS: dict[str, Column] = {
    c.name: c
    for c in (
        Column("assessed", "int64", "people", shown="int"),
        Column("assessed_from", "bool", "value"),
        Column(
            "average",
            "float64",
            "statistic",
            ("vidēji mēnesī", "monthly average"),
            shown="decimal1",
        ),
        Column("budget_eur", "float64", "value", shown="eur"),
        Column("category", "str", "key", ("pakalpojumu grupa", "service group")),
        Column(
            "change",
            "float64",
            "value",
            ("izmaiņas (+ = labāk)", "change (+ = better)"),
            shown="decimal1",
        ),
        Column(
            "ci_high",
            "float64",
            "statistic",
            ("95 % intervāla augšējā robeža", "95% interval, high"),
            shown="indicator",
        ),
        Column(
            "ci_low",
            "float64",
            "statistic",
            ("95 % intervāla apakšējā robeža", "95% interval, low"),
            shown="indicator",
        ),
        Column("cost_eur", "float64", "value", ("izmaksas, EUR", "cost, EUR"), shown="eur"),
        Column("declined", "int64", "people", ("pasliktinājās", "declined"), shown="int"),
        Column("delivered_share", "float64", "value", shown="share"),
        Column("delivered_units", "float64", "value", shown="decimal1"),
        Column("deliveries", "int64", "value", ("reizes", "deliveries"), shown="int"),
        Column("delivery_ratio", "float64", "value", shown="share"),
        Column("detectable_change", "float64", "statistic", shown="decimal1"),
        Column("domain", "str", "key", ("joma", "domain")),
        Column(
            "effect_size",
            "float64",
            "statistic",
            ("efekta lielums", "effect size"),
            shown="decimal2",
        ),
        Column("end_date", "datetime64[s]", "value", shown="date"),
        Column("events", "float64", "people", ("skaits", "count"), shown="int"),
        Column("finished_at", "datetime64[s]", "value", ("pabeigts", "finished"), shown="date"),
        Column("first_date", "datetime64[s]", "value", shown="date"),
        Column(
            "first_position",
            "float64",
            "value",
            ("pirmā kārta, 0..1", "first round, 0..1"),
            shown="decimal2",
        ),
        Column("first_round", "int64", "value", ("pirmā kārta", "first round"), shown="int"),
        Column(
            "first_score",
            "float64",
            "value",
            ("pirmais vērtējums", "first score"),
            shown="decimal1",
        ),
        Column(
            "group_max",
            "float64",
            "statistic",
            ("grupas maksimums", "group maximum"),
            shown="indicator",
        ),
        Column(
            "group_median",
            "float64",
            "statistic",
            ("grupas mediāna", "group median"),
            shown="indicator",
        ),
        Column(
            "group_min",
            "float64",
            "statistic",
            ("grupas minimums", "group minimum"),
            shown="indicator",
        ),
        Column("group_n", "int64", "people", ("n grupā", "n in group"), shown="int"),
        Column(
            "group_proportion",
            "float64",
            "statistic",
            ("grupas kopējā daļa", "group's pooled share"),
            shown="share",
        ),
        Column(
            "group_q1",
            "float64",
            "statistic",
            ("grupas 25. procentile", "group 25th percentile"),
            shown="indicator",
        ),
        Column(
            "group_q3",
            "float64",
            "statistic",
            ("grupas 75. procentile", "group 75th percentile"),
            shown="indicator",
        ),
        Column(
            "group_size",
            "int64",
            "value",
            ("pašvaldības grupā", "municipalities in group"),
            shown="int",
        ),
        Column("has_plan", "bool", "value"),
        Column("higher_is_better", "bool", "value", ("augstāks ir labāk", "higher is better")),
        Column("import_id", "int64", "key", ("imports", "import"), shown="int"),
        Column("improved", "int64", "people", ("uzlabojās", "improved"), shown="int"),
        Column(
            "improved_share",
            "float64",
            "share",
            ("uzlabojušos daļa", "share improved"),
            share_of="improved",
            shown="share",
        ),
        Column("indicator", "str", "key", ("rādītājs", "indicator")),
        Column("is_demo", "bool", "value"),
        Column("kind", "str", "text", ("veids", "kind")),
        Column(
            "km_to_provider",
            "float64",
            "value",
            ("km līdz sniedzējam", "km to provider"),
            shown="km",
        ),
        Column("last_date", "datetime64[s]", "value", shown="date"),
        Column("last_round", "Int64", "value", ("pēdējā kārta", "last round"), shown="int"),
        Column("lat", "float64", "value", ("platums", "latitude"), shown="decimal4"),
        Column(
            "latest_position",
            "float64",
            "value",
            ("pēdējā kārta, 0..1", "latest round, 0..1"),
            shown="decimal2",
        ),
        Column("latest_round", "int64", "value", ("pēdējā kārta", "latest round"), shown="int"),
        Column(
            "latest_score",
            "float64",
            "value",
            ("pēdējais vērtējums", "latest score"),
            shown="decimal1",
        ),
        Column("lon", "float64", "value", ("garums", "longitude"), shown="decimal4"),
        Column(
            "mean_from",
            "float64",
            "statistic",
            ("vidējais agrāk", "mean, earlier"),
            shown="decimal1",
        ),
        Column(
            "mean_to", "float64", "statistic", ("vidējais vēlāk", "mean, later"), shown="decimal1"
        ),
        Column(
            "median_change",
            "float64",
            "statistic",
            ("izmaiņu mediāna", "median change"),
            shown="decimal1",
        ),
        Column(
            "median_km_to_provider",
            "float64",
            "value",
            ("km līdz sniedzējam (mediāna)", "km to provider (median)"),
            shown="km",
        ),
        Column("mid", "float64", "statistic", shown="decimal1"),
        Column("missing", "int64", "people", shown="int"),
        Column("month", "datetime64[s]", "key", ("mēnesis", "month"), shown="month"),
        Column("municipalities", "int64", "value", ("pašvaldības", "municipalities"), shown="int"),
        Column("municipality_code", "str", "key", ("pašvaldība", "municipality")),
        Column("n", "int64", "people", ("n", "n"), shown="int"),
        Column(
            "n_missing",
            "int64",
            "people",
            ("bez atkārtota izvērtējuma", "not reassessed"),
            shown="int",
        ),
        Column("n_pairs", "int64", "people", ("pāri", "pairs"), shown="int"),
        Column("name", "str", "text", ("nosaukums", "name")),
        Column("p_value", "float64", "statistic", ("p vērtība", "p-value"), shown="p"),
        Column("participant_code", "str", "key", ("dalībnieka kods", "participant code")),
        Column("participants", "int64", "people", ("dalībnieki", "participants"), shown="int"),
        Column(
            "participants_planned",
            "int64",
            "people",
            ("dalībnieki ar plānu", "participants planned"),
            shown="int",
        ),
        Column("participants_served", "int64", "people", shown="int"),
        Column(
            "participants_share",
            "float64",
            "share",
            ("daļa no dalībniekiem", "share of participants"),
            share_of="participants",
            shown="share",
        ),
        Column("pilot_id", "str", "key"),
        Column(
            "pilot_last_round",
            "Int64",
            "value",
            ("pilotprojekta pēdējā kārta", "pilot's last round"),
            shown="int",
        ),
        Column(
            "planned_participants",
            "int64",
            "people",
            ("dalībnieki ar plānu", "participants planned"),
            shown="int",
        ),
        Column("planned_units", "float64", "value", shown="decimal1"),
        Column("polarity", "str", "text", ("labāk ir", "better is")),
        Column(
            "position",
            "float64",
            "value",
            ("vieta skalā, 0..1", "position, 0..1"),
            shown="decimal2",
        ),
        Column("provider_id", "str", "key", ("sniedzēja kods", "provider id")),
        Column("provider_in_municipality", "bool", "value"),
        Column("providers", "int64", "value", ("sniedzēji", "providers"), shown="int"),
        Column(
            "q1_position",
            "float64",
            "value",
            ("25. procentile, 0..1", "25th percentile, 0..1"),
            shown="decimal2",
        ),
        Column(
            "q3_position",
            "float64",
            "value",
            ("75. procentile, 0..1", "75th percentile, 0..1"),
            shown="decimal2",
        ),
        Column("rank", "Int64", "value", ("vieta", "rank"), shown="int"),
        Column("ranked", "int64", "value", ("vērtētas", "ranked"), shown="int"),
        Column("rating", "str", "text", ("vērtējums", "rating")),
        Column("reassessed", "bool", "value"),
        Column("region", "str", "key", ("reģions", "region")),
        Column("region_code", "str", "key"),
        Column("regions", "int64", "value", shown="int"),
        Column("round", "int64", "key", shown="int"),
        Column("round_from", "int64", "key", ("no kārtas", "from round"), shown="int"),
        Column("round_to", "int64", "key", ("līdz kārtai", "to round"), shown="int"),
        Column(
            "rounds", "int64", "value", ("izvērtēšanas kārtas", "evaluation rounds"), shown="int"
        ),
        Column("row_counts", "object", "text", ("rindas tabulās", "rows per table")),
        Column(
            "scale_max", "float64", "value", ("skalas maksimums", "scale maximum"), shown="decimal1"
        ),
        Column(
            "scale_min", "float64", "value", ("skalas minimums", "scale minimum"), shown="decimal1"
        ),
        Column(
            "score_from",
            "float64",
            "value",
            ("vērtējums agrāk", "score, earlier"),
            shown="decimal1",
        ),
        Column(
            "score_to", "float64", "value", ("vērtējums vēlāk", "score, later"), shown="decimal1"
        ),
        Column("sd_change", "float64", "statistic", shown="decimal1"),
        Column("service_code", "str", "key", ("pakalpojums", "service")),
        Column("services", "int64", "value", ("pakalpojumi", "services"), shown="int"),
        Column("source", "object", "text", ("avots", "source")),
        Column("spend_share", "float64", "value", shown="share"),
        Column("start_date", "datetime64[s]", "value", shown="date"),
        Column("started_at", "datetime64[s]", "value", ("sākts", "started"), shown="date"),
        Column("status", "str", "text", ("statuss", "status")),
        Column("target_group", "object", "text"),
        Column("unchanged", "int64", "people", ("nemainījās", "unchanged"), shown="int"),
        Column("unit", "str", "key", ("mērvienība", "unit")),
        Column("units", "float64", "value", shown="decimal1"),
        Column("user_name", "object", "text", ("lietotājs", "user")),
        Column("value", "float64", "statistic", ("vērtība", "value"), shown="indicator"),
        Column("worst_status", "str", "text", ("sliktākais statuss", "worst status")),
    )
}
"""Every column of every metric, by name."""


def spec(*names: str) -> dict[str, str]:
    """The dtypes of a metric's columns ``names``, in order (``query``'s and ``astype``'s).

    Raises:
        KeyError: for a name not declared in :data:`COLUMNS` (declare it there first).
    """
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        raise KeyError(f"columns {unknown} are not declared in evaldash.columns.COLUMNS")
    return {n: COLUMNS[n].dtype for n in names}


def whole_numbers(names: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Those of ``names`` that hold whole numbers (people, ranks, counts of things)."""
    return tuple(n for n in names if n in COLUMNS and COLUMNS[n].dtype in ("int64", "Int64"))


def people(names: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Those of ``names`` that count people."""
    return tuple(n for n in names if n in COLUMNS and COLUMNS[n].role == "people")


def headers() -> dict[str, tuple[str, str]]:
    """Every column's header (Latvian, English): its own, or its measure's name."""
    named = {n: c.header for n, c in COLUMNS.items() if c.header is not None}
    plan = {n for n, c in COLUMNS.items() if c.header is None} & set(measures.PLAN_MEASURES)
    return {**named, **measures.column_names(tuple(sorted(plan)))}
