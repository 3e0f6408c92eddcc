"""What each selected participant received of each service: the base of the usage metrics.

Without a period filter this reads ``usage_summary`` (service usage added up per participant
and service when it was written, :mod:`evaldash.db.summary`); with one, on DuckDB it adds up
the deliveries of the period, on PostgreSQL it subtracts two points of ``usage_running``'s
running totals (0.2-0.3 s instead of 1.0-1.5 s for the 2.5 million deliveries of half of a
national pilot). All give the same rows, so the metrics built on it do not care. A period's
sums are :func:`~evaldash.metrics.kept`: the ranking, the headline and the gaps of one page
read them from one table instead of each computing them again. What the participants got
of their plans (:func:`plan_delivery`) reads the plan rounds in time (``plan_period``): on
PostgreSQL two points of the running totals per round, elsewhere the period's deliveries
joined to the rounds.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

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


def plan_delivery(engine: Engine, f: Filters, name: str = "plan_delivery") -> FromClause:
    """Per selected participant and planned service: the plan and what was delivered of it.

    The one source of the measure ``share_delivered`` (:mod:`evaldash.measures`): Services,
    Provider gaps, Compare, ``report`` and the exports add up these rows. Columns:
    participant_key, municipality_code, service_code; planned_units (float, the person's
    planned units of the service); delivered_units (float, the units delivered of them:
    :func:`evaldash.db.summary.delivered_of_plan`). Services a person received without a
    plan for them have no row: they are no part of any plan's delivery.

    Plan rounds are dated (``plan_period``): each round's deliveries while it is in force
    count up to that round's plan, never to the rounds' sum. With a period, each round in
    force in it counts its planned units in proportion to its days in the period (and its
    deliveries in the period), so half of a yearly plan's year reads about the same share as
    the whole year; a round not in force in the period has no part in it. Without a period
    the rows are ``plan_summary``'s, added up when the data were written; a period's are
    :func:`~evaldash.metrics.kept`, computed once for every metric of a page.
    """
    p, ps = schema.participant, schema.plan_summary
    if f.period_from or f.period_to:
        per_round = _rounds_of_period(engine, f)
        r = per_round.c
        sums = sa.select(
            r.participant_key,
            r.municipality_code,
            r.service_code,
            sa.func.sum(r.planned_units).label("planned_units"),
            sa.func.sum(summary.delivered_of_plan(r.units, r.planned_units)).label(
                "delivered_units"
            ),
        ).group_by(r.participant_key, r.municipality_code, r.service_code)
        # kept: Services, Provider gaps and Compare of one page read the period's once
        return kept(engine, ("plan_delivery", f), sums, name)
    return (
        sa.select(
            ps.c.participant_key,
            p.c.municipality_code,
            ps.c.service_code,
            ps.c.planned_units,
            sa.func.coalesce(ps.c.delivered_units, 0.0).label("delivered_units"),
        )
        .select_from(ps.join(p, p.c.participant_key == ps.c.participant_key))
        .where(*f.participant_clauses(), *f.category_clauses(ps.c.service_code))
        .subquery(name)
    )


def _rounds_of_period(engine: Engine, f: Filters) -> sa.Subquery:
    """Per selected participant, service and plan round in force in the period: its share.

    Columns: participant_key, municipality_code, service_code, planned_units (the round's,
    prorated by its days in the period), units (delivered in the period while it was in
    force; NULL: none). On PostgreSQL two points of ``usage_running``'s running totals per
    round, elsewhere the period's deliveries joined to the rounds.
    """
    p, pp = schema.participant, schema.plan_period
    period_end = f.period_to + timedelta(days=1) if f.period_to else None  # exclusive
    rounds = [pp.c.participant_key, p.c.municipality_code, pp.c.service_code]
    planned = (pp.c.planned_units * _days_share(pp, f.period_from, period_end)).label(
        "planned_units"
    )
    in_period = [
        *f.participant_clauses(),
        *f.category_clauses(pp.c.service_code),
        *_overlaps(pp, f.period_from, period_end),
    ]
    source = pp.join(p, p.c.participant_key == pp.c.participant_key)
    if reads_running_totals(engine, f):
        r = schema.usage_running
        same = sa.and_(
            r.c.participant_key == pp.c.participant_key, r.c.service_code == pp.c.service_code
        )
        first = _later(pp.c.starts_on, f.period_from) - 1
        last = _earlier(pp.c.ends_on, period_end) - 1
        upper = sa.case((last.is_(None), sa.func.cardinality(r.c.days)), else_=_bucket(last, r))
        lower = sa.case((first.is_(None), 0), else_=_bucket(first, r))
        units = sa.func.coalesce(r.c.units[upper], 0) - sa.func.coalesce(r.c.units[lower], 0)
        return (
            sa.select(*rounds, planned, sa.cast(units, sa.Float).label("units"))
            .select_from(source.join(r, same))
            .where(*in_period)
            .subquery("per_round")
        )
    delivered, same_round = summary.round_deliveries(*f.usage_clauses())
    return (
        sa.select(*rounds, planned, delivered.c.units)
        .select_from(source.outerjoin(delivered, same_round))
        .where(*in_period)
        .subquery("per_round")
    )


def _later(day: sa.ColumnElement, bound: date | None) -> sa.ColumnElement:
    """SQL: the later of ``day`` and ``bound`` (``day`` without a bound; NULL ``day``: bound)."""
    return day if bound is None else sa.func.greatest(day, bound)  # greatest skips a NULL


def _earlier(day: sa.ColumnElement, bound: date | None) -> sa.ColumnElement:
    """SQL: the earlier of ``day`` and ``bound`` (``day`` without a bound; NULL ``day``: bound)."""
    return day if bound is None else sa.func.least(day, bound)


def _bucket(day: sa.ColumnElement, r: sa.Table) -> sa.ColumnElement:
    """Index of the last of ``r``'s delivery days up to ``day`` (0: none; :func:`_points`)."""
    return sa.func.width_bucket(day, r.c.days)


def _overlaps(pp: sa.Table, start: date | None, end: date | None) -> list[sa.ColumnElement[bool]]:
    """Conditions: the plan round is in force on a day from ``start`` up to ``end`` (exclusive)."""
    clauses = []
    if end is not None:
        clauses.append(sa.or_(pp.c.starts_on.is_(None), pp.c.starts_on < end))
    if start is not None:
        clauses.append(sa.or_(pp.c.ends_on.is_(None), pp.c.ends_on > start))
    return clauses


def _days_share(pp: sa.Table, start: date | None, end: date | None) -> sa.ColumnElement:
    """SQL: the share of the plan round's days that fall from ``start`` up to ``end``.

    1 for a round without a known start or end (it cannot be prorated).
    """
    first, last = _later(pp.c.starts_on, start), _earlier(pp.c.ends_on, end)
    length = pp.c.ends_on - pp.c.starts_on
    return sa.case(
        (sa.or_(pp.c.starts_on.is_(None), pp.c.ends_on.is_(None)), 1.0),
        (length <= 0, 0.0),
        else_=sa.cast(last - first, sa.Float) / sa.cast(length, sa.Float),
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
