"""Column headers of the tables behind the charts, in Latvian and English.

Each column's header is declared with the column (:data:`evaldash.columns.COLUMNS`); a
measure's column takes the measure's name.
"""

from __future__ import annotations

from evaldash import columns

COLUMN_NAMES: dict[str, tuple[str, str]] = columns.headers()
"""Column code -> (Latvian, English), for the ``col.<code>`` strings."""
