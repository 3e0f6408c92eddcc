"""The audit log: imports and downloads write it, its filters, and the admin page that shows it."""

from __future__ import annotations

import getpass
import json
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from evaldash import auth, cli, export, site, ui, views
from evaldash.db.engine import make_engine
from evaldash.filters import Filters
from evaldash.metrics import catalog
from tests.conftest import demo_copy
from tests.test_ingest import PACKAGE, write_csvs

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
AUDIT_PAGE = ROOT / "pages" / "audit.py"


def entries(engine, **filters) -> list[tuple[str | None, str, dict]]:
    """The audit log oldest first: (user, event, detail)."""
    log = auth.audit_log(engine, **filters)
    return [
        (None if pd.isna(r.user_name) else r.user_name, r.event, json.loads(r.detail))
        for r in log.iloc[::-1].itertuples(index=False)
    ]


def of(engine, event: str) -> list[tuple[str | None, str, dict]]:
    return [e for e in entries(engine) if e[1] == event]


# --- what is written ---------------------------------------------------------------------------


def test_export_entry_holds_format_page_pilot_filters_and_audience(ready_engine):
    f = Filters("P1", municipalities=("LV-097",), period_from=date(2020, 2, 1), sex=("F",))
    auth.audit_export(ready_engine, "anna", "pptx", "services", f, "ministry")
    auth.audit_export(ready_engine, None, "csv", ["overview", "gaps"], f, "admin", chart="x")
    [(user, _, first), (nobody, _, second)] = of(ready_engine, "export")
    assert (user, nobody) == ("anna", None)
    assert first == {
        "format": "pptx",
        "page": "services",
        "pilot": "P1",
        "audience": "ministry",
        "filters": {
            "pilot_id": "P1",
            "regions": [],
            "municipalities": ["LV-097"],
            "period_from": "2020-02-01",
            "period_to": None,
            "categories": [],
            "sex": ["F"],
            "age_groups": [],
        },
    }
    assert second["page"] == ["overview", "gaps"] and second["chart"] == "x"


def test_audit_log_filters_by_event_user_and_day(ready_engine):
    days = [datetime(2026, 1, 5, 9), datetime(2026, 1, 6, 23, 59), datetime(2026, 1, 7, 0, 0)]
    for n, at in enumerate(days):
        auth.add_user(ready_engine, f"user{n}", "public", password="long enough pass", by="root",
                      now=at)  # fmt: skip
    auth.audit(ready_engine, None, "export", format="csv")
    assert [e[1] for e in entries(ready_engine)] == ["user_add"] * 3 + ["export"]
    assert [e[1] for e in entries(ready_engine, events=["export"])] == ["export"]
    assert [e[0] for e in entries(ready_engine, users=[None])] == [None]
    assert len(entries(ready_engine, users=["root", None])) == 4
    assert entries(ready_engine, users=["nobody"]) == []
    one_day = entries(ready_engine, since=date(2026, 1, 6), until=date(2026, 1, 6))
    assert [e[2]["user"] for e in one_day] == ["user1"]  # 23:59 counts, midnight after does not
    assert len(entries(ready_engine, since=date(2026, 1, 6))) == 3
    newest = auth.audit_log(ready_engine, 2)
    assert newest["event"].tolist() == ["export", "user_add"]  # newest first, limited
    choices = auth.audit_choices(ready_engine)
    assert choices == auth.AuditChoices(["export", "user_add"], ["root", None], date(2026, 1, 5))


def test_detail_is_shown_in_words_never_as_json():
    detail = json.dumps(
        {
            "files": ["a.csv", "b.csv"],
            "filters": {"pilot_id": "P1", "regions": [], "period_to": None, "sex": ["F"]},
            "written": {"usage": {"inserted": 4, "updated": 0}},
            "dry_run": True,
            "secret_note": "x",
        }
    )
    text = auth.detail_text(detail)
    assert text == (
        "files: a.csv, b.csv; filters: pilot_id P1, sex F; written: usage (inserted 4, "
        "updated 0); dry_run: yes; secret_note: ***"
    )
    assert "{" not in text and '"' not in text
    assert auth.detail_text("{}") == "" and auth.detail_text("not json") == "(?)"


def test_long_file_lists_stay_within_the_audit_limit(ready_engine):
    from evaldash.ingest import ImportResult
    from evaldash.ingest.report import Report

    files = {f"{'x' * 200}-{n}.csv": "0" * 64 for n in range(40)}
    result = ImportResult("invalid", Report(), files=files, pilots=[f"P{n}" for n in range(99)])
    auth.audit_import(ready_engine, "anna", result, "cli")
    [(_, _, detail)] = of(ready_engine, "import_refused")
    assert detail["files"][-1].endswith("more") and len(detail["files"]) < 10
    assert detail["pilots"][-1].endswith("more")


def test_cli_import_is_audited(tmp_path, capsys):
    url = f"duckdb:///{tmp_path}/cli.duckdb"
    good = write_csvs(tmp_path / "good", PACKAGE)
    bad = write_csvs(
        tmp_path / "bad",
        {**PACKAGE, "usage": PACKAGE["usage"] + [["T-01", "FIZIO", "31.02.2020", "1", "", ""]]},
    )
    assert cli.main(["import", str(good), "--dry-run", "--db", url]) == 0
    assert cli.main(["import", str(bad), "--dry-run", "--db", url]) == 1
    assert cli.main(["import", str(good), "--db", url]) == 0
    assert cli.main(["import", str(bad), "--db", url]) == 1
    capsys.readouterr()
    engine = make_engine(url)
    log = entries(engine)
    assert [(e[1], e[2].get("dry_run", False)) for e in log] == [
        ("import_refused", True),  # a passing dry run is no import
        ("import", False),
        ("import_refused", False),
    ]
    assert {e[0] for e in log} == {getpass.getuser()}
    _, _, imported = log[1]
    assert imported["outcome"] == "ok" and imported["via"] == "cli"
    assert imported["pilots"] == ["P-TAL"] and imported["import_id"] == 1
    assert imported["files"] == sorted(p.name for p in good.iterdir())
    assert imported["rows_read"]["usage"] == 4 and imported["written"]["usage"]["inserted"] == 4
    _, _, refused = log[2]
    assert refused["outcome"] == "invalid" and refused["errors"] == 1
    assert "31.02.2020" not in json.dumps(log)  # never the rows themselves


def test_an_export_file_is_audited_when_it_is_made(tmp_path, demo_duckdb_url):
    engine = make_engine(_copy(demo_duckdb_url, tmp_path))
    pilot = catalog.pilots(engine).iloc[0]
    f = Filters(pilot["pilot_id"], regions=("KUR",))
    v = views.View.direct(engine, f, "en")
    admin = auth.Scope("admin", None, "root")
    ctx = ui.Context("en", engine, 1, f, pilot, {}, False, admin, page="services")
    data = ui.deck_file(ctx, v, site.panels("services", v), "xlsx", admin)
    assert data[:2] == b"PK"  # the workbook itself
    [(user, _, detail)] = of(engine, "export")
    assert user == "root"
    assert detail["format"] == "xlsx" and detail["page"] == "services"
    assert detail["audience"] == "admin" and detail["filters"]["regions"] == ["KUR"]


# --- the app -----------------------------------------------------------------------------------


def _copy(demo_duckdb_url: str, folder: Path) -> str:
    """A copy of the demo database with an empty audit log (other tests' reports write to it)."""
    return demo_copy(demo_duckdb_url, folder / "copy.duckdb")


def test_a_chart_csv_download_is_audited(tmp_path, monkeypatch, demo_duckdb_url):
    url = _copy(demo_duckdb_url, tmp_path)
    monkeypatch.setenv("EVALDASH_DB_URL", url)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "en"
    at.session_state["f_municipalities"] = ["LV-097"]
    at.run()  # the overview: AppTest names every switched-to page after the default one
    [button, *_] = [b for b in at.download_button if b.key and b.key.startswith("download_")]
    button.click().run()
    assert not at.exception
    [(user, _, detail)] = of(make_engine(url), "export")
    assert user is None and detail["audience"] == "ministry"  # the local session
    assert detail["format"] == "csv" and detail["page"] == "overview"
    assert detail["chart"] == button.key.removeprefix("download_")
    assert detail["filters"]["municipalities"] == ["LV-097"]


def test_an_upload_is_audited_once_when_refused_and_when_imported(tmp_path, monkeypatch):
    url = f"duckdb:///{tmp_path}/upload.duckdb"
    monkeypatch.setenv("EVALDASH_DB_URL", url)
    monkeypatch.setenv("EVALDASH_LANG", "en")
    folder = write_csvs(tmp_path / "pkg", PACKAGE)
    files = [(p.name, p.read_bytes(), "text/csv") for p in sorted(folder.iterdir())]
    bad = [(n, b.replace(b"15.01.2020", b"35.01.2020"), m) for n, b, m in files]
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/data.py").run()
    at.get("file_uploader")[0].set_value(bad)
    at.run()
    at.run()  # the same refused package again: audited once
    at.get("file_uploader")[0].set_value(files)
    at.run()
    [confirm] = [b for b in at.button if b.label == "Import into the database"]
    confirm.click()
    at.run()
    assert not at.exception
    log = entries(make_engine(url))
    assert [e[1] for e in log] == ["import_refused", "import"]
    (_, _, refused), (_, _, imported) = log
    assert refused["dry_run"] is True and refused["errors"] == 1 and refused["via"] == "app"
    assert refused["files"] == sorted(n for n, _, _ in files)
    assert imported["outcome"] == "ok" and imported["pilots"] == ["P-TAL"]
    assert "35.01.2020" not in json.dumps(log)


@pytest.fixture
def audit_app(tmp_path, monkeypatch, demo_duckdb_url):
    """A copy of the demo with an admin and a ministry account, and a log to show."""
    url = _copy(demo_duckdb_url, tmp_path)
    engine = make_engine(url)
    auth.add_user(engine, "root", "admin", password="admin pass phrase", now=datetime(2026, 1, 5))
    auth.add_user(engine, "anna", "ministry", password="ministry pass phrase")
    # A password typed into the user name field: the log keeps a keyed hash, never the text.
    auth.authenticate(engine, "Rudens lapas 2026!", "x", key=b"the server's secret")
    engine.dispose()
    monkeypatch.setenv("EVALDASH_DB_URL", url)
    monkeypatch.setenv("EVALDASH_LANG", "en")
    return url


def _sign_in(at: AppTest, user: str, password: str) -> AppTest:
    at.text_input(key="sign_in_user").input(user)
    at.text_input(key="sign_in_password").input(password)
    return at.button[0].click().run()


def test_the_audit_page_shows_an_admin_the_log_and_filters_it(audit_app):
    at = _sign_in(AppTest.from_file(APP, default_timeout=60).run(), "root", "admin pass phrase")
    at.switch_page("pages/audit.py").run()
    assert not at.exception
    assert at.title[0].value == "Audit log"
    table = at.dataframe[0].value
    assert list(table.columns) == ["Time", "User", "Event", "Detail"]
    assert table["Event"].tolist() == ["login", "login_failed", "user_add", "user_add"]
    assert table["User"].tolist()[1] == "(no user: local session or unknown name)"
    key = auth.name_key(b"the server's secret", "Rudens lapas 2026!")
    assert table["Detail"].tolist()[1] == f"failures: 1; name_key: {key}; why: unknown"
    assert at.download_button(key="audit_download")
    assert "Rudens" not in table.to_csv()

    at.multiselect(key="audit_events").set_value(["user_add"]).run()
    assert at.dataframe[0].value["Detail"].tolist() == [
        "municipality: –; role: ministry; user: anna",
        "municipality: –; role: admin; user: root",
    ]
    at.multiselect(key="audit_events").set_value([]).run()
    at.multiselect(key="audit_users").set_value(["root"]).run()
    assert at.dataframe[0].value["Event"].tolist() == ["login"]
    at.multiselect(key="audit_users").set_value([]).run()
    at.date_input(key="audit_period").set_value((date(2026, 1, 5), date(2026, 1, 5))).run()
    assert at.dataframe[0].value["Detail"].tolist() == ["municipality: –; role: admin; user: root"]
    at.date_input(key="audit_period").set_value((date(2026, 1, 6), date(2026, 1, 6))).run()
    assert not at.dataframe and "no entries" in at.info[0].value

    at.date_input(key="audit_period").set_value((date(2026, 1, 5), date.today())).run()
    at.download_button(key="audit_download").click().run()
    assert not at.exception
    [(user, _, detail)] = of(make_engine(audit_app), "export")
    assert user == "root" and detail["format"] == "csv" and detail["audience"] == "admin"


def test_the_local_session_may_read_the_audit_log(tmp_path, monkeypatch, demo_duckdb_url):
    url = _copy(demo_duckdb_url, tmp_path)
    auth.audit(make_engine(url), None, "export", format="csv")
    monkeypatch.setenv("EVALDASH_DB_URL", url)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page("pages/audit.py").run()
    assert not at.exception and not at.error
    assert at.dataframe[0].value["Event"].tolist() == ["export"]


@pytest.mark.parametrize(
    ("scope", "allowed"),
    [
        (auth.Scope("admin", None, "root"), True),
        (auth.Scope.local(), True),
        (auth.Scope("ministry", None, "anna"), False),
        (auth.Scope("municipality", "LV-097", "talsi"), False),
        (auth.Scope("public", None, "guest"), False),
        (None, False),
    ],
)
def test_the_audit_page_itself_refuses_other_roles(audit_app, scope, allowed):
    """The menu leaves the page out for other roles; reached anyway, the page refuses too."""
    at = AppTest.from_file(str(AUDIT_PAGE), default_timeout=60)
    at.session_state["_evaldash_context"] = ui.Context(
        "en",
        make_engine(audit_app),
        1,
        None,
        None,
        {},
        False,
        scope or auth.Scope.local(),
        page="audit",
    )
    if scope is not None:
        at.session_state["_scope"] = scope
    at.run()
    assert not at.exception
    assert at.title[0].value == "Audit log"
    assert bool(at.dataframe) is allowed and bool(at.download_button) is allowed
    if not allowed:
        assert at.error[0].value.startswith("This page is for role admin only; your role is")
        assert not at.multiselect


def test_a_pages_download_holds_every_chart_of_the_page(tmp_path, demo_duckdb_url):
    """The Overview's "Download this view" held only its spending chart (the question cards
    are drawn small, not as panels); it now holds what presentation mode shows."""
    import io

    from openpyxl import load_workbook

    engine = make_engine(_copy(demo_duckdb_url, tmp_path))
    pilot = catalog.pilots(engine).iloc[0]
    f = Filters(pilot["pilot_id"])
    public = auth.Scope("public", None, "guest")
    ctx = ui.Context("en", engine, 1, f, pilot, {}, False, public, page="overview")
    data = ui.blocks.page_file(ctx, "overview", {}, "xlsx", public)
    sheets = load_workbook(io.BytesIO(data)).sheetnames
    v = views.View.direct(engine, f, "en", public)
    expected = [export.sheet_title(p, "en") for p in site.panels("overview", v)]
    assert len(expected) == 4 and sheets[2:-1] == expected
    assert sheets[:2] == ["Contents", "Headline figures"]  # the page's cards come along
    [(user, _, detail)] = of(engine, "export")
    assert user == "guest" and detail["page"] == "overview"
