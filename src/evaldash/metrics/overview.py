"""Headline figures of a pilot for the Overview page."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from evaldash.columns import spec
from evaldash.db import schema
from evaldash.filters import Filters
from evaldash.metrics import memoized, monthly, query
from evaldash.metrics.delivered import by_person_and_service


def headline(engine: Engine, f: Filters) -> pd.DataFrame:
    """Return one row of headline figures for the selection.

    Columns: participants, municipalities, regions (int64: distinct counts), budget_eur
    (float64, sum of individual budgets), deliveries (int64, usage records), services (int64,
    distinct service types delivered), participants_served (int64, distinct people with any
    delivery), cost_eur (float64, cost of the services delivered), spend_share (float64,
    cost_eur / budget_eur; NaN without budget).
    """
    p, m = schema.participant, schema.municipality
    people = (
        sa.select(
            sa.func.count().label("participants"),
            sa.func.count(sa.distinct(p.c.municipality_code)).label("municipalities"),
            sa.func.count(sa.distinct(m.c.region_code)).label("regions"),
            sa.cast(sa.func.sum(p.c.budget_eur), sa.Float).label("budget_eur"),
        )
        .select_from(p.join(m, p.c.municipality_code == m.c.municipality_code))
        .where(*f.participant_clauses())
        .subquery()
    )
    got = by_person_and_service(engine, f)  # one row per participant and service
    usage = sa.select(
        sa.func.coalesce(sa.func.sum(got.c.deliveries), 0).label("deliveries"),
        sa.func.count(sa.distinct(got.c.service_code)).label("services"),
        sa.func.count(sa.distinct(got.c.participant_key)).label("participants_served"),
        sa.cast(sa.func.sum(got.c.cost_eur), sa.Float).label("cost_eur"),
    ).subquery()
    stmt = sa.select(people, usage).select_from(people.join(usage, sa.true()))
    df = query(
        engine,
        stmt,
        spec(
            "participants",
            "municipalities",
            "regions",
            "budget_eur",
            "deliveries",
            "services",
            "participants_served",
            "cost_eur",
        ),
    )
    df["cost_eur"] = df["cost_eur"].fillna(0.0)
    budget = df["budget_eur"].where(df["budget_eur"] > 0)
    df["spend_share"] = (df["cost_eur"] / budget).astype("float64")
    return df


@memoized
def rounds(engine: Engine, f: Filters) -> pd.DataFrame:
    """Return the evaluation rounds of the selection, one row per round.

    Columns: round (int64), assessed (int64, participants with any score in the round),
    missing (int64, selected participants without a score in it), first_date, last_date
    (datetime64[s], earliest and latest assessment date).
    """
    ar, p = schema.assessment_round, schema.participant
    selected = sa.select(sa.func.count()).select_from(p).where(*f.participant_clauses())
    assessed = sa.func.sum(ar.c.participants)  # cells hold different people: they add up
    stmt = (
        sa.select(
            ar.c.round,
            assessed.label("assessed"),
            (selected.scalar_subquery() - assessed).label("missing"),
            sa.func.min(ar.c.first_date).label("first_date"),
            sa.func.max(ar.c.last_date).label("last_date"),
        )
        .where(*f.cell_clauses(ar))
        .group_by(ar.c.round)
        .order_by(ar.c.round)
    )
    return query(
        engine,
        stmt,
        spec("round", "assessed", "missing", "first_date", "last_date"),
    )


def monthly_spend(engine: Engine, f: Filters) -> pd.DataFrame:
    """Return the cost of delivered services by month and service category.

    Columns: month (datetime64[s], first day of the month), category (str), cost_eur
    (float64), participants (int64, distinct people served in that month and category).
    Sorted by month, then category. Months without deliveries are absent.
    """
    got = monthly.served(f, by_category=True)
    stmt = sa.select(
        got.c.month,
        got.c.category,
        sa.cast(sa.func.coalesce(got.c.cost_eur, 0), sa.Float).label("cost_eur"),
        got.c.participants,
    ).order_by(got.c.month, got.c.category)
    return query(
        engine,
        stmt,
        spec("month", "category", "cost_eur", "participants"),
    )
