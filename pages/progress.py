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

changes = ui.cached(progress.participant_changes, f, round_from, round_to)
if not changes.empty:
    domain = st.selectbox(
        t("progress.domain", lang),
        list(summary["domain"]),
        format_func=lambda d: domains.get(d, d),
        key="progress_domain",
    )
    rows = changes[changes["domain"] == domain]
    labels = (ui.round_label(rounds, round_from, lang), ui.round_label(rounds, round_to, lang))
    fig = charts.slopegraph(
        rows,
        x_labels=labels,
        y_title=t("progress.score", lang),
        status_labels={o: t(f"outcome.{o}", lang) for o in charts.OUTCOME_COLOURS},
        title=t(
            "progress.slope_title",
            lang,
            domain=domains.get(domain, domain),
            from_label=labels[0],
            to_label=labels[1],
        ),
    )
    ui.chart(fig, rows, caption, "progress_slopes", lang)
    code = st.selectbox(
        t("progress.participant", lang),
        sorted(changes["participant_code"].unique()),
        key="progress_participant",
    )
    profile = ui.cached(progress.participant_profile, f, code)
    fig = charts.radar(
        profile,
        names=domains,
        labels=(t("progress.first", lang), t("progress.latest", lang)),
        title=t("progress.radar_title", lang, code=code),
    )
    ui.chart(fig, profile, caption, "progress_radar", lang)

places = ui.cached(progress.municipality_summary, f, round_from, round_to)
if not places.empty:
    fig = charts.heatmap(
        places,
        x="domain",
        y="municipality_code",
        z="improved_share",
        names={**ctx.names, **domains},
        z_title=t("progress.share_improved", lang),
        title=t("progress.municipality_title", lang, period=period),
    )
    ui.chart(fig, places, caption, "progress_municipalities", lang)
