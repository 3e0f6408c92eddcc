"""Importing data packages end to end, on both databases: good, corrected and bad input."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from evaldash.db import schema
from evaldash.ingest import import_files
from tests.test_db import count

# A small package the way a Latvian analyst writes it: semicolons, decimal commas,
# dd.mm.yyyy dates, jā/nē, old and short municipality names, services by Latvian name.
PACKAGE = {
    "pilots": [
        ["pilot_id", "name", "target_group", "start_date", "end_date"],
        ["P-TAL", "Talsu pilots", "pieaugušie", "01.01.2020", "31.12.2020"],
    ],
    "participants": [
        [
            "participant_id",
            "pilot_id",
            "municipality",
            "sex",
            "birth_year",
            "enrolled_on",
            "left_on",
            "budget_eur",
        ],
        ["T-01", "P-TAL", "Talsi", "S", "1980", "01.01.2020", "", "2 500,50"],
        ["T-02", "P-TAL", "talsu novads", "V", "1975", "2020-01-02", "", "3000"],
        ["T-03", "P-TAL", "Daugavpils novads", "F", "1990", "02.01.2020", "30.06.2020", "1500"],
    ],
    "domains": [
        ["domain", "name_lv", "name_en", "scale_min", "scale_max", "higher_is_better", "mid"],
        ["self_care", "Pašaprūpe", "Self-care", "1", "19", "jā", "2"],
        ["support_need", "Atbalsta vajadzība", "Support need", "0", "4", "nē", ""],
    ],
    "assessments": [
        ["participant_id", "round", "assessed_on", "domain", "score"],
        ["T-01", "1", "10.01.2020", "self_care", "7"],
        ["T-01", "2", "10.12.2020", "self_care", "9"],
        ["T-01", "1", "10.01.2020", "support_need", "3"],
        ["T-02", "1", "11.01.2020", "self_care", "8,5"],
    ],
    "plans": [
        ["participant_id", "round", "service", "planned_units", "priority"],
        ["T-01", "1", "Fizioterapija baseinā", "20", "1"],
        ["T-01", "1", "ATB_PERS", "120,5", "2"],
        ["T-02", "1", "speech and language therapist", "10", "1"],
    ],
    "usage": [
        ["participant_id", "service", "delivered_on", "units", "cost_eur", "provider_id"],
        ["T-01", "FIZIO_POOL", "15.01.2020", "1", "25,00", "PRV-1"],
        ["T-01", "FIZIO_POOL", "22.01.2020", "1", "25,00", "PRV-1"],
        ["T-01", "ATB_PERS", "2020-02", "40", "400", ""],
        ["T-02", "LOGO", "2020-03-03", "1", "30", "PRV-1"],
    ],
    "providers": [
        ["provider_id", "name", "service", "municipality", "outreach"],
        ["PRV-1", 'Biedrība "Talsu rehabilitācija"', "FIZIO_POOL", "LV-097", "nē"],
        ["PRV-1", 'Biedrība "Talsu rehabilitācija"', "LOGO", "Tukuma novads", "jā"],
    ],
}


def write_csvs(
    folder: Path,
    tables: dict[str, list[list[str]]],
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for table, rows in tables.items():
        with (folder / f"{table}.csv").open("w", newline="", encoding=encoding) as handle:
            csv.writer(handle, delimiter=delimiter).writerows(rows)
    return folder


def write_xlsx(path: Path, tables: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for table, rows in tables.items():
        sheet = book.create_sheet(table)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def problems(result, code: str | None = None) -> list:
    return [p for p in result.report.problems if code is None or p.code == code]


def messages(result, lang: str = "en") -> str:
    return "\n".join(result.report.lines(lang))


def test_latvian_csv_package_imports_whole(ready_engine, tmp_path):
    result = import_files(ready_engine, [write_csvs(tmp_path / "pkg", PACKAGE)])
    assert result.status == "ok", messages(result)
    assert result.report.errors == []
    assert count(ready_engine, schema.participant) == 3
    assert count(ready_engine, schema.assessment) == 4
    assert count(ready_engine, schema.plan_item) == 3
    assert count(ready_engine, schema.service_usage) == 4
    with ready_engine.connect() as conn:
        people = conn.execute(
            sa.select(
                schema.participant.c.participant_code,
                schema.participant.c.municipality_code,
                schema.participant.c.sex,
                schema.participant.c.budget_eur,
            ).order_by(schema.participant.c.participant_code)
        ).all()
        month = conn.execute(
            sa.select(schema.service_usage.c.delivered_on, schema.service_usage.c.month_only).where(
                schema.service_usage.c.service_code == "ATB_PERS"
            )
        ).one()
        outreach = conn.execute(
            sa.select(schema.provider_service.c.outreach).where(
                schema.provider_service.c.municipality_code == "LV-099"
            )
        ).scalar_one()
        log = conn.execute(sa.select(schema.import_log)).one()
    assert [(c, m, s, float(b)) for c, m, s, b in people] == [
        ("T-01", "LV-097", "F", 2500.5),
        ("T-02", "LV-097", "M", 3000.0),
        ("T-03", "LV-111", "F", 1500.0),
    ]
    assert tuple(month) == (date(2020, 2, 1), True)
    assert outreach is True
    assert log.status == "ok" and log.kind == "import"
    counts = json.loads(log.row_counts)
    assert counts["usage"] == {"rows": 4, "inserted": 4, "updated": 0, "unchanged": 0}
    assert len(json.loads(log.message)["files"]) == len(PACKAGE)


def test_reimport_changes_nothing_and_correction_replaces(ready_engine, tmp_path):
    folder = write_csvs(tmp_path / "pkg", PACKAGE)
    first = import_files(ready_engine, [folder])
    again = import_files(ready_engine, [folder])
    assert again.status == "ok"
    assert all(c["inserted"] == 0 and c["updated"] == 0 for c in again.written.values()), (
        again.written
    )
    with ready_engine.connect() as conn:
        ids = set(conn.execute(sa.select(schema.service_usage.c.import_id)).scalars())
    assert ids == {first.import_id}  # untouched rows keep their provenance
    corrected = {**PACKAGE, "usage": [row[:] for row in PACKAGE["usage"]]}
    corrected["usage"][1][3] = "2"  # 22.01.2020: 2 sessions, not 1
    fixed = import_files(ready_engine, [write_csvs(tmp_path / "fixed", corrected)])
    assert fixed.written["usage"] == {"inserted": 0, "updated": 1, "unchanged": 3}
    assert count(ready_engine, schema.service_usage) == 4
    with ready_engine.connect() as conn:
        units = conn.execute(sa.select(sa.func.sum(schema.service_usage.c.units))).scalar_one()
    assert units == 1 + 2 + 40 + 1


def test_subset_package_refers_to_stored_data(ready_engine, tmp_path):
    assert import_files(ready_engine, [write_csvs(tmp_path / "a", PACKAGE)]).status == "ok"
    later = {"usage": [PACKAGE["usage"][0], ["T-02", "Logopēds", "04.03.2020", "1", "30", "PRV-1"]]}
    result = import_files(ready_engine, [write_csvs(tmp_path / "b", later)])
    assert result.status == "ok", messages(result)
    assert count(ready_engine, schema.service_usage) == 5


def test_workbook_with_mistakes_lists_every_problem_and_changes_nothing(ready_engine, tmp_path):
    tables = {name: [row[:] for row in rows] for name, rows in PACKAGE.items()}
    tables["participants"][1][2] = "Talsu novadss"  # typo
    tables["participants"][2][4] = "19x5"  # not a year
    tables["assessments"][1][4] = "25"  # outside 1..19
    tables["assessments"][2][2] = "32.13.2020"  # no such date
    tables["usage"][2][3] = "-40"  # negative units
    tables["plans"].append(tables["plans"][1][:])  # the same plan item twice
    tables["plans"][3][2] = "Fizoterapija"  # typo in a service name
    path = write_xlsx(tmp_path / "pilot.xlsx", tables)
    result = import_files(ready_engine, [path])
    assert result.status == "invalid"
    found = {(p.table, p.row, p.column, p.code) for p in result.report.errors}
    assert found >= {
        ("participants", 2, "municipality", "unknown_ref"),
        ("participants", 3, "birth_year", "bad_value"),
        ("assessments", 3, "assessed_on", "bad_value"),
        ("usage", 3, "units", "bad_value"),
        ("plans", 5, None, "duplicate"),
        ("plans", 4, "service", "unknown_ref"),
    }, messages(result)
    text = messages(result)
    assert "Did you mean: Talsu novads" in text
    assert "repeats row 2" in text
    assert "Unknown service. Did you mean: FIZIO (Fizioterapija" in text
    assert count(ready_engine, schema.participant) == 0
    assert count(ready_engine, schema.service_usage) == 0
    with ready_engine.connect() as conn:
        log = conn.execute(sa.select(schema.import_log)).one()
    assert log.status == "invalid"
    assert json.loads(log.message)["errors"] == len(result.report.errors)


def test_score_outside_scale_and_reassessment_before_assessment(ready_engine, tmp_path):
    tables = {name: [row[:] for row in rows] for name, rows in PACKAGE.items()}
    tables["assessments"][1][4] = "25"
    tables["assessments"][2][2] = "05.01.2020"  # round 2 before round 1 (10.01.2020)
    result = import_files(ready_engine, [write_csvs(tmp_path / "p", tables)])
    codes = {(p.code, p.row) for p in result.report.errors}
    assert ("score_range", 2) in codes
    assert ("reassessment_first", 3) in codes
    assert "Round 2 (2020-01-05) is dated before round 1 (2020-01-10)" in messages(result)


def test_dates_outside_the_pilot_are_warnings(ready_engine, tmp_path):
    tables = {name: [row[:] for row in rows] for name, rows in PACKAGE.items()}
    tables["usage"][1][2] = "15.01.2021"
    result = import_files(ready_engine, [write_csvs(tmp_path / "p", tables)])
    assert result.status == "ok", messages(result)
    assert [(p.code, p.row) for p in result.report.warnings] == [("outside_pilot", 2)]


def test_a_later_plan_round_without_its_assessment_is_a_warning(ready_engine, tmp_path):
    tables = {name: [row[:] for row in rows] for name, rows in PACKAGE.items()}
    tables["plans"].append(["T-01", "2", "ATB_PERS", "60", "1"])  # T-01 has round 2: fine
    tables["plans"].append(["T-02", "2", "LOGO", "8", "1"])  # T-02 has no round 2
    tables["plans"].append(["T-02", "2", "ATB_PERS", "8", "2"])  # said once per round
    result = import_files(ready_engine, [write_csvs(tmp_path / "p", tables)])
    assert result.status == "ok", messages(result)
    assert [(p.code, p.row) for p in result.report.warnings] == [("plan_round_undated", 6)]
    assert "no round 2 assessment date" in messages(result)
    assert "the round 1 plan is in force on no day" in messages(result)


def test_unknown_column_is_a_warning(ready_engine, tmp_path):
    tables = {"pilots": [PACKAGE["pilots"][0] + ["piezīmes"], PACKAGE["pilots"][1] + ["x"]]}
    result = import_files(ready_engine, [write_csvs(tmp_path / "p", tables)])
    assert result.status == "ok"
    assert [p.code for p in result.report.warnings] == ["unknown_column"]


def test_windows_1257_csv_is_read_with_a_warning(ready_engine, tmp_path):
    folder = write_csvs(tmp_path / "p", {"pilots": PACKAGE["pilots"]}, encoding="cp1257")
    result = import_files(ready_engine, [folder])
    assert result.status == "ok", messages(result)
    assert [p.code for p in result.report.warnings] == ["read_cp1257"]
    assert "Windows-1257" in messages(result) and "CSV UTF-8" in messages(result)
    assert "Windows-1257" in messages(result, "lv")
    with ready_engine.connect() as conn:
        names = conn.execute(sa.select(schema.pilot.c.name, schema.pilot.c.target_group)).one()
    assert tuple(names) == ("Talsu pilots", "pieaugušie")


def test_text_in_no_known_encoding_is_refused_with_its_line(ready_engine, tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "pilots.csv").write_bytes(b"pilot_id;name\nP-1;Talsi\nP-2;\x81\x83\x88\n")
    result = import_files(ready_engine, [folder])
    assert result.status == "invalid"
    assert problems(result, "not_utf8")[0].row == 3
    assert "CSV UTF-8" in messages(result)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters_and_bom(ready_engine, tmp_path, delimiter):
    folder = write_csvs(
        tmp_path / "p", {"pilots": PACKAGE["pilots"]}, delimiter=delimiter, encoding="utf-8"
    )
    assert import_files(ready_engine, [folder]).status == "ok"


def test_empty_file_missing_sheet_and_bad_names(ready_engine, tmp_path):
    (tmp_path / "usage.csv").write_bytes(b"")
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n")
    book = write_xlsx(tmp_path / "book.xlsx", {"Sheet1": [["a"], [1]]})
    result = import_files(
        ready_engine, [tmp_path / "usage.csv", tmp_path / "notes.csv", book, tmp_path / "nope.xlsx"]
    )
    codes = [p.code for p in result.report.problems]
    assert {"file_empty", "csv_name", "sheet_ignored", "file_missing"} <= set(codes)
    assert result.status == "invalid"


def test_workbook_without_package_sheets(ready_engine, tmp_path):
    book = write_xlsx(tmp_path / "book.xlsx", {"Lapa1": [["a"], [1]]})
    result = import_files(ready_engine, [book])
    assert [p.code for p in result.report.errors] == ["no_tables"]


def test_duplicate_headers_and_missing_required_column(ready_engine, tmp_path):
    tables = {
        "pilots": [["pilot_id", "name", "Name"], ["P", "a", "b"]],
        "domains": [["domain", "scale_min", "scale_max"], ["d", "0", "4"]],
    }
    result = import_files(ready_engine, [write_csvs(tmp_path / "p", tables)])
    found = {(p.table, p.column, p.code) for p in result.report.errors}
    assert found == {
        ("pilots", "name", "duplicate_header"),
        ("domains", "higher_is_better", "missing_column"),
    }


def test_merged_and_formula_cells(ready_engine, tmp_path):
    path = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "pilots": PACKAGE["pilots"]
            + [["P2", '=A2&"x"', "", "", ""], ["P3", "merged", "", "", ""], ["P4", "", "", "", ""]]
        },
    )
    book = openpyxl.load_workbook(path)
    book["pilots"].merge_cells("B4:B5")
    book.save(path)
    result = import_files(ready_engine, [path])
    found = {(p.code, p.row) for p in result.report.errors}
    assert ("formula", 3) in found and ("merged_cells", 4) in found
    assert "Replace formulas by their values" in messages(result)


def test_excel_dates_serials_and_numbers(ready_engine, tmp_path):
    tables = {
        "pilots": [PACKAGE["pilots"][0], ["P-X", "Excel", "", datetime(2020, 1, 1), 44196]],
        "participants": [
            PACKAGE["participants"][0],
            ["X-1", "P-X", "LV-097", "M", 1980, "43831", None, 1500.5],
        ],
    }
    result = import_files(ready_engine, [write_xlsx(tmp_path / "x.xlsx", tables)])
    assert result.status == "ok", messages(result)
    with ready_engine.connect() as conn:
        end = conn.execute(sa.select(schema.pilot.c.end_date)).scalar_one()
        enrolled = conn.execute(sa.select(schema.participant.c.enrolled_on)).scalar_one()
    assert end == date(2020, 12, 31) and enrolled == date(2020, 1, 1)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("units", "NaN"),
        ("units", "inf"),
        ("units", "-Infinity"),
        ("units", "123456789012345678901"),
        ("cost_eur", "1e400"),
        ("units", "1,2,3"),
    ],
)
def test_non_numbers_are_refused(ready_engine, tmp_path, column, value):
    tables = {name: [row[:] for row in rows] for name, rows in PACKAGE.items()}
    position = PACKAGE["usage"][0].index(column)
    tables["usage"][1][position] = value
    result = import_files(ready_engine, [write_csvs(tmp_path / "p", tables)])
    assert ("usage", 2, column) in {(p.table, p.row, p.column) for p in result.report.errors}
    assert count(ready_engine, schema.service_usage) == 0


def test_long_strings_html_and_formulas_as_text(ready_engine, tmp_path):
    too_long = "x" * 201
    tables = {"pilots": [PACKAGE["pilots"][0], ["P-1", too_long, "", "", ""]]}
    result = import_files(ready_engine, [write_csvs(tmp_path / "a", tables)])
    assert [(p.column, p.code) for p in result.report.errors] == [("name", "bad_value")]
    assert "at most 200" in messages(result)
    risky = ["<script>alert(1)</script>", '=HYPERLINK("http://example.invalid","x")']
    tables = {
        "pilots": [PACKAGE["pilots"][0]]
        + [[f"P-{i}", text, "", "", ""] for i, text in enumerate(risky)]
    }
    result = import_files(ready_engine, [write_csvs(tmp_path / "b", tables)])
    assert result.status == "ok", messages(result)
    with ready_engine.connect() as conn:
        names = conn.execute(sa.select(schema.pilot.c.name).order_by(schema.pilot.c.pilot_id))
        assert list(names.scalars()) == risky


def test_unknown_participant_and_ambiguous_code(ready_engine, tmp_path):
    assert import_files(ready_engine, [write_csvs(tmp_path / "a", PACKAGE)]).status == "ok"
    second = {
        "pilots": [PACKAGE["pilots"][0], ["P-2", "Otrs", "", "", ""]],
        "participants": [PACKAGE["participants"][0], ["T-01", "P-2", "LV-097", "", "", "", "", ""]],
    }
    assert import_files(ready_engine, [write_csvs(tmp_path / "b", second)]).status == "ok"
    usage = {
        "usage": [
            PACKAGE["usage"][0],
            ["T-01", "FIZIO", "01.02.2020", "1", "", ""],
            ["T-99", "FIZIO", "01.02.2020", "1", "", ""],
        ]
    }
    result = import_files(ready_engine, [write_csvs(tmp_path / "c", usage)])
    found = {(p.row, p.code) for p in result.report.errors}
    assert found == {(2, "ambiguous"), (3, "unknown_ref")}
    assert "P-2, P-TAL" in messages(result)


def test_dry_run_writes_nothing(ready_engine, tmp_path):
    result = import_files(ready_engine, [write_csvs(tmp_path / "p", PACKAGE)], dry_run=True)
    assert result.status == "checked"
    assert count(ready_engine, schema.pilot) == 0
    assert count(ready_engine, schema.import_log) == 0


def test_many_errors_are_counted_not_listed(ready_engine, tmp_path):
    rows = [PACKAGE["usage"][0]] + [["T-01", "FIZIO", "bad", "1", "", ""]] * 500
    tables = {name: PACKAGE[name] for name in ("pilots", "participants")} | {"usage": rows}
    result = import_files(ready_engine, [write_csvs(tmp_path / "p", tables)])
    assert len(problems(result, "bad_value")) == 50
    assert result.report.counts()["errors"] == 500
    assert "450 more rows" in messages(result)


def test_same_day_deliveries_are_combined_with_a_warning(ready_engine, tmp_path):
    tables = {name: [row[:] for row in rows] for name, rows in PACKAGE.items()}
    tables["usage"].append(["T-01", "FIZIO_POOL", "15.01.2020", "2", "50,00", "PRV-1"])
    folder = write_csvs(tmp_path / "p", tables)
    result = import_files(ready_engine, [folder])
    assert result.status == "ok", messages(result)
    assert [(p.code, p.row, p.params["first"]) for p in result.report.warnings] == [
        ("combined", 6, 2)
    ]
    with ready_engine.connect() as conn:
        row = conn.execute(
            sa.select(schema.service_usage.c.units, schema.service_usage.c.cost_eur).where(
                schema.service_usage.c.delivered_on == date(2020, 1, 15)
            )
        ).one()
    assert (row.units, float(row.cost_eur)) == (3.0, 75.0)
    again = import_files(ready_engine, [folder])
    assert again.written["usage"] == {"inserted": 0, "updated": 0, "unchanged": 4}


@pytest.mark.slow
def test_million_row_usage_file_in_bounded_memory(tmp_path):
    from evaldash import bench
    from evaldash.ingest import read

    package = tmp_path / "package"
    bench.write_package(package, 1_000_000)
    assert read.CHUNK_ROWS < 1_000_000  # the file is read in several chunks
    run = bench.time_import(package, f"duckdb:///{tmp_path}/big.duckdb", "1M")
    assert run.exit_code == 0
    assert 0 < run.peak_rss_mb < 1200, run
    engine_url = f"duckdb:///{tmp_path}/big.duckdb"
    from evaldash.db.engine import make_engine

    assert count(make_engine(engine_url), schema.service_usage) == 1_000_000
