"""The cells of a column before a parser reads them, and the ``Parsed`` every parser returns.

What the parsers of :mod:`evaldash.ingest.parse` and the :class:`~evaldash.ingest.names.Resolver`
share: ``EXPECTED`` (what a column should hold, in Latvian and English), ``Parsed``, ``blank``,
the split of a column into stripped strings and other (Excel) values, Excel values as the text
a user sees, parsing once per distinct value, and placing results back into a column the size
of the input. The underscored helpers are for those sibling modules only.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

import numpy as np
import pandas as pd

from evaldash.i18n import fill
from evaldash.i18n.plurals import Entry

EXPECTED: dict[str, Entry] = {
    "text": {"lv": "teksts", "en": "text"},
    "text_max": {
        "count": "max_length",
        "lv": {
            "zero": "teksts, ne garāks par {max_length} rakstzīmēm",
            "one": "teksts, ne garāks par {max_length} rakstzīmi",
            "other": "teksts, ne garāks par {max_length} rakstzīmēm",
        },
        "en": {
            "one": "text of at most {max_length} character",
            "other": "text of at most {max_length} characters",
        },
    },
    "code": {"lv": "identifikators, piem. P-001", "en": "an identifier such as P-001"},
    "int": {"lv": "vesels skaitlis, piem. 12", "en": "a whole number such as 12"},
    "int_range": {
        "lv": "vesels skaitlis no {minimum} līdz {maximum}",
        "en": "a whole number from {minimum} to {maximum}",
    },
    "int_min": {
        "lv": "vesels skaitlis, ne mazāks par {minimum}",
        "en": "a whole number of at least {minimum}",
    },
    "int_max": {
        "lv": "vesels skaitlis, ne lielāks par {maximum}",
        "en": "a whole number of at most {maximum}",
    },
    "number": {
        "lv": "skaitlis, piem. 12,5 vai 1 234,5",
        "en": "a number such as 12.5, 12,5 or 1 234,5",
    },
    "number_range": {
        "lv": "skaitlis no {minimum} līdz {maximum}, piem. 12,5",
        "en": "a number from {minimum} to {maximum}, such as 12.5 or 12,5",
    },
    "number_min": {
        "lv": "skaitlis, ne mazāks par {minimum}, piem. 12,5",
        "en": "a number of at least {minimum}, such as 12.5 or 12,5",
    },
    "number_max": {
        "lv": "skaitlis, ne lielāks par {maximum}, piem. 12,5",
        "en": "a number of at most {maximum}, such as 12.5 or 12,5",
    },
    "date": {
        "lv": "datums no 1900. līdz 2100. gadam, piem. 2019-02-10 vai 10.02.2019",
        "en": "a date from 1900 to 2100 such as 2019-02-10 or 10.02.2019",
    },
    "date_or_month": {
        "lv": "datums vai mēnesis, piem. 10.02.2019, 2019-02 vai 02.2019",
        "en": "a date or a month such as 10.02.2019, 2019-02 or 02.2019",
    },
    "bool": {
        "lv": "jā vai nē (arī 1/0, true/false)",
        "en": "yes or no (also 1/0, true/false, jā/nē)",
    },
    "sex": {
        "lv": "dzimums: S (sieviete) vai V (vīrietis); der arī F/M",
        "en": "sex: F (female) or M (male); S/V also work",
    },
    "unit": {
        "lv": "mērvienība: nodarbība, stunda, diena vai brauciens",
        "en": "a unit: session, hour, day or trip",
    },
    "municipality": {
        "lv": "pašvaldība: nosaukums, piem. Talsu novads, vai kods, piem. LV-097",
        "en": "a municipality: a name such as Talsi Municipality or a code such as LV-097",
    },
    "service": {
        "lv": "pakalpojuma kods vai nosaukums no pakalpojumu saraksta",
        "en": "a service code or name from the service list",
    },
    "category": {
        "lv": "pakalpojumu kategorijas kods no kategoriju saraksta",
        "en": "a service category code from the category list",
    },
}


@dataclass(frozen=True)
class Parsed:
    """One parsed column.

    Attributes:
        values: Parsed values, same index as the input; missing where blank or bad.
        bad: True where the cell was not blank but could not be read or was out of range.
        expected: Key into ``EXPECTED``: what the column should hold.
        params: Values for the placeholders of the expected text (``max_length``,
            ``minimum``, ``maximum``); empty when it has none.
    """

    values: pd.Series
    bad: pd.Series
    expected: str
    params: Mapping[str, object] = field(default_factory=dict)

    def describe(self, language: str = "lv") -> str:
        """Return the expected format in ``language`` ("lv" or "en"), placeholders filled."""
        return fill(EXPECTED[self.expected], language, self.params, self.expected)


# --- blank cells and the split into strings and other values ---------------------------------


@dataclass(frozen=True)
class _Cells:
    """The non-blank cells of a column, by position: stripped strings and other values."""

    index: pd.Index  # the caller's index, put back on the results
    text: pd.Series  # non-blank strings, stripped, str dtype
    other: pd.Series  # non-missing values that are not strings (numbers, dates ...), object

    @property
    def size(self) -> int:
        return len(self.index)

    def nonblank(self) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        mask[self.text.index.to_numpy()] = True
        mask[self.other.index.to_numpy()] = True
        return mask


def _to_str(series: pd.Series) -> pd.Series:
    try:
        return series.astype("str")
    except (ValueError, TypeError):  # text Arrow cannot hold, such as a lone surrogate
        return series.astype(pd.StringDtype("python", na_value=np.nan))


def _cells(s: pd.Series) -> _Cells:
    if not isinstance(s, pd.Series):
        s = pd.Series(s, dtype=object)
    positions = pd.RangeIndex(len(s))
    if isinstance(s.dtype, pd.StringDtype):
        strings = _to_str(s.set_axis(positions))
        other = pd.Series([], index=positions[:0], dtype=object)
    else:
        values = s.to_numpy(dtype=object)
        is_text = np.fromiter((isinstance(v, str) for v in values), dtype=bool, count=len(values))
        is_other = ~is_text & ~pd.isna(values)
        strings = _to_str(pd.Series(values[is_text], index=positions[is_text], dtype=object))
        other = pd.Series(values[is_other], index=positions[is_other], dtype=object)
    stripped = strings.str.strip()
    keep = (stripped.notna() & stripped.ne("")).to_numpy(dtype=bool, na_value=False)
    return _Cells(s.index, stripped[keep], other)


def blank(s: pd.Series) -> pd.Series:
    """Return True where a cell is blank: None, NaN, NaT, "" or whitespace only.

    Args:
        s: A column as read from CSV (strings) or Excel (Python objects).

    Returns:
        A bool Series with the index of ``s``.
    """
    cells = _cells(s)
    return pd.Series(~cells.nonblank(), index=cells.index, dtype=bool)


# --- helpers: per distinct value, and conversions of Excel values ----------------------------


def _per_unique(texts: pd.Series, parse: Callable[[str], object], dtype: str) -> np.ndarray:
    """Parse each distinct string once; return the results in the order of ``texts``."""
    codes, uniques = pd.factorize(texts)
    return np.array([parse(u) for u in uniques], dtype=dtype)[codes]


def _per_unique_str(texts: pd.Series, parse: Callable[[str], str | None]) -> pd.Series:
    """Like ``_per_unique`` for string results; stays an Arrow-backed string Series."""
    codes, uniques = pd.factorize(texts)
    mapped = _to_str(pd.Series([parse(u) for u in uniques], dtype=object))
    return pd.Series(mapped.array.take(codes), index=texts.index)


def _per_object(values: pd.Series, parse: Callable[[object], object]) -> list[object]:
    """Parse each distinct Excel value once, telling apart 1, 1.0 and True by their type."""
    cache: dict[tuple[type, object], object] = {}
    out = []
    for value in values.tolist():
        key = (type(value), value)
        try:
            result = cache[key]
        except KeyError:
            result = cache[key] = parse(value)
        except TypeError:  # unhashable
            result = parse(value)
        out.append(result)
    return out


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real | Decimal) and not isinstance(value, bool | np.bool_)


def _as_float(value: object) -> float:
    """Return an Excel number as a finite float, or NaN (also for booleans and others)."""
    if not _is_number(value):
        return math.nan
    try:
        number = float(value)  # type: ignore[arg-type]
    except (OverflowError, ValueError):
        return math.nan
    return number if math.isfinite(number) else math.nan


def _float_text(number: float) -> str:
    if math.isfinite(number) and number == math.floor(number):
        return str(int(number))
    return f"{number:.15g}"


def _cell_text(value: object) -> str:
    """Return an Excel value as the text a user sees in the cell."""
    if isinstance(value, bool | np.bool_):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if _is_number(value):
        try:
            return _float_text(float(value))  # type: ignore[arg-type]
        except (OverflowError, ValueError):
            return str(value)
    return str(value).strip()


def _as_text(cells: _Cells) -> pd.Series:
    """Return every non-blank cell as stripped text (str dtype, indexed by position)."""
    if not len(cells.other):
        return cells.text
    converted = _per_object(cells.other, lambda v: _cell_text(v) or None)
    other = _to_str(pd.Series(converted, index=cells.other.index, dtype=object))
    return _to_str(pd.concat([cells.text, other]))


def _fill(
    cells: _Cells,
    from_text: Callable[[pd.Series], np.ndarray],
    from_other: Callable[[object], object],
    empty: object,
) -> np.ndarray:
    """Return one numpy value per cell: parsed strings, parsed Excel values, else ``empty``."""
    out = np.full(cells.size, empty)
    if len(cells.text):
        out[cells.text.index.to_numpy()] = from_text(cells.text)
    if len(cells.other):
        parsed = _per_object(cells.other, from_other)
        out[cells.other.index.to_numpy()] = np.array(parsed, dtype=out.dtype)
    return out


def _result(cells: _Cells, values: pd.Series, expected: str, **params: object) -> Parsed:
    values = values.set_axis(cells.index)
    bad = cells.nonblank() & values.isna().to_numpy(dtype=bool)
    return Parsed(values, pd.Series(bad, index=cells.index, dtype=bool), expected, params)


def _text_result(cells: _Cells, texts: pd.Series, expected: str, **params: object) -> Parsed:
    """Place per-position strings (NA = bad) back into a column the size of the input."""
    values = _to_str(texts.reindex(pd.RangeIndex(cells.size)))
    return _result(cells, values, expected, **params)
