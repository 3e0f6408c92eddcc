"""Secondary suppression: which cells of a family (municipality x key) to hide, remembered.

:func:`protect` chooses the cells so that no hidden one can be worked out from the totals
shown; :func:`pattern` applies it to a :class:`Family` (the cells behind a released table)
for a scope and remembers the result per database version.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine

from evaldash.auth import Scope
from evaldash.filters import Filters
from evaldash.metrics import catalog, gaps, progress, services
from evaldash.privacy.scope import HIDDEN, PILOT, Key, released

# --- secondary suppression ----------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    """What a family of cells (municipality x key) hides.

    ``hidden`` cells (municipality, key) and, among them, ``primary`` ones (groups of 1 to
    k-1); hidden ``margins`` (area, key) with area a region or :data:`PILOT`; ``totals``:
    municipalities whose total over all keys is hidden.
    """

    hidden: frozenset[tuple[str, Key]]
    primary: frozenset[tuple[str, Key]]
    margins: frozenset[tuple[str, Key]]
    totals: frozenset[str]

    def cell(self, municipality: str, key: Key) -> str:
        """The marker of a cell: "" (shown), "primary" (a group of 1 to k-1) or "hidden"."""
        if (municipality, key) in self.primary:
            return "primary"
        return HIDDEN if (municipality, key) in self.hidden else ""

    def margin(self, where: str, key: Key) -> bool:
        """Whether the total of ``key`` over ``where`` (region or pilot) is hidden."""
        return (where, key) in self.margins

    def places(self) -> frozenset[str]:
        """Municipalities with any hidden cell."""
        return frozenset(m for m, _ in self.hidden)


@dataclass
class _Equation:
    name: tuple[str, Key | None]  # (area, key) for margins, (municipality, None) for totals
    cells: list[int]


def protect(
    cells: pd.DataFrame,
    k: int,
    *,
    own: str | None = None,
    whole_rows: bool = False,
    row_totals: bool = False,
    seed: Iterable[str] = (),
) -> Pattern:
    """Choose the cells to hide in a table of municipality x key with its totals.

    ``cells`` has columns municipality_code, region, key (a tuple) and n (the smallest group
    of people in the cell). Cells with 1 <= n < k are hidden (primary), except ``own``'s (its
    users know them); so are all cells of the ``seed`` municipalities. The totals considered
    shown are: for every key, its total over each region and over the pilot; the total of
    all keys over each region and the pilot; with ``row_totals``, each municipality's total
    over its keys. More cells are hidden (smallest first, never ``own``'s or empty ones; with
    ``whole_rows`` a municipality's cells go together) until no total shows exactly one
    hidden cell or hidden cells of fewer than k people, and no hidden cell is a linear
    combination of the shown totals. A total with no cell left to hide is hidden itself.
    """
    table = cells.reset_index(drop=True)
    places = table["municipality_code"].tolist()
    keys = table["key"].tolist()
    sizes = table["n"].astype(float).tolist()
    seeded = set(seed) - {own}
    primary = {
        i for i, (m, n) in enumerate(zip(places, sizes, strict=True)) if m != own and 1 <= n < k
    }
    hidden = primary | {i for i, m in enumerate(places) if m in seeded and sizes[i] > 0}
    if whole_rows:
        hidden = _rows_of(hidden, places, sizes)
    equations = _equations(table, row_totals)
    shown = list(equations)
    for _ in range(2 * (len(table) + len(equations)) + 1):
        problem = _problem(shown, hidden, sizes, k)
        if problem is not None:
            extra = _complement(problem.cells, hidden, places, sizes, own)
            if extra is None:
                shown.remove(problem)
            else:
                hidden |= _rows_of({extra}, places, sizes) if whole_rows else {extra}
            continue
        exposed = _solvable(shown, sorted(hidden))
        if not exposed:
            break
        hidden, shown = _cover(min(exposed), hidden, shown, places, sizes, own, whole_rows)
    cell = {i: (places[i], keys[i]) for i in range(len(table))}
    margins = {e.name for e in equations if e not in shown and e.name[1] is not None}
    totals = {e.name[0] for e in equations if e not in shown and e.name[1] is None}
    return Pattern(
        frozenset(cell[i] for i in hidden),
        frozenset(cell[i] for i in primary),
        frozenset(margins),  # type: ignore[arg-type]
        frozenset(totals),
    )


def _rows_of(chosen: set[int | None], places: list[str], sizes: list[float]) -> set[int]:
    rows = {places[i] for i in chosen if i is not None}
    return {i for i, m in enumerate(places) if m in rows and sizes[i] > 0}


def _equations(table: pd.DataFrame, row_totals: bool) -> list[_Equation]:
    found: list[_Equation] = []
    everywhere = [(PILOT, table.index)] + list(table.groupby("region").groups.items())
    for where, index in everywhere:
        part = table.loc[index]
        for key, members in part.groupby("key", sort=False).groups.items():
            found.append(_Equation((str(where), key), list(members)))
        found.append(_Equation((str(where), ("*",)), list(part.index)))
    if row_totals:
        for municipality, members in table.groupby("municipality_code").groups.items():
            found.append(_Equation((str(municipality), None), list(members)))
    return found


def _problem(
    shown: list[_Equation], hidden: set[int], sizes: list[float], k: int
) -> _Equation | None:
    """A shown total holding one hidden cell, or hidden cells of fewer than k people."""
    for equation in shown:
        part = [i for i in equation.cells if i in hidden]
        if part and (len(part) < 2 or sum(sizes[i] for i in part) < k):
            return equation
    return None


def _priority(equation: _Equation) -> int:
    """Which totals to give up first: a municipality's, a region's, the pilot's last."""
    where, key = equation.name
    if key is None:
        return 0
    return (2 if where == PILOT else 0) + (2 if key == ("*",) else 1)


def _cover(
    target: int,
    hidden: set[int],
    shown: list[_Equation],
    places: list[str],
    sizes: list[float],
    own: str | None,
    whole_rows: bool,
) -> tuple[set[int], list[_Equation]]:
    """Stop the shown totals determining ``target``.

    Hide one more cell if that is enough, else give up the least useful total that is
    enough, else the least useful one holding ``target``.
    """
    near = [i for e in shown if target in e.cells for i in e.cells]
    for extra in sorted(
        {i for i in near if i not in hidden and sizes[i] > 0 and places[i] != own},
        key=lambda i: (sizes[i], places[i], i),
    ):
        more = hidden | (_rows_of({extra}, places, sizes) if whole_rows else {extra})
        if target not in _solvable(shown, sorted(more)):
            return more, shown
    for equation in sorted(shown, key=_priority):
        fewer = [e for e in shown if e is not equation]
        if target not in _solvable(fewer, sorted(hidden)):
            return hidden, fewer
    holding = min((e for e in shown if target in e.cells), key=_priority)
    return hidden, [e for e in shown if e is not holding]


def _solvable(shown: list[_Equation], unknown: list[int]) -> set[int]:
    """Hidden cells that the shown totals determine (their unit vector is in the row space)."""
    if not unknown:
        return set()
    column = {cell: j for j, cell in enumerate(unknown)}
    rows = [[0.0] * len(unknown)]
    for equation in shown:
        row = [0.0] * len(unknown)
        for i in equation.cells:
            if i in column:
                row[column[i]] = 1.0
        if any(row):
            rows.append(row)
    matrix = np.array(rows)
    _, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > 1e-9).sum())
    null = vt[rank:]
    free = np.linalg.norm(null, axis=0) if len(null) else np.zeros(len(unknown))
    return {cell for cell, j in column.items() if free[j] < 1e-9}


def _complement(
    cells: list[int], hidden: set[int], places: list[str], sizes: list[float], own: str | None
) -> int | None:
    """The smallest shown, non-empty cell of ``cells`` that is not ``own``'s."""
    candidates = [i for i in cells if i not in hidden and sizes[i] > 0 and places[i] != own]
    return min(candidates, key=lambda i: (sizes[i], places[i], i)) if candidates else None


# --- families: the cells behind each released table ---------------------------------------------


Grid = Callable[..., pd.DataFrame]


def _participants_grid(engine: Engine, f: Filters, places: pd.DataFrame) -> pd.DataFrame:
    """Participants per municipality (the pilot's, as no narrowing filter is released)."""
    return places.rename(columns={"region_code": "region"}).assign(key=[()] * len(places))[
        ["municipality_code", "region", "key", "participants"]
    ]


def services_grid(engine: Engine, f: Filters, places: pd.DataFrame) -> pd.DataFrame:
    """People served and people planned per municipality and service."""
    served = services.municipality_service(engine, f)[
        ["municipality_code", "service_code", "participants"]
    ]
    planned = gaps.municipality_service_gaps(engine, f)[
        ["municipality_code", "service_code", "participants_planned"]
    ]
    both = served.merge(planned, on=["municipality_code", "service_code"], how="outer")
    return _with_regions(places, both, ("service_code",))


def _domains_grid(
    engine: Engine,
    f: Filters,
    places: pd.DataFrame,
    round_from: int,
    round_to: int,
    population: str = "completers",
) -> pd.DataFrame:
    """Pairs of assessments per municipality and domain between two rounds."""
    pairs = progress.municipality_summary(engine, f, round_from, round_to)
    return _with_regions(places, pairs[["municipality_code", "domain", "n_pairs"]], ("domain",))


def _with_regions(places: pd.DataFrame, table: pd.DataFrame, key: tuple[str, ...]) -> pd.DataFrame:
    region = dict(zip(places["municipality_code"], places["region_code"], strict=True))
    out = table.assign(
        region=table["municipality_code"].map(region),
        key=list(zip(*(table[c] for c in key), strict=True)) if len(table) else [],
    )
    return out.drop(columns=list(key))


@dataclass(frozen=True)
class Family:
    """A grid of cells per municipality and ``key``; ``people`` columns size each cell.

    ``grid(engine, f, places, *args)`` (``places``: the pilot's municipalities, regions and
    participants) returns municipality_code, region, key (a tuple) and the ``people``
    columns; a cell's group is its smallest non-zero people count.
    """

    name: str
    grid: Grid
    people: tuple[str, ...]
    key: tuple[str, ...] = ()
    whole_rows: bool = False
    row_totals: bool = False


PARTICIPANTS = Family("participants", _participants_grid, ("participants",))
SERVICES = Family(
    "services",
    services_grid,
    ("participants", "participants_planned"),
    ("service_code",),
    row_totals=True,
)
DOMAINS = Family("domains", _domains_grid, ("n_pairs",), ("domain",), whole_rows=True)

_MEMO: dict[tuple, Pattern] = {}
MEMO_SIZE = 256
"""Results remembered at most (patterns here, audits of counts in :mod:`.counts`)."""


def pattern(engine: Engine, scope: Scope, family: Family, f: Filters, *args: object) -> Pattern:
    """The suppression :class:`Pattern` of ``family`` for the pilot of ``f`` (no geography).

    Municipalities hidden in :data:`PARTICIPANTS` are hidden whole in every other family.
    Patterns are remembered per database version.
    """
    base = dataclasses.replace(released(scope, f)[0], regions=(), municipalities=())
    memo_key = (
        str(engine.url),
        catalog.data_version(engine),
        family.name,
        base,
        args,
        scope.role,
        scope.municipality_code,
        scope.k,
    )
    found = _MEMO.get(memo_key)  # sessions run in threads: read once, never after a clear
    if found is None:
        seed: frozenset[str] = frozenset()
        if family is not PARTICIPANTS:
            seed = pattern(engine, scope, PARTICIPANTS, base).places()
        grid = _grid(engine, family, base, args)
        found = protect(
            grid,
            scope.k,
            own=scope.municipality_code,
            whole_rows=family.whole_rows,
            row_totals=family.row_totals,
            seed=seed,
        )
        if len(_MEMO) >= MEMO_SIZE:
            _MEMO.clear()
        _MEMO[memo_key] = found
    return found


def _grid(engine: Engine, family: Family, base: Filters, args: tuple) -> pd.DataFrame:
    """The family's cells as :func:`protect` takes them."""
    places = catalog.filter_options(engine, base.pilot_id).municipalities
    table = family.grid(engine, base, places, *args)
    people = table[list(family.people)].astype("float64").where(lambda x: x > 0)
    return pd.DataFrame(
        {
            "municipality_code": table["municipality_code"].astype(str),
            "region": table["region"].astype(str),
            "key": table["key"],
            "n": people.min(axis=1).fillna(0.0),
        }
    )


def forget_patterns() -> None:
    """Forget every pattern worked out (the memo stays the same dict, emptied)."""
    _MEMO.clear()
