"""Words for the municipal comparison: indicator names, formatted values, generated sentences.

No Streamlit and no database: frames of :func:`evaldash.metrics.compare.compare` in, text out,
in Latvian or English.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from evaldash.i18n import fmt_eur, fmt_number, fmt_percent, t
from evaldash.metrics.compare import DOMAIN_PREFIX, indicator_info


def indicator_name(code: str, domains: Mapping[str, str], lang: str) -> str:
    """Return an indicator's display name; ``improved_share.<domain>`` names the domain."""
    if code.startswith(DOMAIN_PREFIX):
        domain = code.removeprefix(DOMAIN_PREFIX)
        return t("indicator.improved_domain", lang, domain=domains.get(domain, domain))
    return t(f"indicator.{code}", lang)


def indicator_names(codes: pd.Series, domains: Mapping[str, str], lang: str) -> dict[str, str]:
    """Return display names for the indicator codes present."""
    return {code: indicator_name(code, domains, lang) for code in codes.unique()}


def format_value(value: float, code: str, lang: str) -> str:
    """Format an indicator value in its unit: people, services, EUR, share or km."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return "–"
    info = indicator_info(code)
    if info.unit == "share":
        return fmt_percent(value, lang)
    if info.unit == "eur":
        return fmt_eur(value, lang)
    if info.unit == "km":
        return f"{fmt_number(value, lang)}\u00a0km"
    return fmt_number(value, lang, 1 if info.kind == "mean" else 0)


def format_interval(low: float, high: float, code: str, lang: str) -> str:
    """Format an interval ``low – high`` in the indicator's unit; ``–`` without one."""
    if pd.isna(low) or pd.isna(high):
        return "–"
    return f"{format_value(low, code, lang)} – {format_value(high, code, lang)}"


def compare_sentences(
    group_rows: pd.DataFrame,
    municipality_code: str,
    *,
    group: str,
    names: Mapping[str, str],
    domains: Mapping[str, str],
    window: tuple[int, int] | None,
    lang: str,
) -> list[str]:
    """Return two to four sentences saying where a municipality stands in its group.

    ``group_rows`` are the comparison group's rows of :func:`~evaldash.metrics.compare.compare`
    (``municipality_code`` among them); ``names`` maps municipality and region codes to names;
    ``window`` is the pair of rounds the progress indicators compare (None: none). The first
    sentence gives the share improved overall with its rank and rating; then the indicators
    rated better, those rated worse (or that none differs), and spending per participant.
    """
    mine = group_rows[group_rows["municipality_code"] == municipality_code]
    if mine.empty:
        raise ValueError(f"{municipality_code!r} is not in the comparison group's rows")
    by_code = mine.set_index("indicator")
    place = names.get(municipality_code, municipality_code)
    region = mine["region"].iloc[0]
    sentences = [_headline(by_code, place, (group, names.get(region, region)), window, lang)]
    rated = mine[mine["indicator"] != "improved_share"]
    listed = False
    for rating in ("better", "worse"):
        codes = rated.loc[rated["rating"] == rating, "indicator"]
        items = [lower_first(indicator_name(c, domains, lang)) for c in codes]
        if items:
            sentences.append(t(f"narrative.{rating}", lang, items=", ".join(items)))
            listed = True
    if not listed:
        people = int(by_code.loc["participants", "n"]) if "participants" in by_code.index else 0
        sentences.append(t("narrative.none_significant", lang, n=people))
    if "spend_per_participant" in by_code.index and "budget_spent_share" in by_code.index:
        spend, budget = by_code.loc["spend_per_participant"], by_code.loc["budget_spent_share"]
        sentences.append(
            t(
                "narrative.spend",
                lang,
                spend=format_value(spend["value"], "spend_per_participant", lang),
                median=format_value(spend["group_median"], "spend_per_participant", lang),
                share=format_value(budget["value"], "budget_spent_share", lang),
            )
        )
    return sentences[:4]


def _headline(
    by_code: pd.DataFrame,
    place: str,
    group: tuple[str, str],
    window: tuple[int, int] | None,
    lang: str,
) -> str:
    """The share improved overall, its rank in ``group`` (kind, region's name) and rating."""
    if window is None or "improved_share" not in by_code.index:
        return t("narrative.no_progress", lang, place=place)
    row = by_code.loc["improved_share"]
    if pd.isna(row["value"]) or row["n"] == 0:
        return t("narrative.no_progress", lang, place=place)
    rank = "–" if pd.isna(row["rank"]) else int(row["rank"])
    return t(
        "narrative.improved",
        lang,
        place=place,
        events=int(row["events"]),
        n=int(row["n"]),
        first=window[0],
        last=window[1],
        share=fmt_percent(row["value"], lang),
        group=fmt_percent(row["group_proportion"], lang),  # the centre its rating tests against
        rank=rank,
        group_text=_group_text(*group, ranked=int(row["ranked"]), lang=lang),
        rating=t(f"narrative.rating.{row['rating']}", lang),
    )


def _group_text(kind: str, region: str, *, ranked: int, lang: str) -> str:
    """The group a rank is among, with its size: "10 pilotprojekta pašvaldībām"."""
    if kind == "pilot":
        return t("narrative.group_pilot", lang, ranked=ranked)
    return t("narrative.group_region", lang, ranked=ranked, region=region)


def lower_first(name: str) -> str:
    """Lower-case a name's first letter for use inside a sentence ("Km" -> "km")."""
    return name[:1].lower() + name[1:]
