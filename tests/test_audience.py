"""Reports, exports and every page for each role: nothing of another municipality below k.

The app, the ``report`` command and ``export`` read through the same privacy layer; these tests
look at what actually comes out of each of them.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from evaldash import auth, cli
from evaldash.db.engine import make_engine
from evaldash.metrics import services
from tests.conftest import demo_copy

APP = str(Path(__file__).resolve().parents[1] / "app.py")
K = 5
ADULTS = "IB-GRT-2019"
TALSI = "LV-097"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def cli_db(demo_duckdb_url, tmp_path_factory) -> str:
    """A copy of the demo database: reports and exports write audit entries into it."""
    return demo_copy(demo_duckdb_url, tmp_path_factory.mktemp("audience") / "demo.duckdb")


def report(capsys, db: str, *argv: str) -> pd.DataFrame:
    code, out, err = run(capsys, "report", *argv, "--db", db, "--lang", "en")
    assert code == 0, err
    return pd.read_csv(io.StringIO(out), keep_default_na=False, na_values=[""])


@pytest.mark.parametrize("audience", ["public", "municipality:Talsi"])
def test_the_services_report_hides_what_the_app_hides(cli_db, capsys, audience):
    table = report(capsys, cli_db, "services", "--pilot", ADULTS, "--audience", audience)
    assert table.columns[-1] == "suppressed"
    assert not table["participants"].between(1, K - 1).any()
    hidden = table[table["suppressed"].isin(["<5", "hidden"])]  # whole rows
    assert not hidden.empty and hidden["cost_eur"].isna().all()
    counts = table[table["suppressed"].str.startswith("hidden: ", na=False)]  # counts only
    for _, row in counts.iterrows():
        gone = row["suppressed"].removeprefix("hidden: ").split(", ")
        assert row[gone].isna().all(), row
        if "participants" in gone:  # the share would give it back
            assert pd.isna(row["participants_share"]), row
    ministry = report(capsys, cli_db, "services", "--pilot", ADULTS)
    assert "suppressed" not in ministry  # the ministry's report is as it was
    assert ministry["participants"].between(1, K - 1).any()  # so there was something to hide


def test_one_other_municipality_alone_shows_only_what_its_cells_allow(cli_db, capsys):
    for place in ("Liepāja", "Jelgava", "Balvi"):
        table = report(
            capsys,
            cli_db,
            "services",
            "--pilot",
            ADULTS,
            "--municipality",
            place,
            "--audience",
            "municipality:Talsi",
        )
        assert not table["participants"].between(1, K - 1).any(), place
        assert not table["planned_participants"].between(1, K - 1).any(), place


def test_the_own_municipality_comes_in_full(cli_db, capsys):
    argv = ("services", "--pilot", ADULTS, "--municipality", "Talsi")
    mine = report(capsys, cli_db, *argv, "--audience", "municipality:Talsi")
    ministry = report(capsys, cli_db, *argv)
    pd.testing.assert_frame_equal(mine.drop(columns="suppressed", errors="ignore"), ministry)


def test_the_compare_report_of_a_municipality(cli_db, capsys):
    table = report(capsys, cli_db, "compare", "--pilot", ADULTS, "--audience", "municipality:Talsi")
    assert "suppressed" in table
    assert (
        not table["n"].between(1, K - 1).any()
        or table.loc[table["n"].between(1, K - 1), "value"].isna().all()
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--audience", "press"), "is not an audience"),
        (("--audience", "municipality"), "is not an audience"),
        (("--audience", "municipality:Atlantis"), "Unknown municipality"),
        (("--audience", "public", "--from", "2020-01-01"), "--from/--to cannot be used"),
    ],
)
def test_audience_mistakes_are_one_clear_line(cli_db, capsys, argv, message):
    code, _, err = run(capsys, "report", "services", "--db", cli_db, *argv)
    assert code != 0 and message in err and "Traceback" not in err


def test_a_public_export_workbook_has_no_small_count(cli_db, capsys, tmp_path):
    out = tmp_path / "public.xlsx"
    code, _, err = run(
        capsys,
        "export",
        "--format",
        "xlsx",
        "--output",
        str(out),
        "--page",
        "services",
        "--pilot",
        ADULTS,
        "--audience",
        "public",
        "--db",
        cli_db,
    )
    assert code == 0, err
    book = load_workbook(out, read_only=True)
    # The heatmap's sheet: municipality by service (sheets are named by their charts' titles).
    sheets = {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}
    [rows] = [
        r
        for r in sheets.values()
        if r and {"pašvaldība (kods)", "pakalpojums (kods)"} <= {str(h) for h in r[0]}
    ]
    header = [str(h) for h in rows[0]]
    marker = next(i for i, h in enumerate(header) if h in ("suppressed", "slēpts"))
    people = next(i for i, h in enumerate(header) if h.startswith(("participants", "dalīb")))
    small = [r for r in rows[1:] if isinstance(r[people], int | float) and 1 <= r[people] < K]
    assert not small
    assert any(r[marker] == "<5" for r in rows[1:])


# --- every page for each role in the real app ---------------------------------------------


@pytest.fixture
def roles_db(tmp_path, monkeypatch, demo_duckdb_url):
    url = demo_copy(demo_duckdb_url, tmp_path / "roles.duckdb")
    engine = make_engine(url)
    auth.add_user(engine, "talsi", "municipality", municipality_code=TALSI, password="x" * 12)
    auth.add_user(engine, "guest", "public", password="y" * 12)
    auth.add_user(engine, "root", "admin", password="z" * 12)
    engine.dispose()
    monkeypatch.setenv("EVALDASH_DB_URL", url)
    monkeypatch.setenv("EVALDASH_LANG", "en")
    return url


def signed_in(user: str, password: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.text_input(key="sign_in_user").input(user)
    at.text_input(key="sign_in_password").input(password)
    return at.button[0].click().run()


def shown_numbers(at: AppTest) -> str:
    parts = [str(m.value) for m in at.metric] + [c.value for c in at.caption]
    parts += [m.value for m in at.markdown]
    return " ".join(parts)


@pytest.mark.slow
@pytest.mark.parametrize(("user", "password"), [("talsi", "x" * 12), ("guest", "y" * 12)])
def test_every_page_runs_for_a_restricted_role_without_nan(roles_db, user, password):
    at = signed_in(user, password)
    for page in ("overview", "services", "progress", "gaps", "compare"):
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, page
        assert at.get("plotly_chart"), page
        assert "nan" not in shown_numbers(at).lower(), page
        for frame in at.dataframe:
            text = frame.value.astype(str)
            assert not text.isin(["nan", "NaN", "<NA>"]).any().any(), page


def test_the_public_compare_titles_count_only_what_they_draw(roles_db):
    """The league's n is its table's, the reassessed the public is shown; the funnel of a
    share with small counts hidden counts the municipalities it draws and says others are
    hidden."""
    from tests.test_app import chart_titles

    at = signed_in("guest", "y" * 12)
    at.switch_page("pages/compare.py").run()
    assert not at.exception
    titles = chart_titles(at)
    league = at.dataframe[-1].value
    assert titles[-1].startswith("Improved (overall) by municipality")
    assert titles[-1].endswith(f"(n = {league['n'].sum()})")  # 90: whole people, not 90.0
    missing = next(title for title in titles if title.startswith("Missing reassessment"))
    assert missing.endswith("(n = 30)")  # three municipalities with none missing, 10 each
    captions = " ".join(c.value for c in at.caption)
    assert "Some figures are hidden" in captions


def test_the_admin_sees_data_and_audit_but_no_dashboard(roles_db):
    at = signed_in("root", "z" * 12)
    assert not at.exception
    assert at.title[0].value.startswith("Data")
    assert not at.get("plotly_chart")


def test_the_heatmap_of_a_municipality_has_its_own_cells_in_full(roles_db):
    at = signed_in("talsi", "x" * 12)
    at.switch_page("pages/services.py").run()
    engine = make_engine(roles_db)
    from evaldash.filters import Filters
    from evaldash.metrics import catalog

    pilot = catalog.pilots(engine)["pilot_id"].iloc[0]
    truth = services.municipality_service(engine, Filters(pilot))
    mine = truth[truth["municipality_code"] == TALSI]
    assert mine["participants"].between(1, K - 1).any()  # Talsi has small cells of its own
    tables = [d.value for d in at.dataframe]
    heat = next(t for t in tables if "municipality" in t.columns and "service" in t.columns)
    talsi = heat[heat["municipality"] == "Talsi Municipality"]
    assert len(talsi) == len(mine)
    assert not talsi.astype(str).isin(["<5", "hidden"]).any().any()
    assert heat.astype(str).isin(["<5"]).any().any()  # while others' small cells are hidden


COUNT_COLUMNS = {
    "services": ("participants", "planned_participants"),
    "progress": ("n_pairs", "n_missing", "improved", "unchanged", "declined"),
    "gaps": ("participants_planned",),
    "compare": ("n",),
}


@pytest.mark.parametrize("kind", sorted(COUNT_COLUMNS))
@pytest.mark.parametrize("audience", ["public", "municipality:Talsi"])
@pytest.mark.parametrize("where", [(), ("--region", "Kurzeme"), ("--municipality", "Liepāja")])
def test_no_report_shows_a_small_count_of_others(cli_db, capsys, kind, audience, where):
    if kind == "compare" and where and where[0] == "--municipality":
        where = ()  # for compare --municipality names "my municipality", not a selection
    table = report(capsys, cli_db, kind, "--pilot", ADULTS, *where, "--audience", audience)
    if kind == "compare":
        others = table[table["municipality"] != "Talsi Municipality"]
        small = others["n"].between(1, K - 1)
        assert others.loc[small, "value"].isna().all()
        return
    for column in COUNT_COLUMNS[kind]:
        assert not table[column].between(1, K - 1).any(), column


def test_every_page_draws_for_every_place_the_public_chooses(demo_duckdb_url):
    """One municipality or one region alone, for the public: every page's panels draw (a
    hidden count was once ranked first and crashed the Overview), and a takeaway ranks only
    the figures it shows."""
    from evaldash import site, views
    from evaldash.demo import CHILDREN_PILOT
    from evaldash.filters import Filters
    from evaldash.metrics import catalog

    engine = make_engine(demo_duckdb_url)
    public = auth.Scope("public")
    places = catalog.filter_options(engine, CHILDREN_PILOT).municipalities
    selections = [Filters(CHILDREN_PILOT, municipalities=(m,)) for m in places["municipality_code"]]
    selections += [Filters(CHILDREN_PILOT, regions=(r,)) for r in places["region_code"].unique()]
    for f in selections:
        v = views.View.direct(engine, f, "en", public)
        for page in site.chart_pages():
            for item in site.panels(page, v):
                assert "nan" not in item.takeaway.lower(), (f, page, item.key)
    v = views.View.direct(engine, selections[0], "en", public)
    [card] = [p for p in site.panels("overview", v) if p.key == "q_services"]
    engine.dispose()
    assert card.takeaway.startswith("Some figures are hidden") or "shown" in card.takeaway
