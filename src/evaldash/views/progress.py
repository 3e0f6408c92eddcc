"""The Progress page's panels.

Change between two evaluation rounds by domain, outcomes, participants' slopes and profiles,
and municipalities.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from evaldash import charts, privacy
from evaldash.auth import Scope
from evaldash.filters import Filters
from evaldash.i18n import (
    fmt_number,
    fmt_percent,
    t,
)
from evaldash.metrics import progress
from evaldash.views.base import Panel, View, localized
from evaldash.views.texts import (
    largest,
    outcome_labels,
    p_text,
    round_label,
    rounds_period,
    score_axis,
    slope_labels,
)

POPULATIONS = ("completers", "enrolled")


@dataclass(frozen=True)
class Window:
    """The two rounds a progress page compares, and who counts."""

    rounds: pd.DataFrame = field(repr=False, compare=False)
    round_from: int
    round_to: int
    population: str = "completers"

    @property
    def pair(self) -> tuple[int, int]:
        """(round_from, round_to)."""
        return (self.round_from, self.round_to)


def progress_window(
    v: View,
    round_from: int | None = None,
    round_to: int | None = None,
    population: str = "completers",
) -> Window | None:
    """The rounds to compare (default first and last), or None for < 2 rounds.

    Rounds the selection does not have, or in the wrong order, give the defaults; a
    population the audience may not see gives completers.
    """
    rounds = v.fetch(progress.rounds, v.f)
    default = progress.default_rounds(rounds)
    if default is None:
        return None
    present = [int(r) for r in rounds["round"]]
    first = int(round_from or default[0])
    last = int(round_to or default[1])
    if first not in present[:-1]:
        first = default[0]
    if last not in present or last <= first:
        last = present[-1]
    if population not in populations(v.scope, v.f):
        population = "completers"
    return Window(rounds, first, last, population)


def populations(scope: Scope, f: Filters) -> tuple[str, ...]:
    """Who may be counted on the Progress page.

    Everyone enrolled only where nothing is suppressed (the ministry, a municipality for
    itself; see :func:`privacy.read`).
    """
    return POPULATIONS if not privacy.restricted(scope, f) else ("completers",)


def progress_summary(v: View, w: Window) -> pd.DataFrame:
    """The per-domain summary behind the Progress page's first charts."""
    return v.fetch(progress.domain_summary, v.f, w.round_from, w.round_to, w.population)


@localized
def progress_change(v: View, w: Window) -> Panel | None:
    """Median change per domain with its 95 % order-statistic interval."""
    summary = progress_summary(v, w)
    if summary.empty:
        return None
    lang = v.lang
    period = rounds_period(w.rounds, w.round_from, w.round_to, lang)
    n = largest(summary["n_pairs"], lang)
    title = t("progress.change_title", lang, period=period, n=n)
    fig = charts.change_interval(
        progress_hover(summary, v.domains, lang),
        names=v.domains,
        hover="hover",
        title=title,
        x_title=t("progress.change_axis", lang),
    )
    best = summary.sort_values("median_change", ascending=False).iloc[0]
    tested = summary["p_value"].notna()
    significant = int((summary["p_value"] < 0.05).sum())
    takeaway = t(
        "takeaway.change",
        lang,
        domain=v.domains.get(best["domain"], best["domain"]),
        median_text=t("count.points", lang, n=fmt_number(best["median_change"], lang, 1)),
        significant=significant,
        tested=int(tested.sum()),
    )
    notes = (*small_sample_notes(summary, v.domains, lang), t("progress.test_note", lang))
    return Panel(
        "progress_change", title, fig, progress_table(summary, v.domains, lang), takeaway, notes
    )


@localized
def progress_outcomes(v: View, w: Window) -> Panel | None:
    """Improved / unchanged / declined per domain, by the minimal important difference."""
    summary = progress_summary(v, w)
    if summary.empty:
        return None
    lang = v.lang
    period = rounds_period(w.rounds, w.round_from, w.round_to, lang)
    n = largest(summary["n_pairs"], lang)
    title = t("progress.outcome_title", lang, period=period, n=n)
    fig = charts.outcome_bars(summary, names=v.domains, labels=outcome_labels(lang), title=title)
    table = summary[["domain", "improved", "unchanged", "declined"]]
    return Panel("progress_outcomes", title, fig, table, outcome_takeaway(v, summary))


SLOPE_MOST = 300
"""Participants drawn in a slopegraph; more and it shows an even sample of them (by code)."""


def progress_changes(v: View, w: Window) -> pd.DataFrame:
    """Each participant's scores in the two rounds (pseudonymous codes), at most SLOPE_MOST."""
    return v.fetch(progress.participant_changes, v.f, w.round_from, w.round_to, SLOPE_MOST)


@localized
def progress_slopes(v: View, w: Window, domain: str | None = None) -> Panel | None:
    """A slopegraph of the participants in one domain (default: the first)."""
    changes = progress_changes(v, w)
    summary = progress_summary(v, w)
    if changes.empty or summary.empty:
        return None
    domain = domain if domain in set(summary["domain"]) else str(summary["domain"].iloc[0])
    lang = v.lang
    rows = changes[changes["domain"] == domain]
    labels = (round_label(w.rounds, w.round_from, lang), round_label(w.rounds, w.round_to, lang))
    name = v.domains.get(domain, domain)
    everyone = v.fetch(progress.status_counts, v.f, w.round_from, w.round_to)
    mine = everyone[everyone["domain"] == domain]
    statuses = ("improved", "unchanged", "declined", "missing")
    counts = {s: int(mine[s].sum()) for s in statuses}
    scored = sum(counts.values())
    title = t(
        "progress.slope_title",
        lang,
        domain=name,
        from_label=labels[0],
        to_label=labels[1],
        n=scored - counts["missing"],
    )
    scale = summary.set_index("domain").loc[domain]
    fig = charts.slopegraph(
        rows,
        x_labels=labels,
        y_title=score_axis(scale, lang),
        status_labels=slope_labels(scale, lang),
        title=title,
        better="up" if bool(scale["higher_is_better"]) else "down",
        better_text=t("direction.better", lang),
    )
    takeaway = t("takeaway.slopes", lang, domain=name, **counts)
    notes: tuple[str, ...] = ()
    if len(rows) < scored:
        shown, of = fmt_number(len(rows), lang), fmt_number(scored, lang)
        notes = (t("progress.slope_sample", lang, shown=shown, n=of),)
    return Panel("progress_slopes", title, fig, rows, takeaway, notes)


@localized
def progress_radar(v: View, w: Window, code: str | None = None) -> Panel | None:
    """One participant's domains, first against latest round (default: the first code)."""
    changes = progress_changes(v, w)
    if changes.empty:
        return None
    codes = sorted(changes["participant_code"].unique())
    code = code if code in codes else codes[0]
    profile = v.fetch(progress.participant_profile, v.f, code)
    lang = v.lang
    rounds = (profile["first_round"].min(), profile["latest_round"].max())
    title = t("progress.radar_title", lang, code=code, first=rounds[0], latest=rounds[1])
    fig = charts.radar(
        profile,
        names=v.domains,
        labels=(t("progress.first", lang), t("progress.latest", lang)),
        title=title,
        ticks=radar_ticks(lang),
    )
    better = int((profile["latest_position"] > profile["first_position"]).sum())
    takeaway = t("takeaway.radar", lang, code=code, better=better, domains=len(profile))
    return Panel("progress_radar", title, fig, profile, takeaway)


@localized
def progress_municipalities(v: View, w: Window) -> Panel | None:
    """The share improved by municipality and domain."""
    places = v.fetch(progress.municipality_summary, v.f, w.round_from, w.round_to)
    summary = progress_summary(v, w)
    if places.empty or summary.empty:
        return None
    lang = v.lang
    period = rounds_period(w.rounds, w.round_from, w.round_to, lang)
    n = largest(summary["n_pairs"], lang)
    title = t("progress.municipality_title", lang, period=period, n=n)
    fig = charts.heatmap(
        places,
        x="domain",
        y="municipality_code",
        z="improved_share",
        names={**v.names, **v.domains},
        z_title=t("progress.share_improved", lang),
        z_format=".0%",
        title=title,
        hidden_text=t("privacy.hidden", lang),
    )
    known = places.dropna(subset=["improved_share", "improved", "n_pairs"])
    takeaway = t("privacy.note", lang, k=v.scope.k)
    if not known.empty:
        top = known.sort_values(["improved_share", "n_pairs"], ascending=False).iloc[0]
        takeaway = t(
            "takeaway.municipalities",
            lang,
            place=v.names.get(top["municipality_code"], top["municipality_code"]),
            domain=v.domains.get(top["domain"], top["domain"]),
            improved=int(top["improved"]),
            n=int(top["n_pairs"]),
        )
    return Panel("progress_municipalities", title, fig, places, takeaway)


def panels(
    v: View,
    *,
    round_from: int | None,
    round_to: int | None,
    population: str,
    domain: str | None,
    participant: str | None,
) -> list[Panel | None]:
    """The page's charts between two rounds (default first and last), for ``population``."""
    w = progress_window(v, round_from, round_to, population)
    if w is None:
        return []
    return [
        progress_change(v, w),
        progress_outcomes(v, w),
        progress_slopes(v, w, domain),
        progress_radar(v, w, participant),
        progress_municipalities(v, w),
    ]


def radar_ticks(lang: str) -> dict[float, str]:
    """The radar's axis: its oriented scale in percent, the best end named."""
    best = t("progress.radar_best", lang, percent=fmt_percent(1.0, lang))
    return {0.0: fmt_percent(0.0, lang), 0.5: fmt_percent(0.5, lang), 1.0: best}


def outcome_takeaway(v: View, summary: pd.DataFrame) -> str:
    """The domain where the largest share improved, in one sentence."""
    # improved of n_pairs, both shown: a sum of the outcomes shown would leave hidden ones out
    outcomes = summary[["improved", "unchanged", "declined"]]
    counted = summary["n_pairs"] if "n_pairs" in summary else outcomes.sum(axis=1, skipna=False)
    known = summary.assign(n_pairs=counted).dropna(subset=["improved", "n_pairs"])
    known = known[known["n_pairs"] > 0]
    if known.empty:
        return t("privacy.note", v.lang, k=v.scope.k)
    share = known["improved"] / known["n_pairs"]
    best = known.loc[share.idxmax()]
    return t(
        "takeaway.outcomes",
        v.lang,
        domain=v.domains.get(best["domain"], best["domain"]),
        improved=int(best["improved"]),
        n=int(best["n_pairs"]),
    )


def progress_hover(summary: pd.DataFrame, domains: Mapping[str, str], lang: str) -> pd.DataFrame:
    """Return the domain summary with a hover text for the interval chart."""
    hover = [
        t(
            "progress.hover",
            lang,
            domain=domains.get(r.domain, r.domain),
            median=fmt_number(r.median_change, lang, 1),
            low=fmt_number(r.ci_low, lang, 1),
            high=fmt_number(r.ci_high, lang, 1),
            n=r.n_pairs,
            p=p_text(r.p_value, lang),
            effect=fmt_number(r.effect_size, lang, 2),
        )
        for r in summary.itertuples(index=False)
    ]
    return summary.assign(hover=hover)


def progress_table(summary: pd.DataFrame, domains: Mapping[str, str], lang: str) -> pd.DataFrame:
    """Return the summary for "show data": domain names, p-values with "not tested"."""
    table = summary[list(progress.SUMMARY_PUBLISHED)].copy()
    table["domain"] = table["domain"].map(lambda d: domains.get(d, d))
    table["p_value"] = [p_text(p, lang) if pd.isna(p) else p for p in table["p_value"]]
    return table


def small_sample_notes(summary: pd.DataFrame, domains: Mapping[str, str], lang: str) -> list[str]:
    """Return, per domain, what change its number of pairs could detect."""
    return [
        t(
            "progress.note",
            lang,
            domain=domains.get(r.domain, r.domain),
            n=r.n_pairs,
            change_text=t("count.points", lang, n=fmt_number(r.detectable_change, lang, 1)),
        )
        for r in summary.itertuples(index=False)
        if not pd.isna(r.detectable_change)
    ]
