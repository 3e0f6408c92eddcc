"""Most-used services: who received what, how much, at what cost, against the plans.

Units are only ever added within one service (every service has one unit: session, hour,
day or trip); no figure here adds sessions, hours and days together. ``units`` is the raw
volume delivered (to anyone, planned or not); the share of planned units delivered reads
:func:`~evaldash.metrics.delivered.plan_delivery`, where each person's deliveries count up to
their own plan (the measure ``share_delivered`` of :mod:`evaldash.measures`).
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from evaldash.columns import spec
from evaldash.db import schema
from evaldash.filters import Filters
from evaldash.metrics import monthly, query
from evaldash.metrics.delivered import by_person_and_service, plan_delivery

p, u, s = schema.participant, schema.service_usage, schema.service

RANKING_COLUMNS = spec(
    "service_code",
    "category",
    "unit",
    "participants",
    "participants_share",
    "units",
    "cost_eur",
    "planned_participants",
    "planned_units",
    "delivered_units",
    "delivery_ratio",
)


def _selected_people(f: Filters) -> sa.ScalarSelect:
    return (
        sa.select(sa.func.count()).select_from(p).where(*f.participant_clauses()).scalar_subquery()
    )


def ranking(engine: Engine, f: Filters) -> pd.DataFrame:
    """Return one row per service planned or delivered in the selection.

    Columns: service_code, category, unit (str); participants (int64, distinct people who
    received it); participants_share (float64, of the selected participants); units (float64,
    delivered, in the service's own unit); cost_eur (float64); planned_participants (int64,
    distinct people with it in a plan); planned_units (float64, their planned units);
    delivered_units (float64, units delivered to them, each person's counted up to their
    planned units); delivery_ratio (float64, the share of planned units delivered:
    delivered_units / planned_units; NaN without plan). Sorted by participants, then cost,
    descending.
    """
    got = by_person_and_service(engine, f)  # one row per participant and service
    delivered = (
        sa.select(
            got.c.service_code,
            sa.func.count().label("participants"),
            sa.func.sum(got.c.units).label("units"),
            sa.cast(sa.func.coalesce(sa.func.sum(got.c.cost_eur), 0), sa.Float).label("cost_eur"),
        )
        .group_by(got.c.service_code)
        .subquery()
    )
    plans = plan_delivery(engine, f)  # one row per participant and service planned
    planned = (
        sa.select(
            plans.c.service_code,
            sa.func.count().label("planned_participants"),
            sa.func.sum(plans.c.planned_units).label("planned_units"),
            sa.func.sum(plans.c.delivered_units).label("delivered_units"),
        )
        .group_by(plans.c.service_code)
        .subquery()
    )
    code = sa.func.coalesce(delivered.c.service_code, planned.c.service_code)
    people = sa.func.coalesce(delivered.c.participants, 0)
    units = sa.func.coalesce(delivered.c.units, 0.0)
    stmt = (
        sa.select(
            code.label("service_code"),
            s.c.category,
            s.c.unit,
            people.label("participants"),
            (sa.cast(people, sa.Float) / sa.func.nullif(_selected_people(f), 0)).label(
                "participants_share"
            ),
            units.label("units"),
            sa.func.coalesce(delivered.c.cost_eur, 0.0).label("cost_eur"),
            sa.func.coalesce(planned.c.planned_participants, 0).label("planned_participants"),
            sa.func.coalesce(planned.c.planned_units, 0.0).label("planned_units"),
            sa.func.coalesce(planned.c.delivered_units, 0.0).label("delivered_units"),
            (planned.c.delivered_units / sa.func.nullif(planned.c.planned_units, 0)).label(
                "delivery_ratio"
            ),
        )
        .select_from(
            delivered.join(
                planned, delivered.c.service_code == planned.c.service_code, full=True
            ).join(s, s.c.service_code == code)
        )
        .order_by(people.desc(), sa.literal_column("cost_eur").desc(), code)
    )
    return query(engine, stmt, RANKING_COLUMNS)


def people_per_month(engine: Engine, f: Filters) -> pd.DataFrame:
    """Return the distinct participants served in each month, and its average.

    Columns: month (datetime64[s], first day), participants (int64, served that month by any
    selected service), average (float64, mean of the monthly counts over the months shown,
    the same on every row: "people served per month on average", as family support centres
    report it). Months without any delivery are absent.
    """
    by_month = monthly.served(f, by_category=False)
    if by_month is None:  # several service groups: someone served in two is one person
        month = sa.cast(sa.func.date_trunc("month", u.c.delivered_on), sa.Date)
        by_month = (
            sa.select(
                month.label("month"),
                sa.func.count(sa.distinct(u.c.participant_key)).label("participants"),
            )
            .where(u.c.participant_key.in_(f.participant_keys()), *f.usage_clauses())
            .group_by(month)
            .subquery()
        )
    average = sa.func.avg(by_month.c.participants).over()
    stmt = sa.select(
        by_month.c.month, by_month.c.participants, sa.cast(average, sa.Float).label("average")
    ).order_by(by_month.c.month)
    return query(engine, stmt, spec("month", "participants", "average"))


def monthly_by_service(engine: Engine, f: Filters) -> pd.DataFrame:
    """Return deliveries per month and service.

    Columns: month (datetime64[s]), service_code (str), participants (int64), units (float64,
    in the service's unit), cost_eur (float64).
    """
    month = sa.cast(sa.func.date_trunc("month", u.c.delivered_on), sa.Date)
    stmt = (
        sa.select(
            month.label("month"),
            u.c.service_code,
            sa.func.count(sa.distinct(u.c.participant_key)).label("participants"),
            sa.func.sum(u.c.units).label("units"),
            sa.cast(sa.func.coalesce(sa.func.sum(u.c.cost_eur), 0), sa.Float).label("cost_eur"),
        )
        .where(u.c.participant_key.in_(f.participant_keys()), *f.usage_clauses())
        .group_by(month, u.c.service_code)
        .order_by(month, u.c.service_code)
    )
    return query(
        engine,
        stmt,
        spec("month", "service_code", "participants", "units", "cost_eur"),
    )


def municipality_service(engine: Engine, f: Filters) -> pd.DataFrame:
    """Return distinct participants served per municipality and service (for a heatmap).

    Columns: municipality_code, service_code (str), participants (int64), participants_share
    (float64: of the selected participants living in that municipality).
    """
    living = (
        sa.select(p.c.municipality_code, sa.func.count().label("living"))
        .where(*f.participant_clauses())
        .group_by(p.c.municipality_code)
        .subquery()
    )
    got = by_person_and_service(engine, f)  # one row per participant and service
    served = (
        sa.select(
            p.c.municipality_code,
            got.c.service_code,
            sa.func.count().label("participants"),
        )
        .select_from(got.join(p, p.c.participant_key == got.c.participant_key))
        .group_by(p.c.municipality_code, got.c.service_code)
        .subquery()
    )
    stmt = (
        sa.select(
            served.c.municipality_code,
            served.c.service_code,
            served.c.participants,
            (sa.cast(served.c.participants, sa.Float) / living.c.living).label(
                "participants_share"
            ),
        )
        .select_from(served.join(living, living.c.municipality_code == served.c.municipality_code))
        .order_by(served.c.municipality_code, served.c.service_code)
    )
    return query(
        engine,
        stmt,
        spec("municipality_code", "service_code", "participants", "participants_share"),
    )
