"""Most-used services: ranking, delivered against planned, people per month, heatmap."""

import streamlit as st

from evaldash import ui, views
from evaldash.i18n import t
from evaldash.metrics import services

ctx = ui.context("services")
lang, f = ctx.lang, ctx.filters
st.title(t("services.title", lang))
if f is None:
    st.info(t("sidebar.no_pilots", lang))
    st.stop()
ranking = ui.cached(services.ranking, f)
if ranking.empty:
    st.info(t("services.empty", lang))
    st.stop()
v = ui.view(ctx)

measure, unit = ui.ranking_choice(ranking, lang)
ui.panel(views.services_ranking(v, measure, unit), v)
st.subheader(t("services.delivery_axis", lang))
ui.panel(views.services_delivery(v), v)
ui.panel(views.services_trend(v), v)
ui.panel(views.services_heatmap(v), v)

ui.page_definitions("services", lang)
