"""evaldash entry point: page config, language, sign-in, navigation over the role's pages."""

import streamlit as st

from evaldash import preload

st.set_page_config(page_title="evaldash", page_icon=":material/insights:", layout="wide")
# Before the imports below: the browser loads the chart library while they and the first
# figures run (see evaldash.preload).
preload.chart_library()

from evaldash import metrics, ui  # noqa: E402
from evaldash.i18n import t  # noqa: E402

ui.begin_run()
lang = ui.language_selector()
scope = ui.who(lang)
PAGES = {  # URL path: (script, icon); ui.PAGE_ROLES says who may open each
    "overview": ("pages/overview.py", ":material/dashboard:"),
    "services": ("pages/services.py", ":material/bar_chart:"),
    "progress": ("pages/progress.py", ":material/trending_up:"),
    "gaps": ("pages/gaps.py", ":material/location_off:"),
    "compare": ("pages/compare.py", ":material/leaderboard:"),
    "data": ("pages/data.py", ":material/upload_file:"),
    "audit": ("pages/audit.py", ":material/policy:"),
}
allowed = ui.allowed_pages(scope)
pages = [
    st.Page(
        PAGES[path][0],
        title=t(f"nav.{path}", lang),
        icon=PAGES[path][1],
        url_path=path,
        default=index == 0,
    )
    for index, path in enumerate(allowed)
]
navigation = st.navigation(pages)
page = navigation.url_path or allowed[0]
ctx = ui.start_page(ui.setup(lang, scope), page)
if not ctx.presenting:
    ui.banners(ctx)
with metrics.shared():  # the page's metrics share their common groupings
    navigation.run()
    ui.export_buttons(ctx, page)
ui.link_end(lang)
