"""Latvian and English: UI strings, names from reference data, number and date formats.

Every key in ``STRINGS`` has a text in every language of ``LANGUAGES`` (a test checks it).
Placeholders use ``str.format`` names and must be the same in both languages. A text whose
words depend on a number ("1 rinda", "2 rindas", "10 rindu") names that number's placeholder
under ``"count"`` and has one form per CLDR plural category of each language; :func:`t` picks
the form by Babel's rules (:mod:`~evaldash.i18n.plurals`).

The functions (:func:`t`, the ``fmt_*`` formats) live in :mod:`~evaldash.i18n.text`; the one
catalogue ``STRINGS`` is merged in :mod:`~evaldash.i18n.catalogue` from one module per area
(``strings_app``, ``strings_pages``, ``strings_data``, ``strings_compare``,
``strings_takeaways``, ``strings_access``, ``strings_export``, ``strings_counts``) and the
column headers of :mod:`~evaldash.i18n.columns`. Everything is re-exported here: ``from
evaldash.i18n import t``; :func:`fill` fills an entry of another bilingual table the same way.
"""

from __future__ import annotations

from evaldash.i18n.catalogue import STRINGS
from evaldash.i18n.columns import COLUMN_NAMES
from evaldash.i18n.text import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    fill,
    fmt_date,
    fmt_eur,
    fmt_eur_short,
    fmt_month,
    fmt_number,
    fmt_percent,
    fmt_period,
    name_column,
    shorten,
    t,
)

__all__ = [
    "COLUMN_NAMES",
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "STRINGS",
    "fmt_date",
    "fmt_eur",
    "fmt_eur_short",
    "fmt_month",
    "fmt_number",
    "fmt_percent",
    "fmt_period",
    "fill",
    "name_column",
    "shorten",
    "t",
]
