"""Overview metrics on small inline data, against hand-computed frames, on both databases."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from evaldash.filters import Filters
from evaldash.metrics import catalog, overview
from tests.conftest import load, small_package

USAGE = pd.DataFrame(
    {
        "participant_id": ["a", "a", "b", "c"],
        "service": ["FIZIO", "FIZIO", "ATB_PERS", "LOGO"],
        "delivered_on": [date(2020, 2, 3), date(2020, 2, 10), date(2020, 3, 5), date(2020, 3, 6)],
        "units": [1.0, 1.0, 10.0, 1.0],
        "cost_eur": [25.0, 25.0, 100.0, 30.0],
        "provider_id": [None] * 4,
    }
)
DOMAINS = pd.DataFrame(
    {
        "domain": ["d1"],
        "name_lv": ["D"],
        "name_en": ["D"],
        "scale_min": [0.0],
        "scale_max": [4.0],
        "higher_is_better": [False],
        "mid": [1.0],
    }
)
ASSESSMENTS = pd.DataFrame(
    {
        "participant_id": ["a", "b", "c", "a", "b"],
        "round": [1, 1, 1, 2, 2],
        "assessed_on": [
            date(2020, 1, 10),
            date(2020, 1, 11),
            date(2020, 1, 12),
            date(2020, 6, 1),
            date(2020, 6, 1),
        ],
        "domain": ["d1"] * 5,
        "score": [3.0, 2.0, 4.0, 2.0, 2.0],
    }
)


@pytest.fixture
def pilot_engine(ready_engine):
    load(ready_engine, small_package(usage=USAGE, domains=DOMAINS, assessments=ASSESSMENTS))
    return ready_engine


HEADLINE_COLUMNS = [
    "participants",
    "municipalities",
    "regions",
    "budget_eur",
    "deliveries",
    "services",
    "participants_served",
    "cost_eur",
    "spend_share",
]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters("P1"), [3, 2, 1, 4000.0, 4, 3, 3, 180.0, 0.045]),
        (Filters("P1", municipalities=("LV-097",)), [2, 1, 1, 3000.0, 3, 2, 2, 150.0, 0.05]),
        (Filters("P1", regions=("KUR",)), [3, 2, 1, 4000.0, 4, 3, 3, 180.0, 0.045]),
        (Filters("P1", regions=("VID",)), [0, 0, 0, None, 0, 0, 0, 0.0, None]),
        (Filters("P1", period_from=date(2020, 3, 1)), [3, 2, 1, 4000.0, 2, 2, 2, 130.0, 0.0325]),
        (Filters("P1", categories=("personal_support",)), [3, 2, 1, 4000.0, 1, 1, 1, 100.0, 0.025]),
        (Filters("P1", sex=("M",)), [1, 1, 1, 2000.0, 1, 1, 1, 100.0, 0.05]),
        (Filters("P1", age_groups=("18-29",)), [1, 1, 1, 1000.0, 1, 1, 1, 30.0, 0.03]),
        (Filters("nope"), [0, 0, 0, None, 0, 0, 0, 0.0, None]),
    ],
)
def test_headline(pilot_engine, filters, expected):
    got = overview.headline(pilot_engine, filters)
    want = pd.DataFrame([expected], columns=HEADLINE_COLUMNS).astype(
        {
            "participants": "int64",
            "municipalities": "int64",
            "regions": "int64",
            "budget_eur": "float64",
            "deliveries": "int64",
            "services": "int64",
            "participants_served": "int64",
            "cost_eur": "float64",
            "spend_share": "float64",
        }
    )
    pd.testing.assert_frame_equal(got, want)


def test_rounds(pilot_engine):
    got = overview.rounds(pilot_engine, Filters("P1"))
    want = pd.DataFrame(
        {
            "round": [1, 2],
            "assessed": [3, 2],
            "missing": [0, 1],
            "first_date": pd.to_datetime(["2020-01-10", "2020-06-01"]).astype("datetime64[s]"),
            "last_date": pd.to_datetime(["2020-01-12", "2020-06-01"]).astype("datetime64[s]"),
        }
    )
    pd.testing.assert_frame_equal(got, want)


def test_rounds_follow_the_municipality_filter(pilot_engine):
    got = overview.rounds(pilot_engine, Filters("P1", municipalities=("LV-LPX",)))
    assert got[["round", "assessed", "missing"]].values.tolist() == [[1, 1, 0]]


def test_monthly_spend(pilot_engine):
    got = overview.monthly_spend(pilot_engine, Filters("P1"))
    want = pd.DataFrame(
        {
            "month": pd.to_datetime(["2020-02-01", "2020-03-01", "2020-03-01"]).astype(
                "datetime64[s]"
            ),
            "category": ["rehabilitation_specialist", "communication", "personal_support"],
            "cost_eur": [50.0, 30.0, 100.0],
            "participants": [1, 1, 1],
        }
    ).astype({"category": "str", "participants": "int64"})
    pd.testing.assert_frame_equal(got, want)


def test_monthly_spend_empty_selection(pilot_engine):
    got = overview.monthly_spend(pilot_engine, Filters("P1", period_from=date(2030, 1, 1)))
    assert got.empty
    assert list(got.columns) == ["month", "category", "cost_eur", "participants"]


def test_catalog(pilot_engine):
    pilots = catalog.pilots(pilot_engine)
    assert pilots[["pilot_id", "participants", "is_demo"]].values.tolist() == [["P1", 3, False]]
    names_lv = catalog.names(pilot_engine, "lv")
    names_en = catalog.names(pilot_engine, "en")
    assert names_lv["LV-097"] == "Talsu novads" and names_en["LV-097"] == "Talsi Municipality"
    assert names_lv["KUR"] == "Kurzeme" and names_en["RIG"] == "Riga"
    assert names_lv["FIZIO"].startswith("Fizioterapija") and names_en["FIZIO"] == "Physiotherapy"
    assert names_lv["P1"] == "Test pilot"
    assert catalog.data_version(pilot_engine) >= 1
    assert catalog.last_update(pilot_engine) is not None


def test_filter_options(pilot_engine):
    options = catalog.filter_options(pilot_engine, "P1")
    assert options.municipalities.values.tolist() == [["LV-097", "KUR", 2], ["LV-LPX", "KUR", 1]]
    assert options.categories == ["communication", "personal_support", "rehabilitation_specialist"]
    assert options.sexes == ["F", "M"]
    assert options.ages == [20, 30, 40]
    assert (options.first_day, options.last_day) == (date(2020, 1, 10), date(2020, 6, 1))


@pytest.mark.parametrize(
    "selection",
    [{}, {"regions": ("KUR",)}, {"sex": ("M",), "age_groups": ("0-6", "13-17")}],
    ids=lambda s: ",".join(s) or "all",
)
def test_rounds_from_the_cells_match_every_assessment(demo_engine, selection):
    """assessment_round adds people up over cells: the same as counting every assessment."""
    import sqlalchemy as sa

    from evaldash.db import schema
    from evaldash.demo import CHILDREN_PILOT

    f = Filters(CHILDREN_PILOT, **selection)
    a = schema.assessment
    stmt = (
        sa.select(
            a.c.round,
            sa.func.count(sa.distinct(a.c.participant_key)),
            sa.func.min(a.c.assessed_on),
            sa.func.max(a.c.assessed_on),
        )
        .where(a.c.participant_key.in_(f.participant_keys()))
        .group_by(a.c.round)
        .order_by(a.c.round)
    )
    with demo_engine.connect() as conn:
        want = conn.execute(stmt).all()
        people = conn.execute(
            sa.select(sa.func.count()).select_from(f.participant_keys().subquery())
        ).scalar_one()
    got = overview.rounds(demo_engine, f)
    assert len(want) >= 2
    assert got["round"].tolist() == [r for r, *_ in want]
    assert got["assessed"].tolist() == [n for _, n, _, _ in want]
    assert got["missing"].tolist() == [people - n for _, n, _, _ in want]
    assert [d.date() for d in got["first_date"]] == [first for *_, first, _ in want]
    assert [d.date() for d in got["last_date"]] == [last for *_, last in want]
