"""Overview: the selected pilot's headline figures and spending against budget."""

import streamlit as st

from evaldash import ui, views
from evaldash.i18n import fmt_eur_short, fmt_number, fmt_percent, fmt_period, t
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

head = next(ui.cached(overview.headline, f).itertuples(index=False))
rounds = ui.cached(overview.rounds, f)
spent, budget = fmt_eur_short(head.cost_eur, lang), fmt_eur_short(head.budget_eur, lang)
cards = st.columns([0.85, 0.85, 1.2, 1.2, 1.65])
ui.kpi(
    cards[0],
    t("kpi.participants", lang),
    fmt_number(head.participants, lang),
    t("kpi.participants_help", lang),
)
ui.kpi(
    cards[1],
    t("kpi.municipalities", lang),
    fmt_number(head.municipalities, lang),
    t("kpi.municipalities_help", lang, regions=head.regions),
)
ui.kpi(cards[2], t("kpi.rounds", lang), fmt_number(len(rounds), lang), ui.rounds_help(rounds, lang))
ui.kpi(
    cards[3],
    t("kpi.services", lang),
    fmt_number(head.deliveries, lang),
    t(
        "kpi.services_help",
        lang,
        services_text=t("kpi.service_types", lang, n=fmt_number(head.services, lang)),
        people_text=t("count.participants", lang, n=fmt_number(head.participants_served, lang)),
    ),
)
ui.kpi(
    cards[4],
    t("kpi.spend", lang),
    fmt_percent(head.spend_share, lang),
    t("kpi.spend_help", lang, spent=spent, budget=budget),
    delta=t("kpi.spend_delta", lang, spent=spent, budget=budget),
)

v = ui.view(ctx)
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
