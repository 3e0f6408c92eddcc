"""What each selected participant received of each service: the base of the usage metrics.

Without a period filter this reads ``usage_summary`` (service usage added up per participant
and service when it was written, :mod:`evaldash.db.summary`); with one it adds up the
deliveries of the period. Both give the same rows, so the metrics built on it do not care.
A period's sums are :func:`~evaldash.metrics.kept`: the ranking, the headline and the gaps of
one page read them from one grouping of the period's deliveries (2.5 million at national
scale for half of the pilot) instead of each grouping them again.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.sql import FromClause

from evaldash.db import schema
from evaldash.filters import Filters
from evaldash.metrics import already_kept, kept


def by_person_and_service(engine: Engine, f: Filters, name: str = "delivered") -> FromClause:
    """Per selected participant and service with deliveries in the selection.

    Columns: participant_key, service_code, deliveries (usage records), units (in the
    service's unit), cost_eur (NULL when no delivery had a cost).
    """
    # Joined to the selected participants rather than ``IN`` them: DuckDB joins the deliveries
    # of a period a third faster than it checks each against the list.
    p = schema.participant
    if f.period_from or f.period_to:
        u = schema.service_usage
        sums = (
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
        return kept(engine, ("delivered", f), sums, name)
    s = schema.usage_summary
    return (
        sa.select(s.c.participant_key, s.c.service_code, s.c.deliveries, s.c.units, s.c.cost_eur)
        .select_from(s.join(p, p.c.participant_key == s.c.participant_key))
        .where(*f.participant_clauses(), *f.category_clauses(s.c.service_code))
        .subquery(name)
    )


def units_of_everyone(engine: Engine, f: Filters, name: str = "units") -> tuple[FromClause, bool]:
    """Units and cost received, of the period and service groups, by **every** participant.

    Columns: participant_key, service_code, units, cost_eur; and whether there is one row per
    participant and service. With a period, one row per delivery of the period; without one,
    the per participant and service sums of ``usage_summary``; either way sums of ``units``
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
