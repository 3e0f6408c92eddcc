"""Data: import a package (check first, then confirm), the template, quality and the log."""

import streamlit as st

from evaldash import export, measures, ui
from evaldash.i18n import t
from evaldash.ingest.template import build_template
from evaldash.metrics import catalog, quality

ctx = ui.context("data")
lang, f = ctx.lang, ctx.filters
st.title(t("data.title", lang))
tabs = ("data.tab_import", "data.tab_quality", "data.tab_log", "data.tab_definitions")
tab_import, tab_quality, tab_log, tab_definitions = st.tabs([t(key, lang) for key in tabs])

with tab_import:
    st.write(t("data.intro", lang))
    st.download_button(
        t("data.template", lang),
        build_template(),
        "evaldash-template.xlsx",
        mime=export.MIME["xlsx"],
        icon=":material/download:",
    )
    if ui.may_import(ctx.scope):
        ui.import_box(ctx)
    else:
        st.info(t("data.import_admin", lang), icon=":material/lock:")

with tab_quality:
    if f is None:
        st.info(t("sidebar.no_pilots", lang))
    else:
        checks = [
            ("missing", quality.missing_reassessment),
            ("plans", quality.plans_without_usage),
            ("usage", quality.usage_without_plan),
            ("providers", quality.providers_without_usage),
        ]
        frames = {name: ui.cached(fn, f) for name, fn in checks}
        cards = st.columns(len(frames))
        for card, (name, frame) in zip(cards, frames.items(), strict=True):
            label, help_text = t(f"quality.{name}", lang), t(f"quality.{name}_help", lang)
            ui.kpi(card, label, str(len(frame)), help_text)
        for name, frame in frames.items():
            with st.expander(f"{t(f'quality.{name}', lang)} ({len(frame)})"):
                if frame.empty:
                    st.write(t("quality.none", lang))
                else:
                    st.dataframe(ui.headed(frame, ctx), hide_index=True)
        st.caption(ui.plain(ui.view(ctx).caption))

with tab_log:
    log = catalog.imports(ctx.engine)
    if log.empty:
        st.info(t("log.none", lang))
    else:
        st.dataframe(ui.headed(log, ctx), hide_index=True)

with tab_definitions:
    st.write(t("data.definitions_intro", lang))
    ui.definitions_list(measures.definitions(lang))
