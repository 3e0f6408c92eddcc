"""Each page's own controls (rounds, ranking measure, threshold, my municipality), in the URL.

Their keys are the registry's choices (:mod:`evaldash.site`), declared once.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from evaldash import site, views
from evaldash.i18n import fmt_percent, t
from evaldash.metrics import compare
from evaldash.ui.links import FIRST, from_link, linked, to_link
from evaldash.ui.session import Context


def ranking_choice(ranking: pd.DataFrame, lang: str) -> tuple[str, str]:
    """Ask what to rank services by; for units also which unit. Return (measure, unit)."""
    left, right = st.columns([2, 3])
    measure = (
        linked(
            left.segmented_control,
            t("services.measure", lang),
            views.RANKING_COLUMN,
            default=site.SVC_MEASURE.default,
            format_func=lambda m: t(f"measure.{m}", lang),
            key=site.SVC_MEASURE.key,
        )
        or site.SVC_MEASURE.default
    )
    units = views.units_of(ranking)
    unit = units[0] if units else "session"
    if measure == "units" and units:
        unit = (
            linked(
                right.segmented_control,
                t("services.unit", lang),
                units,
                format_func=lambda u: t(f"unit.{u}", lang),
                key=site.SVC_UNIT.key,
            )
            or units[0]
        )
    return measure, unit


def progress_controls(
    rounds: pd.DataFrame, lang: str, populations: tuple[str, ...] = views.POPULATIONS
) -> tuple[int, int, str]:
    """Pick two rounds (default first and last) and who counts (of ``populations``)."""
    numbers = [int(r) for r in rounds["round"]]
    left, middle, right = st.columns([1, 1, 2])
    label = lambda r: views.round_label(rounds, r, lang)  # noqa: E731
    first = linked(
        left.selectbox,
        t("progress.from", lang),
        numbers[:-1],
        format_func=label,
        key=site.PROGRESS_FROM.key,
    )
    later = [r for r in numbers if r > first]
    last = linked(
        middle.selectbox,
        t("progress.to", lang),
        later,
        default=later[-1],
        format_func=label,
        key=site.PROGRESS_TO.key,
    )
    if len(populations) == 1:
        right.caption(t("progress.completers_only", lang))
        return first, last, populations[0]
    population = linked(
        right.radio,
        t("progress.population", lang),
        populations,
        horizontal=True,
        format_func=lambda p: t(f"population.{p}", lang),
        key=site.PROGRESS_POPULATION.key,
    )
    return first, last, population


THRESHOLDS = [round(0.5 + 0.05 * k, 2) for k in range(11)]


def threshold_slider(lang: str) -> float:
    """The under-delivery threshold of the gaps page (50 % .. 100 %, default 80 %), in the URL."""
    label = t("gaps.threshold", lang)

    def parse(values: list[str]) -> tuple[object, list[str]]:
        number = _float(values[0])
        if len(values) == 1 and number is not None and round(number, 2) in THRESHOLDS:
            return round(number, 2), []
        return FIRST, values

    key, default = site.GAP_THRESHOLD.key, site.GAP_THRESHOLD.default
    from_link(key, label, parse)
    if st.session_state.get(key) not in THRESHOLDS:
        st.session_state[key] = default
    value = st.select_slider(  # a share shown as the language writes percentages
        label,
        THRESHOLDS,
        format_func=lambda share: fmt_percent(share, lang),
        help=t("gaps.threshold_help", lang),
        key=key,
    )
    to_link(key, None if value == default else f"{value:.2f}")
    return value


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def compare_controls(ctx: Context, places: list[str]) -> tuple[str, str]:
    """Ask for "my municipality" and the comparison group; return (code, group).

    The sidebar's municipality, when exactly one is chosen, is the first default.
    """
    lang, names = ctx.lang, ctx.names
    if ctx.scope.municipality_code in places:  # a municipality account compares itself
        places = [ctx.scope.municipality_code]  # type: ignore[list-item]
    left, right = st.columns([2, 3])
    mine = linked(
        left.selectbox,
        t("compare.mine", lang),
        places,
        default=views.default_mine(ctx.filters, places, ctx.scope) if ctx.filters else places[0],
        format_func=lambda c: names.get(c, c),
        key=site.COMPARE_MINE.key,
    )
    group = linked(
        right.radio,
        t("compare.group", lang),
        list(compare.GROUPS),
        horizontal=True,
        format_func=lambda g: t(f"group.{g}", lang),
        key=site.COMPARE_GROUP.key,
    )
    return mine, group
