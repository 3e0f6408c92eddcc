"""Provider gaps by region: status matrix, map, worst gaps and a region in detail."""

import streamlit as st

from evaldash import site, ui, views
from evaldash.i18n import t
from evaldash.metrics import gaps

ctx = ui.context("gaps")
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
v = ui.view(ctx)

ui.panel(views.gaps_matrix(v, threshold), v)
ui.panel(views.gaps_map(v, threshold), v)

st.subheader(t("gaps.worst", lang))
st.dataframe(ui.headed(views.gap_table(gaps.worst_gaps(table)), ctx), hide_index=True)

st.subheader(t("gaps.drill", lang))
region = ui.linked(
    st.selectbox,
    t("gaps.col_region", lang),
    views.gaps_regions(v, threshold),
    format_func=lambda r: ctx.names.get(r, r),
    key=site.GAP_REGION.key,
)
ui.panel(views.gaps_detail(v, threshold, region), v)

ui.page_definitions("gaps", lang)
