"""Exports of a view: PowerPoint, PDF, Excel and images, reopened and checked.

Charts are drawn by kaleido with Debian's Chromium; without it these tests are skipped with
the reason (``.ci/run`` installs it). One browser serves the whole module.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from evaldash import cli, export, measures, report, views
from evaldash.auth import Scope
from evaldash.db.engine import make_engine
from evaldash.filters import Filters
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
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        assert item.takeaway in texts
        notes = slide.notes_slide.notes_text_frame.text
        assert "Avots: evaldash datubāze" in notes and "n = " in notes  # n and the source
    titles = [s.shapes.title.text for s in slides[1:]]
    assert titles[0].startswith("Pakalpojumi pēc saņēmēju skaita")
    assert titles[-1].startswith("Kurzeme: pašvaldības un pakalpojumi")


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
    fonts = {str(f) for page in pdf.pages for f in page["/Resources"]["/Font"].values()}
    assert fonts


def test_workbook_sheets_hold_the_tables_behind_the_charts(engine):
    d = deck(engine, "en", ["services", "gaps"])
    book = load_workbook(io.BytesIO(export.write(d, "xlsx")))
    sheets = export.sheet_names([p.key for p in d.panels])
    assert book.sheetnames == ["About", *sheets, "Definitions"]
    defined = pd.DataFrame(book["Definitions"].values)
    want = measures.definitions("en")
    assert defined.iloc[0].tolist() == list(want.columns)
    assert defined.iloc[1:].values.tolist() == want.values.tolist()
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True) if row[0]}
    assert about["Title"] == d.title and about["Source"].startswith("Source: evaldash")
    ranking = pd.DataFrame(book["services_ranking"].values)
    header, rows = list(ranking.iloc[0]), ranking.iloc[1:]
    table = report.services_table(engine, Scope.local(), Filters(ADULTS), "en")
    assert header[:3] == ["service_code", "category", "unit"]
    assert rows[0].tolist() == table["service_code"].tolist()  # same services, same order
    assert [float(x) for x in rows[header.index("cost_eur")]] == pytest.approx(
        table["cost_eur"].tolist()
    )
    gaps = pd.DataFrame(book["gaps_matrix"].values)
    assert len(gaps) - 1 == len(report.gaps_table(engine, Scope.local(), Filters(ADULTS), "en"))
    # the share of planned units delivered in the export is report's, service by service
    delivery = pd.DataFrame(book["services_delivery"].values)
    header, rows = list(delivery.iloc[0]), delivery.iloc[1:]
    exported = dict(zip(rows[0], rows[header.index("delivery_ratio")], strict=True))
    planned = table.dropna(subset=["delivery_ratio"]).set_index("service_code")
    assert {k: float(v) for k, v in exported.items()} == pytest.approx(
        planned["delivery_ratio"].to_dict()
    )


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
    sheet = load_workbook(io.BytesIO(export.workbook(d)))["k"]
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
    names = export.sheet_names(["a" * 40, "a" * 40, "x:y", "A" * 31])
    # Excel compares sheet names without case: "A..." clashes with "a..." and "a...~2".
    assert names == ["a" * 31, "a" * 29 + "~2", "x_y", "A" * 29 + "~3"]


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
    monkeypatch.setenv("BROWSER_PATH", "/nowhere/chromium")
    with (
        pytest.raises(export.EvaldashError, match="No Chromium at /nowhere/chromium"),
        export.renderer(),
    ):
        pass
