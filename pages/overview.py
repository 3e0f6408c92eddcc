"""Overview: the selected pilot's headline figures and spending against budget."""

import streamlit as st

from evaldash import site, ui, views
from evaldash.i18n import fmt_period, t
from evaldash.metrics import overview

ctx = ui.context("overview")
lang, f, pilot = ctx.lang, ctx.filters, ctx.pilot
st.title(t("nav.overview", lang))
if f is None:
    st.info(t("sidebar.no_pilots", lang))
    st.stop()

st.subheader(ui.plain(pilot["name"]), divider="gray")
st.caption(
    t("overview.target_group", lang, group=ui.plain(pilot["target_group"] or "–"))
    + " · "
    + t("overview.period", lang, period=fmt_period(pilot["start_date"], pilot["end_date"], lang))
)

v = ui.view(ctx)
rounds = ui.cached(overview.rounds, f)
ui.kpi_row(site.cards("overview", v), [0.85, 0.85, 1.2, 1.2, 1.65])
ui.question_cards(v)

st.subheader(t("rounds.title", lang))
if rounds.empty:
    st.info(t("rounds.none", lang))
else:
    st.dataframe(ui.rounds_table(rounds, lang), hide_index=True)

spending = views.spending(v)
if spending is None:
    st.info(t("chart.spend.empty", lang))
ui.panel(spending, v)

ui.page_definitions("overview", lang)
