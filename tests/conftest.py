"""Shared fixtures: a fresh database per test on DuckDB and (when configured) PostgreSQL.

PostgreSQL runs need ``EVALDASH_TEST_POSTGRES_URL`` (a server URL whose user may create
databases); ``.ci/run`` starts a server and sets it. Without it those runs are skipped.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import date

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from streamlit import config as streamlit_config

from evaldash import bootstrap
from evaldash.db import schema
from evaldash.db.engine import make_engine
from evaldash.db.load import replace_pilots
from evaldash.ui import signin

POSTGRES_URL = os.environ.get("EVALDASH_TEST_POSTGRES_URL")
# The app hides error details from users (.streamlit/config.toml); tests need to see them.
streamlit_config.set_option("client.showErrorDetails", "full")
NO_POSTGRES = (
    "EVALDASH_TEST_POSTGRES_URL is not set: PostgreSQL tests need a server "
    "(bash .ci/postgres.sh starts one and prints the URL)"
)
BACKENDS = ["duckdb", pytest.param("postgresql", marks=pytest.mark.postgres)]

LOCAL_BROWSER = (None, {"Host": "localhost:8501", "Origin": "http://localhost:8501"})
"""A browser on this computer: what ``st.context`` reports for ``http://localhost:8501``."""


@pytest.fixture(autouse=True)
def a_browser_on_this_computer(monkeypatch: pytest.MonkeyPatch) -> None:
    """AppTest runs have no connection; tests open the app as a browser on this computer.

    Without this, :func:`evaldash.ui.signin.request_client` reports AppTest's stand-in
    client, which is not local, and an app without accounts refuses to run (as it must for a
    client it cannot place). Tests of remote clients patch it again.
    """
    monkeypatch.setattr(signin, "request_client", lambda: LOCAL_BROWSER)


def _postgres_database() -> Iterator[str]:
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    name = f"evaldash_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _new_database(backend: str, folder: os.PathLike) -> Iterator[str]:
    if backend == "duckdb":
        yield f"duckdb:///{folder}/evaldash-test.duckdb"
    else:
        yield from _postgres_database()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """URL of a new, empty database (no schema)."""
    yield from _new_database(request.param, tmp_path)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """Engine on a new, empty database."""
    eng = make_engine(db_url, busy_timeout=2)
    yield eng
    eng.dispose()


@pytest.fixture
def ready_engine(engine: Engine) -> Engine:
    """Engine on a new database with the schema and the reference data."""
    bootstrap.init_db(engine)
    return engine


@pytest.fixture
def postgres_engine(tmp_path) -> Iterator[Engine]:
    """Engine on a new PostgreSQL database with schema and reference data."""
    for url in _postgres_database():
        eng = make_engine(url)
        bootstrap.init_db(eng)
        yield eng
        eng.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def demo_engine(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[Engine]:
    """Engine on a database holding the default demo. Shared: tests must not write to it."""
    folder = tmp_path_factory.mktemp(f"demo-{request.param}")
    for url in _new_database(request.param, folder):
        eng = make_engine(url, busy_timeout=5)
        bootstrap.install_demo(eng)
        yield eng
        eng.dispose()


def demo_copy(demo_duckdb_url: str, path: os.PathLike) -> str:
    """Copy the demo database file to ``path``, with an empty audit log; return its URL.

    For tests that add accounts or write audit entries (reports and exports do), so the shared
    demo stays as it was and a count of audit entries counts only the test's own.
    """
    shutil.copy(demo_duckdb_url.removeprefix("duckdb:///"), path)
    url = f"duckdb:///{path}"
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(schema.audit_log.delete())
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def demo_duckdb_url(tmp_path_factory) -> str:
    """URL of a DuckDB file holding the default demo (for app and CLI tests)."""
    path = tmp_path_factory.mktemp("demo-app") / "demo.duckdb"
    url = f"duckdb:///{path}"
    bootstrap.install_demo(make_engine(url))
    return url


def small_package(**tables: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """A tiny valid package: pilot P1 with participants a, b (LV-097) and c (LV-LPX).

    Tables passed as keyword arguments replace or add to the defaults.
    """
    package = {
        "pilots": pd.DataFrame(
            {
                "pilot_id": ["P1"],
                "name": ["Test pilot"],
                "target_group": ["adults"],
                "start_date": [date(2020, 1, 1)],
                "end_date": [date(2020, 12, 31)],
            }
        ),
        "participants": pd.DataFrame(
            {
                "participant_id": ["a", "b", "c"],
                "pilot_id": ["P1"] * 3,
                "municipality": ["LV-097", "LV-097", "LV-LPX"],
                "sex": ["F", "M", "F"],
                "birth_year": [1980, 1990, 2000],
                "enrolled_on": [date(2020, 1, 1)] * 3,
                "left_on": [None, None, None],
                "budget_eur": [1000.0, 2000.0, 1000.0],
            }
        ),
    }
    package.update(tables)
    return package


def load(engine: Engine, package: dict[str, pd.DataFrame]) -> None:
    """Write a package into an initialised database (replacing its pilots)."""
    replace_pilots(engine, package, kind="test", source="tests")
