"""Complementary suppression of counts that add up, checked the way an attacker would.

No database and no Streamlit: counts, the sums that tie them together, and the counts hidden
first (groups of 1 to k-1) in; the counts to hide out. A reader who sees the other counts of
a sum and its total works a hidden count out by subtraction, and from several sums at once
bounds it by linear programming. :func:`protect` hides more counts until, for every hidden
count, the least and greatest value that the shown counts allow (``scipy.optimize.linprog``)
are at least k apart, or still take in 1 to k-1 (no more than a ``<k`` marker says).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence

import numpy as np
from scipy.optimize import linprog

Cell = Hashable
Sum = tuple[Sequence[Cell], Sequence[Cell]]
"""(parts, totals): the parts add up to the totals."""

_EPS = 1e-6


def ranges(
    values: Mapping[Cell, float],
    sums: Iterable[Sum],
    hidden: Iterable[Cell],
    small: Iterable[Cell] = (),
    k: int = 5,
) -> dict[Cell, tuple[float, float]]:
    """The least and greatest value of each hidden cell that the shown cells allow.

    ``values`` holds every cell; cells not ``hidden`` are known. Hidden cells are at least 0;
    ``small`` ones (said to be below k) at most k-1. A cell that no sum bounds is infinite.
    """
    unknown = sorted(set(hidden), key=str)
    column = {cell: j for j, cell in enumerate(unknown)}
    rows, rhs = _system(values, sums, column)
    limited = set(small)
    bounds = [(0.0, float(k - 1)) if c in limited else (0.0, None) for c in unknown]
    found: dict[Cell, tuple[float, float]] = {}
    for cell, j in column.items():
        ends = [_extreme(j, sign, rows, rhs, bounds) for sign in (1.0, -1.0)]
        found[cell] = (ends[0], ends[1])
    return found


def _system(
    values: Mapping[Cell, float], sums: Iterable[Sum], column: Mapping[Cell, int]
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The sums as A x = b over the hidden cells (sums of shown cells alone are left out)."""
    rows, rhs = [], []
    for parts, totals in sums:
        row = np.zeros(len(column))
        known = 0.0
        for cell, weight in [(c, 1.0) for c in parts] + [(c, -1.0) for c in totals]:
            if cell in column:
                row[column[cell]] += weight
            else:
                known += weight * float(values[cell])
        if row.any():
            rows.append(row)
            rhs.append(-known)
    if not rows:
        return None, None
    return np.array(rows), np.array(rhs)


def _extreme(
    j: int,
    sign: float,
    rows: np.ndarray | None,
    rhs: np.ndarray | None,
    bounds: list[tuple[float, float | None]],
) -> float:
    goal = np.zeros(len(bounds))
    goal[j] = sign
    result = linprog(goal, A_eq=rows, b_eq=rhs, bounds=bounds, method="highs")
    if result.status == 3:  # unbounded
        return -sign * np.inf
    if result.status != 0:
        raise ValueError(f"the shown counts contradict each other: {result.message}")
    return float(sign * result.fun)


def narrowed(low: float, high: float, k: int) -> bool:
    """Whether a range gives a hidden count away.

    A range at least k wide is safe; so is one that says no more than a ``<k`` marker does
    (the count is below k: anything from 1 to k-1 is still possible). Anything else is not.
    """
    if high - low >= k - _EPS:
        return False
    return not (low <= 1 + _EPS and high >= k - 1 - _EPS)


def protect(
    values: Mapping[Cell, float],
    sums: Sequence[Sum],
    hidden: Iterable[Cell],
    *,
    small: Iterable[Cell] = (),
    fixed: Iterable[Cell] = (),
    k: int = 5,
    cost: Callable[[Cell], tuple] | None = None,
) -> frozenset[Cell]:
    """Hide more cells until no hidden cell is :func:`narrowed` by the shown ones.

    ``fixed`` cells are known to the reader whatever is done (its own municipality's) and
    never hidden. For a cell given away, the cheapest shown cell in a sum with it is hidden
    (by ``cost``; default the smallest, zeros last) and the check goes on; hiding more only
    widens ranges, so a cell found safe stays safe. A cell that cannot be covered (every
    other cell of its sums is hidden or fixed) is left as it is: :func:`exposed` names it.
    """
    now = set(hidden)
    limited = set(small)
    keep = set(fixed)
    safe: set[Cell] = set()
    for _ in range(len(values) + 1):
        bad = _first_exposed(values, sums, now, safe, limited, k)
        if bad is None:
            break
        extra = _nearest(bad, sums, now | keep, cost or (lambda c: (values[c] == 0, values[c])))
        if extra is None:
            safe.add(bad)  # nothing left to hide anywhere it is tied to
            continue
        now.add(extra)
    return frozenset(now)


def _nearest(
    cell: Cell, sums: Sequence[Sum], taken: set, price: Callable[[Cell], tuple]
) -> Cell | None:
    """The cheapest cell not ``taken`` in a sum with ``cell``, or failing that further out.

    Further out: in a sum with those, and so on (the others of its own sums may all be
    hidden, but a sum further off can still tie the shown ones to it). None when nothing
    tied to it is left.
    """
    members = [(*parts, *totals) for parts, totals in sums]
    seen, frontier = {cell}, {cell}
    while frontier:
        near = {c for group in members if frontier & set(group) for c in group} - seen
        choices = sorted((c for c in near if c not in taken), key=lambda c: (price(c), str(c)))
        if choices:
            return choices[0]
        seen |= near
        frontier = near
    return None


def _first_exposed(
    values: Mapping[Cell, float], sums: Sequence[Sum], hidden: set, safe: set, small: set, k: int
) -> Cell | None:
    """The first hidden cell not yet found ``safe`` that the shown cells give away."""
    unknown = sorted(hidden, key=str)
    column = {cell: j for j, cell in enumerate(unknown)}
    rows, rhs = _system(values, sums, column)
    bounds = [(0.0, float(k - 1)) if c in small else (0.0, None) for c in unknown]
    for cell in unknown:
        if cell in safe:
            continue
        j = column[cell]
        low, high = (_extreme(j, sign, rows, rhs, bounds) for sign in (1.0, -1.0))
        if narrowed(low, high, k):
            return cell
        safe.add(cell)
    return None


def exposed(
    values: Mapping[Cell, float],
    sums: Sequence[Sum],
    hidden: Iterable[Cell],
    small: Iterable[Cell] = (),
    k: int = 5,
) -> list[Cell]:
    """Hidden cells that the shown ones give away (see :func:`narrowed`)."""
    limited = set(small)
    found = ranges(values, sums, hidden, limited, k)
    return [c for c, (low, high) in found.items() if narrowed(low, high, k)]
