"""Small-number suppression: what a municipality or the public can see, and what they cannot
work out from it. The attacks rebuild the hidden cells from everything the reads release."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from evaldash import privacy, site, views
from evaldash.auth import Scope
from evaldash.filters import Filters
from evaldash.metrics import catalog, compare, gaps, overview, progress, quality, services

K = 5


def cells(rows: list[tuple[str, str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"municipality_code": m, "region": r, "key": (s,), "n": n} for m, r, s, n in rows]
    )


# --- protect(): the pattern on small tables -------------------------------------------------


def test_one_small_cell_gets_a_complement_in_every_total_it_is_in():
    table = cells(
        [("A", "R1", "x", 2), ("B", "R1", "x", 9), ("C", "R1", "x", 7), ("D", "R2", "x", 8)]
    )
    found = privacy.protect(table, K)
    assert ("A", ("x",)) in found.primary
    assert len(found.hidden) >= 2  # the total of R1 and of the pilot hold a second hidden cell
    assert ("C", ("x",)) in found.hidden  # the smallest other cell of R1 is the complement


def test_nothing_small_hides_nothing():
    table = cells([("A", "R1", "x", 6), ("B", "R1", "x", 9), ("C", "R2", "x", 0)])
    found = privacy.protect(table, K)
    assert not found.hidden and not found.margins


def test_own_cells_are_known_so_a_region_of_two_hides_its_total():
    # Region R1 is my municipality A and B: R1's total minus mine would be B's small cell.
    table = cells(
        [("A", "R1", "x", 2), ("B", "R1", "x", 3), ("C", "R2", "x", 9), ("D", "R2", "x", 8)]
    )
    found = privacy.protect(table, K, own="A")
    assert ("A", ("x",)) not in found.hidden
    assert ("B", ("x",)) in found.primary
    assert found.margin("R1", ("x",))
    # the pilot's total minus R2's would give R1's again: R2 or the pilot gives way too
    assert found.margin("R2", ("x",)) or found.margin(privacy.PILOT, ("x",))


def test_two_tiny_cells_are_not_enough_together():
    table = cells(
        [("A", "R1", "x", 1), ("B", "R1", "x", 1), ("C", "R1", "x", 30), ("D", "R1", "x", 40)]
    )
    found = privacy.protect(table, K)
    assert {("A", ("x",)), ("B", ("x",))} <= found.hidden
    assert len(found.hidden) >= 3  # 1 + 1 < 5: a third cell joins them


def test_row_totals_need_two_hidden_cells_in_the_row():
    table = cells(
        [
            ("A", "R1", "x", 2),
            ("A", "R1", "y", 20),
            ("B", "R1", "x", 20),
            ("B", "R1", "y", 20),
            ("C", "R1", "x", 20),
            ("C", "R1", "y", 20),
        ]
    )
    found = privacy.protect(table, K, row_totals=True)
    hidden_in_a = [key for m, key in found.hidden if m == "A"]
    assert len(hidden_in_a) >= 2 or "A" in found.totals


# --- selections -----------------------------------------------------------------------------


def test_narrowing_filters_are_dropped_outside_the_own_municipality():
    f = Filters("P", regions=("KUR", "LAT"), sex=("F",), age_groups=("7-12",), categories=("x",))
    kept, dropped = privacy.released(Scope("public"), f)
    assert kept == Filters("P")
    assert set(dropped) == {"sex", "age_groups", "categories", "regions"}
    own = Scope("municipality", "LV-097")
    mine = Filters("P", municipalities=("LV-097",), sex=("F",))
    assert privacy.released(own, mine) == (mine, ())
    assert privacy.released(Scope("ministry"), f) == (f, ())
    several = Filters("P", municipalities=("LV-097", "LV-099"))
    assert privacy.released(own, several) == (Filters("P"), ("municipalities",))


# --- reads on the demo database -------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(demo_engine):
    return demo_engine


def pilots(engine) -> list[str]:
    return list(catalog.pilots(engine)["pilot_id"])


def places(engine, pilot_id: str) -> pd.DataFrame:
    return catalog.filter_options(engine, pilot_id).municipalities


def scopes(engine, pilot_id: str) -> list[Scope]:
    own = places(engine, pilot_id)["municipality_code"].iloc[4]
    return [Scope("public"), Scope("municipality", own)]


def selections(engine, pilot_id: str) -> list[Filters]:
    where = places(engine, pilot_id)
    return (
        [Filters(pilot_id)]
        + [Filters(pilot_id, regions=(r,)) for r in sorted(where["region_code"].unique())]
        + [Filters(pilot_id, municipalities=(m,)) for m in where["municipality_code"]]
    )


def test_the_ministry_reads_everything_as_it_is(demo):
    f = Filters(pilots(demo)[0])
    pd.testing.assert_frame_equal(
        privacy.read(demo, Scope("ministry"), services.ranking, f), services.ranking(demo, f)
    )


def test_quality_lists_are_for_the_ministry_only(demo):
    f = Filters(pilots(demo)[0])
    for fn in privacy.MINISTRY_ONLY:
        with pytest.raises(privacy.Refused, match="ministry only"):
            privacy.read(demo, Scope("public"), fn, f)
    assert not privacy.read(demo, Scope("admin"), quality.missing_reassessment, f).empty


def test_a_rules_only_argument_is_the_metrics_parameter_and_default():
    """``Rule.only`` names an argument by position: it must still be the parameter meant, and
    the value released its default, so leaving the argument out reads the same."""
    import inspect

    found = [(fn, only) for fn, rule in privacy.RULES.items() for only in rule.only]
    assert found, "progress of everyone enrolled is refused through Rule.only"
    for fn, only in found:
        parameters = list(inspect.signature(fn).parameters.values())[2:]  # after engine, f
        assert parameters[only.position].default == only.value
        assert "{role}" in only.refusal


def test_participant_rows_are_the_own_municipalitys_only(demo):
    pilot_id = pilots(demo)[0]
    own = places(demo, pilot_id)["municipality_code"].iloc[4]
    f = Filters(pilot_id)
    rows = privacy.read(demo, Scope("municipality", own), progress.participant_changes, f, 1, 2)
    assert not rows.empty and set(rows["municipality_code"]) == {own}
    assert privacy.read(demo, Scope("public"), progress.participant_changes, f, 1, 2).empty
    other = places(demo, pilot_id)["municipality_code"].iloc[0]
    elsewhere = Filters(pilot_id, municipalities=(other,))
    assert privacy.read(
        demo, Scope("municipality", own), progress.participant_changes, elsewhere, 1, 2
    ).empty
    everyone = progress.participant_changes(demo, f, 1, 2)
    foreign = everyone[everyone["municipality_code"] != own]["participant_code"].iloc[0]
    assert not progress.participant_profile(demo, f, foreign).empty
    assert privacy.read(
        demo, Scope("municipality", own), progress.participant_profile, f, foreign
    ).empty


def test_a_municipality_sees_its_own_municipality_in_full(demo):
    pilot_id = pilots(demo)[0]
    own = places(demo, pilot_id)["municipality_code"].iloc[4]
    mine = Filters(pilot_id, municipalities=(own,), sex=("F",))
    scope = Scope("municipality", own)
    for fn in (services.ranking, services.municipality_service, overview.headline):
        pd.testing.assert_frame_equal(privacy.read(demo, scope, fn, mine), fn(demo, mine))


CELL_TABLES = [
    (services.municipality_service, (), ("participants",)),
    (gaps.municipality_service_gaps, (0.8,), ("participants_planned",)),
    (progress.municipality_summary, (1, 2), ("n_pairs", "improved", "unchanged", "declined")),
    (gaps.map_points, (0.8,), ("participants_planned",)),
]


@pytest.mark.parametrize(("fn", "args", "counts"), CELL_TABLES)
def test_no_small_count_of_another_municipality_is_shown(demo, fn, args, counts):
    for pilot_id in pilots(demo):
        for scope in scopes(demo, pilot_id):
            shown = privacy.read(demo, scope, fn, Filters(pilot_id), *args)
            others = shown[shown["municipality_code"] != scope.municipality_code]
            for column in counts:
                assert not others[column].between(1, K - 1).any(), (pilot_id, scope, column)
            truth = fn(demo, Filters(pilot_id), *args)
            assert len(truth) == len(shown)  # rows stay, marked, so "<5" can be told from 0


def test_indicators_of_small_groups_are_hidden(demo):
    for pilot_id in pilots(demo):
        for scope in scopes(demo, pilot_id):
            shown = privacy.read(demo, scope, compare.indicators, Filters(pilot_id))
            others = shown[shown["municipality_code"] != scope.municipality_code]
            small = others["n"].between(1, K - 1)
            assert others.loc[small, "value"].isna().all()


def test_monthly_series_are_all_or_nothing_and_pilot_wide(demo):
    for pilot_id in pilots(demo):
        region = places(demo, pilot_id)["region_code"].iloc[0]
        for fn in (services.people_per_month, services.monthly_by_service, overview.monthly_spend):
            pilot = privacy.read(demo, Scope("public"), fn, Filters(pilot_id))
            assert not pilot["participants"].between(1, K - 1).any()
            assert privacy.read(
                demo, Scope("public"), fn, Filters(pilot_id, regions=(region,))
            ).empty


# --- the attack: every released figure as an equation over the hidden cells -----------------


def _unknown_is_determined(equations: list[dict], unknowns: list) -> set:
    """The unknowns fixed by the equations (each a {unknown: 1} row with a known right side)."""
    if not unknowns or not equations:
        return set()
    index = {u: j for j, u in enumerate(unknowns)}
    matrix = np.array([[1.0 if u in e else 0.0 for u in unknowns] for e in equations])
    _, singular, vt = np.linalg.svd(matrix)
    null = vt[int((singular > 1e-9).sum()) :]
    free = np.linalg.norm(null, axis=0) if len(null) else np.zeros(len(unknowns))
    return {u for u, j in index.items() if free[j] < 1e-9}


def _service_equations(engine, scope: Scope, pilot_id: str) -> tuple[list[dict], dict]:
    """Every figure of services per (municipality, service) that the reads release."""
    where = places(engine, pilot_id)
    region_of = dict(zip(where["municipality_code"], where["region_code"], strict=True))
    truth = services.municipality_service(engine, Filters(pilot_id))
    grid = {(m, s): n for m, s, n in truth[["municipality_code", "service_code", "participants"]]
            .itertuples(index=False)}  # fmt: skip
    shown_cells = privacy.read(engine, scope, services.municipality_service, Filters(pilot_id))
    known = {
        (m, s)
        for m, s, n in shown_cells[
            ["municipality_code", "service_code", "participants"]
        ].itertuples(index=False)
        if not pd.isna(n)
    }
    equations = []
    for f in selections(engine, pilot_id):
        ranking = privacy.read(engine, scope, services.ranking, f)
        for row in ranking.itertuples(index=False):
            if pd.isna(row.participants):
                continue
            members = {
                (m, row.service_code)
                for m in region_of
                if (m, row.service_code) in grid
                and (not f.municipalities or m in f.municipalities)
                and (not f.regions or region_of[m] in f.regions)
            }
            equations.append({c: 1 for c in members if c not in known})
    return [e for e in equations if e], grid


def test_hidden_service_cells_cannot_be_worked_out_from_all_selections(demo):
    for pilot_id in pilots(demo):
        for scope in scopes(demo, pilot_id):
            equations, grid = _service_equations(demo, scope, pilot_id)
            hidden = sorted({c for e in equations for c in e})
            determined = _unknown_is_determined(equations, hidden)
            small = {c for c in determined if 1 <= grid[c] < K and c[0] != scope.municipality_code}
            assert not small, (pilot_id, scope.role, sorted(small)[:5])
            single = [e for e in equations if len(e) == 1]
            assert not single, (pilot_id, scope.role, single[:3])


def test_region_minus_its_other_municipalities_gives_nothing_away(demo):
    for pilot_id in pilots(demo):
        where = places(demo, pilot_id)
        for scope in scopes(demo, pilot_id):
            for region, members in where.groupby("region_code")["municipality_code"]:
                total = privacy.read(
                    demo, scope, services.ranking, Filters(pilot_id, regions=(region,))
                ).set_index("service_code")["participants"]
                parts = [
                    privacy.read(
                        demo, scope, services.ranking, Filters(pilot_id, municipalities=(m,))
                    ).set_index("service_code")["participants"]
                    for m in members
                ]
                for service in total.dropna().index:
                    values = [p.get(service, 0) for p in parts]
                    missing = [v for v in values if pd.isna(v)]
                    # a region total with exactly one municipality's figure hidden would show it
                    assert len(missing) != 1, (pilot_id, scope.role, region, service)


def test_comparing_two_filter_choices_gives_nothing_away(demo):
    pilot_id = pilots(demo)[0]
    scope = Scope("public")
    plain = privacy.read(demo, scope, services.ranking, Filters(pilot_id))
    for f in (
        Filters(pilot_id, sex=("F",)),
        Filters(pilot_id, age_groups=("18-29",)),
        Filters(pilot_id, categories=("therapy",)),
        dataclasses.replace(Filters(pilot_id), period_from=pd.Timestamp("2020-01-01").date()),
    ):
        pd.testing.assert_frame_equal(privacy.read(demo, scope, services.ranking, f), plain)


def test_every_page_renders_for_restricted_scopes_without_leaking_nan(demo):
    pilot_id = pilots(demo)[0]
    for scope in scopes(demo, pilot_id):
        for f in selections(demo, pilot_id)[:3]:
            v = views.View.direct(demo, f, "en", scope)
            for page in site.chart_pages():
                for item in site.panels(page, v):
                    texts = [item.title, item.takeaway, *item.notes]
                    assert not any("nan" in text.lower() for text in texts), (page, item.key)


def _cost_equations(engine, scope: Scope, pilot_id: str) -> tuple[list[set], dict]:
    """Every released figure that sums the cost of (municipality, service) cells.

    The ranking's cost per service for the pilot, each region and each municipality; the
    headline's total cost for each of them; each municipality's spend per participant times its
    participants (the Compare page).
    """
    where = places(engine, pilot_id)
    region_of = dict(zip(where["municipality_code"], where["region_code"], strict=True))
    cells: dict[tuple[str, str], float] = {}
    known: set[tuple[str, str]] = set()
    for m in region_of:
        one = Filters(pilot_id, municipalities=(m,))
        truth = services.ranking(engine, one)
        cells.update(
            {(m, s): c for s, c in zip(truth["service_code"], truth["cost_eur"], strict=True) if c}
        )
        shown = privacy.read(engine, scope, services.ranking, one)
        known |= {
            (m, s) for s, c in zip(shown["service_code"], shown["cost_eur"], strict=True) if c == c
        }
    equations: list[set] = []
    for f in selections(engine, pilot_id):
        inside = {
            m
            for m in region_of
            if (not f.municipalities or m in f.municipalities)
            and (not f.regions or region_of[m] in f.regions)
        }
        ranking = privacy.read(engine, scope, services.ranking, f)
        for service, cost in zip(ranking["service_code"], ranking["cost_eur"], strict=True):
            if cost == cost:  # shown
                equations.append({(m, service) for m in inside if (m, service) in cells})
        head = privacy.read(engine, scope, overview.headline, f)
        if head["cost_eur"].notna().all():
            equations.append({c for c in cells if c[0] in inside})
    table = privacy.read(engine, scope, compare.indicators, Filters(pilot_id))
    spend = table[(table["indicator"] == "spend_per_participant") & table["value"].notna()]
    equations += [{c for c in cells if c[0] == m} for m in spend["municipality_code"]]
    unknown_only = [{c for c in e if c not in known} for e in equations]
    return [e for e in unknown_only if e], cells


def test_hidden_costs_cannot_be_worked_out_from_totals_and_indicators(demo):
    for pilot_id in pilots(demo):
        for scope in scopes(demo, pilot_id):
            equations, cells = _cost_equations(demo, scope, pilot_id)
            truth = services.municipality_service(demo, Filters(pilot_id))
            served = {
                (m, s): n
                for m, s, n in zip(
                    truth["municipality_code"],
                    truth["service_code"],
                    truth["participants"],
                    strict=True,
                )
            }
            hidden = sorted({c for e in equations for c in e})
            determined = _unknown_is_determined([dict.fromkeys(e, 1) for e in equations], hidden)
            small = {
                c
                for c in determined
                if 1 <= served.get(c, 0) < K and c[0] != scope.municipality_code
            }
            assert not small, (pilot_id, scope.role, sorted(small)[:5])
