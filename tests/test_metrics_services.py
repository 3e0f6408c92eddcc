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
            ["ATB_PERS", "personal_support", "hour", 1, third, 10.0, 100.0, 1, 20.0, 0.5],
            ["FIZIO", "rehabilitation_specialist", "session", 1, third, 2.0, 50.0, 1, 6.0, third],
            ["LOGO", "communication", "session", 1, third, 1.0, 30.0, 0, 0.0, np.nan],
            ["ABA", "behavioural", "session", 0, 0.0, 0.0, 0.0, 1, 5.0, 0.0],
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
    assert (fizio["units"], fizio["planned_units"]) == (0.0, 6.0)  # plans are not dated
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

    summary = Filters(ADULTS_PILOT, categories=("personal_support", "care", "psychosocial"))
    deliveries = Filters(
        ADULTS_PILOT,
        categories=("personal_support", "care", "psychosocial"),
        period_from=date(1990, 1, 1),
    )
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
