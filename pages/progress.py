"""Progress between evaluation rounds: change by domain, outcomes, participants, municipalities."""

import streamlit as st

from evaldash import site, ui, views
from evaldash.i18n import t
from evaldash.metrics import progress

ctx = ui.context("progress")
lang, f = ctx.lang, ctx.filters
st.title(t("progress.title", lang))
if f is None:
    st.info(t("sidebar.no_pilots", lang))
    st.stop()
rounds = ui.cached(progress.rounds, f)
if len(rounds) < 2:
    st.info(t("progress.need_rounds", lang))
    st.stop()
who = views.populations(ctx.scope, f)
window = views.Window(rounds, *ui.progress_controls(rounds, lang, who))
v = ui.view(ctx)
summary = views.progress_summary(v, window)
if summary.empty:
    st.info(t("progress.empty", lang, round=window.round_from))
    st.stop()

ui.panel(views.progress_change(v, window), v)
ui.panel(views.progress_outcomes(v, window), v)
changes = views.progress_changes(v, window)
if not changes.empty:
    domain = ui.linked(
        st.selectbox,
        t("progress.domain", lang),
        list(summary["domain"]),
        format_func=lambda d: v.domains.get(d, d),
        key=site.PROGRESS_DOMAIN.key,
    )
    ui.panel(views.progress_slopes(v, window, domain), v)
    code = ui.linked(
        st.selectbox,
        t("progress.participant", lang),
        sorted(changes["participant_code"].unique()),
        key=site.PROGRESS_PARTICIPANT.key,
    )
    ui.panel(views.progress_radar(v, window, code), v)
ui.panel(views.progress_municipalities(v, window), v)

ui.page_definitions("progress", lang)
