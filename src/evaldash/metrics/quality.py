"""Data quality of a pilot: what is missing or does not fit together."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from evaldash.columns import spec
from evaldash.db import schema
from evaldash.filters import Filters
from evaldash.metrics import query

p, a, pi, u = schema.participant, schema.assessment, schema.plan_item, schema.service_usage


def missing_reassessment(engine: Engine, f: Filters) -> pd.DataFrame:
    """Participants whose last assessment is before the pilot's last round.

    Columns: participant_code, municipality_code (str), rounds (int64, rounds assessed),
    last_round (Int64, missing when never assessed), pilot_last_round (int64).
    """
    last = (
        sa.select(sa.func.max(a.c.round))
        .where(
            a.c.participant_key.in_(
                sa.select(p.c.participant_key).where(p.c.pilot_id == f.pilot_id)
            )
        )
        .scalar_subquery()
    )
    per_person = (
        sa.select(
            p.c.participant_code,
            p.c.municipality_code,
            sa.func.count(sa.distinct(a.c.round)).label("rounds"),
            sa.func.max(a.c.round).label("last_round"),
            last.label("pilot_last_round"),
        )
        .select_from(p.outerjoin(a, a.c.participant_key == p.c.participant_key))
        .where(*f.participant_clauses())
        .group_by(p.c.participant_code, p.c.municipality_code)
        .subquery()
    )
    stmt = (
        sa.select(per_person)
        .where(
            sa.or_(
                per_person.c.last_round.is_(None),
                per_person.c.last_round < per_person.c.pilot_last_round,
            )
        )
        .order_by(per_person.c.participant_code)
    )
    return query(
        engine,
        stmt,
        spec("participant_code", "municipality_code", "rounds", "last_round", "pilot_last_round"),
    )


def plans_without_usage(engine: Engine, f: Filters) -> pd.DataFrame:
    """Planned services a participant never received.

    Columns: participant_code, service_code (str), planned_units (float64, all plan rounds).
    """
    delivered = sa.exists().where(
        u.c.participant_key == pi.c.participant_key, u.c.service_code == pi.c.service_code
    )
    stmt = (
        sa.select(
            p.c.participant_code,
            pi.c.service_code,
            sa.func.sum(pi.c.planned_units).label("planned_units"),
        )
        .select_from(pi.join(p, p.c.participant_key == pi.c.participant_key))
        .where(*f.participant_clauses(), ~delivered)
        .group_by(p.c.participant_code, pi.c.service_code)
        .order_by(p.c.participant_code, pi.c.service_code)
    )
    return query(engine, stmt, spec("participant_code", "service_code", "planned_units"))


def usage_without_plan(engine: Engine, f: Filters) -> pd.DataFrame:
    """Services delivered to a participant whose plans never included them.

    Columns: participant_code, service_code (str), deliveries (int64), units (float64).
    """
    planned = sa.exists().where(
        pi.c.participant_key == u.c.participant_key, pi.c.service_code == u.c.service_code
    )
    stmt = (
        sa.select(
            p.c.participant_code,
            u.c.service_code,
            sa.func.count().label("deliveries"),
            sa.func.sum(u.c.units).label("units"),
        )
        .select_from(u.join(p, p.c.participant_key == u.c.participant_key))
        .where(*f.participant_clauses(), ~planned)
        .group_by(p.c.participant_code, u.c.service_code)
        .order_by(p.c.participant_code, u.c.service_code)
    )
    return query(
        engine,
        stmt,
        spec("participant_code", "service_code", "deliveries", "units"),
    )


def providers_without_usage(engine: Engine, f: Filters) -> pd.DataFrame:
    """Providers registered in the selection's municipalities with no delivery recorded at all.

    Columns: provider_id, name (str), services (int64), municipalities (int64).
    """
    ps, pr = schema.provider_service, schema.provider
    places = sa.select(p.c.municipality_code).where(*f.participant_clauses())
    used = sa.exists().where(u.c.provider_id == ps.c.provider_id)
    stmt = (
        sa.select(
            ps.c.provider_id,
            pr.c.name,
            sa.func.count(sa.distinct(ps.c.service_code)).label("services"),
            sa.func.count(sa.distinct(ps.c.municipality_code)).label("municipalities"),
        )
        .select_from(ps.join(pr, pr.c.provider_id == ps.c.provider_id))
        .where(ps.c.municipality_code.in_(places), ~used)
        .group_by(ps.c.provider_id, pr.c.name)
        .order_by(ps.c.provider_id)
    )
    return query(
        engine,
        stmt,
        spec("provider_id", "name", "services", "municipalities"),
    )
