"""The server's log: one line per event on standard output, never participant data or secrets."""

from __future__ import annotations

import logging
import re
import shutil
import time
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from evaldash import logs
from evaldash.db import schema
from evaldash.db.engine import make_engine
from tests.conftest import demo_copy
from tests.test_app import APP, run_link, sign_in

LINE = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (DEBUG|INFO|WARNING|ERROR|CRITICAL) session=\S+ page=\S+ "
    r"event=\w+( \w+=\S+)*$"
)


@pytest.fixture
def server_log(monkeypatch, capsys):
    """The lines the app logs in this test, as the stdout handler writes them.

    The handler is made anew on the test's standard output (pytest's capture), and the
    logger's handlers are restored afterwards.
    """
    monkeypatch.setattr(logs.log, "handlers", [])
    monkeypatch.delenv(logs.LEVEL_VARIABLE, raising=False)

    def lines() -> list[str]:
        return capsys.readouterr().out.splitlines()

    return lines


@pytest.fixture
def app_env(monkeypatch, demo_duckdb_url):
    monkeypatch.setenv("EVALDASH_DB_URL", demo_duckdb_url)
    return demo_duckdb_url


def events(lines: list[str], name: str) -> list[str]:
    return [line for line in lines if f" event={name}" in line]


def test_a_line_is_time_level_and_fields_one_event_one_line(server_log):
    logs.configure()
    logs.configure()  # a rerun configures again: still one handler of ours
    assert [h.get_name() for h in logs.log.handlers].count("evaldash-stdout") == 1
    with logs.bound(session="ab12cd34", page="services"):
        logs.event("page_run", ms=153, role="ministry", note='two words\nand "a quote"')
    [line] = server_log()
    assert LINE.match(line.replace(' note="two words\\nand \\"a quote\\""', "")), line
    assert line.endswith(
        "session=ab12cd34 page=services event=page_run ms=153 role=ministry "
        'note="two words\\nand \\"a quote\\""'
    )


def test_the_level_comes_from_evaldash_log_level(server_log, monkeypatch):
    monkeypatch.setenv("EVALDASH_LOG_LEVEL", "warning")
    logs.configure()
    logs.event("page_run", ms=1)
    logs.event("slow", logging.WARNING, ms=2)
    assert [line.split(" event=")[1] for line in server_log()] == ["slow ms=2"]
    monkeypatch.setenv("EVALDASH_LOG_LEVEL", "nonsense")  # unknown: the default, INFO
    assert logs.level() == logging.INFO


def test_a_page_run_is_logged_with_page_role_and_duration(server_log, app_env):
    at = run_link("pages/progress.py", lang="en", pilot="IB-BERNI-2018")
    assert not at.exception and at.get("plotly_chart")
    lines = server_log()
    [run] = events(lines, "page_run")
    assert LINE.match(run), run
    assert " INFO session=" in run and " page=progress event=page_run role=ministry " in run
    assert int(re.search(r" ms=(\d+)", run)[1]) > 0 and run.endswith(" outcome=ok")
    # the page shows participants' codes (slopegraph, radar); the log never does
    engine = make_engine(app_env)
    with engine.connect() as conn:
        codes = conn.execute(sa.select(schema.participant.c.participant_code)).scalars().all()
    engine.dispose()
    assert codes and not [c for c in codes if c in "\n".join(lines)]


def test_sign_in_is_logged_without_typed_names_or_passwords(
    server_log, tmp_path, monkeypatch, demo_duckdb_url
):
    from evaldash import auth

    url = demo_copy(demo_duckdb_url, tmp_path / "accounts.duckdb")
    engine = make_engine(url)
    auth.add_user(engine, "anna", "ministry", password="ministry pass phrase")
    engine.dispose()
    monkeypatch.setenv("EVALDASH_DB_URL", url)
    at = AppTest.from_file(APP, default_timeout=60).run()
    at = sign_in(at, "Jānis Bērziņš", "his secret phrase")  # a person's name, no account
    at = sign_in(at, "ministry pass phrase", "anna")  # a password typed as the name
    at = sign_in(at, "anna", "ministry pass phrase")
    assert not at.exception and at.get("plotly_chart")
    text = "\n".join(server_log())
    refused = events(text.splitlines(), "sign_in")[:2]
    assert all(line.endswith("outcome=refused reason=wrong") for line in refused), refused
    assert " event=sign_in outcome=ok user=anna role=ministry" in text
    assert " page=overview event=page_run role=ministry user=anna " in text
    for secret in ("Jānis", "Bērziņš", "his secret phrase", "ministry pass phrase", "pass phrase"):
        assert secret not in text


def test_an_error_shown_as_a_message_is_logged_with_its_traceback(server_log, monkeypatch):
    monkeypatch.setenv("EVALDASH_DB_URL", "postgresql+psycopg://u:secret@127.0.0.1:9/nothing")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert "Cannot connect to PostgreSQL" in at.error[0].value
    text = "\n".join(server_log())
    [line] = events(text.splitlines(), "error_shown")
    assert " ERROR session=" in line
    assert line.endswith(" event=error_shown what=database error=DatabaseUnavailableError")
    after = text.split(line, 1)[1]
    assert after.lstrip("\n").startswith("Traceback (most recent call last):")
    assert "evaldash.errors.DatabaseUnavailableError: Cannot connect to PostgreSQL" in after
    assert "secret" not in text  # the URL's password, not in the message nor the traceback
    assert events(text.splitlines(), "page_run")[0].endswith(" outcome=stopped")


def test_an_import_through_the_data_page_is_logged(server_log, tmp_path, monkeypatch):
    from tests.test_ingest import PACKAGE, write_csvs

    monkeypatch.setenv("EVALDASH_DB_URL", f"duckdb:///{tmp_path}/upload.duckdb")
    monkeypatch.setenv("EVALDASH_LANG", "en")
    folder = write_csvs(tmp_path / "pkg", PACKAGE)
    files = [(p.name, p.read_bytes(), "text/csv") for p in sorted(folder.iterdir())]
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/data.py").run()
    at.get("file_uploader")[0].set_value(files)
    at.run()
    [confirm] = [b for b in at.button if b.label == "Import into the database"]
    confirm.click()
    at.run()
    assert any(s.value.startswith("Imported (import") for s in at.success)
    [line] = events(server_log(), "import")
    found = re.search(
        rf" event=import files={len(files)} outcome=ok rows=(\d+) written=(\d+) "
        r"import_id=\d+ ms=\d+$",
        line,
    )
    assert found and int(found[1]) >= int(found[2]) > 0, line


def test_streamlit_run_prints_the_lines_on_standard_output(tmp_path, demo_duckdb_url):
    """The real server: a page opened in Chromium and a download, logged on stdout."""
    from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, serve

    database = tmp_path / "demo.duckdb"
    shutil.copy(demo_duckdb_url.removeprefix("duckdb:///"), database)
    log = tmp_path / "server.log"
    with contextmanager(serve)(database, log) as url:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(accept_downloads=True)
            page.goto(url + "services?lang=en")
            page.wait_for_selector(".js-plotly-plot", timeout=60_000)
            page.get_by_text("Download this view").click()
            with page.expect_download(timeout=60_000) as download:
                page.get_by_role("button", name="Excel tables (.xlsx)").click()
            size = download.value.path().stat().st_size
            browser.close()
        deadline = time.monotonic() + 10
        while " event=export " not in log.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
            time.sleep(0.2)
    lines = log.read_text(encoding="utf-8").splitlines()
    runs = [line for line in events(lines, "page_run") if " page=services " in line]
    assert runs and all(LINE.match(line) for line in runs), lines
    assert " role=ministry user=- ms=" in runs[-1]
    [export] = events(lines, "export")
    assert LINE.match(export) and " page=services event=export " in export
    assert f" format=xlsx export_page=services bytes={size} ms=" in export
    assert not [line for line in lines if "Traceback" in line]


def test_a_database_error_never_repeats_a_statement_parameter(engine):
    """A traceback in the log holds the error's text: no participant code passed to a query."""
    with pytest.raises(sa.exc.DBAPIError) as raised, engine.connect() as conn:
        conn.execute(sa.text("SELECT :code FROM no_such_table"), {"code": "B-TAL-03"})
    assert "B-TAL-03" not in str(raised.value)
    assert "hidden" in str(raised.value)
