"""Progress of participants between two assessment rounds, per domain.

A *pair* is a participant scored in a domain in both rounds. Changes are **oriented**: positive
always means better (``to - from`` on a higher-is-better scale, ``from - to`` on a higher-is-worse
one, such as ICF qualifiers or support intensity), so domains can be read side by side. A change
of at least the domain's minimal important difference (``mid``) is "improved", one of at most
``-mid`` "declined", anything in between "unchanged".

Two populations:

- ``"completers"``: only the pairs.
- ``"enrolled"``: everyone scored in ``round_from``. Those missing ``round_to`` are counted as
  *no change* (their earlier score is carried forward): they add to ``n_pairs``, to
  ``unchanged``, to the means, the median, its interval and the standard deviation, and they are
  passed to the test. The Wilcoxon test and the rank-biserial effect size drop zero changes
  before anything else (:func:`evaldash.stats.wilcoxon_p`), so the imputed zeros change neither
  the p-value nor whether there is one (6 non-zero changes are needed). Participants never scored in
  ``round_from`` have no baseline and are left out of both populations.

Counts, means and standard deviations are computed in SQL. The medians, the paired test, the
effect size and the median's interval need the individual changes, which are fetched as how
many participants had each change in each domain (scores are few and people many) and handed
to :mod:`evaldash.stats`. (A median in SQL made PostgreSQL sort a national pilot's 400,000
pairs; counting them is one pass.) The counts, means and standard deviations add up
``pair_change``, the pairs already counted per change and cell of participants when they
were written, rather than the pairs themselves; only the slopegraph's participants and a
participant's profile read the pairs.

Every function honours the participant filters of :class:`~evaldash.filters.Filters` (pilot,
municipality, region, sex, age group). The period filter (``period_from``/``period_to``) does
**not** apply: rounds, not dates, define what is compared, and an assessment outside the period
still describes the participant's progress.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.sql import ColumnElement, Subquery

from evaldash import stats
from evaldash.columns import spec
from evaldash.db import schema
from evaldash.filters import Filters
from evaldash.measures import change_status, oriented_change
from evaldash.metrics import memoized, overview, query

p, a, d = schema.participant, schema.assessment, schema.assessment_domain

POPULATIONS = ("completers", "enrolled")
"""Who is counted: pairs only, or everyone scored in the earlier round (missing = no change)."""

STATUSES = ("improved", "unchanged", "declined")

SUMMARY_PUBLISHED = (
    "domain",
    "round_from",
    "round_to",
    "n_pairs",
    "n_missing",
    "mean_from",
    "mean_to",
    "median_change",
    "improved",
    "unchanged",
    "declined",
    "p_value",
    "effect_size",
    "ci_low",
    "ci_high",
)
"""The columns of :func:`domain_summary` that ``report`` and "Show data" publish, in order."""

SUMMARY_DTYPES: dict[str, str] = spec(
    *SUMMARY_PUBLISHED,
    "higher_is_better",
    "mid",
    "scale_min",
    "scale_max",
    "sd_change",
    "detectable_change",
)
"""Columns of :func:`domain_summary`, in order: the published ones, then those the charts
need (the scale's direction, minimal important difference and ends, the detectable
change)."""

_COMPUTED_IN_PYTHON = frozenset(
    {
        "round_from",
        "round_to",
        "median_change",
        "p_value",
        "effect_size",
        "ci_low",
        "ci_high",
        "detectable_change",
    }
)


def rounds(engine: Engine, f: Filters) -> pd.DataFrame:
    """Return the assessment rounds present in the selection, in order.

    Columns: round (int64), participants (int64, distinct participants with any score in the
    round), first_date, last_date (datetime64[s], earliest and latest assessment date).
    """
    found = overview.rounds(engine, f).rename(columns={"assessed": "participants"})
    return found[["round", "participants", "first_date", "last_date"]]


def default_rounds(rounds_frame: pd.DataFrame) -> tuple[int, int] | None:
    """Return the first and last round of a :func:`rounds` frame, or None for fewer than two."""
    present = sorted(int(r) for r in rounds_frame["round"].unique())
    if len(present) < 2:
        return None
    return (present[0], present[-1])


def domain_summary(
    engine: Engine,
    f: Filters,
    round_from: int,
    round_to: int,
    population: str = "completers",
) -> pd.DataFrame:
    """Return the progress from ``round_from`` to ``round_to`` in each domain.

    One row per domain with any score in ``round_from`` for the selection, ordered by domain
    code. Columns (see :data:`SUMMARY_DTYPES` for dtypes):

    - domain (code); round_from, round_to;
    - n_pairs: participants counted (pairs; with ``population="enrolled"`` also those missing
      ``round_to``); n_missing: scored in ``round_from`` but not in ``round_to`` (both
      populations);
    - mean_from, mean_to: mean score in each round over the participants counted (scale points,
      not oriented; for the enrolled, the earlier score stands in for a missing later one);
    - median_change: median oriented change (positive = better);
    - improved, unchanged, declined: participants by oriented change against ``mid``;
    - p_value: two-sided Wilcoxon signed-rank test (:func:`evaldash.stats.wilcoxon_p`), NaN =
      not tested (fewer than 6 participants counted with a non-zero change);
    - effect_size: matched-pairs rank-biserial correlation (-1..1; NaN without any change);
    - ci_low, ci_high: 95% order-statistic interval of the median change
      (:func:`evaldash.stats.median_ci`; NaN for fewer than 6 participants counted, too few
      for any such interval to reach 95%);
    - higher_is_better, mid: the domain's direction and minimal important difference;
    - scale_min, scale_max: the ends of the domain's scale (scale points);
    - sd_change: standard deviation of the oriented changes (NaN for fewer than 2);
    - detectable_change: the true mean change a paired t-test on this n would detect with 80%
      power at the 5% level if the changes' standard deviation were sd_change (noncentral t,
      :func:`evaldash.stats.detectable_change`).

    Raises:
        ValueError: if ``round_from`` is not before ``round_to`` or ``population`` is unknown.
    """
    round_from, round_to = _check_rounds(round_from, round_to)
    if population not in POPULATIONS:
        raise ValueError(f"unknown population {population!r}; expected one of {list(POPULATIONS)}")
    cells = _cells(f, round_from, round_to)
    c = cells.c
    enrolled = population == "enrolled"
    change = sa.func.coalesce(c.change, 0.0) if enrolled else c.change
    score_to = sa.func.coalesce(c.score_to_sum, c.score_from_sum) if enrolled else c.score_to_sum
    counted = change.is_not(None)
    n = sa.func.sum(c.pairs).filter(counted)
    people = sa.func.nullif(n, 0)

    def mean(total: ColumnElement[float]) -> ColumnElement[float]:
        return sa.cast(total, sa.Float) / people

    sum_change = sa.func.sum(c.pairs * change)
    squares = sa.func.sum(c.pairs * change * change) - sum_change * sum_change / people
    stmt = (
        sa.select(
            c.domain,
            sa.func.coalesce(n, 0).label("n_pairs"),
            sa.func.coalesce(sa.func.sum(c.pairs).filter(c.change.is_(None)), 0).label("n_missing"),
            mean(sa.func.sum(c.score_from_sum).filter(counted)).label("mean_from"),
            mean(sa.func.sum(score_to)).label("mean_to"),
            *_status_sums(change, c.mid, c.pairs),
            c.higher_is_better,
            c.mid,
            c.scale_min,
            c.scale_max,
            # the sample standard deviation of the changes, from their counted sums
            sa.func.sqrt(sa.func.greatest(squares, 0.0) / sa.func.nullif(n - 1, 0)).label(
                "sd_change"
            ),
        )
        .group_by(c.domain, c.higher_is_better, c.mid, c.scale_min, c.scale_max)
        .order_by(c.domain)
    )
    in_sql = {k: t for k, t in SUMMARY_DTYPES.items() if k not in _COMPUTED_IN_PYTHON}
    summary = query(engine, stmt, in_sql)
    changes = query(  # as counts of each change: scores are few and people many
        engine,
        sa.select(c.domain, change.label("change"), sa.func.sum(c.pairs).label("n"))
        .where(counted)
        .group_by(c.domain, change),
        spec("domain", "change", "n"),
    )
    summary = summary.join(_medians(changes, ["domain"]), on="domain")
    summary = summary.join(_paired_tests(changes), on="domain")
    summary["round_from"] = round_from
    summary["round_to"] = round_to
    summary["detectable_change"] = [
        stats.detectable_change(n, sd)
        for n, sd in zip(summary["n_pairs"], summary["sd_change"], strict=True)
    ]
    return summary[list(SUMMARY_DTYPES)].astype(SUMMARY_DTYPES)


def participant_changes(
    engine: Engine, f: Filters, round_from: int, round_to: int, most: int | None = None
) -> pd.DataFrame:
    """Return each participant's scores in the two rounds, for a slopegraph.

    One row per participant and domain scored in ``round_from``, ordered by domain, then
    participant code. Columns: participant_code (pseudonymous), municipality_code, domain (str);
    score_from, score_to (float64, scale points; score_to NaN when not reassessed); change
    (float64, oriented: positive = better; NaN when not reassessed); status (str: improved,
    unchanged, declined, or missing when not reassessed).

    ``most``: with more participants than this, only an even sample of ``most`` of them, by
    code (the same participants in every domain), chosen in the database; a national
    selection's 50,000 lines would neither travel nor read.

    Raises:
        ValueError: if ``round_from`` is not before ``round_to``, or ``most`` is below 1.
    """
    round_from, round_to = _check_rounds(round_from, round_to)
    pairs = _pairs(f, round_from, round_to)
    if most is not None:
        pairs = _even_sample(pairs, most)
    stmt = sa.select(
        pairs.c.participant_code,
        pairs.c.municipality_code,
        pairs.c.domain,
        pairs.c.score_from,
        pairs.c.score_to,
        pairs.c.change,
        change_status(pairs.c.change, pairs.c.mid).label("status"),
    ).order_by(pairs.c.domain, pairs.c.participant_code)
    return query(
        engine,
        stmt,
        spec(
            "participant_code",
            "municipality_code",
            "domain",
            "score_from",
            "score_to",
            "change",
            "status",
        ),
    )


def status_counts(engine: Engine, f: Filters, round_from: int, round_to: int) -> pd.DataFrame:
    """Return how many participants improved, stayed, declined or were not reassessed.

    One row per domain scored in ``round_from``, ordered by domain: the counts behind
    :func:`participant_changes` (all of its participants, also when it draws a sample).
    Columns: domain (str); improved, unchanged, declined, missing (int64).

    Raises:
        ValueError: if ``round_from`` is not before ``round_to``.
    """
    round_from, round_to = _check_rounds(round_from, round_to)
    counts = _change_counts(engine, f, round_from, round_to)
    labels = [*STATUSES, "missing"]
    table = (
        counts.groupby(["domain", "status"])["n"]
        .sum()
        .unstack(fill_value=0)
        .reindex(columns=labels, fill_value=0)
        .sort_index()
        .rename_axis(columns=None)
        .reset_index()
    )
    return table.astype(spec("domain", *labels))


_MUNICIPALITY_DTYPES = spec(
    "municipality_code", "domain", "n_pairs", "improved", "unchanged", "declined"
)


def municipality_summary(
    engine: Engine, f: Filters, round_from: int, round_to: int
) -> pd.DataFrame:
    """Return the progress of the completers by municipality and domain.

    One row per municipality and domain with any score in ``round_from``, ordered by
    municipality code, then domain. Columns: municipality_code, domain (str); n_pairs,
    improved, unchanged, declined (int64, as in :func:`domain_summary`); improved_share
    (float64, improved / n_pairs, NaN without pairs); median_change (float64, oriented).

    Raises:
        ValueError: if ``round_from`` is not before ``round_to``.
    """
    round_from, round_to = _check_rounds(round_from, round_to)
    keys = ["municipality_code", "domain"]
    rows = _change_counts(engine, f, round_from, round_to)
    df = (
        rows.groupby([*keys, "status"])["n"]
        .sum()
        .unstack(fill_value=0)
        .reindex(columns=list(STATUSES), fill_value=0)
        .sort_index()
        .rename_axis(columns=None)
    )
    df.insert(0, "n_pairs", df.sum(axis=1))
    df["improved_share"] = df["improved"] / df["n_pairs"].where(df["n_pairs"] > 0)
    df = df.join(_medians(rows[rows["change"].notna()], keys)).reset_index()
    return df.astype(_MUNICIPALITY_DTYPES | spec("improved_share", "median_change"))


def municipality_counts(engine: Engine, f: Filters, round_from: int, round_to: int) -> pd.DataFrame:
    """Return :func:`municipality_summary`'s counts without its shares and medians.

    Columns: municipality_code, domain (str); n_pairs, improved, unchanged, declined (int64),
    counted by the database (one row per municipality and domain comes back).
    """
    round_from, round_to = _check_rounds(round_from, round_to)
    c = _cells(f, round_from, round_to).c
    n_pairs = sa.func.sum(c.pairs).filter(c.change.is_not(None))
    stmt = (
        sa.select(
            c.municipality_code,
            c.domain,
            sa.func.coalesce(n_pairs, 0).label("n_pairs"),
            *_status_sums(c.change, c.mid, c.pairs),
        )
        .group_by(c.municipality_code, c.domain)
        .order_by(c.municipality_code, c.domain)
    )
    return query(engine, stmt, _MUNICIPALITY_DTYPES)


def participant_profile(engine: Engine, f: Filters, participant_code: str) -> pd.DataFrame:
    """Return one participant's first and latest score in each domain, for a radar chart.

    One row per domain the participant was ever scored in, ordered by domain; empty (same
    columns) for an unknown code or a participant outside the selection. Columns: domain (str);
    scale_min, scale_max (float64); higher_is_better (bool); first_round (int64), first_score
    (float64); latest_round (int64), latest_score (float64); first_position, latest_position
    (float64: the score placed on 0..1 where 1 is the best end of the scale, so domains with
    different scales and directions share one axis). With a single round, first = latest.
    """
    person = sa.select(p.c.participant_key).where(
        *f.participant_clauses(), p.c.participant_code == participant_code
    )
    # The participant's scores first: the rounds below then search a few rows, not all.
    scores = sa.select(a).where(a.c.participant_key.in_(person)).cte("scores")
    span = (
        sa.select(
            scores.c.participant_key,
            scores.c.domain_code,
            sa.func.min(scores.c.round).label("first_round"),
            sa.func.max(scores.c.round).label("latest_round"),
        )
        .group_by(scores.c.participant_key, scores.c.domain_code)
        .subquery("span")
    )
    first, latest = scores.alias("first"), scores.alias("latest")

    def score_in(alias: sa.CTE, round_: ColumnElement[int]) -> ColumnElement[bool]:
        return sa.and_(
            alias.c.participant_key == span.c.participant_key,
            alias.c.domain_code == span.c.domain_code,
            alias.c.round == round_,
        )

    stmt = (
        sa.select(
            d.c.domain_code.label("domain"),
            d.c.scale_min,
            d.c.scale_max,
            d.c.higher_is_better,
            span.c.first_round,
            first.c.score.label("first_score"),
            span.c.latest_round,
            latest.c.score.label("latest_score"),
        )
        .select_from(
            span.join(d, d.c.domain_code == span.c.domain_code)
            .join(first, score_in(first, span.c.first_round))
            .join(latest, score_in(latest, span.c.latest_round))
        )
        .order_by(d.c.domain_code)
    )
    df = query(
        engine,
        stmt,
        spec(
            "domain",
            "scale_min",
            "scale_max",
            "higher_is_better",
            "first_round",
            "first_score",
            "latest_round",
            "latest_score",
        ),
    )
    width = df["scale_max"] - df["scale_min"]
    for which in ("first", "latest"):
        up = (df[f"{which}_score"] - df["scale_min"]) / width
        df[f"{which}_position"] = up.where(df["higher_is_better"], 1 - up).astype("float64")
    return df


# --- building blocks ------------------------------------------------------------------------


def _check_rounds(round_from: int, round_to: int) -> tuple[int, int]:
    """Return the rounds as Python ints (drivers cannot bind numpy integers), checked."""
    round_from, round_to = int(round_from), int(round_to)
    if round_from >= round_to:
        raise ValueError(
            f"round_from ({round_from}) must be before round_to ({round_to}); "
            "pick an earlier first round or a later second one"
        )
    return round_from, round_to


def _pairs(f: Filters, round_from: int, round_to: int) -> Subquery:
    """Every score in ``round_from`` of the selection with its ``round_to`` score, if any.

    Read from ``assessment_pair`` (:mod:`evaldash.db.summary`), which holds every later round
    of the participant's pilot; a ``round_to`` the pilot never had therefore has no rows.

    Columns: participant_key, participant_code, municipality_code, domain, higher_is_better,
    mid, score_from, score_to (NULL when not reassessed), change (oriented; NULL when not
    reassessed).
    """
    pair = schema.assessment_pair
    change = oriented_change(pair.c.score_from, pair.c.score_to, d.c.higher_is_better)
    return (
        sa.select(
            p.c.participant_key,
            p.c.participant_code,
            p.c.municipality_code,
            pair.c.domain_code.label("domain"),
            d.c.higher_is_better,
            d.c.mid,
            pair.c.score_from,
            pair.c.score_to,
            change.label("change"),
        )
        .select_from(
            pair.join(p, p.c.participant_key == pair.c.participant_key).join(
                d, d.c.domain_code == pair.c.domain_code
            )
        )
        .where(
            pair.c.round_from == round_from, pair.c.round_to == round_to, *f.participant_clauses()
        )
        .subquery("pairs")
    )


@memoized
def _change_counts(engine: Engine, f: Filters, round_from: int, round_to: int) -> pd.DataFrame:
    """How many of the selection's pairs had each change, per municipality and domain.

    Columns: municipality_code, domain (str); change (float64, oriented; NaN when not
    reassessed); status (str, as :func:`participant_changes`); n (int64). Added up from
    :func:`_cells` once per page (:func:`~evaldash.metrics.shared`) for the status counts and
    the municipalities' progress, which add these rows up further (a median in SQL would
    sort the pairs). The domain summary counts its changes per domain itself: the overview
    asks for it alone, and per domain they are counted faster.
    """
    c = _cells(f, round_from, round_to).c
    status = change_status(c.change, c.mid)
    columns = [c.municipality_code, c.domain, c.change]
    stmt = sa.select(*columns, status.label("status"), sa.func.sum(c.pairs).label("n")).group_by(
        *columns, status
    )
    dtypes = spec("municipality_code", "domain", "change")
    return query(engine, stmt, dtypes | spec("status", "n"))


def _cells(f: Filters, round_from: int, round_to: int) -> Subquery:
    """The selection's ``pair_change`` rows of the two rounds, with their domain's direction.

    Columns: municipality_code, domain, higher_is_better, mid, scale_min, scale_max, change
    (oriented; NULL when not reassessed), pairs (how many had it), score_from_sum,
    score_to_sum (NULL when not reassessed). The pairs of :func:`_pairs`, counted per change
    and cell of participants.
    """
    pc = schema.pair_change
    return (
        sa.select(
            pc.c.municipality_code,
            pc.c.domain_code.label("domain"),
            d.c.higher_is_better,
            d.c.mid,
            d.c.scale_min,
            d.c.scale_max,
            pc.c.change,
            pc.c.pairs,
            pc.c.score_from_sum,
            pc.c.score_to_sum,
        )
        .select_from(pc.join(d, d.c.domain_code == pc.c.domain_code))
        .where(pc.c.round_from == round_from, pc.c.round_to == round_to, *f.cell_clauses(pc))
        .subquery("cells")
    )


def _even_sample(pairs: Subquery, most: int) -> Subquery:
    """The rows of ``pairs`` of at most ``most`` participants, evenly spaced by code."""
    if most < 1:
        raise ValueError(f"most must be at least 1; got {most}")
    people = sa.select(pairs.c.participant_key, pairs.c.participant_code).distinct().subquery()
    ranked = sa.select(
        people.c.participant_key,
        sa.func.row_number().over(order_by=people.c.participant_code).label("rank"),
        sa.func.count().over().label("total"),
    ).subquery()
    # rank r is kept when floor(r * most / total) steps up: exactly ``most`` of ``total``
    step = sa.cast(sa.literal(most), sa.Float) / ranked.c.total
    kept = sa.select(ranked.c.participant_key).where(
        sa.or_(
            ranked.c.total <= most,
            sa.func.floor(ranked.c.rank * step) > sa.func.floor((ranked.c.rank - 1) * step),
        )
    )
    return sa.select(pairs).where(pairs.c.participant_key.in_(kept)).subquery("sampled")


def _status_sums(
    change: ColumnElement[float], mid: ColumnElement[float], pairs: ColumnElement[int]
) -> list[ColumnElement[int]]:
    """Columns improved, unchanged, declined: the ``pairs`` counted with that status."""
    status = change_status(change, mid)
    return [
        sa.func.coalesce(sa.func.sum(pairs).filter(status == label), 0).label(label)
        for label in STATUSES
    ]


def _medians(changes: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per group of ``keys``: median_change, the median (numpy's) of its changes.

    ``changes`` holds each group's distinct changes and how many people had them (``n``); the
    median is the mean of the middle two people's changes in order (or of the middle one's).
    Indexed by ``keys``; a group without changes is absent.
    """
    ordered = changes.sort_values([*keys, "change"])
    places = ordered[keys]
    first = (places != places.shift()).any(axis=1).to_numpy()  # a group's first row
    n = ordered["n"].to_numpy()
    group = np.cumsum(first) - 1
    after = np.cumsum(n)  # people up to and including this row, over all groups
    start = (after - n)[first]  # people before each group
    total = np.add.reduceat(n, np.flatnonzero(first)) if len(n) else n
    after, before = after - start[group], after - n - start[group]
    values = ordered["change"].to_numpy()
    middle = [
        values[(before <= position[group]) & (position[group] < after)]  # one row per group
        for position in ((total - 1) // 2, total // 2)
    ]
    index = (
        pd.MultiIndex.from_frame(places[first])
        if len(keys) > 1
        else pd.Index(places[first][keys[0]], name=keys[0])
    )
    return pd.DataFrame({"median_change": (middle[0] + middle[1]) / 2}, index=index)


def _paired_tests(changes: pd.DataFrame) -> pd.DataFrame:
    """Per domain: p_value, effect_size, ci_low, ci_high of the oriented changes.

    ``changes`` holds each domain's distinct changes and how many people had them (``n``).
    """
    domains, rows = [], []
    for domain, group in changes.groupby("domain", sort=True):
        values = np.repeat(group["change"].to_numpy(), group["n"].to_numpy())
        domains.append(domain)
        rows.append(
            (
                stats.wilcoxon_p(values),
                stats.rank_biserial(values),
                *stats.median_ci(values),
            )
        )
    return pd.DataFrame(
        rows,
        index=pd.Index(domains, dtype="str", name="domain"),
        columns=["p_value", "effect_size", "ci_low", "ci_high"],
        dtype="float64",
    )
