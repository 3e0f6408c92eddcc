"""Participants and their assessment calendar: roster, dates, who left, domain scores."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evaldash.demo.pilots import PilotSpec, RoundSpec
from evaldash.demo.reference import _DOMAIN_BY_CODE, PLACES

_DAY = np.timedelta64(1, "D")


def _as_day(value: dt.date) -> np.datetime64:
    return np.datetime64(value, "D")


def _random_days(first: dt.date, last: dt.date, size: int, rng: np.random.Generator) -> np.ndarray:
    """Return ``size`` dates drawn uniformly from ``first..last`` (inclusive)."""
    span = (last - first).days + 1
    return _as_day(first) + rng.integers(0, span, size=size) * _DAY


def _roster(spec: PilotSpec, rng: np.random.Generator) -> pd.DataFrame:
    """Return the pilot's participants: code, municipality, sex, birth year and budget."""
    municipalities = np.repeat(spec.municipalities, spec.per_municipality)
    numbers = np.tile(np.arange(1, spec.per_municipality + 1), len(spec.municipalities))
    n = len(municipalities)
    return pd.DataFrame(
        {
            "participant_id": [
                f"{spec.prefix}-{PLACES[m].short}-{k:02d}"
                for m, k in zip(municipalities, numbers, strict=True)
            ],
            "pilot_id": spec.pilot_id,
            "municipality": municipalities,
            "sex": np.where(rng.random(n) < spec.male_share, "M", "F"),
            "birth_year": rng.integers(spec.birth_years[0], spec.birth_years[1] + 1, size=n),
            "budget_eur": np.round(rng.uniform(*spec.budget_eur, size=n), 2),
        }
    )


def _round_dates(
    round_: RoundSpec, municipalities: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Return each participant's assessment date in one round (before any are missed)."""
    names = sorted(set(municipalities))
    drawn = dict(zip(names, _random_days(round_.first, round_.last, len(names), rng), strict=True))
    day = {m: _as_day(round_.pinned[m]) if m in round_.pinned else drawn[m] for m in names}
    jitter = rng.integers(0, round_.jitter_days + 1, size=len(municipalities))
    jitter[np.isin(municipalities, list(round_.pinned))] = 0
    return np.array([day[m] for m in municipalities]) + jitter * _DAY


@dataclass(frozen=True)
class Calendar:
    """Dates of one pilot's participants, aligned with its roster.

    Attributes:
        enrolled: enrolment dates, ``datetime64[D]``.
        left: dates participants left early, NaT for those who stayed.
        assessed: ``(participant, round)`` assessment dates, NaT where a round was missed.
    """

    enrolled: np.ndarray
    left: np.ndarray
    assessed: np.ndarray


def _calendar(spec: PilotSpec, municipalities: np.ndarray, rng: np.random.Generator) -> Calendar:
    """Draw enrolment, assessment and leaving dates, then drop the rounds people missed."""
    n = len(municipalities)
    enrolled = _random_days(*spec.enrol_window, n, rng)
    assessed = np.stack([_round_dates(r, municipalities, rng) for r in spec.rounds], axis=1)
    left = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    leavers = rng.choice(
        n, size=rng.integers(spec.dropouts[0], spec.dropouts[1] + 1), replace=False
    )
    left[leavers] = _random_days(*spec.dropout_window, len(leavers), rng)
    missed = assessed >= left[:, None]  # NaT compares False: those who stay miss nothing yet
    stayers = np.setdiff1d(np.arange(n), leavers)
    skippers = rng.choice(
        stayers, size=rng.integers(spec.skips[0], spec.skips[1] + 1), replace=False
    )
    missed[skippers, rng.integers(1, len(spec.rounds), size=len(skippers))] = True
    assessed[missed] = np.datetime64("NaT")
    return Calendar(enrolled=enrolled, left=left, assessed=assessed)


def _assessments(
    spec: PilotSpec, roster: pd.DataFrame, calendar: Calendar, rng: np.random.Generator
) -> pd.DataFrame:
    """Score every domain of every round each participant attended (vectorised)."""
    domains = [_DOMAIN_BY_CODE[code] for code in spec.domains]
    n, n_rounds = calendar.assessed.shape

    def param(name: str) -> np.ndarray:
        return np.array([getattr(d, name) for d in domains], dtype=float)[None, :, None]

    direction = np.where(param("higher_is_better") > 0, 1.0, -1.0)
    baseline = rng.normal(param("baseline_mean"), param("baseline_sd"), size=(n, len(domains), 1))
    responsiveness = rng.normal(1.0, 0.6, size=(n, 1, 1))  # some participants decline
    steps = direction * (
        param("gain") * responsiveness
        + rng.normal(0.0, param("noise"), size=(n, len(domains), n_rounds - 1))
    )
    latent = np.concatenate([baseline, baseline + np.cumsum(steps, axis=2)], axis=2)
    scores = np.clip(np.rint(latent), param("scale_min"), param("scale_max"))
    attended = np.broadcast_to(~np.isnat(calendar.assessed)[:, None, :], scores.shape)
    person, domain, round_ = np.nonzero(attended)
    return pd.DataFrame(
        {
            "participant_id": roster["participant_id"].to_numpy()[person],
            "round": (round_ + 1).astype("int64"),
            "assessed_on": calendar.assessed[person, round_].astype(object),
            "domain": np.array(spec.domains)[domain],
            "score": scores[person, domain, round_] + 0.0,  # + 0.0 turns -0.0 into 0.0
        }
    )
