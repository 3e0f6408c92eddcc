"""Benchmarks before suppression, and suppression that cannot be undone (issue 23, parts 3, 4).

Part 3: a municipality's own row of the comparison (value, group median, rank, rating) reads
the same for itself as for the ministry, and any figure the public sees is the ministry's.
Part 4: an attacker who takes every number a view or report shows an audience, writes down
the sums that tie them together and solves for each hidden count's least and greatest value
(``scipy.optimize.linprog``) finds a range at least k wide.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evaldash import privacy, report, views
from evaldash.auth import Scope
from evaldash.filters import Filters
from evaldash.metrics import catalog, compare, gaps, overview, progress, services

K = 5
ADULTS = "IB-GRT-2019"
AUGSDAUGAVA = "LV-111"
SAME = ["value", "n", "rank", "rating"]


@pytest.fixture(scope="module")
def demo(demo_engine):
    return demo_engine


def once(engine) -> None:
    """Run the slowest checks on DuckDB only: suppression is worked out in Python from metric
    tables that the metric tests (test_measures, test_metrics_*) show equal on both backends,
    so PostgreSQL would add minutes to CI and no coverage."""
    if engine.dialect.name != "duckdb":
        pytest.skip("the same suppression as on DuckDB, from tables equal on both backends")


def pilots(engine) -> list[str]:
    return list(catalog.pilots(engine)["pilot_id"])


def audience(engine, pilot_id: str, who: str) -> Scope:
    """The public, or a municipality of the pilot (its fifth) looking at the others."""
    if who == "public":
        return Scope("public")
    places = catalog.filter_options(engine, pilot_id).municipalities
    return Scope("municipality", places["municipality_code"].iloc[4])


def compare_rows(engine, scope: Scope, pilot_id: str, group: str) -> pd.DataFrame:
    """The compare report's rows (as ``report compare`` prints them), keyed by codes."""
    table = report.compare_table(engine, scope, Filters(pilot_id), "en", None, group)
    codes = {v: k for k, v in catalog.names(engine, "en").items()}
    table = table.assign(municipality_code=table["municipality"].map(codes))
    return table.set_index(["municipality_code", "indicator"]).sort_index()


def agree(a: pd.Series, b: pd.Series) -> pd.Series:
    return (a == b).fillna(False).astype(bool) | (a.isna() & b.isna())


# --- part 3: benchmarks from the complete data ---------------------------------------------------


@pytest.mark.parametrize("group", ["pilot", "region"])
def test_own_row_reads_the_same_for_itself_as_for_the_ministry(demo, group):
    once(demo)
    for pilot_id in pilots(demo):
        ministry = compare_rows(demo, Scope("ministry"), pilot_id, group)
        for place in ministry.index.get_level_values(0).unique():
            own = compare_rows(demo, Scope("municipality", place), pilot_id, group).loc[place]
            full = ministry.loc[place]
            for column in SAME:
                same = agree(own[column], full[column])
                assert same.all(), (pilot_id, place, column, own[~same], full[~same])
            # a median is the ministry's, or withheld (it would give a hidden value away)
            median = agree(own["group_median"], full["group_median"])
            withheld = own["group_median"].isna() & own["suppressed"].str.contains("group_median")
            assert (median | withheld).all(), (pilot_id, place, own[~(median | withheld)])


def test_augsdaugava_missing_reassessment_is_similar_for_everyone_who_sees_it(demo):
    rows = {
        who: compare_rows(demo, scope, ADULTS, "pilot").loc[
            (AUGSDAUGAVA, "missing_reassessment_share")
        ]
        for who, scope in [
            ("ministry", Scope("ministry")),
            ("own", Scope("municipality", AUGSDAUGAVA)),
        ]
    }
    assert rows["ministry"]["rating"] == rows["own"]["rating"] == "similar"
    assert rows["ministry"]["rank"] == rows["own"]["rank"]


@pytest.mark.parametrize("group", ["pilot", "region"])
def test_every_figure_the_public_sees_is_the_ministrys(demo, group):
    for pilot_id in pilots(demo):
        ministry = compare_rows(demo, Scope("ministry"), pilot_id, group)
        public = compare_rows(demo, Scope("public"), pilot_id, group)
        for column in ["value", "n", "group_median", "rank", "rating"]:
            shown = public[column].notna() & public[column].ne("hidden")
            assert agree(public.loc[shown, column], ministry.loc[shown, column]).all(), column
        assert (public["value"].isna() > ministry["value"].isna()).any()  # some are hidden


@pytest.mark.parametrize("group", ["pilot", "region"])
def test_no_rank_of_another_municipality_brackets_a_hidden_value(demo, group):
    """Ranks come from the complete data, so a shown rank counts the hidden values above it;
    in a group holding a hidden value only the viewer's own rank is shown."""
    for pilot_id in pilots(demo):
        for scope in (Scope("public"), Scope("municipality", "LV-097")):
            rated = privacy.read(demo, scope, compare.rated, Filters(pilot_id), group)
            keys = ["indicator"] if group == "pilot" else ["indicator", "region"]
            for _, rows in rated.groupby(keys):
                hidden = rows["value"].isna() & rows["suppressed"].ne("")
                if not hidden.any():
                    continue
                others = rows[rows["municipality_code"] != scope.municipality_code]
                assert others["rank"].isna().all(), (pilot_id, scope, others)
                assert (rows.loc[hidden, "rating"] == "hidden").all()


def test_funnel_centre_is_the_whole_groups_or_none(demo):
    """The centre and limits of a funnel come from every municipality, hidden ones too."""
    drawn = 0
    for pilot_id in pilots(demo):
        f = Filters(pilot_id)
        ministry = views.comparison(views.View.direct(demo, f, "en"), "LV-097", "pilot")
        public_view = views.View.direct(demo, f, "en", Scope("public"))
        public = views.comparison(public_view, "LV-097", "pilot")
        for code in views.funnel_indicators(ministry):
            _, full = compare.funnel(ministry.rows, code)
            points, limits = compare.funnel(public.rows, code)
            if limits.empty:
                continue
            drawn += 1
            assert limits["centre"].iloc[0] == pytest.approx(full["centre"].iloc[0], abs=1e-12)
            assert points["value"].notna().all()
    assert drawn > 0


# --- part 4: an attacker with a linear-programming solver ----------------------------------------


class Attack:
    """The numbers an audience is shown, the sums tying them together, and the hidden ones.

    Each cell is (table, area, row, column) with its true value, the value shown (NaN when
    hidden) and its label: ``small`` when the marker says it is below k, else ``hidden``.
    """

    def __init__(self, k: int):
        self.k = k
        self.true: dict[tuple, float] = {}
        self.shown: dict[tuple, float] = {}
        self.small: set[tuple] = set()
        self.equations: list[list[tuple[tuple, float]]] = []

    def table(self, name: str, area: str, true: pd.DataFrame, shown: pd.DataFrame, key, counts):
        """Add a table's count cells; ``key`` names the columns identifying a row."""
        true = true.set_index(key)
        shown = shown.set_index(key)
        for row in true.index:
            marker = str(shown.at[row, privacy.MARKER]) if privacy.MARKER in shown else ""
            small, _, columns = marker.partition(": ")
            for column in counts:
                cell = (name, area, row, column)
                self.true[cell] = float(true.at[row, column])
                self.shown[cell] = float(shown.at[row, column])
                if small == f"<{self.k}" and (not columns or column in columns.split(", ")):
                    self.small.add(cell)

    def equal(self, parts: list[tuple], totals: list[tuple]) -> None:
        """sum(parts) = sum(totals); checked on the true values first."""
        missing = [c for c in parts + totals if c not in self.true]
        assert not missing, missing
        terms = [(c, 1.0) for c in parts] + [(c, -1.0) for c in totals]
        assert abs(sum(self.true[c] * w for c, w in terms)) < 1e-9, terms
        self.equations.append(terms)

    def ranges(self) -> dict[tuple, tuple[float, float]]:
        """The least and greatest value of every hidden cell the shown numbers allow."""
        from scipy.optimize import linprog

        unknown = sorted((c for c, v in self.shown.items() if np.isnan(v)), key=str)
        column = {c: j for j, c in enumerate(unknown)}
        rows, rhs = [], []
        for terms in self.equations:
            row = np.zeros(len(unknown))
            known = 0.0
            for cell, weight in terms:
                if cell in column:
                    row[column[cell]] += weight
                else:
                    known += weight * self.shown[cell]
            if row.any():
                rows.append(row)
                rhs.append(-known)
        bounds = [(0, self.k - 1) if c in self.small else (0, None) for c in unknown]
        found = {}
        for cell, j in column.items():
            ends = []
            for sign in (1.0, -1.0):
                goal = np.zeros(len(unknown))
                goal[j] = sign
                result = linprog(
                    goal,
                    A_eq=np.array(rows) if rows else None,
                    b_eq=np.array(rhs) if rows else None,
                    bounds=bounds,
                    method="highs",
                )
                if result.status == 3:  # unbounded
                    ends.append(-sign * np.inf)
                else:
                    assert result.status == 0, (cell, result.message)
                    ends.append(sign * result.fun)
            found[cell] = (ends[0], ends[1])
        return found

    def recovered(self) -> list[str]:
        """Hidden cells pinned more narrowly than k wide, or than "<k" says (1 to k-1)."""
        out = []
        for cell, (low, high) in self.ranges().items():
            # "<k" says no more than 1 to k-1; a range narrower than that, or than k, says more
            says_less_than_small = low <= 1 + 1e-6 and high >= self.k - 1 - 1e-6
            if high - low < self.k - 1e-6 and not says_less_than_small:
                out.append(f"{cell}: true {self.true[cell]:g}, between {low:g} and {high:g}")
        return out


def areas(engine, pilot_id: str) -> list[tuple[str, Filters]]:
    """Every selection an outside audience may make: the pilot, a region, a municipality."""
    where = catalog.filter_options(engine, pilot_id).municipalities
    found = [("*", Filters(pilot_id))]
    for region, members in where.groupby("region_code"):
        found.append((str(region), Filters(pilot_id, regions=(str(region),))))
        found += [(m, Filters(pilot_id, municipalities=(m,))) for m in members["municipality_code"]]
    return found


def progress_attack(engine, scope: Scope, pilot_id: str) -> Attack:
    """Headline participants, rounds and the progress report of every selection, and how the
    selections add up (municipalities to regions to the pilot)."""
    attack = Attack(scope.k)
    selections = areas(engine, pilot_id)
    r1, r2 = progress.default_rounds(progress.rounds(engine, Filters(pilot_id)))
    reads = [
        ("headline", overview.headline, (), ["participants"], ["participants"]),
        ("rounds", overview.rounds, (), ["round"], ["assessed", "missing"]),
        (
            "progress",
            progress.domain_summary,
            (r1, r2),
            ["domain"],
            ["n_pairs", "n_missing", "improved", "unchanged", "declined"],
        ),
    ]
    for area, f in selections:
        for name, fn, args, key, counts in reads:
            true = fn(engine, f, *args)
            shown = privacy.read(engine, scope, fn, f, *args)
            if name == "headline":
                true, shown = true.assign(participants_key=0), shown.assign(participants_key=0)
                key = ["participants_key"]
            attack.table(name, area, true, shown, key, counts)
        people = ("headline", area, 0, "participants")
        for r in overview.rounds(engine, f)["round"]:
            attack.equal(
                [("rounds", area, r, "assessed"), ("rounds", area, r, "missing")], [people]
            )
        for d in progress.domain_summary(engine, f, r1, r2)["domain"]:
            parts = [("progress", area, d, c) for c in ("improved", "unchanged", "declined")]
            attack.equal(parts, [("progress", area, d, "n_pairs")])
    _add_up(attack, engine, pilot_id, selections)
    # the Progress page's table by municipality: each row the same people as its selection
    counts = ["n_pairs", "improved", "unchanged", "declined"]
    f = Filters(pilot_id)
    true = progress.municipality_summary(engine, f, r1, r2)
    shown = privacy.read(engine, scope, progress.municipality_summary, f, r1, r2)
    attack.table("by_place", "all", true, shown, ["municipality_code", "domain"], counts)
    for place, domain in zip(true["municipality_code"], true["domain"], strict=True):
        for column in counts:
            cell = ("by_place", "all", (place, domain), column)
            attack.equal([cell], [("progress", place, domain, column)])
    return attack


@pytest.mark.parametrize("who", ["public", "municipality"])
def test_everyone_enrolled_is_not_released_beside_the_reassessed(demo, who):
    """The enrolled's pairs and unchanged are the completers' plus those missing: shown
    beside the completers' they would give every hidden missing count away."""
    pilot_id = pilots(demo)[0]
    scope = audience(demo, pilot_id, who)
    f = Filters(pilot_id)
    r1, r2 = progress.default_rounds(progress.rounds(demo, f))
    with pytest.raises(privacy.Refused, match="reassessed only"):
        privacy.read(demo, scope, progress.domain_summary, f, r1, r2, "enrolled")
    assert views.populations(scope, f) == ("completers",)
    if who == "municipality":  # for itself, everyone
        mine = Filters(pilot_id, municipalities=(scope.municipality_code,))
        assert views.populations(scope, mine) == views.POPULATIONS
        table = privacy.read(demo, scope, progress.domain_summary, mine, r1, r2, "enrolled")
        assert (table["n_pairs"] >= progress.domain_summary(demo, mine, r1, r2)["n_pairs"]).all()


def compare_attack(engine, scope: Scope, pilot_id: str) -> Attack:
    """:func:`progress_attack` and the compare report's counts tied to the same people."""
    attack = progress_attack(engine, scope, pilot_id)
    f = Filters(pilot_id)
    r1, r2 = progress.default_rounds(progress.rounds(engine, f))
    true = privacy.read(engine, Scope("ministry"), compare.rated, f)
    shown = privacy.read(engine, scope, compare.rated, f)
    attack.table("compare", "all", true, shown, ["municipality_code", "indicator"], ["n", "events"])
    for m, code in zip(true["municipality_code"], true["indicator"], strict=True):
        row = (m, code)
        if code.startswith(compare.DOMAIN_PREFIX):
            domain = code.removeprefix(compare.DOMAIN_PREFIX)
            attack.equal([("compare", "all", row, "events")], [("progress", m, domain, "improved")])
            attack.equal([("compare", "all", row, "n")], [("progress", m, domain, "n_pairs")])
        elif code == "participants":
            attack.equal([("compare", "all", row, "n")], [("headline", m, 0, "participants")])
        elif code == "missing_reassessment_share":
            attack.equal([("compare", "all", row, "n")], [("rounds", m, r1, "assessed")])
    return attack


def _add_up(attack: Attack, engine, pilot_id: str, selections) -> None:
    """Each count of the pilot and of a region is the sum of its municipalities'."""
    where = catalog.filter_options(engine, pilot_id).municipalities
    region_of = dict(zip(where["municipality_code"], where["region_code"], strict=True))
    for cell in [c for c in attack.true if c[1] == "*"]:
        name, _, row, column = cell
        members = [c for c in attack.true if c[0] == name and c[2] == row and c[3] == column]
        regions = [c for c in members if c[1] in set(region_of.values())]
        places = [c for c in members if c[1] in region_of]
        attack.equal(places, [cell])
        attack.equal(regions, [cell])
        for region in {c[1] for c in regions}:
            inside = [c for c in places if region_of[c[1]] == region]
            attack.equal(inside, [(name, region, row, column)])


@pytest.mark.parametrize("who", ["public", "municipality"])
def test_no_hidden_progress_or_round_count_can_be_worked_out(demo, who):
    once(demo)
    for pilot_id in pilots(demo):
        scope = audience(demo, pilot_id, who)
        attack = progress_attack(demo, scope, pilot_id)
        hidden = [c for c, v in attack.shown.items() if np.isnan(v)]
        assert hidden  # there is something to attack
        recovered = attack.recovered()
        assert not recovered, f"{pilot_id} {who}: {len(recovered)} of {len(hidden)}\n" + "\n".join(
            recovered[:30]
        )


@pytest.mark.parametrize("who", ["public", "municipality"])
def test_no_hidden_count_can_be_worked_out_with_the_compare_report(demo, who):
    once(demo)
    pilot_id = pilots(demo)[0]
    scope = audience(demo, pilot_id, who)
    recovered = compare_attack(demo, scope, pilot_id).recovered()
    assert not recovered, f"{pilot_id} {who}: {len(recovered)}\n" + "\n".join(recovered[:30])


def services_attack(engine, scope: Scope, pilot_id: str) -> Attack:
    """The services report (people served and planned per service) of every selection, the
    gaps report's people planned per region, and how the selections add up."""
    attack = Attack(scope.k)
    selections = areas(engine, pilot_id)
    counts = ["participants", "planned_participants"]
    for area, f in selections:
        true = services.ranking(engine, f)
        shown = privacy.read(engine, scope, services.ranking, f)
        attack.table("services", area, true, shown, ["service_code"], counts)
    _add_up(attack, engine, pilot_id, selections)
    f = Filters(pilot_id)
    true = gaps.region_service_gaps(engine, f)
    shown = privacy.read(engine, scope, gaps.region_service_gaps, f)
    key = ["region", "service_code"]
    attack.table("gaps", "all", true, shown, key, ["participants_planned"])
    for region, service in zip(true["region"], true["service_code"], strict=True):
        cell = ("gaps", "all", (region, service), "participants_planned")
        attack.equal([cell], [("services", region, service, "planned_participants")])
    # the municipality x service tables of the Services and Gaps pages (the heatmap, the
    # drill-down of a region), each cell the same people as that municipality's selection
    key = ["municipality_code", "service_code"]
    for name, fn, column, total in [
        ("by_place", services.municipality_service, "participants", "participants"),
        (
            "gaps_detail",
            gaps.municipality_service_gaps,
            "participants_planned",
            "planned_participants",
        ),
    ]:
        true = fn(engine, f)
        shown = privacy.read(engine, scope, fn, f)
        attack.table(name, "all", true, shown, key, [column])
        for place, service in zip(true["municipality_code"], true["service_code"], strict=True):
            cell = (name, "all", (place, service), column)
            attack.equal([cell], [("services", place, service, total)])
    return attack


@pytest.mark.parametrize("who", ["public", "municipality"])
def test_no_hidden_service_count_can_be_worked_out(demo, who):
    once(demo)
    for pilot_id in pilots(demo):
        scope = audience(demo, pilot_id, who)
        recovered = services_attack(demo, scope, pilot_id).recovered()
        assert not recovered, f"{pilot_id} {who}: {len(recovered)}\n" + "\n".join(recovered[:30])


@pytest.mark.parametrize("page", ["progress", "services"])
def test_a_hidden_cell_of_a_heatmap_is_no_value(demo, page):
    """Summed into a grid, a hidden (missing) share or count would be drawn as 0."""
    once(demo)
    f = Filters(pilots(demo)[0])
    v = views.View.direct(demo, f, "en", Scope("public"))
    if page == "progress":
        panel = views.progress_municipalities(v, views.progress_window(v))
        z = "improved_share"
    else:
        panel = views.services_heatmap(v)
        z = "participants"
    shown = panel.table[z].notna()
    assert (~shown).any()  # something is hidden
    drawn = np.asarray(panel.figure.data[0].z, dtype=float)
    assert np.isfinite(drawn).sum() == shown.sum()
    grey = np.asarray(panel.figure.data[1].z, dtype=float)
    assert np.isfinite(grey).sum() == (~shown).sum()
