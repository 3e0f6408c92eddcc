"""Reads: :func:`read` releases a metric's rows to a scope as its rule says.

One reader per kind of rule (:func:`_margin`, :func:`_cells`, :func:`_series`,
:func:`_rated`, :func:`_participants`) hides cells as the patterns and audits say and marks
why in the ``suppressed`` column.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Mapping

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine

from evaldash.auth import Scope
from evaldash.filters import Filters
from evaldash.metrics import compare, gaps, overview, services
from evaldash.privacy.counts import forget_counts, hide_audited_counts
from evaldash.privacy.patterns import DOMAINS, PARTICIPANTS, SERVICES, forget_patterns, pattern
from evaldash.privacy.rules import RULES, Rule
from evaldash.privacy.scope import (
    HIDDEN,
    MARKER,
    PILOT,
    Metric,
    Refused,
    area,
    released,
    restricted,
)


def read(engine: Engine, scope: Scope, fn: Metric, f: Filters, *args: object) -> pd.DataFrame:
    """Return ``fn(engine, f, *args)`` as ``scope`` may see it.

    Unsuppressed for the ministry, an admin, and a municipality's own municipality; otherwise
    released by ``fn``'s :data:`RULES` entry (selection narrowed by :func:`released`,
    suppressed cells empty, a ``suppressed`` column added).

    Raises:
        Refused: for a metric not released to ``scope``, or an argument value its rule
            does not release (:attr:`Rule.only`).
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
    for only in rule.only:
        if not only.allows(args):
            raise Refused(only.refusal.format(role=scope.role))
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
        return hide_audited_counts(engine, scope, rule, f, args, out, areas, nobody)
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
        return hide_audited_counts(
            engine, scope, rule, f, args, out, out["municipality_code"].tolist(), own
        )
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
    forget_patterns()
    forget_counts()


def hidden_any(table: pd.DataFrame) -> bool:
    """Whether ``table`` (a read's result) has suppressed figures."""
    return MARKER in table and bool((table[MARKER] != "").any())
