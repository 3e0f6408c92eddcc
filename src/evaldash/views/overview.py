"""The Overview page's headline cards and panels: one chart per question, and spending."""

from __future__ import annotations

import pandas as pd

from evaldash import charts, privacy
from evaldash.i18n import (
    fmt_eur_short,
    fmt_month,
    fmt_number,
    fmt_percent,
    fmt_period,
    t,
)
from evaldash.measures import DEFAULT_THRESHOLD
from evaldash.metrics import gaps, overview, progress, services
from evaldash.views.base import MONTH_FORMAT, SEPARATORS, Card, Panel, View, localized
from evaldash.views.gaps import gap_table, gaps_takeaway
from evaldash.views.progress import outcome_takeaway
from evaldash.views.services import ranking_takeaway, selected_participants
from evaldash.views.texts import largest, marker_label, outcome_labels, statuses


def cards(v: View) -> list[Card]:
    """The Overview's headline figures (participants, municipalities, rounds, deliveries, spend).

    The page draws these cards and every export of the page writes them, from the same
    (privacy-released) headline: a hidden count reads as on screen ("<5", "hidden").
    """
    head = v.fetch(overview.headline, v.f)
    rounds = v.fetch(overview.rounds, v.f)
    lang = v.lang
    row = head.iloc[0]
    mark = str(row.get(privacy.MARKER) or "")

    def value(column: str) -> float | None:
        number = row[column]
        return None if pd.isna(number) else float(number)

    def shown(column: str, percent: bool = False) -> str:
        number = value(column)
        if number is None and column in _hidden_columns(mark, list(head.columns)):
            return marker_label(mark, lang)
        return fmt_percent(number, lang) if percent else fmt_number(number, lang)

    spent, budget = fmt_eur_short(value("cost_eur"), lang), fmt_eur_short(value("budget_eur"), lang)
    served = shown("participants_served")
    return [
        Card(
            "participants",
            t("kpi.participants", lang),
            value("participants"),
            shown("participants"),
            "int",
            t("kpi.participants_help", lang),
        ),
        Card(
            "municipalities",
            t("kpi.municipalities", lang),
            value("municipalities"),
            shown("municipalities"),
            "int",
            t("kpi.municipalities_help", lang, regions=shown("regions")),
        ),
        Card(
            "rounds",
            t("kpi.rounds", lang),
            float(len(rounds)),
            fmt_number(len(rounds), lang),
            "int",
            rounds_help(rounds, lang),
        ),
        Card(
            "deliveries",
            t("kpi.services", lang),
            value("deliveries"),
            shown("deliveries"),
            "int",
            t(
                "kpi.services_help",
                lang,
                services_text=t("kpi.service_types", lang, n=shown("services")),
                people_text=t("count.participants", lang, n=served),
            ),
        ),
        Card(
            "spend_share",
            t("kpi.spend", lang),
            value("spend_share"),
            shown("spend_share", percent=True),
            "share",
            t("kpi.spend_help", lang, spent=spent, budget=budget),
            delta=t("kpi.spend_delta", lang, spent=spent, budget=budget),
        ),
    ]


def _hidden_columns(mark: str, columns: list[str]) -> list[str]:
    """The columns a privacy marker hides: those it names, or all of them."""
    if not mark:
        return []
    named = mark.partition(": ")[2]
    return named.split(", ") if named else columns


def rounds_help(rounds: pd.DataFrame, lang: str) -> str:
    """Return "Rounds and their months: 1: 09.2018; 2: 02.2019" for a card's explanation."""
    months = "; ".join(f"{r.round}: {fmt_month(r.first_date, lang)}" for r in rounds.itertuples())
    return t("rounds.help", lang, rounds=months or "–")


@localized
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


@localized
def question_services(v: View) -> Panel | None:
    """The five services with the most recipients (the Overview's first question).

    Bars are labelled by the services' short names and end in their counts.
    """
    ranking = v.fetch(services.ranking, v.f)
    if ranking.empty:
        return None
    title = t("overview.q_services", v.lang, n=selected_participants(v))
    counted = ranking.assign(
        label=[fmt_number(n, v.lang) if pd.notna(n) else "" for n in ranking["participants"]]
    )
    fig = charts.ranking_bars(
        counted,
        x="participants",
        names=v.names,
        labels=v.labels,
        text="label",
        top=5,
        title=title,
    )
    return Panel("q_services", title, fig, ranking.head(5), ranking_takeaway(v, ranking))


@localized
def question_progress(v: View) -> Panel | None:
    """Improved / unchanged / declined by domain between the first and last round.

    Counts only (:func:`~evaldash.metrics.progress.status_counts`): the card needs no medians
    or tests, so a new server's first page neither waits for ``scipy.stats`` (1.2 s to
    import) nor competes with the browser drawing its first chart while it imports it. An
    audience that sees suppressed figures gets the Progress page's released counts of the
    reassessed instead (participant-level counts are the ministry's).
    """
    window = progress.default_rounds(v.fetch(progress.rounds, v.f))
    if window is None:
        return None
    if privacy.restricted(v.scope, v.f):  # participant-level counts are not released
        summary = v.fetch(progress.domain_summary, v.f, *window)
        summary = summary[["domain", *progress.STATUSES, "n_pairs"]]
        n = largest(summary["n_pairs"], v.lang)
    else:
        summary = v.fetch(progress.status_counts, v.f, *window)
        n = int(summary[list(progress.STATUSES)].sum(axis=1).max()) if len(summary) else 0
    if summary.empty:
        return None
    title = t("overview.q_progress", v.lang, first=window[0], last=window[1], n=n)
    fig = charts.outcome_bars(summary, names=v.domains, labels=outcome_labels(v.lang), title=title)
    table = summary[["domain", "improved", "unchanged", "declined"]]
    return Panel("q_progress", title, fig, table, outcome_takeaway(v, summary))


@localized
def question_gaps(v: View) -> Panel | None:
    """Region x service cells by gap status."""
    table = v.fetch(gaps.region_service_gaps, v.f, DEFAULT_THRESHOLD)
    if table.empty:
        return None
    points = v.fetch(gaps.map_points, v.f, DEFAULT_THRESHOLD)
    title = t("overview.q_gaps", v.lang, n=int(points["participants_planned"].sum()))
    fig = charts.status_counts(table, status_names=statuses(v.lang), title=title)
    return Panel("q_gaps", title, fig, gap_table(table), gaps_takeaway(v, table))


def panels(v: View) -> list[Panel | None]:
    """The page's charts: the three questions' cards, then spending."""
    return [question_services(v), question_progress(v), question_gaps(v), spending(v)]
