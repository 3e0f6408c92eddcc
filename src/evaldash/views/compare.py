"""The Compare page's panels.

My municipality among its peers on every indicator, the funnels, and one indicator's league,
with the display tables behind them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import pandas as pd

from evaldash import charts, narrative, privacy
from evaldash.auth import Scope
from evaldash.filters import Filters
from evaldash.i18n import (
    fmt_number,
    t,
)
from evaldash.metrics import compare, progress
from evaldash.views.base import Panel, View, localized
from evaldash.views.texts import filter_period, largest, total


@dataclass(frozen=True)
class Comparison:
    """One municipality's comparison: its rows, its group's rows, names of the indicators."""

    mine: str
    group: str
    rows: pd.DataFrame = field(repr=False)
    my_rows: pd.DataFrame = field(repr=False)
    indicators: Mapping[str, str] = field(repr=False)
    window: tuple[int, int] | None = None

    @property
    def size(self) -> int:
        """Municipalities in the group."""
        return int(self.rows["municipality_code"].nunique())


def compare_places(v: View) -> list[str]:
    """Municipalities of the pilot with selected participants, by name."""
    table = v.fetch(compare.rated, compare.peers(v.f), "pilot")  # as comparison() reads it
    return sorted(table["municipality_code"].unique(), key=lambda c: v.names.get(c, c))


def default_mine(f: Filters, places: list[str], scope: Scope | None = None) -> str:
    """Return the default of my municipality.

    A municipality account's own, else the sidebar's one municipality, else the first.
    """
    if scope is not None and scope.municipality_code in places:
        return scope.municipality_code  # type: ignore[return-value]
    chosen = f.municipalities
    return chosen[0] if len(chosen) == 1 and chosen[0] in places else places[0]


def comparison(v: View, mine: str | None = None, group: str = "pilot") -> Comparison | None:
    """Rate ``mine`` (default: the sidebar's one municipality, else the first) in its group.

    Medians, ranks and ratings come from the complete data and are then suppressed for the
    view's audience (:func:`compare.rated` through the privacy layer).
    """
    peers = compare.peers(v.f)
    group = group if group in compare.GROUPS else "pilot"
    rated = v.fetch(compare.rated, peers, group)
    if rated.empty:
        return None
    places = compare_places(v)
    if mine not in places:
        mine = default_mine(v.f, places, v.scope)
    window = progress.default_rounds(v.fetch(progress.rounds, peers))
    return Comparison(
        mine,
        group,
        compare.group_rows(rated, mine, group),
        compare.for_municipality(rated, mine),
        narrative.indicator_names(rated["indicator"], v.domains, v.lang),
        window,
    )


def compare_view(v: View, c: Comparison) -> View:
    """The view for comparison panels: all municipalities, the group named in the caption."""
    group = t("compare.group_caption", v.lang, group=t(f"group.{c.group}", v.lang), n=c.size)
    peers = privacy.released(v.scope, compare.peers(v.f))[0]
    return replace(v, f=peers, notes=(*v.notes, group))


def summary_sentences(v: View, c: Comparison) -> list[str]:
    """The comparison's two to four sentences."""
    return narrative.compare_sentences(
        c.rows,
        c.mine,
        group=c.group,
        names=v.names,
        domains=v.domains,
        window=c.window,
        lang=v.lang,
    )


@localized
def compare_spine(v: View, c: Comparison) -> Panel | None:
    """My municipality on every indicator against the group's range and median."""
    spine = compare.spine(c.my_rows, c.rows)
    if spine.empty:
        return None
    lang = v.lang
    place = v.names.get(c.mine, c.mine)
    title = t(
        "compare.spine_title",
        lang,
        place=place,
        period=filter_period(v.f, lang),
        n=largest(spine["n"], lang),
        group_n=largest(spine["group_n"], lang),
    )
    fig = charts.spine_chart(
        spine_hover(spine, c.indicators, lang),
        hover="hover",
        names=c.indicators,
        rating_names={r: t(f"rating.{r}", lang) for r in compare.RATINGS},
        mine=place,
        title=title,
        x_title=t("compare.spine_axis", lang),
    )
    takeaway = summary_sentences(v, c)[0]
    notes = (t("compare.spine_note", lang), *hidden_note(v, c.rows))
    return Panel("compare_spine", title, fig, spine, takeaway, notes)


@localized
def compare_funnel(v: View, c: Comparison, indicator: str) -> Panel | None:
    """A funnel plot of one proportion indicator across the group."""
    if indicator not in c.indicators:
        return None
    points, limits = compare.funnel(c.rows, indicator)
    if points.empty:
        return None
    lang = v.lang
    name = c.indicators[indicator]
    n = total(points["n"], lang)  # the points drawn: hidden ones are not among them
    title = t("compare.funnel_title", lang, indicator=name, period=filter_period(v.f, lang), n=n)
    fig = charts.funnel_plot(
        points,
        limits,
        highlight=c.mine,
        names=v.names,
        labels={
            "centre": t("compare.funnel_centre", lang),
            "95": t("compare.funnel_95", lang),
            "998": t("compare.funnel_998", lang),
            "peers": t("compare.funnel_peers", lang),
        },
        title=title,
        x_title=t("compare.funnel_x", lang),
        y_title=name,
    )
    outside = _outside_limits(points, limits)
    takeaway = (
        t("takeaway.funnel_outside", lang, places=", ".join(v.names.get(p, p) for p in outside))
        if outside
        else t("takeaway.funnel_inside", lang, indicator=narrative.lower_first(name))
    )
    table = points.assign(indicator=indicator)  # its unit for "Show data", its code in the CSV
    notes = hidden_note(v, c.rows[c.rows["indicator"] == indicator])
    return Panel(f"compare_funnel_{indicator}", title, fig, table, takeaway, notes)


def funnel_indicators(c: Comparison) -> list[str]:
    """The proportion indicators a comparison has, headline ones first."""
    first = [i for i in ("improved_share", "missing_reassessment_share") if i in c.indicators]
    domains = sorted(i for i in c.indicators if i.startswith(compare.DOMAIN_PREFIX))
    return first + domains


@localized
def compare_league(v: View, c: Comparison, indicator: str | None = None) -> Panel | None:
    """One indicator for every municipality of the group, with intervals, best first."""
    codes = list(dict.fromkeys(c.my_rows["indicator"]))
    if not codes:
        return None
    if indicator not in codes:
        indicator = "improved_share" if "improved_share" in codes else codes[0]
    lang = v.lang
    rows = c.rows[c.rows["indicator"] == indicator]
    league = league_rows(rows, v.names, indicator, lang)
    n = total(league["n"], lang)  # the municipalities drawn, as the table under it lists them
    name = c.indicators[indicator]
    group_value, group_label = _league_centre(league, indicator, lang)
    title = t("compare.league_title", lang, indicator=name, period=filter_period(v.f, lang), n=n)
    fig = charts.league(
        league,
        highlight=c.mine,
        hover="hover",
        names=v.names,
        group_value=group_value,
        group_label=group_label,
        title=title,
        tickformat=".0%" if compare.indicator_info(indicator).unit == "share" else "",
    )
    mine = league[league["municipality_code"] == c.mine]
    if mine.empty or pd.isna(mine["rank"].iloc[0]):
        takeaway = t(
            "takeaway.league_unranked", lang, place=v.names.get(c.mine, c.mine), indicator=name
        )
    else:
        row = mine.iloc[0]
        takeaway = t(
            "takeaway.league",
            lang,
            place=v.names.get(c.mine, c.mine),
            rank=int(row["rank"]),
            ranked=int(row["ranked"]),
            indicator=narrative.lower_first(name),
            rating=t(f"rating.{row['rating']}", lang),
        )
    table = league.drop(columns="hover")
    return Panel("compare_league", title, fig, table, takeaway, hidden_note(v, rows))


def hidden_note(v: View, rows: pd.DataFrame) -> tuple[str, ...]:
    """The note that figures are hidden, when any of a group's ``rows`` has one.

    A chart draws only the values shown, so its own table may not tell that others were
    left out.
    """
    return (t("privacy.note", v.lang, k=v.scope.k),) if privacy.hidden_any(rows) else ()


def _league_centre(league: pd.DataFrame, indicator: str, lang: str) -> tuple[float | None, str]:
    """The group value a league draws: the one its ratings test against.

    A share's pooled value (the funnel's centre), any other indicator's group median.
    """
    if league.empty:
        return None, t("compare.league_median", lang)
    if compare.indicator_info(indicator).kind == "proportion":
        return float(league["group_proportion"].iloc[0]), t("compare.funnel_centre", lang)
    return float(league["group_median"].iloc[0]), t("compare.league_median", lang)


def chance_note(mine: pd.DataFrame, lang: str) -> str:
    """How many of the table's better/worse ratings chance alone would explain."""
    rated, expected = compare.chance_ratings(mine)
    if rated == 0:
        return t("compare.chance_none", lang)
    return t("compare.chance", lang, rated=rated, expected=fmt_number(expected, lang, 1))


def panels(v: View, *, mine: str | None, group: str, indicator: str | None) -> list[Panel | None]:
    """The page's charts: the spine, a funnel per indicator, the league of ``indicator``."""
    c = comparison(v, mine, group)
    if c is None:
        return []
    v = compare_view(v, c)
    found = [compare_spine(v, c)]
    found += [compare_funnel(v, c, code) for code in funnel_indicators(c)]
    found.append(compare_league(v, c, indicator))
    return found


def _outside_limits(points: pd.DataFrame, limits: pd.DataFrame) -> list[str]:
    """Municipalities whose share lies outside the 99.8 % limits for their n."""
    by_n = limits.set_index("n")
    outside = []
    for row in points.itertuples(index=False):
        if row.n in by_n.index:
            low, high = by_n.loc[row.n, "lower_998"], by_n.loc[row.n, "upper_998"]
            if row.value < low - 1e-9 or row.value > high + 1e-9:
                outside.append(row.municipality_code)
    return outside


def rank_text(rank: object, ranked: int, lang: str) -> str:
    """A rank as "2 of 10" ("–" without one)."""
    if pd.isna(rank):
        return "–"
    return t("compare.rank_of", lang, rank=int(rank), ranked=ranked)


def compare_table(mine: pd.DataFrame, indicators: Mapping[str, str], lang: str) -> pd.DataFrame:
    """Return one municipality's indicators for display: value, interval, n, median, rank."""
    table = pd.DataFrame(
        [
            {
                "indicator": indicators.get(r.indicator, r.indicator),
                "value": narrative.format_value(r.value, r.indicator, lang),
                "interval": interval_text(r.kind, r.ci_low, r.ci_high, r.indicator, lang),
                "n": r.n,
                "median": narrative.format_value(r.group_median, r.indicator, lang),
                "rank": rank_text(r.rank, r.ranked, lang),
                "rating": t(f"rating.{r.rating}", lang),
                "better": t(f"polarity.{r.polarity}", lang),
            }
            for r in mine.itertuples(index=False)
        ]
    )
    if "n" in table:  # whole people, also where a hidden value made the column float
        table["n"] = pd.to_numeric(table["n"]).round().astype("Int64")
    return table.rename(columns={c: t(f"compare.col_{c}", lang) for c in table.columns})


def interval_text(kind: str, low: float, high: float, code: str, lang: str) -> str:
    """An indicator's interval in its unit, or "register fact" for one that is not a sample."""
    if kind == "register":
        return t("compare.register_fact", lang)
    return narrative.format_interval(low, high, code, lang)


def league_rows(
    rows: pd.DataFrame, names: Mapping[str, str], indicator: str, lang: str
) -> pd.DataFrame:
    """One indicator's group rows, best first (by polarity), with a hover text."""
    polarity = rows["polarity"].iloc[0] if len(rows) else "none"
    named = rows.dropna(subset=["value"]).assign(
        _name=lambda d: d["municipality_code"].map(lambda c: names.get(c, c))
    )
    ordered = named.sort_values(
        ["value", "_name"], ascending=[polarity == "lower", True], kind="stable"
    ).drop(columns="_name")
    fact = compare.indicator_info(indicator).kind == "register"
    hover = [
        t(
            "compare.league_hover_fact" if fact else "compare.league_hover",
            lang,
            place=names.get(r.municipality_code, r.municipality_code),
            value=narrative.format_value(r.value, indicator, lang),
            low=narrative.format_value(r.ci_low, indicator, lang),
            high=narrative.format_value(r.ci_high, indicator, lang),
            n=r.n,
            rating=t(f"rating.{r.rating}", lang),
        )
        for r in ordered.itertuples(index=False)
    ]
    return ordered.assign(hover=hover).reset_index(drop=True)


def league_display(rows: pd.DataFrame, names: Mapping[str, str], lang: str) -> pd.DataFrame:
    """The league as a display table: names, formatted values, rank and rating in words."""
    return pd.DataFrame(
        {
            t("compare.col_municipality", lang): [
                names.get(c, c) for c in rows["municipality_code"]
            ],
            t("compare.col_region", lang): [names.get(c, c) for c in rows["region"]],
            t("compare.col_value", lang): [
                narrative.format_value(v, i, lang)
                for v, i in zip(rows["value"], rows["indicator"], strict=True)
            ],
            t("compare.col_interval", lang): [
                interval_text(k, lo, hi, i, lang)
                for k, lo, hi, i in zip(
                    rows["kind"], rows["ci_low"], rows["ci_high"], rows["indicator"], strict=True
                )
            ],
            # whole people also where a hidden value elsewhere made the column float
            t("compare.col_n", lang): rows["n"].astype("Int64").to_numpy(),
            t("compare.col_rank", lang): [
                rank_text(r, k, lang) for r, k in zip(rows["rank"], rows["ranked"], strict=True)
            ],
            t("compare.col_rating", lang): [t(f"rating.{r}", lang) for r in rows["rating"]],
        }
    )


def spine_hover(spine: pd.DataFrame, indicators: Mapping[str, str], lang: str) -> pd.DataFrame:
    """The spine rows with a hover text giving the values in their own units."""
    hover = [
        t(
            "compare.spine_hover",
            lang,
            indicator=indicators.get(r.indicator, r.indicator),
            value=narrative.format_value(r.value, r.indicator, lang),
            low=narrative.format_value(min(r.group_min, r.group_max), r.indicator, lang),
            high=narrative.format_value(max(r.group_min, r.group_max), r.indicator, lang),
            median=narrative.format_value(r.group_median, r.indicator, lang),
            rating=t(f"rating.{r.rating}", lang),
        )
        for r in spine.itertuples(index=False)
    ]
    return spine.assign(hover=hover)
