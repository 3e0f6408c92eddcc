"""Texts and display tables the pages share.

Statuses, periods, rounds, p-values, and the tables behind the charts written for people
(names for codes, numbers and headers in the language, why a suppressed cell is empty).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from evaldash import charts, columns, narrative, privacy
from evaldash.filters import Filters
from evaldash.i18n import (
    STRINGS,
    fmt_date,
    fmt_eur,
    fmt_month,
    fmt_number,
    fmt_percent,
    fmt_period,
    t,
)
from evaldash.metrics import gaps
from evaldash.views.base import View


def statuses(lang: str) -> dict[str, str]:
    """The gap statuses in words, by code."""
    return {s: t(f"status.{s}", lang) for s in gaps.STATUS_ORDER}


def outcome_labels(lang: str, missing: bool = False) -> dict[str, str]:
    """The outcomes (improved, unchanged, declined; ``missing`` too) in words, by code."""
    outcomes = [*charts.OUTCOME_COLOURS, *(["missing"] if missing else [])]
    return {o: t(f"outcome.{o}", lang) for o in outcomes}


def direction(higher_is_better: bool, lang: str) -> str:
    """Which end of a domain's scale is better: "higher is better" or "lower is better"."""
    return t("direction.higher" if higher_is_better else "direction.lower", lang)


def score_axis(domain: pd.Series, lang: str) -> str:
    """A raw score axis's title: the scale and its better end, "Score (1 to 19; ...)".

    ``domain`` is a :func:`~evaldash.metrics.progress.domain_summary` row.
    """
    return t(
        "progress.score_axis",
        lang,
        low=scale_number(domain["scale_min"], lang),
        high=scale_number(domain["scale_max"], lang),
        direction=direction(bool(domain["higher_is_better"]), lang),
    )


def slope_labels(domain: pd.Series, lang: str) -> dict[str, str]:
    """The outcomes of one domain's slopes in words, with the way its scores moved.

    On a lower-is-better scale an improvement is a score that went down: the legend says so
    (``domain`` is a :func:`~evaldash.metrics.progress.domain_summary` row).
    """
    way = "higher" if bool(domain["higher_is_better"]) else "lower"
    return {
        "improved": t(f"slope.improved.{way}", lang),
        "unchanged": t("slope.unchanged", lang, mid=scale_number(domain["mid"], lang)),
        "declined": t(f"slope.declined.{way}", lang),
        "missing": t("outcome.missing", lang),
    }


def scale_number(value: float, lang: str) -> str:
    """A point of a scale as the language writes it, with decimals only where it has them."""
    number = float(value)
    decimals = 0 if number.is_integer() else len(f"{number:.2f}".rstrip("0").split(".")[1])
    return fmt_number(number, lang, decimals)


def largest(counts: pd.Series, lang: str) -> int | str:
    """The largest count shown, or "hidden" when none is."""
    shown = counts.dropna()
    return int(shown.max()) if len(shown) else t("privacy.hidden", lang)


def total(counts: pd.Series, lang: str) -> int | str:
    """The people a chart draws, one count per mark: their sum, or "hidden".

    "hidden" when any of them is withheld (a sum without it would pass for the chart's n) or
    there is none; counts withheld from the audience are not in ``counts``' rows to begin
    with, so the sum gives none of them away.
    """
    if counts.empty or counts.isna().any():
        return t("privacy.hidden", lang)
    return int(counts.sum())


def month_period(monthly: pd.DataFrame, lang: str, column: str = "month") -> str:
    """Return the months a monthly frame covers, e.g. "09.2018 – 10.2019"."""
    if monthly.empty:
        return "–"
    return fmt_period(monthly[column].min(), monthly[column].max(), lang, months=True)


def round_label(rounds: pd.DataFrame, number: int, lang: str) -> str:
    """Return "Round 2 (02.2019)" for a round of the rounds frame."""
    row = rounds.set_index("round").loc[number]
    return t("progress.round", lang, round=number, month=fmt_month(row["first_date"], lang))


def rounds_period(rounds: pd.DataFrame, first: int, last: int, lang: str) -> str:
    """Return the months from the earlier round's start to the later round's end."""
    by_round = rounds.set_index("round")
    return fmt_period(
        by_round.loc[first, "first_date"], by_round.loc[last, "last_date"], lang, months=True
    )


def p_text(p_value: float, lang: str) -> str:
    """A p-value as "= 0,031", "< 0.001" or "not tested"."""
    if pd.isna(p_value):
        return t("progress.not_tested", lang)
    return "< 0.001" if p_value < 0.001 else f"= {fmt_number(p_value, lang, 3)}"


def filter_period(f: Filters, lang: str) -> str:
    """Return the filter's period in words, or "all dates"."""
    if f.period_from is None and f.period_to is None:
        return t("filters.all_dates", lang)
    return fmt_period(f.period_from, f.period_to, lang)


_NAMED = ("service_code", "municipality_code", "region", "category")


_WORDS = {
    "status": "status",
    "worst_status": "status",
    "unit": "unit",
    "rating": "rating",
    "polarity": "polarity",
}


def display_table(table: pd.DataFrame, v: View) -> pd.DataFrame:
    """The table behind a chart for people: names instead of codes, headers in the language.

    Codes of services, municipalities, regions, groups and domains become names; statuses,
    units and ratings words; numbers are written as the language writes them, each as its
    column is declared (:attr:`evaldash.columns.Column.shown`: percentages, euro with cents,
    km, months, days); known column headers are translated (``i18n.COLUMN_NAMES``). The CSV
    download keeps the raw values.
    """
    shown = _marked(_written(table, v.lang), v.lang)
    for column in _NAMED:
        if column in shown:
            shown[column] = shown[column].map(lambda c: v.names.get(c, c))
    if "domain" in shown:
        shown["domain"] = shown["domain"].map(lambda d: v.domains.get(d, d))
    if "indicator" in shown:
        named = narrative.indicator_names(shown["indicator"].dropna(), v.domains, v.lang)
        shown["indicator"] = shown["indicator"].map(lambda c: named.get(c, c))
    for column, prefix in _WORDS.items():
        if column in shown:
            shown[column] = shown[column].map(lambda w, p=prefix: _word(w, p, v.lang))
    return shown.rename(columns=lambda c: t(f"col.{c}", v.lang) if f"col.{c}" in STRINGS else c)


def _written(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Numbers and dates as text in ``lang``'s format; missing values stay missing."""
    out = table.copy()
    codes = table.get("indicator", None)
    for column in table.columns:
        declared = columns.COLUMNS.get(column)
        if declared is None or not declared.shown:
            continue
        values = table[column]
        if declared.shown == "indicator" and codes is not None:
            texts = [_in_unit(x, code, lang) for x, code in zip(values, codes, strict=True)]
        else:
            write = _WRITERS[declared.shown]
            texts = [_write(x, write, lang) for x in values]
        out[column] = pd.Series(texts, index=table.index, dtype="object")
    return out


def _write(value: object, write: Callable[[object, str], str], lang: str) -> str | None:
    """A number written by ``write``; missing stays missing, a text ("not tested") as it is."""
    if _missing(value):
        return None
    return value if isinstance(value, str) else write(value, lang)


def _missing(value: object) -> bool:
    return value is None or bool(pd.isna(value))


def _in_unit(value: object, code: object, lang: str) -> str | None:
    return None if _missing(value) else narrative.format_value(value, str(code), lang)


def _p_value(value: float, lang: str) -> str:
    return f"< {fmt_number(0.001, lang, 3)}" if value < 0.001 else fmt_number(value, lang, 3)


_WRITERS: dict[str, Callable[[object, str], str]] = {
    "int": lambda x, lang: fmt_number(float(x), lang),
    "share": lambda x, lang: fmt_percent(float(x), lang),
    "eur": lambda x, lang: fmt_eur(float(x), lang, 2),
    "km": lambda x, lang: fmt_number(float(x), lang, 1),
    "month": fmt_month,
    "date": fmt_date,
    "decimal1": lambda x, lang: fmt_number(float(x), lang, 1),
    "decimal2": lambda x, lang: fmt_number(float(x), lang, 2),
    "decimal4": lambda x, lang: fmt_number(float(x), lang, 4),
    "p": lambda x, lang: _p_value(float(x), lang),
    "indicator": lambda x, lang: fmt_number(float(x), lang, 2),
}
"""How each kind of column (:data:`evaldash.columns.SHOWN`) is written."""


def _marked(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Write why in the empty cells of suppressed rows: "<5", "hidden" (see privacy)."""
    shown = table.copy()
    if privacy.MARKER not in shown:
        return shown
    for index, marker in shown[privacy.MARKER].items():
        if not marker:
            continue
        named = str(marker).partition(": ")[2]  # the columns hidden, or all of them
        label = marker_label(marker, lang)
        targets = named.split(", ") if named else list(shown.columns)
        for column in targets:
            if column in shown and column != privacy.MARKER and pd.isna(shown.at[index, column]):
                if shown[column].dtype.kind in "fiu":  # one type per column for the table
                    shown[column] = shown[column].map(_as_text).astype("object")
                shown.at[index, column] = label
        words = [t(f"col.{c}", lang) if f"col.{c}" in STRINGS else c for c in targets]
        shown.at[index, privacy.MARKER] = f"{label}: {', '.join(words)}" if named else label
    return shown


def marker_label(marker: object, lang: str) -> str:
    """What an empty cell of a suppressed row says: "<5", or "hidden" in ``lang``."""
    small = str(marker).partition(": ")[0]
    return t("privacy.hidden", lang) if small == privacy.HIDDEN else small


def _as_text(value: object) -> str:
    """A number as table text (whole numbers without ".0"; empty for missing)."""
    if pd.isna(value):
        return ""
    number = float(value)  # type: ignore[arg-type]
    return str(int(number)) if number.is_integer() else f"{number:.4g}"


def _word(value: object, prefix: str, lang: str) -> object:
    """A status, outcome, unit or rating code in words; other values as they are."""
    for key in (f"{prefix}.{value}", f"outcome.{value}"):
        if isinstance(value, str) and key in STRINGS:
            return t(key, lang)
    return value
