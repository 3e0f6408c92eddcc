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

from evaldash import i18n, measures, report
from evaldash.auth import Scope
from evaldash.db import schema
from evaldash.demo import ADULTS_PILOT, CHILDREN_PILOT
from evaldash.filters import Filters
from evaldash.metrics import compare, gaps, services
from tests.conftest import load, small_package
from tests.test_metrics_gaps import PROVIDERS


def frame(engine, stmt: sa.Select) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).all(), columns=list(stmt.selected_columns.keys()))


def plan_rounds(engine, f: Filters) -> pd.DataFrame:
    """The selected participants' plan items with the days their round is in force, by pandas.

    A round runs from the participant's assessment date of that round (the pilot's start
    without one) to the start of their next plan round; the last to the day after they left
    or the pilot ended, whichever is first.
    """
    pi, a, p = schema.plan_item, schema.assessment, schema.participant
    pl, m = schema.pilot, schema.municipality
    plans = frame(
        engine,
        sa.select(pi.c.participant_key, pi.c.round, pi.c.service_code, pi.c.planned_units).where(
            pi.c.participant_key.in_(f.participant_keys()), *f.category_clauses(pi.c.service_code)
        ),
    )
    assessed = frame(engine, sa.select(a.c.participant_key, a.c.round, a.c.assessed_on))
    assessed = assessed.groupby(["participant_key", "round"], as_index=False)["assessed_on"].min()
    people = frame(
        engine,
        sa.select(
            p.c.participant_key,
            p.c.municipality_code,
            m.c.region_code,
            p.c.left_on,
            pl.c.start_date,
            pl.c.end_date,
        )
        .join(m, m.c.municipality_code == p.c.municipality_code)
        .join(pl, pl.c.pilot_id == p.c.pilot_id),
    )
    rounds = (
        plans[["participant_key", "round"]]
        .drop_duplicates()
        .sort_values(["participant_key", "round"])
    )
    rounds = rounds.merge(assessed, how="left").merge(people, how="left")
    rounds["starts_on"] = pd.to_datetime(rounds["assessed_on"].fillna(rounds["start_date"]))
    last = pd.to_datetime(rounds["left_on"]).where(
        lambda d: d < pd.to_datetime(rounds["end_date"]), pd.to_datetime(rounds["end_date"])
    )
    following = rounds.groupby("participant_key")["starts_on"].shift(-1)
    rounds["ends_on"] = following.fillna(last + pd.Timedelta(days=1))
    return plans.merge(rounds, on=["participant_key", "round"])


def recomputed(engine, f: Filters) -> pd.DataFrame:
    """Per participant and planned service: planned units and delivered units up to them.

    Each round counts its days in the period (prorated) and its deliveries while in force in
    the period, up to its prorated plan; then the rounds are added up.
    """
    u = schema.service_usage
    usage = frame(
        engine,
        sa.select(u.c.participant_key, u.c.service_code, u.c.delivered_on, u.c.units).where(
            u.c.participant_key.in_(f.participant_keys()), *f.usage_clauses()
        ),
    )
    usage["delivered_on"] = pd.to_datetime(usage["delivered_on"])
    rounds = plan_rounds(engine, f)
    start = pd.Timestamp(f.period_from) if f.period_from else pd.Timestamp.min
    end = pd.Timestamp(f.period_to) + pd.Timedelta(days=1) if f.period_to else pd.Timestamp.max
    first = rounds["starts_on"].clip(lower=start)
    last = rounds["ends_on"].clip(upper=end)
    length = (rounds["ends_on"] - rounds["starts_on"]).dt.days
    rounds["share"] = (last - first).dt.days / length
    rounds = rounds[rounds["share"] > 0].copy()
    rounds["planned"] = rounds["planned_units"] * rounds["share"]
    keys = ["participant_key", "service_code"]
    both = rounds.reset_index().merge(usage, on=keys, how="left")
    inside = (both["delivered_on"] >= both["starts_on"]) & (both["delivered_on"] < both["ends_on"])
    got = both[inside].groupby("index")["units"].sum()
    rounds["units"] = got.reindex(rounds.index).fillna(0.0).to_numpy()
    rounds["delivered"] = np.minimum(rounds["units"], rounds["planned"])
    places = ["municipality_code", "region_code"]
    pairs = rounds.groupby([*keys, *places], as_index=False)[["planned", "delivered"]].sum()
    return pairs.rename(columns={"planned": "planned_units"})


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


# --- plans in time ------------------------------------------------------------------------

MONTHLY = pd.DataFrame(  # a: one session on the 15th of every month of 2020
    {
        "participant_id": ["a"] * 12,
        "service": ["FIZIO"] * 12,
        "delivered_on": [date(2020, month, 15) for month in range(1, 13)],
        "units": [1.0] * 12,
        "cost_eur": [None] * 12,
        "provider_id": [None] * 12,
    }
)
YEARLY = pd.DataFrame(  # a yearly plan of 12 sessions: round 1, no assessment (pilot's start)
    [("a", 1, "FIZIO", 12.0, 1)],
    columns=["participant_id", "round", "service", "planned_units", "priority"],
)


@pytest.mark.parametrize(
    ("period", "share"),
    [
        ({}, 1.0),
        ({"period_from": date(2020, 1, 1), "period_to": date(2020, 6, 30)}, 1.0),
        ({"period_from": date(2020, 7, 1), "period_to": date(2020, 12, 31)}, 6 / (12 * 184 / 366)),
        ({"period_from": date(2020, 4, 1), "period_to": date(2020, 4, 30)}, 1.0),
    ],
    ids=["all", "first half", "second half", "april"],
)
def test_a_half_year_of_a_yearly_plan_delivered_evenly_reads_about_all(ready_engine, period, share):
    package = small_package(plans=YEARLY, usage=MONTHLY)
    load(ready_engine, {**package, "providers": PROVIDERS})
    f = Filters("P1", **period)
    ranking = services.ranking(ready_engine, f).set_index("service_code")
    assert ranking.loc["FIZIO", "delivery_ratio"] == pytest.approx(share)
    assert share > 0.99  # not 50 % and "under-delivered" for a half year
    cells = gaps.municipality_service_gaps(ready_engine, f)
    assert cells[["service_code", "status"]].values.tolist() == [["FIZIO", "ok"]]
    values = compare.indicators(ready_engine, f).set_index(["municipality_code", "indicator"])
    assert values.loc[("LV-097", "delivered_share"), "value"] == pytest.approx(share)


def test_a_half_year_prorates_the_plan_not_the_deliveries(ready_engine):
    load(ready_engine, small_package(plans=YEARLY, usage=MONTHLY))
    f = Filters("P1", period_from=date(2020, 1, 1), period_to=date(2020, 6, 30))
    ranking = services.ranking(ready_engine, f).set_index("service_code")
    assert ranking.loc["FIZIO", "planned_units"] == pytest.approx(12 * 182 / 366)
    assert ranking.loc["FIZIO", "units"] == 6.0


# b's round 1 (assessed 10 January) plans 10 sessions, round 2 (assessed 1 July) 10 more; all
# 20 were delivered in February. c left on 31 March; her one round has no assessment.
ROUNDS = pd.DataFrame(
    [("b", 1, "FIZIO", 10.0, 1), ("b", 2, "FIZIO", 10.0, 1), ("c", 1, "FIZIO", 9.0, 1)],
    columns=["participant_id", "round", "service", "planned_units", "priority"],
)
ASSESSED = pd.DataFrame(
    [("b", 1, date(2020, 1, 10), "up", 3.0), ("b", 2, date(2020, 7, 1), "up", 4.0)],
    columns=["participant_id", "round", "assessed_on", "domain", "score"],
)
FEBRUARY = pd.DataFrame(
    {
        "participant_id": ["b", "b", "c"],
        "service": ["FIZIO"] * 3,
        "delivered_on": [date(2020, 2, 3), date(2020, 2, 17), date(2020, 2, 3)],
        "units": [10.0, 10.0, 9.0],
        "cost_eur": [None] * 3,
        "provider_id": [None] * 3,
    }
)


def rounds_package() -> dict[str, pd.DataFrame]:
    from tests.test_metrics_compare import DOMAINS

    package = small_package(plans=ROUNDS, usage=FEBRUARY, assessments=ASSESSED, domains=DOMAINS)
    people = package["participants"].copy()
    people.loc[people["participant_id"] == "c", "left_on"] = date(2020, 3, 31)
    return {**package, "participants": people}


def test_plan_rounds_are_in_force_from_one_assessment_to_the_next(ready_engine):
    load(ready_engine, rounds_package())
    pp, p = schema.plan_period, schema.participant
    rows = frame(
        ready_engine,
        sa.select(p.c.participant_code, pp.c.round, pp.c.starts_on, pp.c.ends_on)
        .join(p, p.c.participant_key == pp.c.participant_key)
        .order_by(p.c.participant_code, pp.c.round),
    )
    assert rows.values.tolist() == [
        ["b", 1, date(2020, 1, 10), date(2020, 7, 1)],
        ["b", 2, date(2020, 7, 1), date(2021, 1, 1)],  # the day after the pilot's end
        ["c", 1, date(2020, 1, 1), date(2020, 4, 1)],  # the pilot's start; the day after leaving
    ]


@pytest.mark.parametrize("period", [{}, {"period_from": date(2020, 1, 1)}], ids=repr)
def test_rounds_are_never_summed_into_one_plan(ready_engine, period):
    load(ready_engine, rounds_package())
    f = Filters("P1", municipalities=("LV-097",), **period)
    ranking = services.ranking(ready_engine, f).set_index("service_code")
    # round 1 got 20 of its 10 (counted as 10), round 2 none of its 10: 50 %, not 20 of 20
    assert ranking.loc["FIZIO", ["planned_units", "delivered_units"]].tolist() == [20.0, 10.0]
    assert ranking.loc["FIZIO", "delivery_ratio"] == 0.5
    values = compare.indicators(ready_engine, f).set_index(["municipality_code", "indicator"])
    assert values.loc[("LV-097", "delivered_share"), "value"] == 0.5
    # c's 9 sessions in February, within her one round up to when she left: all of it
    liepaja = services.ranking(ready_engine, Filters("P1", municipalities=("LV-LPX",), **period))
    assert liepaja.set_index("service_code").loc["FIZIO", "delivery_ratio"] == 1.0


# --- definitions ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_definitions_list_every_measure_in_both_languages(lang):
    table = measures.definitions(lang)
    assert len(table) == len(measures.MEASURES)
    assert table.notna().all().all() and (table.map(str).map(len) > 0).all().all()
    codes = table.iloc[:, 1].tolist()
    assert codes == [m.code for m in measures.MEASURES] and len(set(codes)) == len(codes)
    names = table.iloc[:, 0]
    assert names.is_unique  # one name per measure


def test_the_code_computes_from_the_registry():
    for indicator in compare.INDICATORS:  # Compare's directions and units are the registry's
        defined = measures.measure(indicator.code)
        assert (indicator.polarity, indicator.unit) == (defined.direction, defined.unit)
    for code in measures.PLAN_MEASURES:  # the tables' headers are the measures' names
        name = measures.measure(code).name
        assert i18n.COLUMN_NAMES[code][1].lower() == name[1].lower()
        assert code in report.COLUMNS["services"]
    assert i18n.t("indicator.delivered_share", "en") == measures.measure("delivered_share").name[1]
    # the raw volume has its own name and is never called a share
    assert "share" not in measures.measure("units").name[1].lower()
    with pytest.raises(ValueError, match="unknown measure 'nope'"):
        measures.measure("nope")


def test_the_map_counts_the_plans_in_force_in_the_period(ready_engine):
    load(ready_engine, rounds_package())
    f = Filters("P1", period_from=date(2020, 5, 1))  # c left on 31 March: no plan in force
    points = gaps.map_points(ready_engine, f).set_index("municipality_code")
    assert points["participants_planned"].to_dict() == {"LV-097": 1}
    cells = gaps.municipality_service_gaps(ready_engine, f)
    assert cells["participants_planned"].sum() == 1
    everything = gaps.map_points(ready_engine, Filters("P1")).set_index("municipality_code")
    assert everything["participants_planned"].to_dict() == {"LV-097": 1, "LV-LPX": 1}
