"""evaldash entry point: page config, language, sign-in, navigation over the role's pages.

The pages are those of the registry (:data:`evaldash.site.PAGES`) that the role may open.
"""

from pathlib import Path

import streamlit as st

import evaldash
from evaldash import preload

# The icon ships with the app: a Material icon here would be fetched from Google's font
# server by the browser, and nothing may be fetched from the internet.
ICON = Path(evaldash.__file__).with_name("favicon.svg")
st.set_page_config(page_title="evaldash", page_icon=str(ICON), layout="wide")
# Before the imports below: the browser loads the chart library while they and the first
# figures run (see evaldash.preload).
preload.chart_library()

from evaldash import metrics, ui  # noqa: E402

with ui.logged_run() as run:  # one line in the server's log: page, role, duration
    ui.begin_run()
    lang = ui.language_selector()
    scope = ui.who(lang)
    navigation, page = ui.menu(scope, lang)
    run.update(page=page, role=scope.role, user=scope.user_name)
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
