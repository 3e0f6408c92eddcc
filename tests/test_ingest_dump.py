"""The dump writes the database back as a data package that reads back as the same tables."""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa

from evaldash import bootstrap, demo
from evaldash.db import schema
from evaldash.db.engine import make_engine
from evaldash.db.write import bulk_insert
from evaldash.errors import EvaldashError
from evaldash.ingest import dump as dump_module
from evaldash.ingest import spec
from evaldash.ingest.dump import dump
from tests.conftest import load, small_package

DATABASE_ROWS = {
    "pilots": schema.pilot,
    "participants": schema.participant,
    "domains": schema.assessment_domain,
    "assessments": schema.assessment,
    "services": schema.service,
    "plans": schema.plan_item,
    "usage": schema.service_usage,
    "providers": schema.provider_service,
}


def database_count(engine, table: sa.Table) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def read_csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def read_package(folder: Path) -> dict[str, pd.DataFrame]:
    return {
        path.stem: pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        for path in folder.glob("*.csv")
    }


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """A package frame with every value as the dump writes it."""
    plain = frame.astype(object).where(frame.notna(), None)
    return plain.map(lambda v: dump_module.text(v.item() if hasattr(v, "item") else v))


def by_all_columns(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def cell_text(value: object) -> str:
    """A workbook cell as the CSV writes the same value."""
    if isinstance(value, datetime):
        assert value.time() == datetime.min.time()
        return value.date().isoformat()
    return dump_module.text(value)


@pytest.fixture
def demo_folder(demo_engine, tmp_path) -> tuple[Path, dict[str, int]]:
    folder = tmp_path / "package"
    return folder, dump(demo_engine, folder)


# --- CSV -------------------------------------------------------------------------------------


def test_demo_dump_has_every_table_with_spec_header_and_database_counts(demo_engine, demo_folder):
    folder, counts = demo_folder
    assert list(counts) == list(spec.ORDER)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.csv" for t in spec.ORDER)
    for table in spec.TABLES:
        rows = read_csv_rows(folder / f"{table.name}.csv")
        assert rows[0] == list(table.column_names), table.name
        expected = database_count(demo_engine, DATABASE_ROWS[table.name])
        assert len(rows) - 1 == counts[table.name] == expected > 0, table.name


def test_csv_files_are_utf8_without_bom_with_lf_line_ends(demo_folder):
    folder, _ = demo_folder
    for path in folder.glob("*.csv"):
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), path.name
        assert b"\r" not in raw, path.name
        assert raw.endswith(b"\n"), path.name
    assert "Alūksnes novada" in (folder / "providers.csv").read_text(encoding="utf-8")


def test_demo_dump_reads_back_as_the_demo_package(demo_folder):
    folder, _ = demo_folder
    package = demo.generate()
    dumped = read_package(folder)
    people = dumped["participants"][["pilot_id", "participant_id"]]
    assert set(map(tuple, people.to_numpy())) == set(
        map(tuple, package["participants"][["pilot_id", "participant_id"]].to_numpy())
    )
    usage = dumped["usage"]
    assert len(usage) == len(package["usage"])
    assert usage["units"].astype(float).sum() == pytest.approx(package["usage"]["units"].sum())
    cost = usage["cost_eur"].map(Decimal).sum()
    assert cost == Decimal(str(round(package["usage"]["cost_eur"].sum(), 2)))
    for table, frame in package.items():
        # The dump names each fact's pilot; the demo's codes are unique, so it leaves it out.
        expected = as_text(frame)
        if "participant_id" in frame and "pilot_id" not in frame:
            pilot_of = package["participants"].set_index("participant_id")["pilot_id"]
            expected["pilot_id"] = frame["participant_id"].map(pilot_of)
        pd.testing.assert_frame_equal(
            by_all_columns(dumped[table]), by_all_columns(expected), obj=table
        )


def test_rows_are_sorted_by_the_table_key(demo_folder):
    folder, _ = demo_folder
    numeric = {"round"}
    for table in spec.TABLES:
        frame = pd.read_csv(folder / f"{table.name}.csv", dtype=str, keep_default_na=False)
        keys = [frame[c].astype(int) if c in numeric else frame[c] for c in table.key if c in frame]
        rows = list(zip(*keys, strict=True))
        assert rows == sorted(rows), table.name


def test_dump_is_deterministic(demo_engine, tmp_path):
    dump(demo_engine, tmp_path / "a")
    dump(demo_engine, tmp_path / "b")
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name
    dump(demo_engine, tmp_path / "a.xlsx")
    dump(demo_engine, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def usage_rows(engine, rows: list[dict]) -> None:
    """Store usage rows for participant "a" of ``small_package`` as the database holds them."""
    p = schema.participant
    with engine.begin() as conn:
        key = conn.execute(
            sa.select(p.c.participant_key).where(p.c.participant_code == "a")
        ).scalar_one()
        frame = pd.DataFrame([{"participant_key": key, "service_code": "FIZIO", **r} for r in rows])
        bulk_insert(conn, schema.service_usage, frame)


def test_month_only_usage_is_written_as_a_month(ready_engine, tmp_path):
    load(ready_engine, small_package())
    usage_rows(
        ready_engine,
        [
            {"delivered_on": date(2020, 2, 1), "month_only": True, "units": 4.0},
            {"delivered_on": date(2020, 2, 1), "month_only": False, "units": 1.5},
            {"delivered_on": date(2020, 3, 9), "month_only": False, "units": 2.0},
        ],
    )
    counts = dump(ready_engine, tmp_path / "package")
    assert counts["usage"] == 3
    rows = read_csv_rows(tmp_path / "package" / "usage.csv")
    assert rows[1:] == [
        ["a", "FIZIO", "2020-02-01", "1.5", "", "", "P1"],
        ["a", "FIZIO", "2020-02", "4", "", "", "P1"],
        ["a", "FIZIO", "2020-03-09", "2", "", "", "P1"],
    ]
    dump(ready_engine, tmp_path / "package.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "package.xlsx")["usage"]
    assert [c.value for c in sheet["C"]][1:] == [
        datetime(2020, 2, 1),
        "2020-02",
        datetime(2020, 3, 9),
    ]


def test_services_are_the_catalogue_and_the_imported_ones(ready_engine, tmp_path):
    extra = pd.DataFrame(
        {
            "service_code": ["ZZ_NEW"],
            "name_lv": ["Jauns pakalpojums"],
            "name_en": [None],
            "category": [None],
            "unit": ["hour"],
        }
    )
    load(ready_engine, small_package(services=extra))
    dump(ready_engine, tmp_path / "package")
    services = pd.read_csv(tmp_path / "package" / "services.csv", dtype=str, keep_default_na=False)
    catalogue = pd.read_csv(Path(__file__).parents[1] / "data" / "services.csv", dtype=str)
    assert set(services["service_code"]) == set(catalogue["service_code"]) | {"ZZ_NEW"}
    new = services[services["service_code"] == "ZZ_NEW"].iloc[0].to_dict()
    assert new == {
        "service_code": "ZZ_NEW",
        "name_lv": "Jauns pakalpojums",
        "name_en": "",
        "name_short_lv": "",
        "name_short_en": "",
        "category": "",
        "unit": "hour",
    }


def test_values_of_a_small_package(ready_engine, tmp_path):
    providers = pd.DataFrame(
        {
            "provider_id": ["PRV-9", "PRV-9"],
            "name": ['Centrs "Saule", SIA', 'Centrs "Saule", SIA'],
            "service": ["LOGO", "FIZIO"],
            "municipality": ["LV-097", "LV-097"],
            "outreach": [True, False],
        }
    )
    load(ready_engine, small_package(providers=providers))
    dump(ready_engine, tmp_path / "package")
    participants = read_csv_rows(tmp_path / "package" / "participants.csv")
    assert participants[1] == ["a", "P1", "LV-097", "F", "1980", "2020-01-01", "", "1000"]
    assert read_csv_rows(tmp_path / "package" / "providers.csv")[1:] == [
        ["PRV-9", 'Centrs "Saule", SIA', "FIZIO", "LV-097", "false"],
        ["PRV-9", 'Centrs "Saule", SIA', "LOGO", "LV-097", "true"],
    ]
    raw = (tmp_path / "package" / "providers.csv").read_text(encoding="utf-8")
    assert 'PRV-9,"Centrs ""Saule"", SIA",FIZIO,LV-097,false\n' in raw


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (None, ""),
        ("LV-097", "LV-097"),
        (True, "true"),
        (False, "false"),
        (2013, "2013"),
        (12.0, "12"),
        (-2.0, "-2"),
        (12.5, "12.5"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e-5, "0.00001"),
        (Decimal("32.50"), "32.5"),
        (Decimal("100.00"), "100"),
        (Decimal("2744.37"), "2744.37"),
        (date(2019, 2, 10), "2019-02-10"),
    ],
)
def test_text_writes_values_that_read_back_exactly(value, written):
    assert dump_module.text(value) == written
    if isinstance(value, float):
        assert float(written) == value


def test_a_new_dump_replaces_an_earlier_one_and_drops_emptied_tables(ready_engine, tmp_path):
    folder = tmp_path / "package"
    load(ready_engine, small_package())
    usage_rows(ready_engine, [{"delivered_on": date(2020, 2, 3), "units": 1.0}])
    assert dump(ready_engine, folder)["usage"] == 1
    load(ready_engine, small_package())  # replaces pilot P1: its usage is gone
    counts = dump(ready_engine, folder)
    assert counts["usage"] == 0
    assert not (folder / "usage.csv").exists()
    assert (folder / "participants.csv").exists()


# --- refusals ----------------------------------------------------------------------------------


def test_refuses_a_file_where_the_folder_should_be(ready_engine, tmp_path):
    target = tmp_path / "package"
    target.write_text("keep me", encoding="utf-8")
    with pytest.raises(EvaldashError, match="exists but is not a folder"):
        dump(ready_engine, target)
    assert target.read_text(encoding="utf-8") == "keep me"


def test_refuses_a_folder_with_other_files(ready_engine, tmp_path):
    folder = tmp_path / "package"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    (folder / "usage.csv").write_text("old", encoding="utf-8")
    with pytest.raises(EvaldashError, match=r"notes\.txt") as info:
        dump(ready_engine, folder)
    assert "choose a new or empty folder" in str(info.value)
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt", "usage.csv"]
    assert (folder / "usage.csv").read_text(encoding="utf-8") == "old"


def test_refuses_a_folder_named_like_a_workbook(ready_engine, tmp_path):
    (tmp_path / "package.xlsx").mkdir()
    with pytest.raises(EvaldashError, match="is a folder"):
        dump(ready_engine, tmp_path / "package.xlsx")


def test_refuses_a_database_without_schema(engine, tmp_path):
    with pytest.raises(EvaldashError, match="init-db"):
        dump(engine, tmp_path / "package")
    assert not (tmp_path / "package").exists()


def test_refuses_a_table_too_long_for_a_sheet(ready_engine, tmp_path, monkeypatch):
    monkeypatch.setattr(dump_module, "XLSX_MAX_ROWS", 10)
    with pytest.raises(EvaldashError, match=r"Table services has \d+ rows.*CSV"):
        dump(ready_engine, tmp_path / "out" / "package.xlsx")
    assert not (tmp_path / "out").exists()


# --- workbook ------------------------------------------------------------------------------------


def test_workbook_holds_the_same_values_as_the_csv_files(demo_engine, demo_folder, tmp_path):
    folder, counts = demo_folder
    assert dump(demo_engine, tmp_path / "package.xlsx") == counts
    book = openpyxl.load_workbook(tmp_path / "package.xlsx", read_only=True)
    assert book.sheetnames == [t for t in spec.ORDER if counts[t]]
    for name in book.sheetnames:
        cells = [[cell_text(v) for v in row] for row in book[name].iter_rows(values_only=True)]
        assert cells == read_csv_rows(folder / f"{name}.csv"), name
    book.close()


def test_workbook_types_and_properties(ready_engine, tmp_path):
    load(ready_engine, small_package())
    dump(ready_engine, tmp_path / "package.xlsx")
    book = openpyxl.load_workbook(tmp_path / "package.xlsx")
    assert book.properties.created == dump_module.FIXED_TIMESTAMP
    assert book.properties.modified == dump_module.FIXED_TIMESTAMP
    assert book.sheetnames == ["pilots", "participants", "services"]
    sheet = book["participants"]
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == list(spec.BY_NAME["participants"].column_names)
    a = [c.value for c in sheet[2]]
    assert a == ["a", "P1", "LV-097", "F", 1980, datetime(2020, 1, 1), None, 1000]
    assert sheet["F2"].is_date


def test_duckdb_file_is_free_after_the_dump(tmp_path):
    path = tmp_path / "evaldash.duckdb"
    engine = make_engine(f"duckdb:///{path}")
    bootstrap.init_db(engine)
    dump(engine, tmp_path / "package")
    # Another process can open the file for writing: the dump kept no connection open.
    opened = subprocess.run(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; duckdb.connect(sys.argv[1]).execute('checkpoint')",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert opened.returncode == 0, opened.stderr


@pytest.mark.postgres
def test_duckdb_and_postgresql_write_the_same_bytes(postgres_engine, tmp_path):
    duck = make_engine(f"duckdb:///{tmp_path}/demo.duckdb")
    for engine in (duck, postgres_engine):
        bootstrap.install_demo(engine)
    dump(duck, tmp_path / "duckdb")
    dump(postgres_engine, tmp_path / "postgresql")
    duck.dispose()
    for path in (tmp_path / "duckdb").iterdir():
        assert path.read_bytes() == (tmp_path / "postgresql" / path.name).read_bytes(), path.name


def test_dump_imports_back_to_the_same_dump(demo_folder, ready_engine, tmp_path):
    from evaldash.ingest import import_files

    folder, counts = demo_folder
    result = import_files(ready_engine, sorted(folder.glob("*.csv")))
    assert result.status == "ok", result.report.counts()
    again = tmp_path / "again"
    assert dump(ready_engine, again) == counts
    for path in folder.iterdir():
        assert path.read_bytes() == (again / path.name).read_bytes(), path.name


def test_short_service_names_label_charts_and_travel_with_the_package(ready_engine, tmp_path):
    from evaldash.metrics import catalog

    extra = pd.DataFrame(
        {
            "service_code": ["ZZ_SHORT", "ZZ_LONG"],
            "name_lv": ["Jauns pakalpojums (ar garu paskaidrojumu)", "Ļoti " * 12 + "garš"],
            "name_en": ["New service (with a long explanation)", None],
            "name_short_lv": ["Jaunais", None],
            "name_short_en": ["New one", None],
            "category": [None, None],
            "unit": ["hour", "hour"],
        }
    )
    load(ready_engine, small_package(services=extra))
    lv, en = catalog.labels(ready_engine, "lv"), catalog.labels(ready_engine, "en")
    assert (lv["ZZ_SHORT"], en["ZZ_SHORT"]) == ("Jaunais", "New one")
    # Without a short name, the full one shortened (English falls back to Latvian).
    assert (
        lv["ZZ_LONG"].endswith("…") and len(lv["ZZ_LONG"]) <= 30 and en["ZZ_LONG"] == lv["ZZ_LONG"]
    )
    # The shipped catalogue's short names, in each language; other codes keep their names.
    assert (lv["APRUPE_BERNAM"], en["APRUPE_BERNAM"]) == (
        "Aprūpe bērnam ar FT",
        "Care for child with FI",
    )
    assert lv["LV-097"] == catalog.names(ready_engine, "lv")["LV-097"]
    dump(ready_engine, tmp_path / "package")
    services = pd.read_csv(tmp_path / "package" / "services.csv", dtype=str, keep_default_na=False)
    row = services.set_index("service_code").loc["ZZ_SHORT"]
    assert (row["name_short_lv"], row["name_short_en"]) == ("Jaunais", "New one")
