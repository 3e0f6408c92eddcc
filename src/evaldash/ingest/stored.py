"""What a package is checked against, and what checking it yields.

``Stored`` is what the database already holds that a package may refer to (pilots,
participants, domains, services, categories, providers, municipalities and their spellings),
read by ``load_stored``; ``Checked`` holds a package's typed tables once validated.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from evaldash.db import schema
from evaldash.db.read import query


@dataclass
class Stored:
    """What the database already holds that a package may refer to."""

    pilots: pd.DataFrame  # pilot_id, start_date, end_date
    participants: pd.DataFrame  # participant_key, pilot_id, participant_id, enrolled_on, left_on
    domains: pd.DataFrame  # domain, scale_min, scale_max
    services: pd.DataFrame  # service_code, name_lv, name_en
    categories: pd.DataFrame  # category, name_lv, name_en
    providers: pd.DataFrame  # provider_id, name
    municipalities: dict[str, str]  # any spelling -> code
    municipality_names: dict[str, str]  # code -> Latvian name


def load_stored(engine: Engine) -> Stored:
    """Read the reference data and keys a package is checked against."""
    p, m, a = schema.participant, schema.municipality, schema.municipality_alias
    stmt = sa.select(
        p.c.participant_key,
        p.c.pilot_id,
        p.c.participant_code.label("participant_id"),
        p.c.enrolled_on,
        p.c.left_on,
    )
    participants = query(
        engine,
        stmt,
        {
            "participant_key": "int64",
            "pilot_id": "str",
            "participant_id": "str",
            "enrolled_on": "datetime64[s]",
            "left_on": "datetime64[s]",
        },
    )
    with engine.connect() as conn:
        munis = conn.execute(sa.select(m.c.municipality_code, m.c.name_lv, m.c.name_en)).all()
        aliases = conn.execute(sa.select(a.c.alias, a.c.municipality_code)).all()
    spellings = {alias: code for alias, code in aliases}
    for code, lv, en in munis:
        spellings.update({code: code, lv: code, en: code})
    return Stored(
        pilots=_table(engine, schema.pilot, ["pilot_id", "start_date", "end_date"]),
        participants=participants,
        domains=_table(
            engine, schema.assessment_domain, ["domain_code", "scale_min", "scale_max"]
        ).rename(columns={"domain_code": "domain"}),
        services=_table(engine, schema.service, ["service_code", "name_lv", "name_en"]),
        categories=_table(engine, schema.service_category, ["category", "name_lv", "name_en"]),
        providers=_table(engine, schema.provider, ["provider_id", "name"]),
        municipalities=spellings,
        municipality_names={code: lv for code, lv, _ in munis},
    )


def _table(engine: Engine, table: sa.Table, columns: list[str]) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(sa.select(*(table.c[c] for c in columns)))
        frame = pd.DataFrame(result.fetchall(), columns=columns)
    for column in columns:
        if isinstance(table.c[column].type, sa.Date):
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    return frame


@dataclass
class Checked:
    """Typed tables of a package (package column names, codes resolved, ``_row`` kept)."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # table -> file/sheet name
