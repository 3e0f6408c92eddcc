"""Latvian and English: UI strings, names from reference data, number and date formats.

Every key in ``STRINGS`` has a text in every language of ``LANGUAGES`` (a test checks it).
Placeholders use ``str.format`` names and must be the same in both languages.

The functions (:func:`t`, the ``fmt_*`` formats) live in :mod:`~evaldash.i18n.text`; the one
catalogue ``STRINGS`` is merged in :mod:`~evaldash.i18n.catalogue` from one module per area
(``strings_app``, ``strings_pages``, ``strings_data``, ``strings_compare``,
``strings_takeaways``, ``strings_access``, ``strings_export``) and the column headers of
:mod:`~evaldash.i18n.columns`. Everything is re-exported here: ``from evaldash.i18n import t``.
"""

from __future__ import annotations

from evaldash.i18n.catalogue import STRINGS
from evaldash.i18n.columns import COLUMN_NAMES
from evaldash.i18n.text import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
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
    "name_column",
    "shorten",
    "t",
]
