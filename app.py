"""evaldash entry point: page config, language, sign-in, navigation over the role's pages.

The pages are those of the registry (:data:`evaldash.site.PAGES`) that the role may open.
"""

import streamlit as st

from evaldash import preload

st.set_page_config(page_title="evaldash", page_icon=":material/insights:", layout="wide")
# Before the imports below: the browser loads the chart library while they and the first
# figures run (see evaldash.preload).
preload.chart_library()

from evaldash import metrics, site, ui  # noqa: E402
from evaldash.i18n import t  # noqa: E402

ui.begin_run()
lang = ui.language_selector()
scope = ui.who(lang)
allowed = ui.allowed_pages(scope)
pages = [  # the first page the role may open is the home page (at /)
    st.Page(
        page.script,
        title=t(f"nav.{page.key}", lang),
        icon=page.icon,
        url_path=page.key,
        default=page.key == allowed[0],
    )
    for page in site.PAGES
    if page.key in allowed
]
navigation = st.navigation(pages)
page = navigation.url_path or allowed[0]
ctx = ui.start_page(ui.setup(lang, scope), page)
if ctx.presenting:  # the page's charts one per screen, instead of the page
    ui.present(ctx, page)
else:
    ui.refused_link(scope, lang, page)
    ui.banners(ctx)
    with metrics.shared():  # the page's metrics share their common groupings
        navigation.run()
        ui.export_buttons(ctx, page)
ui.link_end(lang)
