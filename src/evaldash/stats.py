"""Paired tests, effect sizes and intervals: progress between rounds, municipal comparison.

Pure functions on numpy arrays: no database, no files, no Streamlit. The paired functions take
*oriented* changes (positive = better, see :func:`oriented_change`); every function ignores
missing values (NaN), so a column with missing reassessments can be passed as it is.

For comparing municipalities: :func:`wilson_interval` (a proportion's interval),
:func:`binomial_limits` (funnel-plot control limits), :func:`mean_ci`, :func:`median_ci` and
:func:`ratio_ci` (intervals of a mean, a median and a ratio of sums: the percentile bootstrap
below :data:`LARGE_SAMPLE` values, normal theory from there on).
"""

from __future__ import annotations

import functools
import math
from types import ModuleType

import numpy as np
import numpy.typing as npt

__all__ = [
    "LARGE_SAMPLE",
    "MID_TOLERANCE",
    "MIN_PAIRS_FOR_TEST",
    "binomial_limits",
    "bootstrap_ci",
    "bootstrap_median_ci",
    "bootstrap_ratio_ci",
    "classify",
    "detectable_change",
    "mean_ci",
    "median_ci",
    "oriented_change",
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
"""Fewer pairs than this and the Wilcoxon test is not run (p-value NaN, "not tested").

With 5 pairs the smallest possible two-sided exact p-value is 2/32 = 0.0625: the test could
never reach the 0.05 level, so a p-value would only mislead.
"""

MID_TOLERANCE = 1e-9
"""A change this close to the minimal important difference counts as reaching it.

Guards against floating-point subtraction: 4.3 - 2.3 is 1.9999999999999996, which is a change
of 2 points for every reader. ``metrics.progress`` uses the same tolerance in SQL.
"""

LARGE_SAMPLE = 30
"""From this many values on, :func:`mean_ci`, :func:`median_ci` and :func:`ratio_ci` use normal
theory instead of the bootstrap.

A pilot municipality's 10 skewed costs need the bootstrap; from 30 values on the t interval,
the delta method and the order-statistic interval agree with it to within resampling noise,
and cost microseconds instead of 2,000 resamples of every municipality of a national roll-out.
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

    Exactly ``scipy.stats.wilcoxon(changes).pvalue`` with scipy's default arguments
    (``zero_method="wilcox"``: zero changes are dropped before ranking; exact distribution for
    small samples without ties, normal approximation otherwise).

    Args:
        changes: oriented changes; NaN values are ignored.

    Returns:
        The p-value, or NaN ("not tested") when there are fewer than
        :data:`MIN_PAIRS_FOR_TEST` changes or all of them are zero.
    """
    values = _values(changes)
    if len(values) < MIN_PAIRS_FOR_TEST or not np.any(values):
        return math.nan
    return float(_scipy().wilcoxon(values).pvalue)


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


def bootstrap_median_ci(
    changes: ArrayLike, seed: int = 20180910, n_resamples: int = 2000, level: float = 0.95
) -> tuple[float, float]:
    """Return a percentile bootstrap interval for the median change.

    Implemented directly with numpy (not ``scipy.stats.bootstrap``): ``n_resamples`` samples of
    the same size are drawn with replacement using ``np.random.default_rng(seed)`` (as counts
    of each distinct value, from a multinomial: the same distribution, far less work), their
    medians taken, and the ``(1 - level) / 2`` and ``(1 + level) / 2`` quantiles of those
    medians (numpy's default linear interpolation) returned. The interval depends only on the
    values and the seed, never on the order the rows came in.

    Args:
        changes: oriented changes; NaN values are ignored.
        seed: seed of the random generator; the same seed and values give the same interval.
        n_resamples: number of bootstrap samples.
        level: confidence level, between 0 and 1.

    Returns:
        ``(low, high)``, or ``(NaN, NaN)`` for fewer than 2 values.

    Raises:
        ValueError: if ``level`` is not between 0 and 1 or ``n_resamples`` is below 1.
    """
    return bootstrap_ci(changes, "median", seed, n_resamples, level)


_STATISTICS = {"mean": np.mean, "median": np.median}


def bootstrap_ci(
    values: ArrayLike,
    statistic: str = "mean",
    seed: int = 20180910,
    n_resamples: int = 2000,
    level: float = 0.95,
) -> tuple[float, float]:
    """Return a percentile bootstrap interval for the mean or median of ``values``.

    The method of :func:`bootstrap_median_ci` (``n_resamples`` samples drawn with replacement
    by ``np.random.default_rng(seed)`` as counts of the distinct values, percentiles of the
    resampled statistic), for ``statistic`` ``"mean"`` or ``"median"``.

    Returns:
        ``(low, high)``, or ``(NaN, NaN)`` for fewer than 2 values.

    Raises:
        ValueError: for an unknown ``statistic``, ``level`` not between 0 and 1, or
            ``n_resamples`` below 1.
    """
    if statistic not in _STATISTICS:
        raise ValueError(f"statistic must be one of {sorted(_STATISTICS)}; got {statistic!r}")
    _check_bootstrap(level, n_resamples)
    data = _values(values)
    if len(data) < 2:
        return (math.nan, math.nan)
    return _percentiles(_resampled(data, statistic, seed, n_resamples), level)


def mean_ci(values: ArrayLike, seed: int = 20180910, level: float = 0.95) -> tuple[float, float]:
    """Return an interval for the mean: bootstrap below :data:`LARGE_SAMPLE` values, t above.

    Below :data:`LARGE_SAMPLE`: :func:`bootstrap_ci` (2,000 resamples, ``seed``). From there
    on: ``mean -/+ t(n-1) * sd / sqrt(n)``. NaN values are ignored.

    Returns:
        ``(low, high)``, or ``(NaN, NaN)`` for fewer than 2 values.
    """
    data = _values(values)
    if len(data) < LARGE_SAMPLE:
        return bootstrap_ci(data, "mean", seed, level=level)
    half = _quantile_t(level, len(data)) * data.std(ddof=1) / math.sqrt(len(data))
    centre = float(data.mean())
    return (centre - half, centre + half)


def median_ci(values: ArrayLike, seed: int = 20180910, level: float = 0.95) -> tuple[float, float]:
    """Return an interval for the median: bootstrap below :data:`LARGE_SAMPLE`, order statistics.

    Below :data:`LARGE_SAMPLE`: :func:`bootstrap_ci`. From there on the distribution-free
    interval between the r-th and (n - r + 1)-th smallest values, r the ``(1 - level) / 2``
    quantile of Binomial(n, 1/2): it covers the median with at least ``level`` probability.

    Returns:
        ``(low, high)``, or ``(NaN, NaN)`` for fewer than 2 values.
    """
    data = _values(values)
    if len(data) < LARGE_SAMPLE:
        return bootstrap_ci(data, "median", seed, level=level)
    data = np.sort(data)
    r = _median_rank(level, len(data))
    return (float(data[r - 1]), float(data[len(data) - r]))


def ratio_ci(
    numerators: ArrayLike, denominators: ArrayLike, seed: int = 20180910, level: float = 0.95
) -> tuple[float, float]:
    """Return an interval for ``sum(numerators) / sum(denominators)``.

    Below :data:`LARGE_SAMPLE` pairs: :func:`bootstrap_ratio_ci`. From there on the delta
    method: ``R -/+ z * sqrt(s2 / n) / mean(denominators)``, with ``s2`` the sample variance of
    ``numerator - R * denominator``. Pairs with a missing value are dropped.

    Returns:
        ``(low, high)``, or ``(NaN, NaN)`` for fewer than 2 pairs or denominators adding to 0.
    """
    top, bottom = _pairs(numerators, denominators)
    if len(top) < LARGE_SAMPLE:
        return bootstrap_ratio_ci(top, bottom, seed, level=level)
    if bottom.sum() == 0:
        return (math.nan, math.nan)
    ratio = top.sum() / bottom.sum()
    spread = (top - ratio * bottom).std(ddof=1) / math.sqrt(len(top)) / bottom.mean()
    half = _quantile_z(level) * spread
    return (float(ratio - half), float(ratio + half))


def _pairs(numerators: ArrayLike, denominators: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Numerators and denominators as float arrays, pairs with a missing value dropped."""
    top = np.asarray(numerators, dtype=float).ravel()
    bottom = np.asarray(denominators, dtype=float).ravel()
    if top.shape != bottom.shape:
        raise ValueError(f"got {len(top)} numerators but {len(bottom)} denominators")
    keep = ~(np.isnan(top) | np.isnan(bottom))
    return top[keep], bottom[keep]


# Quantiles are remembered: a comparison asks the same few hundreds of times, and scipy's
# distribution machinery costs about 0.1 ms a call.


@functools.lru_cache(maxsize=4096)
def _quantile_t(level: float, n: int) -> float:
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1 (e.g. 0.95); got {level}")
    return float(_scipy().t.ppf((1 + level) / 2, n - 1))


@functools.lru_cache(maxsize=64)
def _quantile_z(level: float) -> float:
    """The two-sided standard normal quantile of ``level`` (1.96 for 0.95)."""
    return float(_scipy().norm.ppf((1 + level) / 2))


@functools.lru_cache(maxsize=4096)
def _median_rank(level: float, n: int) -> int:
    """Rank r of the order-statistic interval of the median of ``n`` values (:func:`median_ci`)."""
    return max(int(_scipy().binom.ppf((1 - level) / 2, n, 0.5)), 1)


def _resampled(data: np.ndarray, statistic: str, seed: int, n_resamples: int) -> np.ndarray:
    """The ``statistic`` of ``n_resamples`` samples of ``data`` drawn with replacement.

    With few distinct values (scores' changes: a handful for 50,000 participants) a sample is
    drawn as how many times each distinct value comes, from a multinomial with the values'
    shares: ``n_resamples`` x distinct values numbers instead of ``n_resamples`` x n indices.
    With many (costs), as n indices into the sorted values. Both are the same distribution
    and depend only on the values and the seed, never on their order.
    """
    data = np.sort(data)
    distinct, frequency = np.unique(data, return_counts=True)
    if len(distinct) * 5 <= len(data):
        rng = np.random.default_rng(seed)
        counts = rng.multinomial(len(data), frequency / len(data), size=n_resamples)
        if statistic == "mean":
            return counts @ distinct / len(data)
        return _medians(distinct, counts, len(data))
    samples = data[_resample_indices(len(data), seed, n_resamples)]
    return _STATISTICS[statistic](samples, axis=1)


def _medians(distinct: np.ndarray, counts: np.ndarray, n: int) -> np.ndarray:
    """The median of each resample given as counts of the sorted ``distinct`` values."""
    upto = np.cumsum(counts, axis=1)
    upper = distinct[(upto > n // 2).argmax(axis=1)]  # the value at sorted position n // 2
    if n % 2:
        return upper
    lower = distinct[(upto > n // 2 - 1).argmax(axis=1)]  # and at n // 2 - 1
    return (lower + upper) / 2


def bootstrap_ratio_ci(
    numerators: ArrayLike,
    denominators: ArrayLike,
    seed: int = 20180910,
    n_resamples: int = 2000,
    level: float = 0.95,
) -> tuple[float, float]:
    """Return a percentile bootstrap interval for ``sum(numerators) / sum(denominators)``.

    Pairs (one per person, e.g. spending and budget) are resampled together, so the interval
    reflects which people happen to be in the sample. Pairs with a missing value are dropped;
    pairs are sorted first, so the order of the rows does not matter. Resamples whose
    denominators add up to 0 are left out.

    Returns:
        ``(low, high)``, or ``(NaN, NaN)`` for fewer than 2 pairs.

    Raises:
        ValueError: if the two arrays differ in length, ``level`` is not between 0 and 1 or
            ``n_resamples`` is below 1.
    """
    _check_bootstrap(level, n_resamples)
    top, bottom = _pairs(numerators, denominators)
    order = np.lexsort((bottom, top))
    top, bottom = top[order], bottom[order]
    if len(top) < 2:
        return (math.nan, math.nan)
    index = _resample_indices(len(top), seed, n_resamples)
    sums = bottom[index].sum(axis=1)
    ratios = top[index].sum(axis=1)[sums != 0] / sums[sums != 0]
    if len(ratios) == 0:
        return (math.nan, math.nan)
    return _percentiles(ratios, level)


def _check_bootstrap(level: float, n_resamples: int) -> None:
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1 (e.g. 0.95); got {level}")
    if n_resamples < 1:
        raise ValueError(f"n_resamples must be at least 1; got {n_resamples}")


def _resample_indices(size: int, seed: int, n_resamples: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, size, size=(n_resamples, size))


def _percentiles(estimates: np.ndarray, level: float) -> tuple[float, float]:
    low, high = np.quantile(estimates, [(1 - level) / 2, (1 + level) / 2])
    return (float(low), float(high))


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
    """Return the smallest true mean change a Wilcoxon test on ``n`` pairs would likely detect.

    An approximation for the small-sample note, not a power analysis: the normal-approximation
    formula for a paired test, with the sample size discounted by the Wilcoxon test's asymptotic
    relative efficiency against the t-test (3/pi, exact for normally distributed changes)::

        (z[1 - alpha/2] + z[power]) * sd / sqrt(n * 3/pi)

    With 10 pairs and a standard deviation of change of 2 points this is about 1.8 points.

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
    z = _scipy().norm.ppf(1 - alpha / 2) + _scipy().norm.ppf(power)
    return float(z * sd / math.sqrt(n * 3 / math.pi))
