"""Texts and display tables the pages share.

Statuses, periods, rounds, p-values, and the tables behind the charts written for people
(names for codes, headers in the language, why a suppressed cell is empty).
"""

from __future__ import annotations

import pandas as pd

from evaldash import charts, privacy
from evaldash.filters import Filters
from evaldash.i18n import (
    STRINGS,
    fmt_month,
    fmt_number,
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


def largest(counts: pd.Series, lang: str) -> int | str:
    """The largest count shown, or "hidden" when none is."""
    shown = counts.dropna()
    return int(shown.max()) if len(shown) else t("privacy.hidden", lang)


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


_WORDS = {"status": "status", "worst_status": "status", "unit": "unit", "rating": "rating"}


def display_table(table: pd.DataFrame, v: View) -> pd.DataFrame:
    """The table behind a chart for people: names instead of codes, headers in the language.

    Codes of services, municipalities, regions, groups and domains become names; statuses,
    units and ratings words; known column headers are translated (see ``i18n.COLUMN_NAMES``).
    """
    shown = _marked(table, v.lang)
    for column in _NAMED:
        if column in shown:
            shown[column] = shown[column].map(lambda c: v.names.get(c, c))
    if "domain" in shown:
        shown["domain"] = shown["domain"].map(lambda d: v.domains.get(d, d))
    for column, prefix in _WORDS.items():
        if column in shown:
            shown[column] = shown[column].map(lambda w, p=prefix: _word(w, p, v.lang))
    return shown.rename(columns=lambda c: t(f"col.{c}", v.lang) if f"col.{c}" in STRINGS else c)


def _marked(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Write why in the empty cells of suppressed rows: "<5", "hidden" (see privacy)."""
    shown = table.copy()
    if privacy.MARKER not in shown:
        return shown
    for index, marker in shown[privacy.MARKER].items():
        if not marker:
            continue
        small, _, columns = str(marker).partition(": ")
        label = marker_label(marker, lang)
        targets = columns.split(", ") if columns else list(shown.columns)
        for column in targets:
            if column in shown and column != privacy.MARKER and pd.isna(shown.at[index, column]):
                if shown[column].dtype.kind in "fiu":  # one type per column for the table
                    shown[column] = shown[column].map(_as_text).astype("object")
                shown.at[index, column] = label
        words = [t(f"col.{c}", lang) if f"col.{c}" in STRINGS else c for c in targets]
        shown.at[index, privacy.MARKER] = f"{small}: {', '.join(words)}" if columns else label
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
