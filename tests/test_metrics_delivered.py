"""A period's deliveries per participant and service, on both databases.

PostgreSQL reads them from the running totals of ``usage_running``, DuckDB groups the
deliveries: either way they must be the sums of the period's own deliveries.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
import sqlalchemy as sa

from evaldash.db import migrate, schema
from evaldash.demo import ADULTS_PILOT
from evaldash.filters import Filters
from evaldash.metrics import compare, delivered, query
from tests.conftest import load, small_package

SUMS = {
    "participant_key": "int64",
    "service_code": "str",
    "deliveries": "int64",
    "units": "float64",
    "cost_eur": "float64",
}
PAIR = ["participant_key", "service_code"]


def sums(engine, f: Filters) -> pd.DataFrame:
    table = query(engine, sa.select(delivered.by_person_and_service(engine, f)), SUMS)
    return table.sort_values(PAIR, ignore_index=True)


def of_deliveries(engine, f: Filters, selected: bool = True) -> pd.DataFrame:
    """The period's deliveries (of the selected participants) added up by pandas."""
    u = schema.service_usage
    rows = sa.select(
        u.c.participant_key,
        u.c.service_code,
        u.c.delivered_on,
        u.c.units,
        sa.cast(u.c.cost_eur, sa.Float).label("cost_eur"),
    ).where(*f.usage_clauses())
    if selected:
        rows = rows.where(u.c.participant_key.in_(f.participant_keys()))
    with engine.connect() as conn:
        raw = pd.DataFrame(conn.execute(rows).all(), columns=list(rows.selected_columns.keys()))
    grouped = raw.groupby(PAIR).agg(
        deliveries=("delivered_on", "size"),
        units=("units", "sum"),
        cost_eur=("cost_eur", lambda costs: costs.sum(min_count=1)),
    )
    return grouped.reset_index().astype(SUMS).sort_values(PAIR, ignore_index=True)


DEMO_SELECTIONS = [
    {"period_from": date(2020, 1, 1), "period_to": date(2020, 12, 31)},
    {"period_from": date(2019, 11, 14), "period_to": date(2020, 8, 3)},
    {"period_to": date(2020, 4, 17)},
    {"period_from": date(2020, 4, 17)},
    {"period_from": date(2020, 6, 9), "period_to": date(2020, 6, 9)},
    {"period_from": date(2020, 2, 3), "period_to": date(2020, 5, 20), "sex": ("F",)},
    {"period_from": date(2020, 2, 3), "period_to": date(2020, 11, 2), "categories": ("care",)},
    {"period_from": date(2019, 12, 24), "period_to": date(2021, 1, 1), "age_groups": ("30-44",)},
]


@pytest.mark.parametrize("selection", DEMO_SELECTIONS, ids=repr)
def test_a_periods_sums_are_those_of_its_deliveries(demo_engine, selection):
    f = Filters(ADULTS_PILOT, **selection)
    want = of_deliveries(demo_engine, f)
    assert not want.empty
    pd.testing.assert_frame_equal(sums(demo_engine, f), want, check_exact=False)


def test_a_period_outside_the_deliveries_has_none(demo_engine):
    f = Filters(ADULTS_PILOT, period_from=date(2030, 1, 1), period_to=date(2030, 12, 31))
    assert sums(demo_engine, f).empty
    f = Filters(ADULTS_PILOT, period_from=date(2001, 1, 1), period_to=date(2001, 12, 31))
    assert sums(demo_engine, f).empty


USAGE = pd.DataFrame(
    {
        "participant_id": ["a", "a", "a", "a", "b", "b"],
        "service": ["FIZIO", "FIZIO", "FIZIO", "FIZIO", "LOGO", "LOGO"],
        "delivered_on": [
            date(2020, 2, 3),
            date(2020, 2, 3),  # two on one day
            date(2020, 2, 29),
            date(2020, 3, 1),
            date(2020, 2, 10),
            date(2020, 4, 1),
        ],
        "units": [0.1, 0.2, 1.5, 2.0, 1.0, 3.0],
        "cost_eur": [10.0, 20.0, None, 40.0, None, 30.0],
        "provider_id": [None] * 6,
    }
)


def test_period_sums_of_days_costs_and_a_new_import(ready_engine):
    load(ready_engine, small_package(usage=USAGE))

    def of(period_from: date | None, period_to: date | None) -> list[tuple]:
        f = Filters("P1", period_from=period_from, period_to=period_to)
        table = sums(ready_engine, f)
        rows = table.drop(columns="participant_key").itertuples(index=False, name=None)
        return [(*row[:3], None if pd.isna(row[3]) else row[3]) for row in rows]

    assert of(date(2020, 2, 3), date(2020, 2, 3)) == [("FIZIO", 2, pytest.approx(0.3), 30.0)]
    assert of(date(2020, 2, 4), date(2020, 2, 29)) == [
        ("FIZIO", 1, 1.5, None),  # the one delivery had no cost
        ("LOGO", 1, 1.0, None),
    ]
    assert of(date(2020, 2, 29), None) == [("FIZIO", 2, 3.5, 40.0), ("LOGO", 1, 3.0, 30.0)]
    assert of(None, date(2020, 2, 2)) == []
    assert of(date(2020, 3, 2), date(2020, 3, 31)) == []

    # a new import of the pilot replaces its deliveries, and the period's sums with them
    load(ready_engine, small_package(usage=USAGE.iloc[[3]]))
    assert of(date(2020, 2, 1), date(2020, 2, 29)) == []
    assert of(date(2020, 3, 1), date(2020, 3, 1)) == [("FIZIO", 1, 2.0, 40.0)]


def test_the_migration_fills_the_running_totals_as_an_import_does(ready_engine):
    if ready_engine.dialect.name != "postgresql":
        pytest.skip("only PostgreSQL keeps running totals")
    load(ready_engine, small_package(usage=USAGE))
    running = sa.select(schema.usage_running).order_by(*schema.usage_running.c[:2])
    with ready_engine.connect() as conn:
        written = conn.execute(running).all()
    assert len(written) == 2
    migrate.downgrade(ready_engine, "0010")
    assert "usage_running" not in sa.inspect(ready_engine).get_table_names()
    migrate.upgrade(ready_engine)
    with ready_engine.connect() as conn:
        assert conn.execute(running).all() == written


def of_plans(engine, f: Filters) -> pd.DataFrame:
    """The selected participants' planned units per service (of the service groups)."""
    ps = schema.plan_summary
    rows = sa.select(ps.c.participant_key, ps.c.service_code, ps.c.planned_units).where(
        ps.c.participant_key.in_(f.participant_keys()), *f.category_clauses(ps.c.service_code)
    )
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(rows).all(), columns=[*PAIR, "planned_units"])


def pairs_of_period(engine, f: Filters) -> pd.DataFrame:
    """Every pair planned or delivered in the period: its deliveries and its plan, by pandas.

    PostgreSQL's running totals only: skips the test on other databases.
    """
    if engine.dialect.name != "postgresql":
        pytest.skip("only PostgreSQL keeps running totals")
    got = of_deliveries(engine, f)
    both = got.merge(of_plans(engine, f), on=PAIR, how="outer", indicator=True)
    assert (both["_merge"] == "right_only").any()  # some planned service was not delivered
    return both


@pytest.mark.parametrize("selection", [*DEMO_SELECTIONS, {}], ids=repr)
def test_plan_delivery_counts_each_persons_deliveries_up_to_their_plan(demo_engine, selection):
    from tests.test_measures import recomputed

    f = Filters(ADULTS_PILOT, **selection)
    want = recomputed(demo_engine, f).rename(columns={"delivered": "delivered_units"})
    assert not want.empty
    dtypes = {"participant_key": "int64", "municipality_code": "str", "service_code": "str"}
    dtypes |= {"planned_units": "float64", "delivered_units": "float64"}
    want = want[list(dtypes)].sort_values(PAIR, ignore_index=True).astype(dtypes)
    plans = delivered.plan_delivery(demo_engine, f)
    stmt = sa.select(plans).order_by(plans.c.participant_key, plans.c.service_code)
    pd.testing.assert_frame_equal(query(demo_engine, stmt, dtypes), want, check_exact=False)


def test_a_periods_share_of_the_plan_caps_each_service_and_skips_nothing_planned(ready_engine):
    # a: FIZIO planned 2 units (3.8 delivered in Feb-Mar: capped at 1), LOGO planned 4 and
    # never delivered (0); b: LOGO planned with 0 units (no share) and delivered once in the
    # period (the April delivery is outside it); c: ATB_PERS planned, nothing delivered.
    plans = pd.DataFrame(
        [("a", "FIZIO", 2.0), ("a", "LOGO", 4.0), ("b", "LOGO", 0.0), ("c", "ATB_PERS", 5.0)],
        columns=["participant_id", "service", "planned_units"],
    ).assign(round=1, priority=1)
    load(ready_engine, small_package(usage=USAGE, plans=plans))
    f = Filters("P1", period_from=date(2020, 2, 1), period_to=date(2020, 3, 31))
    table = compare.indicators(ready_engine, f).set_index(["municipality_code", "indicator"])
    assert table.loc[("LV-097", "delivered_share"), ["value", "n"]].tolist() == [0.5, 1]
    assert table.loc[("LV-LPX", "delivered_share"), ["value", "n"]].tolist() == [0.0, 1]
    assert table.loc[("LV-097", "services_per_participant"), "value"] == 1.0
    assert table.loc[("LV-097", "spend_per_participant"), "value"] == pytest.approx(35.0)
    assert table.loc[("LV-LPX", "spend_per_participant"), "value"] == 0.0
