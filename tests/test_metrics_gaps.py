"""Provider gap metrics on small inline data, against hand-computed frames, on both databases.

The inline pilot P1 (distances from the centres in data/municipalities.csv):

- Kurzeme: a, b in Talsu novads (LV-097), c in Liepāja (LV-LPX). Respite care (ATELPA) is
  planned by all three; its only provider is in Rīga, so Kurzeme has none (no_provider).
  Physiotherapy (FIZIO) has one provider registered in Talsi and, by outreach, in Tukums.
  The support person (ATB_PERS) of b comes from Liepāja; 16 of 20 hours delivered (0.8).
- Vidzeme: d in Cēsu novads (LV-022) gets 7.9 of 10 speech therapy sessions (0.79); e in
  Alūksnes novads (LV-007) gets ABA from a Rīga provider travelling to Alūksne (outreach),
  and has canine therapy (KANIS) in the plan with 0 units, which no one in Latvia provides.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from evaldash import metrics
from evaldash.db import summary
from evaldash.demo import ADULTS_PILOT, CHILDREN_PILOT
from evaldash.filters import Filters
from evaldash.metrics import gaps
from evaldash.resources import data_file
from tests.conftest import load, small_package

PARTICIPANTS = pd.DataFrame(
    {
        "participant_id": ["a", "b", "c", "d", "e"],
        "pilot_id": ["P1"] * 5,
        "municipality": ["LV-097", "LV-097", "LV-LPX", "LV-022", "LV-007"],
        "sex": ["F", "M", "F", "M", "F"],
        "birth_year": [1980, 1990, 2000, 1970, 1985],
        "enrolled_on": [date(2020, 1, 1)] * 5,
        "left_on": [None] * 5,
        "budget_eur": [1000.0] * 5,
    }
)
PLANS = pd.DataFrame(
    [
        ("a", 1, "ATELPA", 10.0),
        ("a", 2, "ATELPA", 6.0),
        ("a", 1, "FIZIO", 10.0),
        ("b", 1, "ATELPA", 4.0),
        ("b", 1, "ATB_PERS", 20.0),
        ("c", 1, "ATELPA", 5.0),
        ("c", 1, "FIZIO", 10.0),
        ("d", 1, "LOGO", 10.0),
        ("e", 1, "ABA", 8.0),
        ("e", 1, "KANIS", 0.0),
    ],
    columns=["participant_id", "round", "service", "planned_units"],
).assign(priority=1)
USAGE = pd.DataFrame(
    [
        ("a", "ATELPA", date(2020, 2, 3), 2.0),
        ("a", "FIZIO", date(2020, 2, 4), 5.0),
        ("a", "FIZIO", date(2020, 6, 2), 3.0),
        ("b", "ATB_PERS", date(2020, 3, 2), 16.0),
        ("c", "ATB_PERS", date(2020, 3, 3), 5.0),  # not in c's plan: not counted
        ("d", "LOGO", date(2020, 3, 4), 7.9),
        ("e", "ABA", date(2020, 6, 5), 8.0),
    ],
    columns=["participant_id", "service", "delivered_on", "units"],
).assign(cost_eur=10.0, provider_id=None)
PROVIDERS = pd.DataFrame(
    [
        ("PR1", "Rīgas atelpas māja", "ATELPA", "LV-RIX", False),
        ("PR2", "Talsu fizioterapija", "FIZIO", "LV-097", False),
        ("PR2", "Talsu fizioterapija", "FIZIO", "LV-099", True),
        ("PR3", "Liepājas atbalsts", "ATB_PERS", "LV-LPX", False),
        ("PR4", "Cēsu logopēds", "LOGO", "LV-022", False),
        ("PR5", "ABA centrs", "ABA", "LV-RIX", False),
        ("PR5", "ABA centrs", "ABA", "LV-007", True),
    ],
    columns=["provider_id", "name", "service", "municipality", "outreach"],
)

REGION_DTYPES = {
    "region": "str",
    "service_code": "str",
    "participants_planned": "int64",
    "planned_units": "float64",
    "delivered_units": "float64",
    "delivery_ratio": "float64",
    "providers": "int64",
    "median_km_to_provider": "float64",
    "status": "str",
    "unit": "str",
    "category": "str",
}
MUNICIPALITY_DTYPES = {
    "municipality_code": "str",
    "region": "str",
    "service_code": "str",
    "participants_planned": "int64",
    "planned_units": "float64",
    "delivered_units": "float64",
    "delivery_ratio": "float64",
    "providers": "int64",
    "km_to_provider": "float64",
    "status": "str",
    "provider_in_municipality": "bool",
    "unit": "str",
    "category": "str",
}


def km(a: str, b: str) -> float:
    """Haversine km between two municipality centres of data/municipalities.csv."""
    centres = pd.read_csv(data_file("municipalities.csv"), index_col="municipality_code")
    return float(
        gaps.haversine_km(
            centres.at[a, "centre_lat"],
            centres.at[a, "centre_lon"],
            centres.at[b, "centre_lat"],
            centres.at[b, "centre_lon"],
        )
    )


TALSI_RIGA = km("LV-097", "LV-RIX")
LIEPAJA_RIGA = km("LV-LPX", "LV-RIX")
TALSI_LIEPAJA = km("LV-097", "LV-LPX")
LIEPAJA_FIZIO = min(km("LV-LPX", "LV-097"), km("LV-LPX", "LV-099"))
NAN = float("nan")


# The unit and category of each service, as in data/services.csv.
SERVICES = {
    "ATELPA": ("day", "respite"),
    "FIZIO": ("session", "rehabilitation_specialist"),
    "ATB_PERS": ("hour", "personal_support"),
    "LOGO": ("session", "communication"),
    "ABA": ("session", "behavioural"),
    "KANIS": ("session", "animal_assisted"),
}


def region_frame(rows: list[tuple]) -> pd.DataFrame:
    """Rows without unit and category, which are looked up in SERVICES."""
    full = [(*row, *SERVICES[row[1]]) for row in rows]
    return pd.DataFrame(full, columns=list(REGION_DTYPES)).astype(REGION_DTYPES)


def municipality_frame(rows: list[tuple]) -> pd.DataFrame:
    """Rows without unit and category, which are looked up in SERVICES."""
    full = [(*row, *SERVICES[row[2]]) for row in rows]
    return pd.DataFrame(full, columns=list(MUNICIPALITY_DTYPES)).astype(MUNICIPALITY_DTYPES)


# region, service, participants, planned, delivered, ratio, providers, median km, status
KUR_ATELPA = ("KUR", "ATELPA", 3, 25.0, 2.0, 0.08, 0, TALSI_RIGA, "no_provider")
VID_KANIS = ("VID", "KANIS", 1, 0.0, 0.0, NAN, 0, NAN, "no_provider")
# One provider, registered in two Kurzeme municipalities; a in Talsi has it at home, c travels
# from Liepāja.
KUR_FIZIO = ("KUR", "FIZIO", 2, 20.0, 8.0, 0.4, 1, LIEPAJA_FIZIO / 2, "under_delivered")
VID_LOGO = ("VID", "LOGO", 1, 10.0, 7.9, 0.79, 1, 0.0, "under_delivered")
KUR_ATB_PERS = ("KUR", "ATB_PERS", 1, 20.0, 16.0, 0.8, 1, TALSI_LIEPAJA, "ok")
VID_ABA = ("VID", "ABA", 1, 8.0, 8.0, 1.0, 1, 0.0, "ok")


# a's plan round 2 starts on her reassessment, 1 July 2020; every other plan runs all of 2020
ASSESSMENTS = pd.DataFrame(
    [("a", 1, date(2020, 1, 1), "up", 3.0), ("a", 2, date(2020, 7, 1), "up", 4.0)],
    columns=["participant_id", "round", "assessed_on", "domain", "score"],
)


@pytest.fixture
def pilot_engine(ready_engine):
    from tests.test_metrics_compare import DOMAINS

    package = small_package(
        participants=PARTICIPANTS,
        plans=PLANS,
        usage=USAGE,
        assessments=ASSESSMENTS,
        domains=DOMAINS,
    )
    load(ready_engine, {**package, "providers": PROVIDERS})
    return ready_engine


def test_region_service_gaps(pilot_engine):
    got = gaps.region_service_gaps(pilot_engine, Filters("P1"))
    want = region_frame([KUR_ATELPA, VID_KANIS, KUR_FIZIO, VID_LOGO, KUR_ATB_PERS, VID_ABA])
    pd.testing.assert_frame_equal(got, want)


def _statements(engine) -> list[str]:
    """A list that collects every SQL statement ``engine`` runs from now on."""
    seen: list[str] = []
    sa.event.listen(engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    return seen


def test_a_page_reads_the_demand_once(pilot_engine):
    """Inside metrics.shared the regions, the drill-down and the map share one grouping."""
    f = Filters("P1")
    alone = gaps.region_service_gaps(pilot_engine, f)
    seen = _statements(pilot_engine)
    with metrics.shared():
        regions = gaps.region_service_gaps(pilot_engine, f)
        detail = gaps.municipality_service_gaps(pilot_engine, f, 0.8, "KUR")
        points = gaps.map_points(pilot_engine, f)
    demand = [s for s in seen if "planned_units" in s]
    assert len(demand) == 1
    pd.testing.assert_frame_equal(regions, alone)
    assert set(detail["region"]) == {"KUR"}
    assert set(points["municipality_code"]) == {"LV-097", "LV-LPX", "LV-022", "LV-007"}
    seen.clear()
    gaps.region_service_gaps(pilot_engine, f)
    gaps.map_points(pilot_engine, f)
    assert len([s for s in seen if "planned_units" in s]) == 2  # outside, each call reads


def test_shared_grouping_ends_with_its_block(pilot_engine):
    """A change of the data is seen by the next block; callers cannot change the shared copy."""
    f = Filters("P1")
    with metrics.shared():
        first = gaps.region_service_gaps(pilot_engine, f)
        first["planned_units"] = -1.0  # a caller's own copy
        again = gaps.region_service_gaps(pilot_engine, f)
    assert (again["planned_units"] >= 0).all()
    with pilot_engine.begin() as conn:  # as every writer does: the facts, then the summaries
        conn.execute(sa.text("UPDATE plan_item SET planned_units = planned_units * 2"))
        summary.refresh(conn)
    with metrics.shared():
        doubled = gaps.region_service_gaps(pilot_engine, f)
    assert doubled["planned_units"].sum() == pytest.approx(2 * again["planned_units"].sum())


@pytest.mark.parametrize(
    ("threshold", "statuses"),
    [
        # ATB_PERS delivers exactly 0.8 of the plan, LOGO 0.79 and FIZIO 0.4.
        (0.8, {"FIZIO": "under_delivered", "LOGO": "under_delivered", "ATB_PERS": "ok"}),
        (0.79, {"FIZIO": "under_delivered", "LOGO": "ok", "ATB_PERS": "ok"}),
        (
            0.81,
            {"FIZIO": "under_delivered", "LOGO": "under_delivered", "ATB_PERS": "under_delivered"},
        ),
        (0.4, {"FIZIO": "ok", "LOGO": "ok", "ATB_PERS": "ok"}),
        (0.0, {"FIZIO": "ok", "LOGO": "ok", "ATB_PERS": "ok"}),
    ],
)
def test_threshold_boundary(pilot_engine, threshold, statuses):
    got = gaps.region_service_gaps(pilot_engine, Filters("P1"), threshold=threshold)
    status = got.set_index("service_code")["status"]
    assert {code: status[code] for code in statuses} == statuses
    # No provider in the region stays the worst status whatever the threshold.
    assert status["ATELPA"] == "no_provider"


def test_threshold_is_not_decided_by_rounding(ready_engine):
    # 2.4 / 3 is 0.7999999999999999 in doubles; 3.3 is 3.2999999 as a 4-byte float.
    plans = pd.DataFrame(
        {
            "participant_id": ["a", "c"],
            "round": [1, 1],
            "service": ["PSIH", "PSIH"],
            "planned_units": [3.0, 4.125],
        }
    )
    usage = pd.DataFrame(
        {
            "participant_id": ["a", "c"],
            "service": ["PSIH", "PSIH"],
            "delivered_on": [date(2020, 2, 3)] * 2,
            "units": [2.4, 3.3],
            "provider_id": [None, None],
        }
    )
    providers = PROVIDERS.iloc[:1].assign(service="PSIH", municipality="LV-LPX")
    load(ready_engine, {**small_package(plans=plans, usage=usage), "providers": providers})
    f = Filters("P1")
    got = gaps.municipality_service_gaps(ready_engine, f)
    assert got.set_index("municipality_code")["status"].to_dict() == {
        "LV-097": "ok",
        "LV-LPX": "ok",
    }
    assert gaps.region_service_gaps(ready_engine, f)["status"].tolist() == ["ok"]


def test_outreach_provider_counts_where_it_delivers(ready_engine):
    without_outreach = PROVIDERS[~PROVIDERS["outreach"]]
    package = small_package(participants=PARTICIPANTS, plans=PLANS, usage=USAGE)
    load(ready_engine, {**package, "providers": without_outreach})
    got = gaps.region_service_gaps(ready_engine, Filters("P1")).set_index("service_code")
    # Without its outreach to Alūksne the Rīga-based ABA provider is not Vidzeme's ...
    assert got.at["ABA", "providers"] == 0
    assert got.at["ABA", "status"] == "no_provider"
    assert got.at["ABA", "median_km_to_provider"] == pytest.approx(km("LV-007", "LV-RIX"))
    # ... and physiotherapy has no provider in Tukums: c's nearest is Talsi.
    assert got.at["FIZIO", "median_km_to_provider"] == pytest.approx(km("LV-LPX", "LV-097") / 2)


def test_outreach_provider_in_the_inline_data(pilot_engine):
    got = gaps.region_service_gaps(pilot_engine, Filters("P1")).set_index("service_code")
    assert got.at["ABA", "providers"] == 1 and got.at["ABA", "status"] == "ok"


def test_units_are_never_added_across_services(pilot_engine):
    got = gaps.region_service_gaps(pilot_engine, Filters("P1"))
    # a has both respite days and physiotherapy sessions in Talsi: two rows, units apart.
    assert not got.duplicated(["region", "service_code"]).any()
    assert got.groupby(["region", "service_code"])["unit"].nunique().eq(1).all()
    kur = got[got["region"] == "KUR"].set_index("service_code")
    assert kur["planned_units"].to_dict() == {"ATELPA": 25.0, "FIZIO": 20.0, "ATB_PERS": 20.0}
    assert kur["unit"].to_dict() == {"ATELPA": "day", "FIZIO": "session", "ATB_PERS": "hour"}


A_ROUND_1, YEAR = 182, 366  # days of a's round 1 (January to June) and of 2020


def test_a_period_prorates_each_plan_round_by_its_days(pilot_engine):
    everything = gaps.region_service_gaps(pilot_engine, Filters("P1"))
    summer = gaps.region_service_gaps(pilot_engine, Filters("P1", period_from=date(2020, 5, 1)))
    keys = ["region", "service_code"]
    unchanged = ["participants_planned", "providers", "median_km_to_provider"]
    pd.testing.assert_frame_equal(
        summer.sort_values(keys)[keys + unchanged].reset_index(drop=True),
        everything.sort_values(keys)[keys + unchanged].reset_index(drop=True),
    )
    a_may_june, rest = 61 / A_ROUND_1, 245 / YEAR  # from 1 May: of a's round 1, of the year
    planned = summer.set_index("service_code")["planned_units"].to_dict()
    assert planned == pytest.approx(
        {
            "ATELPA": 10 * a_may_june + 6 + (4 + 5) * rest,  # a's round 2 is all in it
            "KANIS": 0.0,
            "FIZIO": 10 * a_may_june + 10 * rest,
            "LOGO": 10 * rest,
            "ATB_PERS": 20 * rest,
            "ABA": 8 * rest,
        }
    )
    delivered = summer.set_index("service_code")["delivered_units"].to_dict()
    assert delivered == pytest.approx(
        {
            "ATELPA": 0.0,
            "KANIS": 0.0,
            "FIZIO": 3.0,  # 2 June, within a's 3.35 planned for May and June
            "LOGO": 0.0,
            "ATB_PERS": 0.0,
            "ABA": 8 * rest,  # 8 on 5 June: up to the 5.36 planned from May
        }
    )


def test_period_to(pilot_engine):
    spring = gaps.region_service_gaps(pilot_engine, Filters("P1", period_to=date(2020, 3, 3)))
    delivered = spring.set_index("service_code")["delivered_units"].to_dict()
    days = 63  # 1 January to 3 March
    assert delivered == pytest.approx(
        {
            "ATELPA": 2.0,
            "KANIS": 0.0,
            "FIZIO": 10 * days / A_ROUND_1,  # 5 in February: up to the plan of those days
            "LOGO": 0.0,
            "ATB_PERS": 20 * days / YEAR,  # 16 on 2 March, up to the plan of those days
            "ABA": 0.0,
        }
    )


def test_category_filter(pilot_engine):
    f = Filters("P1", categories=("respite", "behavioural"))
    got = gaps.region_service_gaps(pilot_engine, f)
    pd.testing.assert_frame_equal(got, region_frame([KUR_ATELPA, VID_ABA]))


def test_participant_filters(pilot_engine):
    got = gaps.region_service_gaps(pilot_engine, Filters("P1", municipalities=("LV-LPX",)))
    # Only c: the Kurzeme cells shrink to c's plans; c's distances, not Talsi's.
    want = region_frame(
        [
            ("KUR", "ATELPA", 1, 5.0, 0.0, 0.0, 0, LIEPAJA_RIGA, "no_provider"),
            ("KUR", "FIZIO", 1, 10.0, 0.0, 0.0, 1, LIEPAJA_FIZIO, "under_delivered"),
        ]
    )
    pd.testing.assert_frame_equal(got, want)


def test_empty_selection(pilot_engine):
    got = gaps.region_service_gaps(pilot_engine, Filters("nope"))
    pd.testing.assert_frame_equal(got, region_frame([]))
    got = gaps.municipality_service_gaps(pilot_engine, Filters("nope"))
    pd.testing.assert_frame_equal(got, municipality_frame([]))
    points = gaps.map_points(pilot_engine, Filters("nope"))
    assert points.empty and list(points.columns) == list(gaps.MAP_COLUMNS)


def test_municipality_service_gaps(pilot_engine):
    got = gaps.municipality_service_gaps(pilot_engine, Filters("P1"))
    want = municipality_frame(
        [
            # no_provider: none in Kurzeme, though its municipalities differ in distance
            ("LV-LPX", "KUR", "ATELPA", 1, 5.0, 0.0, 0.0, 0, LIEPAJA_RIGA, "no_provider", False),
            ("LV-097", "KUR", "ATELPA", 2, 20.0, 2.0, 0.1, 0, TALSI_RIGA, "no_provider", False),
            ("LV-007", "VID", "KANIS", 1, 0.0, 0.0, NAN, 0, NAN, "no_provider", False),
            (
                "LV-LPX",
                "KUR",
                "FIZIO",
                1,
                10.0,
                0.0,
                0.0,
                0,
                LIEPAJA_FIZIO,
                "under_delivered",
                False,
            ),
            ("LV-022", "VID", "LOGO", 1, 10.0, 7.9, 0.79, 1, 0.0, "under_delivered", True),
            # Talsi has no support person provider of its own, but Kurzeme has: ok, not a gap
            ("LV-097", "KUR", "ATB_PERS", 1, 20.0, 16.0, 0.8, 0, TALSI_LIEPAJA, "ok", False),
            ("LV-097", "KUR", "FIZIO", 1, 10.0, 8.0, 0.8, 1, 0.0, "ok", True),
            # outreach: the Rīga-based provider counts in Alūksne
            ("LV-007", "VID", "ABA", 1, 8.0, 8.0, 1.0, 1, 0.0, "ok", True),
        ]
    )
    pd.testing.assert_frame_equal(got, want)


def test_municipality_statuses_agree_with_regions(pilot_engine):
    f = Filters("P1")
    regions = gaps.region_service_gaps(pilot_engine, f)
    municipalities = gaps.municipality_service_gaps(pilot_engine, f)
    no_provider = regions.loc[regions["status"] == "no_provider", ["region", "service_code"]]
    drill = municipalities.loc[
        municipalities["status"] == "no_provider", ["region", "service_code"]
    ]
    assert set(map(tuple, no_provider.values)) == set(map(tuple, drill.values))
    sums = municipalities.groupby(["region", "service_code"])[
        ["participants_planned", "planned_units", "delivered_units"]
    ].sum()
    by_region = regions.set_index(["region", "service_code"])[sums.columns]
    pd.testing.assert_frame_equal(sums.sort_index(), by_region.sort_index())


def test_municipality_service_gaps_of_one_region(pilot_engine):
    got = gaps.municipality_service_gaps(pilot_engine, Filters("P1"), region="VID")
    assert got[["municipality_code", "service_code", "status"]].values.tolist() == [
        ["LV-007", "KANIS", "no_provider"],
        ["LV-022", "LOGO", "under_delivered"],
        ["LV-007", "ABA", "ok"],
    ]
    assert gaps.municipality_service_gaps(pilot_engine, Filters("P1"), region="LAT").empty


def test_map_points(pilot_engine):
    got = gaps.map_points(pilot_engine, Filters("P1"))
    want = pd.DataFrame(
        {
            "municipality_code": ["LV-007", "LV-022", "LV-097", "LV-LPX"],
            "region": ["VID", "VID", "KUR", "KUR"],
            "lat": [57.422, 57.312, 57.246, 56.505],
            "lon": [27.047, 25.275, 22.581, 21.011],
            "participants_planned": [1, 1, 2, 1],
            "worst_status": ["no_provider", "under_delivered", "no_provider", "no_provider"],
        }
    ).astype({"municipality_code": "str", "region": "str", "worst_status": "str"})
    pd.testing.assert_frame_equal(got, want)


def test_map_points_follow_the_category_filter(pilot_engine):
    got = gaps.map_points(pilot_engine, Filters("P1", categories=("behavioural",)))
    assert got[["municipality_code", "participants_planned", "worst_status"]].values.tolist() == [
        ["LV-007", 1, "ok"]
    ]


def test_worst_gaps(pilot_engine):
    regions = gaps.region_service_gaps(pilot_engine, Filters("P1"))
    got = gaps.worst_gaps(regions)
    # no_provider first, most participants first; then the lowest delivery ratio; ok left out
    pd.testing.assert_frame_equal(got, region_frame([KUR_ATELPA, VID_KANIS, KUR_FIZIO, VID_LOGO]))
    assert gaps.worst_gaps(regions, n=1)["service_code"].tolist() == ["ATELPA"]


def test_worst_gaps_rank_no_provider_by_participants(pilot_engine):
    municipalities = gaps.municipality_service_gaps(pilot_engine, Filters("P1"))
    got = gaps.worst_gaps(municipalities, n=3)
    assert got[["municipality_code", "service_code", "participants_planned"]].values.tolist() == [
        ["LV-097", "ATELPA", 2],
        ["LV-LPX", "ATELPA", 1],
        ["LV-007", "KANIS", 1],
    ]
    assert list(got.columns) == list(MUNICIPALITY_DTYPES)


def test_worst_gaps_names_missing_columns():
    with pytest.raises(ValueError, match=r"\['status'.*Pass the result of region_service_gaps"):
        gaps.worst_gaps(pd.DataFrame({"region": ["KUR"]}))


@pytest.mark.parametrize("threshold", [-0.1, float("nan"), float("inf")])
def test_threshold_must_be_a_ratio(threshold):
    with pytest.raises(ValueError, match="threshold must be a delivery ratio >= 0"):
        gaps.region_service_gaps(None, Filters("P1"), threshold=threshold)


# --- haversine --------------------------------------------------------------------------------


def test_haversine_riga_daugavpils():
    # The straight line between the two administrative centres is about 185-190 km
    # (190.4 km between the centre coordinates shipped in data/municipalities.csv).
    assert km("LV-RIX", "LV-DGV") == pytest.approx(190.4, abs=0.1)
    assert km("LV-RIX", "LV-DGV") == pytest.approx(185, abs=10)


def test_haversine_against_known_distances():
    one_degree = 6371.0088 * math.pi / 180
    assert gaps.haversine_km(56.0, 24.0, 57.0, 24.0) == pytest.approx(one_degree)
    assert gaps.haversine_km(0.0, 0.0, 90.0, 0.0) == pytest.approx(one_degree * 90)
    assert gaps.haversine_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(one_degree * 180)
    assert gaps.haversine_km(57.246, 22.581, 57.246, 22.581) == 0.0


def test_haversine_is_vectorised():
    lat = np.array([56.946, 55.883, 57.246])
    lon = np.array([24.106, 26.533, 22.581])
    matrix = gaps.haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    assert matrix.shape == (3, 3)
    np.testing.assert_allclose(matrix, matrix.T)
    np.testing.assert_array_equal(np.diag(matrix), 0.0)
    # the spherical law of cosines, computed independently
    phi1, phi2 = np.radians(lat[0]), np.radians(lat[1])
    cos_angle = np.sin(phi1) * np.sin(phi2) + np.cos(phi1) * np.cos(phi2) * np.cos(
        np.radians(lon[1] - lon[0])
    )
    assert matrix[0, 1] == pytest.approx(6371.0088 * np.arccos(cos_angle))


# --- the demo ---------------------------------------------------------------------------------


def test_demo_kurzeme_has_no_adult_respite_care(demo_engine):
    got = gaps.region_service_gaps(demo_engine, Filters(ADULTS_PILOT))
    assert ADULTS_PILOT == "IB-GRT-2019"
    cell = got[(got["region"] == "KUR") & (got["service_code"] == "ATELPA")]
    assert cell["status"].tolist() == ["no_provider"]
    assert cell["providers"].tolist() == [0]
    assert cell["median_km_to_provider"].iloc[0] > 0
    assert gaps.worst_gaps(got)["status"].iloc[0] == "no_provider"


def test_demo_talsi_children_lack_local_providers(demo_engine):
    assert CHILDREN_PILOT == "IB-BERNI-2018"
    got = gaps.municipality_service_gaps(demo_engine, Filters(CHILDREN_PILOT), region="KUR")
    talsi = got[got["municipality_code"] == "LV-097"].set_index("service_code")
    for service in ("ABA", "REIT", "MIKROLOGO"):
        assert not talsi.at[service, "provider_in_municipality"], service
        assert talsi.at[service, "km_to_provider"] > 0, service
    points = gaps.map_points(demo_engine, Filters(CHILDREN_PILOT))
    assert points.set_index("municipality_code").at["LV-097", "participants_planned"] == 10


def test_median_km_is_the_median_of_the_participants():
    """Weighted by participants_planned, as numpy's median of every participant repeated."""
    rng = np.random.default_rng(3)
    demand = pd.DataFrame(
        {
            "region": rng.choice(["KUR", "VID", "LAT"], 60),
            "service_code": rng.choice(["A", "B"], 60),
            "participants_planned": rng.integers(0, 5, 60),
            "km_to_provider": np.where(rng.random(60) < 0.1, np.nan, rng.integers(0, 9, 60)),
        }
    )
    keys = ["region", "service_code"]
    rows = demand.groupby(keys, as_index=False)["participants_planned"].sum()
    got = gaps._median_km(demand, keys, rows)
    for (region, service), value in zip(rows[keys].itertuples(index=False), got, strict=True):
        mine = demand[(demand["region"] == region) & (demand["service_code"] == service)]
        mine = mine.dropna(subset=["km_to_provider"])
        people = np.repeat(mine["km_to_provider"].to_numpy(), mine["participants_planned"])
        if people.size:
            assert value == np.median(people), (region, service)
        else:
            assert np.isnan(value)
