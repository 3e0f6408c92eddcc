"""Reference data shipped in ``data/``: planning regions, municipalities, aliases, services.

``sync`` writes the shipped files into a database (insert new rows, update changed ones). It
never deletes: services added by an import (``in_catalogue`` false) and municipalities that
participants refer to stay.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
from sqlalchemy.engine import Connection

from evaldash.config import DATA_DIR
from evaldash.db import schema
from evaldash.db.write import upsert

FILES = {
    "planning_region": "planning_regions.csv",
    "municipality": "municipalities.csv",
    "municipality_alias": "municipality_aliases.csv",
    "service_category": "service_categories.csv",
    "service": "services.csv",
}


def read(table: str) -> pd.DataFrame:
    """Return one reference table as shipped, with the database's column names."""
    return _read(table, DATA_DIR).copy()


@cache
def _read(table: str, data_dir: Path) -> pd.DataFrame:
    path = data_dir / FILES[table]
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    if table == "municipality":
        df = df.drop(columns=["note"])
        df["centre_lat"] = df["centre_lat"].astype(float)
        df["centre_lon"] = df["centre_lon"].astype(float)
        for col in ("valid_from", "valid_to"):
            df[col] = pd.to_datetime(df[col].replace("", None)).dt.date
    elif table == "service_category":
        df["sort_order"] = df["sort_order"].astype(int)
    elif table == "service":
        df["in_catalogue"] = True
    return df


def sync(conn: Connection) -> dict[str, int]:
    """Upsert every reference table in dependency order; return rows per table."""
    counts = {}
    for table in schema.REFERENCE_TABLES:
        df = read(table.name)
        counts[table.name] = upsert(conn, table, df)
    return counts
