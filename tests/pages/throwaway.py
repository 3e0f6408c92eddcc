"""A throw-away page: registered only by tests/test_site.py, to prove that a page is one
registry entry, one page file and one views function."""

import streamlit as st

from evaldash import site, ui
from evaldash.i18n import t

ctx = ui.context("throwaway")
st.title(t("nav.throwaway", ctx.lang))
v = ui.view(ctx)
[size] = site.page("throwaway").choices
chosen = ui.linked(st.selectbox, "Bars", [3, 5, 7], key=size.key)
for item in site.panels("throwaway", v, {size.key: chosen}):
    ui.panel(item, v)
