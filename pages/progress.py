"""Progress between evaluation rounds: change by domain, outcomes, participants, municipalities."""

import streamlit as st

from evaldash import charts, ui
from evaldash.i18n import t
from evaldash.metrics import catalog, progress

ctx = ui.context()
lang, f = ctx.lang, ctx.filters
st.title(t("progress.title", lang))
if f is None:
    st.info(t("sidebar.no_pilots", lang))
    st.stop()
rounds = ui.cached(progress.rounds, f)
if len(rounds) < 2:
    st.info(t("progress.need_rounds", lang))
    st.stop()
round_from, round_to, population = ui.progress_controls(rounds, lang)
summary = ui.cached(progress.domain_summary, f, round_from, round_to, population)
if summary.empty:
    st.info(t("progress.empty", lang, round=round_from))
    st.stop()
domains = ui.cached_names(catalog.domain_names, lang)
period = ui.rounds_period(rounds, round_from, round_to, lang)
n = int(summary["n_pairs"].max())
caption = ui.caption(ctx, f)

shown = ui.progress_hover(summary, domains, lang)
fig = charts.change_interval(
    shown,
    names=domains,
    hover="hover",
    title=t("progress.change_title", lang, period=period, n=n),
    x_title=t("progress.change_axis", lang),
)
ui.chart(fig, ui.progress_table(summary, domains, lang), caption, "progress_change", lang)
for note in ui.small_sample_notes(summary, domains, lang):
    st.caption(note)
st.caption(t("progress.test_note", lang))

fig = charts.outcome_bars(
    summary,
    names=domains,
    labels={o: t(f"outcome.{o}", lang) for o in charts.OUTCOME_COLOURS},
    title=t("progress.outcome_title", lang, period=period, n=n),
)
ui.chart(
    fig,
    summary[["domain", "improved", "unchanged", "declined"]],
    caption,
    "progress_outcomes",
    lang,
)

ui.participant_charts(ctx, f, rounds, (round_from, round_to), summary, domains, caption)

places = ui.cached(progress.municipality_summary, f, round_from, round_to)
if not places.empty:
    fig = charts.heatmap(
        places,
        x="domain",
        y="municipality_code",
        z="improved_share",
        names={**ctx.names, **domains},
        z_title=t("progress.share_improved", lang),
        title=t("progress.municipality_title", lang, period=period, n=n),
    )
    ui.chart(fig, places, caption, "progress_municipalities", lang)
