"""Lookups for selectors and captions: pilots, names of codes, data freshness."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from evaldash.columns import spec
from evaldash.datapackage import SHORT_NAME_LENGTH
from evaldash.db import schema
from evaldash.i18n import name_column, shorten
from evaldash.metrics import query


def pilots(engine: Engine) -> pd.DataFrame:
    """Return all pilots, newest first.

    Columns: pilot_id (str), name (str), target_group (str), start_date, end_date
    (datetime64[s], may be NaT), is_demo (bool), participants (int64).
    """
    pl, p = schema.pilot, schema.participant
    n = (
        sa.select(sa.func.count())
        .where(p.c.pilot_id == pl.c.pilot_id)
        .scalar_subquery()
        .label("participants")
    )
    stmt = sa.select(pl, n).order_by(pl.c.start_date.desc().nulls_last(), pl.c.pilot_id)
    return query(
        engine,
        stmt,
        spec(
            "pilot_id", "name", "target_group", "start_date", "end_date", "is_demo", "participants"
        ),
    )


def names(engine: Engine, lang: str) -> dict[str, str]:
    """Return code -> display name in ``lang`` for every code shown in the app.

    Covers pilots, regions, municipalities, service categories and services; codes of
    different kinds do not collide (P1, KUR, LV-097, care, FIZIO).
    """
    col = name_column(lang)
    short = "short_en" if lang == "en" else "short_lv"
    selects = [
        sa.select(schema.pilot.c.pilot_id, schema.pilot.c.name),
        sa.select(schema.planning_region.c.region_code, schema.planning_region.c[short]),
        sa.select(schema.municipality.c.municipality_code, schema.municipality.c[col]),
        sa.select(schema.service_category.c.category, schema.service_category.c[col]),
        sa.select(
            schema.service.c.service_code,
            sa.func.coalesce(schema.service.c[col], schema.service.c.name_lv),
        ),
    ]
    with engine.connect() as conn:
        return {code: name for stmt in selects for code, name in conn.execute(stmt)}


def labels(engine: Engine, lang: str) -> dict[str, str]:
    """Return code -> the label a chart shows in ``lang``: short where the name is long.

    Services use their short name (``name_short_lv``/``_en``), or their name shortened to
    :data:`~evaldash.datapackage.SHORT_NAME_LENGTH` characters; every other code keeps its
    name (:func:`names`). Hovers and tables show the full name.
    """
    s = schema.service
    col, short = name_column(lang), "name_short_en" if lang == "en" else "name_short_lv"
    stmt = sa.select(s.c.service_code, s.c[short], sa.func.coalesce(s.c[col], s.c.name_lv))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    services = {code: own or shorten(full, SHORT_NAME_LENGTH) for code, own, full in rows}
    return {**names(engine, lang), **services}


def data_version(engine: Engine) -> int:
    """Return a number that changes whenever data are written (the newest import id).

    Used in cache keys so that cached views refresh after an import or a demo load.
    """
    log = schema.import_log
    stmt = sa.select(sa.func.coalesce(sa.func.max(log.c.import_id), 0)).where(log.c.status == "ok")
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


def last_update(engine: Engine) -> pd.Timestamp | None:
    """Return when data were last written, or None for a database without imports."""
    log = schema.import_log
    stmt = sa.select(sa.func.max(log.c.finished_at)).where(log.c.status == "ok")
    with engine.connect() as conn:
        value = conn.execute(stmt).scalar_one()
    return None if value is None else pd.Timestamp(value)


def imports(engine: Engine, limit: int = 50) -> pd.DataFrame:
    """Return the newest entries of the import log.

    Columns: import_id (int64), started_at, finished_at (datetime64[s]), kind, source,
    status, user_name (str or missing), row_counts (str: JSON).
    """
    log = schema.import_log
    stmt = sa.select(log).order_by(log.c.import_id.desc()).limit(limit)
    return query(
        engine,
        stmt,
        spec(
            "import_id",
            "started_at",
            "finished_at",
            "kind",
            "source",
            "status",
            "user_name",
            "row_counts",
        ),
    )


@dataclass(frozen=True)
class FilterOptions:
    """What the sidebar filters can offer for one pilot."""

    municipalities: pd.DataFrame  # municipality_code, region_code, participants
    categories: list[str]  # service categories planned or delivered in the pilot
    sexes: list[str]
    ages: list[int]  # ages at enrolment present in the pilot
    first_day: date | None  # first and last delivery or assessment date
    last_day: date | None


def filter_options(engine: Engine, pilot_id: str) -> FilterOptions:
    """Return the values the filters offer for ``pilot_id`` (counted in the database)."""
    p, m, s = schema.participant, schema.municipality, schema.service
    # usage_summary, not every delivery: 225,000 rows instead of 5 million at national scale
    u, pi, a = schema.usage_summary, schema.plan_item, schema.assessment
    keys = sa.select(p.c.participant_key).where(p.c.pilot_id == pilot_id)
    munis = query(
        engine,
        sa.select(p.c.municipality_code, m.c.region_code, sa.func.count().label("participants"))
        .select_from(p.join(m, m.c.municipality_code == p.c.municipality_code))
        .where(p.c.pilot_id == pilot_id)
        .group_by(p.c.municipality_code, m.c.region_code)
        .order_by(p.c.municipality_code),
        spec("municipality_code", "region_code", "participants"),
    )
    used = sa.union(
        sa.select(u.c.service_code).where(u.c.participant_key.in_(keys)),
        sa.select(pi.c.service_code).where(pi.c.participant_key.in_(keys)),
    ).subquery()
    age = sa.extract("year", p.c.enrolled_on) - p.c.birth_year
    with engine.connect() as conn:
        categories = (
            conn.execute(
                sa.select(s.c.category)
                .distinct()
                .where(s.c.service_code.in_(sa.select(used)), s.c.category.is_not(None))
            )
            .scalars()
            .all()
        )
        sexes = (
            conn.execute(
                sa.select(p.c.sex).distinct().where(p.c.pilot_id == pilot_id, p.c.sex.is_not(None))
            )
            .scalars()
            .all()
        )
        ages = (
            conn.execute(
                sa.select(age).distinct().where(p.c.pilot_id == pilot_id, age.is_not(None))
            )
            .scalars()
            .all()
        )
        days = conn.execute(
            sa.select(
                sa.func.least(sa.func.min(u.c.first_day), _first_assessment(a, keys)),
                sa.func.greatest(sa.func.max(u.c.last_day), _last_assessment(a, keys)),
            ).where(u.c.participant_key.in_(keys))
        ).one()
    return FilterOptions(
        munis, sorted(categories), sorted(sexes), sorted(int(x) for x in ages), days[0], days[1]
    )


def _first_assessment(a: sa.Table, keys: sa.Select) -> sa.ScalarSelect:
    return (
        sa.select(sa.func.min(a.c.assessed_on))
        .where(a.c.participant_key.in_(keys))
        .scalar_subquery()
    )


def _last_assessment(a: sa.Table, keys: sa.Select) -> sa.ScalarSelect:
    return (
        sa.select(sa.func.max(a.c.assessed_on))
        .where(a.c.participant_key.in_(keys))
        .scalar_subquery()
    )


def domain_names(engine: Engine, lang: str) -> dict[str, str]:
    """Return assessment domain code -> name in ``lang`` (the code when it has no name).

    Kept apart from ``names`` because domain codes may equal other codes ("communication").
    """
    d = schema.assessment_domain
    col = d.c[name_column(lang)]
    stmt = sa.select(d.c.domain_code, sa.func.coalesce(col, d.c.name_lv, d.c.domain_code))
    with engine.connect() as conn:
        return dict(conn.execute(stmt).all())


def centres(engine: Engine) -> pd.DataFrame:
    """Return every municipality's centre: municipality_code (str), lat, lon (float64)."""
    m = schema.municipality
    stmt = sa.select(
        m.c.municipality_code, m.c.centre_lat.label("lat"), m.c.centre_lon.label("lon")
    ).order_by(m.c.municipality_code)
    return query(engine, stmt, spec("municipality_code", "lat", "lon"))
