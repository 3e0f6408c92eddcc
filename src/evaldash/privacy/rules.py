"""The rules: what each metric releases outside the ministry, in one table to audit.

A metric in :data:`RULES` is released to restricted scopes as its :class:`Rule` says; any
other metric is refused (deny by default). :data:`MINISTRY_ONLY` names metrics that are
deliberately left out. How a rule is applied lives in :mod:`.release`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from evaldash.filters import Filters
from evaldash.metrics import compare, gaps, overview, progress, quality, services
from evaldash.privacy.patterns import DOMAINS, PARTICIPANTS, SERVICES, Family
from evaldash.privacy.scope import Metric


@dataclass(frozen=True)
class Only:
    """An argument a restricted scope may leave out or pass with one value only.

    ``position`` counts the metric's arguments after ``engine`` and ``f``; any other value
    there is :class:`~evaldash.privacy.scope.Refused` with ``refusal`` (``{role}``: the
    scope's role).
    """

    position: int
    value: object
    refusal: str

    def allows(self, args: tuple) -> bool:
        """Whether a read with ``args`` (after ``engine`` and ``f``) keeps to this value."""
        return len(args) <= self.position or args[self.position] == self.value


@dataclass(frozen=True)
class Rule:
    """How one metric's rows are released.

    ``kind``: ``margin`` (rows are totals over the selection), ``cells`` (rows per
    municipality), ``series`` (monthly rows: the whole pilot only, all or nothing),
    ``participants`` (participant rows: own municipality only), ``rated`` (:func:`_rated`),
    ``rounds`` (as :func:`overview.rounds` is released). ``family`` names the cells
    behind the rows; ``keep`` columns stay on hidden rows; ``counts`` are people counts
    masked from 1 to k-1; ``args`` maps the metric's arguments to the family's.
    """

    kind: str
    family: Family | None = None
    keep: tuple[str, ...] = ()
    counts: tuple[str, ...] = ()
    args: Callable[[Engine, Filters, tuple], tuple] = lambda engine, f, args: ()
    also: tuple[Family, ...] = ()  # families whose totals over all keys the rows hold too
    shares: Mapping[str, str] = dataclasses.field(default_factory=dict)
    """Columns that give a count away (a share, its interval) -> that count column."""
    groups: tuple[str, ...] = ()
    """Counts that are the size of a total's group: 1 to k-1 hides the whole row."""
    audited: str = ""
    """``domains``, ``rounds`` or ``services``: counts hidden as :func:`domain_counts`,
    :func:`round_counts` or :func:`service_counts` say, over every selection at once."""
    only: tuple[Only, ...] = ()
    """Arguments a restricted scope may pass with one value only; any other is refused."""


def _window_args(engine: Engine, f: Filters, args: tuple) -> tuple:
    """domain_summary's family arguments: the same rounds, always the completers."""
    return (args[0], args[1], "completers")


def _compare_window(engine: Engine, f: Filters, args: tuple) -> tuple:
    chosen = progress.default_rounds(progress.rounds(engine, compare.peers(f)))
    round_from = args[0] if args and args[0] is not None else (chosen or (None, None))[0]
    round_to = args[1] if len(args) > 1 and args[1] is not None else (chosen or (None, None))[1]
    return (round_from, round_to, "completers") if round_from and round_to else ()


RULES: dict[Metric, Rule] = {
    overview.headline: Rule(
        "margin",
        PARTICIPANTS,
        keep=("municipalities", "regions"),
        counts=("participants", "participants_served"),
        groups=("participants", "participants_served"),
        also=(SERVICES,),
    ),
    overview.rounds: Rule(
        "margin",
        PARTICIPANTS,
        keep=("round",),
        counts=("assessed", "missing"),
        audited="rounds",  # assessed + missing = the participants of the selection
    ),
    progress.rounds: Rule("rounds"),
    services.ranking: Rule(
        "margin",
        SERVICES,
        keep=("service_code", "category", "unit"),
        counts=("participants", "planned_participants"),
        shares={"participants_share": "participants"},
        groups=("participants", "planned_participants"),
        audited="services",
    ),
    services.municipality_service: Rule(
        "cells",
        SERVICES,
        keep=("municipality_code", "service_code"),
        counts=("participants",),
        shares={"participants_share": "participants"},
        audited="services",
    ),
    progress.domain_summary: Rule(
        "margin",
        DOMAINS,
        keep=(
            "domain",
            "round_from",
            "round_to",
            "higher_is_better",
            "mid",
            "scale_min",
            "scale_max",
        ),
        counts=("n_pairs", "n_missing", "improved", "unchanged", "declined"),
        groups=("n_pairs",),
        args=_window_args,
        audited="domains",
        # everyone enrolled: its pairs and unchanged are the completers' plus those missing,
        # so beside the completers' it would give the hidden missing counts away
        only=(
            Only(
                2,
                "completers",
                "progress of everyone enrolled is shown to the ministry and to a municipality "
                "for its own participants; a {role} account sees the reassessed only.",
            ),
        ),
    ),
    progress.municipality_summary: Rule(
        "cells",
        DOMAINS,
        keep=("municipality_code", "domain"),
        counts=("n_pairs", "improved", "unchanged", "declined"),
        shares={"improved_share": "improved"},
        args=lambda engine, f, args: (args[0], args[1], "completers"),
        audited="domains",
    ),
    gaps.region_service_gaps: Rule(
        "margin",
        SERVICES,
        keep=("region", "service_code", "providers", "unit", "category"),
        counts=("participants_planned",),
        groups=("participants_planned",),
        audited="services",
    ),
    gaps.municipality_service_gaps: Rule(
        "cells",
        SERVICES,
        keep=(
            "municipality_code",
            "region",
            "service_code",
            "providers",
            "km_to_provider",
            "provider_in_municipality",
            "unit",
            "category",
        ),
        counts=("participants_planned",),
        audited="services",
    ),
    gaps.map_points: Rule(
        "cells",
        SERVICES,
        keep=("municipality_code", "region", "lat", "lon"),
        counts=("participants_planned",),
    ),
    compare.indicators: Rule(
        "cells",
        DOMAINS,
        keep=("municipality_code", "region", "indicator", "kind", "polarity"),
        counts=("events",),
        shares={"value": "events", "ci_low": "events", "ci_high": "events"},
        args=_compare_window,
        audited="indicators",
    ),
    compare.rated: Rule("rated", DOMAINS, keep=("municipality_code", "region", "indicator")),
    overview.monthly_spend: Rule(
        "series", SERVICES, keep=("month", "category"), counts=("participants",)
    ),
    services.people_per_month: Rule("series", SERVICES, keep=("month",), counts=("participants",)),
    services.monthly_by_service: Rule(
        "series", SERVICES, keep=("month", "service_code"), counts=("participants",)
    ),
    progress.participant_changes: Rule("participants"),
    progress.status_counts: Rule("participants"),
    progress.participant_profile: Rule("participants"),
}
"""Every metric released outside the ministry; anything else is :class:`Refused`."""

MINISTRY_ONLY = (
    quality.missing_reassessment,
    quality.plans_without_usage,
    quality.usage_without_plan,
    quality.providers_without_usage,
)
