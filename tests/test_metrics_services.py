"""Most-used services on small inline data, against hand-computed frames, on both databases."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from evaldash.filters import Filters
from evaldash.metrics import services
from tests.conftest import load, small_package
from tests.test_metrics_overview import USAGE

PLANS = pd.DataFrame(
    {
        "participant_id": ["a", "a", "b", "c"],
        "round": [1, 2, 1, 1],
        "service": ["FIZIO", "FIZIO", "ATB_PERS", "ABA"],
        "planned_units": [4.0, 2.0, 20.0, 5.0],
        "priority": [1, 1, 1, 1],
    }
)


@pytest.fixture
def pilot_engine(ready_engine):
    load(ready_engine, small_package(usage=USAGE, plans=PLANS))
    return ready_engine


def ranking_frame(rows):
    frame = pd.DataFrame(rows, columns=list(services.RANKING_COLUMNS))
    return frame.astype(services.RANKING_COLUMNS)


def test_ranking(pilot_engine):
    third = 1 / 3
    want = ranking_frame(
        [
            ["ATB_PERS", "personal_support", "hour", 1, third, 10.0, 100.0, 1, 20.0, 10.0, 0.5],
            [
                "FIZIO",
                "rehabilitation_specialist",
                "session",
                *(1, third, 2.0, 50.0, 1, 6.0, 2.0, third),
            ],
            ["LOGO", "communication", "session", 1, third, 1.0, 30.0, 0, 0.0, 0.0, np.nan],
            ["ABA", "behavioural", "session", 0, 0.0, 0.0, 0.0, 1, 5.0, 0.0, 0.0],
        ]
    )
    pd.testing.assert_frame_equal(services.ranking(pilot_engine, Filters("P1")), want)


def test_ranking_follows_filters(pilot_engine):
    talsi = services.ranking(pilot_engine, Filters("P1", municipalities=("LV-097",)))
    assert talsi[["service_code", "participants", "participants_share"]].values.tolist() == [
        ["ATB_PERS", 1, 0.5],
        ["FIZIO", 1, 0.5],
    ]
    march = services.ranking(pilot_engine, Filters("P1", period_from=date(2020, 3, 1)))
    fizio = march.set_index("service_code").loc["FIZIO"]
    # Plans are prorated by their days in the period. Neither round has an assessment date,
    # so both start at the pilot's start: round 1 has no days, round 2 runs to the pilot's end.
    assert fizio["units"] == 0.0
    assert fizio["planned_units"] == pytest.approx(2.0 * 306 / 366)
    care = services.ranking(pilot_engine, Filters("P1", categories=("personal_support",)))
    assert care["service_code"].tolist() == ["ATB_PERS"]


def test_ranking_never_adds_units_of_different_services(pilot_engine):
    ranked = services.ranking(pilot_engine, Filters("P1"))
    assert ranked["service_code"].is_unique
    assert set(ranked["unit"]) == {"hour", "session"}


def test_empty_selection(pilot_engine):
    ranked = services.ranking(pilot_engine, Filters("P1", regions=("LAT",)))
    assert ranked.empty and list(ranked.columns) == list(services.RANKING_COLUMNS)


def test_people_per_month(pilot_engine):
    want = pd.DataFrame(
        {
            "month": pd.to_datetime(["2020-02-01", "2020-03-01"]).astype("datetime64[s]"),
            "participants": [1, 2],
            "average": [1.5, 1.5],
        }
    ).astype({"participants": "int64"})
    pd.testing.assert_frame_equal(services.people_per_month(pilot_engine, Filters("P1")), want)


def test_monthly_by_service(pilot_engine):
    got = services.monthly_by_service(pilot_engine, Filters("P1"))
    assert got[["service_code", "participants", "units", "cost_eur"]].values.tolist() == [
        ["FIZIO", 1, 2.0, 50.0],
        ["ATB_PERS", 1, 10.0, 100.0],
        ["LOGO", 1, 1.0, 30.0],
    ]


def test_municipality_service(pilot_engine):
    want = pd.DataFrame(
        {
            "municipality_code": ["LV-097", "LV-097", "LV-LPX"],
            "service_code": ["ATB_PERS", "FIZIO", "LOGO"],
            "participants": [1, 1, 1],
            "participants_share": [0.5, 0.5, 1.0],
        }
    ).astype({"municipality_code": "str", "service_code": "str", "participants": "int64"})
    pd.testing.assert_frame_equal(services.municipality_service(pilot_engine, Filters("P1")), want)


def test_cesis_adults_match_the_public_report(demo_engine):
    ranked = services.ranking(demo_engine, Filters("IB-GRT-2019", municipalities=("LV-022",)))
    people = dict(zip(ranked["service_code"], ranked["participants"], strict=True))
    assert {k: people[k] for k in ("FIZIO", "ATB_PERS", "DEJU_TER", "PSIH", "UZTURS")} == {
        "FIZIO": 10,
        "ATB_PERS": 8,
        "DEJU_TER": 7,
        "PSIH": 4,
        "UZTURS": 3,
    }


def test_summary_and_deliveries_give_the_same_figures(demo_engine):
    """Without a period the metrics read usage_summary; a period covering everything reads
    every delivery. Both must agree, for every metric built on them."""
    from evaldash.demo import ADULTS_PILOT
    from evaldash.metrics import compare, gaps, overview

    for groups in [("personal_support", "care", "psychosocial"), ()]:
        # without service groups, compare reads participant_usage; with them, usage_summary
        summary = Filters(ADULTS_PILOT, categories=groups)
        deliveries = Filters(ADULTS_PILOT, categories=groups, period_from=date(1990, 1, 1))
        for metric in (
            services.ranking,
            services.municipality_service,
            overview.headline,
            gaps.region_service_gaps,
            compare.indicators,
        ):
            a, b = metric(demo_engine, summary), metric(demo_engine, deliveries)
            assert not a.empty, metric.__name__
            pd.testing.assert_frame_equal(a, b, check_exact=False, obj=metric.__name__)


MONTHLY_SELECTIONS = [
    {},
    {"period_from": date(2020, 2, 15)},
    {"period_to": date(2020, 6, 30)},
    {"period_from": date(2020, 3, 10), "period_to": date(2020, 9, 20)},
    {"period_from": date(2020, 4, 3), "period_to": date(2020, 4, 25)},  # within one month
    {"period_from": date(2020, 3, 1), "period_to": date(2020, 3, 31)},  # one whole month
    {"period_from": date(2020, 3, 16), "period_to": date(2020, 4, 15)},  # two partial months
    {"categories": ("care",), "regions": ("KUR",)},
    {"categories": ("personal_support", "care")},  # two groups: one person counts once
    {
        "sex": ("F",),
        "age_groups": ("30-44", "45-64"),
        "period_from": date(2020, 1, 15),
        "period_to": date(2020, 12, 14),
    },
]


@pytest.mark.parametrize("selection", MONTHLY_SELECTIONS, ids=lambda s: ",".join(s) or "all")
def test_monthly_figures_match_every_delivery(demo_engine, selection):
    """Whole months come from usage_month, partial ones from the deliveries: the people and
    costs per month must be those of the selected deliveries themselves."""
    import sqlalchemy as sa

    from evaldash.db import schema
    from evaldash.demo import ADULTS_PILOT
    from evaldash.metrics import overview

    f = Filters(ADULTS_PILOT, **selection)
    u, s = schema.service_usage, schema.service
    rows = sa.select(
        u.c.participant_key,
        u.c.delivered_on,
        sa.cast(u.c.cost_eur, sa.Float).label("cost_eur"),
        sa.func.coalesce(s.c.category, "other").label("category"),
    ).select_from(u.join(s, s.c.service_code == u.c.service_code))
    rows = rows.where(u.c.participant_key.in_(f.participant_keys()), *f.usage_clauses())
    with demo_engine.connect() as conn:
        raw = pd.DataFrame(conn.execute(rows).all(), columns=list(rows.selected_columns.keys()))
    assert not raw.empty
    raw["month"] = pd.to_datetime(raw["delivered_on"]).dt.to_period("M").dt.to_timestamp()
    raw["month"] = raw["month"].astype("datetime64[s]")

    want = (
        raw.groupby(["month", "category"])
        .agg(cost_eur=("cost_eur", "sum"), participants=("participant_key", "nunique"))
        .reset_index()
    )
    got = overview.monthly_spend(demo_engine, f)
    pd.testing.assert_frame_equal(got, want, check_dtype=False, check_exact=False)

    people = raw.groupby("month")["participant_key"].nunique()
    got = services.people_per_month(demo_engine, f)
    assert got["month"].tolist() == people.index.tolist()
    assert got["participants"].tolist() == people.tolist()
    assert got["average"].iloc[0] == pytest.approx(people.mean())
