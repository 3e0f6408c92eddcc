"""Write a data package (one DataFrame per table) into the database in one transaction.

The package uses the public column names of the import format (``participant_id``,
``municipality``, ``service``, ``domain`` ...) with codes already resolved: ISO municipality
codes and service codes. It stores frames that are already known to be valid, such as the
demo; files written by people must pass the import's validation before they get here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from evaldash.db import schema, summary
from evaldash.db.write import bulk_insert, upsert

PACKAGE_TABLES = (
    "pilots",
    "participants",
    "domains",
    "assessments",
    "services",
    "plans",
    "usage",
    "providers",
)


@dataclass(frozen=True)
class LoadResult:
    """What a package load wrote."""

    import_id: int
    row_counts: dict[str, int]


def replace_pilots(
    engine: Engine,
    package: dict[str, pd.DataFrame],
    *,
    kind: str,
    source: str,
    is_demo: bool = False,
    user_name: str | None = None,
) -> LoadResult:
    """Replace every pilot in ``package`` (and the providers it lists) by the package's rows.

    All of it happens in one transaction: a failure leaves the database as it was.
    """
    unknown = set(package) - set(PACKAGE_TABLES)
    if unknown:
        raise ValueError(f"unknown package tables {sorted(unknown)}; expected {PACKAGE_TABLES}")
    with engine.begin() as conn:
        import_id = _start_log(conn, kind, source, user_name)
        counts, _ = _write(conn, package, import_id, is_demo)
        _finish_log(conn, import_id, counts)
    return LoadResult(import_id, counts)


def replace_pilots_in_chunks(
    engine: Engine,
    package: dict[str, pd.DataFrame],
    chunks: Iterable[dict[str, pd.DataFrame]],
    *,
    kind: str,
    source: str,
    is_demo: bool = False,
) -> LoadResult:
    """:func:`replace_pilots`, with more assessments, plans and usage coming in ``chunks``.

    For packages too large to hold at once: each chunk (a dict of some of ``assessments``,
    ``plans``, ``usage`` for participants in ``package``) is written and let go before the
    next is made. Still one transaction: a failure leaves the database as it was.
    """
    with engine.begin() as conn:
        import_id = _start_log(conn, kind, source, None)
        counts, keys = _write(conn, package, import_id, is_demo)
        for chunk in chunks:
            for name, table, renames in _FACTS:
                counts[name] += _write_facts(
                    conn, table, _frame(chunk, name), keys, import_id, renames
                )
        _finish_log(conn, import_id, counts)
    return LoadResult(import_id, counts)


def _finish_log(conn: Connection, import_id: int, counts: dict[str, int]) -> None:
    summary.refresh(conn)  # in the same transaction: readers never see it behind
    conn.execute(
        schema.import_log.update()
        .where(schema.import_log.c.import_id == import_id)
        .values(status="ok", finished_at=datetime.now(), row_counts=json.dumps(counts))
    )


def _start_log(conn: Connection, kind: str, source: str, user_name: str | None) -> int:
    row = conn.execute(
        schema.import_log.insert()
        .values(
            started_at=datetime.now(),
            kind=kind,
            source=source,
            user_name=user_name,
            status="running",
        )
        .returning(schema.import_log.c.import_id)
    ).one()
    return int(row.import_id)


def _frame(package: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    return package.get(name, pd.DataFrame())


_FACTS = (
    ("assessments", schema.assessment, {"domain": "domain_code"}),
    ("plans", schema.plan_item, {"service": "service_code"}),
    ("usage", schema.service_usage, {"service": "service_code"}),
)


def _write(
    conn: Connection, package: dict[str, pd.DataFrame], import_id: int, is_demo: bool
) -> tuple[dict[str, int], dict[str, int]]:
    """Write the package; return the row counts and participant code -> key."""
    pilots = _frame(package, "pilots")
    pilot_ids = [str(p) for p in pilots.get("pilot_id", [])]
    delete_pilot_data(conn, pilot_ids)
    counts = {
        "services": _write_services(conn, _frame(package, "services")),
        "domains": _write_domains(conn, _frame(package, "domains")),
        "pilots": upsert(conn, schema.pilot, pilots.assign(is_demo=is_demo)),
        "providers": _write_providers(conn, _frame(package, "providers"), import_id),
    }
    keys = _write_participants(conn, _frame(package, "participants"), import_id)
    counts["participants"] = len(keys)
    for name, table, renames in _FACTS:
        counts[name] = _write_facts(conn, table, _frame(package, name), keys, import_id, renames)
    return counts, keys


def delete_pilot_data(conn: Connection, pilot_ids: list[str]) -> None:
    """Delete the pilots and everything recorded about their participants."""
    if not pilot_ids:
        return
    keys = sa.select(schema.participant.c.participant_key).where(
        schema.participant.c.pilot_id.in_(pilot_ids)
    )
    for table in (schema.service_usage, schema.plan_item, schema.assessment):
        conn.execute(table.delete().where(table.c.participant_key.in_(keys)))
    conn.execute(schema.participant.delete().where(schema.participant.c.pilot_id.in_(pilot_ids)))
    conn.execute(schema.pilot.delete().where(schema.pilot.c.pilot_id.in_(pilot_ids)))


def _write_services(conn: Connection, services: pd.DataFrame) -> int:
    if services.empty:
        return 0
    return upsert(conn, schema.service, services.assign(in_catalogue=False))


def _write_domains(conn: Connection, domains: pd.DataFrame) -> int:
    return upsert(conn, schema.assessment_domain, domains.rename(columns={"domain": "domain_code"}))


def _write_providers(conn: Connection, providers: pd.DataFrame, import_id: int) -> int:
    if providers.empty:
        return 0
    ids = providers["provider_id"].unique().tolist()
    ps = schema.provider_service
    conn.execute(ps.delete().where(ps.c.provider_id.in_(ids)))
    names = providers.drop_duplicates("provider_id")[["provider_id", "name"]]
    upsert(conn, schema.provider, names.assign(import_id=import_id))
    rows = providers.rename(
        columns={"service": "service_code", "municipality": "municipality_code"}
    )
    rows = rows[["provider_id", "service_code", "municipality_code", "outreach"]]
    return bulk_insert(conn, ps, rows.assign(import_id=import_id))


def _write_participants(
    conn: Connection, participants: pd.DataFrame, import_id: int
) -> dict[str, int]:
    """Insert participants; return participant_id -> participant_key."""
    if participants.empty:
        return {}
    shared = participants.loc[participants["participant_id"].duplicated(), "participant_id"]
    if not shared.empty:
        # Fact tables name participants by code alone, so a code must be unique in a package.
        raise ValueError(f"participant codes used twice in the package: {sorted(set(shared))[:5]}")
    rows = participants.rename(
        columns={"participant_id": "participant_code", "municipality": "municipality_code"}
    )
    bulk_insert(conn, schema.participant, rows.assign(import_id=import_id))
    p = schema.participant
    stored = conn.execute(
        sa.select(p.c.participant_code, p.c.participant_key).where(
            p.c.pilot_id.in_(participants["pilot_id"].unique().tolist())
        )
    ).all()
    return {code: key for code, key in stored}


def _write_facts(
    conn: Connection,
    table: sa.Table,
    frame: pd.DataFrame,
    keys: dict[str, int],
    import_id: int,
    renames: dict[str, str],
) -> int:
    if frame.empty:
        return 0
    rows = frame.rename(columns=renames)
    rows.insert(0, "participant_key", rows.pop("participant_id").map(keys))
    if rows["participant_key"].isna().any():
        missing = frame.loc[rows["participant_key"].isna(), "participant_id"].unique()[:5]
        raise ValueError(f"{table.name}: participants {list(missing)} are not in the package")
    if table is schema.service_usage and "month_only" not in rows:
        rows["month_only"] = False
    return bulk_insert(conn, table, rows.assign(import_id=import_id))
