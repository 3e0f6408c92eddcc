"""What each selected participant received of each service: the base of the usage metrics.

Without a period filter this reads ``usage_summary`` (service usage added up per participant
and service when it was written, :mod:`evaldash.db.summary`); with one, on DuckDB it adds up
the deliveries of the period, on PostgreSQL it subtracts two points of ``usage_running``'s
running totals (0.2-0.3 s instead of 1.0-1.5 s for the 2.5 million deliveries of half of a
national pilot). All give the same rows, so the metrics built on it do not care. A period's
sums are :func:`~evaldash.metrics.kept`: the ranking, the headline and the gaps of one page
read them from one table instead of each computing them again. On PostgreSQL, where the
running totals also carry each participant's planned units, what the participants got of
their plans over a period (:func:`participant_sums`, :func:`plans_met`) is one pass over
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
from evaldash.metrics import already_kept, kept


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


def plans_met(f: Filters, name: str = "need") -> FromClause:
    """Per municipality and service planned, over the period: plans and what was delivered.

    Columns: municipality_code, service_code, participants_planned (selected participants
    with the service in a plan), planned_units and delivered_units (of those participants;
    deliveries of an unplanned service do not count). PostgreSQL, one pass over
    ``usage_running``, whose rows carry the planned units: no period's sums are joined to
    the plans.
    """
    p = schema.participant
    t, between = _points(f, p, p.c.municipality_code)
    return (
        sa.select(
            t.municipality_code,
            t.service_code,
            sa.func.count().label("participants_planned"),
            sa.func.sum(t.planned_units).label("planned_units"),
            sa.func.sum(sa.cast(between(t.units), sa.Float)).label("delivered_units"),
        )
        .where(t.planned_units.is_not(None))
        .group_by(t.municipality_code, t.service_code)
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


def units_of_everyone(engine: Engine, f: Filters, name: str = "units") -> tuple[FromClause, bool]:
    """Units and cost received, of the period and service groups, by **every** participant.

    Columns: participant_key, service_code, units, cost_eur; and whether there is one row per
    participant and service. With a period, one row per delivery of the period (DuckDB) or
    the period's sums from the running totals (PostgreSQL); without one, the per participant
    and service sums of ``usage_summary``; either way sums of ``units``
    over a participant and service are what :func:`by_person_and_service` gives. Join it to
    the selected participants (or their plans): the participant filters are not applied here,
    so that a join can replace a second search. When another metric of the page has
    :func:`~evaldash.metrics.kept` the period's :func:`by_person_and_service` (the selected
    participants' sums), its rows are those instead: the same join gives the same sums
    without grouping the period again.
    """
    period = f.period_from or f.period_to
    sums = already_kept(engine, ("delivered", f), name) if period else None
    if sums is not None:
        return sa.select(
            sums.c.participant_key, sums.c.service_code, sums.c.units, sums.c.cost_eur
        ).subquery(name), True
    if reads_running_totals(engine, f):
        return _from_running_totals(f, None).subquery(name), True
    if period:
        u = schema.service_usage
        return (
            sa.select(u.c.participant_key, u.c.service_code, u.c.units, u.c.cost_eur)
            .where(*f.usage_clauses())
            .subquery(name)
        ), False
    s = schema.usage_summary
    return (
        sa.select(s.c.participant_key, s.c.service_code, s.c.units, s.c.cost_eur)
        .where(*f.category_clauses(s.c.service_code))
        .subquery(name)
    ), True
