"""A command-line import on a DuckDB file the dashboard keeps busy: the dashboard lets it go.

DuckDB lets one process use a file at a time; a dashboard whose users keep clicking would hold
it for good. A command that finds the file held asks for its turn (``<file>.wanted``) and gets
it once the page runs under way have finished (see :mod:`evaldash.db.engine`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from evaldash import bootstrap
from evaldash.db import schema
from evaldash.db.engine import KEEP_OPEN, make_engine
from evaldash.metrics import catalog

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def cli(*args: str, database: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "EVALDASH_BUSY_TIMEOUT": "15"}
    return subprocess.run(
        [sys.executable, "-m", "evaldash", *args, "--db", f"duckdb:///{database}"],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=ROOT,
        check=False,
    )


@contextmanager
def busy_dashboard(database: Path):
    """A dashboard engine used without a pause (a query every 50 ms, never idle 3 s)."""
    engine = make_engine(f"duckdb:///{database}", busy_timeout=60, keep_open=KEEP_OPEN)
    stop = threading.Event()
    errors: list[BaseException] = []
    queries = [0]

    def click() -> None:
        while not stop.is_set():
            try:
                with engine.connect() as conn:
                    conn.execute(sa.select(sa.func.count()).select_from(schema.pilot)).scalar()
                queries[0] += 1
            except BaseException as exc:  # noqa: BLE001 - reported by the test
                errors.append(exc)
            time.sleep(0.05)

    worker = threading.Thread(target=click, daemon=True)
    worker.start()
    try:
        yield queries, errors
    finally:
        stop.set()
        worker.join(timeout=30)
        engine.dispose()


def test_an_import_gets_its_turn_while_the_dashboard_is_in_use(tmp_path):
    from tests.test_ingest import PACKAGE, write_csvs

    database = tmp_path / "busy.duckdb"
    bootstrap.install_demo(make_engine(f"duckdb:///{database}"))
    folder = write_csvs(tmp_path / "pkg", PACKAGE)
    with busy_dashboard(database) as (queries, errors):
        time.sleep(1)
        during = queries[0]
        run = cli("import", str(folder), "--quiet", database=database)
        assert queries[0] > during  # busy while the command ran: never idle for 3 s
        time.sleep(1)  # and it goes on after the import
        before = queries[0]
        time.sleep(1)
        assert queries[0] > before
    assert run.returncode == 0, run.stderr
    assert not errors  # the dashboard waited for the import, it did not fail
    assert not Path(f"{database}.wanted").exists()  # the request ends with the command
    engine = make_engine(f"duckdb:///{database}")
    assert "P-TAL" in set(catalog.pilots(engine)["pilot_id"])


def test_a_stale_request_is_ignored(tmp_path):
    database = tmp_path / "stale.duckdb"
    bootstrap.init_db(make_engine(f"duckdb:///{database}"))
    wanted = Path(f"{database}.wanted")
    wanted.write_text("99999999", encoding="ascii")  # a command killed long ago
    old = time.time() - 60
    os.utime(wanted, (old, old))
    engine = make_engine(f"duckdb:///{database}", busy_timeout=1, keep_open=KEEP_OPEN)
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.municipality)).scalar()
    engine.dispose()


def test_the_real_dashboard_in_use_and_an_import_from_the_command_line(tmp_path, demo_duckdb_url):
    """``streamlit run`` on the file, Chromium reloading a page without a pause, and
    ``python -m evaldash import`` on the same file: the import succeeds, the page still works."""
    from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, serve
    from tests.test_ingest import PACKAGE, write_csvs

    database = tmp_path / "demo.duckdb"
    shutil.copy(demo_duckdb_url.removeprefix("duckdb:///"), database)
    folder = write_csvs(tmp_path / "pkg", PACKAGE)
    with contextmanager(serve)(database, tmp_path / "server.log") as url:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url + "services")
            page.wait_for_selector(".js-plotly-plot", timeout=60_000)
            importer = subprocess.Popen(
                [sys.executable, "-m", "evaldash", "import", str(folder), "--quiet", "--db",
                 f"duckdb:///{database}"],
                env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            reloads = 0
            while importer.poll() is None:  # a user who never stops clicking
                page.reload()
                page.wait_for_selector(".js-plotly-plot", timeout=60_000)
                reloads += 1
            out, err = importer.communicate()
            assert importer.returncode == 0, err
            assert reloads >= 1
            page.goto(url + "services?pilot=P-TAL&lang=en")  # the imported pilot is there
            page.wait_for_selector("text=Most-used services", timeout=60_000)
            assert not page.locator("text=is writing the database").count()
            browser.close()
    log = (tmp_path / "server.log").read_text(encoding="utf-8")
    assert "Traceback" not in log
