"""Plural forms: which form of a text a count takes in a language, by CLDR's rules (Babel).

A catalogue entry whose words depend on a number names that number's placeholder under
``"count"`` and gives, per language, one text per CLDR plural category instead of one text::

    "data.rows": {
        "count": "n",
        "lv": {"zero": "{table}: {n} rindu", "one": "{table}: {n} rinda",
               "other": "{table}: {n} rindas"},
        "en": {"one": "{table}: {n} row", "other": "{table}: {n} rows"},
    }

Latvian has three categories: ``zero`` (0, 10-20, 30, ..., 100, 110-119, ...: "11 rindu"),
``one`` (1, 21, 31, 101, ... but not 11: "21 rinda") and ``other`` ("2 rindas"); English
``one`` (exactly 1) and ``other``. Babel (``babel.Locale.parse(lang).plural_form``) decides.

One entry has one count. A sentence with two counts is made of pieces: each
count-dependent phrase is an entry of its own, filled first and passed in as text.
"""

from __future__ import annotations

import functools
import math
import numbers
import re
from decimal import Decimal

from babel import Locale
from babel.plural import PluralRule

COUNT = "count"
"""The key of an entry naming the placeholder whose number picks the form."""

Forms = dict[str, str]
"""One text per CLDR plural category (``zero``, ``one``, ``other``, ...)."""

Text = str | Forms
"""A language's text of an entry: one text, or one per plural category."""

Entry = dict[str, Text]
"""Language -> text (and, for a plural entry, ``"count"`` -> the count's placeholder)."""

FALLBACK = "other"
"""The form for a count that is not a number (a hidden count: "slēpts", "hidden")."""

_GROUPS = {"lv": "\u00a0\u202f\u2009 ", "en": ","}  # how fmt_number groups thousands
_DECIMAL = {"lv": ",", "en": "."}
_NUMBER = re.compile(r"[-\u2212]?[0-9]+(\.[0-9]+)?")


@functools.cache
def _rule(lang: str) -> PluralRule:
    return Locale.parse(lang).plural_form


def categories(lang: str) -> frozenset[str]:
    """The plural categories ``lang`` distinguishes: lv zero/one/other, en one/other."""
    return frozenset(_rule(lang).tags | {"other"})


def number_of(value: object, lang: str) -> int | Decimal | None:
    """The number a count placeholder holds, or None when it holds no number.

    Counts come as numbers or already written for ``lang`` (``fmt_number``: ``1 234``,
    ``12,5`` / ``1,234``, ``12.5``), else in English digits (``20,000,001``); a written one
    keeps its decimals, which CLDR's rules read (Latvian "1,5 punkti" but "2,1 punkts").
    Anything else (a hidden count: "slēpts") is None.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            return None
        return int(number) if number.is_integer() else Decimal(repr(number))
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if not isinstance(value, str):
        return None
    for written in dict.fromkeys((lang, "en")):
        text = value.strip()
        for group in _GROUPS.get(written, ""):
            text = text.replace(group, "")
        text = text.replace(_DECIMAL.get(written, "."), ".").replace("\u2212", "-")
        if _NUMBER.fullmatch(text):
            return Decimal(text)
    return None


def category(count: object, lang: str) -> str:
    """The plural category of ``count`` in ``lang`` (``other`` when it holds no number)."""
    number = number_of(count, lang)
    return FALLBACK if number is None else _rule(lang)(number)


def is_plural(entry: Entry) -> bool:
    """Whether ``entry``'s text depends on a count."""
    return COUNT in entry
