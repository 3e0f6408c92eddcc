"""Reference data shipped in ``data/``: planning regions, municipalities, aliases, services.

The files are the package's (:func:`evaldash.resources.data_file`), or a checkout's. Read as
tables with the database's column names and types. Reading the files needs no
database, so the generators (:mod:`evaldash.national`) read them here too;
:mod:`evaldash.db.reference` writes them into a database.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from evaldash import resources

FILES = {
    "planning_region": "planning_regions.csv",
    "municipality": "municipalities.csv",
    "municipality_alias": "municipality_aliases.csv",
    "service_category": "service_categories.csv",
    "service": "services.csv",
}


def read(table: str) -> pd.DataFrame:
    """Return one reference table as shipped, with the database's column names."""
    return _read(table).copy()


@cache
def _read(table: str) -> pd.DataFrame:
    with resources.data_file(FILES[table]).open("rb") as file:
        df = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8")
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
