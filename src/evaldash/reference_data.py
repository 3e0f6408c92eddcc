"""Reference data shipped in ``data/``: planning regions, municipalities, aliases, services.

Read as tables with the database's column names and types. Reading the files needs no
database, so the generators (:mod:`evaldash.national`) read them here too;
:mod:`evaldash.db.reference` writes them into a database.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from evaldash.config import DATA_DIR

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
