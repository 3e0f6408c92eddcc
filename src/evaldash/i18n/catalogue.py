"""The one catalogue of UI strings, ``STRINGS``, merged from the modules of each area.

Every key in ``STRINGS`` has a text in every language of ``LANGUAGES`` (a test checks it).
Placeholders use ``str.format`` names and must be the same in both languages. A text that
depends on a count has one form per plural category (:mod:`~evaldash.i18n.plurals`). Besides the
areas' modules it holds the measures' names and definitions (:mod:`evaldash.measures`) and
a ``col.<code>`` string for each column header of :data:`~evaldash.i18n.columns.COLUMN_NAMES`.
"""

from __future__ import annotations

from evaldash import measures
from evaldash.i18n.columns import COLUMN_NAMES
from evaldash.i18n.plurals import Entry
from evaldash.i18n.strings_access import TEXTS as ACCESS
from evaldash.i18n.strings_app import TEXTS as APP
from evaldash.i18n.strings_compare import TEXTS as COMPARE
from evaldash.i18n.strings_counts import TEXTS as COUNTS
from evaldash.i18n.strings_data import TEXTS as DATA
from evaldash.i18n.strings_export import TEXTS as EXPORT
from evaldash.i18n.strings_pages import TEXTS as PAGES
from evaldash.i18n.strings_takeaways import TEXTS as TAKEAWAYS

# One dict, filled area by area in a fixed order (a key is defined in exactly one area).
STRINGS: dict[str, Entry] = {
    **APP,
    **PAGES,
    **DATA,
    **COMPARE,
    **TAKEAWAYS,
    **ACCESS,
    **EXPORT,
    **COUNTS,
}
STRINGS.update(measures.strings())  # the measures' names and definitions: evaldash.measures
for _code, (_lv, _en) in COLUMN_NAMES.items():
    STRINGS[f"col.{_code}"] = {"lv": _lv, "en": _en}
