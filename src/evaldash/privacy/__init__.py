"""Who sees what: every metric read goes through :func:`read` with the session's scope.

No Streamlit here. The ministry (and an admin) read everything. A municipality reads its own
municipality in full; a municipality looking wider, and the public, read *released* figures:

- **Selections**: sex, age group, period and service-group filters apply only to one's own
  municipality; looking wider, a selection is the whole pilot, one planning region or one
  municipality (:func:`released`). Fewer choices keep small groups from being worked out by
  comparing two selections (e.g. all ages minus 7-12).
- **Primary suppression**: a group of 1 to k-1 people (k = :attr:`Scope.k`, 5 by default) in
  another municipality is hidden with every figure about it (shares, means, medians, tests).
- **Secondary suppression**: totals over municipalities (a region, the pilot) and each
  municipality's own totals are sums of the hidden cells and the shown ones, so more cells
  are hidden until no hidden cell can be worked out from what is shown: every total holding
  hidden cells holds at least two of them with at least k people, and a rank test on all the
  totals shown proves no hidden cell is a combination of them. Where no cell is left to hide,
  the total itself is hidden (:func:`protect`).
- **Participant rows** (slopegraph, radar) are the municipality's own only; none for the public.
- A metric without a rule here is not released outside the ministry (:class:`Refused`).

Hidden figures are empty (NaN) and the row's ``suppressed`` column says why: ``<k`` (a group
of fewer than k people), ``hidden`` (hidden so that a small group cannot be worked out), or
``<k: col, col`` (these counts of a shown group are below k). Counts of providers are never
suppressed.

The package, by job; each module imports only those above it:

- :mod:`.scope`: what a scope may select (:func:`released`), the markers, :class:`Refused`;
- :mod:`.patterns`: secondary suppression of the cells behind a table (:func:`protect`,
  :func:`pattern`, the families);
- :mod:`.rules`: :data:`RULES`, what each metric releases: the one table to audit;
- :mod:`.counts`: counts that add up (progress by domain, rounds, services) and their audits;
- :mod:`.release`: :func:`read` and its readers.
"""

from evaldash.privacy.counts import (
    DOMAIN_COUNTS,
    OUTCOMES,
    SERVICE_COUNTS,
    domain_counts,
    round_counts,
    service_counts,
)
from evaldash.privacy.patterns import (
    DOMAINS,
    PARTICIPANTS,
    SERVICES,
    Family,
    Grid,
    Pattern,
    pattern,
    protect,
)
from evaldash.privacy.release import RATED_VALUES, forget, hidden_any, read
from evaldash.privacy.rules import MINISTRY_ONLY, RULES, Only, Rule
from evaldash.privacy.scope import (
    HIDDEN,
    MARKER,
    NARROWING,
    PILOT,
    Key,
    Metric,
    Refused,
    area,
    own_only,
    released,
    restricted,
    sees_all,
)

__all__ = [
    "DOMAINS",
    "DOMAIN_COUNTS",
    "HIDDEN",
    "MARKER",
    "MINISTRY_ONLY",
    "NARROWING",
    "OUTCOMES",
    "PARTICIPANTS",
    "PILOT",
    "RATED_VALUES",
    "RULES",
    "SERVICES",
    "SERVICE_COUNTS",
    "Family",
    "Grid",
    "Key",
    "Metric",
    "Only",
    "Pattern",
    "Refused",
    "Rule",
    "area",
    "domain_counts",
    "forget",
    "hidden_any",
    "own_only",
    "pattern",
    "protect",
    "read",
    "released",
    "restricted",
    "round_counts",
    "sees_all",
    "service_counts",
]
