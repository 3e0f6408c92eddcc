"""Panels of every page, built without Streamlit, on both databases."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from evaldash import site, views
from evaldash.demo import ADULTS_PILOT, CHILDREN_PILOT
from evaldash.filters import Filters
from evaldash.i18n import t

EXPECTED = {
    "overview": ["q_services", "q_progress", "q_gaps", "overview_spend"],
    "services": ["services_ranking", "services_delivery", "services_trend", "services_heatmap"],
    "progress": [
        "progress_change",
        "progress_outcomes",
        "progress_slopes",
        "progress_radar",
        "progress_municipalities",
    ],
    "gaps": ["gaps_matrix", "gaps_map", "gaps_detail"],
}


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_every_page_has_its_panels_with_n_in_the_title(demo_engine, lang):
    v = views.View.direct(demo_engine, Filters(ADULTS_PILOT), lang)
    for page, keys in EXPECTED.items():
        found = site.panels(page, v)
        assert [p.key for p in found] == keys
        for item in found:
            assert "n = " in item.title, item.title
            assert item.takeaway and item.takeaway.endswith("."), item.key
            assert list(item.figure.data), item.key
            assert not item.table.empty, item.key
    compared = site.panels("compare", v)
    assert compared[0].key == "compare_spine" and compared[-1].key == "compare_league"
    assert "compare_funnel_improved_share" in [p.key for p in compared]


def test_choices_of_the_url_and_bad_choices(demo_engine):
    v = views.View.direct(demo_engine, Filters(CHILDREN_PILOT), "en")
    cost = site.panels("services", v, {"svc_measure": "cost"})[0]
    assert cost.title.startswith("Services by cost") and "cost the most" in cost.takeaway
    late = site.panels("progress", v, {"progress_from": 2, "progress_to": 3})[0]
    assert "2019-02 – 2019-10" in late.title
    fallback = site.panels("progress", v, {"progress_from": 9, "progress_to": 1})[0]
    assert "2018-09 – 2019-10" in fallback.title  # unknown rounds: first and last
    strict = site.panels("gaps", v, {"gap_threshold": 1.0, "gap_region": "VID"})
    assert strict[-1].title.startswith("Vidzeme: municipalities and services")
    talsi = site.panels("compare", v, {"compare_mine": "LV-097", "compare_group": "region"})
    assert talsi[0].title.startswith("Talsi Municipality against the group")
    with pytest.raises(ValueError, match="page 'data' has no charts"):
        site.panels("data", v)


def test_direct_view_fetches_each_metric_once(demo_engine):
    from evaldash.metrics import services

    runs = []

    def ranking(engine, f):
        runs.append(f)
        return services.ranking(engine, f)

    v = views.View.direct(demo_engine, Filters(ADULTS_PILOT), "en")
    first = v.fetch(ranking, v.f)
    first.loc[0, "participants"] = -1  # callers get copies: the memo stays intact
    second = v.fetch(ranking, v.f)
    assert len(runs) == 1 and second.loc[0, "participants"] > 0
    v.fetch(ranking, Filters(CHILDREN_PILOT))
    assert len(runs) == 2  # other filters, another computation
    assert v.caption.startswith("Selection: pilot ")
    assert v.caption.endswith(v.source)


def test_show_data_tables_speak_the_language(demo_engine):
    from evaldash.i18n import STRINGS

    v = views.View.direct(demo_engine, Filters(ADULTS_PILOT), "lv")
    for page in site.chart_pages():
        for item in site.panels(page, v):
            for column in item.table.columns:
                assert f"col.{column}" in STRINGS, (item.key, column)
    ranking = views.display_table(site.panels("services", v)[0].table, v)
    assert ranking.columns[0] == "pakalpojums"
    assert ranking.iloc[0, 0] == "Atbalsta personas pakalpojums" and ranking.iloc[0, 2] == "stundas"
    slopes = views.display_table(site.panels("progress", v)[2].table, v)
    assert set(slopes["statuss"]) <= {"uzlabojās", "nemainījās", "pasliktinājās",
                                      "nav atkārtota izvērtējuma"}  # fmt: skip


def test_slopegraph_of_a_large_selection_draws_a_sample(demo_engine, monkeypatch):
    v = views.View.direct(demo_engine, Filters(ADULTS_PILOT), "en")
    whole = site.panels("progress", v)[2]
    monkeypatch.setattr(views.progress, "SLOPE_MOST", 7)
    sample = site.panels("progress", views.View.direct(demo_engine, Filters(ADULTS_PILOT), "en"))[2]
    assert sample.table["participant_code"].nunique() == 7
    assert len(whole.table) > 7 and not whole.notes
    # title and takeaway still count everyone; the note says the lines are a sample
    assert (sample.title, sample.takeaway) == (whole.title, whole.takeaway)
    assert sample.notes == (
        f"Lines: an even sample of 7 of {len(whole.table)} participants (by "
        "code); the counts in the title and the summary are of everyone.",
    )


def test_compare_league_draws_the_centre_its_ratings_test_against(demo_engine):
    v = views.View.direct(demo_engine, Filters(ADULTS_PILOT), "en")
    c = views.comparison(v, "LV-097")
    shares = views.compare_league(v, c, "improved_share")
    line = shares.figure.layout.shapes[0]
    pooled = c.rows.loc[c.rows["indicator"] == "improved_share", "group_proportion"].iloc[0]
    assert line.x0 == pytest.approx(pooled)
    assert shares.figure.layout.annotations[0].text == "group's pooled share"
    spend = views.compare_league(v, c, "spend_per_participant")
    median = c.rows.loc[c.rows["indicator"] == "spend_per_participant", "group_median"]
    assert spend.figure.layout.shapes[0].x0 == pytest.approx(median.iloc[0])


def test_chance_note_and_register_facts_in_the_tables(demo_engine):
    v = views.View.direct(demo_engine, Filters(ADULTS_PILOT), "lv")
    c = views.comparison(v, "LV-097")
    rated = int(c.my_rows["rating"].isin(["better", "similar", "worse"]).sum())
    assert rated > 0
    note = views.chance_note(c.my_rows, "lv")
    assert note.startswith(f"No {rated} vērtējumiem šajā tabulā aptuveni ")
    assert views.chance_note(c.my_rows.iloc[0:0], "en") == "No indicator in this table is rated."
    table = views.compare_table(c.my_rows, c.indicators, "lv").set_index("Rādītājs")
    fact = table.loc["Plānoti pakalpojumi bez sniedzēja reģionā"]
    assert fact["95 % intervāls"] == "reģistra fakts" and fact["Vērtējums"] == "nav vērtēts"
    km = c.rows[c.rows["indicator"] == "median_km_to_provider"]
    league = views.league_display(km, {}, "en")
    assert set(league["95% interval"]) == {"register fact"}
    hover = views.league_rows(km, {}, "median_km_to_provider", "en")["hover"]
    assert hover.str.contains(r"\(register fact, no interval\); n = ").all()


def test_show_data_writes_numbers_as_the_language_does(demo_engine):
    """Shares as percentages, euro with cents, decimals with the language's separator, months
    as the language writes them; missing stays empty; the table behind (the CSV) stays raw."""
    from evaldash import columns

    for lang, share, cost, month in (
        ("lv", "57\u00a0%", "22\u00a0104,50\u00a0EUR", "09.2018"),
        ("en", "57%", "EUR\u00a022,104.50", "2018-09"),
    ):
        v = views.View.direct(demo_engine, Filters(CHILDREN_PILOT), lang)
        ranking = site.panels("services", v)[0]
        top = views.display_table(ranking.table, v).iloc[0]
        assert top[t("col.participants_share", lang)] == share
        assert top[t("col.cost_eur", lang)] == cost
        assert ranking.table["cost_eur"].dtype == "float64"  # the CSV keeps the number
        trend = views.display_table(site.panels("services", v)[2].table, v)
        assert trend.iloc[0][t("col.month", lang)] == month
        for page in site.chart_pages():
            for item in site.panels(page, v):
                shown = views.display_table(item.table, v)
                for column in item.table.columns:
                    declared = columns.COLUMNS.get(column)
                    if declared is None or not declared.shown:
                        continue
                    header = t(f"col.{column}", lang)
                    texts = [x for x in shown[header] if x is not None]
                    assert all(isinstance(x, str) for x in texts), (item.key, column)
                    if lang == "lv" and declared.shown not in ("month", "date"):
                        assert not any(re.search(r"\d\.\d", x) for x in texts), (item.key, column)


@pytest.mark.parametrize("role", ["public", "municipality"])
def test_the_overview_answers_all_three_questions_for_every_audience(demo_engine, role):
    """The progress card was empty for suppressed audiences (its counts are per participant);
    it now shows the reassessed counts the Progress page releases, with the same n."""
    from evaldash.auth import Scope

    scope = Scope(role, "LV-097" if role == "municipality" else None)
    v = views.View.direct(demo_engine, Filters(CHILDREN_PILOT), "en", scope)
    cards = {p.key: p for p in site.panels("overview", v)}
    assert {"q_services", "q_progress", "q_gaps"} <= set(cards)
    progress_page = site.panels("progress", v)[0]  # its first chart, with the pairs
    n = int(progress_page.table["n_pairs"].max())
    assert cards["q_progress"].title == f"Progress: round 1 → 3 (n = {n})"


def test_show_data_keeps_a_p_value_already_written_as_words(demo_engine):
    """Progress's table writes "not tested" among its p-values; Show data and the workbook
    crashed on it (a municipality's few pairs)."""
    v = views.View.direct(demo_engine, Filters(CHILDREN_PILOT), "en")
    table = pd.DataFrame({"domain": ["a", "b", "c"], "p_value": ["not tested", 0.0312, None]})
    shown = views.display_table(table, v)[t("col.p_value", "en")]
    assert shown.tolist() == ["not tested", "0.031", None]


SLOPE_WORDS = {
    # (domain, lang): the score axis, the legend's improved / unchanged / declined, the arrow
    ("mobility", "lv"): (
        "Vērtējums (no 0 līdz 4; jo zemāks, jo labāk)",
        "uzlabojās: vērtējums pazeminājās",
        "nemainījās: izmaiņa abos virzienos mazāka par 1",
        "pasliktinājās: vērtējums paaugstinājās",
        "labāk",
    ),
    ("mobility", "en"): (
        "Score (0 to 4; lower is better)",
        "improved: score went down",
        "unchanged: a change of less than 1 either way",
        "declined: score went up",
        "better",
    ),
    ("communication", "lv"): (
        "Vērtējums (no 1 līdz 19; jo augstāks, jo labāk)",
        "uzlabojās: vērtējums paaugstinājās",
        "nemainījās: izmaiņa abos virzienos mazāka par 2",
        "pasliktinājās: vērtējums pazeminājās",
        "labāk",
    ),
    ("communication", "en"): (
        "Score (1 to 19; higher is better)",
        "improved: score went up",
        "unchanged: a change of less than 2 either way",
        "declined: score went down",
        "better",
    ),
}


def words(title: str) -> str:
    """An axis title's text, the lines it may be broken into (``<br>``) joined."""
    return title.replace("<br>", " ")


@pytest.mark.parametrize(("domain", "lang"), sorted(SLOPE_WORDS))
def test_the_slopegraph_says_which_way_is_better(demo_engine, domain, lang):
    """Mobility (an ICF-like qualifier, 0..4) is better low: its improved lines go down, and
    the axis, the legend and an arrow say so; communication (1..19) is better high."""
    v = views.View.direct(demo_engine, Filters(CHILDREN_PILOT), lang)
    panel = site.panels("progress", v, {"progress_domain": domain})[2]
    axis, improved, unchanged, declined, better = SLOPE_WORDS[domain, lang]
    fig = panel.figure
    assert words(fig.layout.yaxis.title.text) == axis
    counts = panel.table["status"].value_counts()
    assert [trace.name for trace in fig.data] == [
        f"{improved} ({counts.get('improved', 0)})",
        f"{unchanged} ({counts.get('unchanged', 0)})",
        f"{declined} ({counts.get('declined', 0)})",
    ]
    [arrow] = fig.layout.annotations
    lower_is_better = domain == "mobility"
    assert arrow.text == better and arrow.showarrow
    # the head at the better end, the text (the tail) towards the other end
    assert (arrow.y, arrow.ay > 0) == ((0, False) if lower_is_better else (1, True))
    # and what the words say is what the lines do
    lines = fig.data[0].y  # improved: from, to, None, from, to, None, ...
    steps = [lines[i + 1] - lines[i] for i in range(0, len(lines), 3)]
    assert steps and all((s < 0) if lower_is_better else (s > 0) for s in steps)


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_the_other_progress_charts_say_which_way_is_better(demo_engine, lang):
    v = views.View.direct(demo_engine, Filters(CHILDREN_PILOT), lang)
    change, _, _, radar, _ = site.panels("progress", v)
    assert words(change.figure.layout.xaxis.title.text) == t("progress.change_axis", lang)
    assert t("progress.change_axis", lang).endswith(
        {"lv": "(pozitīvas = uzlabojums)", "en": "(positive = better)"}[lang]
    )
    axis = radar.figure.layout.polar.radialaxis
    assert list(axis.tickvals) == [0.0, 0.5, 1.0]
    best = {"lv": "100\u00a0% = labākais", "en": "100% = best"}[lang]
    assert list(axis.ticktext) == [
        {"lv": "0\u00a0%", "en": "0%"}[lang],
        {"lv": "50\u00a0%", "en": "50%"}[lang],
        best,
    ]


TITLE_N = re.compile(r"\(n = ([^;()]+?)(?:; (?:group n|grupā n) = ([^;()]+?))?\)$")


def compare_panels(v: views.View) -> list:
    """Every panel of the Compare page: the spine, every funnel, the league of every indicator."""
    c = views.comparison(v)
    shown = views.compare_view(v, c)
    found = [p for p in site.panels("compare", v) if p.key != "compare_league"]
    indicators = dict.fromkeys(c.my_rows["indicator"])
    found += [views.compare_league(shown, c, code) for code in indicators]
    return [p for p in found if p is not None]


@pytest.mark.parametrize("lang", ["lv", "en"])
@pytest.mark.parametrize("role", ["ministry", "public"])
@pytest.mark.parametrize("pilot", [CHILDREN_PILOT, ADULTS_PILOT])
def test_every_compare_title_states_the_n_of_its_own_table(demo_engine, pilot, role, lang):
    """The league's title said n = 100 (everyone enrolled) over a table of 90 reassessed.

    A funnel's and a league's n is the sum of the n of the municipalities drawn; the spine's
    are the most people behind my values and behind the group's. For the public, values
    hidden are not drawn and not counted, and a note says some are hidden."""
    from evaldash.auth import Scope

    v = views.View.direct(demo_engine, Filters(pilot), lang, Scope(role))
    hidden = t("privacy.hidden", lang)
    note = t("privacy.note", lang, k=5)
    panels = compare_panels(v)
    keys = {p.key for p in panels}
    assert {"compare_spine", "compare_league", "compare_funnel_improved_share"} <= keys
    leagues = [p for p in panels if p.key == "compare_league"]
    assert len(leagues) >= 8  # every indicator: counts, means, shares, register facts
    for panel in panels:
        found = TITLE_N.search(panel.title)
        assert found, panel.title
        if panel.key == "compare_spine":
            want = (panel.table["n"].max(), panel.table["group_n"].max())
            got = found.groups()
        else:  # nothing drawn (all hidden) has no n to state
            want = (panel.table["n"].sum(min_count=1),)
            got = found.groups()[:1]
            assert found.group(2) is None, panel.title
        assert got == tuple(hidden if pd.isna(w) else str(int(w)) for w in want), panel.title
        if role == "ministry":
            assert note not in panel.notes, panel.key
        elif panel.table.empty:
            assert note in panel.notes, panel.key
    if role == "public":  # the public's missing-reassessment funnel leaves small ones out
        missing = next(p for p in panels if p.key == "compare_funnel_missing_reassessment_share")
        assert note in missing.notes and missing.notes.count(note) == 1
    else:  # the progress indicators count the reassessed, not everyone enrolled
        improved = next(p for p in panels if p.key == "compare_funnel_improved_share")
        enrolled = next(p for p in panels if p.key == "compare_funnel_missing_reassessment_share")
        assert int(improved.table["n"].sum()) < int(enrolled.table["n"].sum()) == 100


def test_total_of_what_a_chart_draws():
    from evaldash.views.texts import total

    assert total(pd.Series([9, 10]), "en") == 19
    assert total(pd.Series([9.0, float("nan")]), "en") == "hidden"  # not 9: one is withheld
    assert total(pd.Series([], dtype="float64"), "lv") == "slēpts"


@pytest.mark.parametrize("pilot", [CHILDREN_PILOT, ADULTS_PILOT])
def test_a_label_shorter_than_its_name_has_the_name_in_the_hover(demo_engine, pilot):
    """Axes show short names; each names in full, in the hover, what it labels.

    A label that is not its item's name is the catalogue's short name or the name cut with
    "…", and the full name is the category the chart draws (what its hover shows).
    """
    from evaldash.metrics import catalog

    for lang in ("lv", "en"):
        v = views.View.direct(demo_engine, Filters(pilot), lang)
        short = set(catalog.labels(demo_engine, lang).values())
        shortened = 0
        for page in site.chart_pages():
            for item in site.panels(page, v):
                layout = item.figure.layout
                for name in ("xaxis", "yaxis"):
                    axis = layout[name]
                    if not axis.ticktext or not isinstance(axis.tickvals[0], str):
                        continue
                    drawn = {str(c) for trace in item.figure.data for c in (trace[name[0]] or ())}
                    for full, label in zip(axis.tickvals, axis.ticktext, strict=True):
                        assert full in drawn, (item.key, full)
                        if label.replace("<br>", " ") != full:
                            shortened += 1
                            assert label in short or label.endswith("…"), (item.key, label)
        assert shortened, "no chart used a short name"


def test_the_indicator_table_counts_whole_people():
    """A float n (a hidden value elsewhere) read "10.000000" in the table: now 10."""
    mine = pd.DataFrame(
        {
            "indicator": ["participants", "improved_share"],
            "value": [10.0, 0.67],
            "kind": ["count", "share"],
            "ci_low": [None, 0.3],
            "ci_high": [None, 0.93],
            "n": [10.0, 9.0],
            "group_median": [10.0, 0.79],
            "rank": [None, 9.0],
            "ranked": [10, 10],
            "rating": ["not_rated", "similar"],
            "polarity": ["none", "higher"],
        }
    )
    table = views.compare_table(mine, {}, "en")
    assert str(table["n"].dtype) == "Int64" and table["n"].tolist() == [10, 9]
