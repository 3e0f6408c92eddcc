"""What a scope may select: the audiences, the selections released to them, and refusals."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable

import pandas as pd

from evaldash.auth import Scope
from evaldash.errors import EvaldashError
from evaldash.filters import Filters

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
