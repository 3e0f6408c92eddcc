"""One definition per measure: the share of planned units delivered is one figure everywhere.

Services, Provider gaps, Compare and ``report`` read it from one function
(:func:`evaldash.metrics.delivered.plan_delivery`); these tests hold them to each other and
to a recomputation by pandas from the raw tables, on both databases.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from evaldash import report
from evaldash.auth import Scope
from evaldash.db import schema
from evaldash.demo import ADULTS_PILOT, CHILDREN_PILOT
from evaldash.filters import Filters
from evaldash.metrics import compare, gaps, services
from tests.conftest import load, small_package
from tests.test_metrics_gaps import PROVIDERS


def raw_tables(engine, f: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The selected participants' plan items and the period's deliveries, as stored."""
    pi, u, p, m = schema.plan_item, schema.service_usage, schema.participant, schema.municipality
    keys = f.participant_keys()
    plans = sa.select(
        pi.c.participant_key, pi.c.service_code, pi.c.planned_units, pi.c.round
    ).where(pi.c.participant_key.in_(keys), *f.category_clauses(pi.c.service_code))
    usage = sa.select(u.c.participant_key, u.c.service_code, u.c.units).where(
        u.c.participant_key.in_(keys), *f.usage_clauses()
    )
    people = sa.select(p.c.participant_key, p.c.municipality_code, m.c.region_code).join(
        m, m.c.municipality_code == p.c.municipality_code
    )
    with engine.connect() as conn:
        plan_rows = pd.DataFrame(
            conn.execute(plans).all(), columns=list(plans.selected_columns.keys())
        )
        usage_rows = pd.DataFrame(
            conn.execute(usage).all(), columns=list(usage.selected_columns.keys())
        )
        places = pd.DataFrame(
            conn.execute(people).all(), columns=list(people.selected_columns.keys())
        )
    return plan_rows.merge(places, on="participant_key"), usage_rows


def recomputed(engine, f: Filters) -> pd.DataFrame:
    """Per participant and planned service: planned units and delivered units up to them."""
    plans, usage = raw_tables(engine, f)
    keys = ["participant_key", "service_code"]
    planned = plans.groupby([*keys, "municipality_code", "region_code"], as_index=False)[
        "planned_units"
    ].sum()
    got = usage.groupby(keys, as_index=False)["units"].sum()
    pairs = planned.merge(got, on=keys, how="left").fillna({"units": 0.0})
    return pairs.assign(delivered=np.minimum(pairs["units"], pairs["planned_units"]))


def share_by(pairs: pd.DataFrame, keys: list[str]) -> pd.Series:
    sums = pairs.groupby(keys)[["delivered", "planned_units"]].sum()
    return (sums["delivered"] / sums["planned_units"].where(sums["planned_units"] > 0)).rename(
        "share"
    )


def participant_mean(pairs: pd.DataFrame) -> pd.Series:
    """Compare's figure: per municipality, the mean over participants of their mean share."""
    planned = pairs[pairs["planned_units"] > 0]
    each = planned.assign(share=planned["delivered"] / planned["planned_units"])
    person = each.groupby(["municipality_code", "participant_key"])["share"].mean()
    return person.groupby("municipality_code").mean()


SELECTIONS = [
    {},
    {"period_from": date(2020, 1, 1), "period_to": date(2020, 6, 30)},
    {"period_from": date(2020, 3, 1), "sex": ("F",)},
    {"categories": ("care",)},
    {"regions": ("KUR",), "period_to": date(2020, 9, 30)},
]


@pytest.mark.parametrize("selection", SELECTIONS, ids=repr)
def test_services_gaps_compare_and_report_show_one_share(demo_engine, selection):
    assert_one_share(demo_engine, Filters(ADULTS_PILOT, **selection))


def assert_one_share(demo_engine, f: Filters) -> None:
    """Services, gaps, compare and report agree with pandas on ``f``'s share delivered."""
    pairs = recomputed(demo_engine, f)
    assert not pairs.empty
    want = share_by(pairs, ["service_code"])

    ranking = services.ranking(demo_engine, f).set_index("service_code")
    planned = ranking[ranking["planned_units"] > 0]
    pd.testing.assert_series_equal(
        planned["delivery_ratio"].sort_index(), want.sort_index(), check_names=False
    )

    cells = gaps.region_service_gaps(demo_engine, f)
    by_region = share_by(pairs, ["region_code", "service_code"])
    got = cells.set_index(["region", "service_code"])["delivery_ratio"].sort_index()
    pd.testing.assert_series_equal(got, by_region.sort_index(), check_names=False)
    rolled = cells.groupby("service_code")[["delivered_units", "planned_units"]].sum()
    np.testing.assert_allclose(
        (rolled["delivered_units"] / rolled["planned_units"]).sort_index(), want.sort_index()
    )

    scope = Scope.local()
    table = report.services_table(demo_engine, scope, f, "en").set_index("service_code")
    np.testing.assert_allclose(
        table.loc[planned.index, "delivery_ratio"], planned["delivery_ratio"]
    )
    table = report.gaps_table(demo_engine, scope, f, "en")
    np.testing.assert_allclose(table["delivery_ratio"], cells["delivery_ratio"])

    # Compare averages the same per person and service shares over each participant
    values = compare.indicators(demo_engine, f)
    mine = values[values["indicator"] == "delivered_share"].set_index("municipality_code")
    expected = participant_mean(recomputed(demo_engine, compare.peers(f)))
    pd.testing.assert_series_equal(
        mine["value"].dropna().sort_index(), expected.sort_index(), check_names=False
    )
    rated = report.compare_table(demo_engine, scope, f, "en", None, "pilot")
    shown = rated.loc[rated["indicator"] == "delivered_share", "value"].dropna()
    kept = mine[mine["region"].isin(f.regions)] if f.regions else mine
    assert sorted(shown) == pytest.approx(sorted(kept["value"].dropna()))


def test_children_pilot_share_matches_too(demo_engine):
    f = Filters(CHILDREN_PILOT, period_from=date(2018, 10, 1), period_to=date(2019, 3, 31))
    want = share_by(recomputed(demo_engine, f), ["service_code"])
    ranking = services.ranking(demo_engine, f).set_index("service_code")
    got = ranking.loc[ranking["planned_units"] > 0, "delivery_ratio"]
    pd.testing.assert_series_equal(got.sort_index(), want.sort_index(), check_names=False)


# a and b (Talsi) have 4 sessions of physiotherapy planned each: a gets 12, b none. c
# (Liepaja) gets 2 of 4, and speech therapy that no plan of hers holds.
PLANS = pd.DataFrame(
    [("a", "FIZIO", 4.0), ("b", "FIZIO", 4.0), ("c", "FIZIO", 4.0)],
    columns=["participant_id", "service", "planned_units"],
).assign(round=1, priority=1)
USAGE = pd.DataFrame(
    {
        "participant_id": ["a", "a", "a", "c", "c"],
        "service": ["FIZIO", "FIZIO", "FIZIO", "FIZIO", "LOGO"],
        "delivered_on": [date(2020, 2, 3), date(2020, 3, 3), date(2020, 4, 3)]
        + [date(2020, 2, 3), date(2020, 2, 4)],
        "units": [4.0, 4.0, 4.0, 2.0, 9.0],
        "cost_eur": [None] * 5,
        "provider_id": [None] * 5,
    }
)


@pytest.mark.parametrize("period", [{}, {"period_from": date(2020, 1, 1)}], ids=repr)
def test_three_times_a_plan_does_not_hide_an_unserved_person(ready_engine, period):
    package = small_package(plans=PLANS, usage=USAGE)
    load(ready_engine, {**package, "providers": PROVIDERS})  # physiotherapy in Talsi
    f = Filters("P1", **period)
    ranking = services.ranking(ready_engine, f).set_index("service_code")
    assert ranking.loc["FIZIO", "units"] == 14.0  # the raw volume: everything delivered
    assert ranking.loc["FIZIO", "delivered_units"] == 6.0  # 4 (a, capped) + 0 (b) + 2 (c)
    assert ranking.loc["FIZIO", "delivery_ratio"] == 0.5  # not 14 / 12
    assert np.isnan(ranking.loc["LOGO", "delivery_ratio"])  # delivered, never planned

    talsi = gaps.municipality_service_gaps(ready_engine, f).set_index("municipality_code")
    assert talsi.loc["LV-097", "delivery_ratio"] == 0.5  # not 12 / 8 = 150 %, "ok"
    assert talsi.loc["LV-097", "status"] == "under_delivered"
    region = gaps.region_service_gaps(ready_engine, f)
    assert region[["service_code", "delivery_ratio"]].values.tolist() == [["FIZIO", 0.5]]

    values = compare.indicators(ready_engine, f).set_index(["municipality_code", "indicator"])
    assert values.loc[("LV-097", "delivered_share"), "value"] == 0.5
    assert values.loc[("LV-LPX", "delivered_share"), "value"] == 0.5

    table = report.services_table(ready_engine, Scope.local(), f, "en").set_index("service_code")
    assert table.loc["FIZIO", "delivery_ratio"] == 0.5


@pytest.mark.parametrize(
    "selection",
    [
        {},
        {"period_from": date(2020, 2, 4)},
        {"period_to": date(2020, 3, 31), "sex": ("F",)},
        {"municipalities": ("LV-097",)},
    ],
    ids=repr,
)
def test_over_and_unplanned_deliveries_read_alike_everywhere(ready_engine, selection):
    package = small_package(plans=PLANS, usage=USAGE)
    load(ready_engine, {**package, "providers": PROVIDERS})
    assert_one_share(ready_engine, Filters("P1", **selection))
