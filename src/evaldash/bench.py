"""Benchmarks you can run: ``python -m evaldash bench``.

``views``: for each view (overview, services, progress, gaps, compare) the time to get all of
its data for 5 fixed random filter combinations of the newest pilot, first new (cold), then
again from the cache (warm); see :func:`bench_views`.

``sessions``: 10 sessions at once (threads, as Streamlit runs them), each opening every page
for its own new filter combination; the latency of each page (its data and charts), with
p50, p95 and max, and the errors; see :func:`bench_sessions`.

``import``: writes a package with ``rows`` usage rows in Latvian formats (semicolons,
``dd.mm.yyyy`` dates, decimal commas; 50,000 participants), then times
``python -m evaldash import`` in a child process, twice (a first import, then the same
package again, which changes nothing), with the child's peak resident memory. The package is
written before the clock starts. By default it imports into a new temporary DuckDB file.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine

from evaldash import views
from evaldash.filters import Filters

PEOPLE = 50_000
SERVICES = (
    "FIZIO",
    "LOGO",
    "ATB_PERS",
    "Ergoterapija (ergoterapeita nodarbības/konsultācijas)",
    "ABA",
    "PSIH",
)
MUNICIPALITIES = ("LV-097", "Liepāja", "Talsi", "Cēsu novads", "rīga", "Daugavpils novads")


@dataclass(frozen=True)
class ImportRun:
    """One timed import."""

    label: str
    seconds: float
    peak_rss_mb: float
    exit_code: int


def write_package(folder: Path, rows: int, seed: int = 1) -> None:
    """Write pilots.csv, participants.csv and usage.csv with ``rows`` usage rows."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(
        {
            "pilot_id": ["BENCH"],
            "name": ["Etalonuzdevums"],
            "target_group": [""],
            "start_date": ["01.01.2021"],
            "end_date": ["31.12.2023"],
        }
    ).to_csv(folder / "pilots.csv", index=False, sep=";")
    codes = np.array([f"B{i:05d}" for i in range(PEOPLE)])
    pd.DataFrame(
        {
            "participant_id": codes,
            "pilot_id": "BENCH",
            "municipality": rng.choice(np.array(MUNICIPALITIES), PEOPLE),
            "sex": rng.choice(np.array(["S", "V"]), PEOPLE),
            "birth_year": rng.integers(1940, 2020, PEOPLE),
            "enrolled_on": "01.01.2021",
            "left_on": "",
            "budget_eur": "3 000,00",
        }
    ).to_csv(folder / "participants.csv", index=False, sep=";")
    days = pd.date_range("2021-01-01", "2023-12-31").strftime("%d.%m.%Y").to_numpy()
    index = np.arange(rows)
    who, visit = index % PEOPLE, index // PEOPLE
    services = np.array(SERVICES)
    pd.DataFrame(
        {
            "participant_id": codes[who],
            "service": services[visit % len(services)],
            # distinct days for each participant's visits, so no two rows share a key
            "delivered_on": days[(visit * 11 + who) % len(days)],
            "units": rng.integers(1, 40, rows),
            "cost_eur": np.char.replace(np.round(rng.random(rows) * 50, 2).astype(str), ".", ","),
            "provider_id": "",
        }
    ).to_csv(folder / "usage.csv", index=False, sep=";")


# The child runs the real command line, then reports its own peak memory on stderr.
_CHILD = (
    "import resource, sys\n"
    "from evaldash.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print('peak_rss_kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def time_import(folder: Path, db_url: str, label: str) -> ImportRun:
    """Run the ``import`` command on ``folder`` in a child process; time it and its memory."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, "import", str(folder)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "EVALDASH_DB_URL": db_url},  # not in argv, which others can list
    )
    seconds = time.perf_counter() - started
    peak_kb = next(
        (
            int(line.split()[1])
            for line in proc.stderr.splitlines()
            if line.startswith("peak_rss_kb ")
        ),
        0,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-2000:] + proc.stderr[-2000:])
    return ImportRun(label, round(seconds, 2), round(peak_kb / 1024, 1), proc.returncode)


def bench_import(rows: int, db_url: str | None = None) -> list[ImportRun]:
    """Write a package of ``rows`` usage rows and time its import twice."""
    with tempfile.TemporaryDirectory(prefix="evaldash-bench-") as folder:
        package = Path(folder) / "package"
        # Written by another process: Linux counts a parent's memory in its children's peak
        # (ru_maxrss survives fork and exec), which would inflate the figures below.
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from pathlib import Path; "
                "from evaldash.bench import write_package; "
                "write_package(Path(sys.argv[1]), int(sys.argv[2]))",
                str(package),
                str(rows),
            ],
            check=True,
        )
        url = db_url or f"duckdb:///{Path(folder) / 'bench.duckdb'}"
        first = time_import(package, url, "first import")
        again = time_import(package, url, "same package again")
    return [first, again]


def as_dicts(runs: list[ImportRun]) -> list[dict]:
    """Return runs as plain dictionaries (for JSON)."""
    return [asdict(run) for run in runs]


# --- views ------------------------------------------------------------------------------------

COMBINATIONS = 5
"""Filter combinations each view is timed on (new ones: nothing cached)."""


@dataclass(frozen=True)
class ViewRun:
    """One view's data times over the filter combinations, in seconds.

    ``cold``: the data of a filter combination not read before (every metric runs against
    the database); ``warm``: the same combinations again, from the per-view cache the app's
    ``st.cache_data`` plays (the data are copied out, as there).
    """

    view: str
    cold_median_s: float
    cold_max_s: float
    warm_median_s: float
    combinations: int


def combinations(engine: Engine, n: int = COMBINATIONS, seed: int = 7) -> list[Filters]:
    """``n`` fixed random selections of the newest pilot.

    Each is a region, a municipality or everything, with perhaps a service group, a sex, an
    age group and half of the period.
    """
    from evaldash.filters import AGE_GROUPS
    from evaldash.metrics import catalog

    pilot = str(catalog.pilots(engine)["pilot_id"].iloc[0])
    options = catalog.filter_options(engine, pilot)
    rng = np.random.default_rng(seed)
    places = options.municipalities
    found = []
    for _ in range(n):
        where = rng.integers(3)
        regions = (str(rng.choice(places["region_code"].unique())),) if where == 1 else ()
        municipalities = (str(rng.choice(places["municipality_code"])),) if where == 2 else ()
        first, last = options.first_day, options.last_day
        period: tuple = (None, None)
        if first and last and rng.random() < 0.5:
            days = (last - first).days
            start = int(rng.integers(0, max(days // 2, 1)))
            period = (first + timedelta(days=start), first + timedelta(days=start + days // 2))
        found.append(
            Filters(
                pilot,
                regions,
                municipalities,
                *period,
                categories=_some(rng, options.categories, 0.3),
                sex=_some(rng, options.sexes, 0.3),
                age_groups=_some(rng, [g for g, _, _ in AGE_GROUPS], 0.2),
            )
        )
    return found


def _some(rng: np.random.Generator, values: list[str], chance: float) -> tuple[str, ...]:
    return (str(rng.choice(values)),) if values and rng.random() < chance else ()


def bench_views(engine: Engine, n: int = COMBINATIONS, seed: int = 7) -> list[ViewRun]:
    """Time every view's data (``views.panels`` minus drawing) for ``n`` new selections."""
    selections = combinations(engine, n, seed)
    runs = []
    for page in views.PAGES:
        cold, warm = [], []
        for f in selections:
            v = views.View.direct(engine, f, "en")  # its fetch remembers: the second run is warm
            cold.append(_data_seconds(v, page))
            warm.append(_data_seconds(v, page))
        runs.append(
            ViewRun(
                page,
                round(float(np.median(cold)), 3),
                round(max(cold), 3),
                round(float(np.median(warm)), 4),
                len(selections),
            )
        )
    return runs


def _data_seconds(v: views.View, page: str) -> float:
    """Seconds ``page``'s panels spend getting their data through ``v.fetch``."""
    spent = [0.0]

    def timed(fn: Callable[..., pd.DataFrame], filters: Filters, *args: object) -> pd.DataFrame:
        started = time.perf_counter()
        table = v.fetch(fn, filters, *args)
        spent[0] += time.perf_counter() - started
        return table

    views.panels(page, dataclasses.replace(v, fetch=timed))
    return spent[0]


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


# --- concurrent sessions -------------------------------------------------------------------

SESSIONS = 10


@dataclass(frozen=True)
class SessionsRun:
    """Pages opened by ``sessions`` sessions at once: latencies in seconds, and errors."""

    sessions: int
    pages: int
    errors: list[str]
    p50_s: float
    p95_s: float
    max_s: float
    wall_s: float


def bench_sessions(engine: Engine, sessions: int = SESSIONS, seed: int = 11) -> SessionsRun:
    """Run ``sessions`` sessions at once, each building every page for its own selection.

    Each session is a thread (Streamlit serves sessions as threads of one process) with its
    own new filter combination, started together; a page's latency is the time to get its
    data and build its charts (:func:`evaldash.views.panels`). Errors are collected, not
    raised, so that one failing session does not hide the others' figures.
    """
    selections = combinations(engine, sessions, seed)
    latencies: list[float] = []
    errors: list[str] = []
    start = threading.Barrier(len(selections))
    lock = threading.Lock()

    def session(f: Filters) -> None:
        try:
            v = views.View.direct(engine, f, "en")
            start.wait()
            for page in views.PAGES:
                began = time.perf_counter()
                views.panels(page, v)
                with lock:
                    latencies.append(time.perf_counter() - began)
        except Exception as exc:  # noqa: BLE001 - reported in the figures
            with lock:
                errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=session, args=(f,)) for f in selections]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    found = np.array(latencies) if latencies else np.array([np.nan])
    return SessionsRun(
        len(selections),
        len(latencies),
        errors,
        round(float(np.percentile(found, 50)), 3),
        round(float(np.percentile(found, 95)), 3),
        round(float(found.max()), 3),
        round(wall, 2),
    )
