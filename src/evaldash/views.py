"""What each page shows, as panels: a title, a figure, the table behind it, one takeaway.

No Streamlit here. Pages render panels one by one between their widgets (``ui.panel``);
exports write a page's panels to PowerPoint, PDF, Excel and images, and presentation mode
shows them one per screen. Data come through :attr:`View.fetch`, called as
``fetch(metric_function, filters, *args)``: the pages' cached metric calls, or direct calls
for the command line (:meth:`View.direct`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy.engine import Engine

from evaldash import charts, metrics, narrative, privacy
from evaldash.auth import Scope
from evaldash.filters import Filters
from evaldash.i18n import (
    STRINGS,
    fmt_date,
    fmt_eur,
    fmt_eur_short,
    fmt_month,
    fmt_number,
    fmt_percent,
    fmt_period,
    t,
)
from evaldash.measures import DEFAULT_THRESHOLD
from evaldash.metrics import catalog, compare, gaps, overview, progress, services

Fetch = Callable[..., pd.DataFrame]

MONTH_FORMAT = {"lv": "%m.%Y", "en": "%Y-%m"}  # d3 time formats for chart month ticks
SEPARATORS = {"lv": ",\u00a0", "en": ".,"}  # plotly: decimal point, then thousands separator
RANKING_COLUMN = {"participants": "participants", "cost": "cost_eur", "units": "units"}
POPULATIONS = ("completers", "enrolled")
PAGES = ("overview", "services", "progress", "gaps", "compare")
"""Pages whose panels :func:`panels` builds (the Data page has none)."""


@dataclass(frozen=True)
class Panel:
    """One chart of a page with what belongs to it.

    ``key`` is stable (file and sheet names); ``title`` the chart's title (it states n and
    the period); ``table`` the data behind the chart; ``takeaway`` one sentence for a slide;
    ``notes`` texts shown under the chart on screen.
    """

    key: str
    title: str
    figure: go.Figure
    table: pd.DataFrame
    takeaway: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class View:
    """What every panel needs: the filters, the language, names, data access.

    ``source`` says where the data come from and when they were updated; ``notes`` are added
    to the caption (e.g. the comparison group); ``centres`` are every municipality's centre,
    the faint outline of the gaps map.
    """

    f: Filters
    lang: str
    names: Mapping[str, str] = field(repr=False)
    domains: Mapping[str, str] = field(repr=False)
    source: str
    fetch: Fetch = field(repr=False, compare=False)
    centres: pd.DataFrame | None = field(default=None, repr=False, compare=False)
    notes: tuple[str, ...] = ()
    scope: Scope = field(default_factory=Scope.local)

    @classmethod
    def direct(cls, engine: Engine, f: Filters, lang: str, scope: Scope | None = None) -> View:
        """A view on ``engine`` without Streamlit: metrics read once each, as ``scope`` may.

        ``f`` is narrowed to what ``scope`` may select (:func:`evaldash.privacy.released`).
        """
        scope = scope or Scope.local()
        memo: dict[tuple, pd.DataFrame] = {}

        def fetch(fn: Callable[..., pd.DataFrame], filters: Filters, *args: object) -> pd.DataFrame:
            key = (fn.__module__, fn.__qualname__, filters, args)
            if key not in memo:
                memo[key] = privacy.read(engine, scope, fn, filters, *args)
            return memo[key].copy()

        updated = catalog.last_update(engine)
        return cls(
            privacy.released(scope, f)[0],
            lang,
            catalog.names(engine, lang),
            catalog.domain_names(engine, lang),
            source_text(updated.date() if updated is not None else None, lang),
            fetch,
            catalog.centres(engine),
            scope=scope,
        )

    @property
    def selection(self) -> str:
        """The selection in words: "Selection: pilot ..., Kurzeme, 01.2019 – 06.2019."."""
        words = self.f.describe(self.lang, dict(self.names))
        return t("filters.caption", self.lang, text=words) + "."

    @property
    def caption(self) -> str:
        """The text under every chart: the selection in words, the notes, the source."""
        return " ".join([self.selection, *self.notes, self.source])


def source_text(updated: object, lang: str) -> str:
    """Return "Source: evaldash database, data updated <date>."."""
    return t("source.caption", lang, date=fmt_date(updated, lang))


def _localized(build: Callable[..., Panel | None]) -> Callable[..., Panel | None]:
    """Give a panel's figure the language's separators, and a note when figures are hidden."""

    @functools.wraps(build)
    def wrapper(v: View, *args: object, **kwargs: object) -> Panel | None:
        item = build(v, *args, **kwargs)
        if item is not None:
            item.figure.update_layout(separators=SEPARATORS[v.lang])
            if privacy.hidden_any(item.table):
                note = t("privacy.note", v.lang, k=v.scope.k)
                item = replace(item, notes=(*item.notes, note))
        return item

    return wrapper


def panels(page: str, v: View, choices: Mapping[str, object] | None = None) -> list[Panel]:
    """Return every panel of ``page`` for ``v``, with the page's ``choices`` or its defaults.

    ``choices`` uses the page's URL parameter names (e.g. ``svc_measure``, ``progress_from``,
    ``gap_threshold``, ``compare_mine``); anything left out takes the page's default.

    Raises:
        ValueError: for a page without panels.
    """
    builders = {
        "overview": _overview_panels,
        "services": _services_panels,
        "progress": _progress_panels,
        "gaps": _gaps_panels,
        "compare": _compare_panels,
    }
    if page not in builders:
        raise ValueError(f"page {page!r} has no charts; expected one of {list(builders)}")
    with metrics.shared():  # the page's metrics share their common groupings
        found = builders[page](v, dict(choices or {}))
    return [p for p in found if p is not None]


# --- overview ---------------------------------------------------------------------------------


@_localized
def spending(v: View) -> Panel | None:
    """Monthly spending by service group against the sum of individual budgets."""
    spend = v.fetch(overview.monthly_spend, v.f)
    if spend.empty:
        return None
    head = next(v.fetch(overview.headline, v.f).itertuples(index=False))
    lang = v.lang
    period = fmt_period(spend["month"].min(), spend["month"].max(), lang, months=True)
    title = t("chart.spend.title", lang, n=head.participants_served, period=period)
    fig = charts.spend_over_time(
        spend,
        budget=head.budget_eur,
        names=v.names,
        month_format=MONTH_FORMAT[lang],
        separators=SEPARATORS[lang],
        title=title,
        labels={
            "y": t("chart.spend.cost", lang),
            "cumulative": t("chart.spend.cumulative", lang),
            "budget": t("chart.spend.budget", lang),
            "other": t("chart.other", lang),
        },
    )
    takeaway = t(
        "takeaway.spend",
        lang,
        spent=fmt_eur_short(head.cost_eur, lang),
        budget=fmt_eur_short(head.budget_eur, lang),
        share=fmt_percent(head.spend_share, lang),
        month=fmt_month(spend["month"].max(), lang),
    )
    return Panel("overview_spend", title, fig, spend, takeaway)


@_localized
def question_services(v: View, short: bool = False) -> Panel | None:
    """The five services with the most recipients (the Overview's first question).

    ``short`` cuts long service names, which would push a small card's bars out of sight.
    """
    ranking = v.fetch(services.ranking, v.f)
    if ranking.empty:
        return None
    title = t("overview.q_services", v.lang, n=_participants(v))
    names = v.names
    if short:
        names = {c: n if len(n) <= 24 else n[:23] + "…" for c, n in v.names.items()}
    fig = charts.ranking_bars(ranking, x="participants", names=names, top=5, title=title)
    return Panel("q_services", title, fig, ranking.head(5), _ranking_takeaway(v, ranking))


@_localized
def question_progress(v: View) -> Panel | None:
    """Improved / unchanged / declined by domain between the first and last round.

    Counts only (:func:`~evaldash.metrics.progress.status_counts`): the card needs no medians
    or tests, so a new server's first page neither waits for ``scipy.stats`` (1.2 s to
    import) nor competes with the browser drawing its first chart while it imports it.
    """
    window = progress.default_rounds(v.fetch(progress.rounds, v.f))
    if window is None:
        return None
    summary = v.fetch(progress.status_counts, v.f, *window)
    if summary.empty:
        return None
    n = int(summary[list(progress.STATUSES)].sum(axis=1).max())
    title = t("overview.q_progress", v.lang, first=window[0], last=window[1], n=n)
    fig = charts.outcome_bars(summary, names=v.domains, labels=_outcome_labels(v.lang), title=title)
    table = summary[["domain", "improved", "unchanged", "declined"]]
    return Panel("q_progress", title, fig, table, _outcome_takeaway(v, summary))


@_localized
def question_gaps(v: View) -> Panel | None:
    """Region x service cells by gap status."""
    table = v.fetch(gaps.region_service_gaps, v.f, DEFAULT_THRESHOLD)
    if table.empty:
        return None
    points = v.fetch(gaps.map_points, v.f, DEFAULT_THRESHOLD)
    title = t("overview.q_gaps", v.lang, n=int(points["participants_planned"].sum()))
    fig = charts.status_counts(table, status_names=_statuses(v.lang), title=title)
    return Panel("q_gaps", title, fig, gap_table(table, v.names, v.lang), _gaps_takeaway(v, table))


def _overview_panels(v: View, choices: dict) -> list[Panel | None]:
    return [question_services(v), question_progress(v), question_gaps(v), spending(v)]


# --- services ---------------------------------------------------------------------------------


def services_period(v: View) -> str:
    """The months with deliveries in the selection, e.g. "09.2018 – 10.2019"."""
    return month_period(v.fetch(services.people_per_month, v.f), v.lang)


def _participants(v: View) -> int:
    return int(v.fetch(overview.headline, v.f)["participants"].iloc[0])


def units_of(ranking: pd.DataFrame) -> list[str]:
    """The units delivered or planned in a ranking, in a fixed order."""
    return [u for u in ("session", "hour", "day", "trip") if u in set(ranking["unit"])]


@_localized
def services_ranking(
    v: View, measure: str = "participants", unit: str | None = None
) -> Panel | None:
    """Services ranked by recipients, cost, or units of one unit (never added across units)."""
    ranking = v.fetch(services.ranking, v.f)
    if ranking.empty:
        return None
    if measure not in RANKING_COLUMN:
        raise ValueError(f"unknown measure {measure!r}; expected one of {list(RANKING_COLUMN)}")
    unit = unit or (units_of(ranking) or ["session"])[0]
    lang = v.lang
    shown = ranking_labels(ranking, measure, unit, lang)
    title = t(
        f"services.ranking_{measure}",
        lang,
        period=services_period(v),
        n=_participants(v),
        unit=t(f"unit.{unit}", lang),
    )
    x_title = t(f"services.axis_{measure}", lang) if measure != "units" else t(f"unit.{unit}", lang)
    fig = charts.ranking_bars(
        shown, x=RANKING_COLUMN[measure], names=v.names, text="label", title=title, x_title=x_title
    )
    notes = (t("services.units_note", lang),) if measure == "units" else ()
    takeaway = _ranking_takeaway(v, shown, measure, unit)
    return Panel("services_ranking", title, fig, shown.drop(columns="label"), takeaway, notes)


@_localized
def services_delivery(v: View) -> Panel | None:
    """Delivered against planned, one dot per planned service, with the 80 % threshold."""
    ranking = v.fetch(services.ranking, v.f)
    if ranking.empty:
        return None
    lang = v.lang
    delivery = delivery_hover(ranking, v.names, lang)
    title = t("services.delivery_title", lang, period=services_period(v), n=_participants(v))
    fig = charts.delivery_ratio(
        delivery,
        hover="hover",
        names=v.names,
        threshold=DEFAULT_THRESHOLD,
        title=title,
        x_title=t("services.delivery_axis", lang),
        threshold_label=t("services.threshold", lang, share=fmt_percent(DEFAULT_THRESHOLD, lang)),
    )
    planned = delivery.dropna(subset=["delivery_ratio"])
    below = planned[planned["delivery_ratio"] < DEFAULT_THRESHOLD].sort_values("delivery_ratio")
    if below.empty:
        takeaway = t(
            "takeaway.delivery_ok", lang, n=len(planned), share=fmt_percent(DEFAULT_THRESHOLD, lang)
        )
    else:
        worst = below.iloc[0]
        takeaway = t(
            "takeaway.delivery",
            lang,
            below=len(below),
            n=len(planned),
            share=fmt_percent(DEFAULT_THRESHOLD, lang),
            service=v.names.get(worst["service_code"], worst["service_code"]),
            ratio=fmt_percent(worst["delivery_ratio"], lang),
        )
    notes = (t("services.delivery_note", lang),)
    return Panel("services_delivery", title, fig, delivery.drop(columns="hover"), takeaway, notes)


@_localized
def services_trend(v: View) -> Panel | None:
    """People served per month with the monthly average."""
    trend = v.fetch(services.people_per_month, v.f)
    if trend.empty:
        return None
    lang = v.lang
    average = fmt_number(trend["average"].iloc[0], lang, 1)
    title = t(
        "services.trend_title",
        lang,
        period=month_period(trend, lang),
        average=average,
        n=_participants(v),
    )
    fig = charts.people_trend(
        trend,
        title=title,
        labels={
            "y": t("services.trend_people", lang),
            "average": t("services.trend_average", lang),
        },
        month_format=MONTH_FORMAT[lang],
        separators=SEPARATORS[lang],
    )
    busiest = trend.loc[trend["participants"].idxmax()]
    takeaway = t(
        "takeaway.trend",
        lang,
        average=average,
        month=fmt_month(busiest["month"], lang),
        most=int(busiest["participants"]),
    )
    return Panel("services_trend", title, fig, trend, takeaway)


@_localized
def services_heatmap(v: View) -> Panel | None:
    """Recipients by municipality and service."""
    grid = v.fetch(services.municipality_service, v.f)
    if grid.empty:
        return None
    lang = v.lang
    title = t("services.heatmap_title", lang, period=services_period(v), n=_participants(v))
    fig = charts.heatmap(
        grid,
        names=v.names,
        z_title=t("services.heatmap_scale", lang),
        title=title,
        hidden_text=t("privacy.hidden", lang),
    )
    breadth = grid.groupby("municipality_code")["service_code"].nunique().sort_values()
    place = breadth.index[-1]
    takeaway = t(
        "takeaway.heatmap",
        lang,
        place=v.names.get(place, place),
        services=int(breadth.iloc[-1]),
    )
    return Panel("services_heatmap", title, fig, grid, takeaway)


def _services_panels(v: View, choices: dict) -> list[Panel | None]:
    measure = str(choices.get("svc_measure") or "participants")
    unit = choices.get("svc_unit")
    return [
        services_ranking(v, measure, str(unit) if unit else None),
        services_delivery(v),
        services_trend(v),
        services_heatmap(v),
    ]


# --- progress ---------------------------------------------------------------------------------


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


def progress_window(v: View, choices: Mapping[str, object]) -> Window | None:
    """The rounds to compare (URL choices, default first and last), or None for < 2 rounds."""
    rounds = v.fetch(progress.rounds, v.f)
    default = progress.default_rounds(rounds)
    if default is None:
        return None
    present = [int(r) for r in rounds["round"]]
    first = int(choices.get("progress_from") or default[0])
    last = int(choices.get("progress_to") or default[1])
    if first not in present[:-1]:
        first = default[0]
    if last not in present or last <= first:
        last = present[-1]
    population = str(choices.get("progress_population") or "completers")
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


@_localized
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
        median=fmt_number(best["median_change"], lang, 1),
        significant=significant,
        tested=int(tested.sum()),
    )
    notes = (*small_sample_notes(summary, v.domains, lang), t("progress.test_note", lang))
    return Panel(
        "progress_change", title, fig, progress_table(summary, v.domains, lang), takeaway, notes
    )


@_localized
def progress_outcomes(v: View, w: Window) -> Panel | None:
    """Improved / unchanged / declined per domain, by the minimal important difference."""
    summary = progress_summary(v, w)
    if summary.empty:
        return None
    lang = v.lang
    period = rounds_period(w.rounds, w.round_from, w.round_to, lang)
    n = largest(summary["n_pairs"], lang)
    title = t("progress.outcome_title", lang, period=period, n=n)
    fig = charts.outcome_bars(summary, names=v.domains, labels=_outcome_labels(lang), title=title)
    table = summary[["domain", "improved", "unchanged", "declined"]]
    return Panel("progress_outcomes", title, fig, table, _outcome_takeaway(v, summary))


SLOPE_MOST = 300
"""Participants drawn in a slopegraph; more and it shows an even sample of them (by code)."""


def progress_changes(v: View, w: Window) -> pd.DataFrame:
    """Each participant's scores in the two rounds (pseudonymous codes), at most SLOPE_MOST."""
    return v.fetch(progress.participant_changes, v.f, w.round_from, w.round_to, SLOPE_MOST)


@_localized
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
    fig = charts.slopegraph(
        rows,
        x_labels=labels,
        y_title=t("progress.score", lang),
        status_labels=_outcome_labels(lang, missing=True),
        title=title,
    )
    takeaway = t("takeaway.slopes", lang, domain=name, **counts)
    notes: tuple[str, ...] = ()
    if len(rows) < scored:
        shown, of = fmt_number(len(rows), lang), fmt_number(scored, lang)
        notes = (t("progress.slope_sample", lang, shown=shown, n=of),)
    return Panel("progress_slopes", title, fig, rows, takeaway, notes)


@_localized
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
    )
    better = int((profile["latest_position"] > profile["first_position"]).sum())
    takeaway = t("takeaway.radar", lang, code=code, better=better, domains=len(profile))
    return Panel("progress_radar", title, fig, profile, takeaway)


@_localized
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


def _progress_panels(v: View, choices: dict) -> list[Panel | None]:
    w = progress_window(v, choices)
    if w is None:
        return []
    return [
        progress_change(v, w),
        progress_outcomes(v, w),
        progress_slopes(v, w, choices.get("progress_domain")),  # type: ignore[arg-type]
        progress_radar(v, w, choices.get("progress_participant")),  # type: ignore[arg-type]
        progress_municipalities(v, w),
    ]


# --- provider gaps ----------------------------------------------------------------------------


@_localized
def gaps_matrix(v: View, threshold: float = DEFAULT_THRESHOLD) -> Panel | None:
    """Planning region x service, coloured by status, with the share delivered."""
    table = v.fetch(gaps.region_service_gaps, v.f, threshold)
    if table.empty:
        return None
    lang = v.lang
    points = v.fetch(gaps.map_points, v.f, threshold)
    n = int(points["participants_planned"].sum())
    title = t("gaps.matrix_title", lang, period=filter_period(v.f, lang), n=n)
    fig = charts.status_matrix(
        gap_cells(table, lang),
        text="cell",
        names=v.names,
        status_names=_statuses(lang),
        title=title,
    )
    return Panel(
        "gaps_matrix", title, fig, gap_table(table, v.names, lang), _gaps_takeaway(v, table)
    )


@_localized
def gaps_map(v: View, threshold: float = DEFAULT_THRESHOLD) -> Panel | None:
    """Municipality centres sized by demand, coloured by their worst status."""
    points = v.fetch(gaps.map_points, v.f, threshold)
    if points.empty:
        return None
    lang = v.lang
    n = int(points["participants_planned"].sum())
    title = t("gaps.map_title", lang, period=filter_period(v.f, lang), n=n)
    fig = charts.bubble_map(
        points, names=v.names, status_names=_statuses(lang), title=title, background=v.centres
    )
    missing = int((points["worst_status"] == "no_provider").sum())
    takeaway = t("takeaway.map", lang, missing=missing, n=len(points))
    return Panel("gaps_map", title, fig, points, takeaway, (t("gaps.map_note", lang),))


def gaps_regions(v: View, threshold: float = DEFAULT_THRESHOLD) -> list[str]:
    """The regions with demand, for the drill-down choice."""
    table = v.fetch(gaps.region_service_gaps, v.f, threshold)
    return sorted(table["region"].unique())


@_localized
def gaps_detail(
    v: View, threshold: float = DEFAULT_THRESHOLD, region: str | None = None
) -> Panel | None:
    """One region by municipality and service (default: the first region with demand)."""
    regions = gaps_regions(v, threshold)
    if not regions:
        return None
    region = region if region in regions else regions[0]
    detail = v.fetch(gaps.municipality_service_gaps, v.f, threshold, region)
    lang = v.lang
    name = v.names.get(region, region)
    points = v.fetch(gaps.map_points, v.f, threshold)
    n = int(points.loc[points["region"] == region, "participants_planned"].sum())
    title = t("gaps.drill_title", lang, region=name, period=filter_period(v.f, lang), n=n)
    fig = charts.status_matrix(
        gap_cells(detail, lang),
        y="municipality_code",
        text="cell",
        names=v.names,
        status_names=_statuses(lang),
        title=title,
    )
    worst = gaps.worst_gaps(detail, 1)
    if worst.empty:
        takeaway = t("takeaway.detail_ok", lang, region=name)
    else:
        row = worst.iloc[0]
        takeaway = t(
            "takeaway.detail",
            lang,
            region=name,
            service=v.names.get(row["service_code"], row["service_code"]),
            place=v.names.get(row["municipality_code"], row["municipality_code"]),
            status=t(f"status.{row['status']}", lang),
        )
    return Panel("gaps_detail", title, fig, gap_table(detail, v.names, lang), takeaway)


def _gaps_panels(v: View, choices: dict) -> list[Panel | None]:
    threshold = float(choices.get("gap_threshold") or DEFAULT_THRESHOLD)
    return [
        gaps_matrix(v, threshold),
        gaps_map(v, threshold),
        gaps_detail(v, threshold, choices.get("gap_region")),  # type: ignore[arg-type]
    ]


# --- compare municipalities -------------------------------------------------------------------


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

    @property
    def people(self) -> int:
        """Selected participants living in the group's municipalities."""
        return int(self.rows.loc[self.rows["indicator"] == "participants", "value"].sum())


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


@_localized
def compare_spine(v: View, c: Comparison) -> Panel | None:
    """My municipality on every indicator against the group's range and median."""
    spine = compare.spine(c.my_rows, c.rows)
    if spine.empty:
        return None
    lang = v.lang
    place = v.names.get(c.mine, c.mine)
    n = c.people
    title = t("compare.spine_title", lang, place=place, period=filter_period(v.f, lang), n=n)
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
    return Panel("compare_spine", title, fig, spine, takeaway, (t("compare.spine_note", lang),))


@_localized
def compare_funnel(v: View, c: Comparison, indicator: str) -> Panel | None:
    """A funnel plot of one proportion indicator across the group."""
    if indicator not in c.indicators:
        return None
    points, limits = compare.funnel(c.rows, indicator)
    if points.empty:
        return None
    lang = v.lang
    name = c.indicators[indicator]
    n = int(points["n"].sum())
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
    return Panel(f"compare_funnel_{indicator}", title, fig, points, takeaway)


def funnel_indicators(c: Comparison) -> list[str]:
    """The proportion indicators a comparison has, headline ones first."""
    first = [i for i in ("improved_share", "missing_reassessment_share") if i in c.indicators]
    domains = sorted(i for i in c.indicators if i.startswith(compare.DOMAIN_PREFIX))
    return first + domains


@_localized
def compare_league(v: View, c: Comparison, indicator: str | None = None) -> Panel | None:
    """One indicator for every municipality of the group, with intervals, best first."""
    codes = list(dict.fromkeys(c.my_rows["indicator"]))
    if not codes:
        return None
    if indicator not in codes:
        indicator = "improved_share" if "improved_share" in codes else codes[0]
    lang = v.lang
    league = league_rows(c.rows[c.rows["indicator"] == indicator], v.names, indicator, lang)
    n = c.people
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
    return Panel("compare_league", title, fig, league.drop(columns="hover"), takeaway)


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


def _compare_panels(v: View, choices: dict) -> list[Panel | None]:
    c = comparison(v, choices.get("compare_mine"), str(choices.get("compare_group") or "pilot"))  # type: ignore[arg-type]
    if c is None:
        return []
    v = compare_view(v, c)
    found = [compare_spine(v, c)]
    found += [compare_funnel(v, c, code) for code in funnel_indicators(c)]
    found.append(compare_league(v, c, choices.get("compare_indicator")))  # type: ignore[arg-type]
    return found


# --- texts and display frames -----------------------------------------------------------------


def _statuses(lang: str) -> dict[str, str]:
    return {s: t(f"status.{s}", lang) for s in gaps.STATUS_ORDER}


def _outcome_labels(lang: str, missing: bool = False) -> dict[str, str]:
    outcomes = [*charts.OUTCOME_COLOURS, *(["missing"] if missing else [])]
    return {o: t(f"outcome.{o}", lang) for o in outcomes}


def _ranking_takeaway(
    v: View, ranking: pd.DataFrame, measure: str = "participants", unit: str = "session"
) -> str:
    if ranking.empty:
        return t("takeaway.none", v.lang)
    column = RANKING_COLUMN[measure]
    top = ranking.sort_values(column, ascending=False).iloc[0]
    service = v.names.get(top["service_code"], top["service_code"])
    lang = v.lang
    if measure == "cost":
        return t(
            "takeaway.ranking_cost", lang, service=service, cost=fmt_eur(top["cost_eur"], lang)
        )
    if measure == "units":
        return t(
            "takeaway.ranking_units",
            lang,
            service=service,
            units=fmt_number(top["units"], lang),
            unit=t(f"unit.{unit}", lang),
        )
    return t(
        "takeaway.ranking",
        lang,
        service=service,
        people=int(top["participants"]),
        share=fmt_percent(top["participants_share"], lang),
    )


def _outcome_takeaway(v: View, summary: pd.DataFrame) -> str:
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


def largest(counts: pd.Series, lang: str) -> int | str:
    """The largest count shown, or "hidden" when none is."""
    shown = counts.dropna()
    return int(shown.max()) if len(shown) else t("privacy.hidden", lang)


def _gaps_takeaway(v: View, table: pd.DataFrame) -> str:
    counts = table["status"].value_counts()
    return t(
        "takeaway.gaps",
        v.lang,
        cells=len(table),
        **{s: int(counts.get(s, 0)) for s in gaps.STATUS_ORDER},
    )


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


def ranking_labels(ranking: pd.DataFrame, measure: str, unit: str, lang: str) -> pd.DataFrame:
    """Return the rows to rank (one unit only for units) with a bar-end label column."""
    rows = ranking[ranking["unit"] == unit] if measure == "units" else ranking
    rows = rows[rows[RANKING_COLUMN[measure]] > 0]
    if measure == "participants":
        labels = [
            f"{fmt_number(n, lang)} ({fmt_percent(s, lang)})"
            for n, s in zip(rows["participants"], rows["participants_share"], strict=True)
        ]
    elif measure == "cost":
        labels = [fmt_eur(v, lang) for v in rows["cost_eur"]]
    else:
        labels = [fmt_number(v, lang) for v in rows["units"]]
    return rows.assign(label=labels)


def delivery_hover(ranking: pd.DataFrame, names: Mapping[str, str], lang: str) -> pd.DataFrame:
    """Return planned services with a hover text naming their units."""
    rows = ranking[ranking["planned_units"] > 0]
    hover = [
        t(
            "services.delivery_hover",
            lang,
            service=names.get(r.service_code, r.service_code),
            delivered=fmt_number(r.delivered_units, lang),
            planned=fmt_number(r.planned_units, lang),
            unit=t(f"unit.{r.unit}", lang),
            share=fmt_percent(r.delivery_ratio, lang),
        )
        for r in rows.itertuples(index=False)
    ]
    return rows.assign(hover=hover)


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
    from evaldash.report import COLUMNS

    table = summary[COLUMNS["progress"]].copy()
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
            change=fmt_number(r.detectable_change, lang, 1),
        )
        for r in summary.itertuples(index=False)
        if not pd.isna(r.detectable_change)
    ]


def filter_period(f: Filters, lang: str) -> str:
    """Return the filter's period in words, or "all dates"."""
    if f.period_from is None and f.period_to is None:
        return t("filters.all_dates", lang)
    return fmt_period(f.period_from, f.period_to, lang)


def gap_cells(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return gap rows with a cell label: the share delivered, or "–" without a provider."""
    cells = ["–" if pd.isna(r) else fmt_percent(r, lang) for r in table["delivery_ratio"]]
    return table.assign(cell=cells)


_GAP_COLUMNS = {
    "region": "col_region",
    "municipality_code": "col_municipality",
    "service_code": "col_service",
    "participants_planned": "col_people",
    "planned_units": "col_planned",
    "delivered_units": "col_delivered",
    "unit": "col_unit",
    "delivery_ratio": "col_ratio",
    "providers": "col_providers",
    "median_km_to_provider": "col_km",
    "km_to_provider": "col_km",
    "status": "col_status",
}


def gap_table(table: pd.DataFrame, names: Mapping[str, str], lang: str) -> pd.DataFrame:
    """Return a gaps frame for display: names instead of codes, localised headers."""
    shown = table[[c for c in _GAP_COLUMNS if c in table.columns]].copy()
    for column in ("region", "municipality_code", "service_code"):
        if column in shown:
            shown[column] = shown[column].map(lambda c: names.get(c, c))
    shown["unit"] = shown["unit"].map(lambda u: t(f"unit.{u}", lang))
    shown["status"] = shown["status"].map(
        lambda s: t(f"status.{s}", lang) if isinstance(s, str) else t("privacy.hidden", lang)
    )
    return shown.rename(columns={c: t(f"gaps.{k}", lang) for c, k in _GAP_COLUMNS.items()})


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
            t("compare.col_n", lang): rows["n"].to_numpy(),
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
