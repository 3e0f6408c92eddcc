"""The import template: one sheet per table with the exact header, instructions in LV and EN."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from evaldash.ingest import spec, template

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def book() -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(template.build_template()))


def example(book: openpyxl.Workbook, table: str) -> dict[str, object]:
    sheet = book[table]
    header = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1, f"{table}: one example row"
    return dict(zip(header, rows[0], strict=True))


def test_instructions_first_then_one_sheet_per_table_in_spec_order(book):
    assert book.sheetnames == [template.INSTRUCTIONS_SHEET, *spec.ORDER]


@pytest.mark.parametrize("table", spec.TABLES, ids=lambda t: t.name)
def test_sheet_header_is_exactly_the_spec_columns(book, table):
    sheet = book[table.name]
    assert [c.value for c in sheet[1]] == list(table.column_names)
    assert sheet.freeze_panes == "A2"
    for cell in sheet[1]:
        column = table.column(cell.value)
        assert cell.font.bold == column.required, cell.value
        description = template.DESCRIPTIONS[(table.name, column.name)]
        assert cell.comment is not None, cell.value
        assert description["lv"] in cell.comment.text and description["en"] in cell.comment.text
        width = sheet.column_dimensions[cell.column_letter].width
        assert width >= len(cell.value), cell.value


def test_descriptions_cover_every_column_in_both_languages():
    expected = {(t.name, c) for t in spec.TABLES for c in t.column_names}
    assert set(template.DESCRIPTIONS) == expected
    for key, text in template.DESCRIPTIONS.items():
        assert set(text) == {"lv", "en"}, key
        assert all(t.strip() for t in text.values()), key
        assert text["lv"] != text["en"], key
    assert set(template.EXAMPLE) == set(spec.ORDER)
    for table in spec.TABLES:
        assert set(template.EXAMPLE[table.name]) == set(table.column_names), table.name


def instructions_text(book: openpyxl.Workbook) -> str:
    sheet = book[template.INSTRUCTIONS_SHEET]
    return "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)


def test_instructions_are_in_latvian_and_english(book):
    sheet = book[template.INSTRUCTIONS_SHEET]
    assert sheet["A1"].value == "Instrukcija / Instructions"
    text = instructions_text(book)
    for words in (
        "personas kod",  # Latvian: never personal codes
        "NEKAD",
        "personal code",
        "NEVER",
        "<table>.csv",
        "<tabula>.csv",
        "UTF-8",
        "semikol",
        "semicolon",
        "10.02.2019",
        "2019-02",
        "decimālkomat",
        "decimal comma",
        "jā/nē",
        "LV-097",
        "Rojas novads",  # an old (pre-2021) municipality name
        "FIZIO",
        "*",
    ):
        assert words in text, words


def test_instructions_list_every_column_with_required_mark(book):
    sheet = book[template.INSTRUCTIONS_SHEET]
    rows = [r for r in sheet.iter_rows(values_only=True) if r[0] in spec.BY_NAME]
    listed = [(table, column) for table, column, *_ in rows]
    expected = [
        (t.name, f"{c.name} *" if c.required else c.name) for t in spec.TABLES for c in t.columns
    ]
    assert listed == expected
    for table, column, required, lv, en, shown in rows:
        name = column.removesuffix(" *")
        assert required == ("jā / yes" if spec.BY_NAME[table].column(name).required else "nē / no")
        assert (lv, en) == tuple(template.DESCRIPTIONS[(table, name)].values())
        assert shown == template.example_text(template.EXAMPLE[table][name])


def test_example_rows_fill_every_required_column_with_typed_values(book):
    for table in spec.TABLES:
        row = example(book, table.name)
        for column in table.columns:
            value = row[column.name]
            if column.required:
                assert value not in (None, ""), (table.name, column.name)
            if column.kind == "date":
                assert isinstance(value, datetime), (table.name, column.name)
                cell = book[table.name].cell(2, table.column_names.index(column.name) + 1)
                assert cell.number_format == "DD.MM.YYYY"
            if column.kind in ("int", "number") and value is not None:
                assert isinstance(value, int | float), (table.name, column.name)
                low, high = column.minimum, column.maximum
                assert (low is None or value >= low) and (high is None or value <= high)


def test_example_rows_agree_with_each_other(book):
    rows = {t: example(book, t) for t in spec.ORDER}
    person = rows["participants"]["participant_id"]
    assert rows["participants"]["pilot_id"] == rows["pilots"]["pilot_id"]
    for table in ("assessments", "plans", "usage"):
        assert rows[table]["participant_id"] == person, table
    assert rows["assessments"]["domain"] == rows["domains"]["domain"]
    low, high = rows["domains"]["scale_min"], rows["domains"]["scale_max"]
    assert low <= rows["assessments"]["score"] <= high
    assert rows["usage"]["provider_id"] == rows["providers"]["provider_id"]
    assert rows["usage"]["service"] == rows["providers"]["service"]
    pilot = rows["pilots"]
    for day in (
        rows["participants"]["enrolled_on"],
        rows["assessments"]["assessed_on"],
        rows["usage"]["delivered_on"],
    ):
        assert pilot["start_date"] <= day <= pilot["end_date"]
    assert rows["participants"]["enrolled_on"] <= rows["usage"]["delivered_on"]


def test_example_services_and_municipalities_are_known(book):
    catalogue = pd.read_csv(DATA / "services.csv", dtype=str)
    sheet = example(book, "services")
    known = {sheet["service_code"], sheet["name_lv"], sheet["name_en"]}
    known |= set(catalogue["service_code"]) | set(catalogue["name_lv"]) | set(catalogue["name_en"])
    for table in ("plans", "usage", "providers"):
        assert example(book, table)["service"] in known, table
    # The services sheet describes a service the catalogue lacks, so it does not overwrite one.
    assert sheet["service_code"] not in set(catalogue["service_code"])
    categories = pd.read_csv(DATA / "service_categories.csv", dtype=str)
    assert sheet["category"] in set(categories["category"])
    municipalities = pd.read_csv(DATA / "municipalities.csv", dtype=str)
    names = set(municipalities["name_lv"]) | set(municipalities["municipality_code"])
    for table in ("participants", "providers"):
        assert example(book, table)["municipality"] in names, table


def test_example_codes_do_not_clash_with_the_demo(book):
    from evaldash import demo

    package = demo.generate()
    assert example(book, "pilots")["pilot_id"] not in set(package["pilots"]["pilot_id"])
    person = example(book, "participants")["participant_id"]
    assert person not in set(package["participants"]["participant_id"])
    provider = example(book, "providers")["provider_id"]
    assert provider not in set(package["providers"]["provider_id"])


def test_template_imports_as_a_valid_package(ready_engine, tmp_path):
    from evaldash.ingest import import_files

    path = tmp_path / "template.xlsx"
    path.write_bytes(template.build_template())
    result = import_files(ready_engine, [path])
    assert result.status == "ok", result.report.counts()
    assert result.report.counts()["errors"] == 0
    assert result.rows == dict.fromkeys(result.rows, 1)
    assert set(result.rows) == set(spec.ORDER)
