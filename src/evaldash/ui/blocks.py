"""What pages are built from: banners, KPI cards, chart panels, tables, definitions, exports."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from evaldash import auth, csvsafe, logs, measures, privacy, site, views
from evaldash.filters import Filters
from evaldash.i18n import (
    fmt_number,
    fmt_period,
    t,
)
from evaldash.metrics import compare
from evaldash.ui import serverlog
from evaldash.ui.links import PANELS
from evaldash.ui.session import CONTEXT_KEY, Context, view


def banners(ctx: Context) -> None:
    """Say on every page when the selected pilot is demo data, and when the session is local."""
    if ctx.scope.is_local:
        st.caption(t("auth.local", ctx.lang))
    if ctx.demo_loaded_now and not st.session_state.get("_demo_notice_shown"):
        st.toast(t("banner.demo_loaded", ctx.lang), icon=":material/database:")
        st.session_state["_demo_notice_shown"] = True
    if ctx.pilot is not None and bool(ctx.pilot["is_demo"]):
        st.warning(t("banner.demo", ctx.lang), icon=":material/science:")


def kpi(
    column: st.delta_generator.DeltaGenerator,
    label: str,
    value: str,
    help_text: str,
    delta: str | None = None,
) -> None:
    """Render one headline figure as a bordered card."""
    column.metric(
        label,
        value,
        delta=delta,
        delta_color="off",
        delta_arrow="off",
        help=help_text,
        border=True,
    )


def kpi_row(cards: list[views.Card], widths: list[float] | None = None) -> None:
    """Render a page's headline figures (:func:`evaldash.site.cards`) as a row of cards.

    The exports of the page write the same cards (:mod:`evaldash.export`).
    """
    for column, card in zip(st.columns(widths or len(cards)), cards, strict=True):
        kpi(column, card.label, card.text, card.help, card.delta)


def headed(table: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """A table for people: names for codes, headers in the user's language."""
    return views.display_table(table, view(ctx))


def panel(item: views.Panel | None, v: views.View) -> None:
    """Render a panel: its chart, the caption, its notes, "show data" with a CSV download.

    The panel is also kept for this run's exports (:func:`export_buttons`).
    """
    if item is None:
        return
    st.session_state.setdefault(PANELS, []).append((item, v))
    chart_title(item.title)
    st.plotly_chart(untitled(item.figure), theme=None, key=f"chart_{item.key}", config=CHART_CONFIG)
    st.caption(plain(v.caption))
    for note in item.notes:
        st.caption(plain(note))
    with st.expander(t("data.show", v.lang)):
        st.dataframe(views.display_table(item.table, v), hide_index=True)
        st.download_button(
            t("data.download", v.lang),
            csv_file(item.table),
            file_name=download_name(v.f.pilot_id, _page(), "csv", item.key),
            mime="text/csv",
            key=f"download_{item.key}",
            on_click=audit_chart_download,
            args=("csv", v.f, item.key),
        )


CHART_CONFIG = {"displaylogo": False}


def chart_title(title: str) -> None:
    """A chart's title as the page's text: it wraps on a phone where a figure's title is cut."""
    text = title.replace("n = ", "n\u00a0=\u00a0")  # "n = 100" stays on one line
    st.markdown(f"#### {plain(text)}")


def untitled(fig: object, scale: float = 1.0, **layout: object) -> object:
    """A copy of ``fig`` without its title (written above it), with ``layout`` changes.

    A copy, so that the cached panel keeps its title for the exports. ``scale`` enlarges the
    type a chart sets itself (a grid's column names and cell numbers) with the rest, for a
    projector.
    """
    import plotly.graph_objects as go

    copy = go.Figure(fig)
    copy.update_layout(title_text="", margin_t=20, **layout)
    if scale != 1.0:
        for name in [k for k in copy.layout.to_plotly_json() if k.startswith(("xaxis", "yaxis"))]:
            font = copy.layout[name].tickfont
            if font.size:
                font.size = round(font.size * scale)
        for trace in copy.data:
            font = getattr(trace, "textfont", None)
            if font is not None and isinstance(font.size, int | float):
                font.size = round(font.size * scale)
    return copy


def download_name(pilot_id: object, page: str, fmt: str, chart: str | None = None) -> str:
    """A download's file name: pilot, page (and chart), format and today's date.

    ``evaldash-IB-GRT-2019-services-2026-12-07.pptx``; images come zipped, so their format
    is named before the date (``...-services-png-2026-12-07.zip``), and two downloads of one
    page never share a name.
    """
    parts = ["evaldash", str(pilot_id), page, *([chart] if chart else [])]
    if fmt in ("png", "svg"):
        parts.append(fmt)
    extension = "zip" if fmt in ("png", "svg") else fmt
    return f"{'-'.join(parts)}-{date.today().isoformat()}.{extension}"


def _page() -> str:
    """The page this run draws (for file names)."""
    ctx = st.session_state.get(CONTEXT_KEY)
    return ctx.page if ctx is not None else "view"


def csv_file(table: pd.DataFrame) -> bytes:
    """A table as CSV whose text never runs as a spreadsheet formula."""
    return csvsafe.csv_bytes(table)


def audit_chart_download(fmt: str, f: Filters | None, chart: str | None = None) -> None:
    """A download button's callback: audit the file the browser just received."""
    ctx = st.session_state.get(CONTEXT_KEY)
    if ctx is not None:
        _audit_export(ctx.engine, ctx.scope, fmt, ctx.page, f, chart)
        serverlog.note("export", page=ctx.page, format=fmt, chart=chart, role=ctx.scope.role)


def _audit_export(
    engine: Engine,
    scope: auth.Scope | None,
    fmt: str,
    page: str,
    f: Filters | None,
    chart: str | None = None,
) -> None:
    """Write the audit entry of a file leaving the dashboard (``scope``: who took it)."""
    user_name = scope.user_name if scope is not None else None
    audience = scope.role if scope is not None else "unknown"
    auth.audit_export(engine, user_name, fmt, page, f, audience, chart=chart)


def plain(text: object) -> str:
    """Escape Markdown so that text from the data is shown as written, never as formatting."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$])", r"\\\1", str(text))


def rounds_table(rounds: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return the rounds as a display table with localised headers and formatted dates."""
    return pd.DataFrame(
        {
            t("rounds.round", lang): rounds["round"],
            t("rounds.dates", lang): [
                fmt_period(a, b, lang)
                for a, b in zip(rounds["first_date"], rounds["last_date"], strict=True)
            ],
            t("rounds.assessed", lang): _counts(rounds, "assessed", lang),
            t("rounds.missing", lang): _counts(rounds, "missing", lang),
        }
    )


def _counts(table: pd.DataFrame, column: str, lang: str) -> list[str]:
    """A count column for people: "<5" or "hidden" where it is suppressed, else the number."""
    marks = table.get(privacy.MARKER, pd.Series("", index=table.index))
    return [
        views.marker_label(mark, lang) if pd.isna(value) and mark else fmt_number(value, lang)
        for value, mark in zip(table[column], marks, strict=True)
    ]


def question_cards(v: views.View) -> None:
    """One small chart per question, each with a link to its page."""
    from evaldash import charts

    st.subheader(t("overview.questions", v.lang))
    # Each card is drawn before the next is computed: the browser loads the charts' library
    # and draws the first while the server works on the others.
    cards = (
        (lambda: views.question_services(v), site.page("services")),
        (lambda: views.question_progress(v), site.page("progress")),
        (lambda: views.question_gaps(v), site.page("gaps")),
    )
    for column, (build, page) in zip(st.columns(3), cards, strict=True):
        with column:
            card = build()
            if card is not None:
                chart_title(card.title)
                st.plotly_chart(
                    untitled(charts.small(card.figure)),
                    theme=None,
                    key=card.key,
                    config=CHART_CONFIG,
                )
            st.page_link(
                page.script,
                label=t("overview.open", v.lang, page=t(f"nav.{page.key}", v.lang)),
                icon=page.icon,
            )


def rating_style(table: pd.DataFrame, lang: str) -> object:
    """Colour the rating column of a :func:`compare_table` (the word stays written out)."""
    from evaldash import charts

    colours = {t(f"rating.{r}", lang): c for r, c in charts.RATING_CELL_COLOURS.items()}
    column = t("compare.col_rating", lang)

    def paint(value: str) -> str:
        return f"background-color: {colours.get(value, 'white')}; color: {charts.INK}"

    return table.style.map(paint, subset=[column])


def league_table(rows: pd.DataFrame, mine: str, names: dict[str, str], lang: str) -> object:
    """The league as a table with "my municipality" bold and highlighted."""
    from evaldash import charts

    table = views.league_display(rows, names, lang)
    is_mine = (rows["municipality_code"] == mine).to_numpy()

    def highlight(row: pd.Series) -> list[str]:
        style = f"font-weight: bold; background-color: {charts.HIGHLIGHT_CELL}"
        return [style if is_mine[row.name] else ""] * len(row)

    return table.style.apply(highlight, axis=1)


def definitions_list(table: pd.DataFrame) -> None:
    """Show the measures' definitions one after another, each text whole (a table cuts them).

    ``table`` is :func:`evaldash.measures.definitions`: name, code, then the texts, with
    headers in the page's language.
    """
    heads = list(table.columns)
    for row in table.itertuples(index=False):
        lines = [f"**{row[0]}** (`{row[1]}`)"]
        lines += [
            f"- *{head}:* {_plain(value)}" for head, value in zip(heads[2:], row[2:], strict=True)
        ]
        st.markdown("\n".join(lines))


def page_definitions(page: str, lang: str) -> None:
    """An expander defining the measures ``page`` shows (:attr:`evaldash.site.Page.measures`)."""
    with st.expander(t("definitions.page", lang)):
        definitions_list(measures.definitions(lang, site.page(page).measures))


def _plain(text: object) -> str:
    """Text shown as it is in Markdown: characters Markdown would read as marks are escaped."""
    return re.sub(r"([\\`*_{}\[\]<>#|~])", r"\\\1", str(text))


def indicator_definitions(indicators: dict[str, str], lang: str) -> str:
    """A Markdown list saying what each indicator means (domains share one line)."""
    lines = []
    for info in compare.INDICATORS:
        if info.code in indicators:
            name = plain(indicators[info.code])
            lines.append(f"- **{name}**: {plain(t(f'define.{info.code}', lang))}")
    return "\n".join(lines)


def export_ready(ctx: Context) -> bool:
    """Whether PowerPoint, PDF and images can be made here (Chromium and fonts found)."""
    from evaldash import export

    return ctx.pilot is not None and export.missing_tools() is None


def deck_file(
    ctx: Context,
    v: views.View,
    items: list[views.Panel],
    fmt: str,
    scope: auth.Scope | None,
    cards: list[views.Card] | None = None,
) -> bytes:
    """Make an export file when its button is pressed, and audit it for ``scope``.

    The file is made outside the page's run, so the session's scope is passed in. ``cards``
    are the page's headline figures (default: those of ``ctx.page``, made in ``v``).
    """
    from evaldash import export

    if cards is None:
        cards = site.cards(ctx.page, v) if ctx.page in site.chart_pages() else []
    name = str(ctx.pilot["name"])  # type: ignore[index]
    data = export.write(export.Deck.of(v, name, items, cards), fmt)
    _audit_export(ctx.engine, scope, fmt, ctx.page, v.f)
    return data


def page_file(
    ctx: Context, page: str, choices: dict[str, object], fmt: str, scope: auth.Scope
) -> bytes:
    """Make the file of ``page`` with the page's ``choices``: every panel it has, in order.

    The panels and the page's headline cards are made again from the database (as ``export``
    does), outside the page's run, for ``scope``: the Overview's question cards come along
    with its spending chart, as in presentation mode, and its KPI cards with them.
    """
    v = views.View.direct(ctx.engine, ctx.filters, ctx.lang, scope)  # type: ignore[arg-type]
    items = site.panels(page, v, choices)
    cards = site.cards(page, v)  # the headline figures, from the page's own function
    return deck_file(ctx, (items[0].view or v) if items else v, items, fmt, scope, cards)


def export_buttons(ctx: Context, page: str) -> None:
    """Offer this page's charts as PowerPoint, PDF, Excel and images, in the sidebar.

    Files are made only when a button is pressed (in the background, one browser per file),
    from every panel of the page (:func:`evaldash.site.panels`) with its current choices.
    """
    from evaldash import export

    shown = st.session_state.get(PANELS, [])
    if not shown or ctx.pilot is None or ctx.filters is None:
        return
    lang = ctx.lang
    choices = {c.key: st.session_state.get(c.key) for c in site.choices(page)}
    box = st.sidebar.expander(t("export.heading", lang), icon=":material/download:")
    box.caption(t("export.help", lang))
    missing = export.missing_tools()
    formats = ["xlsx"] if missing else list(export.FORMATS)
    if missing:
        box.warning(t("export.missing", lang, tool=missing), icon=":material/warning:")
    scope = ctx.scope
    where = logs.where()  # the file is made outside this run: its log line names this one's
    for fmt in formats:
        box.download_button(
            t(f"export.{fmt}", lang),
            data=lambda fmt=fmt: _logged_file(ctx, page, choices, fmt, scope, where),
            file_name=download_name(ctx.pilot["pilot_id"], page, fmt),
            mime=export.MIME[fmt],
            key=f"export_{fmt}",
            on_click="ignore",
            width="stretch",
        )


def _logged_file(
    ctx: Context,
    page: str,
    choices: dict[str, object],
    fmt: str,
    scope: auth.Scope,
    where: dict[str, object],
) -> bytes:
    """:func:`page_file`, with a line in the server's log: format, page, size, duration."""
    with serverlog.timed("export", where, format=fmt, export_page=page) as logged:
        data = page_file(ctx, page, choices, fmt, scope)
        logged.update(bytes=len(data))
    return data
