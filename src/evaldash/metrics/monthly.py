"""People served and cost per month: whole months from ``usage_month``, the rest from deliveries.

``usage_month`` (:mod:`evaldash.db.summary`) counts the distinct people served per month and
*cell* of participants (pilot, municipality, sex, age group), so the people of a selection of
cells add up. A period that starts or ends within a month leaves that month partial: its rows
are read from the deliveries of the period. Both give the same rows, so the metrics built on
:func:`served` do not care where a month came from.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.sql import ColumnElement, Subquery

from evaldash.db import schema
from evaldash.filters import Filters


def served(f: Filters, by_category: bool, name: str = "served") -> Subquery | None:
    """Per month (and service group): cost and distinct participants served.

    Columns: month (date, first day), category (str, ``other`` for services without one;
    only ``by_category``), cost_eur (NULL when no delivery had a cost), participants.

    Returns None when the summary cannot count the people: over two or more service groups
    together (someone served in both is one person); read the deliveries then.
    """
    if not by_category and len(f.categories) > 1:
        return None
    first, last = whole_months(f)
    parts = []
    if first is None or last is None or first <= last:
        parts.append(_from_summary(f, by_category, first, last))
    edges = _edge_days(f, first, last)
    if edges is not None:
        parts.append(_from_deliveries(f, by_category, edges))
    return sa.union_all(*parts).subquery(name) if len(parts) > 1 else parts[0].subquery(name)


def whole_months(f: Filters) -> tuple[date | None, date | None]:
    """The first and last month (first days) the period covers whole; None = unbounded."""
    first = last = None
    if f.period_from:
        start = f.period_from
        first = start if start.day == 1 else _next_month(start)
    if f.period_to:
        end = f.period_to
        month = end.replace(day=1)
        last = month if _next_month(end) - timedelta(days=1) == end else _previous_month(month)
    return first, last


def _from_summary(
    f: Filters, by_category: bool, first: date | None, last: date | None
) -> sa.Select:
    um = schema.usage_month
    clauses = f.cell_clauses(um)
    if by_category or f.categories:
        clauses.append(um.c.all_categories.is_(False))
        if f.categories:
            clauses.append(um.c.category.in_(f.categories))
    else:
        clauses.append(um.c.all_categories.is_(True))
    if first is not None:
        clauses.append(um.c.month >= first)
    if last is not None:
        clauses.append(um.c.month <= last)
    keys = [um.c.month.label("month")]
    if by_category:
        keys.append(sa.func.coalesce(um.c.category, "other").label("category"))
    return (
        sa.select(
            *keys,
            sa.func.sum(um.c.cost_eur).label("cost_eur"),
            sa.func.sum(um.c.participants).label("participants"),
        )
        .where(*clauses)
        .group_by(*keys)
    )


def _from_deliveries(f: Filters, by_category: bool, edges: ColumnElement[bool]) -> sa.Select:
    u, s = schema.service_usage, schema.service
    month = sa.cast(sa.func.date_trunc("month", u.c.delivered_on), sa.Date)
    keys = [month.label("month")]
    source: sa.FromClause = u
    if by_category:
        keys.append(sa.func.coalesce(s.c.category, "other").label("category"))
        source = u.join(s, u.c.service_code == s.c.service_code)
    return (
        sa.select(
            *keys,
            sa.func.sum(u.c.cost_eur).label("cost_eur"),
            sa.func.count(sa.distinct(u.c.participant_key)).label("participants"),
        )
        .select_from(source)
        .where(u.c.participant_key.in_(f.participant_keys()), *f.usage_clauses(), edges)
        .group_by(*keys)
    )


def _edge_days(f: Filters, first: date | None, last: date | None) -> ColumnElement[bool] | None:
    """A clause keeping the deliveries of partial months, or None when there are none."""
    delivered_on = schema.service_usage.c.delivered_on
    if first is not None and last is not None and first > last:
        return sa.true()  # no whole month: every delivery of the period
    outside = []
    if f.period_from and first != f.period_from:
        outside.append(delivered_on < first)
    if f.period_to and last is not None and _next_month(last) <= f.period_to:
        outside.append(delivered_on >= _next_month(last))
    return sa.or_(*outside) if outside else None


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _previous_month(first_day: date) -> date:
    return (first_day - timedelta(days=1)).replace(day=1)
