"""Benchmarks you can run: ``python -m evaldash bench``.

``views``: for each view (overview, services, progress, gaps, compare) the time to get all of
its data for 5 fixed random filter combinations of the newest pilot, first new (cold), then
again from the cache (warm); see :func:`bench_views`.

``sessions``: 10 sessions at once (threads, as Streamlit runs them), each opening every page
for its own new filter combination; the latency of each page (its data and charts), with
p50, p95 and max, and the errors; see :func:`bench_sessions`.

``browser``: the app started on the database, with Chromium (driven by Playwright) open:
the time to the first chart, to each page in a new session, and from each filter change to
every chart redrawn; see :func:`bench_browser`.

``suppression``: every view's data for the public and for a municipality looking at the
whole pilot, first with no suppression worked out yet, then again; see
:func:`bench_suppression`.

``import``: writes a package with ``rows`` usage rows in Latvian formats (semicolons,
``dd.mm.yyyy`` dates, decimal commas; 50,000 participants), then times
``python -m evaldash import`` in a child process, twice (a first import, then the same
package again, which changes nothing), with the child's peak resident memory. The package is
written before the clock starts. By default it imports into a new temporary DuckDB file.
"""

from __future__ import annotations

import dataclasses
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import timedelta
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine

from evaldash import browser as browsers
from evaldash import resources, site, stats, views
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
    from evaldash.measures import AGE_GROUPS
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
    """Time every view's data (``site.panels`` minus drawing) for ``n`` new selections.

    ``scipy.stats``, which a server imports once, when its first statistic is computed, is
    imported before the clock starts: it is not part of any selection's time.
    """
    stats._scipy()
    selections = combinations(engine, n, seed)
    runs = []
    for page in site.chart_pages():
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


@dataclass(frozen=True)
class SuppressionRun:
    """One view's data as a restricted audience reads it, the whole pilot selected (seconds).

    ``first``: nothing worked out yet (after a restart or an import): the suppression
    patterns and their linear-programming audits run, once per pilot, audience and window,
    together with the view's metrics; ``again``: a new session of the same audience, the
    suppression remembered. The difference is what suppression costs the first visitor.
    """

    audience: str
    view: str
    first_s: float
    again_s: float


def bench_suppression(engine: Engine) -> list[SuppressionRun]:
    """Time every view for the public and for a municipality looking at the whole pilot."""
    from evaldash import privacy
    from evaldash.auth import Scope
    from evaldash.metrics import catalog

    stats._scipy()
    pilot = str(catalog.pilots(engine)["pilot_id"].iloc[0])
    own = str(catalog.filter_options(engine, pilot).municipalities["municipality_code"].iloc[0])
    audiences = [("public", Scope("public")), (f"municipality:{own}", Scope("municipality", own))]
    runs = []
    for audience, scope in audiences:
        for page in site.chart_pages():
            privacy.forget()
            times = [
                _data_seconds(views.View.direct(engine, Filters(pilot), "en", scope), page)
                for _ in range(2)
            ]
            runs.append(SuppressionRun(audience, page, round(times[0], 3), round(times[1], 3)))
    return runs


def _data_seconds(v: views.View, page: str) -> float:
    """Seconds ``page``'s panels spend getting their data through ``v.fetch``."""
    spent = [0.0]

    def timed(fn: Callable[..., pd.DataFrame], filters: Filters, *args: object) -> pd.DataFrame:
        started = time.perf_counter()
        table = v.fetch(fn, filters, *args)
        spent[0] += time.perf_counter() - started
        return table

    site.panels(page, dataclasses.replace(v, fetch=timed))
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
    data and build its charts (:func:`evaldash.site.panels`). Errors are collected, not
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
            for page in site.chart_pages():
                began = time.perf_counter()
                site.panels(page, v)
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


# --- the browser ------------------------------------------------------------------------------


# The page is done when Streamlit's script has stopped, no element is left over from the
# previous run or still waiting for its script (a skeleton), and every chart has drawn its
# SVG; then two frames for the paint.
_SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.dataset.testScriptState !== 'notRunning') return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  const charts = [...document.querySelectorAll('.js-plotly-plot')];
  return charts.length > 0 && charts.every(c => c.querySelector('.main-svg'));
}"""
_DRAWN = "() => !!document.querySelector('.js-plotly-plot .main-svg')"
# Set before a click: notes any change of Streamlit's script state away from notRunning, so a
# rerun is seen however short it is.
_WATCH = """() => {
  window.__evaldashRan = false;
  const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(() => {
    if (app.dataset.testScriptState !== 'notRunning') window.__evaldashRan = true;
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
_RERUN_SETTLED = f"() => window.__evaldashRan === true && ({_SETTLED})()"
_PAINTED = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


@dataclass(frozen=True)
class BrowserRun:
    """Chromium on the running app: start to first chart, and filter changes per page.

    ``server_s``: from starting ``streamlit run`` to its health check answering;
    ``first_chart_s``: from starting it to the first chart drawn in the browser;
    ``first_page_s``: to every chart of the first page drawn and the page settled.
    ``opens``: per page, seconds from opening its address (a new session of the running
    app) to its charts drawn. ``changes`` has one entry per page and filter change: page,
    change, seconds (from the click to every chart of the page redrawn) and charts (how
    many were drawn).
    """

    server_s: float
    first_chart_s: float
    first_page_s: float
    opens: dict[str, float]
    changes: list[dict]

    def summary(self) -> dict[str, float]:
        """Median and max seconds of the filter changes that asked the database (not cached)."""
        cold = [c["seconds"] for c in self.changes if c["change"] != "clear (cached)"]
        warm = [c["seconds"] for c in self.changes if c["change"] == "clear (cached)"]
        return {
            "change_median_s": round(float(np.median(cold)), 3) if cold else float("nan"),
            "change_max_s": round(max(cold), 3) if cold else float("nan"),
            "cached_median_s": round(float(np.median(warm)), 3) if warm else float("nan"),
        }


def bench_browser(db_url: str, browser: str | None = None, timeout_s: float = 120) -> BrowserRun:
    """Start the app on ``db_url``, open it in Chromium, change filters on every page.

    ``browser`` is the Chrome or Chromium Playwright drives (default: the one
    :func:`evaldash.browser.find` finds, as for chart images).

    On each page with charts (:func:`evaldash.site.chart_pages`; English, the newest pilot):
    choose a planning region, then also a sex (two selections not read before), then clear
    the filters (the whole pilot again, from the cache). Each change is timed from the click
    until the page has settled with its charts drawn.

    Raises:
        FileNotFoundError: without Chromium at ``browser``.
        EvaldashError: without a browser, or without the dashboard's files.
        RuntimeError: if the app does not start within ``timeout_s``.
        playwright.sync_api.TimeoutError: if a page does not settle within ``timeout_s``.
    """
    from playwright.sync_api import sync_playwright

    browser = browser or browsers.find()
    if not Path(browser).exists():
        raise FileNotFoundError(
            f"no Chromium at {browser}: apt-get install chromium, or pass --browser PATH"
        )
    root = resources.dashboard()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "EVALDASH_DB_URL": db_url, "EVALDASH_AUTO_DEMO": "false"}
    command = [sys.executable, "-m", "streamlit", "run", str(root / "app.py")]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    command += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    # The server writes to a file: a full pipe would stop it.
    with sync_playwright() as p, tempfile.TemporaryFile(mode="w+") as log:
        # The browser is open before the app starts, as a user's is.
        chromium = p.chromium.launch(executable_path=browser, args=_CHROMIUM_ARGS)
        tab = chromium.new_page(viewport={"width": 1440, "height": 1000})
        tab.set_default_timeout(timeout_s * 1000)
        started = time.perf_counter()
        server = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=log, text=True)
        try:
            server_s = _wait_healthy(url, server, started, timeout_s, log)
            tab.goto(url + "?lang=en")
            tab.wait_for_function(_DRAWN, polling=20)
            first_chart_s = time.perf_counter() - started
            tab.wait_for_function(_SETTLED, polling=20)
            tab.evaluate(_PAINTED)
            first_page_s = time.perf_counter() - started
            changes, opens = [], {}
            for page in site.chart_pages():
                path = "" if page == "overview" else page  # the first page is at /
                began = time.perf_counter()
                tab.goto(f"{url}{path}?lang=en")
                tab.wait_for_function(_SETTLED, polling=20)
                tab.evaluate(_PAINTED)
                opens[page] = round(time.perf_counter() - began, 3)
                changes += _filter_changes(tab, page)
        finally:
            chromium.close()
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    return BrowserRun(
        round(server_s, 2), round(first_chart_s, 2), round(first_page_s, 2), opens, changes
    )


_CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]


def _wait_healthy(
    url: str, server: subprocess.Popen, started: float, timeout_s: float, log: IO[str]
) -> float:
    """Seconds from ``started`` until the server's health check answers."""
    import urllib.request

    while time.perf_counter() - started < timeout_s:
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"streamlit exited: {log.read()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"streamlit did not answer at {url} within {timeout_s} s")


def _filter_changes(tab: object, page: str) -> list[dict]:
    """Choose a region, then a sex, then clear the filters on ``page``; time each."""
    sidebar = tab.locator('[data-testid="stSidebar"]')

    def open_list(label: str, option: str) -> object:
        box = sidebar.get_by_role("combobox", name=label)
        box.click()
        box.fill(option)
        return tab.get_by_role("option", name=option, exact=True)

    # (change, prepare: returns what to click, the click starting the clock)
    steps = [
        ("region", lambda: open_list("Planning region", "Kurzeme")),
        ("region and sex", lambda: open_list("Sex", "female")),
        ("clear (cached)", lambda: sidebar.get_by_role("button", name="Clear filters")),
    ]
    found = []
    for change, prepare in steps:
        target = prepare()
        target.wait_for()
        tab.evaluate(_WATCH)
        began = time.perf_counter()
        target.click()
        tab.wait_for_function(_RERUN_SETTLED, polling=20)
        tab.evaluate(_PAINTED)
        seconds = time.perf_counter() - began
        tab.keyboard.press("Escape")  # closes a list left open
        charts = tab.locator(".js-plotly-plot").count()
        found.append(
            {"page": page, "change": change, "seconds": round(seconds, 3), "charts": charts}
        )
    return found
