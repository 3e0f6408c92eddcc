"""Most-used services: ranking, delivered against planned, people per month, heatmap."""

import streamlit as st

from evaldash import charts, ui
from evaldash.i18n import fmt_number, fmt_percent, t
from evaldash.metrics import overview, services

ctx = ui.context()
lang, f = ctx.lang, ctx.filters
st.title(t("services.title", lang))
if f is None:
    st.info(t("sidebar.no_pilots", lang))
    st.stop()
ranking = ui.cached(services.ranking, f)
if ranking.empty:
    st.info(t("services.empty", lang))
    st.stop()
n = next(ui.cached(overview.headline, f).itertuples(index=False)).participants
trend = ui.cached(services.people_per_month, f)
period = ui.month_period(trend, lang)
caption = ui.caption(ctx, f)

measure, unit = ui.ranking_choice(ranking, lang)
shown = ui.ranking_labels(ranking, measure, unit, lang)
title_key = f"services.ranking_{measure}"
fig = charts.ranking_bars(
    shown,
    x=ui.RANKING_COLUMN[measure],
    names=ctx.names,
    text="label",
    title=t(title_key, lang, period=period, n=n, unit=t(f"unit.{unit}", lang)),
    x_title=t(f"services.axis_{measure}", lang) if measure != "units" else t(f"unit.{unit}", lang),
)
ui.chart(fig, shown.drop(columns="label"), caption, "services_ranking", lang)
if measure == "units":
    st.caption(t("services.units_note", lang))

st.subheader(t("services.delivery_axis", lang))
delivery = ui.delivery_hover(ranking, ctx.names, lang)
fig = charts.delivery_ratio(
    delivery,
    hover="hover",
    names=ctx.names,
    threshold=0.8,
    title=t("services.delivery_title", lang, period=period, n=n),
    x_title=t("services.delivery_axis", lang),
    threshold_label=t("services.threshold", lang, share=fmt_percent(0.8, lang)),
)
ui.chart(fig, delivery.drop(columns="hover"), caption, "services_delivery", lang)
st.caption(t("services.delivery_note", lang))

if not trend.empty:
    average = fmt_number(trend["average"].iloc[0], lang, 1)
    fig = charts.people_trend(
        trend,
        title=t("services.trend_title", lang, period=period, average=average),
        labels={
            "y": t("services.trend_people", lang),
            "average": t("services.trend_average", lang),
        },
        month_format=ui.MONTH_FORMAT[lang],
        separators=ui.SEPARATORS[lang],
    )
    ui.chart(fig, trend, caption, "services_trend", lang)

grid = ui.cached(services.municipality_service, f)
if not grid.empty:
    fig = charts.heatmap(
        grid,
        names=ctx.names,
        z_title=t("services.heatmap_scale", lang),
        title=t("services.heatmap_title", lang, period=period, n=n),
    )
    ui.chart(fig, grid, caption, "services_heatmap", lang)
