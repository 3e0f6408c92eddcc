"""Summary tables, rebuilt from the facts in the transaction that wrote them.

``usage_summary`` adds up ``service_usage`` per participant and service; ``usage_month``
counts the people served, deliveries and cost per month, cell of participants and service
group; ``assessment_pair`` pairs every score with the same participant's score in each later
round of the pilot, and ``pair_change`` counts those pairs per change and cell;
``assessment_round`` counts the people assessed per round and cell; ``plan_period`` dates
each plan round (in force from its assessment to the next round's) and ``plan_summary`` adds
up the rounds' planned units and what was delivered of each per participant and service;
``participant_usage`` sums up each
participant's services and plans; on PostgreSQL only, ``usage_running`` holds running totals
of ``service_usage`` per participant and service by day, with the planned units. Every
writer of facts (demo loads, imports) calls :func:`refresh` before it commits, so readers
never see the summaries disagree with the facts.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from evaldash.db import schema
from evaldash.db.write import bounded_memory
from evaldash.measures import age_group, change_status, oriented_change, share_of_plan

REFRESH_MEMORY = "600MB"
"""DuckDB's memory while it rebuilds the summaries: their groupings spill to disk beyond it, so
that an import of 5 million deliveries stays within 2 GB (DuckDB would take most of the RAM)."""


def refresh(conn: Connection) -> int:
    """Rebuild the summary tables from the facts; return ``usage_summary``'s row count."""
    with bounded_memory(conn, REFRESH_MEMORY):
        _refresh_pairs(conn)
        refresh_outcomes(conn)  # from assessment_pair: after it
        refresh_pair_changes(conn)  # from assessment_pair: after it
        refresh_rounds(conn)
        refresh_months(conn)
        rows = _refresh_usage(conn)
        refresh_plans(conn)
        refresh_running(conn)  # from plan_summary: after it
        refresh_participants(conn)  # from usage_summary: after it
    analyze(conn)
    return rows


SUMMARIES = (
    schema.usage_summary,
    schema.plan_summary,
    schema.plan_period,
    schema.assessment_pair,
    schema.pair_change,
    schema.usage_month,
    schema.assessment_round,
    schema.participant_usage,
    schema.participant_outcome,
)
"""The tables :func:`refresh` rebuilds."""

ANALYZED = (schema.participant, schema.assessment, schema.plan_item, schema.service_usage)
ANALYZED += (*SUMMARIES, schema.usage_running)
"""What :func:`analyze` lets PostgreSQL's planner know (``usage_running`` is PostgreSQL's own)."""


def analyze(conn: Connection) -> None:
    """Let PostgreSQL's planner know the tables an import rewrote (DuckDB needs nothing).

    Without statistics PostgreSQL guesses how many rows each step gives and can pick a plan
    that runs for minutes (a national pilot's progress page: one query still running after 9
    minutes, 0.3 s with statistics) until autovacuum gets round to the tables. ``ANALYZE``
    reads a sample of each table (1.9 s at national scale) in the import's transaction.
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ANALYZE " + ", ".join(t.name for t in ANALYZED))


def _refresh_usage(conn: Connection) -> int:
    """Rebuild ``usage_summary`` from ``service_usage``; return its row count."""
    u, s = schema.service_usage, schema.usage_summary
    conn.execute(s.delete())
    totals = sa.select(
        u.c.participant_key,
        u.c.service_code,
        sa.func.count().label("deliveries"),
        sa.func.sum(u.c.units).label("units"),
        sa.func.sum(u.c.cost_eur).label("cost_eur"),
        sa.func.min(u.c.delivered_on).label("first_day"),
        sa.func.max(u.c.delivered_on).label("last_day"),
    ).group_by(u.c.participant_key, u.c.service_code)
    columns = ["participant_key", "service_code", "deliveries", "units", "cost_eur"]
    columns += ["first_day", "last_day"]
    conn.execute(s.insert().from_select(columns, totals))
    return int(conn.execute(sa.select(sa.func.count()).select_from(s)).scalar_one())


def _refresh_pairs(conn: Connection) -> None:
    """Rebuild ``assessment_pair`` from ``assessment``, in round order."""
    a, p, pair = schema.assessment, schema.participant, schema.assessment_pair
    before, after = a.alias("before"), a.alias("after")
    pilot_rounds = (
        sa.select(p.c.pilot_id, a.c.round)
        .select_from(a.join(p, p.c.participant_key == a.c.participant_key))
        .distinct()
        .subquery("pilot_rounds")
    )
    later = pilot_rounds.c.round
    rows = (
        sa.select(
            before.c.round,
            later,
            before.c.participant_key,
            before.c.domain_code,
            before.c.score,
            after.c.score,
        )
        .select_from(
            before.join(p, p.c.participant_key == before.c.participant_key)
            .join(
                pilot_rounds,
                sa.and_(pilot_rounds.c.pilot_id == p.c.pilot_id, later > before.c.round),
            )
            .outerjoin(
                after,
                sa.and_(
                    after.c.participant_key == before.c.participant_key,
                    after.c.domain_code == before.c.domain_code,
                    after.c.round == later,
                ),
            )
        )
        .order_by(before.c.round, later, before.c.participant_key, before.c.domain_code)
    )
    columns = ["round_from", "round_to", "participant_key", "domain_code", "score_from"]
    conn.execute(pair.delete())
    conn.execute(pair.insert().from_select([*columns, "score_to"], rows))


def refresh_outcomes(conn: Connection) -> None:
    """Rebuild ``participant_outcome`` from ``assessment_pair`` and ``assessment``."""
    pair, d, a = schema.assessment_pair, schema.assessment_domain, schema.assessment
    po = schema.participant_outcome
    change = oriented_change(pair.c.score_from, pair.c.score_to, d.c.higher_is_better)
    status = change_status(change, d.c.mid)
    later = sa.select(a.c.participant_key, a.c.round).distinct().subquery("later")
    rows = (
        sa.select(
            pair.c.round_from,
            pair.c.round_to,
            pair.c.participant_key,
            later.c.participant_key.is_not(None),
            sa.func.count(change),
            sa.func.count().filter(status == "improved"),
            sa.func.count().filter(status == "declined"),
        )
        .select_from(
            pair.join(d, d.c.domain_code == pair.c.domain_code).outerjoin(
                later,
                sa.and_(
                    later.c.participant_key == pair.c.participant_key,
                    later.c.round == pair.c.round_to,
                ),
            )
        )
        .group_by(
            pair.c.round_from, pair.c.round_to, pair.c.participant_key, later.c.participant_key
        )
    )
    columns = ["round_from", "round_to", "participant_key", "reassessed", "paired"]
    conn.execute(po.delete())
    conn.execute(po.insert().from_select([*columns, "improved", "declined"], rows))


def refresh_pair_changes(conn: Connection) -> None:
    """Rebuild ``pair_change`` from ``assessment_pair``: pairs per change and cell."""
    pair, p, d = schema.assessment_pair, schema.participant, schema.assessment_domain
    pc = schema.pair_change
    change = oriented_change(pair.c.score_from, pair.c.score_to, d.c.higher_is_better)
    keys = [pair.c.round_from, pair.c.round_to, pair.c.domain_code, *_cell(p), change]
    rows = (
        sa.select(
            *keys,
            sa.func.count(),
            sa.func.sum(pair.c.score_from),
            sa.func.sum(pair.c.score_to),
        )
        .select_from(
            pair.join(p, p.c.participant_key == pair.c.participant_key).join(
                d, d.c.domain_code == pair.c.domain_code
            )
        )
        .group_by(*keys)
    )
    columns = [c.name for c in pc.columns]
    conn.execute(pc.delete())
    conn.execute(pc.insert().from_select(columns, rows))


def _cell(p: sa.Table) -> list[sa.ColumnElement]:
    """The cell of a participant: pilot, municipality, sex and age group at enrolment."""
    return [
        p.c.pilot_id,
        p.c.municipality_code,
        p.c.sex,
        age_group(p.c.enrolled_on, p.c.birth_year),
    ]


def refresh_rounds(conn: Connection) -> None:
    """Rebuild ``assessment_round`` from ``assessment``."""
    a, p, ar = schema.assessment, schema.participant, schema.assessment_round
    cell = _cell(p)
    rows = (
        sa.select(
            a.c.round,
            *cell,
            sa.func.count(sa.distinct(a.c.participant_key)),
            sa.func.min(a.c.assessed_on),
            sa.func.max(a.c.assessed_on),
        )
        .select_from(a.join(p, p.c.participant_key == a.c.participant_key))
        .group_by(a.c.round, *cell)
    )
    columns = ["round", "pilot_id", "municipality_code", "sex", "age_group", "participants"]
    conn.execute(ar.delete())
    conn.execute(ar.insert().from_select([*columns, "first_date", "last_date"], rows))


def refresh_months(conn: Connection) -> None:
    """Rebuild ``usage_month`` from ``service_usage``: per category, and all categories."""
    um = schema.usage_month
    columns = ["month", "pilot_id", "municipality_code", "sex", "age_group"]
    columns += ["all_categories", "category", "participants", "deliveries", "cost_eur"]
    conn.execute(um.delete())
    conn.execute(um.insert().from_select(columns, _months(by_category=True)))
    conn.execute(um.insert().from_select(columns, _months(by_category=False)))


def _months(by_category: bool) -> sa.Select:
    """The rows of ``usage_month`` per category, or for all categories together.

    The deliveries are first added up per month and participant (and category); the people
    served are then the rows of a group. A ``COUNT(DISTINCT)`` per group instead keeps every
    group's participants in memory, which DuckDB cannot spill to disk: rewriting the national
    demo over itself ran out of the refresh's memory that way.
    """
    u, p, sv = schema.service_usage, schema.participant, schema.service
    month = sa.cast(sa.func.date_trunc("month", u.c.delivered_on), sa.Date).label("month")
    source: sa.FromClause = u
    keys: list[sa.ColumnElement] = [month, u.c.participant_key]
    if by_category:
        source = u.join(sv, sv.c.service_code == u.c.service_code)
        keys.append(sv.c.category)
    per_person = (
        sa.select(
            *keys,
            sa.func.count().label("deliveries"),
            sa.func.sum(u.c.cost_eur).label("cost_eur"),
        )
        .select_from(source)
        .group_by(*keys)
        .subquery("per_person")
    )
    t = per_person.c
    cell = _cell(p)
    category = [t.category] if by_category else []
    return (
        sa.select(
            t.month,
            *cell,
            sa.false() if by_category else sa.true(),
            *(category or [sa.null()]),
            sa.func.count(),
            sa.func.sum(t.deliveries),
            sa.func.sum(t.cost_eur),
        )
        .select_from(per_person.join(p, p.c.participant_key == t.participant_key))
        .group_by(t.month, *cell, *category)
    )


def refresh_running(conn: Connection) -> None:
    """Rebuild ``usage_running`` from ``service_usage`` (PostgreSQL only; DuckDB has none).

    Per participant, service and day the deliveries are added up, the days' sums run up in
    date order, and each participant's and service's days and running totals are gathered
    into arrays in that order. Units run up as exact decimals: a period's units are the
    difference of two running totals, which floating point would leave a little off. Each
    pair gets its planned units from ``plan_summary`` (so it is rebuilt after it), and a
    service planned but never delivered a row with empty arrays.
    """
    if conn.dialect.name != "postgresql":
        return
    from sqlalchemy.dialects.postgresql import aggregate_order_by

    u, r = schema.service_usage, schema.usage_running
    pair = [u.c.participant_key, u.c.service_code]
    per_day = (
        sa.select(
            *pair,
            u.c.delivered_on.label("day"),
            sa.func.count().label("deliveries"),
            sa.func.sum(sa.cast(u.c.units, sa.Numeric)).label("units"),
            sa.func.count(u.c.cost_eur).label("costed"),
            sa.func.coalesce(sa.func.sum(u.c.cost_eur), 0).label("cost_eur"),
        )
        .group_by(*pair, u.c.delivered_on)
        .subquery("per_day")
    )
    d = per_day.c
    totals = {
        "deliveries": sa.Integer,
        "units": sa.Numeric,
        "costed": sa.Integer,
        "cost_eur": sa.Numeric,
    }
    up_to = {"partition_by": [d.participant_key, d.service_code], "order_by": d.day}
    running = sa.select(
        d.participant_key,
        d.service_code,
        d.day,
        *(sa.func.sum(d[c]).over(**up_to, rows=(None, 0)).label(c) for c in totals),
    ).subquery("running")
    t = running.c

    def gathered(column: sa.ColumnElement, item: type) -> sa.ColumnElement:
        return sa.cast(sa.func.array_agg(aggregate_order_by(column, t.day)), sa.ARRAY(item))

    arrays = (
        sa.select(
            t.participant_key,
            t.service_code,
            gathered(t.day, sa.Date).label("days"),
            *(gathered(t[c], item).label(c) for c, item in totals.items()),
        )
        .group_by(t.participant_key, t.service_code)
        .subquery("arrays")
    )
    a, ps = arrays.c, schema.plan_summary
    same = sa.and_(ps.c.participant_key == a.participant_key, ps.c.service_code == a.service_code)
    none = sa.text("'{}'")  # no day, no total: a service planned and never delivered
    rows = sa.select(
        sa.func.coalesce(a.participant_key, ps.c.participant_key),
        sa.func.coalesce(a.service_code, ps.c.service_code),
        *(sa.func.coalesce(a[c.name], sa.cast(none, c.type)) for c in r.c[2:7]),
        ps.c.planned_units,
    )
    # In participant order, as grouped: a period's sums per participant are then added up by
    # each parallel worker for its own participants (written in join order, every worker saw
    # every participant, and PostgreSQL merged 117,240 partial sums instead of about 50,000).
    rows = rows.select_from(arrays.outerjoin(ps, same, full=True)).order_by(
        *rows.selected_columns[:2]
    )
    conn.execute(r.delete())
    conn.execute(r.insert().from_select([c.name for c in r.columns], rows))


def refresh_participants(conn: Connection) -> None:
    """Rebuild ``participant_usage`` from ``usage_summary`` and ``plan_summary``.

    The same sums as :func:`evaldash.metrics.compare.indicators` makes without a period or
    service group (a test holds the two to each other).
    """
    p, us, pu = schema.participant, schema.usage_summary, schema.participant_usage
    sums = participant_sums(us, schema.plan_summary, "sums")
    rows = sa.select(
        p.c.participant_key,
        sa.func.coalesce(sums.c.services, 0),
        sums.c.cost_eur,
        sa.func.coalesce(sums.c.has_plan, False),
        sums.c.delivered_share,
    ).select_from(p.outerjoin(sums, sums.c.participant_key == p.c.participant_key))
    columns = ["participant_key", "services", "cost_eur", "has_plan", "delivered_share"]
    conn.execute(pu.delete())
    conn.execute(pu.insert().from_select(columns, rows))


def participant_sums(per_service: sa.FromClause, planned: sa.FromClause, name: str) -> sa.Subquery:
    """Per participant with a service received or planned: what they got of their plan.

    Columns, computed in one pass over both:

    - services: different services received; cost_eur: their cost (NULL without any);
    - has_plan: any planned service;
    - delivered_share: the mean over the planned services of their share of planned units
      delivered (delivered_units / planned_units, the delivered units counted up to the
      plan), so units of different services are never added and over-delivery of one does
      not hide another (NULL without a plan or with nothing planned).

    ``per_service`` has one row per participant and service received (participant_key,
    service_code, units, cost_eur); ``planned`` one per participant and service planned
    (participant_key, service_code, planned_units, delivered_units: ``plan_summary`` or
    :func:`evaldash.metrics.delivered.plan_delivery`). They are joined once (a full join).
    """
    got, plan = per_service.c, planned.c
    key = sa.func.coalesce(got.participant_key, plan.participant_key)
    share = share_of_plan(plan.delivered_units, plan.planned_units)
    return (
        sa.select(
            key.label("participant_key"),
            sa.func.count(got.participant_key).label("services"),
            sa.func.sum(got.cost_eur).label("cost_eur"),
            (sa.func.count(plan.participant_key) > 0).label("has_plan"),
            sa.func.avg(share).label("delivered_share"),  # NULL without a plan row
        )
        .select_from(
            per_service.outerjoin(
                planned,
                sa.and_(
                    plan.participant_key == got.participant_key,
                    plan.service_code == got.service_code,
                ),
                full=True,
            )
        )
        .group_by(key)
        .subquery(name)
    )


def delivered_of_plan(delivered: sa.ColumnElement, planned: sa.ColumnElement) -> sa.ColumnElement:
    """SQL: the units of one participant's planned service delivered, counted up to the plan.

    ``delivered`` (NULL: none) counts up to ``planned``: 3 times a plan counts as the plan,
    so that one person's over-delivery never hides another's shortfall when these are added
    up (the measure ``share_delivered`` of :mod:`evaldash.measures`).
    """
    return sa.func.least(sa.func.coalesce(delivered, 0.0), planned)


def refresh_plans(conn: Connection) -> None:
    """Rebuild ``plan_period`` and ``plan_summary`` from the plans, assessments and deliveries.

    ``plan_period`` dates each plan item's round (:func:`plan_periods`); ``plan_summary``
    adds up per participant and service the planned units of the rounds and the units
    delivered of them: each round's deliveries while it was in force, counted up to that
    round's plan, so the rounds are never summed into one plan.
    """
    pp, ps = schema.plan_period, schema.plan_summary
    conn.execute(pp.delete())
    conn.execute(pp.insert().from_select([c.name for c in pp.columns], plan_periods()))
    delivered, same_round = round_deliveries()
    per_round = (
        sa.select(
            pp.c.participant_key,
            pp.c.service_code,
            pp.c.planned_units,
            delivered.c.units,
        )
        .select_from(pp.outerjoin(delivered, same_round))
        .subquery("per_round")
    )
    r = per_round.c
    rows = sa.select(
        r.participant_key,
        r.service_code,
        sa.func.sum(r.planned_units),
        sa.func.sum(delivered_of_plan(r.units, r.planned_units)),
    ).group_by(r.participant_key, r.service_code)
    conn.execute(ps.delete())
    conn.execute(ps.insert().from_select([c.name for c in ps.columns], rows))


def round_deliveries(
    *usage_clauses: sa.ColumnElement[bool],
) -> tuple[sa.Subquery, sa.ColumnElement[bool]]:
    """Units delivered to each plan round while in force, and the condition joining it back.

    Returns a subquery (participant_key, service_code, round, units) of the rounds with
    deliveries (limited by ``usage_clauses``, e.g. a period), and the clause that matches it
    to ``plan_period``'s row of the same round, for an outer join from ``plan_period``. The
    deliveries are found by an equi-join with the dates as a filter, which DuckDB hashes; as
    one outer join with the date ranges in its condition it could not, and took minutes at
    national scale.
    """
    pp, u = schema.plan_period, schema.service_usage
    delivered = (
        sa.select(
            pp.c.participant_key,
            pp.c.service_code,
            pp.c.round,
            sa.func.sum(u.c.units).label("units"),
        )
        .select_from(
            pp.join(
                u,
                sa.and_(
                    u.c.participant_key == pp.c.participant_key,
                    u.c.service_code == pp.c.service_code,
                ),
            )
        )
        .where(*in_force_on(pp, u.c.delivered_on), *usage_clauses)
        .group_by(pp.c.participant_key, pp.c.service_code, pp.c.round)
        .subquery("delivered")
    )
    d = delivered.c
    same_round = sa.and_(
        d.participant_key == pp.c.participant_key,
        d.service_code == pp.c.service_code,
        d.round == pp.c.round,
    )
    return delivered, same_round


def in_force_on(pp: sa.FromClause, day: sa.ColumnElement) -> list[sa.ColumnElement[bool]]:
    """Conditions: the plan round of ``pp``'s row is in force on ``day`` (NULL bounds: open)."""
    return [
        sa.or_(pp.c.starts_on.is_(None), day >= pp.c.starts_on),
        sa.or_(pp.c.ends_on.is_(None), day < pp.c.ends_on),
    ]


def plan_periods() -> sa.Select:
    """Each plan item with the days its round is in force (the columns of ``plan_period``).

    A participant's round starts on their assessment date of that round, the pilot's start
    where they have none; it ends (exclusive) where their next plan round starts, and the
    last the day after the participant left or the pilot ended, whichever comes first.
    """
    pi, a, p, pl = schema.plan_item, schema.assessment, schema.participant, schema.pilot
    assessed = (
        sa.select(a.c.participant_key, a.c.round, sa.func.min(a.c.assessed_on).label("on"))
        .group_by(a.c.participant_key, a.c.round)
        .subquery("assessed")
    )
    rounds = sa.select(pi.c.participant_key, pi.c.round).distinct().subquery("rounds")
    starts = sa.func.coalesce(assessed.c.on, pl.c.start_date)
    next_start = sa.func.lead(starts).over(
        partition_by=rounds.c.participant_key, order_by=rounds.c.round
    )
    last_day = sa.func.least(p.c.left_on, pl.c.end_date)  # least skips a NULL
    dated = (
        sa.select(
            rounds.c.participant_key,
            rounds.c.round,
            starts.label("starts_on"),
            sa.case(
                (next_start.is_not(None), next_start),
                else_=last_day + 1,
            ).label("ends_on"),
        )
        .select_from(
            rounds.join(p, p.c.participant_key == rounds.c.participant_key)
            .join(pl, pl.c.pilot_id == p.c.pilot_id)
            .outerjoin(
                assessed,
                sa.and_(
                    assessed.c.participant_key == rounds.c.participant_key,
                    assessed.c.round == rounds.c.round,
                ),
            )
        )
        .subquery("dated")
    )
    return sa.select(
        pi.c.participant_key,
        pi.c.round,
        pi.c.service_code,
        dated.c.starts_on,
        dated.c.ends_on,
        pi.c.planned_units,
    ).select_from(
        pi.join(
            dated,
            sa.and_(dated.c.participant_key == pi.c.participant_key, dated.c.round == pi.c.round),
        )
    )
