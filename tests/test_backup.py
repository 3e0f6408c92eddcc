"""``backup`` and ``restore``: the whole database into one file and back, on both databases."""

from __future__ import annotations

import io
import json
import math
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from evaldash import auth, bootstrap, cli
from evaldash.db import schema
from evaldash.db.engine import make_engine
from tests.conftest import POSTGRES_URL, _new_database, load, small_package

KINDS = ("services", "progress", "gaps", "compare")
PILOTS = ("IB-BERNI-2018", "IB-GRT-2019", "P1")


@pytest.fixture
def full(engine: Engine) -> Engine:
    """Both demo pilots, a pilot of its own import, two accounts and audit entries."""
    bootstrap.install_demo(engine)
    load(engine, small_package())
    auth.add_user(engine, "anna", "ministry", password="ministry pass phrase")
    auth.add_user(
        engine, "talsi", "municipality", municipality_code="LV-097", password="talsi pass phrase"
    )
    for _ in range(3):
        auth.authenticate(engine, "talsi", "not the phrase", key=b"k")  # failed logins counted
    auth.audit(engine, "anna", "export", format="xlsx", page="services")
    return engine


def rows(engine: Engine) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, with floats to 9 significant digits (summaries added up
    in another order on the other database differ in the last bits)."""
    tables = {}
    with engine.connect() as conn:
        for table in schema.metadata.sorted_tables:
            if table is schema.usage_running and engine.dialect.name != "postgresql":
                continue  # PostgreSQL's own (see db/summary.py)
            found = conn.execute(sa.select(*table.columns)).all()
            tables[table.name] = sorted((tuple(_same(v) for v in r) for r in found), key=repr)
    return tables


def _same(value: object) -> object:
    if isinstance(value, float | Decimal):
        return float(f"{float(value):.9g}") if math.isfinite(value) else value
    return value


def reports(url: str, capsys) -> dict[tuple[str, str], tuple[int, str]]:
    capsys.readouterr()
    shown = {}
    for pilot in PILOTS:
        for kind in KINDS:
            code = cli.main(["report", kind, "--pilot", pilot, "--db", url])
            shown[pilot, kind] = (code, capsys.readouterr().out)
    return shown


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def new_engine(backend: str, folder: Path) -> Iterator[Engine]:
    for url in _new_database(backend, folder):
        engine = make_engine(url, busy_timeout=5)
        yield engine
        engine.dispose()


def other(backend: str) -> str:
    if not POSTGRES_URL:
        pytest.skip(
            "EVALDASH_TEST_POSTGRES_URL is not set: no second database kind to restore into"
        )
    return "postgresql" if backend == "duckdb" else "duckdb"


@pytest.mark.parametrize("target", ["same", "other"])
def test_a_backup_restores_every_table_and_every_figure(full, target, tmp_path, capsys):
    source = full.dialect.name
    backend = source if target == "same" else other(source)
    before = rows(full)
    assert len(before["pilot"]) == 3 and len(before["app_user"]) == 2 and before["audit_log"]
    assert cli.main(["backup", "--db", url_of(full), "--output", str(tmp_path / "b.zip")]) == 0
    (tmp_path / "target").mkdir()
    for restored in new_engine(backend, tmp_path / "target"):
        url = url_of(restored)
        capsys.readouterr()
        assert cli.main(["restore", str(tmp_path / "b.zip"), "--db", url]) == 0
        assert "restored from" in capsys.readouterr().out
        after = rows(restored)
        if backend != source:  # PostgreSQL's running totals: rebuilt there, absent on DuckDB
            before.pop("usage_running", None), after.pop("usage_running", None)
        assert after.keys() == before.keys()
        for name in before:
            assert after[name] == before[name], name
        restored_reports, source_reports = reports(url, capsys), reports(url_of(full), capsys)
        assert restored_reports.keys() == source_reports.keys()
        for key, (code, out) in source_reports.items():
            assert restored_reports[key][0] == code, key
            if code == 0:  # the same figures (a mean may differ in its 16th digit: sums'
                # order is the engine's)
                pd.testing.assert_frame_equal(
                    pd.read_csv(io.StringIO(restored_reports[key][1])),
                    pd.read_csv(io.StringIO(out)),
                    rtol=1e-12,
                    obj=str(key),
                )
        assert sum(code == 0 and len(out) > 200 for code, out in source_reports.values()) >= 9
        # new rows follow the restored ones: keys are never used twice
        with restored.connect() as conn:  # the reports above were audited too
            highest = conn.execute(sa.select(sa.func.max(schema.audit_log.c.audit_id))).scalar()
        auth.audit(restored, "anna", "export", format="csv", page="gaps")
        with restored.connect() as conn:
            ids = conn.execute(sa.select(schema.audit_log.c.audit_id)).scalars().all()
        assert max(ids) == highest + 1
        people = small_package()["participants"].assign(pilot_id="P2")
        pilots = pd.DataFrame({"pilot_id": ["P2"], "name": ["Two"]})
        load(restored, small_package(pilots=pilots, participants=people))
        with restored.connect() as conn:
            keys = conn.execute(sa.select(schema.participant.c.participant_key)).scalars().all()
        assert len(keys) == len(set(keys)) == len(after["participant"]) + 3
        # an account keeps its password hash and its failed logins
        assert auth.authenticate(restored, "anna", "ministry pass phrase", key=b"k").ok
        with restored.connect() as conn:
            failed = conn.execute(
                sa.select(schema.app_user.c.failed_logins).where(
                    schema.app_user.c.user_name == "talsi"
                )
            ).scalar_one()
        assert failed == 3


def test_restore_refuses_a_database_that_holds_data(full, tmp_path, capsys):
    backup_file = tmp_path / "b.zip"
    assert cli.main(["backup", "--db", url_of(full), "--output", str(backup_file)]) == 0
    before = rows(full)
    capsys.readouterr()
    assert cli.main(["restore", str(backup_file), "--db", url_of(full)]) == 1
    error = capsys.readouterr().err
    assert "is not empty (rows in pilot: 3, import_log: " in error
    assert "nothing was written" in error and "Create a new database" in error
    assert rows(full) == before


def test_a_damaged_backup_writes_nothing(full, tmp_path, capsys):
    good, bad = tmp_path / "b.zip", tmp_path / "damaged.zip"
    assert cli.main(["backup", "--db", url_of(full), "--output", str(good)]) == 0
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "service_usage.jsonl":
                data = data.replace(b"1.0", b"2.0", 1)
            target.writestr(item, data)
    (tmp_path / "target").mkdir()
    for restored in new_engine(full.dialect.name, tmp_path / "target"):
        capsys.readouterr()
        assert cli.main(["restore", str(bad), "--db", url_of(restored)]) == 1
        assert "service_usage does not match its manifest" in capsys.readouterr().err
        with restored.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(schema.pilot)).scalar() == 0
    package = tmp_path / "package.xlsx"  # a dump is a data package, for `import`
    assert cli.main(["dump", "--db", url_of(full), "--output", str(package)]) == 0
    capsys.readouterr()
    assert cli.main(["restore", str(package), "--db", url_of(full)]) == 1
    assert "is not an evaldash backup" in capsys.readouterr().err


def test_the_backup_file_says_what_it_holds(full, tmp_path):
    path = tmp_path / "b.zip"
    assert cli.main(["backup", "--db", url_of(full), "--output", str(path)]) == 0
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        users = [json.loads(line) for line in archive.read("app_user.jsonl").splitlines()]
    assert manifest["format"] == "evaldash-backup" and manifest["database"] == full.dialect.name
    assert manifest["tables"]["pilot"]["rows"] == 3
    assert "usage_summary" not in manifest["tables"]  # rebuilt by the restore
    hashes = [u[manifest["tables"]["app_user"]["columns"].index("password_hash")] for u in users]
    assert all(h.startswith("$argon2id$") for h in hashes)
