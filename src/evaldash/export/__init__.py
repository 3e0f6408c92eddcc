"""Files of a view for meetings: PowerPoint, PDF, an Excel workbook, PNG or SVG images.

No Streamlit. A :class:`Deck` (:mod:`.deck`) is a title, the filters in words, the data date,
the headline cards and the panels of one or more pages (:mod:`evaldash.views`); the writers
turn it into files (the workbook in :mod:`.workbook`). Chart images come from kaleido 1.x
driving a Chrome or Chromium installed on the computer (:func:`evaldash.browser.find`): one
browser runs for a whole export, and nothing is downloaded. The PDF's font, DejaVu Sans,
ships with the package (``evaldash/fonts``).

The PowerPoint and the PDF are written for screen readers as well: the document's language
is set (Latvian or English), every chart image carries its title and takeaway as alternative
text, and each chart is read title, chart, takeaway. The chart library is plotly's own copy
(:data:`PLOTLY_JS`), MathJax is off.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import io
import logging
import re
import threading
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

import plotly
import plotly.graph_objects as go

from evaldash import browser, measures, resources
from evaldash.errors import EvaldashError
from evaldash.export.deck import Deck, deck
from evaldash.export.workbook import sheet_names, sheet_title, workbook
from evaldash.i18n import t
from evaldash.progress import Progress, silent
from evaldash.views import Card, Panel

__all__ = [
    "FORMATS",
    "MIME",
    "Deck",
    "EvaldashError",
    "Renderer",
    "deck",
    "definition_lines",
    "images",
    "missing_tools",
    "presentation",
    "renderer",
    "report",
    "sheet_names",
    "sheet_title",
    "workbook",
    "write",
]

FORMATS = ("pptx", "pdf", "xlsx", "png", "svg")
MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "application/zip",
    "svg": "application/zip",
}
SLIDE_PX = (1200, 675)  # 16:9
PAGE_PX = (900, 600)  # A4 text width: keeps the charts' 14 px type readable on paper
PLOTLY_JS = Path(plotly.__file__).with_name("package_data") / "plotly.min.js"
"""The chart library kaleido draws with: the copy installed with plotly. Without it kaleido
would fetch one from a CDN, so an export refuses to start instead (see :func:`renderer`)."""


class Renderer:
    """Chart images from one Chromium kept running (use :func:`renderer`)."""

    def image(
        self,
        fig: go.Figure,
        fmt: str = "png",
        size: tuple[int, int] = SLIDE_PX,
        with_title: bool = True,
    ) -> bytes:
        """Return ``fig`` as PNG (at twice the pixels, for sharp slides) or SVG bytes.

        ``with_title=False`` leaves the chart's title out, for a slide or page that prints it.
        """
        opts = {"format": fmt, "width": size[0], "height": size[1]}
        if fmt == "png":
            opts["scale"] = 2
        running = _browser[0]
        if running is None:
            raise EvaldashError("Charts are drawn inside an export's renderer() only.")
        try:
            return running.draw(_sized(fig, size, with_title), opts)
        except EvaldashError:
            raise
        except Exception as exc:  # kaleido raises several types; all mean no image
            raise EvaldashError(f"Could not draw the chart {_title(fig)!r}: {exc}") from exc


class _Counted(Renderer):
    """A renderer that tells ``progress`` each chart it has drawn."""

    def __init__(self, draw: Renderer, total: int, progress: Progress) -> None:
        self.draw, self.total, self.progress, self.done = draw, total, progress, 0
        progress("draw", 0, total)

    def image(self, fig: go.Figure, *args: object, **kwargs: object) -> bytes:
        """Draw with the wrapped renderer, then count the chart."""
        data = self.draw.image(fig, *args, **kwargs)  # type: ignore[arg-type]
        self.done += 1
        self.progress("draw", self.done, max(self.total, self.done))
        return data


class _BrowserSaidBye(logging.Filter):
    """Drop choreographer's report of the browser's goodbye as a broken message.

    choreographer's wrapper around Chromium writes ``{bye}`` on the browser's pipe as the
    browser ends; read together with the browser's last message, choreographer logs it as a
    ``JSONError`` with a traceback ("Ignoring"), though it only means the browser closed (after
    the export it drew). Any other broken message is still logged.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        cause = getattr(error, "__cause__", None)
        return str(getattr(cause, "doc", "")).strip() != "{bye}"


_SAID_BYE = _BrowserSaidBye()


def _filter_goodbye() -> None:
    """Install the filter on choreographer's pipe logger, once it exists (kaleido imported).

    Made earlier, by ``logging.getLogger``, that logger would lack logistro's methods.
    """
    import choreographer.channels.pipe  # noqa: F401 - makes its logger, logistro's kind

    pipe = logging.getLogger("choreographer.channels.pipe")
    if _SAID_BYE not in pipe.filters:
        pipe.addFilter(_SAID_BYE)


START_SECONDS = 90.0
"""Longest wait for the browser to start and open its page."""
DRAW_SECONDS = 150.0
"""Longest wait for one chart (kaleido gives up on its own after 120 s)."""
CLOSE_SECONDS = 30.0
"""Longest wait for the browser to close."""


class _Browser:
    """kaleido's Chromium, driven on an event loop of its own thread; every wait has a deadline.

    kaleido's own synchronous server waits without one: a browser that fails to start, or an
    answer lost on its pipe, would leave an export (and the session or test that asked for it)
    waiting for good. Here a wait that runs out ends the export with a message and the
    browser is closed; the next export starts a new one.
    """

    def __init__(self, program: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(
            target=self.loop.run_forever, name="evaldash-chart-browser", daemon=True
        )
        self.thread.start()
        self.kaleido: Any = None
        try:
            self._wait(self._open(program), START_SECONDS, "start")
        except BaseException:
            self.close()
            raise

    async def _open(self, program: str) -> None:
        import kaleido

        _filter_goodbye()

        drawer = kaleido.Kaleido(
            n=1, plotlyjs=PLOTLY_JS.as_uri(), mathjax=False, timeout=120, path=program
        )
        self.kaleido = drawer
        await drawer.__aenter__()

    def draw(self, fig: go.Figure, opts: dict[str, object]) -> bytes:
        """One chart's image (kaleido's ``calc_fig``), or EvaldashError when it takes too long."""
        return self._wait(self.kaleido.calc_fig(fig, opts=opts), DRAW_SECONDS, "draw a chart")

    def _wait(self, coroutine: Any, seconds: float, what: str) -> Any:
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        try:
            return future.result(timeout=seconds)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise EvaldashError(
                f"The browser that draws the charts did not {what} within {seconds:g} s. "
                "Try the download again; if it happens again, restart the dashboard."
            ) from None

    def close(self) -> None:
        """Close the browser (within :data:`CLOSE_SECONDS`) and end the thread."""
        try:
            if self.kaleido is not None:
                self._wait(self.kaleido.__aexit__(None, None, None), CLOSE_SECONDS, "close")
        except Exception:  # noqa: BLE001 - a browser that will not close is left to exit
            logging.getLogger(__name__).warning("the chart browser did not close", exc_info=True)
        finally:
            self.kaleido = None
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)
            if not self.thread.is_alive():
                self.loop.close()


# One browser per process: exports of several sessions take turns, and an export started
# inside another (same thread) uses the browser already running.
_ONE_BROWSER = threading.RLock()
_running = [0]
_browser: list[_Browser | None] = [None]


@contextmanager
def renderer() -> Iterator[Renderer]:
    """Start one headless Chromium for a whole export and stop it afterwards.

    Exports of several sessions of the app take turns, since kaleido keeps one browser per
    process.

    Raises:
        EvaldashError: when no Chrome or Chromium is found (it says what to install or set),
            or plotly's copy of the chart library is missing.
    """
    program = browser.find()
    if not PLOTLY_JS.is_file():
        raise EvaldashError(
            f"No chart library at {PLOTLY_JS} to draw the charts with, and nothing may be "
            "downloaded: reinstall plotly (pip install --force-reinstall plotly)."
        )
    with _ONE_BROWSER:
        if not _running[0]:
            _browser[0] = _Browser(str(program))
        _running[0] += 1
        try:
            yield Renderer()
        finally:
            _running[0] -= 1
            if not _running[0]:
                running, _browser[0] = _browser[0], None
                if running is not None:
                    running.close()


def missing_tools() -> str | None:
    """Say what this machine lacks for the drawn formats (None: nothing; Excel always works).

    Only a browser can be missing: the PDF's font ships with the package.
    """
    return browser.missing()


def write(deck: Deck, fmt: str, draw: Renderer | None = None, progress: Progress = silent) -> bytes:
    """Return the deck as a file of format ``fmt`` (see :data:`FORMATS`).

    ``png`` and ``svg`` give a zip archive with one image per chart. ``draw`` is a running
    :class:`Renderer`; without one, a browser is started for this export (not needed for
    ``xlsx``). ``progress`` hears the charts drawn (``draw``).

    Raises:
        ValueError: for an unknown format.
        EvaldashError: when the deck has no chart, or charts cannot be drawn.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {list(FORMATS)}")
    if not deck.panels:
        raise EvaldashError(t("export.empty", deck.lang))
    if fmt == "xlsx":
        return workbook(deck)
    if draw is None:
        with renderer() as started:
            return write(deck, fmt, started, progress)
    if progress is not silent:
        draw = _Counted(draw, len(deck.panels), progress)
    if fmt == "pptx":
        return presentation(deck, draw)
    if fmt == "pdf":
        return report(deck, draw)
    return images(deck, draw, fmt)


LANGUAGE_TAGS = {"lv": "lv-LV", "en": "en-GB"}
"""The document language of a file in each interface language (BCP 47)."""


def alt_text(item: Panel) -> str:
    """A chart image's alternative text: its title and its takeaway."""
    return f"{item.title}. {item.takeaway}"


def presentation(deck: Deck, draw: Renderer) -> bytes:
    """A 16:9 PowerPoint: title slide, headline figures, one slide per chart, definitions.

    A chart's slide reads title, image, takeaway, in that order. Its speaker notes hold the
    caption (filters, n, source); the picture's alternative text is its title and takeaway.
    Every text is marked Latvian or English.
    """
    from pptx import Presentation
    from pptx.util import Emu, Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)  # 13.33 x 7.5 in, 16:9
    prs.core_properties.title = deck.title
    prs.core_properties.language = LANGUAGE_TAGS[deck.lang]
    cover = prs.slides.add_slide(prs.slide_layouts[0])
    cover.shapes.title.text = deck.title
    cover.placeholders[1].text = f"{deck.subtitle}\n{deck.source}"
    if deck.cards:
        _cards_slide(prs, deck)
    for item in deck.panels:
        slide = prs.slides.add_slide(prs.slide_layouts[5])  # title only
        title = slide.shapes.title
        title.left, title.top = Inches(0.4), Inches(0.2)
        title.width, title.height = Inches(12.5), Inches(0.9)
        title.text = item.title
        for paragraph in title.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(24)
        image = io.BytesIO(draw.image(item.figure, "png", SLIDE_PX, with_title=False))
        picture = slide.shapes.add_picture(image, Inches(1.4), Inches(1.15), height=Inches(5.5))
        picture.name = item.key
        picture._element.nvPicPr.cNvPr.set("descr", alt_text(item))
        box = slide.shapes.add_textbox(Inches(0.5), Inches(6.7), Inches(12.3), Inches(0.7))
        box.name = "takeaway"
        box.text_frame.word_wrap = True
        box.text_frame.text = item.takeaway
        box.text_frame.paragraphs[0].runs[0].font.size = Pt(18)
        slide.notes_slide.notes_text_frame.text = "\n".join(
            [item.title, item.takeaway, deck.subtitle, deck.source, *item.notes]
        )
    _definitions_slide(prs, deck.lang)
    _mark_language(prs, LANGUAGE_TAGS[deck.lang])
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _cards_slide(prs: object, deck: Deck) -> None:
    """A slide of the headline figures as the page shows them, one box per card, in a row.

    Each box reads value, then label; the speaker notes explain every figure.
    """
    from pptx.util import Inches, Pt

    slide = prs.slides.add_slide(prs.slide_layouts[5])  # type: ignore[attr-defined]
    slide.shapes.title.text = t("export.cards_title", deck.lang)
    per_row = min(len(deck.cards), 5)
    width = 12.3 / per_row
    for index, card in enumerate(deck.cards):
        row, col = divmod(index, per_row)
        left, top = Inches(0.5 + col * width), Inches(1.8 + row * 2.3)
        box = slide.shapes.add_textbox(left, top, Inches(width - 0.2), Inches(2.0))
        box.name = card.key
        box.line.color.rgb = _rgb(INK_GREY)
        frame = box.text_frame
        frame.word_wrap = True
        lines = [(card.text, 36, True), (card.label, 16, False)]
        lines += [(card.delta, 13, False)] if card.delta else []
        for number, (text, size, bold) in enumerate(lines):
            paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text, run.font.size, run.font.bold = text, Pt(size), bold
    slide.notes_slide.notes_text_frame.text = "\n".join(
        [*(f"{c.label}: {c.text}. {c.help}" for c in deck.cards), deck.subtitle, deck.source]
    )


INK_GREY = "767676"  # a card's border: 4.5:1 on white


def _rgb(hex_code: str) -> object:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_code)


def _mark_language(prs: object, tag: str) -> None:
    """Mark every text of the presentation (runs, paragraph ends, defaults) as ``tag``."""
    from pptx.oxml.ns import qn

    parts = [prs.part._element]  # type: ignore[attr-defined]  # p:presentation defaults
    for slide in prs.slides:  # type: ignore[attr-defined]
        parts.append(slide._element)
        if slide.has_notes_slide:
            parts.append(slide.notes_slide._element)
    for element in parts:
        for paragraph in element.iter(qn("a:p")):
            for run in paragraph.iter(qn("a:r")):
                run.get_or_add_rPr().set("lang", tag)
            paragraph.get_or_add_endParaRPr().set("lang", tag)
        for defaults in element.iter(qn("a:defRPr")):
            defaults.set("lang", tag)


def _definitions_slide(prs: object, lang: str) -> None:
    """A last slide naming the measures; its speaker notes hold their definitions."""
    from pptx.util import Inches, Pt

    slide = prs.slides.add_slide(prs.slide_layouts[5])  # type: ignore[attr-defined]
    slide.shapes.title.text = t("export.definitions", lang)
    box = slide.shapes.add_textbox(Inches(0.6), Inches(1.3), Inches(12.1), Inches(5.8))
    box.text_frame.word_wrap = True
    names = measures.definitions(lang).iloc[:, 0]
    box.text_frame.text = "\n".join(names)
    for paragraph in box.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(14)
    slide.notes_slide.notes_text_frame.text = "\n".join(definition_lines(lang))


def report(deck: Deck, draw: Renderer) -> bytes:
    """An A4 PDF: title page, headline figures, a page per chart, definitions.

    A chart's page holds its title, image, takeaway and caption. A tagged PDF in the deck's
    language: headings, paragraphs and figures (with their title and takeaway as alternative
    text) in reading order, the title shown as the window's.
    """
    from fpdf import FPDF, ViewerPreferences

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    with ExitStack() as stack:  # fpdf2 reads a font from a file, once, here
        regular, bold = [
            str(stack.enter_context(importlib_resources.as_file(resources.font(name))))
            for name in resources.FONTS
        ]
        pdf.add_font("DejaVu", "", regular)
        pdf.add_font("DejaVu", "B", bold)
    pdf.set_title(deck.title)
    pdf.set_subject(deck.subtitle)
    pdf.set_lang(LANGUAGE_TAGS[deck.lang])
    pdf.set_creator("evaldash")
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.ln(40)
    _text(pdf, deck.title, "/H1", 10, size=20, bold=True)
    pdf.ln(6)
    _text(pdf, f"{deck.subtitle}\n{deck.source}", "/P", 7, size=12)
    if deck.cards:
        _cards_page(pdf, deck.cards, deck.lang)
    for item in deck.panels:
        pdf.add_page()
        _text(pdf, item.title, "/H2", 6.5, size=13, bold=True)
        pdf.ln(2)
        image = io.BytesIO(draw.image(item.figure, "png", PAGE_PX, with_title=False))
        pdf.image(image, w=pdf.epw, alt_text=alt_text(item))
        pdf.ln(3)
        _text(pdf, item.takeaway, "/P", 5.5, size=11)
        pdf.ln(2)
        caption = " ".join([deck.subtitle, deck.source, *item.notes])
        _text(pdf, caption, "/P", 4.2, size=8.5, grey=True)
    pdf.add_page()
    _text(pdf, t("export.definitions", deck.lang), "/H2", 6.5, size=13, bold=True)
    pdf.ln(2)
    for line in definition_lines(deck.lang):
        _text(pdf, line, "/P", 4.2, size=8.5)
        pdf.ln(1.5)
    return bytes(pdf.output())


def _cards_page(pdf: object, cards: Sequence[Card], lang: str) -> None:
    """A page of the headline figures as the page shows them: value, label, explanation."""
    pdf.add_page()  # type: ignore[attr-defined]
    _text(pdf, t("export.cards_title", lang), "/H2", 6.5, size=13, bold=True)
    for card in cards:
        pdf.ln(4)  # type: ignore[attr-defined]
        _text(pdf, f"{card.label}: {card.text}", "/P", 7, size=14, bold=True)
        lines = [card.help, *([card.delta] if card.delta else [])]
        _text(pdf, " ".join(lines), "/P", 4.8, size=10, grey=True)


GREY_TEXT = (90, 90, 90)  # 7:1 on white


def _text(
    pdf: object,
    text: str,
    tag: str,
    height: float,
    *,
    size: float,
    bold: bool = False,
    grey: bool = False,
) -> None:
    """Write a paragraph as structure element ``tag`` (/H1, /H2, /P) of the tagged PDF.

    A paragraph that would not fit starts on the next page (a tagged one may not break).
    """
    from fpdf.enums import MethodReturnValue, XPos, YPos

    pdf.set_font("DejaVu", "B" if bold else "", size)  # type: ignore[attr-defined]
    pdf.set_text_color(*(GREY_TEXT if grey else (0, 0, 0)))  # type: ignore[attr-defined]
    place = {"align": "L", "new_x": XPos.LMARGIN, "new_y": YPos.NEXT}
    needed = pdf.multi_cell(  # type: ignore[attr-defined]
        0, height, text, dry_run=True, output=MethodReturnValue.HEIGHT, **place
    )
    if pdf.will_page_break(needed):  # type: ignore[attr-defined]
        pdf.add_page()  # type: ignore[attr-defined]
    with _tagged(pdf, tag):
        pdf.multi_cell(0, height, text, **place)  # type: ignore[attr-defined]
    pdf.set_text_color(0, 0, 0)  # type: ignore[attr-defined]


@contextmanager
def _tagged(pdf: object, tag: str) -> Iterator[None]:
    """Mark what is written inside as one structure element ``tag``, in reading order.

    fpdf2 2.8 tags images (``alt_text``) but not text; this is its own marked-content
    sequence (``FPDF._marked_sequence``) with another structure type.
    """
    page = pdf.page  # type: ignore[attr-defined]
    mcid = pdf.struct_builder.next_mcid_for_page(page)  # type: ignore[attr-defined]
    pdf._add_marked_content(struct_type=tag, mcid=mcid)  # type: ignore[attr-defined]
    pdf._out(f"/{tag.lstrip('/')} <</MCID {mcid}>> BDC")  # type: ignore[attr-defined]
    yield
    pdf._out("EMC")  # type: ignore[attr-defined]


def definition_lines(lang: str) -> list[str]:
    """Every measure's definition as one line of text, for the notes of slides and pages."""
    table = measures.definitions(lang)
    heads = list(table.columns)
    return [
        f"{row[0]} ({row[1]}): {row[2]} {heads[3]}: {row[3]} {heads[4]}: {row[4]}; "
        f"{heads[5]}: {row[5]}. {heads[6]}: {row[6]}"
        for row in table.itertuples(index=False)
    ]


def images(deck: Deck, draw: Renderer, fmt: str = "png") -> bytes:
    """A zip archive with one PNG or SVG per chart, named ``NN-<key>.<fmt>``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, item in enumerate(deck.panels, start=1):
            data = draw.image(item.figure, fmt, SLIDE_PX)
            archive.writestr(f"{index:02d}-{_safe_name(item.key)}.{fmt}", data)
    return out.getvalue()


def _sized(fig: go.Figure, size: tuple[int, int], with_title: bool) -> go.Figure:
    """A copy of ``fig`` drawn at ``size`` (the screen's heights fit a web page, not a slide)."""
    copy = go.Figure(fig)
    copy.update_layout(width=size[0], height=size[1], autosize=False, title_x=0.01)
    if not with_title:
        copy.update_layout(title_text="", margin_t=30)
    return copy


def _title(fig: go.Figure) -> str:
    return fig.layout.title.text or "chart"


def _safe_name(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", key)
