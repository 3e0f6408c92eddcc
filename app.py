"""evaldash entry point: page config, language, database, pilot, navigation."""

import streamlit as st

from evaldash import ui
from evaldash.i18n import t

st.set_page_config(page_title="evaldash", page_icon=":material/insights:", layout="wide")

ui.begin_run()
lang = ui.language_selector()
pages = [
    st.Page(
        "pages/overview.py",
        title=t("nav.overview", lang),
        icon=":material/dashboard:",
        url_path="overview",
        default=True,
    ),
    st.Page(
        "pages/services.py",
        title=t("nav.services", lang),
        icon=":material/bar_chart:",
        url_path="services",
    ),
    st.Page(
        "pages/progress.py",
        title=t("nav.progress", lang),
        icon=":material/trending_up:",
        url_path="progress",
    ),
    st.Page(
        "pages/gaps.py",
        title=t("nav.gaps", lang),
        icon=":material/location_off:",
        url_path="gaps",
    ),
    st.Page(
        "pages/compare.py",
        title=t("nav.compare", lang),
        icon=":material/leaderboard:",
        url_path="compare",
    ),
    st.Page(
        "pages/data.py",
        title=t("nav.data", lang),
        icon=":material/upload_file:",
        url_path="data",
    ),
]
navigation = st.navigation(pages)
page = navigation.url_path or "overview"
ctx = ui.start_page(ui.setup(lang), page)
if not ctx.presenting:
    ui.banners(ctx)
navigation.run()
ui.export_buttons(ctx, page)
ui.link_end(lang)
