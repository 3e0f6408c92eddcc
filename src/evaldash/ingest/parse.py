"""Parse raw cell values, written the Latvian way, into typed columns.

Every parser takes one column as a pandas Series, as the readers give it: from CSV, strings
(missing = "" or whitespace); from openpyxl, Python objects (``str``, ``int``, ``float``,
``bool``, ``datetime``, ``date``, ``time``, ``None``). Each returns a ``Parsed``: the values
(same index, missing where the cell was blank or bad), a ``bad`` mask (True where a non-blank
cell could not be read or was out of range) and the key into ``EXPECTED`` that tells the user,
in Latvian or English, what the column should hold. Parsers never raise on bad values.

Output dtypes: text, codes, sex, unit and resolved names ``str`` (NaN when missing); whole
numbers ``Int64``; numbers ``Float64`` (nullable: missing is ``<NA>``, and NaN or infinity is
never stored); dates ``datetime64[s]`` at midnight (NaT when missing); booleans ``boolean``.

Conventions, chosen for Latvian files:

* numbers: decimal comma or point; a single separator is always the decimal one ("1,234" and
  "1.234" both mean 1.234); thousands grouped by spaces (also no-break and thin spaces),
  "1.234,5", "1,234.5", "1.234.567" and "1,234,567" are read as grouped; an exponent
  ("1E+05", as Excel writes big numbers to CSV) is accepted; "nan" and "inf" are bad;
* whole numbers: any number with no fraction ("12", "12,0", 12.0), within +-2**53, the range
  in which a float holds every integer exactly;
* dates: 2019-02-10, 10.02.2019, 1.2.2019, 10.02.2019. (the Latvian trailing dot), an optional
  time of day (dropped), Excel dates, or Excel serial numbers (days since 1899-12-30, fraction
  ignored). Years outside 1900..2100 are bad, and so are serial numbers below 3000
  (1908-03-18): a small number in a date column is a typo or a year, never a date;
* text: stripped, Unicode NFC (so "ā" typed as a + combining macron equals "ā"); HTML and
  formulas are plain text, returned unchanged. Numbers from Excel become their text ("12", not
  "12.0"; other floats with up to 15 significant digits, as Excel shows them), booleans
  "TRUE"/"FALSE", dates ISO "2019-02-10".

Work is vectorised: plain strings go through Arrow string kernels, and the rest is parsed once
per distinct value (``pd.factorize``) and spread back, so 5 million rows take seconds.

This module holds the parsers of numbers, dates, text, codes, yes/no, sex and units. What they
share (``EXPECTED``, ``Parsed``, ``blank`` and the cell helpers) is in
:mod:`evaldash.ingest.cells`; names resolved to codes (``normalize_name``, ``Resolver``) are in
:mod:`evaldash.ingest.names`. All of them are still imported from here.
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from evaldash.ingest.cells import (
    EXPECTED,
    Parsed,
    _as_float,
    _as_text,
    _Cells,
    _cells,
    _fill,
    _per_unique,
    _per_unique_str,
    _result,
    _text_result,
    _to_str,
    blank,
)
from evaldash.ingest.names import Resolver, _fold, normalize_name

try:
    import pyarrow as pa
    import pyarrow.compute as pc
except ImportError:  # pragma: no cover - pyarrow comes with pandas' default string dtype
    pa = pc = None

# What callers import from here, including what lives in cells.py (EXPECTED, Parsed, blank)
# and names.py (Resolver, normalize_name).
__all__ = [
    "EXCEL_EPOCH",
    "EXPECTED",
    "FIRST_YEAR",
    "LAST_YEAR",
    "MAX_EXACT_INT",
    "MAX_SERIAL",
    "MIN_SERIAL",
    "Parsed",
    "Resolver",
    "blank",
    "hidden_characters",
    "looks_like_personal_code",
    "named_characters",
    "normalize_name",
    "parse_bool",
    "parse_code",
    "parse_date",
    "parse_date_or_month",
    "parse_int",
    "parse_number",
    "parse_sex",
    "parse_text",
    "parse_unit",
    "visible",
]

FIRST_YEAR, LAST_YEAR = 1900, 2100
EXCEL_EPOCH = date(1899, 12, 30)
MIN_SERIAL = 3000  # 1908-03-18; smaller numbers in a date column are typos or years
MAX_SERIAL = 2_958_465  # 9999-12-31, Excel's last date
MAX_EXACT_INT = 2**53  # every whole number up to here is exact in a float

_WHITESPACE = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
# Raw characters, no escapes: the same class works in Python's re and in Arrow's RE2.
_NEEDS_COLLAPSE = f"[{_WHITESPACE}]{{2,}}|[{_WHITESPACE.replace(' ', '')}]"
_PLAIN_NUMBER = r"-?[0-9]+(?:[.,][0-9]+)?"
_SPACE_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:[ \xa0\u2009\u202f][0-9]{3})+(?:[.,][0-9]+)?")
_GROUP_SPACE = re.compile(r"[ \xa0\u2009\u202f]")
_DOT_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?")
_COMMA_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?")
_TIME = r"(?:[ T](?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:[.,][0-9]+)?)?)?"
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})" + _TIME)
_LV_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})\.?" + _TIME)
_SERIAL = re.compile(r"[0-9]+(?:[.,][0-9]+)?")
_ISO_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")
_LV_MONTH = re.compile(r"([0-9]{1,2})\.([0-9]{4})\.?")

_BOOLEANS = {
    **dict.fromkeys(("yes", "y", "ja", "j", "true", "patiess"), 1.0),  # PATIESS: Latvian Excel
    **dict.fromkeys(("no", "n", "ne", "false", "aplams"), 0.0),
}
_SEXES = {
    **dict.fromkeys(("f", "female", "woman", "s", "sieviete", "siev"), "F"),
    **dict.fromkeys(("m", "male", "man", "v", "virietis", "vir"), "M"),
}
_UNITS = {
    # nominative singular and plural, and the genitive plural of headers like "stundu skaits"
    **dict.fromkeys(("session", "sessions", "nodarbiba", "nodarbibas", "nodarbibu"), "session"),
    **dict.fromkeys(("hour", "hours", "h", "stunda", "stundas", "stundu", "st"), "hour"),
    **dict.fromkeys(("day", "days", "diena", "dienas", "dienu"), "day"),
    **dict.fromkeys(("trip", "trips", "brauciens", "braucieni", "braucienu"), "trip"),
}


# --- text and codes ---------------------------------------------------------------------------


def _nfc(texts: pd.Series) -> pd.Series:
    """Return ``texts`` in Unicode NFC; only non-ASCII strings can change."""
    ascii_ = texts.str.isascii().to_numpy(dtype=bool, na_value=True)
    if ascii_.all():
        return texts
    return _to_str(pd.concat([texts[ascii_], texts[~ascii_].str.normalize("NFC")]))


def _at_most(texts: pd.Series, max_length: int | None) -> pd.Series:
    if max_length is None:
        return texts
    return texts.where(texts.str.len().to_numpy(dtype=float) <= max_length)


def _text_key(max_length: int | None) -> tuple[str, dict[str, object]]:
    if max_length is None:
        return "text", {}
    return "text_max", {"max_length": max_length}


def parse_text(s: pd.Series, max_length: int | None = None) -> Parsed:
    """Parse free text: stripped, inner whitespace kept, Unicode NFC.

    Args:
        s: The column.
        max_length: Longest text allowed (in characters); longer text is bad.

    Returns:
        ``str`` values; expected "text", or "text_max" with ``max_length`` in ``params``.
    """
    cells = _cells(s)
    texts = _at_most(_nfc(_as_text(cells)), max_length)
    key, params = _text_key(max_length)
    return _text_result(cells, texts, key, **params)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def parse_code(s: pd.Series, max_length: int | None = None) -> Parsed:
    """Parse an identifier: like ``parse_text``, and runs of whitespace become one space.

    Case is kept: "p-001" and "P-001" are different codes.

    Args:
        s: The column.
        max_length: Longest code allowed (in characters); longer codes are bad.

    Returns:
        ``str`` values; expected "code", or "text_max" with ``max_length`` in ``params``.
    """
    cells = _cells(s)
    texts = _as_text(cells)
    needs = texts.str.contains(_NEEDS_COLLAPSE, regex=True).to_numpy(dtype=bool, na_value=False)
    if needs.any():
        collapsed = _per_unique_str(texts[needs], _collapse)
        texts = _to_str(pd.concat([texts[~needs], collapsed]))
    texts = _at_most(_nfc(texts), max_length)
    key, params = ("code", {}) if max_length is None else _text_key(max_length)
    return _text_result(cells, texts, key, **params)


_HIDDEN = (
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]"
)
"""Control characters (not tab or line breaks), zero-width and text-direction characters."""
_HIDDEN_RE = re.compile(_HIDDEN)
_PERSONAL_CODE = r"(?:^|[^0-9])[0-9]{6}-?[0-9]{5}(?:[^0-9]|$)"
"""A Latvian personal code: ``ddmmyy-nnnnn`` (or ``32nnnn-nnnnn``), hyphen optional."""


def hidden_characters(values: pd.Series) -> np.ndarray:
    """Return True where a text holds a control, zero-width or text-direction character.

    Such characters are invisible or reorder what is shown, so ``T-01`` followed by U+202E
    can look like another code; they are refused rather than silently removed.
    """
    return _per_distinct(values, _HIDDEN)


def visible(text: str) -> str:
    """Return ``text`` with every hidden character written as ``<U+XXXX>``."""
    return _HIDDEN_RE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def named_characters(text: str) -> str:
    """Name the hidden characters of ``text``: ``U+202E RIGHT-TO-LEFT OVERRIDE, ...``."""
    seen = dict.fromkeys(_HIDDEN_RE.findall(text))
    return ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'CONTROL')}" for c in seen)


def looks_like_personal_code(values: pd.Series) -> np.ndarray:
    """Return True where a code contains something shaped like a Latvian personal code."""
    return _per_distinct(values, _PERSONAL_CODE)


def _per_distinct(values: pd.Series, pattern: str) -> np.ndarray:
    """Return True where a value contains ``pattern``, searching each distinct value once."""
    codes, distinct = pd.factorize(values)  # a usage table repeats each code ~100 times
    found = pd.Series(distinct, dtype="str").str.contains(pattern, regex=True)
    per_code = np.append(found.to_numpy(dtype=bool, na_value=False), False)
    return per_code[codes]  # code -1 (missing) reads the appended False


# --- numbers ----------------------------------------------------------------------------------


def _range_key(kind: str, minimum: float | None, maximum: float | None) -> str:
    if minimum is not None and maximum is not None:
        return f"{kind}_range"
    if minimum is not None:
        return f"{kind}_min"
    if maximum is not None:
        return f"{kind}_max"
    return kind


def _within(values: np.ndarray, minimum: float | None, maximum: float | None) -> np.ndarray:
    """Return ``values`` with those outside [minimum, maximum] set to NaN."""
    keep = np.ones(len(values), dtype=bool)
    if minimum is not None:
        keep &= values >= minimum
    if maximum is not None:
        keep &= values <= maximum
    return np.where(keep, values, np.nan)


def _limits(minimum: float | None, maximum: float | None) -> dict[str, object]:
    return {k: v for k, v in (("minimum", minimum), ("maximum", maximum)) if v is not None}


def _ungroup(text: str) -> str:
    """Remove dot or comma thousands separators; a lone separator is the decimal one."""
    if text.count(".") + text.count(",") < 2:
        return text
    if _DOT_GROUPED.fullmatch(text):
        return text.replace(".", "")
    if _COMMA_GROUPED.fullmatch(text):
        return text.replace(",", "")
    return text


def _number_from_text(text: str) -> float:
    """Return the number a string holds, or NaN: the slow path for all but plain numbers."""
    text = text.replace("\u2212", "-")  # the Unicode minus sign
    if _SPACE_GROUPED.fullmatch(text):
        text = _GROUP_SPACE.sub("", text)
    text = _ungroup(text)
    if not _DECIMAL.fullmatch(text):
        return math.nan
    number = float(text.replace(",", "."))
    return number if math.isfinite(number) else math.nan


def _cast_floats(plain: pd.Series) -> np.ndarray:
    """Convert strings already checked to be plain decimals ("-12.5") to floats."""
    if pa is not None:
        try:
            return pc.cast(pa.array(plain.array), pa.float64()).to_numpy(zero_copy_only=False)
        except (ValueError, TypeError, pa.ArrowException):
            pass
    return pd.to_numeric(plain, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _numbers(texts: pd.Series) -> np.ndarray:
    """Return the numbers non-blank strings hold (NaN where none); plain ones vectorised."""
    plain = texts.str.fullmatch(_PLAIN_NUMBER).to_numpy(dtype=bool, na_value=False)
    out = np.full(len(texts), np.nan)
    if plain.any():
        out[plain] = _cast_floats(texts[plain].str.replace(",", ".", regex=False))
    if not plain.all():
        out[~plain] = _per_unique(texts[~plain], _number_from_text, "float64")
    out[~np.isfinite(out)] = np.nan
    return out


def _floats(cells: _Cells) -> np.ndarray:
    return _fill(cells, _numbers, _as_float, np.nan)


def parse_number(
    s: pd.Series, minimum: float | None = None, maximum: float | None = None
) -> Parsed:
    """Parse numbers with a decimal comma or point, optionally within [minimum, maximum].

    "1,5", "1.5", "1 234,5", "1.234,5", "1,234.5", "-3", "1E+05" and Excel numbers are read;
    "nan", "inf", infinite numbers, booleans and numbers out of range are bad.

    Args:
        s: The column.
        minimum: Smallest value allowed (inclusive), or None.
        maximum: Largest value allowed (inclusive), or None.

    Returns:
        ``Float64`` values; expected "number", "number_range", "number_min" or "number_max".
    """
    cells = _cells(s)
    values = _within(_floats(cells), minimum, maximum)
    floats = pd.arrays.FloatingArray(np.nan_to_num(values), np.isnan(values))
    key = _range_key("number", minimum, maximum)
    return _result(cells, pd.Series(floats), key, **_limits(minimum, maximum))


def parse_int(s: pd.Series, minimum: int | None = None, maximum: int | None = None) -> Parsed:
    """Parse whole numbers, optionally within [minimum, maximum].

    "12", " 12 ", "12.0", "12,0", "1 234", 12 and 12.0 are read; "12.5", text, booleans,
    infinity and numbers beyond +-2**53 (or the range) are bad.

    Args:
        s: The column.
        minimum: Smallest value allowed (inclusive), or None.
        maximum: Largest value allowed (inclusive), or None.

    Returns:
        ``Int64`` values; expected "int", "int_range", "int_min" or "int_max".
    """
    cells = _cells(s)
    values = _floats(cells)
    whole = (values == np.trunc(values)) & (np.abs(values) <= MAX_EXACT_INT)
    values = _within(np.where(whole, values, np.nan), minimum, maximum)
    missing = np.isnan(values)
    ints = pd.arrays.IntegerArray(np.where(missing, 0, values).astype(np.int64), missing)
    key = _range_key("int", minimum, maximum)
    return _result(cells, pd.Series(ints), key, **_limits(minimum, maximum))


# --- dates ------------------------------------------------------------------------------------


def _make_date(year: int, month: int, day: int) -> date | None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _date_from_serial(serial: float) -> date | None:
    """Return the date of an Excel serial number (fraction = time of day, ignored)."""
    if not math.isfinite(serial):
        return None
    days = math.floor(serial)
    if not MIN_SERIAL <= days <= MAX_SERIAL:
        return None
    day = EXCEL_EPOCH + timedelta(days=days)
    return day if day.year <= LAST_YEAR else None


def _date_from_text(text: str) -> date | None:
    if match := _ISO_DATE.fullmatch(text):
        return _make_date(int(match[1]), int(match[2]), int(match[3]))
    if match := _LV_DATE.fullmatch(text):
        return _make_date(int(match[3]), int(match[2]), int(match[1]))
    if _SERIAL.fullmatch(text):
        return _date_from_serial(float(text.replace(",", ".")))
    return None


def _date_from_object(value: object) -> date | None:
    """Return the date of an Excel value: a datetime, a date or a serial number."""
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        return _date_from_serial(_as_float(value))
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


def _month_from_text(text: str) -> date | None:
    if match := _ISO_MONTH.fullmatch(text):
        return _make_date(int(match[1]), int(match[2]), 1)
    if match := _LV_MONTH.fullmatch(text):
        return _make_date(int(match[2]), int(match[1]), 1)
    return None


def _ordinal_from_month(text: str) -> float:
    return _ordinal(_month_from_text(text))


_UNIX_ORDINAL = date(1970, 1, 1).toordinal()


def _ordinal(day: date | None) -> float:
    """Return a date as its proleptic ordinal (NaN for None): numpy builds dates from these."""
    return math.nan if day is None else float(day.toordinal())


def _ordinal_from_text(text: str) -> float:
    return _ordinal(_date_from_text(text))


def _ordinal_from_object(value: object) -> float:
    return _ordinal(_date_from_object(value))


def _date_result(cells: _Cells, ordinals: np.ndarray, expected: str) -> Parsed:
    missing = np.isnan(ordinals)
    days = np.where(missing, 0, ordinals - _UNIX_ORDINAL).astype(np.int64)
    dates = days.astype("datetime64[D]").astype("datetime64[s]")
    dates[missing] = np.datetime64("NaT", "s")
    return _result(cells, pd.Series(dates), expected)


def parse_date(s: pd.Series) -> Parsed:
    """Parse dates: ISO, Latvian dd.mm.yyyy, Excel dates and Excel serial numbers.

    See the module docstring for the accepted forms. Impossible dates ("31.02.2019"), years
    outside 1900..2100, serial numbers below 3000 and other text are bad.

    Args:
        s: The column.

    Returns:
        ``datetime64[s]`` values at midnight; expected "date".
    """
    cells = _cells(s)

    def from_text(texts: pd.Series) -> np.ndarray:
        return _per_unique(texts, _ordinal_from_text, "float64")

    return _date_result(cells, _fill(cells, from_text, _ordinal_from_object, np.nan), "date")


def parse_date_or_month(s: pd.Series) -> tuple[Parsed, pd.Series]:
    """Parse dates as ``parse_date`` does, and months ("2019-02", "02.2019", "2.2019").

    A month is read as its first day.

    Args:
        s: The column.

    Returns:
        The parsed column (``datetime64[s]``, expected "date_or_month"), and a bool Series,
        True where a month rather than a date was given.
    """
    cells = _cells(s)
    month_only = np.zeros(cells.size, dtype=bool)

    def from_text(texts: pd.Series) -> np.ndarray:
        days = _per_unique(texts, _ordinal_from_text, "float64")
        months = np.isnan(days)
        if months.any():
            days[months] = _per_unique(texts[months], _ordinal_from_month, "float64")
            month_only[texts.index.to_numpy()[months]] = True
        return days

    days = _fill(cells, from_text, _ordinal_from_object, np.nan)
    month_only &= ~np.isnan(days)
    parsed = _date_result(cells, days, "date_or_month")
    return parsed, pd.Series(month_only, index=cells.index, dtype=bool)


# --- booleans, sex, units ---------------------------------------------------------------------


def _bool_from_text(text: str) -> float:
    value = _BOOLEANS.get(_fold(text))
    if value is None:
        value = _number_from_text(text)  # 1, 0, 1.0, "1,00"
    return value if value in (0.0, 1.0) else math.nan


def parse_bool(s: pd.Series) -> Parsed:
    """Parse yes/no: jā/nē (ja/ne), yes/no, true/false, patiess/aplams, 1/0, y/n, j/n.

    Any case; Excel booleans and the numbers 1 and 0 (also 1.0) are read too.

    Args:
        s: The column.

    Returns:
        ``boolean`` values; expected "bool".
    """
    cells = _cells(s)
    texts = _as_text(cells)
    out = np.full(cells.size, np.nan)
    out[texts.index.to_numpy()] = _per_unique(texts, _bool_from_text, "float64")
    missing = np.isnan(out)
    values = pd.arrays.BooleanArray(out == 1.0, missing)
    return _result(cells, pd.Series(values), "bool")


def _lookup(table: Mapping[str, str]) -> Callable[[str], str | None]:
    return lambda text: table.get(normalize_name(text))


def parse_sex(s: pd.Series) -> Parsed:
    """Parse sex to "F" or "M".

    F, M, S (sieviete), V (vīrietis), female, male, sieviete, vīrietis, with or without
    diacritics, any case.

    Args:
        s: The column.

    Returns:
        ``str`` values "F" or "M"; expected "sex".
    """
    cells = _cells(s)
    return _text_result(cells, _per_unique_str(_as_text(cells), _lookup(_SEXES)), "sex")


def parse_unit(s: pd.Series) -> Parsed:
    """Parse a service unit to "session", "hour", "day" or "trip".

    English (singular or plural) or Latvian: nodarbība, stunda, diena, brauciens and their
    plurals, any case, diacritics optional.

    Args:
        s: The column.

    Returns:
        ``str`` values; expected "unit".
    """
    cells = _cells(s)
    return _text_result(cells, _per_unique_str(_as_text(cells), _lookup(_UNITS)), "unit")
