"""Benchmarks before suppression, and suppression that cannot be undone (issue 23, parts 3, 4).

Part 3: a municipality's own row of the comparison (value, group median, rank, rating) reads
the same for itself as for the ministry, and any figure the public sees is the ministry's.
Part 4: an attacker who takes every number a view or report shows an audience, writes down
the sums that tie them together and solves for each hidden count's least and greatest value
(``scipy.optimize.linprog``) finds a range at least k wide.
"""

from __future__ import annotations

import pandas as pd
import pytest

from evaldash import privacy, report, views
from evaldash.auth import Scope
from evaldash.filters import Filters
from evaldash.metrics import catalog, compare

K = 5
ADULTS = "IB-GRT-2019"
AUGSDAUGAVA = "LV-111"
SAME = ["value", "n", "rank", "rating"]


@pytest.fixture(scope="module")
def demo(demo_engine):
    return demo_engine


def pilots(engine) -> list[str]:
    return list(catalog.pilots(engine)["pilot_id"])


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
