"""Tables written as CSV that a spreadsheet opens as they are: no cell runs as a formula.

A leaf: pandas only. Every CSV the dashboard writes (downloads, exports, ``report``) goes
through :func:`neutralised`.
"""

from __future__ import annotations

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""How text starts that a spreadsheet would run as a formula."""


def csv_bytes(table: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV (RFC 4180) with a header row, safe to open in a spreadsheet.

    Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
    tab or carriage return), in a cell or a header, gets a single quote in front, so that it
    opens as the text it is. Numbers, dates and missing values are written as pandas writes
    them. Lines end in CR LF, so that text holding a line break is quoted and stays one cell.
    """
    return neutralised(table).to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def neutralised(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` whose formula-like text (cells and headers) has a quote in front."""
    safe = table.copy()
    for column in safe.columns:
        values = safe[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(object)
        if pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values):
            safe[column] = values.map(_neutral, na_action="ignore")
    safe.columns = [_neutral(str(c)) for c in safe.columns]
    return safe


def _neutral(value: object) -> object:
    """Text starting like a formula with a quote prefix; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
