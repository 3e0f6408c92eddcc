"""Write a validated package into the database: all of it in one transaction, or nothing.

Rows are matched on their natural keys (pilot; pilot + participant code; domain; service
code; provider + service + municipality; participant + round + domain / service; participant
+ service + date + provider). Rows given exactly as stored are not touched, so importing the
same package twice changes nothing; a corrected package replaces the rows it covers.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from evaldash.db import schema
from evaldash.db.write import Merged, merge_facts, merge_rows
from evaldash.ingest.validate import Checked
from evaldash.progress import Progress, silent


def store(
    conn: Connection, checked: Checked, import_id: int, progress: Progress = silent
) -> dict[str, dict[str, int]]:
    """Write every table of ``checked``; return per table what was inserted/updated/unchanged.

    ``progress`` hears the rows of all tables written so far (``write``) as each table starts
    and lands.
    """
    tables = checked.tables
    stamp = {"import_id": import_id}
    counts: dict[str, Merged] = {}
    total = sum(len(frame) for frame in tables.values())

    def starting(name: str) -> bool:
        if name in tables:
            progress("write", sum(len(tables[n]) for n in counts), total, name)
        return name in tables

    if starting("pilots"):
        counts["pilots"] = merge_rows(conn, schema.pilot, _columns(tables["pilots"], {}))
    if starting("services"):
        counts["services"] = merge_rows(conn, schema.service, _columns(tables["services"], {}))
    if starting("domains"):
        counts["domains"] = merge_rows(
            conn, schema.assessment_domain, _columns(tables["domains"], {"domain": "domain_code"})
        )
    if starting("participants"):
        counts["participants"] = merge_rows(
            conn,
            schema.participant,
            _columns(
                tables["participants"],
                {"participant_id": "participant_code", "municipality": "municipality_code"},
            ),
            keys=["pilot_id", "participant_code"],
            stamp=stamp,
        )
    if starting("providers"):
        counts["providers"] = _store_providers(conn, tables["providers"], stamp)
    keys = _participant_keys(conn, tables)
    for name, table, renames, key in _FACTS:
        if starting(name):
            frame = _fact_frame(tables[name], keys, renames, table, import_id)
            counts[name] = merge_facts(conn, table, frame, key)
    progress("write", total, total)
    return {name: merged.as_dict() for name, merged in counts.items()}


_FACTS = (
    (
        "assessments",
        schema.assessment,
        {"domain": "domain_code"},
        ["participant_key", "round", "domain_code"],
    ),
    (
        "plans",
        schema.plan_item,
        {"service": "service_code"},
        ["participant_key", "round", "service_code"],
    ),
    (
        "usage",
        schema.service_usage,
        {"service": "service_code"},
        ["participant_key", "service_code", "delivered_on", "provider_id"],
    ),
)


def _columns(
    frame: pd.DataFrame, renames: dict[str, str], table: sa.Table | None = None
) -> pd.DataFrame:
    """Rename package columns to database columns and keep only those the table has."""
    out = frame.rename(columns=renames)
    if table is None:
        return out.drop(columns=[c for c in out.columns if c.startswith("_")])
    return out[[c.name for c in table.columns if c.name in out.columns]]


def _store_providers(conn: Connection, providers: pd.DataFrame, stamp: dict) -> Merged:
    names = providers.drop_duplicates("provider_id")[["provider_id", "name"]]
    merge_rows(conn, schema.provider, names, stamp=stamp)
    rows = providers.rename(
        columns={"service": "service_code", "municipality": "municipality_code"}
    )
    rows = rows[["provider_id", "service_code", "municipality_code", "outreach"]].copy()
    rows["outreach"] = rows["outreach"].fillna(False).astype(bool)
    return merge_rows(conn, schema.provider_service, rows, stamp=stamp)


def _participant_keys(conn: Connection, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Return participant_id, pilot_id -> participant_key for every pilot the facts name."""
    pilots = set()
    for name, *_ in _FACTS:
        if name in tables:
            pilots |= set(tables[name]["pilot_id"].dropna())
    if not pilots:
        return pd.DataFrame(columns=["participant_id", "pilot_id", "participant_key"])
    p = schema.participant
    rows = conn.execute(
        sa.select(p.c.participant_code, p.c.pilot_id, p.c.participant_key).where(
            p.c.pilot_id.in_(sorted(pilots))
        )
    ).all()
    return pd.DataFrame(rows, columns=["participant_id", "pilot_id", "participant_key"])


def _fact_frame(
    frame: pd.DataFrame,
    keys: pd.DataFrame,
    renames: dict[str, str],
    table: sa.Table,
    import_id: int,
) -> pd.DataFrame:
    """Return the database columns of a fact table (without copying the big columns)."""
    package_name = {db: package for package, db in renames.items()}
    columns: dict[str, object] = {"participant_key": _participant_key(frame, keys)}
    for column in table.columns:
        name = package_name.get(column.name, column.name)
        if column.name not in columns and name in frame:
            columns[column.name] = frame[name]
    columns["import_id"] = import_id
    return pd.DataFrame(columns)


def _participant_key(frame: pd.DataFrame, keys: pd.DataFrame) -> pd.Series:
    """Map participant codes to keys; codes alone suffice when no two pilots share one."""
    if keys["participant_id"].is_unique:
        key = frame["participant_id"].map(keys.set_index("participant_id")["participant_key"])
    else:
        key = frame.merge(keys, on=["participant_id", "pilot_id"], how="left", validate="m:1")[
            "participant_key"
        ].set_axis(frame.index)
    if key.isna().any():  # validation guarantees this cannot happen
        raise RuntimeError("a validated fact row names a participant that was not stored")
    return key.astype("int64")
