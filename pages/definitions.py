"""Definitions: every measure the dashboard shows, defined once, for anyone who may sign in."""

import streamlit as st

from evaldash import csvsafe, measures, site, ui
from evaldash.i18n import t

ctx = ui.context("definitions")
lang = ctx.lang
st.title(t("definitions.title", lang))
st.write(t("data.definitions_intro", lang))
shown = [p for p in site.PAGES if p.measures]
page = ui.linked(
    st.segmented_control,
    t("definitions.which", lang),
    ["all", *(p.key for p in shown)],
    format_func=lambda key: t("definitions.all" if key == "all" else f"nav.{key}", lang),
    key=site.DEFINITIONS_PAGE.key,
)
codes = None if page in (None, "all") else site.page(page).measures
table = measures.definitions(lang, codes)
st.download_button(
    t("definitions.download", lang),
    csvsafe.csv_bytes(table),
    file_name=f"evaldash-definitions-{lang}.csv",
    mime="text/csv",
    icon=":material/download:",
)
ui.definitions_list(table)
