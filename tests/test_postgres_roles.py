"""PostgreSQL roles of deploy/: the owner migrates, the import role imports, the app role reads.

Runs the files of ``deploy/`` on the test server, with role and database names of its own
(roles are the whole server's): the app role runs every page's figures and writes audit entries
and lockout counters, and is refused any write of pilots' data.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from evaldash import auth, cli
from evaldash.db import schema
from evaldash.db.engine import make_engine
from tests.conftest import NO_POSTGRES, POSTGRES_URL

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.postgres
ROLES = ("evaldash_owner", "evaldash_import", "evaldash_app")


def statements(path: Path, names: dict[str, str]) -> list[str]:
    """The file's SQL statements (comments dropped), with the installation's names replaced."""
    text = "\n".join(line for line in path.read_text().splitlines() if not line.startswith("--"))
    for name, ours in names.items():
        text = re.sub(rf"\b{name}\b", ours, text)
    return [s.strip() for s in text.split(";") if s.strip()]


@pytest.fixture
def installation() -> Iterator[dict[str, str]]:
    """Roles and a database as deploy/postgres-roles.sql makes them; their URLs by role."""
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    suffix = uuid.uuid4().hex[:8]
    names = {role: f"{role}_{suffix}" for role in ROLES} | {"evaldash": f"evaldash_{suffix}"}
    server = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    base = make_url(POSTGRES_URL).set(database=names["evaldash"])
    urls = {
        role: base.set(username=names[role], password=f"{role}-password-change-me".replace(
            "evaldash_", "")).render_as_string(hide_password=False)
        for role in ROLES
    }  # fmt: skip
    try:
        with server.connect() as conn:
            for statement in statements(ROOT / "deploy" / "postgres-roles.sql", names):
                conn.exec_driver_sql(statement)
        yield {"names": names, **urls}  # type: ignore[misc]
    finally:
        with server.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{names["evaldash"]}" WITH (FORCE)')
            for role in ROLES:
                conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{names[role]}"')
        server.dispose()


def run_as(url: str, path: Path, names: dict[str, str]) -> None:
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with engine.connect() as conn:
        for statement in statements(path, names):
            conn.exec_driver_sql(statement)
    engine.dispose()


def test_each_role_does_its_job_and_the_app_cannot_write_data(installation, tmp_path, capsys):
    from tests.test_ingest import PACKAGE, write_csvs

    names = installation["names"]
    owner, importer, app = (installation[r] for r in ROLES)
    # step 2: migrations as the owner; step 3: the grants, as the owner
    assert cli.main(["init-db", "--db", owner]) == 0
    run_as(owner, ROOT / "deploy" / "postgres-grants.sql", names)
    # the import role cannot change the schema
    denied = pytest.raises(sa.exc.ProgrammingError, match="permission denied")
    with denied, sa.create_engine(importer).begin() as conn:
        conn.exec_driver_sql("CREATE TABLE intruder (i int)")
    # imports as the import role: the demo, a package, an account
    assert cli.main(["demo", "--db", importer]) == 0
    assert cli.main(["import", str(write_csvs(tmp_path / "pkg", PACKAGE)), "--db", importer]) == 0
    engine = make_engine(importer)
    auth.add_user(engine, "anna", "ministry", password="ministry pass phrase")
    engine.dispose()
    capsys.readouterr()

    # the app role: every page's figures (reports are audited: an audit entry each)
    for pilot in ("IB-BERNI-2018", "IB-GRT-2019"):
        for kind in ("services", "progress", "gaps", "compare"):
            assert cli.main(["report", kind, "--pilot", pilot, "--db", app]) == 0, kind
            assert len(capsys.readouterr().out.splitlines()) > 2  # header and rows
    app_engine = make_engine(app)
    with app_engine.connect() as conn:
        audited = conn.execute(
            sa.select(sa.func.count()).select_from(schema.audit_log).where(
                schema.audit_log.c.event == "export")
        ).scalar()  # fmt: skip
    assert audited == 8
    # lockout counters: five wrong passwords lock the account, and an unknown name alike
    key = b"the server's secret"
    for name in ("anna", "nobody"):
        for _ in range(5):
            assert not auth.authenticate(app_engine, name, "not the phrase", key=key).ok
        locked = auth.authenticate(app_engine, name, "ministry pass phrase", key=key)
        assert locked.reason == "locked", name
    # a sign-in kept by a cookie: started, resumed, ended
    cookie = auth.open_session(app_engine, "anna", key=key)
    assert auth.resume_session(app_engine, cookie, key=key).user_name == "anna"
    auth.end_session(app_engine, cookie, key=key)
    assert auth.resume_session(app_engine, cookie, key=key) is None
    # no import, no deletion, no account made by the app role
    assert cli.main(["import", str(tmp_path / "pkg"), "--db", app]) == 1
    assert "permission denied" in capsys.readouterr().err
    for statement in (
        "DELETE FROM pilot",
        "UPDATE participant SET budget_eur = 0",
        "INSERT INTO import_log (started_at, kind, status) VALUES (now(), 'import', 'ok')",
        "UPDATE app_user SET role = 'admin'",
        "DELETE FROM audit_log",
        "TRUNCATE service_usage",
    ):
        denied = pytest.raises(sa.exc.ProgrammingError, match="permission denied")
        with denied, app_engine.begin() as conn:
            conn.exec_driver_sql(statement)
    with app_engine.connect() as conn:
        pilots = conn.execute(sa.select(sa.func.count()).select_from(schema.pilot)).scalar()
    assert pilots == 3
    app_engine.dispose()


def test_the_dashboard_runs_as_the_app_role(installation, monkeypatch):
    from tests.test_app import run_app

    names = installation["names"]
    assert cli.main(["init-db", "--db", installation["evaldash_owner"]]) == 0
    run_as(installation["evaldash_owner"], ROOT / "deploy" / "postgres-grants.sql", names)
    assert cli.main(["demo", "--db", installation["evaldash_import"]]) == 0
    monkeypatch.setenv("EVALDASH_DB_URL", installation["evaldash_app"])
    monkeypatch.setenv("EVALDASH_AUTO_DEMO", "false")
    for page in ("overview", "services", "progress", "gaps", "compare"):
        at = run_app(lang="en")
        if page != "overview":
            at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, page
        assert not at.error, [e.value for e in at.error]
        assert at.get("plotly_chart"), page
