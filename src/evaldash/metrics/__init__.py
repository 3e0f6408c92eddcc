"""Query functions: engine and Filters in, documented DataFrame out. No Streamlit here.

The query runner and what a page's metrics share live in :mod:`evaldash.db.read`; they are
named here too, where the metrics and their tests have always found them.
"""

from evaldash.db.read import already_kept, kept, memoized, query, shared

__all__ = ["already_kept", "kept", "memoized", "query", "shared"]
