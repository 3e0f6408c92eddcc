"""The real Streamlit app through AppTest: runs, shows the demo figures, speaks both languages."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import demo_copy

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture
def app_env(monkeypatch, demo_duckdb_url):
    monkeypatch.setenv("EVALDASH_DB_URL", demo_duckdb_url)
    monkeypatch.setenv("EVALDASH_LANG", "lv")
    return demo_duckdb_url


def run_app(**session) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in session.items():
        at.session_state[key] = value
    return at.run()


def metric(at: AppTest, label: str) -> str:
    values = {m.label: m.value for m in at.metric}
    assert label in values, f"no KPI {label!r}; there are {list(values)}"
    return values[label]


def test_overview_opens_on_the_newest_pilot_in_latvian(app_env):
    at = run_app()
    assert not at.exception
    assert at.title[0].value == "Pārskats"
    assert at.subheader[0].value.startswith("Individuālā budžeta modelis pilngadīgām")
    assert metric(at, "Dalībnieki") == "100"
    assert metric(at, "Pašvaldības") == "10"
    assert metric(at, "Izvērtēšanas kārtas") == "2"
    assert metric(at, "Izlietots no budžeta").endswith("\u00a0%")
    assert any("Demonstrācijas dati" in w.value for w in at.warning)
    charts = at.get("plotly_chart")
    assert len(charts) == 4  # one small chart per question, then spending
    titles = chart_titles(at)
    small = titles[:3]
    assert small == [
        "Visvairāk izmantotie pakalpojumi (saņēmēji, n = 100)",
        "Progress: 1. → 2. kārta (n = 90)",
        "Reģions × pakalpojums pēc statusa (n = 100)",
    ]
    links = [link.proto.page for link in at.get("page_link")]
    assert links == ["services", "progress", "gaps"]
    spec = json.loads(charts[3].proto.spec)
    assert titles[3].startswith("Izdevumi pa mēnešiem") and titles[3].endswith("(n = 100)")
    # The title is the page's text above the chart (it wraps on a phone), not the figure's.
    assert not any(json.loads(c.proto.spec)["layout"]["title"].get("text") for c in charts)
    assert spec["layout"]["separators"] == ",\u00a0"
    names = [trace["name"] for trace in spec["data"]]
    assert "Budžets kopā" in names and "Kopā izlietots, EUR" in names


# AppTest (Streamlit 1.67) drops the deltas of elements drawn before st.navigation() on a
# rerun, so sidebar widgets cannot be clicked here; the choice is put into session state as
# the widget would, and tests/test_browser.py clicks the real widgets.


def test_children_pilot_has_three_rounds(app_env):
    at = run_app(pilot="IB-BERNI-2018")
    assert not at.exception
    assert at.sidebar.selectbox(key="pilot").value == "IB-BERNI-2018"
    assert at.subheader[0].value.startswith("Individuālā budžeta modelis bērniem")
    assert metric(at, "Dalībnieki") == "100"
    assert metric(at, "Izvērtēšanas kārtas") == "3"


def test_english(app_env):
    at = run_app(lang="en")
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert metric(at, "Participants") == "100"
    assert any("Demo data" in w.value for w in at.warning)
    assert chart_titles(at)[-1].startswith("Spending by month")


def test_empty_database_without_auto_demo_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("EVALDASH_DB_URL", f"duckdb:///{tmp_path}/empty.duckdb")
    monkeypatch.setenv("EVALDASH_AUTO_DEMO", "false")
    at = run_app()
    assert not at.exception
    assert any("python -m evaldash demo" in i.value for i in at.info)


def test_first_start_on_an_empty_database_loads_the_demo(tmp_path, monkeypatch):
    monkeypatch.setenv("EVALDASH_DB_URL", f"duckdb:///{tmp_path}/first.duckdb")
    at = run_app()
    assert not at.exception
    assert metric(at, "Dalībnieki") == "100"
    assert any("Demonstrācijas dati" in w.value for w in at.warning)


def test_unreachable_database_is_an_error_box_not_a_traceback(monkeypatch):
    monkeypatch.setenv("EVALDASH_DB_URL", "postgresql+psycopg://u:secret@127.0.0.1:9/nothing")
    at = run_app()
    assert not at.exception
    assert "Cannot connect to PostgreSQL" in at.error[0].value
    assert "secret" not in at.error[0].value


def test_overview_on_both_databases(demo_engine, monkeypatch):
    monkeypatch.setenv("EVALDASH_DB_URL", demo_engine.url.render_as_string(hide_password=False))
    at = run_app(pilot="IB-BERNI-2018", lang="en")
    assert not at.exception
    assert metric(at, "Participants") == "100"
    assert metric(at, "Evaluation rounds") == "3"
    assert len(at.get("plotly_chart")) == 4


def test_invalid_setting_is_an_error_box(monkeypatch, demo_duckdb_url):
    monkeypatch.setenv("EVALDASH_DB_URL", demo_duckdb_url)
    monkeypatch.setenv("EVALDASH_LANG", "de")
    at = run_app()
    assert not at.exception
    assert "EVALDASH_LANG must be one of lv, en, got 'de'" in at.error[0].value


def test_data_page_quality_and_log(app_env):
    at = run_app()
    at.switch_page("pages/data.py").run()
    assert not at.exception
    assert at.title[0].value == "Dati: imports un kvalitāte"
    labels = {m.label: m.value for m in at.metric}
    assert set(labels) == {
        "Bez atkārtota izvērtējuma",
        "Plānots, bet nav saņemts",
        "Saņemts bez plāna",
        "Sniedzēji bez pakalpojumiem",
    }
    assert int(labels["Bez atkārtota izvērtējuma"]) > 0  # the demo has missed reassessments
    assert [tab.label for tab in at.tabs][-1] == "Definīcijas"
    from evaldash import measures, ui

    defined = measures.definitions("lv")  # every measure, from the registry, each text whole
    texts = [m.value for m in at.tabs[-1].markdown][1:]  # after the introduction
    assert len(texts) == len(defined)
    for text, row in zip(texts, defined.itertuples(index=False), strict=True):
        assert text.startswith(f"**{row[0]}** (`{row[1]}`)")
        assert ui.blocks._plain(row[2]) in text and ui.blocks._plain(row[6]) in text
    assert at.get("download_button")
    assert at.get("file_uploader") or at.get("unknown")


@pytest.mark.parametrize(
    "lang, start",
    [("lv", "Ievelciet failus zemāk esošajā laukā"), ("en", "Drag the files into the box below")],
)
def test_the_upload_box_is_explained_in_the_language_above_it(app_env, monkeypatch, lang, start):
    """Streamlit's upload box speaks English only: a line above it says what to drop."""
    monkeypatch.setenv("EVALDASH_LANG", lang)
    at = run_app()
    at.switch_page("pages/data.py").run()
    assert not at.exception
    tab = at.tabs[0]
    kinds = [element.type for element in tab.children.values()]
    uploader = kinds.index("file_uploader")
    line = tab.children[uploader - 1]
    assert line.type == "markdown" and line.value.startswith(start)
    assert "50 MB" in line.value and ".xlsx" in line.value and ".csv" in line.value


def test_data_page_upload_check_and_confirm(tmp_path, monkeypatch):
    from tests.test_ingest import PACKAGE, write_csvs

    monkeypatch.setenv("EVALDASH_DB_URL", f"duckdb:///{tmp_path}/upload.duckdb")
    monkeypatch.setenv("EVALDASH_LANG", "en")
    folder = write_csvs(tmp_path / "pkg", PACKAGE)
    files = [(p.name, p.read_bytes(), "text/csv") for p in sorted(folder.iterdir())]
    at = run_app()
    at.switch_page("pages/data.py").run()
    bad = [(n, b.replace(b"15.01.2020", b"35.01.2020"), m) for n, b, m in files]
    at.get("file_uploader")[0].set_value(bad)
    at.run()
    assert not at.exception
    assert at.error[0].value.startswith("The package has 1 error and 0 warnings.")
    report = at.dataframe[0].value
    assert report[["Table", "Row", "Column"]].values.tolist() == [["usage", "2", "delivered_on"]]
    assert not [b for b in at.button if b.label == "Import into the database"]

    at.get("file_uploader")[0].set_value(files)
    at.run()
    assert at.success[0].value.startswith("The package has no errors (pilots: 1 row, ")
    assert "participants: 3 rows" in at.success[0].value  # each count with its own form
    [confirm] = [b for b in at.button if b.label == "Import into the database"]
    confirm.click()
    at.run()
    assert not at.exception
    assert any(s.value.startswith("Imported (import") for s in at.success)
    from evaldash.db.engine import make_engine
    from evaldash.metrics import catalog

    engine = make_engine(f"duckdb:///{tmp_path}/upload.duckdb")
    assert "P-TAL" in set(catalog.pilots(engine)["pilot_id"])
    log = catalog.imports(engine)
    assert log["status"].tolist()[0] == "ok" and "usage.csv" in log["source"].tolist()[0]


def test_an_uploaded_package_is_checked_once_per_file_and_database(tmp_path, monkeypatch):
    from evaldash import ingest
    from tests.test_ingest import PACKAGE, write_csvs

    monkeypatch.setenv("EVALDASH_DB_URL", f"duckdb:///{tmp_path}/once.duckdb")
    monkeypatch.setenv("EVALDASH_LANG", "en")
    checks, heard = [], []
    real_check = ingest.check_files

    def counted(engine, paths, **kwargs):
        checks.append(sorted(p.name for p in paths))
        shown = kwargs["progress"]
        kwargs["progress"] = lambda *a: (heard.append(a), shown(*a))
        return real_check(engine, paths, **kwargs)

    monkeypatch.setattr(ingest, "check_files", counted)
    folder = write_csvs(tmp_path / "pkg", PACKAGE)
    files = [(p.name, p.read_bytes(), "text/csv") for p in sorted(folder.iterdir())]
    # a warning, so that the report and its filters show: two deliveries on one day
    usage = [*PACKAGE["usage"], PACKAGE["usage"][1]]
    twice = write_csvs(tmp_path / "warned", {**PACKAGE, "usage": usage}) / "usage.csv"
    warned = [(n, twice.read_bytes() if n == "usage.csv" else b, m) for n, b, m in files]
    at = run_app()
    at.switch_page("pages/data.py").run()
    at.get("file_uploader")[0].set_value(warned)
    at.run()
    assert not at.exception and len(checks) == 1
    [status] = at.get("status")
    assert status.label.startswith("Package checked (") and status.proto.icon.endswith("check:")
    assert at.get("progress")[0].proto.text == "Tables: 7 of 7"
    assert ("read", 5, 5, "usage.csv") in heard and ("check", 7, 7) in heard  # rows, tables
    assert at.success[0].value.startswith("The package has no errors")
    at.multiselect(key="report_severity").set_value(["error"]).run()  # a filter: no new check
    assert not at.exception and len(checks) == 1
    [confirm] = [b for b in at.button if b.label == "Import into the database"]
    confirm.click().run()  # Confirm writes what was checked: no new check either
    assert not at.exception and len(checks) == 1
    assert any(s.value.startswith("Imported (import") for s in at.success)
    assert [s.label[:16] for s in at.get("status")] == ["Package checked ", "Import finished "]
    at.run()  # the database changed (a new data version): the same files are checked again
    assert len(checks) == 2
    at.get("file_uploader")[0].set_value(files)  # other files: checked
    at.run()
    assert not at.exception and len(checks) == 3


def test_a_package_checked_before_other_data_landed_is_not_written(tmp_path, monkeypatch):
    from evaldash import bootstrap, ingest
    from evaldash.db.engine import make_engine
    from evaldash.metrics import catalog
    from tests.test_ingest import PACKAGE, write_csvs

    url = f"duckdb:///{tmp_path}/stale.duckdb"
    engine = make_engine(url)
    bootstrap.init_db(engine)
    checked = ingest.check_files(engine, [write_csvs(tmp_path / "pkg", PACKAGE)])
    assert checked.status == "checked"
    bootstrap.install_demo(engine)  # another import lands between the check and the write
    result = ingest.write_checked(engine, checked)
    assert result.status == "stale" and "checked again" in result.summary("en")
    assert "P-TAL" not in set(catalog.pilots(engine)["pilot_id"])  # nothing of it written


def test_sidebar_filters_narrow_every_figure(app_env):
    at = run_app(pilot="IB-BERNI-2018", lang="en", f_municipalities=["LV-097"], f_sex=["F", "M"])
    assert not at.exception
    assert metric(at, "Participants") == "10"
    assert metric(at, "Municipalities") == "1"
    caption = " ".join(c.value for c in at.caption)
    assert "Selection: pilot Individuālā budžeta modelis bērniem" in caption
    assert "Talsi Municipality; female, male" in caption


def test_filters_from_another_pilot_are_dropped(app_env):
    at = run_app(pilot="IB-GRT-2019", f_municipalities=["LV-050"])  # Kuldīga: children only
    assert not at.exception
    assert at.session_state["f_municipalities"] == []
    assert metric(at, "Dalībnieki") == "100"


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def chart_titles(at: AppTest) -> list[str]:
    """The charts' titles as the page writes them above each chart (markdown escapes off)."""
    heads = [m.value for m in at.markdown if m.value.startswith("#### ")]
    return [re.sub(r"\\(.)", r"\1", h[5:]).replace("\u00a0", " ") for h in heads]


def test_services_page(app_env):
    at = run_app(pilot="IB-GRT-2019", lang="en")
    at.switch_page("pages/services.py").run()
    assert not at.exception
    assert at.title[0].value == "Most-used services"
    specs = chart_specs(at)
    titles = chart_titles(at)
    assert len(specs) == 4
    assert titles[0].startswith("Services by number of recipients, 2019-11 – 2021-01 (n = 100")
    assert titles[1].startswith("Delivered against planned")
    assert titles[2].startswith("People served per month")
    assert titles[3].startswith("Recipients by municipality and service")
    bars = specs[0]["data"][0]
    assert bars["y"][-1] == "Support person service"  # the most used adult service is on top
    assert specs[3]["data"][0]["type"] == "heatmap"


def test_services_page_units_are_ranked_within_one_unit(app_env):
    at = run_app(pilot="IB-GRT-2019", lang="en", svc_measure="units", svc_unit="hour")
    at.switch_page("pages/services.py").run()
    assert not at.exception
    spec = chart_specs(at)[0]
    assert "Services by units delivered (hours)" in chart_titles(at)[0]
    assert "Physiotherapy" not in spec["data"][0]["y"]  # sessions are not ranked with hours
    assert any("never added together" in c.value for c in at.caption)


def test_services_page_empty_selection(app_env):
    at = run_app(
        pilot="IB-GRT-2019",
        lang="en",
        f_categories=["animal_assisted"],
        f_municipalities=["LV-097"],
    )
    at.switch_page("pages/services.py").run()
    assert not at.exception
    assert at.info[0].value.startswith("No service was planned or delivered")


def test_progress_page(app_env):
    at = run_app(pilot="IB-BERNI-2018", lang="en")
    at.switch_page("pages/progress.py").run()
    assert not at.exception
    assert at.title[0].value == "Progress between evaluation rounds"
    titles = chart_titles(at)
    assert titles[0].startswith("Median change by domain with 95% interval, 2018-09 – 2019-10")
    assert titles[1].startswith("Improved, unchanged, declined")
    assert titles[2].startswith('Participants in "Communication": Round 1')
    assert titles[3].startswith("Participant B-")
    assert titles[4].startswith("Share improved by municipality and domain")
    # What a paired t-test on each domain's pairs could detect (noncentral t, 80 % power).
    captions = [c.value.replace("\\", "") for c in at.caption]  # markdown escapes removed
    assert any("a paired t-test would detect a true mean change of" in c for c in captions)
    assert any("the median's exact order-statistic interval" in c for c in captions)
    interval = chart_specs(at)[0]["data"][0]
    assert interval["y"] == ["Communication", "Mobility", "Self-care", "Social skills"]


def test_progress_page_rounds_and_population(app_env):
    at = run_app(
        pilot="IB-BERNI-2018",
        lang="en",
        progress_from=2,
        progress_to=3,
        progress_population="enrolled",
    )
    at.switch_page("pages/progress.py").run()
    assert not at.exception
    assert "2019-02 – 2019-10" in chart_titles(at)[0]


def use_package(tmp_path, monkeypatch, tables: dict) -> None:
    """Point the app at a new database holding only ``tables`` (rows of tests.test_ingest)."""
    from evaldash.db import bootstrap
    from evaldash.db.engine import make_engine
    from evaldash.ingest import import_files
    from tests.test_ingest import write_csvs

    url = f"duckdb:///{tmp_path}/package.duckdb"
    bootstrap.init_db(make_engine(url))
    assert import_files(make_engine(url), [write_csvs(tmp_path / "p", tables)]).status == "ok"
    monkeypatch.setenv("EVALDASH_DB_URL", url)


def one_round_tables() -> dict:
    from tests.test_ingest import PACKAGE

    tables = {name: PACKAGE[name] for name in ("pilots", "participants", "domains")}
    tables["assessments"] = [row for row in PACKAGE["assessments"] if row[1] != "2"]
    return tables


def test_progress_page_needs_two_rounds(tmp_path, monkeypatch):
    use_package(tmp_path, monkeypatch, one_round_tables())
    at = run_app(lang="en")
    at.switch_page("pages/progress.py").run()
    assert not at.exception
    assert at.info[0].value.startswith("This selection has fewer than two evaluation rounds")


def test_gaps_page(app_env):
    at = run_app(pilot="IB-GRT-2019", lang="en")
    at.switch_page("pages/gaps.py").run()
    assert not at.exception
    specs = chart_specs(at)
    titles = chart_titles(at)
    assert titles[0].startswith(
        "Planned services by region: status and share of planned units delivered"
    )
    assert titles[1].startswith("Municipalities: demand")
    assert titles[2].startswith("Kurzeme: municipalities and services")
    matrix = specs[0]["data"][0]
    # Many services: they are the matrix's rows, labelled by their short names (in full in
    # the hover), every one of them.
    column = matrix["x"].index("Kurzeme")
    row = matrix["y"].index("Respite care")
    assert matrix["customdata"][row][column] == "no provider in region"
    axis = specs[0]["layout"]["yaxis"]
    assert axis["tickvals"] == matrix["y"] and len(axis["ticktext"]) == len(matrix["y"])
    short = dict(zip(axis["tickvals"], axis["ticktext"], strict=True))
    assert short["Day care centre for adults with mental disorders"] == "Day centre (adults)"
    assert not any(trace["type"].endswith("geo") for s in specs for trace in s["data"])
    worst = at.dataframe[-2].value
    assert worst.iloc[0]["status"] == "no provider in region"  # headers as in every table


def test_gaps_page_empty_selection(app_env):
    at = run_app(
        pilot="IB-GRT-2019",
        lang="en",
        f_categories=["animal_assisted"],
        f_municipalities=["LV-097"],
    )
    at.switch_page("pages/gaps.py").run()
    assert not at.exception
    assert at.info[0].value == "Nobody in this selection has a service in their plan."


def test_compare_page(app_env):
    at = run_app(pilot="IB-GRT-2019", lang="en", f_municipalities=["LV-097"])
    at.switch_page("pages/compare.py").run()
    assert not at.exception
    assert at.title[0].value == "How my municipality compares with its peers"
    # The sidebar's one municipality is "my municipality"; the group is the whole pilot.
    assert at.selectbox(key="compare_mine").value == "LV-097"
    summary = at.markdown[0].value.replace("\\", "")
    assert summary.startswith("In Talsi Municipality ")
    assert "of 10 municipalities of the pilot" in summary
    table = at.dataframe[0].value
    assert table.columns.tolist() == [
        "Indicator",
        "My value",
        "95% interval",
        "n",
        "Group median",
        "Rank",
        "Rating",
        "Better is",
    ]
    assert table["Indicator"].iloc[0] == "Participants" and table["n"].iloc[0] == 10
    assert set(table["Rating"]) <= {"better", "similar", "worse", "not rated"}
    assert "Improved: Community living" in set(table["Indicator"])
    # Register facts are not samples: the table says so, and they are never rated.
    facts = table[
        table["Indicator"].isin(
            ["Planned services without a provider in the region", "Km to provider (median)"]
        )
    ]
    assert len(facts) == 2
    assert set(facts["95% interval"]) == {"register fact"}
    assert set(facts["Rating"]) == {"not rated"}
    # How many better/worse ratings chance alone would give, from the table's rated count.
    rated = int(table["Rating"].isin(["better", "similar", "worse"]).sum())
    expected = f"{0.05 * rated:.1f}"
    chance = f"Of the {rated} ratings in this table, about {expected} would read"
    captions = [c.value.replace("\\", "") for c in at.caption]  # markdown escapes removed
    assert any(c.startswith(chance) for c in captions), captions
    specs = chart_specs(at)
    titles = chart_titles(at)
    # Each title's n is that of what its chart draws: Talsi's 10 and the group's 100 people
    # on the spine; the 90 reassessed (not the 100 enrolled) on the improved-share charts.
    assert titles[0] == (
        "Talsi Municipality against the group on every indicator, all dates (n = 10; group n = 100)"
    )
    assert titles[1] == "Improved (overall): municipalities by n, all dates (n = 90)"
    assert titles[2].startswith("Missing reassessment: municipalities by n")
    assert titles[3].startswith("Improved: ")
    assert titles[4].startswith("Improved (overall) by municipality with 95% interval")
    # My municipality is bold and highlighted in the funnel and the league chart.
    funnel_mine = [t for t in specs[1]["data"] if t.get("name") == "<b>Talsi Municipality</b>"]
    assert funnel_mine and funnel_mine[0]["marker"]["size"] == 16
    league = specs[4]["data"][0]
    assert "<b>Talsi Municipality</b>" in league["y"] and len(league["y"]) == 10
    league_table = at.dataframe[-1].value
    assert len(league_table) == 10 and league_table.columns[0] == "Municipality"
    assert titles[4].endswith(f"(n = {league_table['n'].sum()})") and "(n = 90)" in titles[4]


def test_compare_page_region_group_in_latvian(app_env):
    at = run_app(pilot="IB-BERNI-2018", compare_mine="LV-REZ", compare_group="region")
    at.switch_page("pages/compare.py").run()
    assert not at.exception
    # Rēzekne is the children's pilot's only Latgale municipality.
    assert at.warning[-1].value.startswith("Rēzekne ir vienīgā šīs grupas pašvaldība")
    assert "(reģions: Latgale)" in at.markdown[0].value.replace("\\", "")
    assert chart_specs(at)[4]["data"][0]["y"] == ["<b>Rēzekne</b>"]


def test_compare_page_pilot_without_participants(tmp_path, monkeypatch):
    from tests.test_ingest import PACKAGE

    use_package(tmp_path, monkeypatch, {"pilots": PACKAGE["pilots"]})
    at = run_app(lang="en")
    at.switch_page("pages/compare.py").run()
    assert not at.exception
    assert at.info[0].value.startswith("This selection has no participant to compare")


def test_compare_page_without_a_second_round(tmp_path, monkeypatch):
    use_package(tmp_path, monkeypatch, one_round_tables())
    at = run_app(lang="en")
    at.switch_page("pages/compare.py").run()
    assert not at.exception
    assert "progress cannot be compared yet" in at.markdown[0].value
    assert any("fewer than two evaluation rounds" in c.value for c in at.caption)


def run_link(page: str | None = None, **params) -> AppTest:
    """Open the app as a copied link would: query parameters first, then the page."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    if page:
        at.switch_page(page)
    return at.run()


def test_a_link_restores_language_pilot_and_filters(app_env):
    at = run_link(lang="en", pilot="IB-BERNI-2018", f_regions="KUR", f_sex="F")
    assert not at.exception and not at.toast
    assert at.title[0].value == "Overview"
    assert at.sidebar.selectbox(key="pilot").value == "IB-BERNI-2018"
    assert at.sidebar.multiselect(key="f_regions").value == ["KUR"]
    assert at.sidebar.multiselect(key="f_sex").value == ["F"]
    assert metric(at, "Municipalities") == "4"  # the children's pilot's Kurzeme four


def test_a_link_restores_page_choices(app_env):
    at = run_link(
        "pages/progress.py",
        lang="en",
        pilot="IB-BERNI-2018",
        progress_from="2",
        progress_to="3",
        progress_population="enrolled",
    )
    assert not at.exception
    assert at.selectbox(key="progress_from").value == 2
    assert at.selectbox(key="progress_to").value == 3
    assert at.radio(key="progress_population").value == "enrolled"
    at = run_link("pages/gaps.py", lang="en", gap_threshold="0.9", gap_region="VID")
    assert not at.exception
    assert at.select_slider(key="gap_threshold").value == 0.9
    assert at.selectbox(key="gap_region").value == "VID"
    at = run_link("pages/compare.py", lang="en", compare_mine="LV-022", compare_group="region")
    assert at.selectbox(key="compare_mine").value == "LV-022"
    assert "Cēsis Municipality" in at.markdown[0].value


def test_invalid_link_values_fall_back_to_defaults_with_a_notice(app_env):
    at = run_link(lang="en", pilot="NO-SUCH-PILOT", f_regions=["KUR", "ATLANTIS"])
    assert not at.exception
    assert at.sidebar.selectbox(key="pilot").value == "IB-GRT-2019"  # the newest, the default
    assert at.sidebar.multiselect(key="f_regions").value == ["KUR"]
    notices = [toast.value for toast in at.toast]
    assert 'The link\'s value for "Pilot" is not valid (NO-SUCH-PILOT); showing the default.' in (
        notices
    )
    assert any("ATLANTIS" in n and "Planning region" in n for n in notices)
    at = run_link("pages/gaps.py", lang="xx", gap_threshold="7")
    assert not at.exception
    assert at.select_slider(key="gap_threshold").value == 0.8
    notices = [toast.value for toast in at.toast]
    assert any("Valoda / Language" in n and "xx" in n for n in notices)
    assert any("7" in n for n in notices)


def test_every_page_offers_its_view_for_download(app_env):
    at = run_link("pages/services.py", lang="en")
    assert not at.exception
    buttons = [b for b in at.get("download_button") if b.proto.id and "export_" in b.proto.id]
    labels = [b.proto.label for b in buttons]
    assert labels == [
        "PowerPoint (.pptx)",
        "PDF report (A4)",
        "Excel tables (.xlsx)",
        "PNG images (.zip)",
        "SVG images (.zip)",
    ]


def test_without_chromium_only_excel_is_offered(app_env, monkeypatch):
    monkeypatch.setenv("EVALDASH_BROWSER", "/nowhere/chromium")
    at = run_link("pages/gaps.py", lang="en")
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button") if "export_" in b.proto.id]
    assert labels == ["Excel tables (.xlsx)"]
    assert any("/nowhere/chromium" in w.value for w in at.sidebar.warning)


def test_presentation_mode_shows_one_chart_per_screen(app_env):
    # Opened on the default page: AppTest reruns a page chosen by switch_page on its own,
    # without app.py, after a click (the browser test presents another page).
    at = run_link(lang="en", present="1", pilot="IB-BERNI-2018")
    assert not at.exception
    assert at.title[0].value.startswith("Most\\-used services \\(recipients, n = 100\\)")
    assert at.caption[0].value == "1 of 4"
    assert len(at.get("plotly_chart")) == 1
    slide = at.get("plotly_chart")[0]
    assert json.loads(slide.proto.spec)["layout"]["font"]["size"] == 18  # type for the room
    assert json.loads(slide.proto.config)["displayModeBar"] is False  # no toolbar on a slide
    assert any("stSidebar" in h.proto.body for h in at.get("html"))  # the sidebar is hidden
    at.button(key="slide_next").click().run()
    assert at.title[0].value.startswith("Progress: round 1 → 3")
    assert at.caption[0].value == "2 of 4"
    at.button(key="slide_next").click().run()
    at.button(key="slide_back").click().run()
    assert at.caption[0].value == "2 of 4"
    at.button(key="present_exit").click().run()
    assert not at.exception
    assert at.title[0].value == "Overview"  # entering from the sidebar: the browser test


def test_a_slide_enlarges_the_type_a_chart_sets_itself():
    from evaldash import charts
    from evaldash.ui.blocks import untitled

    cells = pd.DataFrame(
        {"region": ["KUR", "RIG"], "service_code": "FIZIO", "status": "ok", "cell": ["90", "80"]}
    )
    grid = charts.status_matrix(cells, text="cell", title="Matrix")
    slide = untitled(grid, scale=18 / 14, height=600, font_size=18)
    assert slide.layout.title.text == "" and grid.layout.title.text == "Matrix"
    assert slide.layout.xaxis.tickfont.size == 15 and slide.data[0].textfont.size == 15
    assert grid.layout.xaxis.tickfont.size == 12 and grid.data[0].textfont.size == 12


def test_presentation_of_a_page_without_charts(app_env):
    at = run_link("pages/data.py", lang="en", present="1")
    assert not at.exception
    assert at.info[0].value.startswith("This page has no chart to show")


@pytest.fixture
def accounts_db(tmp_path, monkeypatch, demo_duckdb_url):
    """A copy of the demo database with a ministry and a municipality account."""
    from evaldash import auth
    from evaldash.db.engine import make_engine

    url = demo_copy(demo_duckdb_url, tmp_path / "accounts.duckdb")
    engine = make_engine(url)
    auth.add_user(engine, "anna", "ministry", password="ministry pass phrase")
    auth.add_user(engine, "talsi", "municipality", municipality_code="LV-097",
                  password="talsi pass phrase")  # fmt: skip
    auth.add_user(engine, "guest", "public", password="public pass phrase")
    engine.dispose()
    monkeypatch.setenv("EVALDASH_DB_URL", url)
    monkeypatch.setenv("EVALDASH_LANG", "en")
    return url


def sign_in(at: AppTest, user: str, password: str) -> AppTest:
    at.text_input(key="sign_in_user").input(user)
    at.text_input(key="sign_in_password").input(password)
    return at.button[0].click().run()


def test_without_accounts_a_local_session_says_so(app_env):
    at = run_app(lang="en")
    assert not at.exception
    assert any("Local single-user session" in c.value for c in at.caption)


def test_without_accounts_on_the_network_the_app_refuses(app_env):
    from streamlit import config as streamlit_config

    before = streamlit_config.get_option("server.address")
    streamlit_config.set_option("server.address", "0.0.0.0")
    try:
        at = run_app(lang="en")
    finally:
        streamlit_config.set_option("server.address", before)
    assert not at.exception
    assert "listens on 0.0.0.0" in at.error[0].value and "user add" in at.error[0].value
    assert not at.get("plotly_chart") and not at.metric  # nothing of the data is shown


@pytest.mark.parametrize(
    "client",
    [
        ("203.0.113.5", {"Host": "127.0.0.1:8501"}),  # X-Forwarded-For, taken by the server
        (None, {"Host": "127.0.0.1:8501", "X-Forwarded-For": "203.0.113.5"}),
        (None, {"Host": "127.0.0.1:8501", "X-Real-Ip": "203.0.113.5"}),
        (None, {"Host": "evaldash.example.lv", "X-Forwarded-Proto": "https"}),
        (None, {"Host": "127.0.0.1:8501", "Forwarded": "for=203.0.113.5;proto=https"}),
        (None, {"Host": "127.0.0.1:8501", "Origin": "https://evaldash.example.lv"}),
        (None, {"Host": "evaldash.example.lv"}),
        ("192.168.1.20", {"Host": "192.168.1.5:8501"}),
    ],
    ids=["xff", "xff-header", "x-real-ip", "x-forwarded-proto", "forwarded", "origin", "host",
         "lan"],
)  # fmt: skip
def test_without_accounts_a_client_through_a_proxy_gets_no_local_session(
    app_env, monkeypatch, client
):
    """A same-host proxy connects from 127.0.0.1: the request's own headers say it is not local."""
    from evaldash.ui import signin

    monkeypatch.setattr(signin, "request_client", lambda: client)
    at = run_app(lang="en")
    at.switch_page("pages/services.py").run()
    assert not at.exception
    assert "opens only in a browser on the computer it runs on" in at.error[0].value
    assert not at.get("plotly_chart") and not at.metric and not at.dataframe
    assert not any("Local single-user session" in c.value for c in at.caption)


def test_accounts_need_a_sign_in(accounts_db):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Sign in" and not at.metric and not at.get("plotly_chart")
    at = sign_in(at, "anna", "not the pass phrase")
    assert at.error[0].value.startswith("Wrong user name or password")
    assert not at.metric
    at = sign_in(at, "anna", "ministry pass phrase")
    assert not at.exception
    assert at.title[0].value == "Overview" and metric(at, "Participants") == "100"
    assert any("Signed in: anna (ministry)" in c.value for c in at.sidebar.caption)


def test_a_municipality_sees_its_own_municipality_and_the_others_suppressed(accounts_db):
    at = sign_in(AppTest.from_file(APP, default_timeout=60).run(), "talsi", "talsi pass phrase")
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert any("Signed in: talsi (municipality)" in c.value for c in at.sidebar.caption)
    at.switch_page("pages/compare.py").run()
    assert not at.exception
    assert at.selectbox(key="compare_mine").options == ["Talsi Municipality"]  # only itself
    at.switch_page("pages/services.py").run()
    assert not at.exception
    tables = [d.value for d in at.dataframe]
    shown = pd.concat([t.astype(str) for t in tables], ignore_index=True)
    assert (shown == "<5").any().any()  # another municipality's small group, as <5
    assert any("Some figures are hidden" in c.value for c in at.caption)


def test_a_municipality_keeps_narrowing_filters_for_itself_only(accounts_db):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["f_sex"] = "F"
    at.query_params["f_municipalities"] = ["LV-097", "LV-099"]  # a forged wider selection
    at = sign_in(at.run(), "talsi", "talsi pass phrase")
    assert not at.exception
    notes = " ".join(i.value for i in at.sidebar.info)
    assert "not used: sex, several municipalities" in notes


def test_the_public_finds_each_pages_definitions_on_the_page(accounts_db):
    """The Data page's Definitions tab is the ministry's; every page defines its own figures
    (Compare its indicators) for anyone who may open it, from the one registry."""
    from evaldash import measures, site

    at = sign_in(AppTest.from_file(APP, default_timeout=60).run(), "guest", "public pass phrase")
    for page, codes in ((p.key, p.measures) for p in site.PAGES if p.measures):
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, page
        [panel] = [e for e in at.expander if e.label.startswith("Definitions: how this page")]
        text = " ".join(m.value for m in panel.markdown)
        for code in codes:
            assert f"**{measures.measure(code).name[1]}**" in text, (page, code)
            assert measures.measure(code).formula[1].split()[0] in text, (page, code)


def test_the_public_sees_no_participant_rows(accounts_db):
    at = sign_in(AppTest.from_file(APP, default_timeout=60).run(), "guest", "public pass phrase")
    assert not at.exception
    at.switch_page("pages/progress.py").run()
    assert not at.exception
    keys = [c.proto.id for c in at.get("plotly_chart")]
    assert keys and not any("slope" in k or "radar" in k for k in keys)
    assert not _has(at, "progress_participant")  # no participant to choose


def _has(at: AppTest, key: str) -> bool:
    try:
        at.selectbox(key=key)
    except KeyError:
        return False
    return True


@pytest.mark.parametrize(
    ("page", "role", "allowed"),
    [
        ("data", "municipality", False),
        ("data", "public", False),
        ("data", "ministry", True),
        ("overview", "admin", False),
        ("compare", "public", True),
    ],
)
def test_a_page_the_role_may_not_open_refuses_when_reached(accounts_db, page, role, allowed):
    from evaldash import auth, ui
    from evaldash.db.engine import make_engine
    from evaldash.metrics import catalog

    engine = make_engine(accounts_db)
    pilot = catalog.pilots(engine).iloc[0]
    own = "LV-097" if role == "municipality" else None
    scope = auth.Scope(role, own, "someone")
    at = AppTest.from_file(str(Path(APP).parent / "pages" / f"{page}.py"), default_timeout=60)
    at.session_state["_evaldash_context"] = ui.Context(
        "en", engine, catalog.data_version(engine), None, pilot, {}, False, scope, page=page
    )
    at.session_state["_scope"] = scope
    at.run()
    assert not at.exception
    refused = [e.value for e in at.error if "not available to role" in e.value]
    assert bool(refused) is not allowed
    if not allowed:
        assert not at.get("plotly_chart") and not at.dataframe and not at.metric


def test_menus_follow_the_roles():
    from evaldash import auth, ui

    assert ui.allowed_pages(auth.Scope("municipality", "LV-097", "talsi")) == (
        "overview",
        "services",
        "progress",
        "gaps",
        "compare",
        "definitions",
    )
    assert ui.allowed_pages(auth.Scope("admin", None, "root")) == ("data", "audit", "definitions")
    assert "audit" in ui.allowed_pages(auth.Scope.local())  # the local session is both
    assert "audit" not in ui.allowed_pages(auth.Scope("ministry", None, "anna"))


def test_a_wrong_password_repeated_locks_the_account(accounts_db):
    at = AppTest.from_file(APP, default_timeout=60).run()
    for k in range(5):
        at = sign_in(at, "anna", f"guess {k} of many")
    assert at.error[0].value.startswith("Too many wrong attempts")
    at = sign_in(at, "anna", "ministry pass phrase")  # locked: the right one fails too
    assert at.error[0].value.startswith("Too many wrong attempts") and not at.metric


def test_the_overview_draws_without_importing_scipy_stats(demo_duckdb_url):
    """A new server's first page: its cards need counts only, not the statistics module,
    which takes more than a second to import (in a fresh interpreter, as a new server)."""
    probe = (
        "import sys; from streamlit.testing.v1 import AppTest; "
        "from evaldash.ui import signin; from tests.conftest import LOCAL_BROWSER; "
        "signin.request_client = lambda: LOCAL_BROWSER; "  # a browser on this computer
        f"at = AppTest.from_file({str(APP)!r}, default_timeout=60); at.run(); "
        "print(len(at.exception), len(at.get('plotly_chart')), 'scipy.stats' in sys.modules)"
    )
    env = {**os.environ, "EVALDASH_DB_URL": demo_duckdb_url}
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env
    )
    exceptions, charts, scipy_loaded = out.stdout.split()[-3:]
    assert (exceptions, scipy_loaded) == ("0", "False")
    assert int(charts) >= 3  # the three question cards (and the spending chart)


def test_the_first_element_asks_the_browser_for_the_chart_library(app_env):
    # The first element of the run asks the browser for Plotly's chunk, by the name under
    # which Streamlit's own page imports it, before any figure is computed.
    from evaldash import preload

    at = run_app()
    assert not at.exception
    first = at.main[0]
    assert first.type == "bidi_component"
    assert first.proto.component_name == "evaldash_chart_library"
    chunk = json.loads(first.proto.json)["chunk"]
    assert (preload.STATIC_JS / chunk).is_file()
    entries = list(preload.STATIC_JS.glob("index.*.js"))
    assert any(f"./{chunk}" in entry.read_text(encoding="utf-8") for entry in entries)
    assert len(at.get("plotly_chart")) == 4  # the page's own charts, no other


def test_sign_in_page_also_loads_the_chart_library(accounts_db):
    at = run_app()
    assert at.title[0].value == "Sign in"
    assert [e.proto.component_name for e in at.get("bidi_component")] == ["evaldash_chart_library"]
    assert not at.get("plotly_chart")


@pytest.mark.parametrize(
    ("files", "found"),
    [
        (["index.A1.js", "PlotlyChart.D9Z0_fxz.js"], "PlotlyChart.D9Z0_fxz.js"),
        (["index.A1.js"], None),  # a build without the chunk
        (["PlotlyChart.a.js", "PlotlyChart.b.js"], None),  # not one: which is Streamlit's?
    ],
)
def test_the_chart_library_is_found_only_when_there_is_one(tmp_path, files, found):
    from evaldash import preload

    for name in files:
        (tmp_path / name).write_text("export {}", encoding="utf-8")
    assert preload.plotly_chunk(tmp_path) == found


def test_without_the_chunk_the_app_runs_as_before(app_env, monkeypatch):
    from evaldash import preload

    monkeypatch.setattr(preload, "plotly_chunk", lambda: None)
    at = run_app()
    assert not at.exception
    assert not at.get("bidi_component")
    assert at.title[0].value == "Pārskats"
    assert len(at.get("plotly_chart")) == 4


def test_everyone_finds_every_definition_on_the_definitions_page(accounts_db):
    """A sixth page added by the README's checklist: one registry entry, one page file."""
    from evaldash import measures, site

    at = sign_in(AppTest.from_file(APP, default_timeout=60).run(), "guest", "public pass phrase")
    at.switch_page("pages/definitions.py").run()
    assert not at.exception
    assert at.title[0].value == "Definitions: what each figure means"
    defined = measures.definitions("en")
    texts = [m.value for m in at.markdown][1:]  # after the introduction
    assert [text.split("**")[1] for text in texts] == list(defined.iloc[:, 0])
    assert [b.proto.label for b in at.get("download_button")] == ["Download the definitions (CSV)"]
    at.segmented_control(key=site.DEFINITIONS_PAGE.key).set_value("gaps").run()
    shown = [m.value.split("`")[1] for m in at.markdown][1:]
    assert shown == list(site.page("gaps").measures)


def test_only_the_session_that_loaded_the_demo_is_told(tmp_path, monkeypatch):
    """An empty database gets the demo on the first visit; that visitor is told once, and
    sessions that come later while the server runs are not."""
    monkeypatch.setenv("EVALDASH_DB_URL", f"duckdb:///{tmp_path}/empty.duckdb")
    monkeypatch.setenv("EVALDASH_LANG", "en")
    first = AppTest.from_file(APP, default_timeout=120).run()
    assert not first.exception
    told = [t.value for t in first.toast]
    assert told == ["The database was empty, so the demo data were loaded into it."]
    assert not first.run().toast  # once, not on every rerun
    later = AppTest.from_file(APP, default_timeout=60).run()
    assert not later.exception and not later.toast


@pytest.mark.parametrize(("lang", "shown"), [("lv", "80\u00a0%"), ("en", "80%")])
def test_the_gap_threshold_reads_as_a_percentage(app_env, lang, shown):
    at = run_link("pages/gaps.py", lang=lang)
    assert not at.exception
    slider = at.select_slider(key="gap_threshold")
    assert slider.value == 0.8
    assert slider.options[THRESHOLD_AT_80] == shown  # not "0.80"


THRESHOLD_AT_80 = 6  # 0.50, 0.55, ... 0.80


def test_download_names_say_page_format_and_date():
    from datetime import date

    from evaldash.ui import blocks

    today = date.today().isoformat()
    names = {fmt: blocks.download_name("IB-GRT-2019", "gaps", fmt) for fmt in ("png", "svg")}
    assert names == {
        "png": f"evaldash-IB-GRT-2019-gaps-png-{today}.zip",
        "svg": f"evaldash-IB-GRT-2019-gaps-svg-{today}.zip",
    }  # two zips of one page never share a name
    assert blocks.download_name("P", "gaps", "xlsx") == f"evaldash-P-gaps-{today}.xlsx"
    chart = blocks.download_name("P", "gaps", "csv", "gaps_matrix")
    assert chart == f"evaldash-P-gaps-gaps_matrix-{today}.csv"
