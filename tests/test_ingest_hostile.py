"""Packages as municipalities really send them, and files that must never crash the import.

Every refused input gets a one-line message naming the file (and row and column where there is
one), the command line exits 1, the audit log has an ``import_refused`` entry, and the database
is unchanged.
"""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from evaldash import cli
from evaldash.db import bootstrap, schema
from evaldash.db.engine import make_engine
from evaldash.ingest import dump, import_files, read, spec
from evaldash.ingest.validate import Validator
from tests.test_ingest import PACKAGE, messages, problems, write_csvs, write_xlsx

ROOT = Path(__file__).resolve().parents[1]


def required_only(tables: dict[str, list[list[str]]]) -> dict[str, list[list[str]]]:
    """The package with every optional column left out, as a municipality's own export."""
    out = {}
    for name, rows in tables.items():
        keep = [i for i, c in enumerate(rows[0]) if c in spec.BY_NAME[name].required]
        out[name] = [[row[i] for i in keep] for row in rows]
    return out


def table_counts(engine: sa.engine.Engine) -> dict[str, int]:
    tables = [schema.pilot, schema.participant, schema.assessment, schema.plan_item]
    tables += [schema.service_usage, schema.provider_service, schema.assessment_domain]
    with engine.connect() as conn:
        return {
            t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in tables
        }


# --- optional columns left out ----------------------------------------------------------------


def test_a_package_of_only_the_required_columns_imports(ready_engine, tmp_path):
    minimal = required_only(PACKAGE)
    assert "budget_eur" not in minimal["participants"][0]
    result = import_files(ready_engine, [write_csvs(tmp_path / "p", minimal)])
    assert result.status == "ok", messages(result)
    with ready_engine.connect() as conn:
        people = conn.execute(
            sa.select(schema.participant.c.budget_eur, schema.participant.c.sex)
        ).all()
    assert len(people) == 3 and all(tuple(p) == (None, None) for p in people)
    again = import_files(ready_engine, [write_csvs(tmp_path / "q", minimal)])
    assert again.status == "ok"
    assert all(c["inserted"] == c["updated"] == 0 for c in again.written.values()), again.written


@pytest.mark.parametrize(
    "column", [c for t in spec.TABLES for c in t.columns if not c.required], ids=str
)
def test_any_optional_column_may_be_left_out(ready_engine, tmp_path, column):
    if ready_engine.dialect.name != "duckdb":  # the property test drops them on both backends
        pytest.skip("each column on DuckDB; random subsets on PostgreSQL in test_ingest_property")
    table = next(t.name for t in spec.TABLES if column in t.columns)
    tables = {
        name: [[v for v, c in zip(row, rows[0], strict=True) if c != column.name] for row in rows]
        if name == table
        else rows
        for name, rows in PACKAGE.items()
    }
    result = import_files(ready_engine, [write_xlsx(tmp_path / "p.xlsx", tables)])
    assert result.status == "ok", messages(result)


# --- encodings ----------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_files_are_read(ready_engine, tmp_path, encoding):
    """Excel's "Unicode text" is UTF-16 with a BOM and tabs; some tools leave the BOM out."""
    folder = write_csvs(tmp_path / "p", PACKAGE, delimiter="\t", encoding=encoding)
    result = import_files(ready_engine, [folder])
    assert result.status == "ok", messages(result)
    assert result.report.warnings == []
    with ready_engine.connect() as conn:
        names = conn.execute(sa.select(schema.provider.c.name)).scalars().all()
    assert names == ['Biedrība "Talsu rehabilitācija"']


def test_a_utf16_file_that_breaks_off_names_its_line(ready_engine, tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    text = "pilot_id\tname\nP-1\tTalsi\n".encode("utf-16")
    (folder / "pilots.csv").write_bytes(text + b"\x00\xd8")  # a lone surrogate at the end
    result = import_files(ready_engine, [folder])
    assert [(p.code, p.row) for p in result.report.errors] == [("bad_utf16", 3)]


# --- files that are not what their name says ------------------------------------------------


def test_a_csv_renamed_to_xlsx_is_named_as_text(ready_engine, tmp_path):
    folder = write_csvs(tmp_path / "p", {"pilots": PACKAGE["pilots"]})
    renamed = tmp_path / "pilots.xlsx"
    (folder / "pilots.csv").rename(renamed)
    result = import_files(ready_engine, [renamed])
    assert [(p.code, p.source) for p in result.report.errors] == [("xlsx_is_text", "pilots.xlsx")]
    assert "<table>.csv" in messages(result)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "xls_old"),
        (bytes(range(256)), "not_xlsx"),
    ],
)
def test_a_workbook_that_is_no_zip_says_what_it_is(ready_engine, tmp_path, content, code):
    path = tmp_path / "pilot.xlsx"
    path.write_bytes(content)
    result = import_files(ready_engine, [path])
    assert [p.code for p in result.report.errors] == [code]


def bomb(path: Path, megabytes: int, declared_cells: str | None = None) -> Path:
    """An .xlsx whose sheet unpacks to ``megabytes`` MB of one repeated row."""
    row = b'<row><c t="inlineStr"><is><t>T-01</t></is></c></row>' * 1000
    dimension = f'<dimension ref="{declared_cells}"/>' if declared_cells else ""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "xl/workbook.xml", '<workbook><sheets><sheet name="usage"/></sheets></workbook>'
        )
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f"<worksheet>{dimension}<sheetData>".encode())
            for _ in range(megabytes * (1 << 20) // len(row)):
                sheet.write(row)
            sheet.write(b"</sheetData></worksheet>")
    return path


def test_a_zip_bomb_is_refused_before_it_is_opened(ready_engine, tmp_path):
    path = bomb(tmp_path / "usage.xlsx", 40)
    assert path.stat().st_size < 1_000_000
    result = import_files(ready_engine, [path])
    assert [p.code for p in result.report.errors] == ["xlsx_too_big"]
    assert "usage.xlsx" in messages(result)


def test_a_workbook_declaring_too_many_cells_is_refused(ready_engine, tmp_path):
    path = bomb(tmp_path / "usage.xlsx", 0, declared_cells="A1:Z1000000")  # 26 million cells
    result = import_files(ready_engine, [path])
    assert [p.code for p in result.report.errors] == ["xlsx_cells"]
    assert "26,000,000" in messages(result)


def test_cells_are_counted_while_a_sheet_is_read(ready_engine, tmp_path, monkeypatch):
    """A sheet may declare no dimension (openpyxl's write-only mode writes none)."""
    path = write_xlsx(tmp_path / "p.xlsx", {"pilots": PACKAGE["pilots"] * 10})
    monkeypatch.setattr(read, "XLSX_MAX_CELLS", 30)
    result = import_files(ready_engine, [path])
    assert "xlsx_cells" in [p.code for p in result.report.errors]
    assert result.status == "invalid"


def test_the_cli_refuses_a_300_mb_zip_bomb_in_little_memory(tmp_path):
    path = bomb(tmp_path / "usage.xlsx", 300)
    url = f"duckdb:///{tmp_path}/bomb.duckdb"
    # The child's own peak (VmHWM, kB): ru_maxrss may carry over the forking test process's.
    script = (
        "import re, sys; from evaldash import cli; code = cli.main(sys.argv[1:]); "
        "status = open('/proc/self/status').read(); "
        "print(re.search(r'VmHWM:\\s+(\\d+)', status).group(1), file=sys.stderr); "
        "sys.exit(code)"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, "import", str(path), "--lang", "en", "--db", url],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert "ERROR: usage.xlsx: The workbook would unpack to 315 MB" in run.stdout
    peak_kb = int(run.stderr.strip().splitlines()[-1])
    assert peak_kb < 600_000, f"peak {peak_kb / 1000:.0f} MB"


# --- rows and values ----------------------------------------------------------------------------


def test_a_row_with_more_fields_than_the_header_is_refused(ready_engine, tmp_path):
    usage = PACKAGE["usage"][:3] + [PACKAGE["usage"][3] + ["Talsi; 2 reizes"]]
    folder = write_csvs(tmp_path / "p", {**PACKAGE, "usage": usage})
    result = import_files(ready_engine, [folder])
    assert [(p.code, p.source, p.row) for p in result.report.errors] == [
        ("extra_fields", "usage.csv", 4)
    ]
    assert "7 fields but the header 6 columns" in messages(result)
    assert table_counts(ready_engine)["service_usage"] == 0


def test_trailing_empty_fields_of_every_row_are_no_extra_fields(ready_engine, tmp_path):
    tables = {name: [row + [""] for row in rows] for name, rows in PACKAGE.items()}
    result = import_files(ready_engine, [write_csvs(tmp_path / "p", tables)])
    assert result.status == "ok", messages(result)


@pytest.mark.parametrize(
    ("table", "row", "column", "text"),
    [
        ("participants", 1, 0, "T-01\x00"),
        ("participants", 2, 0, "T-\u202e10"),  # shows as T-01 in a right-to-left override
        ("pilots", 1, 1, "Talsu\u200b pilots"),
        ("providers", 1, 1, "Biedrība\u2066 X"),
    ],
)
def test_control_and_direction_characters_are_refused(
    ready_engine, tmp_path, table, row, column, text
):
    rows = [list(r) for r in PACKAGE[table]]
    rows[row][column] = text
    folder = write_csvs(tmp_path / "p", {**PACKAGE, table: rows})
    result = import_files(ready_engine, [folder])
    hidden = problems(result, "hidden_characters")
    assert [(p.table, p.row, p.column) for p in hidden] == [(table, row + 1, rows[0][column])]
    assert "<U+" in hidden[0].value and "U+" in hidden[0].message("en")
    assert result.status == "invalid"
    assert table_counts(ready_engine)["participant"] == 0


@pytest.mark.parametrize("code", ["120380-12345", "12038012345", "B-120380-12345", "321234-56789"])
def test_participant_codes_that_look_like_personal_codes_are_refused(ready_engine, tmp_path, code):
    participants = [list(r) for r in PACKAGE["participants"]]
    participants[1][0] = code
    usage = [list(r) for r in PACKAGE["usage"]]
    usage[1][0] = code
    folder = write_csvs(tmp_path / "p", {**PACKAGE, "participants": participants, "usage": usage})
    result = import_files(ready_engine, [folder])
    found = [(p.table, p.row) for p in problems(result, "personal_code")]
    assert found == [("participants", 2), ("usage", 2)]
    assert code not in "\n".join(messages(result, lang) for lang in ("lv", "en"))
    assert "pseudonymous" in messages(result)


def test_pseudonymous_codes_with_digits_are_not_personal_codes(ready_engine, tmp_path):
    participants = [list(r) for r in PACKAGE["participants"]]
    participants[3][0] = "IB2018-TAL-000123"
    result = import_files(
        ready_engine, [write_csvs(tmp_path / "p", {**PACKAGE, "participants": participants})]
    )
    assert result.status == "ok", messages(result)


# --- one code in two pilots ------------------------------------------------------------------


def two_pilots_one_code() -> dict[str, list[list[str]]]:
    return {
        "pilots": PACKAGE["pilots"] + [["P-2", "Otrs", "", "01.01.2020", "31.12.2020"]],
        "participants": PACKAGE["participants"] + [["T-01", "P-2", "LV-097"] + [""] * 5],
        "usage": [
            PACKAGE["usage"][0] + ["pilot_id"],
            ["T-01", "FIZIO", "01.02.2020", "1", "", "", "P-TAL"],
            ["T-01", "FIZIO", "01.02.2020", "2", "", "", "P-2"],
        ],
    }


def test_facts_name_their_pilot_where_two_pilots_share_a_code(ready_engine, tmp_path):
    result = import_files(ready_engine, [write_csvs(tmp_path / "p", two_pilots_one_code())])
    assert result.status == "ok", messages(result)
    p, u = schema.participant, schema.service_usage
    with ready_engine.connect() as conn:
        rows = conn.execute(
            sa.select(p.c.pilot_id, u.c.units)
            .join_from(u, p, u.c.participant_key == p.c.participant_key)
            .order_by(p.c.pilot_id)
        ).all()
    assert [(pilot, float(units)) for pilot, units in rows] == [("P-2", 2.0), ("P-TAL", 1.0)]


def test_without_pilot_id_a_shared_code_says_to_add_it(ready_engine, tmp_path):
    package = two_pilots_one_code()
    package["usage"] = [row[:-1] for row in package["usage"]]
    result = import_files(ready_engine, [write_csvs(tmp_path / "p", package)])
    assert {p.code for p in result.report.errors} == {"ambiguous"}
    assert "Add a pilot_id column" in messages(result)


def test_a_named_pilot_must_have_the_participant(ready_engine, tmp_path):
    package = two_pilots_one_code()
    package["usage"][2][-1] = "P-3"
    package["usage"].append(["T-02", "FIZIO", "01.02.2020", "1", "", "", "P-2"])
    result = import_files(ready_engine, [write_csvs(tmp_path / "p", package)])
    found = {(p.code, p.row, p.column) for p in result.report.errors}
    assert found == {("unknown_ref", 3, "pilot_id"), ("not_in_pilot", 4, "participant_id")}


def test_a_shared_code_survives_the_dump_round_trip(ready_engine, tmp_path):
    package = two_pilots_one_code()
    assert import_files(ready_engine, [write_csvs(tmp_path / "p", package)]).status == "ok"
    dump.dump(ready_engine, tmp_path / "first")
    fresh = make_engine(f"duckdb:///{tmp_path}/fresh.duckdb")
    bootstrap.init_db(fresh)
    result = import_files(fresh, [tmp_path / "first"])
    assert result.status == "ok", messages(result)
    dump.dump(fresh, tmp_path / "second")
    for path in sorted((tmp_path / "first").iterdir()):
        assert path.read_bytes() == (tmp_path / "second" / path.name).read_bytes(), path.name


# --- the command line: one line, exit 1, audited, nothing changed ----------------------------


def _csv_as_xlsx(tmp_path: Path) -> Path:
    folder = write_csvs(tmp_path / "src", {"pilots": PACKAGE["pilots"]})
    return (folder / "pilots.csv").rename(tmp_path / "pilots.xlsx")


def _extra_field(tmp_path: Path) -> Path:
    pilots = PACKAGE["pilots"] + [["P-2", "Otrs", "", "", "", "x"]]
    return write_csvs(tmp_path / "src", {"pilots": pilots}) / "pilots.csv"


def _nul(tmp_path: Path) -> Path:
    pilots = PACKAGE["pilots"] + [["P-\x002", "Otrs", "", "", ""]]
    return write_csvs(tmp_path / "src", {"pilots": pilots}) / "pilots.csv"


def _personal(tmp_path: Path) -> Path:
    people = PACKAGE["participants"] + [["010203-12345", "P-TAL", "LV-097"] + [""] * 5]
    return write_csvs(tmp_path / "src", {"participants": people}) / "participants.csv"


def _bomb(tmp_path: Path) -> Path:
    return bomb(tmp_path / "usage.xlsx", 30)


def _utf16_broken(tmp_path: Path) -> Path:
    path = tmp_path / "pilots.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + "pilot_id\tname\n".encode("utf-16-le") + b"\x00\xdc")
    return path


@pytest.mark.parametrize(
    ("make", "where"),
    [
        (_csv_as_xlsx, "ERROR: pilots.xlsx: "),
        (_extra_field, "ERROR: pilots.csv, row 3: "),
        (_nul, "ERROR: pilots.csv, row 3, pilot_id [P-<U+0000>2]: "),
        (_personal, "ERROR: participants.csv, row 5, participant_id [******-*****]: "),
        (_bomb, "ERROR: usage.xlsx: "),
        (_utf16_broken, "ERROR: pilots.csv, row 2: "),
    ],
    ids=lambda v: getattr(v, "__name__", "")[1:] if callable(v) else None,
)
def test_the_cli_refuses_with_one_line_exit_1_and_an_audit_entry(tmp_path, capsys, make, where):
    url = f"duckdb:///{tmp_path}/cli.duckdb"
    assert cli.main(["import", str(write_csvs(tmp_path / "good", PACKAGE)), "--db", url]) == 0
    engine = make_engine(url)
    before = table_counts(engine)
    capsys.readouterr()
    assert cli.main(["import", str(make(tmp_path)), "--lang", "en", "--db", url]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    errors = [line for line in out.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and errors[0].startswith(where), out
    assert out.strip().endswith("The database is unchanged.")
    assert table_counts(engine) == before
    with engine.connect() as conn:
        events = conn.execute(
            sa.select(schema.audit_log.c.event, schema.audit_log.c.detail).order_by(
                schema.audit_log.c.audit_id
            )
        ).all()
    assert [e for e, _ in events][-1] == "import_refused"
    assert json.loads(events[-1][1])["errors"] == 1


def test_an_unforeseen_failure_of_a_check_is_reported_not_raised(
    ready_engine, tmp_path, monkeypatch
):
    def broken(*_args: object) -> None:
        raise KeyError("a column no test thought of")

    monkeypatch.setattr(Validator, "_check_usage", broken)
    result = import_files(ready_engine, [write_csvs(tmp_path / "p", PACKAGE)])
    assert result.status == "invalid"
    assert [p.code for p in result.report.errors] == ["check_failed"]
    assert "KeyError" in messages(result) and "Nothing was written" in messages(result)
    assert table_counts(ready_engine)["participant"] == 0


def test_the_workbook_reader_streams_only_what_unpacks_large(tmp_path):
    """Merged cells are found in workbooks small enough to load whole."""
    path = write_xlsx(tmp_path / "p.xlsx", {"pilots": PACKAGE["pilots"]})
    book = openpyxl.load_workbook(path)
    book["pilots"].merge_cells("A2:B2")
    book.save(path)
    engine = make_engine(f"duckdb:///{tmp_path}/m.duckdb")
    bootstrap.init_db(engine)
    result = import_files(engine, [path])
    assert "merged_cells" in [p.code for p in result.report.errors]


def test_a_whole_number_column_with_a_gap_lands_on_both_databases(ready_engine, tmp_path):
    """A new participant without a birth year among others with one (PostgreSQL's COPY
    refused the ``1980.0`` this made)."""
    participants = [list(r) for r in PACKAGE["participants"]]
    participants[3][4] = ""
    folder = write_csvs(tmp_path / "p", {**PACKAGE, "participants": participants})
    result = import_files(ready_engine, [folder])
    assert result.status == "ok", messages(result)
    with ready_engine.connect() as conn:
        years = conn.execute(
            sa.select(schema.participant.c.birth_year).order_by(
                schema.participant.c.participant_code
            )
        ).scalars()
        assert list(years) == [1980, 1975, None]


# --- a real-sized package of only the required columns: every page and report works --------


@pytest.fixture(scope="module")
def required_only_url(tmp_path_factory, demo_duckdb_url) -> str:
    """The demo dumped, every optional column removed, imported into an empty database."""
    import pandas as pd

    folder = tmp_path_factory.mktemp("required-only")
    assert cli.main(["dump", "--output", str(folder / "full"), "--db", demo_duckdb_url]) == 0
    (folder / "minimal").mkdir()
    for path in (folder / "full").iterdir():
        table = spec.BY_NAME[path.stem]
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame[list(table.required)].to_csv(folder / "minimal" / path.name, index=False, sep=";")
    url = f"duckdb:///{folder}/minimal.duckdb"
    assert cli.main(["import", str(folder / "minimal"), "--db", url]) == 0
    return url


@pytest.mark.parametrize("kind", ["services", "progress", "gaps", "compare"])
def test_every_report_works_on_required_columns_only(required_only_url, capsys, kind):
    capsys.readouterr()
    code = cli.main(["report", kind, "--pilot", "IB-BERNI-2018", "--db", required_only_url])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert len(out.splitlines()) >= 5  # a header and a row per domain at least


@pytest.mark.parametrize("page", ["overview", "services", "progress", "gaps", "compare", "data"])
def test_every_page_works_on_required_columns_only(required_only_url, monkeypatch, page):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("EVALDASH_DB_URL", required_only_url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    charts = at.get("plotly_chart")
    assert page == "data" or charts, f"{page} shows no chart"


@pytest.mark.parametrize("make", [_csv_as_xlsx, _bomb], ids=["csv_as_xlsx", "bomb"])
def test_the_data_page_shows_a_refused_upload_as_its_report(tmp_path, monkeypatch, make):
    from streamlit.testing.v1 import AppTest

    url = f"duckdb:///{tmp_path}/upload.duckdb"
    monkeypatch.setenv("EVALDASH_DB_URL", url)
    monkeypatch.setenv("EVALDASH_LANG", "en")
    path = make(tmp_path)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/data.py").run()
    upload = (path.name, path.read_bytes(), "application/octet-stream")
    at.get("file_uploader")[0].set_value([upload])
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "The package has 1 error and 0 warnings. Correct the file and upload it again; the "
        "database is unchanged."
    ]
    shown = at.dataframe[0].value
    assert shown.iloc[:, 1].tolist() == [path.name], shown
    assert shown.iloc[:, 0].tolist() == ["error"], shown
    assert not [b for b in at.button if b.label == "Import into the database"]
    with make_engine(url).connect() as conn:
        events = conn.execute(sa.select(schema.audit_log.c.event)).scalars().all()
    assert events == ["import_refused"]


def test_a_value_under_no_header_is_refused_in_a_csv(ready_engine, tmp_path):
    pilots = [PACKAGE["pilots"][0] + [""], PACKAGE["pilots"][1] + [""], ["P-2", "Otrs"] + [""] * 3]
    pilots[2].append("piezīme")
    result = import_files(ready_engine, [write_csvs(tmp_path / "p", {"pilots": pilots})])
    assert [(p.code, p.row) for p in result.report.errors] == [("value_without_header", 3)]
    assert "column F, which has no header" in messages(result)


def test_a_value_beyond_the_header_is_refused_in_a_workbook(ready_engine, tmp_path):
    participants = [list(r) for r in PACKAGE["participants"]]
    participants[2] = participants[2] + ["", "atnāca vēlāk"]
    path = write_xlsx(tmp_path / "p.xlsx", {**PACKAGE, "participants": participants})
    result = import_files(ready_engine, [path])
    found = [(p.code, p.row) for p in result.report.errors if p.table == "participants"]
    assert found == [("value_without_header", 3)]
    assert "column J" in messages(result)
    assert table_counts(ready_engine)["participant"] == 0


def test_the_data_page_shows_every_message_whole(tmp_path, monkeypatch):
    """The table cuts long messages; the same lines as the CLI are shown in full under it."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("EVALDASH_DB_URL", f"duckdb:///{tmp_path}/upload.duckdb")
    monkeypatch.setenv("EVALDASH_LANG", "en")
    path = _csv_as_xlsx(tmp_path)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/data.py").run()
    at.get("file_uploader")[0].set_value([(path.name, path.read_bytes(), "text/csv")])
    at.run()
    shown = at.dataframe[0].value
    assert shown.iloc[0].tolist()[2:6] == ["", "", "", ""]  # no "None" where a file has no row
    [text] = at.code
    assert text.value == (
        "ERROR: pilots.xlsx: The file is text (a CSV, perhaps) named .xlsx. Rename it to "
        "<table>.csv, or open it in Excel and save it as .xlsx."
    )
