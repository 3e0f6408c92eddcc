"""Presentation mode: a page's charts one per screen, with the page's own choices."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from evaldash import site
from evaldash.i18n import t
from evaldash.ui.blocks import (
    CHART_CONFIG,
    deck_file,
    download_name,
    export_ready,
    plain,
    untitled,
)
from evaldash.ui.links import FIRST, from_link, to_link
from evaldash.ui.session import CONTEXT_KEY, Context, view


def start_page(ctx: Context, page: str) -> Context:
    """Note which page runs and whether it is presented; show the presentation button.

    ``app.py`` calls this after :func:`setup`, then presents the page's charts
    (:func:`present`) instead of drawing the page when the mode is on.
    """
    ctx = replace(ctx, page=page, presenting=presenting(ctx.lang))
    st.session_state[CONTEXT_KEY] = ctx
    if not ctx.presenting:
        not_presenting()
    return ctx


_PRESENTING = "_present_choices"


_PRESENT_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"] { display: none !important; }
[data-testid="stMain"] .block-container { padding: 1.2rem 2.5rem 1rem; max-width: 100%; }
[data-testid="stMain"] { font-size: 1.3rem; }
[data-testid="stMain"] h1 { font-size: 2.3rem; }
</style>"""


def presenting(lang: str) -> bool:
    """Whether presentation mode is on (link: ``present=1``); if not, the sidebar button for it.

    The mode is kept in session state, not in a widget: while presenting, the sidebar is not
    drawn, and a widget's state would be forgotten.
    """
    label = t("present.toggle", lang)

    def parse(values: list[str]) -> tuple[object, list[str]]:
        if values[0].lower() in ("1", "true", "yes"):
            return True, []
        if values[0].lower() in ("0", "false", "no"):
            return False, []
        return FIRST, values

    from_link("present", label, parse)
    on = st.session_state.get("present") is True
    if not on:
        st.sidebar.button(
            label,
            icon=":material/slideshow:",
            on_click=_start_presenting,
            help=t("present.help", lang),
            key="present_start",
            width="stretch",
        )
    to_link("present", "1" if on else None)
    return on


def _start_presenting() -> None:
    st.session_state["present"] = True
    st.session_state["slide"] = 1


def not_presenting() -> None:
    """Forget an earlier presentation's choices (the page's widgets hold them again)."""
    st.session_state.pop(_PRESENTING, None)


def present(ctx: Context, page: str) -> None:
    """Show the page's charts one per screen: title, filters, chart, takeaway, next/previous.

    The sidebar and toolbar are hidden; the left and right arrow keys move between slides and
    Esc leaves. The page's own choices (rounds, threshold, my municipality, ...)
    are carried over from the page or the link.
    """
    from evaldash import export

    lang = ctx.lang
    st.html(_PRESENT_CSS)
    v = view(ctx)
    choices = _presented_choices(page)
    charted = site.page(page).panels is not None
    items = site.panels(page, v, choices) if charted and ctx.filters else []
    v = (items[0].view or v) if items else v  # Compare's panels: a view of the whole group
    number = _slide_number(len(items))
    scope = ctx.scope
    left, middle, save, right = st.columns([5, 2, 2, 2], vertical_alignment="center")
    if items and export_ready(ctx):
        save.download_button(
            t("export.pptx", lang),
            data=lambda: deck_file(ctx, v, items, "pptx", scope),
            file_name=download_name(ctx.pilot["pilot_id"], page, "pptx"),  # type: ignore[index]
            mime=export.MIME["pptx"],
            icon=":material/slideshow:",
            on_click="ignore",
            key="present_pptx",
            width="stretch",
        )
    right.button(
        t("present.exit", lang),
        icon=":material/close_fullscreen:",
        on_click=_stop_presenting,
        shortcut="Esc",
        key="present_exit",
        width="stretch",
    )
    if not items:
        st.info(t("present.empty", lang))
        return
    item = items[number - 1]
    left.caption(t("present.position", lang, number=number, total=len(items)))
    back, forward = middle.columns(2)
    back.button(
        "",
        icon=":material/chevron_left:",
        on_click=_move_slide,
        args=(-1, len(items)),
        disabled=number == 1,
        shortcut="Left",
        key="slide_back",
        help=t("present.back", lang),
        width="stretch",
    )
    forward.button(
        "",
        icon=":material/chevron_right:",
        on_click=_move_slide,
        args=(1, len(items)),
        disabled=number == len(items),
        shortcut="Right",
        key="slide_next",
        help=t("present.next", lang),
        width="stretch",
    )
    st.title(plain(item.title))
    st.caption(plain(v.caption))
    # Large type for the room; a chart taller than the slide (many services) keeps its rows.
    height = max(600, int(item.figure.layout.height or 0) * 18 // 14)
    figure = untitled(item.figure, scale=18 / 14, height=height, font_size=18)
    # No toolbar on a slide: on a projector it only covers the chart's top labels.
    st.plotly_chart(
        figure,
        theme=None,
        key=f"slide_{item.key}",
        config={**CHART_CONFIG, "displayModeBar": False},
    )
    st.markdown(f"**{plain(item.takeaway)}**")
    if ctx.pilot is not None and bool(ctx.pilot["is_demo"]):
        st.caption(t("banner.demo", lang))


def _presented_choices(page: str) -> dict[str, object]:
    """The page's choices while presenting: taken once from the page's widgets or the link.

    Widgets that are not drawn lose their state, so the choices are kept apart here and
    written into the link on every run.
    """
    keys = [c.key for c in site.choices(page)]
    stored = st.session_state.get(_PRESENTING)
    if stored is None:
        typed = {k: st.session_state[k] for k in keys if k in st.session_state}
        linked_only = {
            k: st.query_params.get(k) for k in keys if k not in typed and k in st.query_params
        }
        stored = {"typed": typed, "link": linked_only}
        st.session_state[_PRESENTING] = stored
    for key, value in {**stored["link"], **stored["typed"]}.items():
        to_link(key, str(value))
    return {**stored["link"], **stored["typed"]}


def _slide_number(total: int) -> int:
    """The slide shown (1-based), in the link as ``slide=N``; clamped to the slides there are."""

    def parse(values: list[str]) -> tuple[object, list[str]]:
        return (int(values[0]), []) if values[0].isdigit() else (FIRST, values)

    from_link("slide", "slide", parse)
    number = st.session_state.get("slide", 1)
    number = min(max(int(number) if isinstance(number, int) else 1, 1), max(total, 1))
    st.session_state["slide"] = number
    to_link("slide", None if number == 1 else str(number))
    return number


def _move_slide(step: int, total: int) -> None:
    st.session_state["slide"] = min(max(st.session_state.get("slide", 1) + step, 1), total)


def _stop_presenting() -> None:
    """Leave presentation mode and give the page its choices back."""
    st.session_state["present"] = False
    stored = st.session_state.pop(_PRESENTING, None) or {"typed": {}}
    for key, value in stored["typed"].items():
        st.session_state[key] = value
    st.session_state.pop("slide", None)
