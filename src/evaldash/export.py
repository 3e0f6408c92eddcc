"""Files of a view for meetings: PowerPoint, PDF, an Excel workbook, PNG or SVG images.

No Streamlit. A :class:`Deck` is a title, the filters in words, the data date and the panels
of one or more pages (:mod:`evaldash.views`); the writers turn it into files. Chart images
come from kaleido 1.x driving the system's Chromium (``BROWSER_PATH``, default
``/usr/bin/chromium``): one browser runs for a whole export, and nothing is downloaded: the
chart library is plotly's own copy (:data:`PLOTLY_JS`), MathJax is off.
"""

from __future__ import annotations

import io
import os
import re
import threading
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly
import plotly.graph_objects as go

from evaldash import measures, site
from evaldash.csvsafe import FORMULA_START
from evaldash.errors import EvaldashError
from evaldash.i18n import t
from evaldash.views import Panel, View

FORMATS = ("pptx", "pdf", "xlsx", "png", "svg")
MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "application/zip",
    "svg": "application/zip",
}
DEFAULT_BROWSER = "/usr/bin/chromium"
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu")
SLIDE_PX = (1200, 675)  # 16:9
PAGE_PX = (900, 600)  # A4 text width: keeps the charts' 14 px type readable on paper
PLOTLY_JS = Path(plotly.__file__).with_name("package_data") / "plotly.min.js"
"""The chart library kaleido draws with: the copy installed with plotly. Without it kaleido
would fetch one from a CDN, so an export refuses to start instead (see :func:`renderer`)."""


@dataclass(frozen=True)
class Deck:
    """What an export holds: a title slide's texts and the panels, in order.

    ``subtitle`` is the selection in words; ``source`` names the data and their date.
    """

    title: str
    subtitle: str
    source: str
    lang: str
    panels: Sequence[Panel]

    @classmethod
    def of(cls, v: View, title: str, panels: Sequence[Panel]) -> Deck:
        """A deck of ``panels`` shown in view ``v``: its selection, source and language."""
        return cls(title, v.selection, v.source, v.lang, panels)


def deck(v: View, title: str, pages: Sequence[str], choices: dict | None = None) -> Deck:
    """The panels of ``pages`` (in order) for view ``v``, with the pages' ``choices``."""
    found = [item for page in pages for item in site.panels(page, v, choices)]
    return Deck.of(v, title, found)


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
        import kaleido

        opts = {"format": fmt, "width": size[0], "height": size[1]}
        if fmt == "png":
            opts["scale"] = 2
        try:
            return kaleido.calc_fig_sync(_sized(fig, size, with_title), opts=opts)
        except Exception as exc:  # kaleido raises several types; all mean no image
            raise EvaldashError(f"Could not draw the chart {_title(fig)!r}: {exc}") from exc


# kaleido's browser is one per process: exports of several sessions take turns, and an export
# started inside another (same thread) uses the browser already running.
_ONE_BROWSER = threading.RLock()
_running = [0]


@contextmanager
def renderer() -> Iterator[Renderer]:
    """Start one headless Chromium for a whole export and stop it afterwards.

    Exports of several sessions of the app take turns, since kaleido keeps one browser per
    process.

    Raises:
        EvaldashError: when no Chromium is found (it names the setting that points to one),
            or plotly's copy of the chart library is missing.
    """
    browser = os.environ.get("BROWSER_PATH", DEFAULT_BROWSER)
    if not Path(browser).is_file():
        raise EvaldashError(
            f"No Chromium at {browser} to draw the charts. Install Debian's chromium "
            "(apt-get install chromium) or set BROWSER_PATH to a Chromium or Chrome binary."
        )
    if not PLOTLY_JS.is_file():
        raise EvaldashError(
            f"No chart library at {PLOTLY_JS} to draw the charts with, and nothing may be "
            "downloaded: reinstall plotly (pip install --force-reinstall plotly)."
        )
    os.environ["BROWSER_PATH"] = browser
    import kaleido

    with _ONE_BROWSER:
        if not _running[0]:
            kaleido.start_sync_server(
                n=1, plotlyjs=PLOTLY_JS.as_uri(), mathjax=False, timeout=120, silence_warnings=True
            )
        _running[0] += 1
        try:
            yield Renderer()
        finally:
            _running[0] -= 1
            if not _running[0]:
                kaleido.stop_sync_server(silence_warnings=True)


def missing_tools() -> str | None:
    """Say what this machine lacks for the drawn formats (None: nothing; Excel always works)."""
    browser = os.environ.get("BROWSER_PATH", DEFAULT_BROWSER)
    if not Path(browser).is_file():
        return f"Chromium ({browser}; apt-get install chromium, or set BROWSER_PATH)"
    try:
        _fonts()
    except EvaldashError:
        return "DejaVu Sans (apt-get install fonts-dejavu-core)"
    return None


def write(deck: Deck, fmt: str, draw: Renderer | None = None) -> bytes:
    """Return the deck as a file of format ``fmt`` (see :data:`FORMATS`).

    ``png`` and ``svg`` give a zip archive with one image per chart. ``draw`` is a running
    :class:`Renderer`; without one, a browser is started for this export (not needed for
    ``xlsx``).

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
            return write(deck, fmt, started)
    if fmt == "pptx":
        return presentation(deck, draw)
    if fmt == "pdf":
        return report(deck, draw)
    return images(deck, draw, fmt)


def presentation(deck: Deck, draw: Renderer) -> bytes:
    """A 16:9 PowerPoint: a title slide, then per chart its title, image and takeaway.

    Each chart slide's speaker notes hold the caption (filters, n, source).
    """
    from pptx import Presentation
    from pptx.util import Emu, Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)  # 13.33 x 7.5 in, 16:9
    cover = prs.slides.add_slide(prs.slide_layouts[0])
    cover.shapes.title.text = deck.title
    cover.placeholders[1].text = f"{deck.subtitle}\n{deck.source}"
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
        slide.shapes.add_picture(image, Inches(1.4), Inches(1.15), height=Inches(5.5))
        box = slide.shapes.add_textbox(Inches(0.5), Inches(6.7), Inches(12.3), Inches(0.7))
        box.text_frame.word_wrap = True
        box.text_frame.text = item.takeaway
        box.text_frame.paragraphs[0].runs[0].font.size = Pt(18)
        slide.notes_slide.notes_text_frame.text = "\n".join(
            [item.title, item.takeaway, deck.subtitle, deck.source, *item.notes]
        )
    _definitions_slide(prs, deck.lang)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


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
    """An A4 PDF: a title page, then per chart its title, image, takeaway and caption."""
    from fpdf import FPDF

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    regular, bold = _fonts()
    pdf.add_font("DejaVu", "", regular)
    pdf.add_font("DejaVu", "B", bold)
    pdf.set_title(deck.title)
    pdf.set_creator("evaldash")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 20)
    pdf.ln(40)
    pdf.multi_cell(0, 10, deck.title, align="L")
    pdf.ln(6)
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(0, 7, f"{deck.subtitle}\n{deck.source}", align="L")
    for item in deck.panels:
        pdf.add_page()
        pdf.set_font("DejaVu", "B", 13)
        pdf.multi_cell(0, 6.5, item.title, align="L")
        pdf.ln(2)
        image = io.BytesIO(draw.image(item.figure, "png", PAGE_PX, with_title=False))
        pdf.image(image, w=pdf.epw)
        pdf.ln(3)
        pdf.set_font("DejaVu", "", 11)
        pdf.multi_cell(0, 5.5, item.takeaway, align="L")
        pdf.ln(2)
        pdf.set_font("DejaVu", "", 8.5)
        pdf.set_text_color(90, 90, 90)
        pdf.multi_cell(0, 4.2, " ".join([deck.subtitle, deck.source, *item.notes]), align="L")
        pdf.set_text_color(0, 0, 0)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 13)
    pdf.multi_cell(0, 6.5, t("export.definitions", deck.lang), align="L")
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 8.5)
    for line in definition_lines(deck.lang):
        pdf.multi_cell(0, 4.2, line, align="L")
        pdf.ln(1.5)
    return bytes(pdf.output())


def workbook(deck: Deck) -> bytes:
    """An Excel workbook: an information sheet, then one sheet per chart with its table.

    Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
    tab or carriage return) is stored as plain text (text type, quote prefix).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    info = book.active
    info.title = t("export.info", deck.lang)[:31]
    for row in (
        (t("export.title", deck.lang), deck.title),
        (t("export.selection", deck.lang), deck.subtitle),
        (t("export.source", deck.lang), deck.source),
    ):
        _append(info, row)
    info.append([])
    _append(info, (t("export.sheet", deck.lang), t("export.chart", deck.lang)))
    names = sheet_names([p.key for p in deck.panels])
    for item, name in zip(deck.panels, names, strict=True):
        _append(info, (name, item.title))
        sheet = book.create_sheet(name)
        _append(sheet, [str(c) for c in item.table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in item.table.itertuples(index=False):
            _append(sheet, [_value(v) for v in row])
        for index, column in enumerate(item.table.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(10, len(str(column)) + 3)
        sheet.freeze_panes = "A2"
    info.column_dimensions["A"].width = 34
    info.column_dimensions["B"].width = 100
    _definitions_sheet(book, deck.lang)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _definitions_sheet(book: object, lang: str) -> None:
    """Add a sheet listing every measure (:func:`evaldash.measures.definitions`)."""
    from openpyxl.styles import Alignment, Font

    table = measures.definitions(lang)
    sheet = book.create_sheet(t("export.definitions", lang)[:31])  # type: ignore[attr-defined]
    _append(sheet, list(table.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.itertuples(index=False):
        _append(sheet, list(row))
    for column, width in zip("ABCDEFG", (34, 24, 60, 50, 18, 18, 60), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


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


def sheet_names(keys: Sequence[str]) -> list[str]:
    """Unique Excel sheet names (at most 31 characters, none of the forbidden signs)."""
    names: list[str] = []
    for key in keys:
        base = re.sub(r"[\[\]:*?/\\]", "_", key)[:31]
        name, k = base, 2
        while name.lower() in {n.lower() for n in names}:
            suffix = f"~{k}"
            name, k = base[: 31 - len(suffix)] + suffix, k + 1
        names.append(name)
    return names


def _append(sheet: object, values: Sequence[object]) -> None:
    """Append a row; text starting like a formula is stored as text with a quote prefix."""
    sheet.append(list(values))  # type: ignore[attr-defined]
    row = sheet.max_row  # type: ignore[attr-defined]
    for index, value in enumerate(values, start=1):
        if isinstance(value, str) and value.startswith(FORMULA_START):
            cell = sheet.cell(row=row, column=index)  # type: ignore[attr-defined]
            cell.value = value
            cell.data_type = "s"
            cell.quotePrefix = True


def _value(value: object) -> object:
    """A cell value: numbers and text as they are; missing values empty; dates as dates."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


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


def _fonts() -> tuple[str, str]:
    """DejaVu Sans regular and bold, which have every Latvian letter."""
    for folder in FONT_DIRS:
        regular, bold = Path(folder, "DejaVuSans.ttf"), Path(folder, "DejaVuSans-Bold.ttf")
        if regular.is_file() and bold.is_file():
            return str(regular), str(bold)
    raise EvaldashError(
        "The PDF needs the DejaVu Sans font for Latvian letters; install Debian's "
        f"fonts-dejavu-core (looked in {', '.join(FONT_DIRS)})."
    )
