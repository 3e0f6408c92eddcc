"""What each selected participant received of each service: the base of the usage metrics.

Without a period filter this reads ``usage_summary`` (service usage added up per participant
and service when it was written, :mod:`evaldash.db.summary`); with one, on DuckDB it adds up
the deliveries of the period, on PostgreSQL it subtracts two points of ``usage_running``'s
running totals (0.2-0.3 s instead of 1.0-1.5 s for the 2.5 million deliveries of half of a
national pilot). All give the same rows, so the metrics built on it do not care. A period's
sums are :func:`~evaldash.metrics.kept`: the ranking, the headline and the gaps of one page
read them from one table instead of each computing them again. On PostgreSQL, where the
running totals also carry each participant's planned units, what the participants got of
their plans over a period (:func:`participant_sums`, :func:`plan_delivery`) is one pass over
them instead.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.sql import FromClause

from evaldash.db import schema, summary
from evaldash.filters import Filters
from evaldash.metrics import kept


def reads_running_totals(engine: Engine, f: Filters) -> bool:
    """Whether the selection's period is read from ``usage_running``: PostgreSQL, a period."""
    return bool(f.period_from or f.period_to) and engine.dialect.name == "postgresql"


def by_person_and_service(engine: Engine, f: Filters, name: str = "delivered") -> FromClause:
    """Per selected participant and service with deliveries in the selection.

    Columns: participant_key, service_code, deliveries (usage records), units (in the
    service's unit), cost_eur (NULL when no delivery had a cost).
    """
    # Joined to the selected participants rather than ``IN`` them: DuckDB joins the deliveries
    # of a period a third faster than it checks each against the list.
    p = schema.participant
    if f.period_from or f.period_to:
        sums = _of_period(engine, f)
        return kept(engine, ("delivered", f), sums, name)
    s = schema.usage_summary
    return (
        sa.select(s.c.participant_key, s.c.service_code, s.c.deliveries, s.c.units, s.c.cost_eur)
        .select_from(s.join(p, p.c.participant_key == s.c.participant_key))
        .where(*f.participant_clauses(), *f.category_clauses(s.c.service_code))
        .subquery(name)
    )


def _of_period(engine: Engine, f: Filters) -> sa.Select:
    """The period's sums per selected participant and service.

    On PostgreSQL they are read from ``usage_running``, elsewhere the period's deliveries are
    grouped.
    """
    p = schema.participant
    if reads_running_totals(engine, f):
        return _from_running_totals(f, p)
    u = schema.service_usage
    return (
        sa.select(
            u.c.participant_key,
            u.c.service_code,
            sa.func.count().label("deliveries"),
            sa.func.sum(u.c.units).label("units"),
            sa.func.sum(u.c.cost_eur).label("cost_eur"),
        )
        .select_from(u.join(p, p.c.participant_key == u.c.participant_key))
        .where(*f.participant_clauses(), *f.usage_clauses())
        .group_by(u.c.participant_key, u.c.service_code)
    )


def _from_running_totals(f: Filters, p: sa.Table | None) -> sa.Select:
    """The period's sums as two points of each participant's and service's running totals.

    Of the participants of ``p`` the filters select, or of everyone without ``p``.
    """
    t, between = _points(f, p)
    cost = _cost(t, between)
    return sa.select(
        t.participant_key,
        t.service_code,
        sa.cast(between(t.deliveries), sa.Integer).label("deliveries"),
        sa.cast(between(t.units), sa.Float).label("units"),
        sa.cast(cost, schema.service_usage.c.cost_eur.type).label("cost_eur"),
    ).where(t.upper > t.lower)


def participant_sums(f: Filters, name: str = "sums") -> FromClause:
    """Per selected participant, over the period: what they got of their plan (PostgreSQL).

    The columns of :func:`evaldash.db.summary.participant_sums` (participant_key, services,
    cost_eur, has_plan, delivered_share), from one pass over ``usage_running``, whose rows
    carry the planned units and include the services planned but not delivered: no period's
    sums are kept and joined to the plans (0.4 s instead of 1.0 for a national pilot).
    """
    t, between = _points(f, schema.participant)
    got = t.upper > t.lower
    cost = _cost(t, between)
    planned = t.planned_units.is_not(None)
    units = sa.cast(between(t.units), sa.Float)
    share = summary.share_of_plan(units, t.planned_units)
    return (
        sa.select(
            t.participant_key,
            sa.func.count().filter(got).label("services"),
            sa.func.sum(cost).label("cost_eur"),
            sa.func.bool_or(planned).label("has_plan"),
            sa.func.avg(share).label("delivered_share"),  # NULL when not planned
        )
        .group_by(t.participant_key)
        .subquery(name)
    )


def plan_delivery(engine: Engine, f: Filters, name: str = "plan_delivery") -> FromClause:
    """Per selected participant and planned service: the plan and what was delivered of it.

    The one source of the measure ``share_delivered`` (:mod:`evaldash.measures`): Services,
    Provider gaps, Compare, ``report`` and the exports add up these rows. Columns:
    participant_key, municipality_code, service_code; planned_units (float, the person's
    planned units of the service); delivered_units (float, the units of the service delivered
    to the person in the period, counted up to planned_units:
    :func:`evaldash.db.summary.delivered_of_plan`). Services a person received without a
    plan for them have no row: they are no part of any plan's delivery.

    On PostgreSQL with a period, one pass over ``usage_running``, whose rows carry the planned
    units (no period's sums are joined to the plans); elsewhere the plans joined to
    :func:`by_person_and_service`.
    """
    p = schema.participant
    if reads_running_totals(engine, f):
        t, between = _points(f, p, p.c.municipality_code)
        units = sa.cast(between(t.units), sa.Float)
        return (
            sa.select(
                t.participant_key,
                t.municipality_code,
                t.service_code,
                t.planned_units,
                summary.delivered_of_plan(units, t.planned_units).label("delivered_units"),
            )
            .where(t.planned_units.is_not(None))
            .subquery(name)
        )
    ps = schema.plan_summary
    got = by_person_and_service(engine, f)
    same = sa.and_(
        got.c.participant_key == ps.c.participant_key, got.c.service_code == ps.c.service_code
    )
    return (
        sa.select(
            ps.c.participant_key,
            p.c.municipality_code,
            ps.c.service_code,
            ps.c.planned_units,
            summary.delivered_of_plan(got.c.units, ps.c.planned_units).label("delivered_units"),
        )
        .select_from(ps.join(p, p.c.participant_key == ps.c.participant_key).outerjoin(got, same))
        .where(*f.participant_clauses(), *f.category_clauses(ps.c.service_code))
        .subquery(name)
    )


def _cost(t: sa.ColumnCollection, between: Callable) -> sa.ColumnElement:
    """The period's cost from :func:`_points`: NULL when none of its deliveries had one."""
    return sa.case((between(t.costed) > 0, between(t.cost_eur)))


def _points(
    f: Filters, p: sa.Table | None, *also: sa.ColumnElement
) -> tuple[sa.ColumnCollection, Callable[[sa.ColumnElement], sa.ColumnElement]]:
    """``usage_running`` with each row's two points of the period, and their difference.

    The points are those of the last day with deliveries up to the period's end and of the
    last one before its start: ``width_bucket`` finds them among the ascending days (0,
    before the first day or with no day at all, indexes nothing: NULL, taken as 0). Rows of
    the participants of ``p`` the filters select, or of everyone without ``p``, with the
    columns ``also`` (of ``p``).
    """
    r = schema.usage_running
    if f.period_to:
        upper = sa.func.width_bucket(f.period_to, r.c.days)
    else:
        upper = sa.func.cardinality(r.c.days)
    if f.period_from:
        lower = sa.func.width_bucket(f.period_from - timedelta(days=1), r.c.days)
    else:
        lower = sa.literal(0)
    # PostgreSQL writes the two points into every total that reads them (each is found five
    # times per row). OFFSET 0 would stop that, and a fifth of one core's time with it, but
    # also any parallel plan: two workers take half the time (evaldash.db.engine).
    source = r if p is None else r.join(p, p.c.participant_key == r.c.participant_key)
    selected = [] if p is None else f.participant_clauses()
    points = (
        sa.select(r, *also, upper.label("upper"), lower.label("lower"))
        .select_from(source)
        .where(*selected, *f.category_clauses(r.c.service_code))
        .subquery("points")
    )
    t = points.c

    def between(totals: sa.ColumnElement) -> sa.ColumnElement:
        return sa.func.coalesce(totals[t.upper], 0) - sa.func.coalesce(totals[t.lower], 0)

    return t, between
