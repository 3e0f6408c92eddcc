"""Provider gaps by region: status matrix, map, worst gaps and a region in detail."""

import streamlit as st

from evaldash import charts, ui
from evaldash.i18n import t
from evaldash.metrics import catalog, gaps

ctx = ui.context()
lang, f = ctx.lang, ctx.filters
st.title(t("gaps.title", lang))
if f is None:
    st.info(t("sidebar.no_pilots", lang))
    st.stop()
threshold = ui.threshold_slider(lang)
table = ui.cached(gaps.region_service_gaps, f, threshold)
if table.empty:
    st.info(t("gaps.empty", lang))
    st.stop()
statuses = {s: t(f"status.{s}", lang) for s in gaps.STATUS_ORDER}
points = ui.cached(gaps.map_points, f, threshold)
n = int(points["participants_planned"].sum())
period = ui.filter_period(f, lang)
caption = ui.caption(ctx, f)

fig = charts.status_matrix(
    ui.gap_cells(table, lang),
    text="cell",
    names=ctx.names,
    status_names=statuses,
    title=t("gaps.matrix_title", lang, period=period, n=n),
)
ui.chart(fig, ui.gap_table(table, ctx.names, lang), caption, "gaps_matrix", lang)

fig = charts.bubble_map(
    points,
    names=ctx.names,
    status_names=statuses,
    title=t("gaps.map_title", lang, period=period, n=n),
    background=ui.cached_reference(catalog.centres),
)
ui.chart(fig, points, caption, "gaps_map", lang)
st.caption(t("gaps.map_note", lang))

st.subheader(t("gaps.worst", lang))
st.dataframe(ui.gap_table(gaps.worst_gaps(table), ctx.names, lang), hide_index=True)

st.subheader(t("gaps.drill", lang))
region = ui.linked(
    st.selectbox,
    t("gaps.col_region", lang),
    sorted(table["region"].unique()),
    format_func=lambda r: ctx.names.get(r, r),
    key="gap_region",
)
detail = ui.cached(gaps.municipality_service_gaps, f, threshold, region)
fig = charts.status_matrix(
    ui.gap_cells(detail, lang),
    y="municipality_code",
    text="cell",
    names=ctx.names,
    status_names=statuses,
    title=t("gaps.drill_title", lang, region=ctx.names.get(region, region), period=period),
)
ui.chart(fig, ui.gap_table(detail, ctx.names, lang), caption, "gaps_detail", lang)
