"""Compare municipalities: my municipality among its peers, with honest ratings."""

import streamlit as st

from evaldash import site, ui, views
from evaldash.i18n import t
from evaldash.metrics import compare

ctx = ui.context("compare")
lang, f = ctx.lang, ctx.filters
st.title(t("compare.title", lang))
if f is None:
    st.info(t("sidebar.no_pilots", lang))
    st.stop()
v = ui.view(ctx)
places = views.compare_places(v)
if not places:
    st.info(t("compare.empty", lang))
    st.stop()
mine, group = ui.compare_controls(ctx, places)
c = views.comparison(v, mine, group)
v = views.compare_view(v, c)
if c.size < 2:
    st.warning(t("compare.alone", lang, place=ctx.names.get(mine, mine)))

st.subheader(t("compare.summary", lang))
st.markdown(ui.plain(" ".join(views.summary_sentences(v, c))))
if c.window:
    st.caption(t("compare.rounds", lang, first=c.window[0], last=c.window[1]))
else:
    st.caption(t("compare.no_rounds", lang))

st.subheader(t("compare.table", lang))
indicator_table = ui.rating_style(views.compare_table(c.my_rows, c.indicators, lang), lang)
st.dataframe(indicator_table, hide_index=True, height="content")
st.caption(views.chance_note(c.my_rows, lang))
too_few = t("compare.too_few", lang, k=compare.MIN_RATED)
st.caption(t("compare.method", lang, too_few_text=too_few))
with st.expander(t("compare.definitions", lang)):
    st.markdown(ui.indicator_definitions(dict(c.indicators), lang))

ui.panel(views.compare_spine(v, c), v)

st.subheader(t("compare.funnels", lang))
for column, code in zip(
    st.columns(2), ("improved_share", "missing_reassessment_share"), strict=True
):
    with column:
        ui.panel(views.compare_funnel(v, c, code), v)
by_domain = [i for i in views.funnel_indicators(c) if i.startswith(compare.DOMAIN_PREFIX)]
if by_domain:
    code = ui.linked(
        st.selectbox,
        t("compare.funnel_domain", lang),
        by_domain,
        format_func=c.indicators.get,
        key="compare_domain",
    )
    ui.panel(views.compare_funnel(v, c, code), v)

st.subheader(t("compare.league", lang))
codes = list(dict.fromkeys(c.my_rows["indicator"]))
code = ui.linked(
    st.selectbox,
    t("compare.league_choice", lang),
    codes,
    default="improved_share" if "improved_share" in codes else codes[0],
    format_func=c.indicators.get,
    key=site.COMPARE_INDICATOR.key,
)
league = views.compare_league(v, c, code)
ui.panel(league, v)
if league is not None:
    st.dataframe(
        ui.league_table(league.table, mine, ctx.names, lang), hide_index=True, height="content"
    )
