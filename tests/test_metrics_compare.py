"""Municipal comparison on small inline data, against hand-computed values, on both databases.

Pilot P1, rounds 1 -> 2:

- Talsu novads (LV-097, Kurzeme): t1..t6. t1 gets 2 physiotherapy sessions (of 4 planned,
  EUR 100) and 1 speech therapy session (of 1, EUR 50); t2 1 physiotherapy session (of 1,
  EUR 50) and none of 5 planned respite days; t3, t4, t5 none of 2, 1, 1 planned
  physiotherapy sessions; t6 has no plan. Speech therapy has no provider in Kurzeme and
  respite care none in Latvia: 2 planned services without a provider in the region.
  Progress: t1 improves in both domains, t4 in one (improved overall); t2 declines in
  ``down``, t3 in ``up``, t5 does not change (not improved); t6 is not reassessed.
- Liepāja (LV-LPX, Kurzeme): l1..l3 (fewer than 5 people: never rated). l1 gets 10 support
  person hours (EUR 200) of 5 planned (counted as 100 %), l2 none of 10; their provider sits
  in Talsi. l1 improves, l2 does not; l3 was never assessed.
- Cēsu novads (LV-022, Vidzeme): c1..c5 each get 1 of 2 planned speech therapy sessions
  (EUR 40) from a Cēsis provider, and all five improve by 3 points.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats

from evaldash import narrative, stats
from evaldash.demo import ADULTS_PILOT, CHILDREN_PILOT
from evaldash.filters import Filters
from evaldash.metrics import compare
from tests.conftest import load, small_package
from tests.test_metrics_gaps import km

NAN = math.nan
TALSI = [f"t{k}" for k in range(1, 7)]
LIEPAJA = ["l1", "l2", "l3"]
CESIS = [f"c{k}" for k in range(1, 6)]
PEOPLE = TALSI + LIEPAJA + CESIS
PARTICIPANTS = pd.DataFrame(
    {
        "participant_id": PEOPLE,
        "pilot_id": ["P1"] * len(PEOPLE),
        "municipality": ["LV-097"] * 6 + ["LV-LPX"] * 3 + ["LV-022"] * 5,
        "sex": ["F", "M"] * 7,
        "birth_year": [1980] * len(PEOPLE),
        "enrolled_on": [date(2020, 1, 1)] * len(PEOPLE),
        "left_on": [None] * len(PEOPLE),
        "budget_eur": [1000.0] * len(PEOPLE),
    }
)
DOMAINS = pd.DataFrame(
    {
        "domain": ["down", "up"],
        "name_lv": ["Lejup", "Augšup"],
        "name_en": ["Down", "Up"],
        "scale_min": [0.0, 0.0],
        "scale_max": [4.0, 10.0],
        "higher_is_better": [False, True],
        "mid": [1.0, 2.0],
    }
)
# (participant, domain, round 1 score, round 2 score or None)
SCORES = [
    ("t1", "up", 3, 6),
    ("t1", "down", 3, 1),
    ("t2", "up", 4, 5),
    ("t2", "down", 2, 3),
    ("t3", "up", 5, 2),
    ("t4", "up", 5, 8),
    ("t4", "down", 2, 2),
    ("t5", "up", 6, 6),
    ("t5", "down", 1, 1),
    ("t6", "up", 5, None),
    ("l1", "up", 2, 6),
    ("l2", "up", 5, 5),
    *((c, "up", k + 2, k + 5) for k, c in enumerate(CESIS)),
]
ASSESSMENTS = pd.DataFrame(
    [
        (who, rnd, day, domain, float(score))
        for who, domain, first, second in SCORES
        for rnd, day, score in ((1, date(2020, 1, 10), first), (2, date(2020, 6, 1), second))
        if score is not None
    ],
    columns=["participant_id", "round", "assessed_on", "domain", "score"],
)
PLANS = pd.DataFrame(
    [
        ("t1", "FIZIO", 4.0),
        ("t1", "LOGO", 1.0),
        ("t2", "FIZIO", 1.0),
        ("t2", "ATELPA", 5.0),
        ("t3", "FIZIO", 2.0),
        ("t4", "FIZIO", 1.0),
        ("t5", "FIZIO", 1.0),
        ("l1", "ATB_PERS", 5.0),
        ("l2", "ATB_PERS", 10.0),
        *((c, "LOGO", 2.0) for c in CESIS),
    ],
    columns=["participant_id", "service", "planned_units"],
).assign(round=1, priority=1)
USAGE = pd.DataFrame(
    [
        ("t1", "FIZIO", date(2020, 2, 3), 2.0, 100.0),
        ("t1", "LOGO", date(2020, 2, 4), 1.0, 50.0),
        ("t2", "FIZIO", date(2020, 3, 2), 1.0, 50.0),
        ("l1", "ATB_PERS", date(2020, 3, 3), 10.0, 200.0),
        *((c, "LOGO", date(2020, 4, 1), 1.0, 40.0) for c in CESIS),
    ],
    columns=["participant_id", "service", "delivered_on", "units", "cost_eur"],
).assign(provider_id=None)
PROVIDERS = pd.DataFrame(
    [
        ("PR1", "Talsu fizioterapija", "FIZIO", "LV-097", False),
        ("PR2", "Talsu atbalsts", "ATB_PERS", "LV-097", False),
        ("PR3", "Cēsu logopēds", "LOGO", "LV-022", False),
    ],
    columns=["provider_id", "name", "service", "municipality", "outreach"],
)
LIEPAJA_TALSI = km("LV-LPX", "LV-097")
TALSI_CESIS = km("LV-097", "LV-022")


@pytest.fixture
def pilot_engine(ready_engine):
    package = small_package(
        participants=PARTICIPANTS,
        domains=DOMAINS,
        assessments=ASSESSMENTS,
        plans=PLANS,
        usage=USAGE,
    )
    load(ready_engine, {**package, "providers": PROVIDERS})
    return ready_engine


def row(code, region, indicator, value, n, events=NAN, ci=(NAN, NAN)):
    info = compare.indicator_info(indicator)
    return (code, region, indicator, info.kind, info.polarity, value, n, events, *ci)


def mean_row(code, region, indicator, values):
    return row(
        code,
        region,
        indicator,
        float(np.mean(values)),
        len(values),
        ci=stats.mean_ci(values),
    )


def share_row(code, region, indicator, events, n):
    return row(
        code, region, indicator, events / n, n, float(events), stats.exact_interval(events, n)
    )


def expected_talsi():
    budget = stats.ratio_ci([150, 50, 0, 0, 0, 0], [1000] * 6)
    return [
        row("LV-097", "KUR", "participants", 6.0, 6),
        mean_row("LV-097", "KUR", "services_per_participant", [2, 1, 0, 0, 0, 0]),
        mean_row("LV-097", "KUR", "spend_per_participant", [150, 50, 0, 0, 0, 0]),
        row("LV-097", "KUR", "budget_spent_share", 200 / 6000, 6, ci=budget),
        mean_row("LV-097", "KUR", "delivered_share", [0.75, 0.5, 0.0, 0.0, 0.0]),
        share_row("LV-097", "KUR", "improved_share", 2, 5),
        share_row("LV-097", "KUR", "improved_share.down", 1, 4),
        share_row("LV-097", "KUR", "improved_share.up", 2, 5),
        share_row("LV-097", "KUR", "missing_reassessment_share", 1, 6),
        # register facts, not samples: no interval
        row("LV-097", "KUR", "no_provider_services", 2.0, 5),
        row("LV-097", "KUR", "median_km_to_provider", 0.0, 5),
    ]


def frame(rows):
    return pd.DataFrame(rows, columns=list(compare.INDICATOR_DTYPES)).astype(
        compare.INDICATOR_DTYPES
    )


def test_indicators_of_one_municipality_by_hand(pilot_engine):
    got = compare.indicators(pilot_engine, Filters("P1"))
    talsi = got[got["municipality_code"] == "LV-097"].reset_index(drop=True)
    pd.testing.assert_frame_equal(talsi, frame(expected_talsi()), rtol=1e-6)


def test_indicators_of_the_small_and_the_complete_municipality(pilot_engine):
    got = compare.indicators(pilot_engine, Filters("P1")).set_index(
        ["municipality_code", "indicator"]
    )
    liepaja = got.loc["LV-LPX"]
    assert liepaja.loc["participants", "value"] == 3
    assert liepaja.loc["services_per_participant", "value"] == pytest.approx(1 / 3)
    assert liepaja.loc["delivered_share", "value"] == pytest.approx(0.5)  # 10 of 5 counts 100 %
    assert liepaja.loc["delivered_share", "n"] == 2
    assert liepaja.loc["improved_share", ["value", "n"]].tolist() == [0.5, 2]
    assert liepaja.loc["missing_reassessment_share", ["value", "n"]].tolist() == [0.0, 2]
    assert liepaja.loc["median_km_to_provider", "value"] == pytest.approx(LIEPAJA_TALSI)
    assert liepaja.loc["no_provider_services", "value"] == 0
    assert "improved_share.down" not in liepaja.index  # nobody there scored in "down"
    cesis = got.loc["LV-022"]
    assert cesis.loc["improved_share", ["value", "n", "events"]].tolist() == [1.0, 5, 5.0]
    assert cesis.loc["budget_spent_share", "value"] == pytest.approx(200 / 5000)
    assert cesis.loc["budget_spent_share", ["ci_low", "ci_high"]].tolist() == [0.04, 0.04]


def test_sidebar_places_do_not_narrow_the_comparison(pilot_engine):
    everyone = compare.indicators(pilot_engine, Filters("P1"))
    narrowed = compare.indicators(
        pilot_engine, Filters("P1", regions=("VID",), municipalities=("LV-022",))
    )
    pd.testing.assert_frame_equal(everyone, narrowed)


def test_period_and_sex_filters_apply(pilot_engine):
    got = compare.indicators(
        pilot_engine, Filters("P1", period_from=date(2020, 3, 1), sex=("F",))
    ).set_index(["municipality_code", "indicator"])
    # Women: t1, t3, t5, l2, c1, c3, c5. From March on t1's deliveries are outside the period.
    assert got.loc[("LV-097", "participants"), "value"] == 3
    assert got.loc[("LV-097", "spend_per_participant"), "value"] == 0
    assert got.loc[("LV-022", "spend_per_participant"), "value"] == 40


def test_no_second_round_leaves_out_progress(ready_engine):
    first_only = ASSESSMENTS[ASSESSMENTS["round"] == 1]
    package = small_package(
        participants=PARTICIPANTS, domains=DOMAINS, assessments=first_only, plans=PLANS
    )
    load(ready_engine, package)
    got = compare.indicators(ready_engine, Filters("P1"))
    assert not got["indicator"].str.startswith("improved_share").any()
    assert "missing_reassessment_share" not in set(got["indicator"])
    assert set(got["municipality_code"]) == {"LV-097", "LV-LPX", "LV-022"}


def test_empty_selection_gives_empty_frames(pilot_engine):
    got = compare.indicators(pilot_engine, Filters("P1", sex=("M",), age_groups=("65+",)))
    assert got.empty and list(got.columns) == list(compare.INDICATOR_DTYPES)
    rated = compare.compare(got)
    assert rated.empty and list(rated.columns) == list(compare.COMPARE_DTYPES)


def test_compare_ranks_medians_and_ratings_within_the_pilot(pilot_engine):
    rated = compare.compare(compare.indicators(pilot_engine, Filters("P1")), "pilot")
    by = rated.set_index(["indicator", "municipality_code"])
    improved = by.loc["improved_share"]
    assert improved["group_median"].tolist() == [0.5] * 3
    assert improved["group_proportion"].iloc[0] == pytest.approx(8 / 12)
    assert improved["rank"].to_dict() == {"LV-022": 1, "LV-097": 3, "LV-LPX": 2}
    # The funnel's test around the pooled 8/12: Binomial(5, 2/3) puts 13 % on 5 of 5 (Cēsis)
    # and 4.5 % on 1 or fewer, so 5 people can lie outside the 95 % limits only with 0 events;
    # Cēsis (5) and Talsi (2) are inside. Liepāja has only 2 people. (The interval-vs-median
    # rule called Cēsis "better".)
    assert improved["rating"].to_dict() == {
        "LV-022": "similar",
        "LV-097": "similar",
        "LV-LPX": "not_rated",
    }
    missing = by.loc["missing_reassessment_share"]  # lower is better; 0, 0 tie for first
    assert missing["rank"].to_dict() == {"LV-022": 1, "LV-097": 3, "LV-LPX": 1}
    # Talsi: 1 of 6 around the pooled 1/13: the 97.5 % quantile of Binomial(6, 1/13) is 2, so
    # 1 is inside the funnel: similar. (The interval-vs-median rule called it "worse".)
    assert missing["rating"].to_dict() == {
        "LV-022": "similar",
        "LV-097": "similar",
        "LV-LPX": "not_rated",
    }
    gaps = by.loc["no_provider_services"]  # a register fact: ranked, never rated
    assert gaps["rank"].to_dict() == {"LV-022": 1, "LV-097": 3, "LV-LPX": 1}
    assert (gaps["rating"] == "not_rated").all() and gaps["ci_low"].isna().all()
    km = by.loc["median_km_to_provider"]
    assert (km["rating"] == "not_rated").all() and km["ci_high"].isna().all()
    assert set(km["kind"]) == set(gaps["kind"]) == {"register"}
    people = by.loc["participants"]
    assert people["rank"].isna().all() and (people["rating"] == "not_rated").all()
    everywhere = rated[
        (rated["polarity"] != "none") & (rated["indicator"] != "improved_share.down")
    ]
    assert set(everywhere["ranked"]) == {3}
    assert by.loc[("improved_share.down", "LV-097"), "ranked"] == 1  # only Talsi scored it


def test_compare_within_the_region(pilot_engine):
    rated = compare.compare(compare.indicators(pilot_engine, Filters("P1")), "region")
    improved = rated[rated["indicator"] == "improved_share"].set_index("municipality_code")
    assert improved.loc["LV-097", ["group_median", "rank", "ranked", "group_size"]].tolist() == [
        0.45,
        2,
        2,
        2,
    ]
    # Alone in Vidzeme: compared with itself, it sits on its own funnel's centre.
    assert improved.loc["LV-022", ["group_median", "rank", "rating"]].tolist() == [
        1.0,
        1,
        "similar",
    ]
    kurzeme = compare.group_rows(rated, "LV-097", "region")
    assert set(kurzeme["municipality_code"]) == {"LV-097", "LV-LPX"}


@pytest.mark.parametrize(
    ("values", "polarity", "expected"),
    [
        ([0.2, 0.5, 0.5, 0.9], "higher", [4, 2, 2, 1]),
        ([0.2, 0.5, 0.5, 0.9], "lower", [1, 2, 2, 4]),
        ([3.0, NAN, 1.0], "lower", [2, None, 1]),
        ([1.0, 1.0, 1.0], "higher", [1, 1, 1]),
        ([4.0, 2.0], "none", [None, None]),
    ],
)
def test_ranks_respect_polarity_and_ties(values, polarity, expected):
    got = compare.rank_values(pd.Series(values), polarity)
    assert got.dtype == "Int64"
    assert [None if pd.isna(v) else int(v) for v in got] == expected


@pytest.mark.parametrize(
    ("value", "low", "high", "n", "polarity", "group", "expected"),
    [
        (0.9, 0.6, 1.0, 10, "higher", 0.5, "better"),
        (0.9, 0.6, 1.0, 10, "lower", 0.5, "worse"),
        (0.1, 0.0, 0.4, 10, "higher", 0.5, "worse"),
        (0.1, 0.0, 0.4, 10, "lower", 0.5, "better"),
        (0.6, 0.3, 0.8, 10, "higher", 0.5, "similar"),
        (0.6, 0.5, 0.8, 10, "higher", 0.5, "similar"),  # touching the group value is not apart
        (0.9, 0.6, 1.0, 4, "higher", 0.5, "not_rated"),  # fewer than 5 people
        (0.9, 0.6, 1.0, 5, "higher", 0.5, "better"),
        (0.9, 0.6, 1.0, 10, "none", 0.5, "not_rated"),
        (0.9, NAN, NAN, 10, "higher", 0.5, "not_rated"),
        (0.9, 0.6, 1.0, 10, "higher", NAN, "not_rated"),
    ],
)
def test_rating_rules(value, low, high, n, polarity, group, expected):
    assert compare.rate(value, low, high, n, polarity, group) == expected


@pytest.mark.parametrize(
    ("events", "n", "polarity", "pooled", "expected"),
    [
        # Binomial(10, 0.5): 2.5 % and 97.5 % quantiles 2 and 8
        (1, 10, "higher", 0.5, "worse"),
        (2, 10, "higher", 0.5, "similar"),  # on the limit is inside
        (8, 10, "higher", 0.5, "similar"),
        (9, 10, "higher", 0.5, "better"),
        (9, 10, "lower", 0.5, "worse"),
        (1, 10, "lower", 0.5, "better"),
        (0, 4, "higher", 0.5, "not_rated"),  # fewer than 5 people
        # Binomial(5, 0.5): P(0) = 3.1 % > 2.5 %, so the lower limit is 0 and nothing is below
        (0, 5, "higher", 0.5, "similar"),
        (9, 10, "none", 0.5, "not_rated"),
        (9, 10, "higher", NAN, "not_rated"),
    ],
)
def test_proportion_rating_is_the_funnel_test(events, n, polarity, pooled, expected):
    assert compare.rate_proportion(events, n, polarity, pooled) == expected


def test_ratings_of_shares_agree_with_the_funnel_everywhere():
    """Twelve municipalities of 10: rated better/worse exactly where outside the 95 % limits."""
    events = [1, 2, 3, 4, 5, 6, 6, 7, 8, 9, 10, 7]
    table = pd.DataFrame(
        {
            "municipality_code": [f"M{k:02d}" for k in range(12)],
            "region": ["KUR"] * 12,
            "indicator": ["improved_share"] * 12,
            "kind": ["proportion"] * 12,
            "polarity": ["higher"] * 12,
            "value": [e / 10 for e in events],
            "n": [10] * 12,
            "events": [float(e) for e in events],
            "ci_low": NAN,
            "ci_high": NAN,
        }
    )
    rated = compare.compare(table)
    points, limits = compare.funnel(rated, "improved_share")
    at_ten = limits.set_index("n").loc[10]
    outside = (rated["value"] < at_ten["lower_95"] - 1e-12) | (
        rated["value"] > at_ten["upper_95"] + 1e-12
    )
    assert rated["rating"].isin(["better", "worse"]).tolist() == outside.tolist()
    # pooled 68/120: Binomial(10, 0.567) has 2.5 % quantile 3 and 97.5 % quantile 9
    assert at_ten[["lower_95", "upper_95"]].tolist() == [0.3, 0.9]
    assert rated.loc[outside, "municipality_code"].tolist() == ["M00", "M01", "M10"]
    assert rated.loc[outside, "rating"].tolist() == ["worse", "worse", "better"]


def test_chance_ratings_counts_the_rated(pilot_engine):
    rated = compare.compare(compare.indicators(pilot_engine, Filters("P1")))
    talsi = compare.for_municipality(rated, "LV-097")
    count = int(talsi["rating"].isin(["better", "similar", "worse"]).sum())
    assert compare.chance_ratings(talsi) == (count, pytest.approx(0.05 * count))
    assert count == 5  # budget and delivered share, improved (overall, up; down has 4), missing
    assert compare.chance_ratings(talsi.iloc[0:0]) == (0, 0.0)


def test_unknown_group_polarity_and_indicator_are_refused():
    with pytest.raises(ValueError, match="comparison group"):
        compare.compare(frame([]), "county")
    with pytest.raises(ValueError, match="polarity"):
        compare.rate(1, 0, 2, 10, "up", 1)
    with pytest.raises(ValueError, match="unknown indicator 'x'"):
        compare.indicator_info("x")


def test_funnel_limits_around_the_pooled_share(pilot_engine):
    rated = compare.compare(compare.indicators(pilot_engine, Filters("P1")))
    points, limits = compare.funnel(rated, "improved_share")
    assert points.set_index("municipality_code")["n"].to_dict() == {
        "LV-022": 5,
        "LV-097": 5,
        "LV-LPX": 2,
    }
    assert limits["n"].tolist() == list(range(1, 11))
    assert np.allclose(limits["centre"], 8 / 12)
    five = limits.set_index("n").loc[5]
    assert five["lower_95"] == scipy_stats.binom.ppf(0.025, 5, 8 / 12) / 5
    assert five["upper_998"] == scipy_stats.binom.ppf(0.999, 5, 8 / 12) / 5
    with pytest.raises(ValueError, match="not a proportion"):
        compare.funnel(rated, "spend_per_participant")


def test_funnel_limits_at_national_sizes_stay_few_and_exact_at_each_municipality():
    rows = pd.DataFrame(
        {
            "municipality_code": ["A", "B", "C"],
            "indicator": ["improved_share"] * 3,
            "value": [0.5, 600 / 1234, 20 / 37],
            "n": [5000, 1234, 37],
            "events": [2500.0, 600.0, 20.0],
        }
    )
    points, limits = compare.funnel(rows, "improved_share")
    sizes = limits["n"].tolist()
    assert sizes[:200] == list(range(1, 201)) and sizes[-1] == 5000
    assert {1234, 5000} <= set(sizes) and sizes == sorted(set(sizes))
    assert len(sizes) <= 2 * compare.FUNNEL_EVERY_N + 3
    centre = 3120 / 6271
    at = limits.set_index("n").loc[1234]
    assert at["lower_998"] == scipy_stats.binom.ppf(0.001, 1234, centre) / 1234
    assert at["upper_95"] == scipy_stats.binom.ppf(0.975, 1234, centre) / 1234


def test_spine_places_the_group_median_in_the_middle(pilot_engine):
    rated = compare.compare(compare.indicators(pilot_engine, Filters("P1")))
    spine = compare.spine(compare.for_municipality(rated, "LV-022"), rated).set_index("indicator")
    assert "participants" not in spine.index  # no polarity, no judgement
    improved = spine.loc["improved_share"]  # 1.0 is the best of 0.4, 0.5, 1.0
    assert improved["position"] == 1.0 and improved["group_median"] == 0.5
    missing = spine.loc["missing_reassessment_share"]  # 0 of 0, 0, 1/6 is best and median
    assert missing["position"] == 0.5
    talsi = compare.spine(compare.for_municipality(rated, "LV-097"), rated).set_index("indicator")
    assert talsi.loc["improved_share", "position"] == 0.0  # the worst end
    assert talsi.loc["no_provider_services", "position"] == 0.0  # 2 where the others have 0
    assert (spine["q1_position"] <= spine["q3_position"]).all()
    # the people behind my value and behind the group's values drawn, per indicator
    rows = rated.set_index(["indicator", "municipality_code"])["n"]
    for indicator in spine.index:
        assert spine.loc[indicator, "n"] == rows[indicator, "LV-022"]
        assert spine.loc[indicator, "group_n"] == rows[indicator].sum()
    hidden = rated.assign(n=rated["n"].astype("float64"))
    hidden.loc[hidden["municipality_code"] == "LV-097", "n"] = math.nan  # withheld
    withheld = compare.spine(compare.for_municipality(hidden, "LV-022"), hidden)
    assert withheld["group_n"].isna().all()  # no sum of the rest passes for the group's n


def test_narrative_for_a_known_case(pilot_engine):
    rated = compare.compare(compare.indicators(pilot_engine, Filters("P1")))
    names = {"LV-022": "Cēsu novads", "LV-097": "Talsu novads", "KUR": "Kurzeme", "VID": "Vidzeme"}
    domains = {"down": "Down", "up": "Up"}
    sentences = narrative.compare_sentences(
        rated, "LV-097", group="pilot", names=names, domains=domains, window=(1, 2), lang="en"
    )
    assert sentences == [
        "In Talsu novads 2 of 5 reassessed participants improved overall between round 1 "
        "and 2 (40%; group as a whole 67%); rank 3 of 3 municipalities of the pilot; "
        "not significantly different.",
        # Register facts (services without a provider) are not rated; 1 of 6 missing is
        # inside the funnel.
        "No indicator differs significantly from the group: with 6 participants only "
        "large differences can be told apart from chance.",
        "Spending per participant: EUR\u00a033 (group median EUR\u00a040); 3% of the "
        "individual budgets "
        "spent.",
    ]
    cesis = narrative.compare_sentences(
        rated, "LV-022", group="pilot", names=names, domains=domains, window=(1, 2), lang="lv"
    )
    assert cesis[0].startswith("Cēsu novads: 5 no 5 atkārtoti izvērtētajiem dalībniekiem")
    assert "(100 %; visā grupā 67 %)" in cesis[0].replace("\u00a0", " ")
    assert "1. vieta starp 3 pilotprojekta pašvaldībām; būtiski neatšķiras." in cesis[0]
    assert 2 <= len(cesis) <= 4


def test_narrative_without_progress_or_differences():
    rows = pd.DataFrame(
        [
            {
                **dict(
                    zip(
                        compare.INDICATOR_DTYPES,
                        row("LV-007", "VID", "participants", 8.0, 8),
                        strict=True,
                    )
                ),
                "group_size": 1,
                "group_median": 8.0,
                "group_proportion": NAN,
                "rank": pd.NA,
                "ranked": 0,
                "rating": "not_rated",
            },
        ]
    )
    sentences = narrative.compare_sentences(
        rows,
        "LV-007",
        group="region",
        names={"LV-007": "Alūksnes novads"},
        domains={},
        window=None,
        lang="en",
    )
    assert sentences == [
        "In Alūksnes novads progress cannot be compared yet: nobody has been reassessed.",
        "No indicator differs significantly from the group: with 8 participants only "
        "large differences can be told apart from chance.",
    ]


@pytest.mark.parametrize(
    ("code", "value", "lang", "text"),
    [
        ("participants", 10.0, "lv", "10"),
        ("services_per_participant", 4.55, "lv", "4,5"),
        ("spend_per_participant", 2616.05, "lv", "2\u00a0616\u00a0EUR"),
        ("spend_per_participant", 2616.05, "en", "EUR\u00a02,616"),
        ("improved_share.up", 0.6667, "en", "67%"),
        ("median_km_to_provider", 46.49, "en", "46\u00a0km"),
        ("no_provider_services", NAN, "en", "–"),
    ],
)
def test_values_are_formatted_in_their_unit(code, value, lang, text):
    assert narrative.format_value(value, code, lang) == text


def test_demo_pilots_compare_on_both_databases(demo_engine):
    for pilot in (CHILDREN_PILOT, ADULTS_PILOT):
        table = compare.indicators(demo_engine, Filters(pilot))
        assert table["municipality_code"].nunique() == 10
        people = table[table["indicator"] == "participants"]
        assert people["value"].sum() == 100
        rated = compare.compare(table)
        assert set(rated["rating"]) <= set(compare.RATINGS)
        shares = rated[rated["polarity"] != "none"]
        assert shares["rank"].notna().all()
        inside = shares.dropna(subset=["ci_low"])
        tolerance = 1e-9
        assert (inside["ci_low"] <= inside["value"] + tolerance).all()
        assert (inside["value"] <= inside["ci_high"] + tolerance).all()


def test_rounds_can_be_chosen(pilot_engine):
    chosen = compare.indicators(pilot_engine, Filters("P1"), round_from=1, round_to=2)
    pd.testing.assert_frame_equal(chosen, compare.indicators(pilot_engine, Filters("P1")))
    with pytest.raises(ValueError, match="must be before"):
        compare.indicators(pilot_engine, Filters("P1"), round_from=2, round_to=1)
    with pytest.raises(ValueError, match="must be before"):
        compare.indicators(pilot_engine, Filters("P1"), round_from=2)


def test_participant_outcome_counts_each_participants_domains(pilot_engine):
    """The stored outcomes (compare reads them) against the scores, counted here by hand;
    the upgrade that adds the table fills it the same."""
    import itertools

    import sqlalchemy as sa

    from evaldash.db import bootstrap, migrate, schema

    with pilot_engine.connect() as conn:
        a = pd.read_sql(sa.select(schema.assessment), conn)
        domains = pd.read_sql(sa.select(schema.assessment_domain), conn).set_index("domain_code")
    want = []
    for first, later in itertools.combinations(sorted(a["round"].unique()), 2):
        after = a[a["round"] == later]
        for key, mine in a[a["round"] == first].groupby("participant_key"):
            scores = after[after["participant_key"] == key].set_index("domain_code")["score"]
            paired = improved = declined = 0
            for row in mine.itertuples():
                if row.domain_code in scores.index:
                    domain = domains.loc[row.domain_code]
                    change = scores[row.domain_code] - row.score
                    change = change if domain["higher_is_better"] else -change
                    paired += 1
                    improved += change >= domain["mid"] - stats.MID_TOLERANCE
                    declined += change <= -domain["mid"] + stats.MID_TOLERANCE
            want.append((first, later, key, not scores.empty, paired, improved, declined))

    def stored() -> list[tuple]:
        with pilot_engine.connect() as conn:
            return sorted(tuple(r) for r in conn.execute(sa.select(schema.participant_outcome)))

    assert len(want) == 13 and any(not w[3] for w in want) and any(w[5] for w in want)
    assert stored() == sorted(want)
    migrate.downgrade(pilot_engine, "0008")  # before the table
    bootstrap.init_db(pilot_engine)
    assert stored() == sorted(want)
