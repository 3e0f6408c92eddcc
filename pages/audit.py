"""Audit log: sign-ins, imports, downloads and account changes, newest first (admin only)."""

import streamlit as st

from evaldash import ui
from evaldash.i18n import t

ctx = ui.context()
lang = ctx.lang
st.title(t("audit.title", lang))
ui.require_role(ctx, ("admin",))
st.caption(t("audit.intro", lang))
entries = ui.audit_entries(ctx)
if entries.empty:
    st.info(t("audit.none", lang))
else:
    st.dataframe(ui.audit_table(entries, lang), hide_index=True)
    ui.audit_download(ctx, entries)
