"""Paired statistics against hand-computed values and scipy's own results."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as scipy_stats

from evaldash import stats

NAN = math.nan


@pytest.mark.parametrize(
    ("before", "after", "higher_is_better", "expected"),
    [
        ([3, 5], [6, 4], True, [3.0, -1.0]),
        ([3, 1], [1, 2], False, [2.0, -1.0]),  # ICF-like qualifier: falling is better
        ([2, 2], [2, NAN], True, [0.0, NAN]),
    ],
)
def test_oriented_change(before, after, higher_is_better, expected):
    got = stats.oriented_change(before, after, higher_is_better)
    np.testing.assert_array_equal(got, np.array(expected))


@pytest.mark.parametrize(
    ("changes", "mid", "expected"),
    [
        ([2, 3, 1.9, 0, -1.9, -2, -5], 2, ["improved"] * 2 + ["unchanged"] * 3 + ["declined"] * 2),
        ([1, 0.5, -0.5, -1], 1.0, ["improved", "unchanged", "unchanged", "declined"]),
        ([4.3 - 2.3, 2.3 - 4.3], 2, ["improved", "declined"]),  # 1.9999999999999996 is 2 points
        ([NAN, 0.0], 1, ["missing", "unchanged"]),
        ([1, 1, -1], [1, 2, 1], ["improved", "unchanged", "declined"]),  # one mid per change
        ([], 2, []),
    ],
)
def test_classify(changes, mid, expected):
    got = stats.classify(changes, mid)
    assert got.tolist() == expected
    assert got.shape == (len(expected),)


@pytest.mark.parametrize("mid", [0, -1, NAN])
def test_classify_needs_a_positive_mid(mid):
    with pytest.raises(ValueError, match="must be positive"):
        stats.classify([1.0], mid)


@pytest.mark.parametrize(
    "changes",
    [
        [1, 2, 3, -1, 4, 5],  # 6 pairs, exact distribution
        [3, 1, 2, -2, 0, 4, 1],  # ties and a zero
        [3, 1, 2, -2, 0, 4, 1, 0],  # two zeros
        [-1, -2, -3, -4, -5, -6, 1],  # mostly declines
        [0, 0, 0, 0, 0, 1],  # one change among zeros
        [2, -2, 1, -1, 3, -3],  # perfectly balanced
        list(np.random.default_rng(1).integers(-3, 5, size=80)),  # large, normal approximation
    ],
)
def test_wilcoxon_p_is_scipys(changes):
    assert stats.wilcoxon_p(changes) == scipy_stats.wilcoxon(changes).pvalue


def test_wilcoxon_p_ignores_missing_values():
    changes = [1, 2, 3, -1, 4, 5]
    assert stats.wilcoxon_p([*changes, NAN]) == scipy_stats.wilcoxon(changes).pvalue


@pytest.mark.parametrize(
    "changes",
    [[], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5, NAN], [0] * 6, [0.0] * 30, [NAN] * 8],
)
def test_wilcoxon_p_not_tested(changes):
    assert math.isnan(stats.wilcoxon_p(changes))


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # |d| = 1, 2, 3, 1 -> ranks 1.5, 3, 4, 1.5; R+ = 8.5, R- = 1.5; (8.5 - 1.5) / 10
        ([1, 2, 3, -1], 0.7),
        ([1, 2, 3], 1.0),
        ([-1, -2], -1.0),
        ([1, -1], 0.0),
        # zero dropped; |d| = 1, 2, 3 -> R+ = 1 + 3, R- = 2; (4 - 2) / 6
        ([1, 0, -2, 3], 1 / 3),
        # |d| = 2, 2, 2, 1 -> ranks 3, 3, 3, 1; R+ = 7, R- = 3; (7 - 3) / 10
        ([2, 2, -2, 1], 0.4),
        # nonzero 3, 1, 2, -2, 4, 1 -> ranks 5, 1.5, 3.5, 3.5, 6, 1.5; (17.5 - 3.5) / 21
        ([3, 1, 2, -2, 0, 4, 1], 2 / 3),
        ([1, NAN, 2], 1.0),
    ],
)
def test_rank_biserial_by_hand(changes, expected):
    assert stats.rank_biserial(changes) == pytest.approx(expected)


@pytest.mark.parametrize("changes", [[], [0, 0, 0], [NAN, 0]])
def test_rank_biserial_without_any_change(changes):
    assert math.isnan(stats.rank_biserial(changes))


@pytest.mark.parametrize("seed", range(5))
def test_rank_biserial_agrees_with_the_wilcoxon_rank_sum(seed):
    changes = np.random.default_rng(seed).integers(-4, 6, size=25)
    nonzero = changes[changes != 0]
    total = len(nonzero) * (len(nonzero) + 1) / 2
    positive = scipy_stats.wilcoxon(changes, alternative="greater").statistic  # R+
    r = stats.rank_biserial(changes)
    assert r == pytest.approx((2 * positive - total) / total)
    assert -1 <= r <= 1
    assert np.sign(r) == np.sign(positive - total / 2)
    assert stats.rank_biserial(-changes) == pytest.approx(-r)


def test_bootstrap_is_deterministic_for_a_seed():
    changes = np.random.default_rng(0).normal(1.0, 2.0, size=40)
    first = stats.bootstrap_median_ci(changes, seed=7)
    assert first == stats.bootstrap_median_ci(changes, seed=7)
    assert first == stats.bootstrap_median_ci(changes[::-1], seed=7)  # order does not matter
    assert first != stats.bootstrap_median_ci(changes, seed=8)


@pytest.mark.parametrize(
    "changes",
    [
        [3, 1, 2, -2, 0, 4, 1],
        [1, 1, 2, 0, 1, 3, 1, 0, 2, 1],
        list(np.random.default_rng(3).normal(0.5, 1.5, size=60)),
    ],
)
def test_bootstrap_contains_the_sample_median(changes):
    low, high = stats.bootstrap_median_ci(changes)
    assert low <= np.median(changes) <= high
    assert min(changes) <= low and high <= max(changes)
    narrow = stats.bootstrap_median_ci(changes, level=0.5)
    assert low <= narrow[0] <= narrow[1] <= high


@pytest.mark.parametrize("changes", [[], [1.0], [NAN, 2.0]])
def test_bootstrap_needs_two_values(changes):
    low, high = stats.bootstrap_median_ci(changes)
    assert math.isnan(low) and math.isnan(high)


def test_bootstrap_of_identical_changes_is_a_point():
    assert stats.bootstrap_median_ci([0.0] * 10) == (0.0, 0.0)


@pytest.mark.parametrize(("level", "n_resamples"), [(0, 2000), (1.5, 2000), (0.95, 0)])
def test_bootstrap_rejects_bad_arguments(level, n_resamples):
    with pytest.raises(ValueError, match="must be"):
        stats.bootstrap_median_ci([1, 2, 3], level=level, n_resamples=n_resamples)


def test_detectable_change_by_hand():
    # (z_0.975 + z_0.8) * sd / sqrt(n * 3 / pi) = (1.959964 + 0.841621) * 2 / sqrt(30 / pi)
    assert stats.detectable_change(10, 2.0) == pytest.approx(2.801585 * 2 / 3.090194, rel=1e-6)
    assert stats.detectable_change(40, 2.0) == pytest.approx(stats.detectable_change(10, 1.0))
    assert stats.detectable_change(10, 2.0, power=0.9) > stats.detectable_change(10, 2.0)
    assert stats.detectable_change(10, 2.0, alpha=0.1) < stats.detectable_change(10, 2.0)


@pytest.mark.parametrize(("n", "sd"), [(0, 1.0), (1, 1.0), (10, None), (10, NAN)])
def test_detectable_change_not_computable(n, sd):
    assert math.isnan(stats.detectable_change(n, sd))


@pytest.mark.parametrize(("alpha", "power"), [(0.0, 0.8), (0.05, 1.0), (1.2, 0.8)])
def test_detectable_change_rejects_bad_levels(alpha, power):
    with pytest.raises(ValueError, match="must be between 0 and 1"):
        stats.detectable_change(10, 1.0, alpha=alpha, power=power)


@pytest.mark.parametrize(
    ("events", "n"), [(0, 1), (0, 9), (1, 6), (3, 5), (7, 10), (9, 9), (12, 40), (499, 1000)]
)
@pytest.mark.parametrize("level", [0.95, 0.998])
def test_wilson_interval_equals_scipy(events, n, level):
    want = scipy_stats.binomtest(events, n).proportion_ci(level, method="wilson")
    low, high = stats.wilson_interval(events, n, level)
    assert low == pytest.approx(want.low, abs=1e-12)
    assert high == pytest.approx(want.high, abs=1e-12)
    assert 0 <= low <= events / n <= high <= 1


def test_wilson_interval_edges():
    assert stats.wilson_interval(0, 9)[0] == 0.0  # exactly, not 1e-17
    assert stats.wilson_interval(9, 9)[1] == 1.0
    assert all(math.isnan(v) for v in stats.wilson_interval(0, 0))
    with pytest.raises(ValueError, match="within 0..n"):
        stats.wilson_interval(6, 5)
    with pytest.raises(ValueError, match="level"):
        stats.wilson_interval(1, 5, level=95)


@pytest.mark.parametrize("proportion", [0.0, 0.1, 0.5, 8 / 12, 0.93, 1.0])
@pytest.mark.parametrize("level", [0.95, 0.998])
def test_binomial_limits_are_the_exact_quantiles(proportion, level):
    sizes = np.arange(1, 61)
    lower, upper = stats.binomial_limits(proportion, sizes, level)
    tail = (1 - level) / 2
    for n, low, high in zip(sizes, lower, upper, strict=True):
        k_low, k_high = round(low * n), round(high * n)
        assert k_low == pytest.approx(low * n) and k_high == pytest.approx(high * n)
        # The tightest whole counts leaving at most the tail outside on each side.
        assert scipy_stats.binom.cdf(k_low, n, proportion) >= tail
        assert k_low == 0 or scipy_stats.binom.cdf(k_low - 1, n, proportion) < tail
        assert scipy_stats.binom.sf(k_high - 1, n, proportion) >= tail or k_high == 0
        assert k_high == n or scipy_stats.binom.sf(k_high, n, proportion) <= tail


def test_binomial_limits_narrow_with_n_and_widen_with_level():
    lower95, upper95 = stats.binomial_limits(0.5, [10, 1000], 0.95)
    lower998, upper998 = stats.binomial_limits(0.5, [10, 1000], 0.998)
    assert upper95[1] - lower95[1] < upper95[0] - lower95[0]
    assert (lower998 <= lower95).all() and (upper998 >= upper95).all()
    assert np.isnan(stats.binomial_limits(0.5, [0], 0.95)[0][0])
    with pytest.raises(ValueError, match="proportion"):
        stats.binomial_limits(1.5, [10])


def test_bootstrap_ci_of_mean_and_median():
    values = [0.0, 1.0, 2.0, 3.0, 10.0, 4.0, 2.0]
    low, high = stats.bootstrap_ci(values, "mean")
    assert low < np.mean(values) < high
    assert (low, high) == stats.bootstrap_ci(values[::-1], "mean")  # order does not matter
    assert stats.bootstrap_ci(values, "median") == stats.bootstrap_median_ci(values)
    assert stats.bootstrap_ci([5.0, 5.0, 5.0], "mean") == (5.0, 5.0)
    assert all(math.isnan(v) for v in stats.bootstrap_ci([1.0], "mean"))
    with pytest.raises(ValueError, match="statistic"):
        stats.bootstrap_ci(values, "mode")


def test_bootstrap_ratio_ci_resamples_pairs():
    spent, budget = [100.0, 0.0, 50.0, 300.0, 80.0], [1000.0, 500.0, 1000.0, 1000.0, 400.0]
    low, high = stats.bootstrap_ratio_ci(spent, budget)
    assert low < sum(spent) / sum(budget) < high
    # Shuffling the pairs together changes nothing; breaking them apart does.
    order = [3, 0, 4, 1, 2]
    shuffled = ([spent[i] for i in order], [budget[i] for i in order])
    assert stats.bootstrap_ratio_ci(*shuffled) == (low, high)
    assert stats.bootstrap_ratio_ci([40.0] * 5, [1000.0] * 5) == (0.04, 0.04)
    assert all(math.isnan(v) for v in stats.bootstrap_ratio_ci([1.0, NAN], [2.0, 3.0]))
    with pytest.raises(ValueError, match="numerators"):
        stats.bootstrap_ratio_ci([1.0, 2.0], [1.0])


def test_intervals_switch_to_normal_theory_at_large_samples():
    rng = np.random.default_rng(5)
    small, large = rng.gamma(2.0, 300.0, 20), rng.gamma(2.0, 300.0, 400)
    # Below LARGE_SAMPLE they are the bootstrap itself.
    assert stats.mean_ci(small) == stats.bootstrap_ci(small, "mean")
    assert stats.median_ci(small) == stats.bootstrap_ci(small, "median")
    budgets = rng.uniform(2000.0, 4000.0, 20)
    assert stats.ratio_ci(small, budgets) == stats.bootstrap_ratio_ci(small, budgets)
    # From there on they are not, but agree with it: ends within a tenth of the width.
    for fast, slow in (
        (stats.mean_ci(large), stats.bootstrap_ci(large, "mean")),
        (stats.median_ci(large), stats.bootstrap_ci(large, "median")),
    ):
        assert fast != slow
        width = slow[1] - slow[0]
        assert abs(fast[0] - slow[0]) < 0.1 * width and abs(fast[1] - slow[1]) < 0.1 * width
    budgets = rng.uniform(2000.0, 4000.0, 400)
    fast, slow = stats.ratio_ci(large, budgets), stats.bootstrap_ratio_ci(large, budgets)
    assert abs(fast[0] - slow[0]) < 0.1 * (slow[1] - slow[0])
    assert fast[0] < large.sum() / budgets.sum() < fast[1]


def test_median_interval_is_two_order_statistics():
    values = np.arange(100.0)  # median 49.5; Binomial(100, 1/2) 2.5 % quantile is 40
    assert stats.median_ci(values) == (39.0, 60.0)
    assert stats.median_ci(values[::-1]) == (39.0, 60.0)
    assert stats.mean_ci(np.full(50, 7.0)) == (7.0, 7.0)
    assert all(math.isnan(v) for v in stats.ratio_ci(np.ones(40), np.zeros(40)))
