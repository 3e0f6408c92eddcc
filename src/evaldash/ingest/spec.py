"""The data package's tables and columns: :mod:`evaldash.datapackage`, as ingest names it.

The definitions sit in the bottom layer because the demo generators write packages in the
same format; the import, the template and the dump read them from here.
"""

from evaldash.datapackage import BY_NAME, DEFAULT_MID, ORDER, TABLES, Column, Kind, Table

__all__ = ["BY_NAME", "DEFAULT_MID", "ORDER", "TABLES", "Column", "Kind", "Table"]
