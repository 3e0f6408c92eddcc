"""Paired tests, effect sizes and intervals: progress between rounds, municipal comparison.

Pure functions on numpy arrays: no database, no files, no Streamlit. The paired functions take
*oriented* changes (positive = better, see :func:`oriented_change`); every function ignores
missing values (NaN), so a column with missing reassessments can be passed as it is.

For comparing municipalities: :func:`exact_interval` (a proportion's interval, never below
its level), :func:`wilson_interval` (narrower, but below its level for some proportions),
:func:`binomial_limits` (funnel-plot control limits and the test behind a proportion's rating),
:func:`mean_ci` (t interval), :func:`median_ci` (order statistics) and :func:`ratio_ci`
(Fieller). Each was chosen because it keeps its promised 95 % coverage, or close to it, at the
10 people of a pilot municipality: ``tests/test_stats.py`` measures every one by seeded
simulation at n = 5, 10 and 30. None of them resamples, so none needs a seed.
"""

from __future__ import annotations

import functools
import math
from types import ModuleType

import numpy as np
import numpy.typing as npt

__all__ = [
    "MID_TOLERANCE",
    "MIN_PAIRS_FOR_TEST",
    "binomial_limits",
    "classify",
    "detectable_change",
    "exact_interval",
    "mean_ci",
    "median_ci",
    "oriented_change",
    "paired_t_power",
    "ratio_ci",
    "rank_biserial",
    "wilcoxon_p",
    "wilson_interval",
]


def _scipy() -> ModuleType:
    """``scipy.stats``, imported when first needed.

    It takes a second or more to import: a new server's first page would wait for it before
    its first chart, which needs none of it.
    """
    from scipy import stats

    return stats


MIN_PAIRS_FOR_TEST = 6
"""Fewer non-zero changes than this and the Wilcoxon test is not run (p-value NaN, "not tested").

The test drops zero changes, so only the non-zero ones count. With 5 of them the smallest
possible two-sided exact p-value is 2/32 = 0.0625: the test could never reach the 0.05 level,
so a p-value would only mislead. With 6 it is 2/64 = 0.031.
"""

MID_TOLERANCE = 1e-9
"""A change this close to the minimal important difference counts as reaching it.

Guards against floating-point subtraction: 4.3 - 2.3 is 1.9999999999999996, which is a change
of 2 points for every reader. ``metrics.progress`` uses the same tolerance in SQL.
"""

ArrayLike = npt.ArrayLike


def _values(changes: ArrayLike) -> np.ndarray:
    """Return ``changes`` as a 1-d float array without missing values."""
    values = np.asarray(changes, dtype=float).ravel()
    return values[~np.isnan(values)]


def oriented_change(before: ArrayLike, after: ArrayLike, higher_is_better: bool) -> np.ndarray:
    """Return the change from ``before`` to ``after`` so that positive always means better.

    Args:
        before: scores in the earlier round.
        after: scores in the later round, aligned with ``before`` (NaN where missing).
        higher_is_better: the domain's direction; for a higher-is-worse scale (ICF qualifiers,
            support intensity) a falling score is an improvement.

    Returns:
        ``after - before`` if ``higher_is_better`` else ``before - after`` (float array; NaN
        where either score is missing).
    """
    delta = np.asarray(after, dtype=float) - np.asarray(before, dtype=float)
    return delta if higher_is_better else -delta


def classify(changes: ArrayLike, mid: float | ArrayLike) -> np.ndarray:
    """Label each oriented change "improved", "unchanged" or "declined".

    A change of at least the minimal important difference (``mid``, within
    :data:`MID_TOLERANCE`) is "improved", one of at most ``-mid`` is "declined", anything in
    between "unchanged". A missing change (NaN) is labelled "missing".

    Args:
        changes: oriented changes (positive = better).
        mid: the domain's minimal important difference (> 0), or one per change.

    Returns:
        An array of ``str`` labels, aligned with ``changes``.

    Raises:
        ValueError: if a ``mid`` is not positive.
    """
    values = np.asarray(changes, dtype=float)
    mids = np.asarray(mid, dtype=float)
    if np.any(~(mids > 0)):
        raise ValueError(f"the minimal important difference must be positive; got {mid!r}")
    labels = np.full(values.shape, "unchanged", dtype=object)
    labels[values >= mids - MID_TOLERANCE] = "improved"
    labels[values <= -mids + MID_TOLERANCE] = "declined"
    labels[np.isnan(values)] = "missing"
    return labels.astype(str)


def wilcoxon_p(changes: ArrayLike) -> float:
    """Return the two-sided Wilcoxon signed-rank p-value of the paired changes.

    Zero changes are dropped first (Wilcoxon's own treatment, scipy's ``zero_method="wilcox"``),
    then ``scipy.stats.wilcoxon(nonzero).pvalue`` with scipy's default ``method="auto"``. From
    scipy 1.15 on (the minimum in ``pyproject.toml``) that is exact for the small samples of a
    pilot: the exact signed-rank distribution without ties, an exact (every sign flip) permutation
    test with ties up to 13 changes; the normal approximation only above 13 changes with ties or
    above 50 changes. Dropping the zeros before calling scipy keeps that choice, and so the
    p-value, independent of how many zero changes there are (scipy 1.15+ would count them
    towards the 13 and 50 and add them as ties otherwise).

    Args:
        changes: oriented changes; NaN values are ignored.

    Returns:
        The p-value, or NaN ("not tested") when fewer than :data:`MIN_PAIRS_FOR_TEST` changes
        are non-zero.
    """
    values = _values(changes)
    nonzero = values[values != 0]
    if len(nonzero) < MIN_PAIRS_FOR_TEST:
        return math.nan
    return float(_scipy().wilcoxon(nonzero).pvalue)


def rank_biserial(changes: ArrayLike) -> float:
    """Return the matched-pairs rank-biserial correlation of the paired changes.

    ``r = (R+ - R-) / (R+ + R-)``, where ``R+`` and ``R-`` are the sums of the ranks of the
    absolute changes that are positive and negative. As in the Wilcoxon test with
    ``zero_method="wilcox"``, zero changes are dropped before ranking; tied absolute changes get
    their average rank. ``r`` runs from -1 (every participant declined) to +1 (every participant
    improved); it is the share of favourable minus unfavourable rank evidence (Kerby 2014).

    Args:
        changes: oriented changes; NaN values are ignored.

    Returns:
        The effect size in [-1, 1], or NaN when no change is nonzero.
    """
    values = _values(changes)
    values = values[values != 0]
    if len(values) == 0:
        return math.nan
    ranks = _scipy().rankdata(np.abs(values))
    positive = ranks[values > 0].sum()
    negative = ranks[values < 0].sum()
    return float((positive - negative) / ranks.sum())


def mean_ci(values: ArrayLike, level: float = 0.95) -> tuple[float, float]:
    """Return the t interval of the mean: ``mean -/+ t(n - 1) * sd / sqrt(n)``.

    Chosen over the bootstrap for the 10 people of a pilot municipality: in seeded simulations
    at n = 10 (``tests/test_stats.py``) it covers the true mean in about 95 % of samples of
    budget-bounded spending, integer score changes, shares delivered and service counts, where
    the percentile bootstrap used before covered 89-92 % (BCa did no better at this size).
    Very skewed values (an exponential shape) still bring it down to about 90 % at n = 10.
    NaN values are ignored.

    Returns:
        ``(low, high)``, or ``(NaN, NaN)`` for fewer than 2 values.

    Raises:
        ValueError: if ``level`` is not between 0 and 1.
    """
    _check_level(level)
    data = _values(values)
    if len(data) < 2:
        return (math.nan, math.nan)
    half = _quantile_t(level, len(data)) * data.std(ddof=1) / math.sqrt(len(data))
    centre = float(data.mean())
    return (centre - half, centre + half)


def median_ci(values: ArrayLike, level: float = 0.95) -> tuple[float, float]:
    """Return the distribution-free order-statistic interval of the median.

    The interval from the r-th to the (n - r + 1)-th smallest value, with r the largest rank
    for which ``2 * P(Binomial(n, 1/2) < r) <= 1 - level``: it covers the true median with
    probability at least ``level`` whatever the distribution (ties only widen it), e.g. 97.9 %
    from the 2nd to the 9th of 10 values. Below 6 values even the smallest to the largest
    value covers the median with probability ``1 - 2 ** (1 - n)`` only (93.75 % for 5), less
    than 95 %: then there is no interval. NaN values are ignored.

    Returns:
        ``(low, high)``, or ``(NaN, NaN)`` when no order-statistic interval reaches ``level``.

    Raises:
        ValueError: if ``level`` is not between 0 and 1.
    """
    _check_level(level)
    data = np.sort(_values(values))
    r = _median_rank(level, len(data))
    if r < 1:
        return (math.nan, math.nan)
    return (float(data[r - 1]), float(data[len(data) - r]))


def ratio_ci(
    numerators: ArrayLike, denominators: ArrayLike, level: float = 0.95
) -> tuple[float, float]:
    """Return Fieller's interval for ``sum(numerators) / sum(denominators)``.

    One pair per person (e.g. spending and budget). The ratio of sums is the ratio of the two
    means; Fieller's interval holds every ratio R for which ``mean(x) - R * mean(y)`` is within
    ``t(n - 1)`` standard errors of 0, the standard error taking the covariance of the pairs
    into account. In seeded simulations at n = 10 it covers the true ratio of spending to
    budget in about 95 % of samples (the delta method with the normal quantile: about 91 %;
    the percentile bootstrap: about 89 %). Pairs with a missing value are dropped.

    The lower end is never below 0 when no value is negative: the ratio cannot be.

    Returns:
        ``(low, high)``, or ``(NaN, NaN)`` for fewer than 2 pairs, or when the denominators'
        mean is not clearly above 0 (the interval would be unbounded).

    Raises:
        ValueError: if the two arrays differ in length or ``level`` is not between 0 and 1.
    """
    _check_level(level)
    top, bottom = _pairs(numerators, denominators)
    n = len(top)
    if n < 2:
        return (math.nan, math.nan)
    q2 = _quantile_t(level, n) ** 2
    mx, my = top.mean(), bottom.mean()
    cov = np.cov(top, bottom, ddof=1) / n  # of the two means
    a = my * my - q2 * cov[1, 1]
    if not a > 0:
        return (math.nan, math.nan)
    b = mx * my - q2 * cov[0, 1]
    c = mx * mx - q2 * cov[0, 0]
    root = math.sqrt(max(b * b - a * c, 0.0))
    low, high = (b - root) / a, (b + root) / a
    if (top >= 0).all() and (bottom >= 0).all():
        low = max(low, 0.0)  # a ratio of sums of non-negative values is never below 0
    return (float(low), float(high))


def _pairs(numerators: ArrayLike, denominators: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Numerators and denominators as float arrays, pairs with a missing value dropped."""
    top = np.asarray(numerators, dtype=float).ravel()
    bottom = np.asarray(denominators, dtype=float).ravel()
    if top.shape != bottom.shape:
        raise ValueError(f"got {len(top)} numerators but {len(bottom)} denominators")
    keep = ~(np.isnan(top) | np.isnan(bottom))
    return top[keep], bottom[keep]


def _check_level(level: float) -> None:
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1 (e.g. 0.95); got {level}")


# Quantiles are remembered: a comparison asks the same few hundreds of times, and scipy's
# distribution machinery costs about 0.1 ms a call.


@functools.lru_cache(maxsize=4096)
def _quantile_t(level: float, n: int) -> float:
    """The two-sided quantile of ``level`` of Student's t with ``n - 1`` degrees of freedom."""
    return float(_scipy().t.ppf((1 + level) / 2, n - 1))


@functools.lru_cache(maxsize=64)
def _quantile_z(level: float) -> float:
    """The two-sided standard normal quantile of ``level`` (1.96 for 0.95)."""
    return float(_scipy().norm.ppf((1 + level) / 2))


@functools.lru_cache(maxsize=4096)
def _median_rank(level: float, n: int) -> int:
    """Rank r of the order-statistic interval of the median of ``n`` values (:func:`median_ci`).

    0 when even the smallest and largest value do not reach ``level``.
    """
    if n < 1:
        return 0
    return int(_scipy().binom.ppf((1 - level) / 2, n, 0.5))


def wilson_interval(events: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Return the Wilson score interval for a proportion of ``events`` out of ``n``.

    The interval public-health indicator tools use for proportions: unlike the normal
    approximation it stays within 0..1 and is sensible for the 7-of-10 proportions of a
    pilot municipality. Equals ``scipy.stats.binomtest(events, n).proportion_ci(level,
    method="wilson")``.

    Returns:
        ``(low, high)`` as proportions, or ``(NaN, NaN)`` when ``n`` is 0.

    Raises:
        ValueError: if ``events`` is not within 0..n or ``level`` is not between 0 and 1.
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1 (e.g. 0.95); got {level}")
    if n < 0 or not 0 <= events <= max(n, 0):
        raise ValueError(f"events must be within 0..n; got {events} of {n}")
    if n == 0:
        return (math.nan, math.nan)
    z = _quantile_z(level)
    share = events / n
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n))
    # At 0 and n events the bounds are 0 and 1 exactly; rounding would leave 1e-17.
    low = 0.0 if events == 0 else max(0.0, centre - half)
    high = 1.0 if events == n else min(1.0, centre + half)
    return (low, high)


def exact_interval(events: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Return the exact (Clopper-Pearson) interval for a proportion of ``events`` out of ``n``.

    The interval of every proportion p for which ``events`` is not in either ``(1 - level) / 2``
    tail of Binomial(n, p), from beta quantiles. It covers the true proportion with probability
    at least ``level`` for every p and n, which :func:`wilson_interval` does not promise: at 10
    people Wilson's dips to about 92 % (true share 0.31) and 91 % (0.05). Equals
    ``scipy.stats.binomtest(events, n).proportion_ci(level, method="exact")``.

    Returns:
        ``(low, high)`` as proportions, or ``(NaN, NaN)`` when ``n`` is 0.

    Raises:
        ValueError: if ``events`` is not within 0..n or ``level`` is not between 0 and 1.
    """
    _check_level(level)
    if n < 0 or not 0 <= events <= max(n, 0):
        raise ValueError(f"events must be within 0..n; got {events} of {n}")
    if n == 0:
        return (math.nan, math.nan)
    tail = (1 - level) / 2
    beta = _scipy().beta
    low = 0.0 if events == 0 else float(beta.ppf(tail, events, n - events + 1))
    high = 1.0 if events == n else float(beta.isf(tail, events + 1, n - events))
    return (low, high)


def binomial_limits(
    proportion: float, n: ArrayLike, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Return exact binomial control limits for a funnel plot around ``proportion``.

    For each sample size in ``n``: the ``(1 - level) / 2`` and ``(1 + level) / 2`` quantiles
    of Binomial(n, proportion) divided by n, so that a municipality of that size whose true
    proportion equals the group's lies within the limits with probability at least ``level``
    (95 % and 99.8 % are the usual two funnels: about 2 and 3 standard deviations). The
    limits step, because counts are whole numbers.

    Returns:
        ``(lower, upper)`` arrays of proportions aligned with ``n`` (NaN where n < 1).

    Raises:
        ValueError: if ``proportion`` is not within 0..1 or ``level`` not between 0 and 1.
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1 (e.g. 0.998); got {level}")
    if not 0 <= proportion <= 1:
        raise ValueError(f"proportion must be within 0..1; got {proportion}")
    sizes = np.asarray(n, dtype=float)
    valid = sizes >= 1
    safe = np.where(valid, sizes, 1)
    lower = _scipy().binom.ppf((1 - level) / 2, safe, proportion) / safe
    upper = _scipy().binom.ppf((1 + level) / 2, safe, proportion) / safe
    return (np.where(valid, lower, np.nan), np.where(valid, upper, np.nan))


def detectable_change(n: int, sd: float | None, alpha: float = 0.05, power: float = 0.8) -> float:
    """Return the smallest true mean change a paired t-test on ``n`` pairs detects with ``power``.

    Exact for normally distributed changes with standard deviation ``sd``: the change ``d * sd``
    for which the two-sided one-sample t-test of the changes at level ``alpha`` rejects with
    probability ``power``, the test statistic following the noncentral t distribution with
    ``n - 1`` degrees of freedom and noncentrality ``d * sqrt(n)``. With 10 pairs and a standard
    deviation of change of 2 points this is about 2.0 points (the normal-approximation formula
    said 1.8, at which the t-test's power is only about 0.72). The Wilcoxon test the Progress
    page runs needs a little more for normal changes (its efficiency against the t-test is about
    0.95).

    Args:
        n: number of pairs.
        sd: standard deviation of the changes (e.g. the sample's); None or NaN if unknown.
        alpha: two-sided significance level.
        power: wanted probability of detecting the change.

    Returns:
        The change in scale points, or NaN for ``n < 2`` or a missing ``sd``.

    Raises:
        ValueError: if ``alpha`` or ``power`` is not between 0 and 1.
    """
    for name, value in (("alpha", alpha), ("power", power)):
        if not 0 < value < 1:
            raise ValueError(f"{name} must be between 0 and 1; got {value}")
    if n < 2 or sd is None or math.isnan(sd):
        return math.nan
    return _detectable_effect(int(n), alpha, power) * float(sd)


def paired_t_power(n: int, effect: float, alpha: float = 0.05) -> float:
    """Return the power of the two-sided paired t-test on ``n`` pairs at level ``alpha``.

    ``effect`` is the true mean change in standard deviations of change (Cohen's d); the power
    is ``P(|T| > t[1 - alpha/2])`` for T noncentral t with ``n - 1`` degrees of freedom and
    noncentrality ``effect * sqrt(n)``.
    """
    nct = _scipy().nct
    critical = float(_scipy().t.ppf(1 - alpha / 2, n - 1))
    shift = effect * math.sqrt(n)
    wrong_side = float(nct.cdf(-critical, n - 1, shift))
    if math.isnan(wrong_side):  # scipy gives NaN for a tail far below 1e-300 (large n and d)
        wrong_side = 0.0
    return float(nct.sf(critical, n - 1, shift)) + wrong_side


@functools.lru_cache(maxsize=1024)
def _detectable_effect(n: int, alpha: float, power: float) -> float:
    """The effect (in standard deviations) at which :func:`paired_t_power` equals ``power``."""
    high = 1.0
    while paired_t_power(n, high, alpha) < power:  # power rises with the effect towards 1
        high *= 2
    return float(_scipy_optimize().brentq(lambda d: paired_t_power(n, d, alpha) - power, 0.0, high))


def _scipy_optimize() -> ModuleType:
    """``scipy.optimize``, imported when first needed (as :func:`_scipy`)."""
    from scipy import optimize

    return optimize
