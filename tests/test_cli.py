"""The command line: happy paths on both databases, and every user error as one clear line."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from evaldash import cli
from evaldash.db import schema
from evaldash.db.engine import make_engine
from tests.test_db import count, hold_lock


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:  # argparse usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_init_db_then_demo(db_url, capsys):
    code, out, err = run(capsys, "init-db", "--db", db_url)
    assert (code, err) == (0, "")
    assert "schema at revision 0017 (was: empty)" in out
    assert "43 municipality" in out and "42 service" in out
    code, out, err = run(capsys, "demo", "--db", db_url)
    assert (code, err) == (0, "")
    assert "demo written" in out and "2 pilots" in out and "200 participants" in out
    engine = make_engine(db_url)
    assert count(engine, schema.pilot, schema.pilot.c.is_demo) == 2
    assert count(engine, schema.participant) == 200


def test_demo_twice_replaces_instead_of_adding(db_url, capsys):
    assert run(capsys, "demo", "--db", db_url)[0] == 0
    engine = make_engine(db_url)
    before = count(engine, schema.service_usage)
    assert run(capsys, "demo", "--db", db_url)[0] == 0
    assert count(engine, schema.service_usage) == before
    assert count(engine, schema.participant) == 200


def test_demo_seed_gives_the_same_data_every_time(tmp_path, capsys):
    totals = []
    for name in ("a", "b", "c"):
        url = f"duckdb:///{tmp_path}/{name}.duckdb"
        seed = "11" if name != "c" else "12"
        assert run(capsys, "demo", "--seed", seed, "--db", url)[0] == 0
        with make_engine(url).connect() as conn:
            totals.append(
                conn.execute(
                    sa.select(
                        sa.func.sum(schema.service_usage.c.cost_eur), sa.func.count()
                    ).select_from(schema.service_usage)
                ).one()
            )
    assert totals[0] == totals[1]
    assert totals[0] != totals[2]


def test_db_url_from_environment(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("EVALDASH_DB_URL", f"duckdb:///{tmp_path}/env.duckdb")
    code, out, _ = run(capsys, "init-db")
    assert code == 0 and f"{tmp_path}/env.duckdb" in out


def test_db_url_from_secrets_file(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("EVALDASH_DB_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        f'[connections.evaldash]\nurl = "duckdb:///{tmp_path}/secret.duckdb"\n'
    )
    code, out, _ = run(capsys, "init-db")
    assert code == 0 and "secret.duckdb" in out


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["init-db", "--db", "sqlite:///x.db"], 2, "Unsupported database 'sqlite'"),
        (
            ["init-db", "--db", "duckdb:////no/such/folder/x.duckdb"],
            2,
            "The folder /no/such/folder for the DuckDB file does not exist",
        ),
        (["demo", "--seed", "-3", "--db", "duckdb:///:memory:"], 2, "--seed must not be negative"),
        (["demo", "--seed", "abc"], 2, "--seed must be a whole number, got 'abc'"),
        (["frobnicate"], 2, "invalid choice: 'frobnicate'"),
        ([], 2, "the following arguments are required: COMMAND"),
        (
            ["init-db", "--db", "postgresql://u:pw@127.0.0.1:9/x"],
            1,
            "Cannot connect to PostgreSQL database 'x' on 127.0.0.1",
        ),
    ],
)
def test_user_errors_are_one_line_without_traceback(capsys, argv, code, message):
    got, out, err = run(capsys, *argv)
    assert got == code
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err and out == ""


def test_invalid_secrets_file(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("EVALDASH_DB_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text("[connections.evaldash\n")
    code, _, err = run(capsys, "init-db")
    assert code == 2 and "secrets.toml is not valid TOML" in err


def test_not_a_duckdb_file(tmp_path, capsys):
    path = tmp_path / "report.duckdb"
    path.write_text("not a database")
    code, _, err = run(capsys, "init-db", "--db", f"duckdb:///{path}")
    assert code == 1 and "is not a valid DuckDB database file" in err


def test_locked_database_from_a_real_process(tmp_path):
    path = tmp_path / "locked.duckdb"
    env = {**os.environ, "EVALDASH_BUSY_TIMEOUT": "0.5"}
    subprocess.run(
        [sys.executable, "-m", "evaldash", "init-db", "--db", f"duckdb:///{path}"],
        check=True,
        capture_output=True,
        env=env,
    )
    holder = hold_lock(path, 30)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "evaldash", "demo", "--db", f"duckdb:///{path}"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        f"python -m evaldash: error: The database file {path} is in use by process "
        f"{holder.pid} ({Path(os.path.realpath(sys.executable)).name}); waited 0.5 s. "
        "DuckDB lets one process use a file at a time. If an import or demo load is "
        "running, wait for it to finish and try again (or raise EVALDASH_BUSY_TIMEOUT); "
        "if it is the dashboard under constant use, import through its Data page or stop "
        "it for the import. A shared installation belongs on PostgreSQL (README: Databases)."
    ]


def test_import_exit_codes_and_report(tmp_path, capsys):
    from tests.test_ingest import PACKAGE, write_csvs

    url = f"duckdb:///{tmp_path}/cli.duckdb"
    good = write_csvs(tmp_path / "good", PACKAGE)
    code, out, err = run(capsys, "import", str(good), "--dry-run", "--lang", "en", "--db", url)
    assert (code, err) == (0, "")
    assert out.strip().endswith("Checked, nothing written to the database: 0 errors, 0 warnings.")
    code, out, _ = run(capsys, "import", str(good), "--db", url)
    assert code == 0 and "Importēts (imports 1)" in out and "usage: 4 jaunas" in out
    bad = {**PACKAGE, "usage": PACKAGE["usage"] + [["T-01", "FIZIO", "31.02.2020", "1", "", ""]]}
    code, out, _ = run(
        capsys, "import", str(write_csvs(tmp_path / "bad", bad)), "--lang", "en", "--db", url
    )
    assert code == 1
    assert "ERROR: usage.csv, row 6, delivered_on [31.02.2020]" in out
    assert out.strip().endswith("Not imported: 1 error, 0 warnings. The database is unchanged.")
    code, _, err = run(capsys, "import", "--db", url)
    assert code == 2 and "the following arguments are required: PATH" in err


def test_dump_then_import_into_an_empty_database_round_trips(tmp_path, capsys, demo_duckdb_url):
    first, second = tmp_path / "first", tmp_path / "second"
    assert run(capsys, "dump", "--output", str(first), "--db", demo_duckdb_url)[0] == 0
    empty = f"duckdb:///{tmp_path}/empty.duckdb"
    code, out, _ = run(capsys, "import", str(first), "--db", empty)
    assert code == 0, out
    assert run(capsys, "dump", "--output", str(second), "--db", empty)[0] == 0
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    assert len(names) == 8
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_bench_import_smoke(capsys):
    code, out, _ = run(capsys, "bench", "--only", "import", "--rows", "3000", "--json")
    assert code == 0
    runs = json.loads(out)["import"]["runs"]
    assert [r["label"] for r in runs] == ["first import", "same package again"]
    assert all(r["exit_code"] == 0 and r["seconds"] > 0 and r["peak_rss_mb"] > 0 for r in runs)


def test_bench_views_smoke_on_the_demo(capsys, demo_duckdb_url):
    code, out, err = run(capsys, "bench", "--only", "views", "--json", "--db", demo_duckdb_url)
    assert code == 0, err
    figures = json.loads(out)
    assert [v["view"] for v in figures["views"]] == [
        "overview",
        "services",
        "progress",
        "gaps",
        "compare",
    ]
    for view in figures["views"]:
        assert view["combinations"] == 5
        assert 0 < view["cold_median_s"] <= view["cold_max_s"]
        assert 0 <= view["warm_median_s"] < view["cold_median_s"]  # the cache is faster
    assert figures["peak_rss_mb"] > 0


def test_bench_suppression_times_the_first_restricted_visit_and_the_next(capsys, demo_duckdb_url):
    argv = ["bench", "--only", "suppression", "--json", "--db", demo_duckdb_url]
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    runs = json.loads(out)["suppression"]
    assert {r["audience"] for r in runs} == {"public", "municipality:LV-015"}
    assert [r["view"] for r in runs[:5]] == ["overview", "services", "progress", "gaps", "compare"]
    for r in runs:
        assert 0 < r["again_s"] < r["first_s"], r  # the second visit finds it worked out


def test_bench_sessions_smoke_on_the_demo(capsys, demo_duckdb_url):
    code, out, err = run(
        capsys, "bench", "--only", "sessions", "--sessions", "3", "--json", "--db", demo_duckdb_url
    )
    assert code == 0, err
    together = json.loads(out)["sessions"]
    assert together["sessions"] == 3 and together["errors"] == []
    assert together["pages"] == 3 * 5  # every session opened every page
    assert 0 < together["p50_s"] <= together["p95_s"] <= together["max_s"] <= together["wall_s"]


def test_bench_views_on_an_empty_database_says_what_to_do(capsys, tmp_path):
    code, _, err = run(capsys, "bench", "--only", "views", "--db", f"duckdb:///{tmp_path}/e.db")
    assert code != 0 and "demo" in err and "Traceback" not in err


def test_report_services_matches_the_page_metric(capsys, demo_duckdb_url):
    import pandas as pd

    from evaldash.filters import Filters
    from evaldash.metrics import services

    code, out, err = run(
        capsys,
        "report",
        "services",
        "--pilot",
        "IB-GRT-2019",
        "--municipality",
        "cesu novads",
        "--lang",
        "en",
        "--db",
        demo_duckdb_url,
    )
    assert (code, err) == (0, "")
    from io import StringIO

    table = pd.read_csv(StringIO(out))
    assert list(table.columns) == [
        "service_code",
        "service",
        "category",
        "unit",
        "participants",
        "participants_share",
        "units",
        "cost_eur",
        "planned_participants",
        "planned_units",
        "delivered_units",
        "delivery_ratio",
    ]
    page = services.ranking(
        make_engine(demo_duckdb_url), Filters("IB-GRT-2019", municipalities=("LV-022",))
    )
    assert table["participants"].tolist() == page["participants"].tolist()
    assert table.loc[0, ["service", "unit"]].tolist() == ["Physiotherapy", "sessions"]


def test_report_json_output_file_and_errors(tmp_path, capsys, demo_duckdb_url):
    output = tmp_path / "services.json"
    code, out, _ = run(
        capsys,
        "report",
        "services",
        "--format",
        "json",
        "--output",
        str(output),
        "--from",
        "01.01.2020",
        "--to",
        "2020-06-30",
        "--region",
        "Kurzeme",
        "--db",
        demo_duckdb_url,
    )
    assert code == 0 and out == ""
    rows = json.loads(output.read_text(encoding="utf-8"))
    assert rows and {"service_code", "delivery_ratio"} <= set(rows[0])
    cases = [
        (
            ["--municipality", "Talsu novadss"],
            1,
            "Unknown municipality 'Talsu novadss'. Did you mean: Talsu novads",
        ),
        (["--pilot", "NOPE"], 1, "No pilot 'NOPE' in the database; known pilots:"),
        (["--from", "32.01.2020"], 2, "'32.01.2020' is not a date"),
        (["--from", "2020-02-01", "--to", "2020-01-01"], 1, "--from 2020-02-01 is after --to"),
    ]
    for extra, expected, message in cases:
        code, _, err = run(capsys, "report", "services", *extra, "--db", demo_duckdb_url)
        assert code == expected and message in err, (extra, err)
        assert len(err.strip().splitlines()) == 1


def test_report_progress(capsys, demo_duckdb_url):
    from io import StringIO

    import pandas as pd

    code, out, _ = run(
        capsys,
        "report",
        "progress",
        "--pilot",
        "IB-BERNI-2018",
        "--lang",
        "en",
        "--round-to",
        "2",
        "--db",
        demo_duckdb_url,
    )
    assert code == 0
    table = pd.read_csv(StringIO(out))
    assert list(table.columns) == [
        "domain",
        "round_from",
        "round_to",
        "n_pairs",
        "n_missing",
        "mean_from",
        "mean_to",
        "median_change",
        "improved",
        "unchanged",
        "declined",
        "p_value",
        "effect_size",
        "ci_low",
        "ci_high",
    ]
    assert table["domain"].tolist() == ["Communication", "Mobility", "Self-care", "Social skills"]
    assert set(table["round_from"]) == {1} and set(table["round_to"]) == {2}
    assert (table["n_pairs"] + table["n_missing"] == 100).all()
    code, _, err = run(
        capsys,
        "report",
        "progress",
        "--pilot",
        "IB-BERNI-2018",
        "--round-to",
        "7",
        "--db",
        demo_duckdb_url,
    )
    assert code == 1 and "No round 7 in this selection; rounds: [1, 2, 3]" in err


def test_report_gaps(capsys, demo_duckdb_url):
    from io import StringIO

    import pandas as pd

    code, out, _ = run(
        capsys, "report", "gaps", "--pilot", "IB-GRT-2019", "--lang", "en", "--db", demo_duckdb_url
    )
    assert code == 0
    table = pd.read_csv(StringIO(out))
    assert list(table.columns) == [
        "region",
        "service_code",
        "service",
        "participants_planned",
        "planned_units",
        "delivered_units",
        "delivery_ratio",
        "providers",
        "median_km_to_provider",
        "status",
    ]
    respite = table[(table["region"] == "Kurzeme") & (table["service_code"] == "ATELPA")]
    assert respite["status"].tolist() == ["no_provider"]
    assert respite["providers"].tolist() == [0]


def test_report_compare_matches_the_page_metric(capsys, demo_duckdb_url):
    from io import StringIO

    import numpy as np
    import pandas as pd

    from evaldash.filters import Filters
    from evaldash.metrics import compare

    code, out, _ = run(
        capsys,
        "report",
        "compare",
        "--pilot",
        "IB-GRT-2019",
        "--municipality",
        "Talsi",
        "--db",
        demo_duckdb_url,
    )
    assert code == 0
    table = pd.read_csv(StringIO(out))
    assert list(table.columns) == [
        "municipality",
        "region",
        "indicator",
        "value",
        "n",
        "group_median",
        "rank",
        "rating",
    ]
    assert set(table["municipality"]) == {"Talsu novads"} and set(table["region"]) == {"Kurzeme"}
    rated = compare.compare(
        compare.indicators(make_engine(demo_duckdb_url), Filters("IB-GRT-2019"))
    )
    talsi = compare.for_municipality(rated, "LV-097")
    assert table["indicator"].tolist() == talsi["indicator"].tolist()
    np.testing.assert_allclose(table["value"], talsi["value"])
    assert table["rating"].tolist() == talsi["rating"].tolist()
    assert table.loc[table["indicator"] == "participants", "rank"].isna().all()


def test_report_compare_all_municipalities_by_region_as_json(capsys, demo_duckdb_url):
    import json

    code, out, _ = run(
        capsys,
        "report",
        "compare",
        "--pilot",
        "IB-BERNI-2018",
        "--group",
        "region",
        "--format",
        "json",
        "--lang",
        "en",
        "--db",
        demo_duckdb_url,
    )
    assert code == 0
    rows = json.loads(out)
    assert len({r["municipality"] for r in rows}) == 10
    rezekne = [
        r for r in rows if r["municipality"] == "Rēzekne" and r["indicator"] == "improved_share"
    ]
    assert rezekne[0]["rank"] == 1  # alone in Latgale among the children's pilot
    code, out, err = run(
        capsys,
        "report",
        "compare",
        "--pilot",
        "IB-BERNI-2018",
        "--municipality",
        "Bauska",
        "--db",
        demo_duckdb_url,
    )
    assert code == 1 and "has no participant of pilot IB-BERNI-2018" in err
    code, _, err = run(capsys, "report", "compare", "--group", "county", "--db", demo_duckdb_url)
    assert code == 2 and "invalid choice: 'county'" in err


# --- progress on a terminal -------------------------------------------------------------------


class Terminal(io.StringIO):
    """Standard error as a terminal would be (a pseudo-terminal's isatty() is True)."""

    def isatty(self) -> bool:
        return True


def test_the_bar_line_says_rows_rate_and_time_left():
    from evaldash.cli.progress import line

    text = line("write", 250_000, 1_000_000, "usage", seconds=5.0, progressed=250_000)
    assert text == (
        "writing usage [#####---------------]  250,000/1,000,000 rows  50,000/s  0:15 left"
    )
    assert line("read", 7, None, "plans", 1.0, 7) == "reading plans  7 rows"  # total unknown
    assert line("draw", 0, 12, "", 0.0, 0) == "drawing [--------------------]  0/12 charts"
    # an estimate the work outgrew: the bar is full, never past its end
    assert line("read", 12, 10, "usage", 2.0, 12).startswith("reading usage [" + "#" * 20 + "]")


def test_the_bar_redraws_one_line_and_erases_it():
    from evaldash.cli.progress import Bar

    now = [0.0]
    stream = Terminal()
    with Bar(stream, clock=lambda: now[0]) as bar:
        bar("demo", 0, 10_000)
        now[0] = 0.05
        bar("demo", 100, 10_000)  # within 0.1 s of the last drawing: skipped
        now[0] = 2.0
        bar("demo", 5_000, 10_000)
    text = stream.getvalue()
    assert "100/10,000" not in text
    assert "\rdemo [----" in text and "5,000/10,000 participants  2,500/s  0:02 left" in text
    assert "\n" not in text and text.endswith("\r" + " " * len(text.split("\r")[-3]) + "\r")
    quiet = Terminal()
    with Bar(quiet, quiet=True) as bar:
        bar("demo", 0, 10)
    assert quiet.getvalue() == ""


def test_import_shows_progress_on_a_terminal_only(tmp_path, capsys, monkeypatch):
    from tests.test_ingest import PACKAGE, write_csvs

    url = f"duckdb:///{tmp_path}/cli.duckdb"
    good = write_csvs(tmp_path / "good", PACKAGE)
    code, out, err = run(capsys, "import", str(good), "--dry-run", "--db", url)
    assert (code, err) == (0, "")  # a pipe (here: captured): nothing but the report
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code, out, _ = run(capsys, "import", str(good), "--db", url)
    assert code == 0 and "Importēts (imports 1)" in out
    drawn = terminal.getvalue()
    rows = sum(len(rows) - 1 for rows in PACKAGE.values())  # below each header
    assert "reading usage.csv [####################]  4/4 rows" in drawn
    assert "checking participants [" in drawn
    assert f"writing [####################]  {rows}/{rows} rows" in drawn
    assert drawn.endswith(" \r") and "\n" not in drawn  # erased: the report stands alone
    quiet = Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert run(capsys, "import", str(good), "--quiet", "--db", url)[0] == 0
    assert quiet.getvalue() == ""


def test_export_shows_pages_and_charts_on_a_terminal(
    demo_duckdb_url, tmp_path, capsys, monkeypatch
):
    from evaldash import export, views
    from evaldash.auth import Scope
    from evaldash.filters import Filters

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    out = tmp_path / "view.xlsx"
    code = cli.main(["export", "--db", demo_duckdb_url, "--format", "xlsx", "--page", "services",
                     "--page", "gaps", "--output", str(out)])  # fmt: skip
    assert code == 0 and out.is_file()
    assert "figures of services [--------------------]  0/2 pages" in terminal.getvalue()
    assert "figures of gaps [##########----------]  1/2 pages" in terminal.getvalue()
    quiet = Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    code = cli.main(["export", "--db", demo_duckdb_url, "--format", "xlsx", "--page", "gaps",
                     "--quiet", "--output", str(out)])  # fmt: skip
    assert code == 0 and quiet.getvalue() == ""

    class Drawn(export.Renderer):
        def image(self, fig, fmt="png", size=export.SLIDE_PX, with_title=True) -> bytes:
            return b"image"

    heard = []
    engine = make_engine(demo_duckdb_url)
    v = views.View.direct(engine, Filters(pilot_id="IB-BERNI-2018"), "en", Scope.local())
    deck = export.deck(v, "t", ["services"])
    export.write(deck, "png", Drawn(), progress=lambda *a: heard.append(a))
    n = len(deck.panels)
    assert heard == [("draw", i, n) for i in range(n + 1)]


def test_national_demo_draws_its_bar_on_a_pseudo_terminal(tmp_path):
    import pty  # noqa: F401 - POSIX only, as the pseudo-terminal below

    url = f"duckdb:///{tmp_path}/national.duckdb"
    leader, follower = os.openpty()
    command = [sys.executable, "-m", "evaldash", "demo", "--scale", "national",
               "--participants", "6000", "--db", url]  # fmt: skip
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=follower)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    stdout = child.communicate(timeout=300)[0].decode()
    os.close(leader)
    assert child.returncode == 0 and "demo written" in stdout
    drawn = seen.decode()
    assert "\rdemo [--------------------]  0/6,000 participants" in drawn
    assert "5,000/6,000 participants" in drawn and "6,000/6,000 participants" in drawn
    assert "6,000" not in stdout.split("demo written")[0]  # the bar stays off standard output
