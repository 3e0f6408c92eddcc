"""The database layer on DuckDB and PostgreSQL: schema, reference data, writes, errors."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from datetime import date

import pandas as pd
import pytest
import sqlalchemy as sa

from evaldash.db import bootstrap, migrate, reference, schema
from evaldash.db.engine import make_engine, parse_url
from evaldash.db.write import bulk_insert, upsert
from evaldash.errors import (
    ConfigError,
    DatabaseBusyError,
    DatabaseUnavailableError,
    SchemaOutdatedError,
)
from tests.conftest import load, small_package


def count(engine, table, *where) -> int:
    with engine.connect() as conn:
        stmt = sa.select(sa.func.count()).select_from(table).where(*where)
        return conn.execute(stmt).scalar_one()


def test_init_db_creates_schema_and_reference_data(engine):
    result = bootstrap.init_db(engine)
    assert result.revision_before is None
    assert migrate.current_revision(engine) == migrate.head_revision() == result.revision_after
    assert count(engine, schema.planning_region) == 5
    assert count(engine, schema.municipality) == 43
    assert count(engine, schema.service) == 42
    assert count(engine, schema.service_category) == 19
    assert count(engine, schema.municipality_alias) == len(reference.read("municipality_alias"))
    with engine.connect() as conn:
        talsi = conn.execute(
            sa.select(schema.municipality.c.name_lv, schema.municipality.c.region_code).where(
                schema.municipality.c.municipality_code == "LV-097"
            )
        ).one()
        alias = conn.execute(
            sa.select(schema.municipality_alias.c.municipality_code).where(
                schema.municipality_alias.c.alias == "Daugavpils novads"
            )
        ).scalar_one()
    assert tuple(talsi) == ("Talsu novads", "KUR")
    assert alias == "LV-111"  # Augšdaugavas novads


def test_init_db_is_idempotent(ready_engine):
    again = bootstrap.init_db(ready_engine)
    assert again.revision_before == migrate.head_revision()
    assert count(ready_engine, schema.municipality) == 43


def test_init_db_keeps_imported_services(ready_engine):
    with ready_engine.begin() as conn:
        upsert(
            conn,
            schema.service,
            pd.DataFrame(
                {
                    "service_code": ["X1"],
                    "name_lv": ["Jauns"],
                    "unit": ["hour"],
                    "in_catalogue": [False],
                }
            ),
        )
    bootstrap.init_db(ready_engine)
    assert count(ready_engine, schema.service) == 43


def test_migrations_downgrade_to_empty_and_back(ready_engine):
    migrate.downgrade(ready_engine, "base")
    assert migrate.current_revision(ready_engine) is None
    assert set(sa.inspect(ready_engine).get_table_names()) <= {"alembic_version"}
    bootstrap.init_db(ready_engine)
    assert count(ready_engine, schema.municipality) == 43


def test_unknown_schema_revision_is_refused(ready_engine):
    with ready_engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = 'ffff'"))
    with pytest.raises(SchemaOutdatedError, match="revision 'ffff'"):
        bootstrap.init_db(ready_engine)
    with pytest.raises(SchemaOutdatedError, match="init-db"):
        bootstrap.check_schema(ready_engine)


def test_the_head_revision_constant_is_the_newest_migration(ready_engine):
    # check_schema compares with the constant, so that the app's start needs no Alembic
    assert migrate.head_revision() == migrate.HEAD_REVISION
    assert bootstrap.check_schema(ready_engine) == migrate.HEAD_REVISION
    migrate.downgrade(ready_engine, "0006")
    with pytest.raises(SchemaOutdatedError, match="revision '0006'.*needs '0017'"):
        bootstrap.check_schema(ready_engine)


def test_the_app_starts_without_importing_alembic_or_scipy_stats():
    # A new server's first page imports evaldash.ui; these two take more than a second to
    # import and are needed only to migrate and for the statistics further down the page.
    probe = "import sys, evaldash.ui; print('alembic' in sys.modules, 'scipy.stats' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_participants_hold_no_names_or_personal_codes(ready_engine):
    columns = {c["name"] for c in sa.inspect(ready_engine).get_columns("participant")}
    assert columns == {
        "participant_key",
        "pilot_id",
        "participant_code",
        "municipality_code",
        "sex",
        "birth_year",
        "enrolled_on",
        "left_on",
        "budget_eur",
        "import_id",
    }


def usage_frame(units: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "participant_id": ["a"] * len(units),
            "service": ["FIZIO"] * len(units),
            "delivered_on": [date(2020, 2, 1 + i) for i in range(len(units))],
            "units": units,
            "cost_eur": [25.0 * u for u in units],
            "provider_id": [None] * len(units),
        }
    )


def test_replace_pilots_writes_everything_and_logs_it(ready_engine):
    load(ready_engine, small_package(usage=usage_frame([1, 2])))
    assert count(ready_engine, schema.participant) == 3
    assert count(ready_engine, schema.service_usage) == 2
    with ready_engine.connect() as conn:
        log = conn.execute(sa.select(schema.import_log)).one()
        keys = conn.execute(sa.select(schema.service_usage.c.import_id).distinct()).scalars().all()
    assert log.status == "ok" and log.kind == "test" and log.finished_at is not None
    assert keys == [log.import_id]
    assert '"usage": 2' in log.row_counts


def test_replace_pilots_replaces_only_its_pilots(ready_engine):
    other = small_package()
    other["pilots"] = other["pilots"].assign(pilot_id="P2")
    other["participants"] = other["participants"].assign(
        pilot_id="P2", participant_id=["x", "y", "z"]
    )
    load(ready_engine, other)
    load(ready_engine, small_package(usage=usage_frame([1, 2, 3])))
    load(ready_engine, small_package(usage=usage_frame([5])))
    assert count(ready_engine, schema.participant) == 6
    with ready_engine.connect() as conn:
        units = conn.execute(sa.select(sa.func.sum(schema.service_usage.c.units))).scalar_one()
    assert units == 5


def test_a_failing_package_writes_nothing(ready_engine):
    load(ready_engine, small_package(usage=usage_frame([1])))
    bad = small_package(usage=usage_frame([1, -2]))  # negative units violate a CHECK
    with pytest.raises(sa.exc.IntegrityError):
        load(ready_engine, bad)
    assert count(ready_engine, schema.participant) == 3
    assert count(ready_engine, schema.service_usage) == 1
    assert count(ready_engine, schema.import_log) == 1


@pytest.mark.postgres
def test_postgres_enforces_foreign_keys(postgres_engine):
    bad = small_package()
    bad["participants"].loc[2, "municipality"] = "LV-999"
    with pytest.raises(sa.exc.IntegrityError, match="fk_participant_municipality_code"):
        load(postgres_engine, bad)
    assert count(postgres_engine, schema.participant) == 0


def test_bulk_insert_and_upsert_round_trip(ready_engine):
    pilots = pd.DataFrame(
        {"pilot_id": ["A", "B"], "name": ["Ā pilots", "B"], "start_date": [date(2019, 1, 1), None]}
    )
    with ready_engine.begin() as conn:
        assert bulk_insert(conn, schema.pilot, pilots) == 2
        upsert(conn, schema.pilot, pd.DataFrame({"pilot_id": ["B", "C"], "name": ["B2", "C"]}))
        rows = conn.execute(
            sa.select(
                schema.pilot.c.pilot_id, schema.pilot.c.name, schema.pilot.c.start_date
            ).order_by("pilot_id")
        ).all()
    assert [tuple(r) for r in rows] == [
        ("A", "Ā pilots", date(2019, 1, 1)),
        ("B", "B2", None),
        ("C", "C", None),
    ]


def test_bulk_insert_names_unknown_columns(ready_engine):
    with ready_engine.begin() as conn, pytest.raises(ValueError, match="colour"):
        bulk_insert(conn, schema.pilot, pd.DataFrame({"pilot_id": ["A"], "colour": ["red"]}))


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("sqlite:///x.db", "Unsupported database 'sqlite'"),
        ("mysql://u@h/db", "Unsupported database 'mysql'"),
        ("not a url", "is not a database URL"),
        ("postgresql+asyncpg://u@h/db", "driver 'asyncpg' is not installed"),
    ],
)
def test_unsupported_urls_are_config_errors(url, message):
    with pytest.raises(ConfigError, match=message):
        parse_url(url)


def test_duckdb_file_in_missing_folder(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        make_engine(f"duckdb:///{tmp_path}/nope/x.duckdb")


def test_duckdb_path_that_is_not_a_database(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("these are notes")
    with pytest.raises(DatabaseUnavailableError, match="not a valid DuckDB database"):
        make_engine(f"duckdb:///{path}").connect()


def test_postgres_unreachable_hides_password():
    engine = make_engine("postgresql://someone:s3cret@127.0.0.1:9/evaldash")
    with pytest.raises(DatabaseUnavailableError) as info:
        engine.connect()
    assert "Cannot connect to PostgreSQL database 'evaldash' on 127.0.0.1" in str(info.value)
    assert "s3cret" not in str(info.value)


HOLD_LOCK = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
""")


def hold_lock(path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_duckdb_locked_file_gives_clear_message(tmp_path):
    path = tmp_path / "busy.duckdb"
    bootstrap.init_db(make_engine(f"duckdb:///{path}"))
    proc = hold_lock(path, 5)
    try:
        with pytest.raises(DatabaseBusyError) as info:
            make_engine(f"duckdb:///{path}", busy_timeout=0.3).connect()
    finally:
        proc.kill()
        proc.wait()
    message = str(info.value)
    assert f"is in use by process {proc.pid}" in message
    assert "wait for it to finish" in message


def test_duckdb_waits_for_a_short_lock(tmp_path):
    path = tmp_path / "busy.duckdb"
    engine = make_engine(f"duckdb:///{path}", busy_timeout=10)
    bootstrap.init_db(engine)
    proc = hold_lock(path, 1.0)
    try:
        assert count(engine, schema.municipality) == 43
    finally:
        proc.wait()


def test_duckdb_engine_holds_no_connection_between_queries(tmp_path):
    path = tmp_path / "shared.duckdb"
    engine = make_engine(f"duckdb:///{path}")
    bootstrap.init_db(engine)
    assert count(engine, schema.municipality) == 43
    # Another process (e.g. a CLI import) can now open the file for writing.
    code = "import duckdb, sys; duckdb.connect(sys.argv[1]).execute('CREATE TABLE t(i INT)')"
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, timeout=60)


def test_dashboard_engine_keeps_the_file_open_only_while_busy(tmp_path):
    path = tmp_path / "kept.duckdb"
    bootstrap.init_db(make_engine(f"duckdb:///{path}"))
    engine = make_engine(f"duckdb:///{path}", keep_open=1.0)
    writer = "import duckdb, sys; duckdb.connect(sys.argv[1]).execute('CREATE TABLE t(i INT)')"

    def other_process_writes() -> bool:
        run = subprocess.run(
            [sys.executable, "-c", writer, str(path)], timeout=60, check=False, capture_output=True
        )
        return run.returncode == 0

    assert count(engine, schema.municipality) == 43
    assert not other_process_writes()  # right after a query the database is still open
    time.sleep(2.0)
    assert other_process_writes()  # idle for longer than keep_open: closed, an import can run
    assert count(engine, schema.municipality) == 43  # and the next query opens it again
    engine.dispose()  # disposing closes it at once
    assert (
        subprocess.run(
            [sys.executable, "-c", writer.replace("TABLE t(", "TABLE u("), str(path)], timeout=60
        ).returncode
        == 0
    )


def test_usage_summary_is_written_with_the_usage_and_by_the_upgrade(ready_engine):
    load(ready_engine, small_package(usage=usage_frame([2.0, 3.5, 1.0])))
    u, s = schema.service_usage, schema.usage_summary
    totals = sa.select(
        u.c.participant_key,
        u.c.service_code,
        sa.func.count(),
        sa.func.sum(u.c.units),
        sa.func.min(u.c.delivered_on),
        sa.func.max(u.c.delivered_on),
    ).group_by(u.c.participant_key, u.c.service_code)
    summary = sa.select(
        s.c.participant_key,
        s.c.service_code,
        s.c.deliveries,
        s.c.units,
        s.c.first_day,
        s.c.last_day,
    )
    with ready_engine.connect() as conn:
        want = sorted(conn.execute(totals).all())
        assert want and sorted(conn.execute(summary).all()) == want
        months = sorted(conn.execute(sa.select(schema.usage_month)).all(), key=repr)
        pairs = sorted(conn.execute(sa.select(schema.assessment_pair)).all(), key=repr)
        rounds = sorted(conn.execute(sa.select(schema.assessment_round)).all(), key=repr)
    assert months
    migrate.downgrade(ready_engine, "0002")  # a database from before the summaries
    bootstrap.init_db(ready_engine)
    with ready_engine.connect() as conn:
        assert sorted(conn.execute(summary).all()) == want
        assert sorted(conn.execute(sa.select(schema.usage_month)).all(), key=repr) == months
        assert sorted(conn.execute(sa.select(schema.assessment_pair)).all(), key=repr) == pairs
        assert sorted(conn.execute(sa.select(schema.assessment_round)).all(), key=repr) == rounds
    migrate.downgrade(ready_engine, "0007")  # usage_summary without the days
    assert "first_day" not in {c["name"] for c in sa.inspect(ready_engine).get_columns(s.name)}
    bootstrap.init_db(ready_engine)
    with ready_engine.connect() as conn:
        assert sorted(conn.execute(summary).all()) == want


def test_plan_summary_adds_up_the_rounds_and_is_written_by_the_upgrade(ready_engine):
    plans = pd.DataFrame(
        {
            "participant_id": ["a", "a", "b"],
            "round": [1, 2, 1],
            "service": ["FIZIO", "FIZIO", "ATB_PERS"],
            "planned_units": [4.0, 2.5, 20.0],
            "priority": [1, 1, 1],
        }
    )
    load(ready_engine, small_package(plans=plans))
    p, ps = schema.participant, schema.plan_summary
    rows = (
        sa.select(p.c.participant_code, ps.c.service_code, ps.c.planned_units)
        .select_from(ps.join(p, p.c.participant_key == ps.c.participant_key))
        .order_by(p.c.participant_code)
    )
    with ready_engine.connect() as conn:
        assert conn.execute(rows).all() == [("a", "FIZIO", 6.5), ("b", "ATB_PERS", 20.0)]
    migrate.downgrade(ready_engine, "0011")  # a database from before plan_summary
    assert ps.name not in sa.inspect(ready_engine).get_table_names()
    bootstrap.init_db(ready_engine)
    with ready_engine.connect() as conn:
        assert conn.execute(rows).all() == [("a", "FIZIO", 6.5), ("b", "ATB_PERS", 20.0)]


def test_an_import_leaves_postgresql_statistics_of_what_it_wrote(ready_engine):
    if ready_engine.dialect.name != "postgresql":
        pytest.skip("only PostgreSQL plans by statistics that an import must refresh")
    from evaldash.db import summary

    names = [t.name for t in summary.ANALYZED]
    stats = sa.text("SELECT relname, reltuples FROM pg_class WHERE relname IN :names").bindparams(
        sa.bindparam("names", expanding=True)
    )
    filled = {"usage_running", "plan_summary", "pair_change"}  # by migrations, which analyse
    filled |= {"plan_period", "participant_usage"}
    with ready_engine.connect() as conn:
        before = dict(conn.execute(stats, {"names": names}).all())
    assert set(before) == set(names) and filled < set(names)
    assert {before[n] for n in set(names) - filled} == {-1}  # never analysed
    load(ready_engine, small_package(usage=usage_frame([2.0, 3.5, 1.0])))
    with ready_engine.connect() as conn:
        after = dict(conn.execute(stats, {"names": names}).all())
    assert after["service_usage"] == 3 and after["participant"] == 3
    assert after["usage_running"] == 1  # a, FIZIO
    assert all(rows >= 0 for rows in after.values())  # every one analysed, empty ones too


def test_only_postgresql_gets_the_index_on_a_pair_of_rounds(ready_engine):
    indexes = {i["name"] for i in sa.inspect(ready_engine).get_indexes("assessment_pair")}
    postgres = ready_engine.dialect.name == "postgresql"
    assert indexes == ({"ix_assessment_pair_rounds"} if postgres else set())
    migrate.downgrade(ready_engine, "0009")
    assert not sa.inspect(ready_engine).get_indexes("assessment_pair")


def test_participant_codes_must_be_unique_in_a_package(ready_engine):
    package = small_package()
    package["participants"].loc[2, "participant_id"] = "a"
    with pytest.raises(ValueError, match=r"participant codes used twice in the package: \['a'\]"):
        load(ready_engine, package)
    assert count(ready_engine, schema.participant) == 0


def test_numbers_keep_their_precision(ready_engine):
    units = [3.3, 57.246, 0.1 + 0.2, 1234567.891]
    frame = small_package(usage=usage_frame(units)).copy()
    load(ready_engine, frame)
    with ready_engine.connect() as conn:
        stored = (
            conn.execute(
                sa.select(schema.service_usage.c.units).order_by(
                    schema.service_usage.c.delivered_on
                )
            )
            .scalars()
            .all()
        )
        lat = conn.execute(
            sa.select(schema.municipality.c.centre_lat).where(
                schema.municipality.c.municipality_code == "LV-097"
            )
        ).scalar_one()
    assert stored == units
    assert lat == 57.246


def test_an_older_database_is_upgraded_with_its_data(ready_engine):
    migrate.downgrade(ready_engine, "0001")
    assert "app_user" not in sa.inspect(ready_engine).get_table_names()
    bootstrap.init_db(ready_engine)  # init-db upgrades it in place
    assert migrate.current_revision(ready_engine) == migrate.HEAD_REVISION == "0017"
    assert {"app_user", "audit_log"} <= set(sa.inspect(ready_engine).get_table_names())
    assert count(ready_engine, schema.municipality) == 43
    with ready_engine.connect() as conn:  # the catalogue's short names arrive with 0016
        short = conn.execute(
            sa.select(schema.service.c.name_short_lv).where(
                schema.service.c.service_code == "APRUPE_BERNAM"
            )
        ).scalar_one()
    assert short == "Aprūpe bērnam ar FT"


def test_bounded_memory_holds_duckdb_within_the_block_and_restores_it(tmp_path):
    from evaldash.db.write import bounded_memory

    engine = make_engine(f"duckdb:///{tmp_path}/m.duckdb")
    setting = "SELECT current_setting('memory_limit')"
    with engine.connect() as conn:
        before = conn.exec_driver_sql(setting).scalar_one()
        with bounded_memory(conn, "300MB"):
            inside = conn.exec_driver_sql(setting).scalar_one()
        assert conn.exec_driver_sql(setting).scalar_one() == before != inside
    assert inside.replace(" ", "") in {"286.1MiB", "300.0MB"}
    engine.dispose()


def test_a_failure_within_bounded_memory_is_raised_as_itself_and_the_limit_reset(tmp_path):
    from evaldash.db.write import bounded_memory

    engine = make_engine(f"duckdb:///{tmp_path}/m.duckdb")
    setting = "SELECT current_setting('memory_limit')"
    with engine.connect() as keeper:  # holds the database (and its settings) open
        before = keeper.exec_driver_sql(setting).scalar_one()
        failing = pytest.raises(sa.exc.DBAPIError, match="Conversion Error")
        with failing, engine.begin() as conn, bounded_memory(conn, "300MB"):
            conn.exec_driver_sql("CREATE TEMPORARY TABLE t AS SELECT 1 AS a")
            conn.exec_driver_sql("INSERT INTO t VALUES (1 / 0)")  # aborts the transaction
        assert keeper.exec_driver_sql(setting).scalar_one() == before
    engine.dispose()


def test_postgres_sessions_use_their_memory_and_no_jit(postgres_engine):
    with postgres_engine.connect() as conn:
        assert conn.exec_driver_sql("SHOW work_mem").scalar_one() == "64MB"
        assert conn.exec_driver_sql("SHOW jit").scalar_one() == "off"
        assert conn.exec_driver_sql("SHOW parallel_setup_cost").scalar_one() == "100"
        assert conn.exec_driver_sql("SHOW parallel_tuple_cost").scalar_one() == "0.02"
