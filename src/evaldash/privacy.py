"""Who sees what: every metric read goes through :func:`read` with the session's scope.

No Streamlit here. The ministry (and an admin) read everything. A municipality reads its own
municipality in full; a municipality looking wider, and the public, read *released* figures:

- **Selections**: sex, age group, period and service-group filters apply only to one's own
  municipality; looking wider, a selection is the whole pilot, one planning region or one
  municipality (:func:`released`). Fewer choices keep small groups from being worked out by
  comparing two selections (e.g. all ages minus 7-12).
- **Primary suppression**: a group of 1 to k-1 people (k = :attr:`Scope.k`, 5 by default) in
  another municipality is hidden with every figure about it (shares, means, medians, tests).
- **Secondary suppression**: totals over municipalities (a region, the pilot) and each
  municipality's own totals are sums of the hidden cells and the shown ones, so more cells
  are hidden until no hidden cell can be worked out from what is shown: every total holding
  hidden cells holds at least two of them with at least k people, and a rank test on all the
  totals shown proves no hidden cell is a combination of them. Where no cell is left to hide,
  the total itself is hidden (:func:`protect`).
- **Participant rows** (slopegraph, radar) are the municipality's own only; none for the public.
- A metric without a rule here is not released outside the ministry (:class:`Refused`).

Hidden figures are empty (NaN) and the row's ``suppressed`` column says why: ``<k`` (a group
of fewer than k people), ``hidden`` (hidden so that a small group cannot be worked out), or
``<k: col, col`` (these counts of a shown group are below k). Counts of providers are never
suppressed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from evaldash import complement
from evaldash.auth import Scope
from evaldash.db import schema
from evaldash.errors import EvaldashError
from evaldash.filters import Filters
from evaldash.metrics import catalog, compare, gaps, overview, progress, quality, query, services

MARKER = "suppressed"
PILOT = "*"
"""The area of the whole pilot in :class:`Pattern` margins (regions use their codes)."""
HIDDEN = "hidden"
NARROWING = ("period", "categories", "sex", "age_groups")
"""Filters that narrow who is counted; only for one's own municipality outside the ministry."""

Key = tuple[Hashable, ...]
Metric = Callable[..., pd.DataFrame]


class Refused(EvaldashError):
    """A read this scope may not make (a page or figure outside its role)."""


# --- what a scope may select ------------------------------------------------------------------


def sees_all(scope: Scope) -> bool:
    """Whether ``scope`` reads everything unsuppressed (ministry, admin)."""
    return scope.role in ("ministry", "admin")


def own_only(scope: Scope, f: Filters) -> bool:
    """Whether ``f`` selects exactly the municipality of a municipality scope."""
    return scope.role == "municipality" and f.municipalities == (scope.municipality_code,)


def restricted(scope: Scope, f: Filters) -> bool:
    """Whether reads of ``f`` by ``scope`` are suppressed."""
    return not sees_all(scope) and not own_only(scope, f)


def released(scope: Scope, f: Filters) -> tuple[Filters, tuple[str, ...]]:
    """Return the selection ``scope`` may read for ``f`` and the names of the parts dropped.

    Dropped parts are among ``period``, ``categories``, ``sex``, ``age_groups``,
    ``municipalities`` (several municipalities) and ``regions`` (several regions).
    """
    if not restricted(scope, f):
        return f, ()
    dropped = []
    if f.period_from or f.period_to:
        dropped.append("period")
    dropped += [name for name in NARROWING[1:] if getattr(f, name)]
    kept = dataclasses.replace(
        f, period_from=None, period_to=None, categories=(), sex=(), age_groups=()
    )
    if len(f.municipalities) > 1:
        dropped.append("municipalities")
        kept = dataclasses.replace(kept, municipalities=())
    if len(f.regions) > 1 or (f.regions and kept.municipalities):
        dropped.append("regions")
        kept = dataclasses.replace(kept, regions=())
    return kept, tuple(dropped)


def area(f: Filters) -> str:
    """The area a released selection covers: a municipality, a region, or :data:`PILOT`."""
    if f.municipalities:
        return f.municipalities[0]
    return f.regions[0] if f.regions else PILOT


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


def _services_grid(engine: Engine, f: Filters, places: pd.DataFrame) -> pd.DataFrame:
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
    _services_grid,
    ("participants", "participants_planned"),
    ("service_code",),
    row_totals=True,
)
DOMAINS = Family("domains", _domains_grid, ("n_pairs",), ("domain",), whole_rows=True)

_MEMO: dict[tuple, Pattern] = {}
_MEMO_SIZE = 256


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
        if len(_MEMO) >= _MEMO_SIZE:
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


# --- counts that add up: progress by domain ------------------------------------------------------

OUTCOMES = ("improved", "unchanged", "declined")
DOMAIN_COUNTS = ("n_pairs", "n_missing", *OUTCOMES)
"""Counts of a progress row; the outcomes add up to n_pairs, every count over municipalities."""

_COUNTS_MEMO: dict[tuple, frozenset] = {}


def _domain_cells(engine: Engine, f: Filters, round_from: int, round_to: int) -> pd.DataFrame:
    """:data:`DOMAIN_COUNTS` of the completers per municipality and domain.

    The same sums as :func:`progress.domain_summary` makes over a selection, so a region's or
    the pilot's row is the sum of its municipalities'.
    """
    c = progress._cells(f, round_from, round_to).c  # the rows domain_summary adds up
    stmt = (
        sa.select(
            c.municipality_code,
            c.domain,
            sa.func.coalesce(sa.func.sum(c.pairs).filter(c.change.is_not(None)), 0).label(
                "n_pairs"
            ),
            sa.func.coalesce(sa.func.sum(c.pairs).filter(c.change.is_(None)), 0).label("n_missing"),
            *progress._status_sums(c.change, c.mid, c.pairs),
        )
        .group_by(c.municipality_code, c.domain)
        .order_by(c.municipality_code, c.domain)
    )
    dtypes = {"municipality_code": "str", "domain": "str"} | dict.fromkeys(DOMAIN_COUNTS, "int64")
    return query(engine, stmt, dtypes)


def domain_counts(
    engine: Engine, scope: Scope, f: Filters, round_from: int, round_to: int
) -> frozenset[tuple[str, str, str]]:
    """The progress counts ``scope`` does not see: (area, domain, column) for every area.

    Areas are municipalities, regions and :data:`PILOT`. Hidden first: the rows the
    :data:`DOMAINS` pattern hides, and every count of 1 to k-1; then more
    (:func:`evaldash.complement.protect`) until none can be narrowed to less than k from the
    counts shown in any selection: outcomes add up to n_pairs, municipalities to their region
    and the pilot. The viewer's own municipality's counts are known to it and stay shown.
    """
    return _memo_counts(engine, scope, f, "domains", round_from, round_to)


def round_counts(engine: Engine, scope: Scope, f: Filters) -> frozenset[tuple[str, int, str]]:
    """The round counts ``scope`` does not see: (area, round, ``assessed``/``missing``).

    As :func:`domain_counts`, with assessed + missing = the area's participants (shown or
    hidden as the :data:`PARTICIPANTS` pattern says).
    """
    return _memo_counts(engine, scope, f, "rounds")


def service_counts(engine: Engine, scope: Scope, f: Filters) -> frozenset[tuple[str, str, str]]:
    """The service counts ``scope`` does not see: (area, service, column) for every area.

    Columns are ``participants`` (people served) and ``planned_participants`` (people with
    the service in a plan). As :func:`domain_counts`: hidden first, the cells and totals the
    :data:`SERVICES` pattern hides and every count of 1 to k-1; then more until none can be
    narrowed to less than k from the counts shown in any selection, where municipalities add
    up to their region and the pilot.
    """
    return _memo_counts(engine, scope, f, "services")


def _memo_counts(engine: Engine, scope: Scope, f: Filters, which: str, *args: int) -> frozenset:
    base = dataclasses.replace(released(scope, f)[0], regions=(), municipalities=())
    memo_key = (str(engine.url), catalog.data_version(engine), which, base, args)
    memo_key += (scope.role, scope.municipality_code, scope.k)
    found = _COUNTS_MEMO.get(memo_key)
    if found is None:
        if which == "domains":
            found = _protect_domain_counts(engine, scope, base, *args)
        elif which == "services":
            found = _protect_service_counts(engine, scope, base)
        else:
            found = _protect_round_counts(engine, scope, base)
        if len(_COUNTS_MEMO) >= _MEMO_SIZE:
            _COUNTS_MEMO.clear()
        _COUNTS_MEMO[memo_key] = found
    return found


def _add_up(
    table: pd.DataFrame, region: Mapping[str, str], key: str, columns: Iterable[str]
) -> tuple[dict[tuple, float], list[complement.Sum]]:
    """Cells (area, key, column) of municipalities, regions and the pilot, and their sums."""
    values: dict[tuple, float] = {}
    members: dict[tuple, list[tuple]] = {}
    for row in table.to_dict("records"):
        place = row["municipality_code"]
        for column in columns:
            for where in (place, region[place], PILOT):
                cell = (where, row[key], column)
                values[cell] = values.get(cell, 0.0) + float(row[column])
            members.setdefault((PILOT, row[key], column), []).append((place, row[key], column))
            cell = (region[place], row[key], column)
            members.setdefault(cell, []).append((place, row[key], column))
    sums: list[complement.Sum] = [(inside, [total]) for total, inside in members.items()]
    for where, value, column in [c for c in members if c[0] == PILOT]:
        regions = sorted({region[m] for m, _, _ in members[(where, value, column)]})
        sums.append(([(r, value, column) for r in regions], [(where, value, column)]))
    return values, sums


def _places(engine: Engine, base: Filters) -> tuple[pd.DataFrame, dict[str, str]]:
    """The pilot's municipalities (:func:`catalog.filter_options`) and each one's region."""
    places = catalog.filter_options(engine, base.pilot_id).municipalities
    region = dict(zip(places["municipality_code"], places["region_code"].astype(str), strict=True))
    return places, region


def _cost(
    values: Mapping[tuple, float], region: Mapping[str, str], last: tuple[str, ...] = ()
) -> Callable:
    """Which count to hide next.

    A municipality's before a region's before the pilot's; within one, the columns of
    ``last`` after the others, the later in it the later (the figures readers most need,
    such as the pairs and the people improved); then the smallest first (zeros last).
    """

    def cost(cell: tuple) -> tuple:
        level = 0 if cell[0] in region else (2 if cell[0] == PILOT else 1)
        rank = last.index(cell[2]) + 1 if cell[2] in last else 0
        return (level, rank, values[cell] == 0, values[cell])

    return cost


def _protect_domain_counts(
    engine: Engine, scope: Scope, base: Filters, round_from: int, round_to: int
) -> frozenset:
    _, region = _places(engine, base)
    table = _domain_cells(engine, base, round_from, round_to)
    values, sums = _add_up(table, region, "domain", DOMAIN_COUNTS)
    for where, domain, column in [c for c in values if c[2] == "n_pairs"]:
        sums.append(([(where, domain, o) for o in OUTCOMES], [(where, domain, column)]))
    rows = pattern(engine, scope, DOMAINS, base, round_from, round_to, "completers")
    own = scope.municipality_code
    hidden = {
        c
        for c, v in values.items()
        if c[0] != own and (1 <= v < scope.k or c[0] in rows.places() or rows.margin(c[0], (c[1],)))
    }
    # a row marked "<k" (all its counts below k, see _honest) bounds each of them
    small = set()
    for m, key in rows.primary:
        row = [(m, key[0], c) for c in DOMAIN_COUNTS]
        if max(values[c] for c in row) < scope.k:
            small.update(row)
    fixed = {c for c in values if c[0] == own}
    cost = _cost(values, region, ("n_missing", "improved", "n_pairs"))
    return complement.protect(values, sums, hidden, small=small, fixed=fixed, k=scope.k, cost=cost)


def _protect_round_counts(engine: Engine, scope: Scope, base: Filters) -> frozenset:
    places, region = _places(engine, base)
    ar = schema.assessment_round
    stmt = (
        sa.select(ar.c.municipality_code, ar.c.round, sa.func.sum(ar.c.participants).label("n"))
        .where(*base.cell_clauses(ar))
        .group_by(ar.c.municipality_code, ar.c.round)
    )
    assessed = query(engine, stmt, {"municipality_code": "str", "round": "int64", "n": "int64"})
    people = dict(zip(places["municipality_code"], places["participants"], strict=True))
    rounds = sorted(assessed["round"].unique())
    grid = pd.MultiIndex.from_product([list(people), rounds], names=["municipality_code", "round"])
    table = assessed.set_index(["municipality_code", "round"]).reindex(grid, fill_value=0)
    table = table.reset_index().rename(columns={"n": "assessed"})
    table["missing"] = table["municipality_code"].map(people) - table["assessed"]
    table["participants"] = table["municipality_code"].map(people)
    values, sums = _add_up(table, region, "round", ("assessed", "missing", "participants"))
    for where, value, column in [c for c in values if c[2] == "participants"]:
        parts = [(where, value, "assessed"), (where, value, "missing")]
        sums.append((parts, [(where, value, column)]))
    found = pattern(engine, scope, PARTICIPANTS, base)
    own = scope.municipality_code
    hidden = {
        c
        for c, v in values.items()
        if c[0] != own and (1 <= v < scope.k or c[0] in found.places() or found.margin(c[0], ()))
    }
    small = {(m, r, "participants") for m, _ in found.primary for r in rounds}
    fixed = {c for c in values if c[0] == own or (c[2] == "participants" and c not in hidden)}
    cost = _cost(values, region, ("assessed", "participants"))
    shown = complement.protect(values, sums, hidden, small=small, fixed=fixed, k=scope.k, cost=cost)
    return frozenset(c for c in shown if c[2] != "participants")


SERVICE_COUNTS = ("participants", "planned_participants")
"""Counts of a services row; each adds up over municipalities."""


def _protect_service_counts(engine: Engine, scope: Scope, base: Filters) -> frozenset:
    places, region = _places(engine, base)
    grid = _services_grid(engine, base, places)
    table = pd.DataFrame(
        {
            "municipality_code": grid["municipality_code"].astype(str),
            "service_code": [key[0] for key in grid["key"]],
            "participants": grid["participants"].fillna(0).astype("float64"),
            "planned_participants": grid["participants_planned"].fillna(0).astype("float64"),
        }
    )
    values, sums = _add_up(table, region, "service_code", SERVICE_COUNTS)
    cells = pattern(engine, scope, SERVICES, base)
    own = scope.municipality_code

    def whole(c: tuple) -> bool:
        """Whether the count's row is hidden whole.

        By the pattern, or (a region's or the pilot's row of the services table) as a
        group of 1 to k-1 people.
        """
        if (c[0], (c[1],)) in cells.hidden or cells.margin(c[0], (c[1],)):
            return True
        row = [values[(c[0], c[1], column)] for column in SERVICE_COUNTS]
        return c[0] not in region and any(1 <= v < scope.k for v in row)

    hidden = {c for c, v in values.items() if c[0] != own and (1 <= v < scope.k or whole(c))}
    small = {c for c in hidden if _said_small(c, values, cells, region, scope.k)}
    fixed = {c for c in values if c[0] == own}
    cost = _cost(values, region, ("participants",))
    return complement.protect(values, sums, hidden, small=small, fixed=fixed, k=scope.k, cost=cost)


def _said_small(
    cell: tuple, values: Mapping[tuple, float], cells: Pattern, region: Mapping[str, str], k: int
) -> bool:
    """Whether a hidden service count sits in a row some table marks ``<k`` (see :func:`_honest`).

    A municipality's counts each have a table of their own (people served, people planned),
    marked ``<k`` when the pattern hides the cell as a small group and that count is below k.
    A region's or the pilot's row is marked ``<k`` when the pattern shows it, a count is 1 to
    k-1 and none is k or more; a region's people planned also on its own in the gaps table.
    """
    where, service, column = cell
    if values[cell] >= k:
        return False
    if where in region:
        return (where, (service,)) in cells.primary
    if cells.margin(where, (service,)):
        return False
    row = [values[(where, service, c)] for c in SERVICE_COUNTS]
    if max(row) < k and max(row) >= 1:
        return True
    return where != PILOT and column == "planned_participants" and values[cell] >= 1


def _audited(
    engine: Engine,
    scope: Scope,
    rule: Rule,
    f: Filters,
    args: tuple,
    out: pd.DataFrame,
    places: list[str],
    own: pd.Series,
) -> pd.DataFrame:
    """Empty the counts that the audits hide in shown rows.

    The audits: :func:`domain_counts`, :func:`round_counts`, :func:`service_counts`.

    ``places`` is each row's area. The marker of a row with such counts reads ``hidden: col,
    col`` (which of them was below k is not said: that would narrow the others).
    """
    if rule.audited == "indicators":
        return _linked_indicators(engine, scope, rule, f, args, out, own)
    names: Mapping[str, str] = {}
    if rule.audited == "domains":
        hidden = domain_counts(engine, scope, f, *rule.args(engine, f, args)[:2])
        key, columns = "domain", DOMAIN_COUNTS
    elif rule.audited == "services":
        hidden, key = service_counts(engine, scope, f), "service_code"
        columns = tuple(c for c in rule.counts if c in out)
        names = {"participants_planned": "planned_participants"}
    else:
        hidden, key, columns = round_counts(engine, scope, f), "round", ("assessed", "missing")
    whole = (HIDDEN, f"<{scope.k}")
    for i, (row, where) in enumerate(zip(out.index, places, strict=True)):
        if out.at[row, MARKER] in whole or own.iloc[i]:
            continue
        gone = [
            c for c in columns if c in out and (where, out.at[row, key], names.get(c, c)) in hidden
        ]
        if gone:
            _empty_counts(out, row, rule, gone)
    return out


def _empty_counts(out: pd.DataFrame, row: Hashable, rule: Rule, gone: list[str]) -> None:
    """Empty ``gone`` counts of a row and what gives them back; mark the row."""
    for column in gone:
        out.at[row, column] = np.nan
        for share in (s for s, count in rule.shares.items() if count == column and s in out):
            out.at[row, share] = np.nan
    if "n_pairs" in gone:  # a share or a detectable change would give n_pairs back
        for column in ("detectable_change", *rule.shares):
            if column in out:
                out.at[row, column] = np.nan
    out.at[row, MARKER] = f"{HIDDEN}: {', '.join(gone)}"


def _linked_indicators(
    engine: Engine,
    scope: Scope,
    rule: Rule,
    f: Filters,
    args: tuple,
    out: pd.DataFrame,
    own: pd.Series,
) -> pd.DataFrame:
    """Hide an indicator whose people are counts hidden on the Progress page or in rounds.

    ``improved_share.<domain>`` is improved of n_pairs in that domain, and the missing
    reassessment share's n is those assessed in the earlier round: shown here, they would
    undo :func:`domain_counts` and :func:`round_counts`.
    """
    window = rule.args(engine, f, args)
    if not window:
        return out
    domains = domain_counts(engine, scope, f, *window[:2])
    rounds = round_counts(engine, scope, f)
    columns = [c for c in ("value", "n", "events", "ci_low", "ci_high") if c in out]
    for i, row in enumerate(out.index):
        code, place = str(out.at[row, "indicator"]), out.at[row, "municipality_code"]
        if own.iloc[i] or out.at[row, MARKER] in (HIDDEN, f"<{scope.k}"):
            continue
        if code.startswith(compare.DOMAIN_PREFIX):
            domain = code.removeprefix(compare.DOMAIN_PREFIX)
            people = (place, domain, "n_pairs") in domains
            events = (place, domain, "improved") in domains
        elif code == "missing_reassessment_share":
            people = events = (place, window[0], "assessed") in rounds
        else:
            continue
        # n and events each as the Progress page shows them; the share with either
        hides = {"n": people, "events": events}
        gone = [c for c in columns if hides.get(c, people or events)]
        if gone:
            out.loc[row, gone] = np.nan
            whole = people and events
            out.at[row, MARKER] = HIDDEN if whole else f"{HIDDEN}: {', '.join(gone)}"
    return out


# --- reads ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """How one metric's rows are released.

    ``kind``: ``margin`` (rows are totals over the selection), ``cells`` (rows per
    municipality), ``series`` (monthly rows: the whole pilot only, all or nothing),
    ``participants`` (participant rows: own municipality only), ``rated`` (:func:`_rated`),
    ``rounds`` (as :func:`overview.rounds` is released). ``family`` names the cells
    behind the rows; ``keep`` columns stay on hidden rows; ``counts`` are people counts
    masked from 1 to k-1; ``args`` maps the metric's arguments to the family's.
    """

    kind: str
    family: Family | None = None
    keep: tuple[str, ...] = ()
    counts: tuple[str, ...] = ()
    args: Callable[[Engine, Filters, tuple], tuple] = lambda engine, f, args: ()
    also: tuple[Family, ...] = ()  # families whose totals over all keys the rows hold too
    shares: Mapping[str, str] = dataclasses.field(default_factory=dict)
    """Columns that give a count away (a share, its interval) -> that count column."""
    groups: tuple[str, ...] = ()
    """Counts that are the size of a total's group: 1 to k-1 hides the whole row."""
    audited: str = ""
    """``domains``, ``rounds`` or ``services``: counts hidden as :func:`domain_counts`,
    :func:`round_counts` or :func:`service_counts` say, over every selection at once."""


def _window_args(engine: Engine, f: Filters, args: tuple) -> tuple:
    """domain_summary's family arguments: the same rounds, always the completers."""
    return (args[0], args[1], "completers")


def _compare_window(engine: Engine, f: Filters, args: tuple) -> tuple:
    chosen = progress.default_rounds(progress.rounds(engine, compare.peers(f)))
    round_from = args[0] if args and args[0] is not None else (chosen or (None, None))[0]
    round_to = args[1] if len(args) > 1 and args[1] is not None else (chosen or (None, None))[1]
    return (round_from, round_to, "completers") if round_from and round_to else ()


RULES: dict[Metric, Rule] = {
    overview.headline: Rule(
        "margin",
        PARTICIPANTS,
        keep=("municipalities", "regions"),
        counts=("participants", "participants_served"),
        groups=("participants", "participants_served"),
        also=(SERVICES,),
    ),
    overview.rounds: Rule(
        "margin",
        PARTICIPANTS,
        keep=("round",),
        counts=("assessed", "missing"),
        audited="rounds",  # assessed + missing = the participants of the selection
    ),
    progress.rounds: Rule("rounds"),
    services.ranking: Rule(
        "margin",
        SERVICES,
        keep=("service_code", "category", "unit"),
        counts=("participants", "planned_participants"),
        shares={"participants_share": "participants"},
        groups=("participants", "planned_participants"),
        audited="services",
    ),
    services.municipality_service: Rule(
        "cells",
        SERVICES,
        keep=("municipality_code", "service_code"),
        counts=("participants",),
        shares={"participants_share": "participants"},
        audited="services",
    ),
    progress.domain_summary: Rule(
        "margin",
        DOMAINS,
        keep=("domain", "round_from", "round_to", "higher_is_better", "mid"),
        counts=("n_pairs", "n_missing", "improved", "unchanged", "declined"),
        groups=("n_pairs",),
        args=_window_args,
        audited="domains",
    ),
    progress.municipality_summary: Rule(
        "cells",
        DOMAINS,
        keep=("municipality_code", "domain"),
        counts=("n_pairs", "improved", "unchanged", "declined"),
        shares={"improved_share": "improved"},
        args=lambda engine, f, args: (args[0], args[1], "completers"),
        audited="domains",
    ),
    gaps.region_service_gaps: Rule(
        "margin",
        SERVICES,
        keep=("region", "service_code", "providers", "unit", "category"),
        counts=("participants_planned",),
        groups=("participants_planned",),
        audited="services",
    ),
    gaps.municipality_service_gaps: Rule(
        "cells",
        SERVICES,
        keep=(
            "municipality_code",
            "region",
            "service_code",
            "providers",
            "km_to_provider",
            "provider_in_municipality",
            "unit",
            "category",
        ),
        counts=("participants_planned",),
        audited="services",
    ),
    gaps.map_points: Rule(
        "cells",
        SERVICES,
        keep=("municipality_code", "region", "lat", "lon"),
        counts=("participants_planned",),
    ),
    compare.indicators: Rule(
        "cells",
        DOMAINS,
        keep=("municipality_code", "region", "indicator", "kind", "polarity"),
        counts=("events",),
        shares={"value": "events", "ci_low": "events", "ci_high": "events"},
        args=_compare_window,
        audited="indicators",
    ),
    compare.rated: Rule("rated", DOMAINS, keep=("municipality_code", "region", "indicator")),
    overview.monthly_spend: Rule(
        "series", SERVICES, keep=("month", "category"), counts=("participants",)
    ),
    services.people_per_month: Rule("series", SERVICES, keep=("month",), counts=("participants",)),
    services.monthly_by_service: Rule(
        "series", SERVICES, keep=("month", "service_code"), counts=("participants",)
    ),
    progress.participant_changes: Rule("participants"),
    progress.status_counts: Rule("participants"),
    progress.participant_profile: Rule("participants"),
}
"""Every metric released outside the ministry; anything else is :class:`Refused`."""

MINISTRY_ONLY = (
    quality.missing_reassessment,
    quality.plans_without_usage,
    quality.usage_without_plan,
    quality.providers_without_usage,
)


def read(engine: Engine, scope: Scope, fn: Metric, f: Filters, *args: object) -> pd.DataFrame:
    """Return ``fn(engine, f, *args)`` as ``scope`` may see it.

    Unsuppressed for the ministry, an admin, and a municipality's own municipality; otherwise
    released by ``fn``'s :data:`RULES` entry (selection narrowed by :func:`released`,
    suppressed cells empty, a ``suppressed`` column added).

    Raises:
        Refused: for a metric not released to ``scope``.
    """
    if not restricted(scope, f):
        return fn(engine, f, *args)
    rule = RULES.get(fn)
    if rule is None:
        raise Refused(
            f"{fn.__module__}.{fn.__qualname__} is shown to the ministry only; "
            f"a {scope.role} account does not see it."
        )
    f = released(scope, f)[0]
    if fn is progress.domain_summary and len(args) > 2 and args[2] != "completers":
        # its pairs and unchanged are the completers' plus those missing: beside the
        # completers' it would give the hidden missing counts away
        raise Refused(
            "progress of everyone enrolled is shown to the ministry and to a municipality "
            f"for its own participants; a {scope.role} account sees the reassessed only."
        )
    if rule.kind == "participants":
        return _participants(engine, scope, fn, f, args)
    if rule.kind == "rated":
        return _rated(engine, scope, f, args)
    if rule.kind == "rounds":  # the same counts as overview.rounds: hidden the same way
        shown = read(engine, scope, overview.rounds, f)
        return shown.rename(columns={"assessed": "participants"})[
            ["round", "participants", "first_date", "last_date", MARKER]
        ]
    table = fn(engine, f, *args)
    readers = {"margin": _margin, "cells": _cells, "series": _series}
    return readers[rule.kind](engine, scope, rule, f, args, table)


def _blank(table: pd.DataFrame, rule: Rule, rows: pd.Series, why: pd.Series) -> pd.DataFrame:
    """Empty every column but ``rule.keep`` in ``rows``; note ``why`` in the marker column."""
    out = table.copy()
    out[MARKER] = ""
    if rows.empty or not rows.any():
        return out
    for column in out.columns:
        if column in rule.keep or column == MARKER:
            continue
        if out[column].dtype.kind in "iub" or out[column].dtype.kind == "f":
            out[column] = out[column].astype("float64")
            out.loc[rows, column] = np.nan
        else:
            out[column] = out[column].astype("object")
            out.loc[rows, column] = None
    out.loc[rows, MARKER] = why[rows]
    return out


def _mask_counts(out: pd.DataFrame, rule: Rule, k: int, own_rows: pd.Series) -> pd.DataFrame:
    """Mask counts of 1 to k-1 in shown rows that are not the viewer's own municipality."""
    shown = (out[MARKER] == "") & ~own_rows
    for column in rule.counts:
        if column not in out:
            continue
        values = out[column].astype("float64")
        small = values.between(1, k - 1) & shown
        if not small.any():
            continue
        out[column] = values.where(~small)
        for share in (s for s, count in rule.shares.items() if count == column and s in out):
            out[share] = out[share].astype("float64").where(~small)
        out.loc[small, MARKER] = out.loc[small, MARKER].astype(str) + column + ","
    partial = out[MARKER].str.endswith(",")
    columns = out.loc[partial, MARKER].str.rstrip(",").str.replace(",", ", ")
    out.loc[partial, MARKER] = f"<{k}: " + columns
    return out


def _honest(why: pd.Series, table: pd.DataFrame, rule: Rule, k: int) -> pd.Series:
    """Mark a row ``<k`` only if every count in it is below k; else ``hidden``.

    A reader takes ``<k`` on a hidden row to say each of its counts is below k, and bounds
    them so: a row holding a small group and a count of k or more says only ``hidden``.
    """
    counts = [c for c in rule.counts if c in table]
    if not counts:
        return why
    large = (table[counts].astype("float64") >= k).any(axis=1)
    return why.mask((why == f"<{k}") & large, HIDDEN)


def _label(marker: str, k: int) -> str:
    return f"<{k}" if marker == "primary" else marker


def _margin(
    engine: Engine, scope: Scope, rule: Rule, f: Filters, args: tuple, table: pd.DataFrame
) -> pd.DataFrame:
    family = rule.family
    assert family is not None
    found = pattern(engine, scope, family, f, *rule.args(engine, f, args))
    extra = [pattern(engine, scope, other, f) for other in rule.also]
    where = area(f)
    single = bool(f.municipalities)
    marks, areas = [], []
    for record in table.to_dict("records"):
        key = tuple(record[c] for c in family.key)
        row_area = record.get("region", where) if where == PILOT and "region" in record else where
        areas.append(str(row_area))
        if single:
            mark = _label(found.cell(where, key), scope.k)
            if not mark and any(where in p.totals for p in extra):
                mark = HIDDEN
        else:
            grand = any(p.margin(str(row_area), ("*",)) for p in extra)
            mark = HIDDEN if found.margin(str(row_area), key) or grand else ""
        marks.append(mark)
    why = pd.Series(marks, index=table.index, dtype="object")
    for column in rule.groups:  # a total of fewer than k people is a small group itself
        small = table[column].astype("float64").between(1, scope.k - 1) & (why == "")
        why[small] = f"<{scope.k}"
    why = _honest(why, table, rule, scope.k)
    out = _blank(table, rule, why != "", why)
    out = _keep_provider_status(out, table, why != "")
    out = _mask_counts(out, rule, scope.k, pd.Series(False, index=out.index))
    if rule.audited:
        nobody = pd.Series(False, index=out.index)  # a selection's totals: nobody's own
        return _audited(engine, scope, rule, f, args, out, areas, nobody)
    return out


def _keep_provider_status(out: pd.DataFrame, table: pd.DataFrame, rows: pd.Series) -> pd.DataFrame:
    """A missing provider is a fact about providers: the status stays on hidden rows."""
    if "status" in table:
        no_provider = rows & (table["status"] == "no_provider")
        out.loc[no_provider, "status"] = "no_provider"
    return out


def _cells(
    engine: Engine, scope: Scope, rule: Rule, f: Filters, args: tuple, table: pd.DataFrame
) -> pd.DataFrame:
    own = table["municipality_code"] == scope.municipality_code
    if rule.family is SERVICES and "service_code" in table:
        found = pattern(engine, scope, SERVICES, f)
        marks = [
            _label(found.cell(m, (s,)), scope.k)
            for m, s in zip(table["municipality_code"], table["service_code"], strict=True)
        ]
    else:
        marks = _whole_place_marks(engine, scope, rule, f, args, table)
    why = pd.Series(marks, index=table.index, dtype="object").where(~own, "")
    why = _honest(why, table, rule, scope.k)
    out = _blank(table, rule, why != "", why)
    out = _keep_provider_status(out, table, why != "")
    if "worst_status" in table:
        out = _worst_shown(engine, scope, f, args, out)
    out = _mask_counts(out, rule, scope.k, own)
    if rule.audited:
        return _audited(engine, scope, rule, f, args, out, out["municipality_code"].tolist(), own)
    return out


def _whole_place_marks(
    engine: Engine, scope: Scope, rule: Rule, f: Filters, args: tuple, table: pd.DataFrame
) -> list[str]:
    """Marks for rows about a municipality as a whole (map points, indicators, progress).

    A municipality hidden among participants is hidden everywhere; progress rows follow the
    domains' pattern, the others the services' totals; any other group under k is primary.
    """
    people = pattern(engine, scope, PARTICIPANTS, f)
    used = pattern(engine, scope, SERVICES, f)
    window = rule.args(engine, f, args)
    domains = pattern(engine, scope, DOMAINS, f, *window) if window else None
    marks = []
    for record in table.to_dict("records"):
        place = record["municipality_code"]
        mark = people.cell(place, ())
        if not mark and _is_progress(record):
            mark = HIDDEN if domains is None or place in domains.places() else ""
        elif not mark and place in used.totals:
            mark = HIDDEN
        if not mark and 1 <= float(record.get("n", 0) or 0) < scope.k:
            mark = "primary"
        marks.append(_label(mark, scope.k))
    return marks


def _is_progress(record: Mapping) -> bool:
    indicator = str(record.get("indicator", ""))
    return (
        "domain" in record
        or indicator.startswith(compare.DOMAIN_PREFIX)
        or indicator in ("improved_share", "missing_reassessment_share")
    )


def _worst_shown(
    engine: Engine, scope: Scope, f: Filters, args: tuple, out: pd.DataFrame
) -> pd.DataFrame:
    """Each map point's worst status over the service rows shown, not the hidden ones."""
    detail = read(engine, scope, gaps.municipality_service_gaps, f, *args)
    shown = detail.dropna(subset=["status"])
    rank = shown["status"].map(gaps.STATUS_ORDER.index)
    worst = shown.assign(rank=rank).sort_values("rank").groupby("municipality_code")["status"]
    out["worst_status"] = out["municipality_code"].map(worst.first()).astype("object")
    return out


RATED_VALUES = ("value", "n", "events", "ci_low", "ci_high")
"""Columns of :func:`compare.rated` about one municipality's own people."""


def _rated(engine: Engine, scope: Scope, f: Filters, args: tuple) -> pd.DataFrame:
    """:func:`compare.rated` for a restricted ``scope``: benchmarks first, suppression after.

    Medians, funnel centres, ranks and ratings are computed from the complete data, so every
    figure shown is the one the ministry sees. Then, for this audience:

    - a municipality's value, n, events and interval are hidden as :func:`read` hides them in
      :func:`compare.indicators`; so is the rank of a hidden value, and its rating reads
      ``hidden``;
    - in a group (indicator, and region for ``group="region"``) holding a hidden value, the
      ranks of the other municipalities are hidden (a rank counts the hidden values above
      it, so two ranks would bound a hidden value); the viewer's own rank stays;
    - the group median is withheld when a hidden value lies between the middle values (it
      would be that value, or half a sum with it); the pooled share (the funnel's centre)
      when the hidden events of the group are fewer than k or in one municipality, as the
      centre times the people shown is the shown events plus the hidden ones.
    """
    group = str(args[0]) if args else "pilot"
    window = tuple(args[1:3])
    complete = compare.indicators(engine, f, *window)
    rated = compare.compare(complete, group)
    shown = _cells(engine, scope, RULES[compare.indicators], f, window, complete)
    keys = ["municipality_code", "indicator"]
    shown = rated[keys].merge(shown, on=keys, how="left", validate="one_to_one")
    out = rated.copy()
    out[list(RATED_VALUES)] = shown[list(RATED_VALUES)].to_numpy()
    out[MARKER] = shown[MARKER].fillna("").astype(str).to_numpy()
    hidden = out["value"].isna() & rated["value"].notna()
    out["rank"] = out["rank"].mask(hidden)
    out["rating"] = out["rating"].mask(hidden, HIDDEN)
    mine = out["municipality_code"] == scope.municipality_code
    groups: str | list[str] = "indicator" if group == "pilot" else ["indicator", "region"]
    for _, at in out.groupby(groups, sort=False).groups.items():
        _withhold_benchmarks(out, rated, at, hidden, mine, scope.k)
    return out


def _withhold_benchmarks(
    out: pd.DataFrame,
    rated: pd.DataFrame,
    at: pd.Index,
    hidden: pd.Series,
    mine: pd.Series,
    k: int,
) -> None:
    """Withhold the benchmarks of one comparison group that would bound a hidden value."""
    secret = hidden[at]
    if not secret.any():
        return
    withheld = []
    others = at[~mine[at] & out.loc[at, "rank"].notna().to_numpy()]
    if len(others):
        out.loc[others, "rank"] = pd.NA
        withheld.append((others, "rank"))
    if _median_moves(rated.loc[at, "value"], secret):
        out.loc[at, "group_median"] = np.nan
        withheld.append((at, "group_median"))
    events = rated.loc[at[secret.to_numpy()], "events"].dropna()
    if len(events) and (len(events) < 2 or events.sum() < k):
        out.loc[at, "group_proportion"] = np.nan
        withheld.append((at, "group_proportion"))
    notes: dict[Hashable, list[str]] = {}
    for rows, column in withheld:
        for row in rows[out.loc[rows, MARKER].to_numpy() == ""]:
            notes.setdefault(row, []).append(column)
    for row, columns in notes.items():
        out.loc[row, MARKER] = f"{HIDDEN}: " + ", ".join(columns)


def _median_moves(values: pd.Series, secret: pd.Series) -> bool:
    """Whether the median of ``values`` moves when any ``secret`` value moves a little.

    If it does, the median is that value or half a sum with it (or, among ties, the only
    reason it is what it is), so it would give the hidden value away.
    """
    known = values.dropna()
    median = float(np.median(known))
    for row in known.index[secret[known.index].to_numpy()]:
        for step in (-1e-6, 1e-6):
            moved = known.copy()
            moved[row] += step * max(1.0, abs(float(moved[row])))
            if not np.isclose(float(np.median(moved)), median, rtol=0, atol=1e-12):
                return True
    return False


def _series(
    engine: Engine, scope: Scope, rule: Rule, f: Filters, args: tuple, table: pd.DataFrame
) -> pd.DataFrame:
    """Monthly rows: for the whole pilot only, each service's or group's months all or none.

    The rows of a hidden series are left out: a chart of months has no cell to mark.

    A series is shown when every month's group has k people or more (or none) and, for
    services and service groups, their totals over the pilot are shown: the months add up
    to those totals, so a hidden month or total would follow from the others.
    """
    if area(f) != PILOT:
        return _blank(table.iloc[0:0], rule, pd.Series(), pd.Series())
    margins = pattern(engine, scope, SERVICES, f).margins
    hidden_services = {key[0] for where, key in margins if where == PILOT and key != ("*",)}
    small = table["participants"].between(1, scope.k - 1)
    if "service_code" in table:
        groups = table["service_code"]
        gone = set(groups[small]) | hidden_services
    elif "category" in table:
        groups = table["category"]
        ranking = services.ranking(engine, f)
        gone = set(groups[small]) | set(
            ranking.loc[ranking["service_code"].isin(hidden_services), "category"]
        )
    else:
        groups = pd.Series("all", index=table.index)
        gone = {"all"} if small.any() else set()
    return _blank(table[~groups.isin(gone)].reset_index(drop=True), rule, pd.Series(), pd.Series())


def _participants(
    engine: Engine, scope: Scope, fn: Metric, f: Filters, args: tuple
) -> pd.DataFrame:
    """Participant rows of the scope's own municipality; none for the public."""
    own = scope.municipality_code if scope.role == "municipality" else None
    table = fn(engine, dataclasses.replace(f, municipalities=(own or "",)), *args)
    elsewhere = bool(f.municipalities) and f.municipalities != (own,)
    return table.iloc[0:0] if own is None or elsewhere else table


def forget() -> None:
    """Forget every suppression worked out (as a restart does); for benchmarks and tests."""
    _MEMO.clear()
    _COUNTS_MEMO.clear()


def hidden_any(table: pd.DataFrame) -> bool:
    """Whether ``table`` (a read's result) has suppressed figures."""
    return MARKER in table and bool((table[MARKER] != "").any())
