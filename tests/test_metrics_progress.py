"""Progress metrics on small inline data, against hand-computed frames, on both databases.

Eight participants: p1-p5 in Talsu novads (LV-097), p6-p8 in Liepāja (LV-LPX). Domain ``up``
(0..10, higher is better, MID 2) is scored for all eight in round 1 and for p1-p7 in round 2
(p8 is not reassessed); domain ``down`` (0..4, higher is WORSE, MID 1) for p1, p2, p3, p6 in
rounds 1 and 2; domain ``late`` (-2..2) only for p1 in round 2; p1 also has ``up`` in round 3.
"""

from __future__ import annotations

import math
import statistics
from datetime import date

import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats

from evaldash import stats
from evaldash.demo import ADULTS_PILOT, CHILDREN_PILOT
from evaldash.filters import Filters
from evaldash.metrics import progress
from tests.conftest import load, small_package

NAN = math.nan
CODES = [f"p{k}" for k in range(1, 9)]
PARTICIPANTS = pd.DataFrame(
    {
        "participant_id": CODES,
        "pilot_id": ["P1"] * 8,
        "municipality": ["LV-097"] * 5 + ["LV-LPX"] * 3,
        "sex": ["F", "M"] * 4,
        "birth_year": [1980] * 8,
        "enrolled_on": [date(2020, 1, 1)] * 8,
        "left_on": [None] * 8,
        "budget_eur": [1000.0] * 8,
    }
)
DOMAINS = pd.DataFrame(
    {
        "domain": ["down", "late", "up"],
        "name_lv": ["D", "L", "U"],
        "name_en": ["D", "L", "U"],
        "scale_min": [0.0, -2.0, 0.0],
        "scale_max": [4.0, 2.0, 10.0],
        "higher_is_better": [False, True, True],
        "mid": [1.0, 1.0, 2.0],
    }
)
SCALES = {
    d: (lo, hi)
    for d, lo, hi in zip(DOMAINS["domain"], DOMAINS["scale_min"], DOMAINS["scale_max"], strict=True)
}
DAYS = {1: date(2020, 1, 10), 2: date(2020, 6, 1), 3: date(2020, 12, 1)}
# (participant, round, domain, score)
SCORES = [
    *zip(CODES, [1] * 8, ["up"] * 8, [3, 4, 5, 6, 2, 5, 7, 4], strict=True),
    *zip(CODES[:7], [2] * 7, ["up"] * 7, [6, 5, 7, 4, 2, 9, 8], strict=True),
    ("p1", 1, "down", 3),
    ("p2", 1, "down", 2),
    ("p3", 1, "down", 1),
    ("p6", 1, "down", 4),
    ("p1", 2, "down", 1),
    ("p2", 2, "down", 2),
    ("p3", 2, "down", 2),
    ("p6", 2, "down", 3),
    ("p1", 2, "late", 1),
    ("p1", 3, "up", 8),
]
ASSESSMENTS = pd.DataFrame(
    {
        "participant_id": [s[0] for s in SCORES],
        "round": [s[1] for s in SCORES],
        "assessed_on": [DAYS[s[1]] for s in SCORES],
        "domain": [s[2] for s in SCORES],
        "score": [float(s[3]) for s in SCORES],
    }
)
# Oriented changes, round 1 -> 2 (p1, p2, p3, p6 for down; p1..p7 for up; p8 missing).
DOWN = [2.0, 0.0, -1.0, 1.0]
UP = [3.0, 1.0, 2.0, -2.0, 0.0, 4.0, 1.0]


@pytest.fixture
def pilot_engine(ready_engine):
    package = small_package(participants=PARTICIPANTS, domains=DOMAINS, assessments=ASSESSMENTS)
    load(ready_engine, package)
    return ready_engine


def summary_frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(progress.SUMMARY_DTYPES)).astype(progress.SUMMARY_DTYPES)


def summary_row(domain, changes, counts, means, mids, *, n_missing):
    """A domain_summary row: counts by hand, scipy's p-value, the shared stats for the rest."""
    improved, unchanged, declined = counts
    higher_is_better, mid = mids
    sd = statistics.stdev(changes) if len(changes) > 1 else NAN
    nonzero = [c for c in changes if c != 0]
    tested = len(nonzero) >= 6
    low, high = stats.median_ci(changes)
    return {
        "domain": domain,
        "round_from": 1,
        "round_to": 2,
        "n_pairs": len(changes),
        "n_missing": n_missing,
        "mean_from": means[0],
        "mean_to": means[1],
        "median_change": float(np.median(changes)) if changes else NAN,
        "improved": improved,
        "unchanged": unchanged,
        "declined": declined,
        "p_value": scipy_stats.wilcoxon(nonzero).pvalue if tested else NAN,
        "effect_size": stats.rank_biserial(changes),
        "ci_low": low,
        "ci_high": high,
        "higher_is_better": higher_is_better,
        "mid": mid,
        "scale_min": SCALES[domain][0],
        "scale_max": SCALES[domain][1],
        "sd_change": sd,
        "detectable_change": stats.detectable_change(len(changes), sd),
    }


def test_rounds(pilot_engine):
    got = progress.rounds(pilot_engine, Filters("P1"))
    want = pd.DataFrame(
        {
            "round": [1, 2, 3],
            "participants": [8, 7, 1],
            "first_date": pd.to_datetime(["2020-01-10", "2020-06-01", "2020-12-01"]),
            "last_date": pd.to_datetime(["2020-01-10", "2020-06-01", "2020-12-01"]),
        }
    ).astype({"first_date": "datetime64[s]", "last_date": "datetime64[s]"})
    pd.testing.assert_frame_equal(got, want)
    assert progress.default_rounds(got) == (1, 3)


def test_default_rounds_needs_two_rounds(pilot_engine):
    one = progress.rounds(pilot_engine, Filters("P1", municipalities=("LV-LPX",)))
    assert one["round"].tolist() == [1, 2]
    assert progress.default_rounds(one) == (1, 2)
    assert progress.default_rounds(one.iloc[:1]) is None
    assert progress.default_rounds(progress.rounds(pilot_engine, Filters("nope"))) is None


def test_domain_summary_completers(pilot_engine):
    got = progress.domain_summary(pilot_engine, Filters("P1"), 1, 2)
    want = summary_frame(
        [
            # down is higher-is-worse: 3 -> 1 is +2 (improved), 1 -> 2 is -1 (declined)
            summary_row("down", DOWN, (2, 1, 1), (2.5, 2.0), (False, 1.0), n_missing=0),
            summary_row("up", UP, (3, 3, 1), (32 / 7, 41 / 7), (True, 2.0), n_missing=1),
        ]
    )
    pd.testing.assert_frame_equal(got, want)
    # the hand-computed values that summary_row takes from elsewhere
    assert got["median_change"].tolist() == [0.5, 1.0]
    assert got["effect_size"].tolist() == pytest.approx([0.5, 2 / 3])
    assert math.isnan(got.loc[0, "p_value"])  # 4 pairs: not tested
    assert got.loc[1, "p_value"] == scipy_stats.wilcoxon(UP).pvalue  # 6 non-zero changes


def test_domain_summary_enrolled_counts_missing_as_unchanged(pilot_engine):
    got = progress.domain_summary(pilot_engine, Filters("P1"), 1, 2, population="enrolled")
    up = [*UP, 0.0]  # p8 (4 in round 1, not reassessed) counts as 4 -> 4
    want = summary_frame(
        [
            summary_row("down", DOWN, (2, 1, 1), (2.5, 2.0), (False, 1.0), n_missing=0),
            summary_row("up", up, (3, 4, 1), (36 / 8, 45 / 8), (True, 2.0), n_missing=1),
        ]
    )
    pd.testing.assert_frame_equal(got, want)
    # the carried-forward zero changes nothing: the test sees the same 6 non-zero changes
    assert got.loc[1, "p_value"] == scipy_stats.wilcoxon(UP).pvalue


def test_domain_summary_without_pairs(pilot_engine):
    got = progress.domain_summary(pilot_engine, Filters("P1"), 1, 3)
    # late has no score in round 1: no row. down has no round 3: no pairs, all missing.
    assert got["domain"].tolist() == ["down", "up"]
    assert got[["n_pairs", "n_missing", "improved", "unchanged", "declined"]].values.tolist() == [
        [0, 4, 0, 0, 0],
        [1, 7, 1, 0, 0],
    ]
    down, up = got.iloc[0], got.iloc[1]
    for column in ["mean_from", "median_change", "p_value", "effect_size", "ci_low", "sd_change"]:
        assert math.isnan(down[column]), column
    assert (up["mean_from"], up["mean_to"], up["median_change"], up["effect_size"]) == (
        3.0,
        8.0,
        5.0,
        1.0,
    )
    assert math.isnan(up["p_value"]) and math.isnan(up["ci_low"])
    assert math.isnan(up["detectable_change"])


def test_domain_summary_median_interval_by_hand(pilot_engine):
    got = progress.domain_summary(pilot_engine, Filters("P1"), 1, 2)
    # 7 changes: only smallest to largest covers the median with 95 % (1 - 2/128 = 98.4 %);
    # down has 4 pairs, too few for any 95 % interval of a median.
    assert (got.loc[1, "ci_low"], got.loc[1, "ci_high"]) == (-2.0, 4.0)
    assert math.isnan(got.loc[0, "ci_low"]) and math.isnan(got.loc[0, "ci_high"])


def test_domain_summary_follows_the_municipality_filter(pilot_engine):
    got = progress.domain_summary(pilot_engine, Filters("P1", municipalities=("LV-LPX",)), 1, 2)
    want = summary_frame(
        [
            summary_row("down", [1.0], (1, 0, 0), (4.0, 3.0), (False, 1.0), n_missing=0),
            summary_row("up", [4.0, 1.0], (1, 1, 0), (6.0, 8.5), (True, 2.0), n_missing=1),
        ]
    )
    pd.testing.assert_frame_equal(got, want)


@pytest.mark.parametrize(
    ("filters", "pairs"),
    [
        (Filters("P1", sex=("M",)), [[2, 0], [3, 1]]),  # p2, p4, p6 and p8 (missing)
        (Filters("P1", regions=("VID",)), []),
        (Filters("P1", age_groups=("65+",)), []),
        (Filters("P1", period_from=date(2030, 1, 1)), [[4, 0], [7, 1]]),  # period ignored
        (Filters("nope"), []),
    ],
)
def test_domain_summary_follows_the_participant_filters(pilot_engine, filters, pairs):
    got = progress.domain_summary(pilot_engine, filters, 1, 2)
    assert got[["n_pairs", "n_missing"]].values.tolist() == pairs
    pd.testing.assert_series_equal(got.dtypes, summary_frame([]).dtypes)


def test_participant_changes(pilot_engine):
    got = progress.participant_changes(pilot_engine, Filters("P1"), 1, 2)
    want = pd.DataFrame(
        {
            "participant_code": ["p1", "p2", "p3", "p6", *CODES],
            "municipality_code": ["LV-097"] * 3 + ["LV-LPX"] + ["LV-097"] * 5 + ["LV-LPX"] * 3,
            "domain": ["down"] * 4 + ["up"] * 8,
            "score_from": [3.0, 2.0, 1.0, 4.0, 3.0, 4.0, 5.0, 6.0, 2.0, 5.0, 7.0, 4.0],
            "score_to": [1.0, 2.0, 2.0, 3.0, 6.0, 5.0, 7.0, 4.0, 2.0, 9.0, 8.0, NAN],
            "change": [*DOWN, *UP, NAN],
            "status": ["improved", "unchanged", "declined", "improved"]
            + ["improved", "unchanged", "improved", "declined", "unchanged", "improved"]
            + ["unchanged", "missing"],
        }
    ).astype({"participant_code": "str", "municipality_code": "str", "domain": "str"})
    want["status"] = want["status"].astype("str")
    pd.testing.assert_frame_equal(got, want)


def test_participant_changes_follow_the_filter(pilot_engine):
    got = progress.participant_changes(
        pilot_engine, Filters("P1", municipalities=("LV-LPX",)), 1, 2
    )
    assert got["participant_code"].tolist() == ["p6", "p6", "p7", "p8"]
    assert progress.participant_changes(pilot_engine, Filters("nope"), 1, 2).empty


def test_participant_changes_sample_evenly_by_code(pilot_engine):
    everyone = progress.participant_changes(pilot_engine, Filters("P1"), 1, 2)
    codes = sorted(everyone["participant_code"].unique())  # p1 .. p8
    sample = progress.participant_changes(pilot_engine, Filters("P1"), 1, 2, most=4)
    # every other code, the same participants in every domain, their rows unchanged
    assert sorted(sample["participant_code"].unique()) == codes[1::2]
    kept = everyone[everyone["participant_code"].isin(codes[1::2])].reset_index(drop=True)
    pd.testing.assert_frame_equal(sample, kept)
    whole = progress.participant_changes(pilot_engine, Filters("P1"), 1, 2, most=len(codes))
    pd.testing.assert_frame_equal(whole, everyone)
    with pytest.raises(ValueError, match="most"):
        progress.participant_changes(pilot_engine, Filters("P1"), 1, 2, most=0)


def test_status_counts_are_those_of_everyone(pilot_engine):
    everyone = progress.participant_changes(pilot_engine, Filters("P1"), 1, 2)
    got = progress.status_counts(pilot_engine, Filters("P1"), 1, 2).set_index("domain")
    want = everyone.groupby("domain")["status"].value_counts().unstack(fill_value=0)
    for status in ("improved", "unchanged", "declined", "missing"):
        assert got[status].tolist() == want.get(status, pd.Series(0, want.index)).tolist()


def test_municipality_summary(pilot_engine):
    got = progress.municipality_summary(pilot_engine, Filters("P1"), 1, 2)
    want = pd.DataFrame(
        {
            "municipality_code": ["LV-097", "LV-097", "LV-LPX", "LV-LPX"],
            "domain": ["down", "up", "down", "up"],
            "n_pairs": [3, 5, 1, 2],
            "improved": [1, 2, 1, 1],
            "unchanged": [1, 2, 0, 1],
            "declined": [1, 1, 0, 0],
            "improved_share": [1 / 3, 0.4, 1.0, 0.5],
            "median_change": [0.0, 1.0, 1.0, 2.5],
        }
    ).astype(
        {
            "municipality_code": "str",
            "domain": "str",
            "n_pairs": "int64",
            "improved": "int64",
            "unchanged": "int64",
            "declined": "int64",
        }
    )
    pd.testing.assert_frame_equal(got, want)
    counts = progress.municipality_counts(pilot_engine, Filters("P1"), 1, 2)
    pd.testing.assert_frame_equal(counts, want.drop(columns=["improved_share", "median_change"]))


def test_municipality_summary_without_pairs(pilot_engine):
    got = progress.municipality_summary(pilot_engine, Filters("P1", regions=("KUR",)), 1, 3)
    down = got[got["domain"] == "down"]
    assert down["n_pairs"].tolist() == [0, 0]
    assert down["improved_share"].isna().all() and down["median_change"].isna().all()


PROFILE_COLUMNS = [
    "domain",
    "scale_min",
    "scale_max",
    "higher_is_better",
    "first_round",
    "first_score",
    "latest_round",
    "latest_score",
    "first_position",
    "latest_position",
]


def test_participant_profile(pilot_engine):
    got = progress.participant_profile(pilot_engine, Filters("P1"), "p1")
    want = pd.DataFrame(
        [
            # 0..4 higher is worse: 3 sits at 0.25 of the way to the best end, 1 at 0.75
            ["down", 0.0, 4.0, False, 1, 3.0, 2, 1.0, 0.25, 0.75],
            ["late", -2.0, 2.0, True, 2, 1.0, 2, 1.0, 0.75, 0.75],  # one round: first = latest
            ["up", 0.0, 10.0, True, 1, 3.0, 3, 8.0, 0.3, 0.8],
        ],
        columns=PROFILE_COLUMNS,
    ).astype({"domain": "str"})
    pd.testing.assert_frame_equal(got, want)


@pytest.mark.parametrize(
    ("filters", "code"),
    [
        (Filters("P1"), "nobody"),
        (Filters("P1", municipalities=("LV-LPX",)), "p1"),
        (Filters("other"), "p1"),
    ],
)
def test_participant_profile_outside_the_selection(pilot_engine, filters, code):
    got = progress.participant_profile(pilot_engine, filters, code)
    assert got.empty
    assert list(got.columns) == PROFILE_COLUMNS
    assert got["first_position"].dtype == "float64" and got["first_round"].dtype == "int64"


@pytest.mark.parametrize(
    "call",
    [
        lambda e: progress.domain_summary(e, Filters("P1"), 2, 2),
        lambda e: progress.participant_changes(e, Filters("P1"), 2, 2),
        lambda e: progress.municipality_summary(e, Filters("P1"), 2, 2),
    ],
)
def test_rounds_must_be_in_order(pilot_engine, call):
    with pytest.raises(ValueError, match=r"round_from \(2\) must be before round_to \(2\)"):
        call(pilot_engine)


def test_later_round_first_is_refused(pilot_engine):
    with pytest.raises(ValueError, match=r"round_from \(3\) must be before round_to \(1\)"):
        progress.domain_summary(pilot_engine, Filters("P1"), 3, 1)


def test_unknown_population(pilot_engine):
    with pytest.raises(ValueError, match=r"'everyone'.*\['completers', 'enrolled'\]"):
        progress.domain_summary(pilot_engine, Filters("P1"), 1, 2, population="everyone")


def test_numpy_rounds_are_accepted(pilot_engine):
    frame = progress.rounds(pilot_engine, Filters("P1"))
    first, second = frame["round"].iloc[0], frame["round"].iloc[1]  # numpy.int64
    got = progress.domain_summary(pilot_engine, Filters("P1"), first, second)
    assert got["n_pairs"].tolist() == [4, 7]


# --- the demo database ------------------------------------------------------------------------


def test_demo_adults_progress(demo_engine):
    f = Filters(ADULTS_PILOT)
    frame = progress.rounds(demo_engine, f)
    assert progress.default_rounds(frame) == (1, 2)
    got = progress.domain_summary(demo_engine, f, 1, 2)
    assert got["domain"].tolist() == [
        "community_living",
        "goal_attainment",
        "health_safety",
        "home_living",
    ]
    scored_in_round_1 = int(frame.loc[frame["round"] == 1, "participants"].iloc[0])
    assert (got["n_pairs"] + got["n_missing"] == scored_in_round_1).all()
    assert (got["improved"] + got["unchanged"] + got["declined"] == got["n_pairs"]).all()
    goals = got.set_index("domain").loc["goal_attainment"]
    assert goals["median_change"] > 0 and goals["p_value"] < 0.05 and goals["effect_size"] > 0
    assert goals["ci_low"] <= goals["median_change"] <= goals["ci_high"]

    enrolled = progress.domain_summary(demo_engine, f, 1, 2, population="enrolled")
    assert (enrolled["n_pairs"] == scored_in_round_1).all()
    assert (enrolled["unchanged"] == got["unchanged"] + got["n_missing"]).all()
    # scipy's default zero_method="wilcox" drops the imputed zeros: same test, same effect size
    pd.testing.assert_frame_equal(
        enrolled[["p_value", "effect_size"]], got[["p_value", "effect_size"]]
    )


@pytest.mark.parametrize(
    ("pilot", "rounds", "selection"),
    [
        (ADULTS_PILOT, (1, 2), {}),
        (CHILDREN_PILOT, (1, 3), {}),
        (ADULTS_PILOT, (1, 2), {"sex": ("F",)}),
        (ADULTS_PILOT, (1, 2), {"age_groups": ("30-44",)}),
        (CHILDREN_PILOT, (1, 3), {"regions": ("KUR",)}),
    ],
    ids=["adults", "children", "women", "30-44", "kurzeme"],
)
def test_demo_sql_agrees_with_the_stats_module(demo_engine, pilot, rounds, selection):
    """The summaries (counted per change and cell of participants, ``pair_change``) agree
    with every pair of the selection (``participant_changes`` reads them one by one)."""
    f = Filters(pilot, **selection)
    summary = progress.domain_summary(demo_engine, f, *rounds).set_index("domain")
    enrolled = progress.domain_summary(demo_engine, f, *rounds, population="enrolled")
    enrolled = enrolled.set_index("domain")
    changes = progress.participant_changes(demo_engine, f, *rounds)
    statuses = progress.status_counts(demo_engine, f, *rounds).set_index("domain")
    assert sorted(summary.index) == sorted(changes["domain"].unique())
    for domain, rows in changes.groupby("domain"):
        row = summary.loc[domain]
        paired = rows["change"].dropna().to_numpy()
        assert stats.classify(rows["change"], row["mid"]).tolist() == rows["status"].tolist()
        assert row["n_pairs"] == len(paired) > 1
        assert row["median_change"] == np.median(paired)
        assert row["p_value"] == stats.wilcoxon_p(paired)
        assert row["sd_change"] == pytest.approx(np.std(paired, ddof=1))
        assert row["mean_from"] == pytest.approx(rows.dropna()["score_from"].mean())
        assert row["mean_to"] == pytest.approx(rows["score_to"].mean())
        assert row["n_missing"] == rows["change"].isna().sum()
        counts = rows["status"].value_counts()
        assert statuses.loc[domain].to_dict() == {
            s: int(counts.get(s, 0)) for s in ("improved", "unchanged", "declined", "missing")
        }
        carried = rows["score_to"].fillna(rows["score_from"])
        assert enrolled.loc[domain, "n_pairs"] == len(rows)
        assert enrolled.loc[domain, "mean_to"] == pytest.approx(carried.mean())
        assert enrolled.loc[domain, "sd_change"] == pytest.approx(
            np.std(rows["change"].fillna(0.0), ddof=1)
        )
    by_municipality = progress.municipality_summary(demo_engine, f, *rounds)
    totals = by_municipality.groupby("domain")[["n_pairs", "improved", "declined"]].sum()
    pd.testing.assert_frame_equal(totals, summary[["n_pairs", "improved", "declined"]])
    medians = changes.dropna().groupby(["municipality_code", "domain"])["change"].median()
    got = by_municipality.set_index(["municipality_code", "domain"])["median_change"]
    assert got.notna().sum() == len(medians) > (3 if selection.get("regions") else 10)
    pd.testing.assert_series_equal(got.dropna(), medians, check_names=False)


def test_assessment_pairs_hold_every_later_round_of_the_pilot(pilot_engine):
    """Each score meets each later round of its pilot: the later score, or NULL if missing."""
    import sqlalchemy as sa

    from evaldash.db import schema

    a, pair = schema.assessment, schema.assessment_pair
    with pilot_engine.connect() as conn:
        scores = conn.execute(
            sa.select(a.c.participant_key, a.c.domain_code, a.c.round, a.c.score)
        ).all()
        got = conn.execute(
            sa.select(
                pair.c.participant_key,
                pair.c.domain_code,
                pair.c.round_from,
                pair.c.round_to,
                pair.c.score_from,
                pair.c.score_to,
            )
        ).all()
    score = {(k, d, r): v for k, d, r, v in scores}
    want = [
        (k, d, r, later, v, score.get((k, d, later)))
        for (k, d, r), v in score.items()
        for later in (1, 2, 3)  # the pilot's rounds
        if later > r
    ]
    assert sorted(got, key=repr) == sorted(want, key=repr)
    assert len(want) == 36 and sum(row[-1] is None for row in want) == 23
