"""Looking up UI strings and formatting numbers, amounts, shares and dates per language."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime

from evaldash.i18n.catalogue import STRINGS
from evaldash.i18n.plurals import COUNT, Entry, category

LANGUAGES = ("lv", "en")
DEFAULT_LANGUAGE = "lv"


def t(key: str, lang: str, **values: object) -> str:
    """Return the text for ``key`` in ``lang``, with ``values`` filled in.

    A plural entry (:mod:`~evaldash.i18n.plurals`) takes the form its count's value needs:
    ``t("data.rows", "lv", table="usage", n=21)`` is ``"usage: 21 rinda"``.
    """
    try:
        entry = STRINGS[key]
    except KeyError:
        raise KeyError(f"{key!r} is not a UI string; add it to evaldash.i18n.STRINGS") from None
    return fill(entry, lang, values, key)


def fill(entry: Entry, lang: str, values: Mapping[str, object], name: str = "text") -> str:
    """Return ``entry``'s text in ``lang`` (its plural form for a count) with ``values``.

    ``entry`` is a catalogue entry: language -> text, or, for a text that depends on a
    count, language -> plural category -> text and ``"count"`` -> the count's placeholder.
    ``name`` names the entry in an error.
    """
    text = entry[lang if lang in entry else DEFAULT_LANGUAGE]
    if isinstance(text, dict):
        count = str(entry[COUNT])
        if count not in values:
            raise KeyError(f"{name!r} depends on the count {{{count}}}; pass {count}=...")
        text = text[category(values[count], lang)]
    return text.format(**values) if values else text


def name_column(lang: str) -> str:
    """Return the reference-data column holding names in ``lang`` (``name_lv``/``name_en``)."""
    return "name_en" if lang == "en" else "name_lv"


def shorten(name: str, limit: int = 30) -> str:
    """Return ``name`` fitted to ``limit`` characters for a chart label.

    A trailing explanation in parentheses goes first ("Fizioterapija (fizioterapeita
    nodarbības)" -> "Fizioterapija"); a name still too long is cut at a word and ends in "…".
    """
    name = " ".join(name.split())
    if len(name) <= limit:
        return name
    if name.endswith(")") and "(" in name:
        head = name[: name.rindex("(")].rstrip(" -–,")
        if 0 < len(head) <= limit:
            return head
    cut = name[: limit - 1].rstrip()
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" -–,(/") + "…"


def fmt_number(value: float | None, lang: str, decimals: int = 0) -> str:
    """Format a number: Latvian ``1 234,5``, English ``1,234.5``; missing -> ``–``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "lv":
        # U+00A0 keeps the groups of a number together when a line wraps.
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def fmt_eur(value: float | None, lang: str, decimals: int = 0) -> str:
    """Format an amount in euro (without cents by default): ``12 345 EUR`` / ``EUR 12,345``."""
    number = fmt_number(value, lang, decimals)
    return f"{number}\u00a0EUR" if lang == "lv" else f"EUR\u00a0{number}"


def fmt_eur_short(value: float | None, lang: str) -> str:
    """Format an amount in thousands of euro: ``227 tūkst. EUR`` / ``EUR 227k``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if abs(value) < 1000:
        return fmt_eur(value, lang)
    number = fmt_number(value / 1000, lang)
    return f"{number}\u00a0tūkst.\u00a0EUR" if lang == "lv" else f"EUR\u00a0{number}k"


def fmt_percent(share: float | None, lang: str, decimals: int = 0) -> str:
    """Format a share (0.873) as a percentage: ``87 %`` / ``87%``."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    number = fmt_number(share * 100, lang, decimals)
    return f"{number}\u00a0%" if lang == "lv" else f"{number}%"


def _as_date(value: date | None) -> date | None:
    """Accept dates, datetimes and pandas Timestamps; None and NaT mean missing."""
    if value is None or value != value:  # NaT is not equal to itself
        return None
    return value.date() if isinstance(value, datetime) else value


def fmt_date(value: date | None, lang: str) -> str:
    """Format a date: Latvian ``10.02.2019``, English ``2019-02-10``; missing -> ``–``."""
    day = _as_date(value)
    if day is None:
        return "–"
    return day.strftime("%d.%m.%Y") if lang == "lv" else day.isoformat()


def fmt_month(value: date | None, lang: str) -> str:
    """Format a month: Latvian ``02.2019``, English ``2019-02``; missing -> ``–``."""
    day = _as_date(value)
    if day is None:
        return "–"
    return day.strftime("%m.%Y") if lang == "lv" else day.strftime("%Y-%m")


def fmt_period(start: date | None, end: date | None, lang: str, months: bool = False) -> str:
    """Format a period ``start – end`` (dates, or months when ``months``)."""
    fmt = fmt_month if months else fmt_date
    return f"{fmt(start, lang)} – {fmt(end, lang)}"
