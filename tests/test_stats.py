"""Paired statistics against hand-computed values and scipy's own results."""

from __future__ import annotations

import itertools
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
        [2, -2, 1, -1, 3, -3],  # perfectly balanced
        list(np.random.default_rng(1).integers(-3, 5, size=80)),  # large, normal approximation
    ],
)
def test_wilcoxon_p_is_scipys_on_the_nonzero_changes(changes):
    nonzero = [c for c in changes if c != 0]
    assert stats.wilcoxon_p(changes) == scipy_stats.wilcoxon(nonzero).pvalue


def test_wilcoxon_p_ignores_missing_values():
    changes = [1, 2, 3, -1, 4, 5]
    assert stats.wilcoxon_p([*changes, NAN]) == scipy_stats.wilcoxon(changes).pvalue


@pytest.mark.parametrize(
    "changes",
    [
        [],
        [1, 2, 3, 4, 5],
        [1, 2, 3, 4, 5, NAN],
        [0] * 6,
        [0.0] * 30,
        [NAN] * 8,
        [0, 0, 0, 0, 0, 1],  # 6 pairs, but one change: nothing to test
        [1, 2, 3, 4, 5, 0, 0, 0, 0, 0],  # 10 pairs, 5 changes: p could never reach 0.05
    ],
)
def test_wilcoxon_p_not_tested(changes):
    assert math.isnan(stats.wilcoxon_p(changes))


def _signed_rank_p(changes: list[float]) -> float:
    """Two-sided p of the signed-rank statistic over every sign flip (zeros dropped)."""
    nonzero = np.array([c for c in changes if c != 0], dtype=float)
    ranks = scipy_stats.rankdata(np.abs(nonzero))
    observed = ranks[nonzero > 0].sum()
    flips = np.array(list(itertools.product([0, 1], repeat=len(nonzero))), dtype=bool)
    sums = flips @ ranks
    tail = min((sums <= observed + 1e-9).mean(), (sums >= observed - 1e-9).mean())
    return min(1.0, 2 * tail)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # 6 changes, no ties: R- = 1 (the smallest is the one decline); P(R- <= 1) = 2/64
        ([-0.5, 1, 2, 3, 4, 5], 4 / 64),
        # the same with four zeros (an "everyone enrolled" page): the p-value is unchanged
        ([-0.5, 1, 2, 3, 4, 5, 0, 0, 0, 0], 4 / 64),
        # ties (|1| twice) and a zero: an exact permutation test over the 2**6 sign flips
        ([1, 2, 3, -1, 4, 5, 0], 6 / 64),
        # 9 changes with ties plus 6 zeros: exact, where scipy on all 15 would approximate
        ([2, 1, 1, 3, -1, 2, 4, 1, -2, 0, 0, 0, 0, 0, 0], 62 / 512),
    ],
)
def test_wilcoxon_p_is_exact_for_small_samples(changes, expected):
    # The scipy behaviour these p-values need arrived in 1.15 (method="auto": exact, or an
    # exact permutation test with ties); pyproject.toml requires it.
    assert stats.wilcoxon_p(changes) == pytest.approx(expected, rel=1e-9)
    assert stats.wilcoxon_p(changes) == pytest.approx(_signed_rank_p(changes), rel=1e-9)


def test_zero_changes_do_not_change_the_p_value():
    changes = [2, 1, 1, 3, -1, 2, 4, 1, -2]
    padded = changes + [0] * 6
    assert stats.wilcoxon_p(padded) == stats.wilcoxon_p(changes)
    # scipy on the padded changes counts the zeros and takes the normal approximation
    assert scipy_stats.wilcoxon(padded).pvalue != pytest.approx(stats.wilcoxon_p(changes))


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


def test_detectable_change_by_hand():
    # Paired t-test, 10 pairs, alpha 0.05 two-sided, power 0.8: d = 0.996 standard deviations,
    # so 1.99 points for a standard deviation of 2 (a true change of 1 sd has power 0.803).
    assert stats.detectable_change(10, 2.0) == pytest.approx(1.992, abs=5e-4)
    assert stats.paired_t_power(10, 1.0) == pytest.approx(0.803, abs=5e-4)
    assert stats.paired_t_power(10, stats.detectable_change(10, 1.0)) == pytest.approx(0.8)
    assert stats.detectable_change(10, 2.0, power=0.9) > stats.detectable_change(10, 2.0)
    assert stats.detectable_change(10, 2.0, alpha=0.1) < stats.detectable_change(10, 2.0)
    assert stats.detectable_change(40, 2.0) < stats.detectable_change(10, 2.0)
    # Far more pairs: the t and normal formulas meet, (z_0.975 + z_0.8) / sqrt(n)
    assert stats.detectable_change(2000, 1.0) == pytest.approx(2.801585 / 2000**0.5, rel=1e-3)


@pytest.mark.parametrize("n", [6, 10, 30])
def test_detectable_change_has_its_power_in_simulated_t_tests(n):
    """Seeded: at the detectable change, paired t-tests on normal changes reject about 80 %."""
    sd, runs = 2.0, 20_000
    change = stats.detectable_change(n, sd)
    rng = np.random.default_rng(20180910 + n)
    samples = rng.normal(change, sd, size=(runs, n))
    t = samples.mean(axis=1) / (samples.std(axis=1, ddof=1) / n**0.5)
    power = float((np.abs(t) > scipy_stats.t.ppf(0.975, n - 1)).mean())
    assert 0.78 <= power <= 0.82, power  # 20,000 runs: standard error 0.003
    # The normal-approximation formula used before promised 80 % but delivered less
    old = (1.959964 + 0.841621) / (n * 3 / math.pi) ** 0.5
    if n <= 10:
        assert stats.paired_t_power(n, old) < 0.76


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


@pytest.mark.parametrize(
    ("events", "n"), [(0, 1), (0, 9), (1, 6), (3, 5), (7, 10), (9, 9), (12, 40), (499, 1000)]
)
def test_exact_interval_equals_scipy(events, n):
    want = scipy_stats.binomtest(events, n).proportion_ci(0.95, method="exact")
    low, high = stats.exact_interval(events, n)
    assert low == pytest.approx(want.low, abs=1e-12)
    assert high == pytest.approx(want.high, abs=1e-12)
    assert 0 <= low <= events / n <= high <= 1
    assert all(math.isnan(v) for v in stats.exact_interval(0, 0))
    with pytest.raises(ValueError, match="within 0..n"):
        stats.exact_interval(6, 5)


@pytest.mark.parametrize("n", [5, 10, 30])
def test_exact_interval_coverage_is_at_least_95_percent(n):
    """Exact coverage (a sum over every possible count), true shares 0.02 to 0.98."""
    counts = np.arange(n + 1)
    exact = np.array([stats.exact_interval(k, n) for k in counts])
    wilson = np.array([stats.wilson_interval(k, n) for k in counts])

    def coverage(intervals: np.ndarray, p: float) -> float:
        inside = (intervals[:, 0] <= p) & (p <= intervals[:, 1])
        return float(scipy_stats.binom.pmf(counts, n, p)[inside].sum())

    shares = np.linspace(0.02, 0.98, 97)
    worst_exact = min(coverage(exact, p) for p in shares)
    worst_wilson = min(coverage(wilson, p) for p in shares)
    assert worst_exact >= 0.95
    if n == 10:  # why the Compare page shows the exact interval, not Wilson's
        assert worst_wilson < 0.93


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


# --- intervals of a mean, a median and a ratio of sums --------------------------------------


def test_mean_interval_is_the_t_interval():
    values = [0.0, 1.0, 2.0, 3.0, 10.0, 4.0, 2.0]
    low, high = stats.mean_ci(values)
    want = scipy_stats.t.interval(0.95, 6, loc=np.mean(values), scale=scipy_stats.sem(values))
    assert (low, high) == pytest.approx(want, rel=1e-12)
    assert stats.mean_ci([*values, NAN]) == (low, high)
    assert stats.mean_ci(np.full(50, 7.0)) == (7.0, 7.0)
    assert all(math.isnan(v) for v in stats.mean_ci([1.0]))
    with pytest.raises(ValueError, match="level"):
        stats.mean_ci(values, level=95)


@pytest.mark.parametrize(
    ("n", "ranks"),
    # Binomial(n, 1/2): the largest r with 2 * P(B < r) <= 0.05
    [(6, (1, 6)), (9, (2, 8)), (10, (2, 9)), (17, (5, 13)), (30, (10, 21)), (100, (40, 61))],
)
def test_median_interval_is_two_order_statistics(n, ranks):
    values = np.arange(1.0, n + 1)  # the k-th smallest value is k
    assert stats.median_ci(values) == ranks
    assert stats.median_ci(values[::-1]) == ranks
    r = ranks[0]
    assert 2 * scipy_stats.binom.cdf(r - 1, n, 0.5) <= 0.05 < 2 * scipy_stats.binom.cdf(r, n, 0.5)


@pytest.mark.parametrize("values", [[], [1.0], [1.0, 2.0, 3.0, 4.0, 5.0], [1, 2, 3, 4, 5, NAN]])
def test_median_interval_needs_six_values(values):
    # 5 values: even smallest to largest covers the median only with 1 - 2/32 = 93.75 %
    assert all(math.isnan(v) for v in stats.median_ci(values))


def test_ratio_interval_is_fiellers():
    spent = np.array([400.0, 300.0, 550.0, 700.0, 380.0, 900.0])
    budget = np.array([1000.0, 500.0, 1000.0, 1000.0, 400.0, 2000.0])
    low, high = stats.ratio_ci(spent, budget)
    ratio = spent.sum() / budget.sum()
    assert 0 < low < ratio < high
    # Fieller's ends: where mean(x) - R mean(y) is exactly t standard errors from 0
    q = scipy_stats.t.ppf(0.975, 5)
    for end in (low, high):
        d = spent - end * budget
        assert abs(d.mean()) == pytest.approx(q * d.std(ddof=1) / 6**0.5, rel=1e-9)
    order = [3, 0, 5, 4, 1, 2]
    assert stats.ratio_ci(spent[order], budget[order]) == pytest.approx((low, high), rel=1e-12)
    assert stats.ratio_ci([40.0] * 5, [1000.0] * 5) == pytest.approx((0.04, 0.04))
    assert all(math.isnan(v) for v in stats.ratio_ci([1.0, NAN], [2.0, 3.0]))
    assert all(math.isnan(v) for v in stats.ratio_ci(np.ones(40), np.zeros(40)))
    with pytest.raises(ValueError, match="numerators"):
        stats.ratio_ci([1.0, 2.0], [1.0])


def test_ratio_interval_never_goes_below_zero():
    spent, budget = [100.0, 0.0, 50.0, 300.0, 80.0], [1000.0, 500.0, 1000.0, 1000.0, 400.0]
    assert stats.ratio_ci(spent, budget)[0] == 0.0


# Seeded coverage simulations: how often each interval method used on the Compare and
# Progress pages holds the true value, for data shaped like a pilot's. 4,000 samples per case
# (standard error of a coverage of 0.95: 0.0035); all of them take about two seconds. The
# promise is at least 93 % at a pilot municipality's 10 people (and from there on); at 5
# people the t interval of a share delivered holds 92.7 %, so there 90 % is asserted.

RUNS = 4000
LEAST_COVERAGE = {5: 0.90, 6: 0.93, 10: 0.93, 30: 0.93}
SHARE_SPENT_MEAN = 1.1 * 2 / 3.5  # 1.1 x Beta(2, 1.5)
SCORE_CHANGES = np.array([-2, -1, 0, 1, 2, 3, 4])
SCORE_WEIGHTS = np.array([0.05, 0.1, 0.3, 0.25, 0.15, 0.1, 0.05])


def _budgets_and_spending(rng, size, unused=0.1):
    """Individual budgets (EUR 1,500-3,500) and spending: 0-110 % of it, ``unused`` nothing."""
    budget = rng.uniform(1500.0, 3500.0, size)
    share = 1.1 * rng.beta(2.0, 1.5, size)
    share[rng.random(size) < unused] = 0.0
    return budget * share, budget


def _spending(rng, size):
    return _budgets_and_spending(rng, size)[0]


def _score_changes(rng, size):
    return rng.choice(SCORE_CHANGES, size=size, p=SCORE_WEIGHTS).astype(float)


def _delivered_shares(rng, size):
    """A participant's share of the plan delivered: 30 % get all of it, the rest Beta(4, 2)."""
    share = rng.beta(4.0, 2.0, size)
    share[rng.random(size) < 0.3] = 1.0
    return share


def _services(rng, size):
    return 1.0 + rng.poisson(3.0, size)


MEAN_CASES = {
    # name: (generator, true mean)
    "spending, EUR": (_spending, 2500.0 * SHARE_SPENT_MEAN * 0.9),
    "score change": (_score_changes, float(SCORE_CHANGES @ SCORE_WEIGHTS)),
    "share delivered": (_delivered_shares, 0.3 + 0.7 * 4 / 6),
    "services": (_services, 4.0),
}


def _coverage(samples, interval, truth):
    hits = [low <= truth <= high for low, high in (interval(s) for s in samples)]
    coverage = float(np.mean(hits))
    print(f"coverage {coverage:.3f}")  # shown with pytest -s
    return coverage


@pytest.mark.parametrize("n", [5, 10, 30])
@pytest.mark.parametrize("case", list(MEAN_CASES))
def test_mean_interval_coverage(case, n):
    generate, truth = MEAN_CASES[case]
    samples = generate(np.random.default_rng(n), (RUNS, n))
    assert _coverage(samples, stats.mean_ci, truth) >= LEAST_COVERAGE[n]


MEDIAN_CASES = {
    # name: (generator, true median)
    "score change": (_score_changes, 1.0),  # P(change <= 0) = 0.45, P(<= 1) = 0.70
    "spending, EUR": (lambda rng, size: rng.gamma(2.0, 300.0, size), 300.0 * 1.678347),
    "heavy-tailed": (lambda rng, size: rng.lognormal(3.5, 1.0, size), math.exp(3.5)),
}


@pytest.mark.parametrize("n", [6, 10, 30])
@pytest.mark.parametrize("case", list(MEDIAN_CASES))
def test_median_interval_coverage(case, n):
    generate, truth = MEDIAN_CASES[case]
    samples = generate(np.random.default_rng(n), (RUNS, n))
    assert _coverage(samples, stats.median_ci, truth) >= LEAST_COVERAGE[n]  # 95 %+ in theory


@pytest.mark.parametrize("n", [5, 10, 30])
@pytest.mark.parametrize("unused", [0.0, 0.1, 0.3])
def test_ratio_interval_coverage(unused, n):
    spent, budget = _budgets_and_spending(np.random.default_rng(n), (RUNS, n), unused)
    truth = SHARE_SPENT_MEAN * (1 - unused)  # share and budget independent
    hits = [
        low <= truth <= high
        for low, high in (stats.ratio_ci(s, b) for s, b in zip(spent, budget, strict=True))
    ]
    print(f"coverage {np.mean(hits):.3f}")  # shown with pytest -s
    assert float(np.mean(hits)) >= LEAST_COVERAGE[n]
