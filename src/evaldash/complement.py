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
        ends = [_extreme(j, sign, rows, rhs, bounds)[0] for sign in (1.0, -1.0)]
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
) -> tuple[float, np.ndarray | None]:
    """The least (``sign`` 1) or greatest (-1) value of unknown ``j``.

    With it, the values of all the unknowns where it is reached (None when unbounded).
    """
    goal = np.zeros(len(bounds))
    goal[j] = sign
    result = linprog(goal, A_eq=rows, b_eq=rhs, bounds=bounds, method="highs")
    if result.status == 3:  # unbounded
        return -sign * np.inf, None
    if result.status != 0:
        raise ValueError(f"the shown counts contradict each other: {result.message}")
    return float(sign * result.fun), np.asarray(result.x, dtype=float)


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
    added: list[Cell] = []
    for _ in range(len(values) + 1):
        # the cells hidden last are checked first: a cell hidden to cover another is often
        # pinned itself (a total's part by the parts below it), and covering it in turn,
        # downwards, frees the first, where hiding more beside the first would not
        bad = _first_exposed(values, sums, now, safe, limited, k, added[::-1])
        if bad is None:
            break
        price = cost or (lambda c: (values[c] == 0, values[c]))
        extra = _nearest(bad, sums, now | keep, price)
        if extra is None:
            safe.add(bad)  # nothing left to hide anywhere it is tied to
            continue
        now.add(extra)
        added.append(extra)
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
    values: Mapping[Cell, float],
    sums: Sequence[Sum],
    hidden: set,
    safe: set,
    small: set,
    k: int,
    first: Sequence[Cell] = (),
) -> Cell | None:
    """The first hidden cell not yet found ``safe`` that the shown cells give away.

    The cells of ``first`` are checked first, in its order, then the others by name.

    Each cell is bounded within its own part of the system: the hidden cells tied to it
    through sums (other hidden cells cannot move it), a far smaller problem to solve.
    """
    early = set(first)
    unknown = [*first, *sorted((c for c in hidden if c not in early), key=str)]
    part_of, parts = _components(sums, hidden)
    systems: dict[int, tuple] = {}
    seen: dict[int, list[np.ndarray]] = {}
    for cell in unknown:
        if cell in safe:
            continue
        at = part_of[cell]
        if at not in systems:
            cells, tied = parts[at]
            column = {c: j for j, c in enumerate(cells)}
            bounds = [(0.0, float(k - 1)) if c in small else (0.0, None) for c in cells]
            systems[at] = (column, *_system(values, tied, column), bounds)
            # values the cells can take together: the true ones, then each solution found
            seen[at] = [np.array([float(values[c]) for c in parts[at][0]])]
        column, rows, rhs, bounds = systems[at]
        j = column[cell]
        ends = []
        for sign in (1.0, -1.0):
            # a cell that the values seen so far already spread wide enough needs no solving
            taken = [point[j] for point in seen[at]]
            if not narrowed(min(taken), max(taken), k):
                break
            end, point = _extreme(j, sign, rows, rhs, bounds)
            ends.append(end)
            if point is not None:
                seen[at].append(point)
        else:
            if narrowed(ends[0], ends[1], k):
                return cell
        safe.add(cell)
    return None


def _components(
    sums: Sequence[Sum], hidden: set
) -> tuple[dict[Cell, int], list[tuple[list[Cell], list[Sum]]]]:
    """Hidden cells grouped by the sums that tie them together, each group with its sums."""
    parent = {c: c for c in hidden}

    def root(c: Cell) -> Cell:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for parts, totals in sums:
        inside = [c for c in (*parts, *totals) if c in parent]
        for c in inside[1:]:
            parent[root(c)] = root(inside[0])
    index: dict[Cell, int] = {}
    groups: list[tuple[list[Cell], list[Sum]]] = []
    part_of: dict[Cell, int] = {}
    for c in sorted(hidden, key=str):
        top = root(c)
        if top not in index:
            index[top] = len(groups)
            groups.append(([], []))
        part_of[c] = index[top]
        groups[index[top]][0].append(c)
    for parts, totals in sums:
        inside = next((c for c in (*parts, *totals) if c in parent), None)
        if inside is not None:
            groups[part_of[inside]][1].append((parts, totals))
    return part_of, groups


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
