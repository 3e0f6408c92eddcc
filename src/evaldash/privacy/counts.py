"""Counts that add up: which counts of shown rows to hide so no hidden one can be narrowed.

Progress by domain, assessment rounds and services: their counts add up over
municipalities, regions and the pilot (and within a row), so hidden counts are chosen over
every selection at once (:func:`evaldash.complement.protect`) and remembered;
:func:`hide_audited_counts` empties them in a read's rows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Iterable, Mapping

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from evaldash import complement
from evaldash.auth import Scope
from evaldash.db import schema
from evaldash.filters import Filters
from evaldash.metrics import catalog, compare, progress, query
from evaldash.privacy.patterns import (
    DOMAINS,
    MEMO_SIZE,
    PARTICIPANTS,
    SERVICES,
    Pattern,
    pattern,
    services_grid,
)
from evaldash.privacy.rules import Rule
from evaldash.privacy.scope import HIDDEN, MARKER, PILOT, released

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
        if len(_COUNTS_MEMO) >= MEMO_SIZE:
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
    grid = services_grid(engine, base, places)
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


# --- the audits applied to a read's rows -----------------------------------------------------


def hide_audited_counts(
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


def forget_counts() -> None:
    """Forget every audit of counts worked out (the memo stays the same dict, emptied)."""
    _COUNTS_MEMO.clear()
