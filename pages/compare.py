"""Compare municipalities: my municipality among its peers, with honest ratings."""

import streamlit as st

from evaldash import charts, narrative, ui
from evaldash.i18n import t
from evaldash.metrics import catalog, compare, progress

ctx = ui.context()
lang, f = ctx.lang, ctx.filters
st.title(t("compare.title", lang))
if f is None:
    st.info(t("sidebar.no_pilots", lang))
    st.stop()
peers = compare.peers(f)
table = ui.cached(compare.indicators, peers)
if table.empty:
    st.info(t("compare.empty", lang))
    st.stop()
places = sorted(table["municipality_code"].unique(), key=lambda c: ctx.names.get(c, c))
mine, group = ui.compare_controls(ctx, places)
compared = compare.compare(table, group)
rows = compare.group_rows(compared, mine, group)
my_rows = compare.for_municipality(compared, mine)
size = rows["municipality_code"].nunique()
domains = ui.cached_names(catalog.domain_names, lang)
indicators = narrative.indicator_names(table["indicator"], domains, lang)
window = progress.default_rounds(ui.cached(progress.rounds, peers))
place, period = ctx.names.get(mine, mine), ui.filter_period(f, lang)
caption = ui.compare_caption(ctx, peers, group, size)
if size < 2:
    st.warning(t("compare.alone", lang, place=place))

st.subheader(t("compare.summary", lang))
sentences = narrative.compare_sentences(
    rows, mine, group=group, names=ctx.names, domains=domains, window=window, lang=lang
)
st.markdown(ui.plain(" ".join(sentences)))
if window:
    st.caption(t("compare.rounds", lang, first=window[0], last=window[1]))
else:
    st.caption(t("compare.no_rounds", lang))

st.subheader(t("compare.table", lang))
indicator_table = ui.rating_style(ui.compare_table(my_rows, indicators, lang), lang)
st.dataframe(indicator_table, hide_index=True, height="content")
st.caption(t("compare.method", lang, k=compare.MIN_RATED))
with st.expander(t("compare.definitions", lang)):
    st.markdown(ui.indicator_definitions(indicators, lang))

spine = ui.spine_hover(compare.spine(my_rows, rows), indicators, lang)
n = int(rows.loc[rows["indicator"] == "participants", "value"].sum())
fig = charts.spine_chart(
    spine,
    hover="hover",
    names=indicators,
    rating_names={r: t(f"rating.{r}", lang) for r in compare.RATINGS},
    mine=place,
    title=t("compare.spine_title", lang, place=place, period=period, n=n),
    x_title=t("compare.spine_axis", lang),
)
ui.chart(fig, spine.drop(columns="hover"), caption, "compare_spine", lang)
st.caption(t("compare.spine_note", lang))

st.subheader(t("compare.funnels", lang))
left, right = st.columns(2)
with left:
    ui.funnel_block(rows, "improved_share", mine, indicators, period, caption, "funnel_improved")
with right:
    code = "missing_reassessment_share"
    ui.funnel_block(rows, code, mine, indicators, period, caption, "funnel_missing")
by_domain = sorted(c for c in indicators if c.startswith(compare.DOMAIN_PREFIX))
if by_domain:
    code = ui.linked(
        st.selectbox,
        t("compare.funnel_domain", lang),
        by_domain,
        format_func=indicators.get,
        key="compare_domain",
    )
    ui.funnel_block(rows, code, mine, indicators, period, caption, "funnel_domain")

st.subheader(t("compare.league", lang))
codes = list(dict.fromkeys(my_rows["indicator"]))
code = ui.linked(
    st.selectbox,
    t("compare.league_choice", lang),
    codes,
    default="improved_share" if "improved_share" in codes else codes[0],
    format_func=indicators.get,
    key="compare_indicator",
)
league = ui.league_rows(rows[rows["indicator"] == code], ctx.names, code, lang)
fig = charts.league(
    league,
    highlight=mine,
    hover="hover",
    names=ctx.names,
    group_value=float(league["group_median"].iloc[0]) if len(league) else None,
    group_label=t("compare.league_median", lang),
    title=t("compare.league_title", lang, indicator=indicators[code], period=period, n=n),
    tickformat=".0%" if compare.indicator_info(code).unit == "share" else "",
)
ui.chart(fig, league.drop(columns="hover"), caption, "compare_league", lang)
st.dataframe(ui.league_table(league, mine, ctx.names, lang), hide_index=True, height="content")
