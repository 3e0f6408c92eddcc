"""Exports of a view: PowerPoint, PDF, Excel and images, reopened and checked.

Charts are drawn by kaleido with Debian's Chromium; without it these tests are skipped with
the reason (``.ci/run`` installs it). One browser serves the whole module.
"""

from __future__ import annotations

import builtins
import io
import logging
import os
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from evaldash import cli, columns, export, measures, report, resources, site, views
from evaldash.auth import Scope
from evaldash.db.engine import make_engine
from evaldash.filters import Filters
from evaldash.i18n import COLUMN_NAMES, t
from evaldash.views import Panel

CHROMIUM = os.environ.get("EVALDASH_BROWSER", "/usr/bin/chromium")
ADULTS = "IB-GRT-2019"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def draw():
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"no Chromium at {CHROMIUM}: apt-get install chromium (or set EVALDASH_BROWSER)"
        )
    os.environ.setdefault("BROWSER_PATH", CHROMIUM)
    with export.renderer() as renderer:
        yield renderer


@pytest.fixture(scope="module")
def engine(demo_duckdb_url):
    return make_engine(demo_duckdb_url)


def deck(engine, lang: str, pages: list[str], **filters) -> export.Deck:
    v = views.View.direct(engine, Filters(ADULTS, **filters), lang)
    return export.deck(v, "Individuālā budžeta modelis pilngadīgām personām", pages)


def test_powerpoint_has_a_title_slide_and_one_slide_per_chart(engine, draw):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    d = deck(engine, "lv", ["services", "gaps"])
    prs = Presentation(io.BytesIO(export.write(d, "pptx", draw)))
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)  # 16:9
    slides = list(prs.slides)
    assert len(slides) == 1 + len(d.panels) + 1 == 1 + 4 + 3 + 1
    definitions = slides[-1]  # the measures, defined in its notes
    assert definitions.shapes.title.text == "Definīcijas"
    assert export.definition_lines("lv") == definitions.notes_slide.notes_text_frame.text.split(
        "\n"
    )
    assert "Saņemtā daļa no plānotā apjoma (delivery_ratio)" in export.definition_lines("lv")[0]
    slides = slides[:-1]
    assert slides[0].shapes.title.text == d.title
    assert "pilotprojekts" in slides[0].placeholders[1].text  # the filters in words
    for slide, item in zip(slides[1:], d.panels, strict=True):
        assert slide.shapes.title.text == item.title
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1 and pictures[0].image.content_type == "image/png"
        # read aloud: the picture's alternative text, in the order title -> chart -> takeaway
        [descr] = pictures[0]._element.xpath("./p:nvPicPr/p:cNvPr/@descr")
        assert descr == f"{item.title}. {item.takeaway}"
        order = [s.name for s in slide.shapes]  # the slide's spTree, as a screen reader reads it
        assert order == [slide.shapes.title.name, item.key, "takeaway"]
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        assert item.takeaway in texts
        notes = slide.notes_slide.notes_text_frame.text
        assert "Avots: evaldash datubāze" in notes and "n = " in notes  # n and the source
    titles = [s.shapes.title.text for s in slides[1:]]
    assert titles[0].startswith("Pakalpojumi pēc saņēmēju skaita")
    # every text is Latvian to a screen reader and the spelling checker
    for slide in prs.slides:
        runs = slide._element.xpath(".//a:r/a:rPr")
        assert runs and {r.get("lang") for r in runs} == {"lv-LV"}
        assert {e.get("lang") for e in slide._element.xpath(".//a:endParaRPr")} == {"lv-LV"}
    assert prs.core_properties.language == "lv-LV" and prs.core_properties.title == d.title
    assert titles[-1].startswith("Kurzeme: pašvaldības un pakalpojumi")


def test_pdf_font_ships_with_the_package_not_the_system(engine, draw, monkeypatch):
    """DejaVu Sans is read from evaldash/fonts, whatever /usr/share/fonts holds."""
    from fpdf import FPDF
    from pypdf import PdfReader

    real_open, real_add_font, read = builtins.open, FPDF.add_font, []

    def without_system_fonts(file, *args, **kwargs):
        if str(file).startswith("/usr/share/fonts"):
            raise FileNotFoundError(f"{file}: /usr/share/fonts is hidden by the test")
        return real_open(file, *args, **kwargs)

    def add_font(self, family=None, style="", fname=None, *args, **kwargs):
        read.append(Path(fname))
        return real_add_font(self, family, style, fname, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", without_system_fonts)
    monkeypatch.setattr(FPDF, "add_font", add_font)
    d = deck(engine, "lv", ["services"])
    pdf = PdfReader(io.BytesIO(export.write(d, "pdf", draw)))
    package = Path(export.__file__).parents[1] / "fonts"
    assert read and all(font.parent == package for font in read), read
    assert sorted(font.name for font in read) == sorted(resources.FONTS)
    fonts = {str(f["/BaseFont"]) for f in pdf.pages[0]["/Resources"]["/Font"].values()}
    assert {name.split("+", 1)[1] for name in fonts} == {"DejaVuSansBook", "DejaVuSansBold"}
    assert "Individuālā budžeta modelis" in pdf.pages[0].extract_text()


def test_pdf_has_the_pages_and_latvian_text(engine, draw):
    from pypdf import PdfReader

    d = deck(engine, "lv", ["progress"])
    pdf = PdfReader(io.BytesIO(export.write(d, "pdf", draw)))
    assert len(d.panels) == 5 and len(pdf.pages) > 1 + 5  # the definitions follow the charts
    after = " ".join(pdf.pages[1 + 5].extract_text().split())
    assert after.startswith("Definīcijas") and "Saņemts plāna ietvaros (delivered_units)" in after
    cover = pdf.pages[0].extract_text()
    assert "Individuālā budžeta modelis pilngadīgām personām" in cover
    for page, item in zip(pdf.pages[1 : 1 + len(d.panels)], d.panels, strict=True):
        text = " ".join(page.extract_text().split())
        assert " ".join(item.title.split()) in text
        assert page.images, f"no chart image on the page of {item.key}"
    outcomes = " ".join(pdf.pages[2].extract_text().split())
    assert "Uzlabojās, nemainījās, pasliktinājās" in outcomes  # Latvian letters survive
    # accessible: language, title, and a tagged structure read title -> chart -> takeaway
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "lv-LV" and root["/MarkInfo"]["/Marked"]
    assert pdf.metadata.title == d.title and root["/ViewerPreferences"]["/DisplayDocTitle"]
    [document] = root["/StructTreeRoot"]["/K"]
    elements = [e.get_object() for e in document.get_object()["/K"]]
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert [f["/Alt"] for f in figures] == [export.alt_text(item) for item in d.panels]
    for figure, item in zip(figures, d.panels, strict=True):
        at = elements.index(figure)
        assert [e["/S"] for e in elements[at - 1 : at + 2]] == ["/H2", "/Figure", "/P"], item.key
    fonts = {str(f) for page in pdf.pages for f in page["/Resources"]["/Font"].values()}
    assert fonts


def _sheet(book, name: str) -> tuple[list[str], list[list]]:
    """A sheet's header and rows of cells."""
    rows = list(book[name].iter_rows())
    return [c.value for c in rows[0]], [list(r) for r in rows[1:]]


def test_workbook_sheets_hold_the_tables_behind_the_charts(engine):
    d = deck(engine, "en", ["services", "gaps"])
    book = load_workbook(io.BytesIO(export.write(d, "xlsx")))
    sheets = [
        "Service ranking", "Delivered vs planned", "People served per month",
        "Municipalities and services", "Regions and services", "Municipality map",
        "Region in detail",
    ]  # fmt: skip
    assert book.sheetnames == ["Contents", *sheets, "Definitions"]
    defined = pd.DataFrame(book["Definitions"].values)
    want = measures.definitions("en")
    assert defined.iloc[0].tolist() == list(want.columns)
    assert defined.iloc[1:].values.tolist() == want.values.tolist()
    header, rows = _sheet(book, "Service ranking")
    table = report.services_table(engine, Scope.local(), Filters(ADULTS), "en")
    assert header[:6] == [
        "service (code)", "service", "service group (code)", "service group", "unit (code)",
        "unit",
    ]  # fmt: skip
    assert [r[0].value for r in rows] == table["service_code"].tolist()  # same order
    assert rows[0][1].value == table["service"].iloc[0]  # the name next to its code
    cost = [r[header.index("cost, EUR")] for r in rows]
    assert [c.value for c in cost] == pytest.approx(table["cost_eur"].tolist())
    assert {(c.data_type, c.number_format) for c in cost} == {("n", "#,##0.00")}
    people = [r[header.index("participants")] for r in rows]
    assert {(type(c.value), c.number_format) for c in people} == {(int, "#,##0")}
    share = [r[header.index("share of participants")] for r in rows]
    assert {c.number_format for c in share} == {"0%"} and 0 < share[0].value <= 1
    gaps_header, gaps = _sheet(book, "Regions and services")
    assert len(gaps) == len(report.gaps_table(engine, Scope.local(), Filters(ADULTS), "en"))
    status = gaps_header.index("status (code)")
    assert gaps_header[status + 1] == "status"
    assert {r[status].value for r in gaps} <= {"no_provider", "under_delivered", "ok", None}
    words = {r[status + 1].value for r in gaps} - {None}
    assert words and words <= {
        t(f"status.{s}", "en") for s in ("no_provider", "under_delivered", "ok")
    }
    km = [r[gaps_header.index("km to provider (median)")] for r in gaps]
    assert {c.number_format for c in km if c.value is not None} == {"0.0"}
    assert {c.data_type for c in km if c.value is not None} == {"n"}  # numbers, not text
    # the share of planned units delivered in the export is report's, service by service
    header, rows = _sheet(book, "Delivered vs planned")
    ratio = header.index("share of planned units delivered")
    exported = {r[0].value: r[ratio].value for r in rows if r[ratio].value is not None}
    planned = table.dropna(subset=["delivery_ratio"]).set_index("service_code")
    assert exported == pytest.approx(planned["delivery_ratio"].to_dict())
    header, rows = _sheet(book, "People served per month")
    assert isinstance(rows[0][0].value, datetime) and rows[0][0].number_format == "yyyy-mm"
    named_codes = {c for c in columns.COLUMNS if c in COLUMN_NAMES and COLUMN_NAMES[c][1] != c}
    for name in book.sheetnames[1:-1]:  # every header in words, none a column's code
        header, _ = _sheet(book, name)
        assert not set(header) & named_codes, (name, header)
        assert book[name].freeze_panes == "A2"


def test_workbook_contents_list_every_sheet_with_its_selection_and_source(engine):
    d = deck(engine, "lv", ["progress"], regions=("KUR",))
    book = load_workbook(io.BytesIO(export.write(d, "xlsx")))
    contents = book.worksheets[0]
    assert contents.title == "Saturs"
    cells = {row[0]: row[1] for row in contents.iter_rows(max_row=4, values_only=True)}
    assert cells["Atlase"] == d.subtitle and "Kurzeme" in d.subtitle
    assert cells["Avots"] == d.source
    assert cells["Eksportēts"].date() == date.today()
    listed = [r for r in contents.iter_rows(min_row=7, values_only=True) if r[0]]
    assert [r[0] for r in listed] == book.sheetnames[1:]
    for (_, title, n, selection, source), item in zip(listed, d.panels, strict=False):
        assert title == item.title and selection.startswith(d.subtitle) and source == d.source
        assert f"n = {n}" in title and isinstance(n, int)
    assert contents.cell(row=7, column=1).hyperlink.location == f"'{listed[0][0]}'!A1"
    assert listed[-1][0] == "Definīcijas"


def test_sheet_names_are_readable_unique_and_short(engine):
    v = views.View.direct(engine, Filters(ADULTS), "lv")
    d = export.deck(v, "T", list(site.chart_pages()))
    names = export.sheet_names([export.sheet_title(p, "lv") for p in d.panels])
    assert len(set(n.lower() for n in names)) == len(names) == len(d.panels)
    for name in names:
        assert 0 < len(name) <= 31 and not set(name) & set("[]:*?/\\"), name
        assert "_" not in name, name  # words, not keys
    assert names[:4] == [
        "Populārākie pakalpojumi", "Progress pa jomām", "Statusi reģionos",
        "Izdevumi pa mēnešiem",
    ]  # fmt: skip
    assert "Uzlabojās – Kopienas dzīve" in names or any(n.startswith("Uzlabojās –") for n in names)


def test_the_overviews_cards_are_in_every_file_as_the_page_shows_them(engine, draw):
    from pptx import Presentation
    from pypdf import PdfReader

    v = views.View.direct(engine, Filters(ADULTS), "lv")
    cards = views.overview.cards(v)
    d = export.deck(v, "Pieaugušie", ["overview"])
    assert list(d.cards) == cards and [c.key for c in cards] == [
        "participants", "municipalities", "rounds", "deliveries", "spend_share",
    ]  # fmt: skip
    book = load_workbook(io.BytesIO(export.write(d, "xlsx")))
    assert book.sheetnames[1] == "Galvenie rādītāji"
    header, rows = _sheet(book, "Galvenie rādītāji")
    assert header == ["rādītājs", "vērtība", "skaidrojums"]
    assert [r[0].value for r in rows] == [c.label for c in cards]
    assert [r[1].value for r in rows] == pytest.approx([c.value for c in cards])
    assert [r[1].number_format for r in rows] == ["#,##0"] * 4 + ["0%"]
    prs = Presentation(io.BytesIO(export.write(d, "pptx", draw)))
    slide = list(prs.slides)[1]
    assert slide.shapes.title.text == "Galvenie rādītāji, kā tos rāda lapa"
    boxes = [s.text_frame.text for s in slide.shapes if s.name in {c.key for c in cards}]
    assert boxes == [f"{c.text}\n{c.label}" + (f"\n{c.delta}" if c.delta else "") for c in cards]
    pdf = PdfReader(io.BytesIO(export.write(d, "pdf", draw)))
    page = " ".join(pdf.pages[1].extract_text().split())
    for card in cards:
        assert " ".join(f"{card.label}: {card.text}".split()) in page


def test_the_cards_of_an_audience_are_those_privacy_releases(engine):
    """A municipality seeing another's few participants gets the page's "<5", never the count."""
    few = Filters("IB-BERNI-2018", municipalities=("LV-097",), sex=("F",))
    own = views.View.direct(engine, few, "en", Scope("municipality", "LV-097"))
    assert views.overview.cards(own)[0].value == 4  # its own people, not hidden
    public = views.View.direct(engine, Filters("IB-BERNI-2018"), "en", Scope("public"))
    book = load_workbook(io.BytesIO(export.write(export.deck(public, "T", ["services"]), "xlsx")))
    header, rows = _sheet(book, "Municipalities and services")
    hidden = [r for r in rows if r[header.index("suppressed")].value]
    written = [r[header.index("participants")].value for r in hidden]
    assert "<5" in written and set(written) <= {"<5", "hidden"}  # as "Show data" says
    assert all(r[header.index("participants")].data_type == "n" for r in rows if r not in hidden)


def test_workbook_neutralises_formula_text():
    table = pd.DataFrame(
        {
            "name": ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "plain", "–"],
            "value": [1.0, -2.0, None, 3, 4, 5],
        }
    )
    fig = views.charts.ranking_bars(
        pd.DataFrame({"x": [1], "service_code": ["A"], "category": ["care"]}), x="x"
    )
    d = export.Deck("T", "S.", "Source.", "en", [Panel("k", "K", fig, table, "Takeaway.")])
    sheet = load_workbook(io.BytesIO(export.workbook(d)))["K"]  # named by its title
    cells = [row[0] for row in sheet.iter_rows(min_row=2, max_col=1)]
    for cell in cells[:4]:
        assert cell.data_type == "s" and cell.quotePrefix, cell.value
    assert cells[0].value == '=HYPERLINK("http://x","y")'  # kept as text, never run
    assert not cells[4].quotePrefix and not cells[5].quotePrefix
    values = [row[1].value for row in sheet.iter_rows(min_row=2, max_col=2)]
    assert values == [1, -2, None, 3, 4, 5]  # numbers stay numbers, negative ones too


def test_images_are_one_file_per_chart(engine, draw):
    d = deck(engine, "en", ["compare"], municipalities=("LV-097",))
    archive = zipfile.ZipFile(io.BytesIO(export.write(d, "svg", draw)))
    names = archive.namelist()
    assert names[0] == "01-compare_spine.svg" and len(names) == len(d.panels)
    svg = archive.read(names[0]).decode("utf-8")
    assert svg.startswith("<svg") and "Talsi Municipality" in svg
    png = export.write(deck(engine, "en", ["services"]), "png", draw)
    first = zipfile.ZipFile(io.BytesIO(png)).read("01-services_ranking.png")
    assert first.startswith(b"\x89PNG")


def test_empty_view_and_unknown_format_are_refused(engine):
    empty = export.Deck("T", "S.", "Source.", "en", [])
    with pytest.raises(export.EvaldashError, match="no chart to export"):
        export.write(empty, "xlsx")
    with pytest.raises(ValueError, match="unknown export format 'docx'"):
        export.write(deck(engine, "en", ["services"]), "docx")


def test_sheet_names_are_unique_and_short():
    names = export.sheet_names(["a" * 40, "a" * 40, "x:y", "A" * 31, "Saturs"], taken=["Saturs"])
    # Excel compares sheet names without case: "A..." clashes with "a...".
    assert names == ["a" * 30 + "…", "a" * 26 + "… (2)", "x-y", "A" * 31, "Saturs (2)"]
    assert export.sheet_names(["Uzlabojās: Mobilitāte"]) == ["Uzlabojās – Mobilitāte"]


def test_export_command_writes_the_file(tmp_path, capsys, demo_duckdb_url, draw):
    out = tmp_path / "view.pptx"
    code = cli.main(
        [
            "export", "--db", demo_duckdb_url, "--format", "pptx", "--pilot", "IB-BERNI-2018",
            "--page", "services", "--municipality", "Talsi", "--lang", "lv", "--output", str(out),
        ]
    )  # fmt: skip
    assert code == 0
    assert f"{out}: 4 charts of services (pptx)" in capsys.readouterr().out
    from pptx import Presentation

    prs = Presentation(str(out))
    assert "Talsu novads" in prs.slides[0].placeholders[1].text
    assert not list(tmp_path.glob("*.partial"))
    code = cli.main(["export", "--db", demo_duckdb_url, "--format", "pdf", "--output", str(out),
                     "--pilot", "NOPE"])  # fmt: skip
    assert code == 1 and "No pilot 'NOPE'" in capsys.readouterr().err


def test_missing_browser_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("EVALDASH_BROWSER", "/nowhere/chromium")
    with (
        pytest.raises(export.EvaldashError, match="No Chrome or Chromium at /nowhere/chromium"),
        export.renderer(),
    ):
        pass


@pytest.mark.parametrize(("message", "kept"), [("{bye}", False), ("{bye}\n", False), ("{x", True)])
def test_only_the_browsers_goodbye_is_dropped_from_the_log(message, kept):
    """choreographer logs the browser's ``{bye}`` as a broken message; nothing else is hidden."""
    import simplejson
    from choreographer.channels._errors import JSONError

    from evaldash import export

    export._filter_goodbye()
    logger = logging.getLogger("choreographer.channels.pipe")
    assert hasattr(logger, "debug2")  # still logistro's logger, as choreographer needs
    try:
        try:
            simplejson.loads(message)
        except simplejson.JSONDecodeError as broken:
            raise JSONError from broken
    except JSONError:
        record = logger.makeRecord(
            logger.name, logging.ERROR, __file__, 1, "JSONError decoding message. Ignoring",
            None, sys.exc_info(),
        )  # fmt: skip
    assert all(f.filter(record) for f in logger.filters) is kept


def test_a_browser_that_never_answers_ends_the_export_with_a_message(monkeypatch):
    """kaleido's own server waits for good; an export here gives up at its deadline."""
    import asyncio

    import kaleido
    import plotly.graph_objects as go

    from evaldash import export
    from evaldash.errors import EvaldashError

    if export.missing_tools():
        pytest.skip(export.missing_tools())
    fig = go.Figure(go.Bar(x=["a"], y=[1]))
    # A process of its own: not the browser a shared fixture of this module keeps open.
    monkeypatch.setattr(export, "_running", [0])
    monkeypatch.setattr(export, "_browser", [None])
    monkeypatch.setattr(export, "DRAW_SECONDS", 1.0)

    async def never(self, *args, **kwargs):
        await asyncio.sleep(3600)

    with (
        monkeypatch.context() as patched,
        pytest.raises(EvaldashError, match="did not draw a chart within 1 s"),
    ):
        patched.setattr(kaleido.Kaleido, "calc_fig", never)
        with export.renderer() as draw:
            draw.image(fig, "svg")
    assert export._browser == [None] and export._running == [0]
    with export.renderer() as draw:  # the next export starts a browser of its own
        assert draw.image(fig, "svg").startswith(b"<svg")

    monkeypatch.setattr(export, "START_SECONDS", 1.0)
    monkeypatch.setattr(kaleido.Kaleido, "__aenter__", never)
    with pytest.raises(EvaldashError, match="did not start within 1 s"), export.renderer():
        pass
    assert export._browser == [None] and export._running == [0]
