"""The Services page's panels.

Which services are used most, delivered against plan, over time, and by municipality.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from evaldash import charts
from evaldash.i18n import (
    fmt_eur,
    fmt_month,
    fmt_number,
    fmt_percent,
    t,
)
from evaldash.measures import DEFAULT_THRESHOLD
from evaldash.metrics import overview, services
from evaldash.views.base import MONTH_FORMAT, SEPARATORS, Panel, View, localized
from evaldash.views.texts import month_period

RANKING_COLUMN = {"participants": "participants", "cost": "cost_eur", "units": "units"}


def services_period(v: View) -> str:
    """The months with deliveries in the selection, e.g. "09.2018 – 10.2019"."""
    return month_period(v.fetch(services.people_per_month, v.f), v.lang)


def selected_participants(v: View) -> int:
    """The participants of the selection (the headline's count)."""
    return int(v.fetch(overview.headline, v.f)["participants"].iloc[0])


def units_of(ranking: pd.DataFrame) -> list[str]:
    """The units delivered or planned in a ranking, in a fixed order."""
    return [u for u in ("session", "hour", "day", "trip") if u in set(ranking["unit"])]


@localized
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
        n=selected_participants(v),
        unit=t(f"unit.{unit}", lang),
    )
    x_title = t(f"services.axis_{measure}", lang) if measure != "units" else t(f"unit.{unit}", lang)
    fig = charts.ranking_bars(
        shown,
        x=RANKING_COLUMN[measure],
        names=v.names,
        labels=v.labels,
        text="label",
        title=title,
        x_title=x_title,
    )
    notes = (t("services.units_note", lang),) if measure == "units" else ()
    takeaway = ranking_takeaway(v, shown, measure, unit)
    return Panel("services_ranking", title, fig, shown.drop(columns="label"), takeaway, notes)


@localized
def services_delivery(v: View) -> Panel | None:
    """Delivered against planned, one dot per planned service, with the 80 % threshold."""
    ranking = v.fetch(services.ranking, v.f)
    if ranking.empty:
        return None
    lang = v.lang
    delivery = delivery_hover(ranking, v.names, lang)
    title = t(
        "services.delivery_title", lang, period=services_period(v), n=selected_participants(v)
    )
    fig = charts.delivery_ratio(
        delivery,
        hover="hover",
        names=v.names,
        labels=v.labels,
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


@localized
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
        n=selected_participants(v),
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


@localized
def services_heatmap(v: View) -> Panel | None:
    """Recipients by municipality and service."""
    grid = v.fetch(services.municipality_service, v.f)
    if grid.empty:
        return None
    lang = v.lang
    title = t("services.heatmap_title", lang, period=services_period(v), n=selected_participants(v))
    fig = charts.heatmap(
        grid,
        names=v.names,
        labels=v.labels,
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


def panels(v: View, *, measure: str, unit: str | None) -> list[Panel | None]:
    """The page's charts: the ranking by ``measure`` (``unit`` for units), delivery, trend."""
    return [
        services_ranking(v, measure, unit),
        services_delivery(v),
        services_trend(v),
        services_heatmap(v),
    ]


def ranking_takeaway(
    v: View, ranking: pd.DataFrame, measure: str = "participants", unit: str = "session"
) -> str:
    """The service ranked first by ``measure``, in one sentence.

    Only figures shown are ranked; when some are hidden (:mod:`evaldash.privacy`), the
    sentence says it ranks those shown, since a hidden one may be larger.
    """
    column = RANKING_COLUMN[measure]
    shown = ranking.dropna(subset=[column])
    if shown.empty:
        return (
            t("privacy.note", v.lang, k=v.scope.k) if len(ranking) else t("takeaway.none", v.lang)
        )
    text = _ranked_first(v, shown.sort_values(column, ascending=False).iloc[0], measure, unit)
    return text if len(shown) == len(ranking) else t("takeaway.among_shown", v.lang, text=text)


def _ranked_first(v: View, top: pd.Series, measure: str, unit: str) -> str:
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
            units_text=t(f"count.{unit}", lang, n=fmt_number(top["units"], lang)),
        )
    return t(
        "takeaway.ranking",
        lang,
        service=service,
        people=int(top["participants"]),
        share=fmt_percent(top["participants_share"], lang),
    )


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
            planned_text=t(f"count.{r.unit}.of", lang, n=fmt_number(r.planned_units, lang)),
            share=fmt_percent(r.delivery_ratio, lang),
        )
        for r in rows.itertuples(index=False)
    ]
    return rows.assign(hover=hover)
